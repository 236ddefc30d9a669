/*
 * mvgpu core: a host i915 address space that mirrors one guest PPGTT
 * (backend drm).
 *
 * One host VM (DRM_IOCTL_I915_GEM_VM_CREATE) and one host context using
 * it per guest PPGTT root, so a guest GPU address means the same on the
 * host GPU. The guest's mappings (ppgtt-runs.h) become userptr objects
 * over the guest RAM behind them, softpinned at the guest's addresses;
 * each execbuffer lists them all, the batch last, and asks for an
 * out-fence (a sync_file).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef MVGPU_CORE_DRM_VM_H
#define MVGPU_CORE_DRM_VM_H

#include "drm-probe.h"
#include "ppgtt-runs.h"

typedef struct MvgpuDrmVm MvgpuDrmVm;

/* Host memory behind guest-physical @gpa: NULL if not RAM, else a pointer
 * and in *len how many bytes from there are contiguous (MvgpuHost.ram_ptr). */
typedef void *(*MvgpuRamPtrFn)(void *opaque, uint64_t gpa, uint64_t *len);

typedef struct MvgpuDrmVmStats {
    uint32_t objects;           /* userptr objects in the mirror now */
    uint64_t bytes;             /* guest memory they cover */
    uint64_t made;              /* userptr objects made, ever */
    uint64_t closed;            /* ... and closed */
    uint64_t kept;              /* found unchanged by a mirror update */
    uint64_t not_ram;           /* bytes of runs that were not RAM */
    uint64_t execbufs;
} MvgpuDrmVmStats;

/* A VM and its context on @node; NULL and *why (g_free) on failure. */
MvgpuDrmVm *mvgpu_drm_vm_new(const MvgpuDrmNode *node, char **why);
void mvgpu_drm_vm_free(MvgpuDrmVm *vm);

/*
 * Makes the mirror map exactly @runs (ascending va): objects whose run is
 * unchanged stay, the others are closed, new runs get objects. Runs, or
 * parts of them, that are not RAM are left unmapped (counted). False and
 * *why (g_free) when i915 refuses an object or @max_objects is reached.
 */
bool mvgpu_drm_vm_mirror(MvgpuDrmVm *vm, const GArray *runs,
                         uint32_t max_objects, MvgpuRamPtrFn ram_ptr,
                         void *opaque, char **why);

/*
 * Submits the batch at graphics address @va (8-byte aligned, inside the
 * mirror) on host engine @ring (I915_EXEC_RENDER, _BSD, _BLT, _VEBOX)
 * with every object of the mirror. Returns its out-fence, a sync_file
 * descriptor, or -errno with *why (g_free): -EIO when i915 banned the
 * context (it is made anew for the next submission).
 */
int mvgpu_drm_vm_execbuf(MvgpuDrmVm *vm, unsigned ring, uint64_t va,
                         char **why);

/* A fence from mvgpu_drm_vm_execbuf(): 1 signalled, 0 not yet, -errno
 * the host's error for the batch (a hang: -EIO). */
int mvgpu_drm_fence_status(const MvgpuDrmNode *node, int fence);

const MvgpuDrmVmStats *mvgpu_drm_vm_stats(const MvgpuDrmVm *vm);

#endif
