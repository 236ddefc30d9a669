/*
 * mvgpu core: backend drm — the guest's user batches on the host's i915
 * through its stock uAPI (docs/drm-backend.md).
 *
 * At device creation the backend finds and checks the host's render node
 * (drm-probe.c). Contexts run on soft.c's interpreter: the ring and the
 * guest kernel's GGTT batches (status-page and timeline stores, flushes
 * with post-syncs, user interrupts, register loads) are executed by it,
 * in order; a user (PPGTT) batch is the host GPU's: mvgpu_drm_user_batch()
 * mirrors the context's PPGTT into the host VM kept for that PPGTT root
 * (drm-vm.c), submits the batch with an out-fence and tells the engine
 * when the fence signals (the host's fd_watch, or a poll in virtual
 * time). The interpreter does not hand user batches over yet (the hook it
 * needs is described in docs/drm-backend.md), so today every batch still
 * runs in soft.c and this file's execution path is exercised by the unit
 * tests and the guest harness directly.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <errno.h>
#include <poll.h>
#include <time.h>

#include <libdrm/i915_drm.h>

#include "internal.h"
#include "drm.h"
#include "drm-vm.h"
#include "ppgtt-runs.h"

typedef struct DrmSlot {
    uint64_t pml4;
    MvgpuDrmVm *vm;             /* NULL: a free slot */
    uint64_t used;              /* LRU clock at its last use */
} DrmSlot;

typedef struct MvgpuDrm MvgpuDrm;

/* What an engine has on the host: at most one user batch at a time. */
typedef struct DrmEngine {
    MvgpuDrm *d;
    MvgpuEngineId id;
    int fence;                  /* the batch in flight's, or -1 */
    int slot;                   /* ... and its VM's slot */
    bool watched;               /* the host watches the fence */
    char *error;                /* the last FAULT's reason, kept for *why */
} DrmEngine;

struct MvgpuDrm {
    MvgpuCore *c;
    MvgpuDrmNode node;
    DrmSlot slots[MVGPU_DRM_MAX_VMS];
    uint64_t clock;
    DrmEngine eng[MVGPU_NENGINES];
    MvgpuPpgttWalk walk;
    MvgpuDrmStats stats;
    bool told_soft;             /* logged once that batches stay in soft */
    unsigned drain_ms;          /* how long a save waits for a batch */
};

/* The execbuffer2 ring of each engine (Linux include/uapi/drm/i915_drm.h). */
static const unsigned host_ring[MVGPU_NENGINES] = {
    [MVGPU_RCS] = I915_EXEC_RENDER,
    [MVGPU_VCS0] = I915_EXEC_BSD,
    [MVGPU_VECS] = I915_EXEC_VEBOX,
    [MVGPU_BCS] = I915_EXEC_BLT,
};

static MvgpuDrm *drm_of(MvgpuCore *c)
{
    return c->backend_data;
}

static uint64_t now_ns(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1000000000ull + ts.tv_nsec;
}

/* ---- host VMs, one per guest PPGTT root, least recently used evicted */

static bool slot_busy(MvgpuDrm *d, int s)
{
    for (int i = 0; i < MVGPU_NENGINES; i++) {
        if (d->eng[i].fence >= 0 && d->eng[i].slot == s) {
            return true;
        }
    }
    return false;
}

/* The slot of @pml4's VM, made if needed; -1 and *why (g_free) if not. */
static int vm_slot(MvgpuDrm *d, uint64_t pml4, char **why)
{
    int victim = -1;

    for (int s = 0; s < MVGPU_DRM_MAX_VMS; s++) {
        DrmSlot *sl = &d->slots[s];

        if (sl->vm && sl->pml4 == pml4) {
            sl->used = ++d->clock;
            return s;
        }
        if (!sl->vm) {
            if (victim < 0 || d->slots[victim].vm) {
                victim = s;
            }
        } else if (!slot_busy(d, s) &&
                   (victim < 0 ||
                    (d->slots[victim].vm &&
                     sl->used < d->slots[victim].used))) {
            victim = s;
        }
    }
    if (victim < 0) {
        *why = g_strdup("every host address space has work in flight");
        return -1;
    }
    if (d->slots[victim].vm) {
        mvgpu_drm_vm_free(d->slots[victim].vm);
        d->slots[victim].vm = NULL;
        d->stats.vms_evicted++;
    }
    d->slots[victim].vm = mvgpu_drm_vm_new(&d->node, why);
    if (!d->slots[victim].vm) {
        return -1;
    }
    d->slots[victim].pml4 = pml4;
    d->slots[victim].used = ++d->clock;
    d->stats.vms_made++;
    return victim;
}

