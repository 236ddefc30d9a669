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

/* Submits the context at @lrca with its ring from @head to @tail; runs it. */
static void submit_ctx_and_run(MvgpuCore *c, uint32_t lrca, uint32_t head,
                               uint32_t tail)
{
    MbWriter bar0 = bench_bar0(c);

    mb_write32(&bench_mem, RAM_OF(lrca) + MB_CTX_SLOT(MVGPU_CTX_RING_HEAD),
               head);
    mb_write32(&bench_mem, RAM_OF(lrca) + MB_CTX_SLOT(MVGPU_CTX_RING_TAIL),
               tail);
    mb_submit(&bar0, RCS_BASE, mb_desc(lrca, 0), 0);
    /* The engine's timer, slice after slice, until the context completes. */
    do {
        mvgpu_core_timer_expired(c, MVGPU_TIMER_ENGINE_RCS);
    } while (c->engines[MVGPU_RCS].busy && !c->engines[MVGPU_RCS].hung);
}

static void submit_and_run(MvgpuCore *c, uint32_t head, uint32_t tail)
{
    submit_ctx_and_run(c, LRCA, head, tail);
}

int main(void)
{
    g_autofree uint8_t *copy = g_malloc(RING_SIZE);
    MvgpuCore *c = bench_core(RAM_SIZE);
    uint64_t best = UINT64_MAX, t0;
    uint32_t n = 0;
    const int iters = 20000;

    MbWriter bar0 = bench_bar0(c);

    mb_ggtt_map(&bar0, 0, RAM_OF(0), 1024);
    mb_write32(&bar0, RCS_BASE + RING_HWS_PGA, HWSP);
    mb_context(&bench_mem, RAM_OF(LRCA), &(MbContext) {
        .ring = RING, .ring_pages = RING_SIZE / 4096,
    });

    /* An empty request: a breadcrumb store and a user interrupt. */
    mb_put_list(&bench_mem, RAM_OF(RING), MB_STORE_DWORD_GGTT(DATA, 1),
                MB_MI_USER_INTERRUPT, MB_MI_NOOP);
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
        mb_put_list(&bench_mem, RAM_OF(RING) + 4 * n,
                    MB_STORE_DWORD_GGTT(DATA + (n % 64) * 4, n), MB_MI_NOOP,
                    MB_MI_ARB_CHECK);
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
    mb_write32(&bench_mem, RAM_OF(RING) + 4 * n, MB_MI_BATCH_BUFFER_END);
    for (uint32_t level = 0; level < 3; level++) {
        mb_write64(&bench_mem, PML4 + 0x1000 * level,
                   (PML4 + 0x1000 * (level + 1)) | MB_PPGTT_PRESENT |
                   MB_PPGTT_RW);
    }
    for (uint32_t i = 0; i < 0x70; i++) {
        mb_write64(&bench_mem, PML4 + 0x3000 + 8 * i,
                   RAM_OF(i * 4096ull) | MB_PPGTT_PRESENT | MB_PPGTT_RW);
    }
    mb_put_list(&bench_mem, RAM_OF(RING2), MB_BB_START_PPGTT(RING),
                MB_MI_NOOP);
    mb_context(&bench_mem, RAM_OF(LRCA2), &(MbContext) {
        .ring = RING2, .ring_pages = 1, .pml4 = PML4,
    });
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
