/*
 * A host for the mvgpu core in unit tests: guest RAM in a buffer, a clock
 * the test moves by hand, and a record of log messages and MSIs.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef MVGPU_TEST_FAKE_HOST_H
#define MVGPU_TEST_FAKE_HOST_H

#include <glib.h>
#include "internal.h"
#include "drm-probe.h"
#include "mvgpu-build.h"

#define FAKE_HOST_MAX_WATCHES  8

typedef struct FakeHost {
    uint8_t *ram;
    uint64_t ram_size;
    /*
     * now_ns and timer_expiry, which a core with a worker thread reads and
     * arms from that thread, are guarded by clock_lock.
     */
    GMutex clock_lock;
    uint64_t now_ns;
    unsigned msis;
    uint64_t timer_expiry[MVGPU_TIMER_COUNT];   /* 0 = not armed */
    unsigned edids_generated;
    GPtrArray *logs;            /* "G: msg" or "U: msg" */
    GArray *traces;             /* MvgpuTraceKind of every trace event */
    /* What the core reported through aperture_changed, as one union. */
    unsigned aperture_changes;
    uint64_t aperture_changed_lo, aperture_changed_hi;
    unsigned guest_errors;
    unsigned unimp;
    MvgpuHost host;
    MvgpuCore *core;
    /* The builders' way in (mvgpu-build.h): guest RAM, and BAR0. */
    MbWriter mem;
    MbWriter bar0;
    /*
     * Called after each guest-RAM read the core makes: a test plays a
     * vCPU that writes memory between two of the device's reads.
     */
    void (*after_read)(struct FakeHost *h, uint64_t gpa, size_t len);
    void *test_data;
    /* fds the core asked to watch (MvgpuHost.fd_watch), for backend drm */
    struct {
        int fd;
        void (*ready)(void *data);
        void *data;
    } watch[FAKE_HOST_MAX_WATCHES];
    unsigned nwatches;
} FakeHost;

#define FAKE_RAM_SIZE (16u << 20)

/* A core on the default device and aperture, with 16 MiB of guest RAM. */
FakeHost *fake_host_new(void);
FakeHost *fake_host_new_with(const MvgpuConfig *cfg);

/*
 * The same for backend drm: @drm_ops as the host's DRM calls, RAM
 * pointers for userptr (the RAM is page aligned), and fd_watch when
 * @watch_fds (else the core polls in virtual time).
 */
FakeHost *fake_host_new_drm(const MvgpuConfig *cfg, const MvgpuDrmOps *drm_ops,
                            bool watch_fds);

/*
 * Waits up to @timeout_ms for a watched fd to be readable and calls the
 * ready callback of each that is. Returns how many were called.
 */
unsigned fake_host_poll_fds(FakeHost *h, int timeout_ms);
void fake_host_free(FakeHost *h);

/*
 * The default configuration: 0x5912, 256 MiB aperture, 1280x800 monitor,
 * slices inline, or on the worker thread in WORKER_SYNC mode when the
 * environment has MVGPU_TEST_ENGINES=sync (the suite runs both ways).
 */
MvgpuConfig fake_host_default_config(void);

/* Moves virtual time to @ns, firing armed timers in order on the way. */
void fake_host_run_until(FakeHost *h, uint64_t ns);

/* Forget what was logged so far. */
void fake_host_clear_log(FakeHost *h);

/* True if some logged message contains @needle. */
bool fake_host_logged(FakeHost *h, const char *needle);

/* 32-bit BAR0 register accesses, as the guest makes them. */
static inline uint32_t rd(FakeHost *h, uint32_t off)
{
    return mvgpu_core_bar0_read(h->core, off, 4);
}

static inline void wr(FakeHost *h, uint32_t off, uint32_t v)
{
    mvgpu_core_bar0_write(h->core, off, v, 4);
}

#endif