/* ---- fences */

static void drop_fence(DrmEngine *e)
{
    MvgpuCore *c = e->d->c;

    if (e->fence < 0) {
        return;
    }
    if (e->watched) {
        c->host.fd_unwatch(c->host.opaque, e->fence);
        e->watched = false;
    }
    e->d->node.ops->close(e->d->node.ops->opaque, e->fence);
    e->fence = -1;
}

/*
 * The host's main loop: the fence became readable, it has signalled. An
 * entry point like the others of core.h: it takes the core lock.
 */
static void fence_ready(void *data)
{
    DrmEngine *e = data;
    MvgpuCore *c = e->d->c;
    MVGPU_LOCKED(c);

    if (e->watched) {
        c->host.fd_unwatch(c->host.opaque, e->fence);
        e->watched = false;
    }
    mvgpu_engine_kick(c, e->id);
}

/*
 * A save (migration) waits for the batch in flight: the host GPU's state
 * cannot be parked, and the guest is stopped already, so this bounds the
 * downtime it adds (docs/drm-backend.md, "Migration").
 */
static void wait_fence(MvgpuDrm *d, DrmEngine *e)
{
    struct pollfd p = { .fd = e->fence, .events = POLLIN };
    uint64_t end = now_ns() + d->drain_ms * 1000000ull;

    for (;;) {
        uint64_t now = now_ns();
        int ret;

        if (now >= end) {
            return;
        }
        ret = poll(&p, 1, (int)((end - now + 999999) / 1000000));
        if (ret != 0 && !(ret < 0 && errno == EINTR)) {
            return;
        }
    }
}

static MvgpuBatchStatus fault(DrmEngine *e, char *msg, const char **why)
{
    g_free(e->error);
    e->error = msg;
    *why = msg;
    e->d->stats.batches_failed++;
    return MVGPU_BATCH_FAULT;
}

/* ---- user batches */

static MvgpuBatchStatus submit(MvgpuDrm *d, DrmEngine *e,
                               const MvgpuUserBatch *b, const char **why)
{
    MvgpuCore *c = d->c;
    const char *walk_why;
    char *msg = NULL;
    uint64_t t0, t1;
    int s, fence;

    s = vm_slot(d, b->pml4, &msg);
    if (s < 0) {
        return fault(e, msg, why);
    }
    d->walk.max_tables = MVGPU_DRM_MAX_TABLES;
    d->walk.max_runs = MVGPU_DRM_MAX_OBJECTS;
    t0 = now_ns();
    if (!mvgpu_ppgtt_runs(c, b->pml4, &d->walk, &walk_why)) {
        return fault(e, g_strdup(walk_why), why);
    }
    t1 = now_ns();
    if (!mvgpu_drm_vm_mirror(d->slots[s].vm, d->walk.runs,
                             MVGPU_DRM_MAX_OBJECTS, c->host.ram_ptr,
                             c->host.opaque, &msg)) {
        return fault(e, msg, why);
    }
    d->stats.walk_tables = d->walk.tables;
    d->stats.walk_runs = d->walk.runs->len;
    d->stats.walk_ns = t1 - t0;
    d->stats.mirror_ns = now_ns() - t1;
    d->stats.objects = mvgpu_drm_vm_stats(d->slots[s].vm)->objects;
    d->stats.objects_made = mvgpu_drm_vm_stats(d->slots[s].vm)->made;

    fence = mvgpu_drm_vm_execbuf(d->slots[s].vm, host_ring[b->engine],
                                 b->addr, &msg);
    if (fence < 0) {
        return fault(e, msg, why);
    }
    d->stats.batches++;
    e->fence = fence;
    e->slot = s;
    if (c->host.fd_watch) {
        e->watched = true;
        c->host.fd_watch(c->host.opaque, fence, fence_ready, e);
        return MVGPU_BATCH_PENDING;
    }
    return MVGPU_BATCH_WAIT;
}

