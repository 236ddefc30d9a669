/*
 * Soft blitter throughput: a 1920x1080x32bpp XY_SRC_COPY_BLT, linear and
 * tiled, beside a memcpy of the same bytes in the same run. Prints JSON.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "bench-util.h"
#include "blit.h"

#define W 1920
#define H 1080
#define PITCH 7680                      /* whole X and Y tiles */
#define SURFACE (PITCH * 1088u)
#define ROUNDS 5

static bool rw(void *opaque, uint64_t addr, void *buf, uint32_t len, bool write)
{
    return write ? bench_mem_write(opaque, addr, buf, len)
                 : bench_mem_read(opaque, addr, buf, len);
}

static void bench(const char *name, uint32_t tiled_bits, bool y, uint32_t pitch)
{
    MvgpuBlitMem m = { .rw = rw, .dst_y_tiled = y, .src_y_tiled = y };
    MvgpuBlitState st = { 0 };
    const char *why;
    uint32_t dw[10] = {
        MB_SRC_COPY_BLT(MB_BLT_WRITE_RGBA | tiled_bits, MB_BR13_32BPP |
                        MB_BR13_ROP(MB_ROP_SRCCOPY) | pitch, 0, 0, W, H,
                        SURFACE, 0, 0, pitch, 0),
    };
    uint64_t best = UINT64_MAX;

    for (int r = 0; r < ROUNDS; r++) {
        uint64_t t0 = bench_now_ns();

        if (!mvgpu_blit(&m, &st, dw, 10, &why)) {
            fprintf(stderr, "bench-blit: %s refused: %s\n", name, why);
            exit(1);
        }
        best = MIN(best, bench_now_ns() - t0);
    }
    printf("{\"bench\": \"core-blit-copy\", \"case\": \"%s\", \"width\": %d, "
           "\"height\": %d, \"statistic\": \"best of %d\", \"ms\": %.2f, "
           "\"MB_per_s\": %.0f}\n", name, W, H, ROUNDS, best / 1e6,
           (double)W * H * 4 / (best / 1e3));
}

int main(void)
{
    uint64_t best = UINT64_MAX;

    bench_ram_size = 2 * SURFACE;
    bench_ram = g_malloc(bench_ram_size);
    memset(bench_ram, 0x5a, bench_ram_size);
    for (int r = 0; r < ROUNDS; r++) {
        uint64_t t0 = bench_now_ns();

        memcpy(bench_ram + SURFACE, bench_ram, (size_t)W * H * 4);
        best = MIN(best, bench_now_ns() - t0);
    }
    printf("{\"bench\": \"core-blit-copy\", \"case\": \"peer: memcpy\", "
           "\"width\": %d, \"height\": %d, \"statistic\": \"best of %d\", "
           "\"ms\": %.2f, \"MB_per_s\": %.0f}\n", W, H, ROUNDS, best / 1e6,
           (double)W * H * 4 / (best / 1e3));
    bench("linear", 0, false, PITCH);
    bench("X-tiled", MB_BLT_SRC_TILED | MB_BLT_DST_TILED, false, PITCH / 4);
    bench("Y-tiled", MB_BLT_SRC_TILED | MB_BLT_DST_TILED, true, PITCH / 4);
    g_free(bench_ram);
    return 0;
}
