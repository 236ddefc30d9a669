/*
 * Scan-out cost in the core, without QEMU: converting one 1920x1080 frame
 * (linear, X and Y tiled, XRGB8888 and RGB565) from guest RAM through the
 * GGTT into x8r8g8b8, composing the pipe (the primary alone, then with a
 * 64x64 cursor) and one vblank's pipe CRC (compose.c, pipe-crc.c), beside
 * a memcpy of the same number of bytes in the same run. Prints JSON lines.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "bench-util.h"
#include "display.h"
#include "gen9-regs.h"
#include "scanout.h"

#define W 1920
#define H 1080
#define STRIDE 7680             /* a multiple of every tile width */
#define RAM_SIZE (64u << 20)
#define SURF_RAM (16u << 20)
#define ROUNDS 20

static void bench(MvgpuCore *c, const char *name, uint32_t ctl, uint32_t unit,
                  uint32_t cpp, uint8_t *dst)
{
    MvgpuPlane p;
    uint64_t best = UINT64_MAX;

    mvgpu_core_bar0_write(c, PLANE_CTL(0, 1), ctl, 4);
    mvgpu_core_bar0_write(c, PLANE_STRIDE(0, 1), STRIDE / unit, 4);
    if (!mvgpu_scanout_primary(c, 0, &p)) {
        fprintf(stderr, "bench-scanout: %s not decoded\n", name);
        exit(1);
    }
    for (int r = 0; r < ROUNDS; r++) {
        uint64_t t0 = bench_now_ns();

        mvgpu_scanout_read(c, &p, dst, W * 4);
        best = MIN(best, bench_now_ns() - t0);
    }
    printf("{\"bench\": \"core-scanout-frame\", \"case\": \"%s\", "
           "\"width\": %d, \"height\": %d, \"bytes_read\": %u, "
           "\"statistic\": \"best of %d\", \"ms_per_frame\": %.3f}\n",
           name, W, H, W * H * cpp, ROUNDS, best / 1e6);
}

static void print_pipe(const char *what, uint64_t best)
{
    printf("{\"bench\": \"core-compose-frame\", \"case\": \"%s\", "
           "\"width\": %d, \"height\": %d, \"statistic\": \"best of %d\", "
           "\"ms_per_frame\": %.3f}\n", what, W, H, ROUNDS, best / 1e6);
}

/*
 * The pipe's output: composed with and without the cursor, and the CRC a
 * vblank computes over it (what the vblank timer costs with CRC on).
 */
static void bench_pipe(MvgpuCore *c, uint8_t *dst)
{
    uint64_t best[3] = { UINT64_MAX, UINT64_MAX, UINT64_MAX };

    mvgpu_core_bar0_write(c, PLANE_CTL(0, 1), PLANE_CTL_ENABLE | 4u << 24, 4);
    mvgpu_core_bar0_write(c, PLANE_STRIDE(0, 1), STRIDE / 64, 4);
    mvgpu_core_bar0_write(c, PIPESRC(0), (W - 1) << 16 | (H - 1), 4);
    mvgpu_core_bar0_write(c, CURCNTR(0), 0x27, 4);      /* 64x64 ARGB */
    mvgpu_core_bar0_write(c, CURPOS(0), 100 << 16 | 200, 4);
    mvgpu_core_bar0_write(c, CURBASE(0), 0, 4);
    mvgpu_core_bar0_write(c, PIPE_CRC_CTL(0), PIPE_CRC_ENABLE, 4);
    for (int r = 0; r < ROUNDS; r++) {
        uint64_t t0 = bench_now_ns();

        mvgpu_scanout_compose(c, 0, (uint32_t *)dst, W, H, false);
        best[0] = MIN(best[0], bench_now_ns() - t0);
        t0 = bench_now_ns();
        mvgpu_scanout_compose(c, 0, (uint32_t *)dst, W, H, true);
        best[1] = MIN(best[1], bench_now_ns() - t0);
        t0 = bench_now_ns();
        mvgpu_pipe_crc_vblank(c, 0);
        best[2] = MIN(best[2], bench_now_ns() - t0);
    }
    print_pipe("primary", best[0]);
    print_pipe("primary + cursor", best[1]);
    printf("{\"bench\": \"core-pipe-crc\", \"case\": \"one vblank, "
           "primary + cursor\", \"width\": %d, \"height\": %d, "
           "\"statistic\": \"best of %d\", \"ms_per_frame\": %.3f}\n",
           W, H, ROUNDS, best[2] / 1e6);
}

int main(void)
{
    MvgpuCore *c = bench_core(RAM_SIZE);
    g_autofree uint8_t *dst = g_malloc(W * H * 4);
    g_autofree uint8_t *copy = g_malloc(W * H * 4);
    uint32_t pages = STRIDE * 1088 / 4096;
    uint64_t best = UINT64_MAX;

    for (uint32_t i = 0; i < RAM_SIZE; i++) {
        bench_ram[i] = i * 2654435761u >> 24;
    }
    /* Pages in reverse order: every page is translated on its own. */
    for (uint32_t i = 0; i < pages; i++) {
        mvgpu_core_bar0_write(c, MVGPU_GGTT_PTE_OFFSET + 8 * i,
                              (SURF_RAM + (uint64_t)(pages - 1 - i) * 4096) | 1, 8);
    }
    mvgpu_core_bar0_write(c, TRANSCONF(0), TRANSCONF_ENABLE, 4);
    mvgpu_core_bar0_write(c, PLANE_SIZE(0, 1), (H - 1) << 16 | (W - 1), 4);
    mvgpu_core_bar0_write(c, PLANE_SURF(0, 1), 0, 4);

    for (int r = 0; r < ROUNDS; r++) {
        uint64_t t0 = bench_now_ns();

        memcpy(copy, bench_ram + SURF_RAM, W * H * 4);
        best = MIN(best, bench_now_ns() - t0);
    }
    printf("{\"bench\": \"core-scanout-frame\", \"case\": \"peer: memcpy\", "
           "\"width\": %d, \"height\": %d, \"bytes_read\": %u, "
           "\"statistic\": \"best of %d\", \"ms_per_frame\": %.3f}\n",
           W, H, W * H * 4, ROUNDS, best / 1e6);

    bench(c, "linear xrgb8888", PLANE_CTL_ENABLE | 4u << 24, 64, 4, dst);
    bench(c, "x-tiled xrgb8888", PLANE_CTL_ENABLE | 4u << 24 | 1u << 10, 512,
          4, dst);
    bench(c, "y-tiled xrgb8888", PLANE_CTL_ENABLE | 4u << 24 | 4u << 10, 128,
          4, dst);
    bench(c, "linear rgb565", PLANE_CTL_ENABLE | 14u << 24, 64, 2, dst);
    bench_pipe(c, dst);
    mvgpu_core_free(c);
    g_free(bench_ram);
    return 0;
}
