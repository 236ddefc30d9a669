/*
 * Core register-access cost, without QEMU: ns per BAR0 access for a plain
 * register, a descriptor register and registers with handlers. The peer is
 * a plain memory load/store loop over the same array in the same run.
 * Prints JSON lines.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "bench-util.h"
#include "gen9-regs.h"
#include "irq.h"

static volatile uint64_t sink;

/* Each case runs ROUNDS times ITERS accesses; the best round is reported. */
#define ITERS  4000000u
#define ROUNDS 5

static void report(const char *name, const char *kind, uint64_t best_ns)
{
    printf("{\"bench\": \"core-reg-access\", \"case\": \"%s\", "
           "\"kind\": \"%s\", \"iterations\": %u, \"statistic\": "
           "\"best of %d rounds\", \"ns_per_access\": %.2f}\n",
           name, kind, ITERS, ROUNDS, (double)best_ns / ITERS);
}

static void bench_read(MvgpuCore *c, const char *name, const char *kind,
                       uint32_t off)
{
    uint64_t best = UINT64_MAX, acc = 0;

    for (int r = 0; r < ROUNDS; r++) {
        uint64_t t0 = bench_now_ns();

        for (unsigned i = 0; i < ITERS; i++) {
            acc += mvgpu_core_bar0_read(c, off, 4);
        }
        best = MIN(best, bench_now_ns() - t0);
    }
    sink = acc;
    report(name, kind, best);
}

static void bench_write(MvgpuCore *c, const char *name, const char *kind,
                        uint32_t off, uint32_t val)
{
    uint64_t best = UINT64_MAX;

    for (int r = 0; r < ROUNDS; r++) {
        uint64_t t0 = bench_now_ns();

        for (unsigned i = 0; i < ITERS; i++) {
            mvgpu_core_bar0_write(c, off, val ^ (i & 1), 4);
        }
        best = MIN(best, bench_now_ns() - t0);
    }
    report(name, kind, best);
}

int main(void)
{
    MvgpuCore *c = bench_core(4096);
    volatile uint32_t *arr = c->rf.values;
    uint64_t best = UINT64_MAX, acc = 0;

    /* Peer: a bare load from the same register array. */
    for (int r = 0; r < ROUNDS; r++) {
        uint64_t t0 = bench_now_ns();

        for (unsigned i = 0; i < ITERS; i++) {
            acc += arr[(RCS_BASE + RING_TAIL) >> 2];
        }
        best = MIN(best, bench_now_ns() - t0);
    }
    sink = acc;
    report("array-load", "peer: a bare load from the register array", best);

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
    /* The interrupt registers i915's handler touches on every interrupt. */
    bench_read(c, "read-master-irq", "interrupt: MASTER_IRQ read",
               GEN8_MASTER_IRQ);
    bench_write(c, "write-master-irq", "interrupt: MASTER_IRQ write",
                GEN8_MASTER_IRQ, GEN8_MASTER_IRQ_CONTROL);
    bench_write(c, "write-iir", "interrupt: GT0 IIR ack", GEN8_GT_IIR(0),
                GT_RENDER_USER_INTERRUPT);
    bench_write(c, "write-imr", "interrupt: RCS IMR", GEN8_GT_IMR(0),
                ~GT_CONTEXT_SWITCH_INTERRUPT);
    mvgpu_core_free(c);
    return 0;
}