MvgpuBatchStatus mvgpu_drm_user_batch(MvgpuCore *c, const MvgpuUserBatch *b,
                                      const char **why)
{
    MvgpuDrm *d = drm_of(c);
    DrmEngine *e = &d->eng[b->engine];
    int st;

    if (!b->again) {
        if (!c->host.ram_ptr) {
            if (!d->told_soft) {
                d->told_soft = true;
                mvgpu_log(c, MVGPU_LOG_UNIMP, "backend drm: the host gives "
                          "no pointers to guest RAM; user batches run in "
                          "software");
            }
            d->stats.soft_batches++;
            return MVGPU_BATCH_HERE;
        }
        drop_fence(e);
        return submit(d, e, b, why);
    }
    if (e->fence < 0) {
        return fault(e, g_strdup("backend drm has no user batch in flight "
                                 "on this engine"), why);
    }
    if (b->drain) {
        wait_fence(d, e);
    }
    st = mvgpu_drm_fence_status(&d->node, e->fence);
    if (st == 0) {
        return e->watched ? MVGPU_BATCH_PENDING : MVGPU_BATCH_WAIT;
    }
    drop_fence(e);
    if (st < 0) {
        return fault(e, g_strdup_printf("the host GPU failed the user batch "
                                        "at 0x%" G_GINT64_MODIFIER "x "
                                        "(fence status: %s)", b->addr,
                                        g_strerror(-st)), why);
    }
    d->stats.batches_done++;
    return MVGPU_BATCH_DONE;
}

/* ---- the backend */

/* The first memory backend the host GPU could not write through userptr. */
static void find_read_only(void *data, const char *name, bool writable)
{
    char **found = data;

    if (!writable && !*found) {
        *found = g_strdup(name);
    }
}

/*
 * userptr pins guest pages for the GPU to write: a read-only mapping fails
 * at the first execbuffer (EFAULT, docs/drm-backend.md "Guest memory"), so
 * refuse it before the guest runs.
 */
static bool guest_ram_usable(MvgpuCore *c, char **msg)
{
    g_autofree char *ro = NULL;

    if (!c->host.ram_backends) {
        return true;
    }
    c->host.ram_backends(c->host.opaque, find_read_only, &ro);
    if (ro) {
        *msg = g_strdup_printf("backend drm: guest memory '%s' is mapped "
                               "read-only, so the host GPU cannot write it "
                               "(i915 userptr); give guest RAM from "
                               "memory-backend-ram or memory-backend-memfd "
                               "(or memory-backend-file without readonly/rom)",
                               ro);
        return false;
    }
    return true;
}

static bool drm_open(MvgpuCore *c, char **msg)
{
    const MvgpuDrmOps *ops = c->host.drm_ops ? c->host.drm_ops
                                             : &mvgpu_drm_sys_ops;
    MvgpuDrm *d;

    if (!guest_ram_usable(c, msg)) {
        return false;
    }
    d = g_new0(MvgpuDrm, 1);
    if (!mvgpu_drm_open(ops, c->cfg.render_node, &d->node, msg)) {
        g_free(d);
        return false;
    }
    d->c = c;
    d->drain_ms = MVGPU_DRM_DRAIN_MS;
    for (int i = 0; i < MVGPU_NENGINES; i++) {
        d->eng[i] = (DrmEngine) { .d = d, .id = i, .fence = -1, .slot = -1 };
    }
    c->backend_data = d;
    return true;
}

/*
 * The guest destroyed a PPGTT: its host VM and context go now rather than
 * at eviction. One with a batch in flight stays until LRU eviction (the
 * guest's i915 destroys a PPGTT only once its requests are retired).
 */
static void drm_ppgtt_destroyed(MvgpuCore *c, uint64_t pml4)
{
    MvgpuDrm *d = drm_of(c);

    for (int s = 0; s < MVGPU_DRM_MAX_VMS; s++) {
        if (d->slots[s].vm && d->slots[s].pml4 == pml4 && !slot_busy(d, s)) {
            mvgpu_drm_vm_free(d->slots[s].vm);
            d->slots[s].vm = NULL;
            d->stats.vms_destroyed++;
        }
    }
}

