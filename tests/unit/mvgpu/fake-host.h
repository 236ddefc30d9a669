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
#include "mvgpu-build.h"

typedef struct FakeHost {
    uint8_t *ram;
    uint64_t ram_size;
    uint64_t now_ns;
    unsigned msis;
    uint64_t timer_expiry[MVGPU_TIMER_COUNT];   /* 0 = not armed */
    unsigned edids_generated;
    GPtrArray *logs;            /* "G: msg" or "U: msg" */
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
} FakeHost;

#define FAKE_RAM_SIZE (16u << 20)

/* A core on the default device and aperture, with 16 MiB of guest RAM. */
FakeHost *fake_host_new(void);
FakeHost *fake_host_new_with(const MvgpuConfig *cfg);
void fake_host_free(FakeHost *h);

/* The default configuration: 0x5912, 256 MiB aperture, 1280x800 monitor. */
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
