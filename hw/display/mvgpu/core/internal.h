/*
 * mvgpu core: state shared by the core's files. Not for the glue.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef MVGPU_CORE_INTERNAL_H
#define MVGPU_CORE_INTERNAL_H

#include <glib.h>

#include "core.h"
#include "display.h"
#include "engine.h"
#include "platform.h"
#include "regs.h"
#include "tiling.h"

/* Token bucket that keeps a hostile guest from flooding the host's log. */
typedef struct MvgpuLogLimiter {
    uint64_t last_ns;
    uint32_t tokens;
    uint32_t suppressed;
} MvgpuLogLimiter;

#define MVGPU_LOG_BURST        32u            /* messages let through at once */
#define MVGPU_LOG_REFILL_NS    100000000ull   /* then one per 100 ms */

/* Bound on the PPGTT roots the guest may announce through PVINFO g2v. */
#define MVGPU_MAX_PPGTT_ROOTS  4096u

typedef struct MvgpuWorker MvgpuWorker;

/* A valid fence, decoded (fence.c): aperture bytes [start, end). */
typedef struct MvgpuFence {
    uint64_t start, end;
    uint32_t pitch;                 /* bytes */
    MvgpuTiling tiling;             /* X or Y */
} MvgpuFence;

#define MVGPU_MAX_FENCES       32u

/* The display's kept pixel buffers (MvgpuCore.pixels). */
typedef enum MvgpuPixels {
    MVGPU_PIXELS_CRC,               /* the frame a vblank's CRC covers */
    MVGPU_PIXELS_PLANE,             /* one plane, read before blending */
    MVGPU_PIXELS_CURSOR,            /* the cursor plane's image */
    MVGPU_PIXELS_COUNT,
} MvgpuPixels;

struct MvgpuCore {
    /*
     * Taken by every entry point of core.h and scanout.h and by the worker
     * around each slice (recursive: an entry point may use another).
     */
    GRecMutex lock;
    MvgpuWorker *worker;            /* MVGPU_ENGINES_WORKER*, else NULL */

    MvgpuHost host;
    MvgpuConfig cfg;
    const MvgpuPlatform *platform;
    const MvgpuDeviceInfo *device;

    MvgpuRegFile rf;

    uint64_t *ggtt;                 /* the guest's PTEs, as written */
    uint64_t ggtt_generation;       /* bumped by every PTE change */
    uint32_t ggtt_entries;

    MvgpuFence fences[MVGPU_MAX_FENCES];    /* fence.c */
    uint32_t fences_valid;          /* bit i: fences[i] detiles */

    /* PVINFO state (pvinfo.c) */
    bool pv_notified;               /* the guest has read PVINFO */
    GHashTable *ppgtt_roots;        /* PML4 address -> itself */
    uint32_t g2v_notifications;

    MvgpuDisplay display;
    /*
     * Pixel buffers the display composes into (compose.c), kept between
     * frames: with pipe CRC on, every vblank composes the pipe, and a fresh
     * frame-sized allocation each time costs more in page faults than
     * the composition itself (bench-scanout, core-pipe-crc).
     */
    uint32_t *pixels[MVGPU_PIXELS_COUNT];
    size_t pixels_len[MVGPU_PIXELS_COUNT];
    MvgpuEngine engines[MVGPU_NENGINES];
    const MvgpuBackend *backend;    /* what runs the engines' contexts */
    void *backend_data;             /* the backend's, from its open */

    /*
     * Timers armed through the host and their deadlines, for a saved
     * state when the host cannot say (MvgpuHost.timer_pending): not
     * cleared at expiry, which runs without the core lock.
     */
    uint32_t timers_armed;          /* bit i: MvgpuTimerId i */
    uint64_t timer_deadline[MVGPU_TIMER_COUNT];

    uint32_t gdrst_count;           /* GT resets the guest requested */
    uint64_t msi_count;             /* MSIs sent */

    MvgpuLogLimiter log_limiter;
};

/* compose.c: @n pixels of the kept buffer @which (MvgpuPixels). */
uint32_t *mvgpu_pixels(MvgpuCore *c, MvgpuPixels which, size_t n);

