/*
 * mvgpu core: backend drm, the guest's user batches on the host's i915
 * (drm.c; docs/drm-backend.md).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef MVGPU_CORE_DRM_H
#define MVGPU_CORE_DRM_H

#include "backend.h"
#include "drm-probe.h"

/* Bounds per vGPU; what happens at each is in docs/drm-backend.md. */
#define MVGPU_DRM_MAX_VMS       64          /* host VMs: the LRU one goes */
#define MVGPU_DRM_MAX_OBJECTS   16384       /* userptr objects per VM */
#define MVGPU_DRM_MAX_TABLES    65536       /* PPGTT table pages per walk */
/* How long a save waits for a user batch still on the host GPU. */
#define MVGPU_DRM_DRAIN_MS      2000

typedef struct MvgpuDrmStats {
    uint64_t vms_made;
    uint64_t vms_evicted;
    uint64_t vms_destroyed;     /* dropped when the guest destroyed the PPGTT */
    uint64_t batches;           /* user batches submitted to the host */
    uint64_t batches_done;      /* ... whose fence signalled without error */
    uint64_t batches_failed;    /* refused by the host, or its fence failed */
    uint64_t soft_batches;      /* left to the interpreter (no ram_ptr) */
    /* the last submission's mirror update */
    uint32_t walk_tables;       /* PPGTT table pages read */
    uint32_t walk_runs;         /* contiguous runs found */
    uint32_t objects;           /* userptr objects of its VM */
    uint64_t objects_made;      /* ... made by the update */
    uint64_t walk_ns;           /* wall-clock time of the walk */
    uint64_t mirror_ns;         /* ... and of the object update */
} MvgpuDrmStats;

/*
 * The host side of one user batch (MvgpuUserBatch, backend.h): the first
 * call mirrors the context's PPGTT into its host VM and submits the batch
 * with an out-fence (PENDING when the host watches fds, else WAIT); a call
 * again reports DONE once the fence signalled, FAULT if it failed.
 */
MvgpuBatchStatus mvgpu_drm_user_batch(MvgpuCore *c, const MvgpuUserBatch *b,
                                      const char **why);

/* The open node and the backend's figures (tests, the guest harness). */
const MvgpuDrmNode *mvgpu_drm_node(MvgpuCore *c);
const MvgpuDrmStats *mvgpu_drm_stats(MvgpuCore *c);
/* A copy taken under the core lock (any thread); false and zeros: not drm. */
bool mvgpu_drm_stats_copy(MvgpuCore *c, MvgpuDrmStats *out);
/* A save's wait for a batch in flight (MVGPU_DRM_DRAIN_MS), for tests. */
void mvgpu_drm_set_drain_ms(MvgpuCore *c, unsigned ms);

#endif
