/*
 * Scan-out cost in the core, without QEMU: converting one 1920x1080 frame
 * (linear, X and Y tiled, XRGB8888 and RGB565) from guest RAM through the
 * GGTT into x8r8g8b8, beside a memcpy of the same number of bytes in the
 * same run. Prints JSON lines.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "bench-util.h"
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
    mvgpu_core_free(c);
    g_free(bench_ram);
    return 0;
}
