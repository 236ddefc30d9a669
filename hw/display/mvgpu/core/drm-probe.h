/*
 * mvgpu core: finding and checking the host's i915 render node (backend
 * drm).
 *
 * Every system call the drm backend makes goes through MvgpuDrmOps, so a
 * unit test gives the answers of a Gen8 host, a vgem node or a kernel
 * without softpin (tests/unit/mvgpu/test-drm-probe.c); the real calls are
 * mvgpu_drm_sys_ops. A node is used only if all of these hold, in this
 * order; the first that does not is the reason it is refused:
 *  - it opens read-write (QEMU's user may use it: docs/drm-backend.md);
 *  - its driver is i915 (DRM_IOCTL_VERSION);
 *  - its GPU is a Gen9 GT2 or larger (I915_PARAM_CHIPSET_ID, host-gpus.h);
 *  - i915 gives each context its own full PPGTT
 *    (I915_PARAM_HAS_ALIASING_PPGTT = I915_GEM_PPGTT_FULL), with softpin
 *    (I915_PARAM_HAS_EXEC_SOFTPIN) and execbuffer out-fences
 *    (I915_PARAM_HAS_EXEC_FENCE);
 *  - userptr objects can be made (DRM_IOCTL_I915_GEM_USERPTR of one page);
 *  - address spaces can be made (DRM_IOCTL_I915_GEM_VM_CREATE / DESTROY);
 *  - they span 48 bits (I915_CONTEXT_PARAM_GTT_SIZE).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef MVGPU_CORE_DRM_PROBE_H
#define MVGPU_CORE_DRM_PROBE_H

#include <stdbool.h>
#include <stdint.h>

#include "host-gpus.h"

typedef struct MvgpuDrmOps {
    void *opaque;
    /* open(2) read-write, close-on-exec: a file descriptor, or -errno. */
    int (*open)(void *opaque, const char *path);
    /* ioctl(2), restarted on EINTR and EAGAIN: 0, or -errno. */
    int (*ioctl)(void *opaque, int fd, unsigned long request, void *arg);
    void (*close)(void *opaque, int fd);
} MvgpuDrmOps;

/* The system's open, ioctl and close. */
extern const MvgpuDrmOps mvgpu_drm_sys_ops;

/* A render node that passed every check, open. */
typedef struct MvgpuDrmNode {
    const MvgpuDrmOps *ops;
    int fd;
    char *path;
    const MvgpuHostGpu *gpu;
    uint64_t gtt_size;          /* bytes of each host address space */
    bool userptr_probe;         /* i915 knows I915_USERPTR_PROBE */
} MvgpuDrmNode;

/* The nodes tried without render-node: /dev/dri/renderD128 ... 191. */
#define MVGPU_DRM_RENDER_MINOR_FIRST    128
#define MVGPU_DRM_RENDER_MINOR_COUNT    64

/* The host address spaces the guest's 48-bit PPGTTs need. */
#define MVGPU_DRM_GTT_SIZE_MIN          (1ull << 48)

/*
 * Opens @path and checks it. On failure returns false, leaves nothing
 * open and sets *why to a newly allocated sentence that names the node,
 * what is wrong with it and what to do.
 */
bool mvgpu_drm_probe(const MvgpuDrmOps *ops, const char *path,
                     MvgpuDrmNode *node, char **why);

/*
 * The node for backend drm: @path, or when it is NULL the first of
 * /dev/dri/renderD128 ... 191 that passes. On failure *msg (newly
 * allocated) gives the reason, or, after a scan, each node's.
 */
bool mvgpu_drm_open(const MvgpuDrmOps *ops, const char *path,
                    MvgpuDrmNode *node, char **msg);

void mvgpu_drm_node_close(MvgpuDrmNode *node);

/* ioctl through the node's ops: 0 or -errno. */
int mvgpu_drm_ioctl(const MvgpuDrmNode *node, unsigned long request,
                    void *arg);

#endif
