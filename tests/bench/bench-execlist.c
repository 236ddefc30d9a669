/*
 * Execution cost in the core, without QEMU: the latency of one submission
 * of an empty request (ELSP writes to CSB + interrupt), and the ring
 * interpreter's throughput on an MI-heavy stream (stores and no-ops), run
 * from the audited ring shadow and again as a user batch read live through
 * the PPGTT, beside a memcpy of the same bytes in the same run. Prints JSON
 * lines.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "bench-util.h"
#include "gen9-regs.h"

#define RAM_SIZE   (8u << 20)
#define RAM_OF(g)  (0x100000u + (g))
#define HWSP       0x0000
#define RING       0x10000               /* 256 KiB ring */
#define RING_SIZE  (256u << 10)
#define LRCA       0x50000
#define DATA       0x60000
#define LRCA2      0x58000               /* a context whose ring starts a batch */
#define RING2      0x62000
#define PML4       0x700000              /* PPGTT: VA v -> RAM_OF(v), v < 448 KiB */

static void put32(uint64_t gpa, uint32_t v)
{
    memcpy(bench_ram + gpa, &v, 4);
}

static void w32(MvgpuCore *c, uint32_t off, uint32_t v)
{
    mvgpu_core_bar0_write(c, off, v, 4);
}

/* Submits the context at @lrca with its ring from @head to @tail; runs it. */
static void submit_ctx_and_run(MvgpuCore *c, uint32_t lrca, uint32_t head,
                               uint32_t tail)
{
    uint64_t desc = lrca | (3u << 3) | (1u << 8) | 1;

    put32(RAM_OF(lrca) + 0x1000 + 4 * 5, head);
    put32(RAM_OF(lrca) + 0x1000 + 4 * 7, tail);
    w32(c, RCS_BASE + RING_ELSP, 0);
    w32(c, RCS_BASE + RING_ELSP, 0);
    w32(c, RCS_BASE + RING_ELSP, 0);
    w32(c, RCS_BASE + RING_ELSP, (uint32_t)desc);
    /* The engine's timer, slice after slice, until the context completes. */
    do {
        mvgpu_core_timer_expired(c, MVGPU_TIMER_ENGINE_RCS);
    } while (c->engines[MVGPU_RCS].busy && !c->engines[MVGPU_RCS].hung);
}

static void submit_and_run(MvgpuCore *c, uint32_t head, uint32_t tail)
{
    submit_ctx_and_run(c, LRCA, head, tail);
}

static void put64(uint64_t gpa, uint64_t v)
{
    memcpy(bench_ram + gpa, &v, 8);
}