static void drm_close(MvgpuCore *c)
{
    MvgpuDrm *d = drm_of(c);

    for (int i = 0; i < MVGPU_NENGINES; i++) {
        drop_fence(&d->eng[i]);
        g_free(d->eng[i].error);
    }
    for (int s = 0; s < MVGPU_DRM_MAX_VMS; s++) {
        mvgpu_drm_vm_free(d->slots[s].vm);
    }
    mvgpu_ppgtt_walk_free(&d->walk);
    mvgpu_drm_node_close(&d->node);
    g_free(d);
    c->backend_data = NULL;
}

/*
 * A context starts: its PPGTT gets its host VM now, so that a host that
 * cannot make one stops the context at once. The interpreter runs it.
 */
static MvgpuCtxRun *drm_ctx_start(MvgpuCore *c, const MvgpuCtxInfo *ci,
                                  const char **why)
{
    MvgpuDrm *d = drm_of(c);
    DrmEngine *e = &d->eng[ci->engine];

    drop_fence(e);
    if (ci->pml4) {
        char *msg = NULL;

        if (vm_slot(d, ci->pml4, &msg) < 0) {
            fault(e, msg, why);
            return NULL;
        }
    }
    return mvgpu_soft_ctx_start_with(c, ci, mvgpu_drm_user_batch, why);
}

static void drm_ctx_set_tail(MvgpuCtxRun *r, uint32_t tail)
{
    mvgpu_backend_soft.ctx_set_tail(r, tail);
}

static MvgpuRunStatus drm_ctx_run(MvgpuCtxRun *r, MvgpuSlice *slice)
{
    return mvgpu_backend_soft.ctx_run(r, slice);
}

/*
 * Completed, or the engine reset. A batch still on the host runs on there
 * (the host cannot take it back); its fence is let go when the next
 * context starts on the engine, or the device goes (the run does not say
 * which engine it was on).
 */
static void drm_ctx_free(MvgpuCtxRun *r)
{
    mvgpu_backend_soft.ctx_free(r);
}

/* Migration: soft.c parks the context; a batch on the host ends first. */
static bool drm_ctx_save(MvgpuCtxRun *r, MvgpuSavedRun *out, const char **why)
{
    return mvgpu_backend_soft.ctx_save(r, out, why);
}

/*
 * Host VMs and objects are not in the stream: the context's PPGTT gets
 * its VM again here, and the walk at its next user batch mirrors what the
 * guest's tables hold then, as after an eviction.
 */
static MvgpuCtxRun *drm_ctx_resume(MvgpuCore *c, const MvgpuCtxInfo *ci,
                                   const MvgpuSavedRun *in, const char **why)
{
    MvgpuDrm *d = drm_of(c);

    if (ci->pml4) {
        char *msg = NULL;

        if (vm_slot(d, ci->pml4, &msg) < 0) {
            fault(&d->eng[ci->engine], msg, why);
            return NULL;
        }
    }
    return mvgpu_soft_ctx_resume_with(c, ci, in, mvgpu_drm_user_batch, why);
}

const MvgpuBackend mvgpu_backend_drm = {
    .name = "drm",
    .open = drm_open,
    .close = drm_close,
    .ctx_start = drm_ctx_start,
    .ctx_set_tail = drm_ctx_set_tail,
    .ctx_run = drm_ctx_run,
    .ctx_free = drm_ctx_free,
    .ppgtt_destroyed = drm_ppgtt_destroyed,
    .ctx_save = drm_ctx_save,
    .ctx_resume = drm_ctx_resume,
};

void mvgpu_drm_set_drain_ms(MvgpuCore *c, unsigned ms)
{
    MVGPU_LOCKED(c);

    if (c->backend == &mvgpu_backend_drm) {
        drm_of(c)->drain_ms = ms;
    }
}

const MvgpuDrmNode *mvgpu_drm_node(MvgpuCore *c)
{
    return c->backend == &mvgpu_backend_drm ? &drm_of(c)->node : NULL;
}

const MvgpuDrmStats *mvgpu_drm_stats(MvgpuCore *c)
{
    return c->backend == &mvgpu_backend_drm ? &drm_of(c)->stats : NULL;
}

bool mvgpu_drm_stats_copy(MvgpuCore *c, MvgpuDrmStats *out)
{
    MVGPU_LOCKED(c);

    if (c->backend != &mvgpu_backend_drm) {
        *out = (MvgpuDrmStats) { 0 };
        return false;
    }
    *out = drm_of(c)->stats;
    return true;
}
