/*
 * EU interpreter throughput (core/eu-exec.c): a loop of ALU instructions
 * (add, mul, mad, and; cmp and while) in SIMD8 and SIMD16, counted in
 * instructions and channel operations per second. Prints JSON.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <glib.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "eu-exec.h"
#include "mvgpu-eu-asm.h"

#define ITERATIONS 20000
#define ROUNDS 5

static uint64_t now_ns(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000ull + ts.tv_nsec;
}

static void bench(unsigned simd)
{
    EuAsm a = { 0 };
    MvgpuEuThread *t = g_new0(MvgpuEuThread, 1);
    uint64_t best = UINT64_MAX, insts = 0;

    /* body at 0: 6 instructions, the loop counter in g20 */
    eu_alu(&a, MVGPU_EU_OP_ADD, simd, EU_G(10, EU_F), EU_G8(10, EU_F),
           eu_imm_f(1.0f));
    eu_alu(&a, MVGPU_EU_OP_MUL, simd, EU_G(12, EU_F), EU_G8(10, EU_F),
           EU_G8(12, EU_F));
    eu_alu3(&a, MVGPU_EU_OP_MAD, simd, 0, EU_G(14, EU_F), EU_G8(12, EU_F),
            EU_G8(10, EU_F), EU_G8(14, EU_F));
    eu_alu(&a, MVGPU_EU_OP_ADD, simd, EU_G(20, EU_D), EU_G8(20, EU_D),
           eu_imm_d(1));
    a.ctl.cond = MVGPU_EU_COND_L;
    eu_alu(&a, MVGPU_EU_OP_CMP, simd, EU_NULL(EU_D), EU_G8(20, EU_D),
           eu_imm_d(ITERATIONS));
    a.ctl.pred = MVGPU_EU_PRED_NORMAL;
    eu_flow(&a, MVGPU_EU_OP_WHILE, simd, -(int32_t)a.len, 0);
    eu_eot(&a);

    for (int r = 0; r < ROUNDS; r++) {
        uint64_t t0;

        mvgpu_eu_thread_init(t, 0, (uint32_t)((1ull << simd) - 1));
        t->fetch = eu_asm_fetch;
        t->opaque = &a;
        t0 = now_ns();
        if (mvgpu_eu_run(t, UINT64_MAX) != MVGPU_EU_DONE) {
            fprintf(stderr, "bench-eu: %s\n", t->error ? t->error : "?");
            exit(1);
        }
        best = MIN(best, now_ns() - t0);
        insts = t->executed;
    }
    printf("{\"bench\": \"core-eu-alu-loop\", \"case\": \"SIMD%u\", "
           "\"instructions\": %" G_GUINT64_FORMAT ", \"statistic\": "
           "\"best of %d\", \"ms\": %.2f, \"Minst_per_s\": %.2f, "
           "\"Mchannel_ops_per_s\": %.1f}\n", simd, insts, ROUNDS,
           best / 1e6, insts / (best / 1e3), insts * simd / (best / 1e3));
    g_free(t);
}

/*
 * The peer: the loop's arithmetic per channel in plain C (add, mul, mad,
 * the counter and its compare), so a figure reads as a cost per operation
 * against the host CPU doing the same work.
 */
static void bench_native(unsigned simd)
{
    volatile float sink;
    float a[32], b[32], c[32];
    uint64_t best = UINT64_MAX;

    for (int r = 0; r < ROUNDS; r++) {
        uint64_t t0 = now_ns();

        for (unsigned ch = 0; ch < simd; ch++) {
            a[ch] = 0;
            b[ch] = 1;
            c[ch] = 0;
        }
        for (volatile int32_t i = 0; i < ITERATIONS; i++) {
            for (unsigned ch = 0; ch < simd; ch++) {
                a[ch] += 1.0f;
                b[ch] = a[ch] * b[ch];
                c[ch] = b[ch] * a[ch] + c[ch];
            }
        }
        sink = c[0];
        best = MIN(best, now_ns() - t0);
    }
    (void)sink;
    printf("{\"bench\": \"core-eu-alu-loop\", \"case\": \"native C, %u "
           "channels\", \"statistic\": \"best of %d\", \"ms\": %.2f, "
           "\"Mchannel_ops_per_s\": %.1f}\n", simd, ROUNDS, best / 1e6,
           (double)ITERATIONS * 6 * simd / (best / 1e3));
}

int main(void)
{
    bench(8);
    bench_native(8);
    bench(16);
    bench_native(16);
    return 0;
}