int main(void)
{
    g_autofree uint8_t *copy = g_malloc(RING_SIZE);
    MvgpuCore *c = bench_core(RAM_SIZE);
    uint64_t best = UINT64_MAX, t0;
    uint32_t n = 0;
    const int iters = 20000;

    for (uint32_t i = 0; i < 1024; i++) {
        mvgpu_core_bar0_write(c, MVGPU_GGTT_PTE_OFFSET + 8 * i,
                              RAM_OF(i * 4096ull) | 1, 8);
    }
    w32(c, RCS_BASE + RING_HWS_PGA, HWSP);
    put32(RAM_OF(LRCA) + 0x1000 + 4 * 9, RING);
    put32(RAM_OF(LRCA) + 0x1000 + 4 * 0xb, (RING_SIZE - 4096) | 1);

    /* An empty request: a breadcrumb store and a user interrupt. */
    put32(RAM_OF(RING), 0x10400002);
    put32(RAM_OF(RING) + 4, DATA);
    put32(RAM_OF(RING) + 8, 0);
    put32(RAM_OF(RING) + 12, 1);
    put32(RAM_OF(RING) + 16, 0x01000000);
    put32(RAM_OF(RING) + 20, 0);
    for (int r = 0; r < 5; r++) {
        t0 = bench_now_ns();
        for (int i = 0; i < iters; i++) {
            submit_and_run(c, 0, 24);
        }
        best = MIN(best, bench_now_ns() - t0);
    }
    printf("{\"bench\": \"core-submission-latency\", \"case\": "
           "\"ELSP to CSB + interrupt, empty request\", \"iterations\": %d, "
           "\"statistic\": \"best of 5\", \"us_per_submission\": %.3f}\n",
           iters, best / 1e3 / iters);

    /* An MI-heavy stream filling the ring: GGTT stores between no-ops. */
    for (; n + 6 <= RING_SIZE / 4 - 2; n += 6) {
        put32(RAM_OF(RING) + 4 * n, 0x10400002);
        put32(RAM_OF(RING) + 4 * n + 4, DATA + (n % 64) * 4);
        put32(RAM_OF(RING) + 4 * n + 8, 0);
        put32(RAM_OF(RING) + 4 * n + 12, n);
        put32(RAM_OF(RING) + 4 * n + 16, 0);
        put32(RAM_OF(RING) + 4 * n + 20, 0x02800000);   /* MI_ARB_CHECK */
    }
    best = UINT64_MAX;
    for (int r = 0; r < 10; r++) {
        t0 = bench_now_ns();
        submit_and_run(c, 0, n * 4);
        best = MIN(best, bench_now_ns() - t0);
    }
    printf("{\"bench\": \"core-ring-interpreter\", \"case\": \"MI stores and "
           "no-ops\", \"bytes\": %u, \"statistic\": \"best of 10\", "
           "\"MB_per_s\": %.1f}\n", n * 4, n * 4 / (best / 1e3));

    /* The same dwords as a user batch, fetched and audited command by command. */
    put32(RAM_OF(RING) + 4 * n, 0x05000000);               /* BB_END */
    put64(PML4, (PML4 + 0x1000) | 3);
    put64(PML4 + 0x1000, (PML4 + 0x2000) | 3);
    put64(PML4 + 0x2000, (PML4 + 0x3000) | 3);
    for (uint32_t i = 0; i < 0x70; i++) {
        put64(PML4 + 0x3000 + 8 * i, RAM_OF(i * 4096ull) | 3);
    }
    put32(RAM_OF(RING2), 0x18800101);                      /* BB_START PPGTT */
    put32(RAM_OF(RING2) + 4, RING);
    put32(RAM_OF(RING2) + 8, 0);
    put32(RAM_OF(RING2) + 12, 0);
    put32(RAM_OF(LRCA2) + 0x1000 + 4 * 9, RING2);
    put32(RAM_OF(LRCA2) + 0x1000 + 4 * 0xb, 1);
    put32(RAM_OF(LRCA2) + 0x1000 + 4 * 0x31, 0);
    put32(RAM_OF(LRCA2) + 0x1000 + 4 * 0x33, PML4);
    best = UINT64_MAX;
    for (int r = 0; r < 10; r++) {
        t0 = bench_now_ns();
        submit_ctx_and_run(c, LRCA2, 0, 16);
        best = MIN(best, bench_now_ns() - t0);
    }
    printf("{\"bench\": \"core-ring-interpreter\", \"case\": \"the same as a "
           "live user batch (PPGTT)\", \"bytes\": %u, \"statistic\": \"best of "
           "10\", \"MB_per_s\": %.1f, \"hung\": %s}\n", n * 4,
           n * 4 / (best / 1e3),
           c->engines[MVGPU_RCS].hung ? "true" : "false");
    best = UINT64_MAX;
    for (int r = 0; r < 10; r++) {
        t0 = bench_now_ns();
        memcpy(copy, bench_ram + RAM_OF(RING), n * 4);
        best = MIN(best, bench_now_ns() - t0);
    }
    printf("{\"bench\": \"core-ring-interpreter\", \"case\": \"peer: memcpy\", "
           "\"bytes\": %u, \"statistic\": \"best of 10\", \"MB_per_s\": %.1f}\n",
           n * 4, n * 4 / (best / 1e3));
    mvgpu_core_free(c);
    g_free(bench_ram);
    return 0;
}
