/*
 * Core register-access cost, without QEMU: ns per BAR0 access for a plain
 * register, a descriptor register and registers with handlers. The peer is
 * a plain memory load/store loop over the same array in the same run.
 * Prints JSON lines.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <stdio.h>
#include <time.h>

#include "internal.h"
#include "gen9-regs.h"

static uint64_t now_ns(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000ull + ts.tv_nsec;
}

static uint64_t bench_now(void *opaque)
{
    return 0;
}

static bool no_mem(void *opaque, uint64_t gpa, void *buf, size_t len)
{
    return false;
}

static void quiet_log(void *opaque, MvgpuLogKind kind, const char *msg)
{
}

static volatile uint64_t sink;

#define ITERS 20000000u

static void report(const char *name, const char *kind, uint64_t ns,
                   unsigned iters)
{
    printf("{\"bench\": \"core-reg-access\", \"case\": \"%s\", "
           "\"kind\": \"%s\", \"iterations\": %u, \"ns_per_access\": %.2f}\n",
           name, kind, iters, (double)ns / iters);
}

static void bench_read(MvgpuCore *c, const char *name, const char *kind,
                       uint32_t off)
{
    uint64_t t0 = now_ns(), acc = 0;

    for (unsigned i = 0; i < ITERS; i++) {
        acc += mvgpu_core_bar0_read(c, off, 4);
    }
    sink = acc;
    report(name, kind, now_ns() - t0, ITERS);
}

static void bench_write(MvgpuCore *c, const char *name, const char *kind,
                        uint32_t off, uint32_t val)
{
    uint64_t t0 = now_ns();

    for (unsigned i = 0; i < ITERS; i++) {
        mvgpu_core_bar0_write(c, off, val ^ (i & 1), 4);
    }
    report(name, kind, now_ns() - t0, ITERS);
}

int main(void)
{
    MvgpuConfig cfg = { .device_id = 0x5912,
                        .aperture_size = MVGPU_APERTURE_DEFAULT,
                        .xres = MVGPU_XRES_DEFAULT, .yres = MVGPU_YRES_DEFAULT,
                        .xmax = MVGPU_XMAX_DEFAULT, .ymax = MVGPU_YMAX_DEFAULT };
    MvgpuHost host = { .mem_read = no_mem, .now_ns = bench_now,
                       .log = quiet_log };
    g_autofree char *msg = NULL;
    MvgpuCore *c = mvgpu_core_new(&cfg, &host, &msg);
    volatile uint32_t *arr = c->rf.values;
    uint64_t t0, acc = 0;

    /* Peer: a bare load from the same register array. */
    t0 = now_ns();
    for (unsigned i = 0; i < ITERS; i++) {
        acc += arr[(RCS_BASE + RING_TAIL) >> 2];
    }
    sink = acc;
    report("array-load", "peer", now_ns() - t0, ITERS);

    bench_read(c, "read-plain", "plain register (RING_TAIL)",
               RCS_BASE + RING_TAIL);
    bench_read(c, "read-masked", "masked register (MI_MODE)",
               RCS_BASE + RING_MI_MODE);
    bench_read(c, "read-handler", "read handler (PVINFO)", PVINFO_BASE + 0x10);
    bench_write(c, "write-plain", "plain register (RING_TAIL)",
                RCS_BASE + RING_TAIL, 0x100);
    bench_write(c, "write-masked", "masked register (MI_MODE)",
                RCS_BASE + RING_MI_MODE, 0x01000100);
    bench_write(c, "write-w1c", "write-1-to-clear (GT0 IIR)",
                GEN8_GT_IIR(0), 0x1);
    bench_write(c, "write-handler", "write handler (GDRST)", GEN6_GDRST, 0x2);
    mvgpu_core_free(c);
    return 0;
}
