/*
 * mvgpu core: the interface to whoever hosts the device model.
 *
 * The core never includes a QEMU header. Everything it needs from the outside
 * world (guest memory, the interrupt line, time, logging) comes through this
 * one table of callbacks, filled in by the QEMU glue (mvgpu.c) or by a test.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef MVGPU_CORE_HOST_H
#define MVGPU_CORE_HOST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef enum MvgpuLogKind {
    MVGPU_LOG_GUEST_ERROR,   /* the guest did something wrong */
    MVGPU_LOG_UNIMP,         /* the guest used something we do not model */
} MvgpuLogKind;

/*
 * What the device did, for the host's tracing (QEMU trace events): the
 * unit (an MvgpuEngineId, or a pipe for the display's kinds) and two
 * values per kind.
 */
typedef enum MvgpuTraceKind {
    MVGPU_TRACE_ELSP,           /* a submission: element 0, element 1 */
    MVGPU_TRACE_START,          /* a context starts: LRCA, HEAD << 32 | TAIL */
    MVGPU_TRACE_SCAN,           /* the audit's verdict: 1 ok / 0, address */
    MVGPU_TRACE_SLICE,          /* a slice ended: MvgpuRunStatus, HEAD */
    MVGPU_TRACE_DONE,           /* a context completed: LRCA, HEAD */
    MVGPU_TRACE_CSB,            /* a CSB entry: slot, status | ctx id << 32 */
    MVGPU_TRACE_HANG,           /* a context broke a rule: LRCA, address */
    MVGPU_TRACE_RESET,          /* the guest reset the engine: GDRST value */
    MVGPU_TRACE_FLIP,           /* pipe: a plane's new surface: plane, GGTT */
    MVGPU_TRACE_HOTPLUG,        /* pipe 0: a hotplug pulse: port, long */
} MvgpuTraceKind;

/* The core's timers; the host runs one QEMU_CLOCK_VIRTUAL timer for each. */
typedef enum MvgpuTimerId {
    MVGPU_TIMER_VBLANK_A,
    MVGPU_TIMER_VBLANK_B,
    MVGPU_TIMER_VBLANK_C,
    MVGPU_TIMER_ENGINE_RCS,         /* deferred execution of a submission */
    MVGPU_TIMER_ENGINE_VCS0,
    MVGPU_TIMER_ENGINE_VECS,
    MVGPU_TIMER_ENGINE_BCS,
    MVGPU_TIMER_COUNT
} MvgpuTimerId;

typedef struct MvgpuHost {
    void *opaque;

    /*
     * Guest-physical memory. Return false when [gpa, gpa + len) is not
     * entirely guest RAM; the core then treats the access as failed.
     */
    bool (*mem_read)(void *opaque, uint64_t gpa, void *buf, size_t len);
    bool (*mem_write)(void *opaque, uint64_t gpa, const void *buf, size_t len);

    /* Signal the device's MSI (edge). */
    void (*raise_msi)(void *opaque);

    /* Guest-visible (virtual) time in nanoseconds; stops while paused. */
    uint64_t (*now_ns)(void *opaque);

    /*
     * Arm timer @id to call mvgpu_core_timer_expired() once virtual time
     * reaches @expire_ns (re-arming replaces), or cancel it.
     */
    void (*timer_mod)(void *opaque, MvgpuTimerId id, uint64_t expire_ns);
    void (*timer_del)(void *opaque, MvgpuTimerId id);
    /*
     * Optional, for a saved state (savestate.h): whether timer @id is
     * armed and not yet expired, and when it expires. Without it a save
     * takes the timers the core armed and did not cancel: one that has
     * fired already fires once more after a load.
     */
    bool (*timer_pending)(void *opaque, MvgpuTimerId id, uint64_t *expire_ns);

    /*
     * Fill @buf (@size bytes, 128 or 256) with the EDID of a monitor whose
     * preferred mode is @xres x @yres and which lists modes up to
     * @xmax x @ymax. The core stays free of QEMU's EDID generator this way.
     */
    void (*edid_generate)(void *opaque, uint8_t *buf, size_t size,
                          uint32_t xres, uint32_t yres,
                          uint32_t xmax, uint32_t ymax);

    /*
     * The GGTT entries behind aperture bytes [offset, offset + len), or a
     * fence over them, changed: any direct mapping of them the host made
     * must go (optional). The range need not be page or chunk aligned.
     */
    void (*aperture_changed)(void *opaque, uint64_t offset, uint64_t len);

    /* Optional: an engine event (MvgpuTraceKind), never rate-limited. */
    void (*trace)(void *opaque, MvgpuTraceKind kind, unsigned engine,
                  uint64_t a, uint64_t b);

    /* One already rate-limited, formatted message. */
    void (*log)(void *opaque, MvgpuLogKind kind, const char *msg);

    /*
     * Optional: keep one scanned workload's recording (record.h), @len
     * bytes, from engine @engine ("rcs", "vcs", "vecs", "bcs"). When NULL
     * nothing is recorded and recording costs nothing.
     */
    void (*record_workload)(void *opaque, const char *engine,
                            const void *data, size_t len);

    /* ---- for backend drm (docs/drm-backend.md); all optional */

    /*
     * The host address of guest-physical @gpa when it is RAM, with in
     * *len how many bytes from there are contiguous in the host's memory;
     * NULL when it is not RAM. Without it user batches run in software.
     */
    void *(*ram_ptr)(void *opaque, uint64_t gpa, uint64_t *len);

    /*
     * Call @ready(@data) from the host's main loop whenever @fd is
     * readable, until fd_unwatch(@fd) (which @ready may call). Without
     * it the core polls what it waits for in virtual time.
     */
    void (*fd_watch)(void *opaque, int fd, void (*ready)(void *data),
                     void *data);
    void (*fd_unwatch)(void *opaque, int fd);

    /*
     * Calls @fn once for every memory backend that holds guest RAM (QEMU's
     * memory-backend-* objects, the machine's default RAM included): its
     * name, and whether the host maps it writable. The core decides which
     * it can use. Without it the core assumes ordinary RAM.
     */
    void (*ram_backends)(void *opaque,
                         void (*fn)(void *data, const char *name,
                                    bool writable),
                         void *data);

    /* How the core opens and drives DRM devices; NULL: the system's. */
    const struct MvgpuDrmOps *drm_ops;
} MvgpuHost;

#endif