/* worker.c: the thread that runs slices (core.h, MvgpuEngineThread) */
void mvgpu_worker_start(MvgpuCore *c);
void mvgpu_worker_stop(MvgpuCore *c);
/* Engine @id wants a slice; with @wait, returns once it has run. */
void mvgpu_worker_post(MvgpuCore *c, MvgpuEngineId id, bool wait);
void mvgpu_worker_drain(MvgpuCore *c);

/* Holds the core lock for the rest of the scope. */
#define MVGPU_LOCKED(c) \
    g_autoptr(GRecMutexLocker) mvgpu_locker_ G_GNUC_UNUSED = \
        g_rec_mutex_locker_new(&(c)->lock)

/* An event for the host's trace (host.h MvgpuTraceKind), if it traces. */
static inline void mvgpu_trace(MvgpuCore *c, MvgpuTraceKind kind,
                               unsigned unit, uint64_t a, uint64_t b)
{
    if (c->host.trace) {
        c->host.trace(c->host.opaque, kind, unit, a, b);
    }
}

void mvgpu_log(MvgpuCore *c, MvgpuLogKind kind, const char *fmt, ...)
    G_GNUC_PRINTF(3, 4);

#define mvgpu_guest_error(c, ...) mvgpu_log((c), MVGPU_LOG_GUEST_ERROR, __VA_ARGS__)

/* Register tables of the files that handle them. */
extern const MvgpuRegTable mvgpu_irq_regs;
extern const MvgpuRegTable mvgpu_display_regs;
extern const MvgpuRegTable mvgpu_dp_aux_regs;
extern const MvgpuRegTable mvgpu_gmbus_regs;
extern const MvgpuRegTable mvgpu_pcode_regs;
extern const MvgpuRegTable mvgpu_execlist_regs;

/* pvinfo.c */
void mvgpu_pvinfo_reset(MvgpuCore *c);
extern const MvgpuRegTable mvgpu_pvinfo_regs;

/* fence.c: the CPU's view of the aperture through the fence registers */
extern const MvgpuRegTable mvgpu_fence_regs;
void mvgpu_fence_reset(MvgpuCore *c);
/* Where the CPU's access at aperture @offset lands: detiled if fenced. */
uint64_t mvgpu_fence_detile(MvgpuCore *c, uint64_t offset);
/* How much of [@offset, @offset + @len) no fence covers from @offset on. */
uint64_t mvgpu_fence_untiled_len(MvgpuCore *c, uint64_t offset, uint64_t len);

/* ggtt.c */
uint64_t mvgpu_ggtt_read(MvgpuCore *c, uint32_t offset, unsigned size);
void mvgpu_ggtt_write(MvgpuCore *c, uint32_t offset, uint64_t value, unsigned size);
bool mvgpu_ggtt_translate(MvgpuCore *c, uint64_t gma, uint64_t *gpa);

/* core.c: the register file seen through its descriptors */
uint32_t mvgpu_reg_read(MvgpuCore *c, uint32_t offset);
void mvgpu_reg_write(MvgpuCore *c, uint32_t offset, uint32_t value);

/*
 * core.c: a timer through the host, remembered so that a saved state
 * carries its deadline (savestate.c).
 */
void mvgpu_timer_arm(MvgpuCore *c, MvgpuTimerId id, uint64_t expire_ns);
void mvgpu_timer_cancel(MvgpuCore *c, MvgpuTimerId id);

/* fence.c: every fence decoded again from its registers (a loaded state). */
void mvgpu_fence_reload(MvgpuCore *c);

/* The host's virtual clock in ns (0 for a host without one). */
static inline uint64_t mvgpu_now_ns(MvgpuCore *c)
{
    return c->host.now_ns ? c->host.now_ns(c->host.opaque) : 0;
}

/* gen9.c: the command streamers' 64-bit timestamp, now. */
uint64_t mvgpu_cs_timestamp(MvgpuCore *c);

static inline uint32_t mvgpu_reg_get(MvgpuCore *c, uint32_t offset)
{
    return *mvgpu_reg_ptr(&c->rf, offset);
}

static inline void mvgpu_reg_set(MvgpuCore *c, uint32_t offset, uint32_t v)
{
    *mvgpu_reg_ptr(&c->rf, offset) = v;
}

#endif
