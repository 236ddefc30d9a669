/*
 * The cost of auditing and shadowing, in the core without QEMU: a 1 MiB
 * batch of 3D state commands (every RCS entry of the command table in
 * turn, at its minimum length) scanned into a shadow, then relocated,
 * beside a memcpy of the same bytes in the same run. Prints JSON lines.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "bench-util.h"
#include "reloc.h"

#define BATCH_BYTES     (1u << 20)

/* The batch lives in the benchmarks' guest RAM buffer. */
static uint32_t *batch;

/* Graphics address = offset into the batch buffer (one flat space). */
static bool read_batch(void *opaque, bool ppgtt, uint64_t addr, uint32_t *dw,
                       uint32_t n)
{
    if (addr + 4ull * n > BATCH_BYTES) {
        return false;
    }
    memcpy(dw, (uint8_t *)batch + addr, 4ull * n);
    return true;
}

static bool identity(void *opaque, const MvgpuShadowSeg *seg,
                     const MvgpuCmdDesc *d, unsigned dword, uint64_t *page)
{
    return true;
}

/* Fills the batch; returns the number of commands. */
static uint32_t build_batch(void)
{
    uint32_t n = 0, pos = 0, end = BATCH_BYTES / 4 - 1;

    for (size_t i = 0; ; i = (i + 1) % mvgpu_cmd_table_3d_len) {
        const MvgpuCmdDesc *d = &mvgpu_cmd_table_3d[i];
        uint32_t len = d->len_min;

        if (!(d->engines & MVGPU_CMD_RCS)) {
            continue;
        }
        if (pos + len > end) {
            break;
        }
        batch[pos] = d->key | (d->len_bits ? len - 2 : 0);
        memset(batch + pos + 1, 0, 4 * (len - 1));
        pos += len;
        n++;
    }
    while (pos < end) {
        batch[pos++] = 0;                           /* MI_NOOP */
        n++;
    }
    batch[pos] = 0x0a << 23;                        /* MI_BATCH_BUFFER_END */
    return n + 1;
}

int main(void)
{
    g_autofree uint8_t *copy = g_malloc(BATCH_BYTES);
    uint64_t best_scan = UINT64_MAX, best_all = UINT64_MAX;
    uint64_t best_copy = UINT64_MAX;
    uint32_t commands;
    int64_t fields = 0;

    bench_ram = g_malloc(BATCH_BYTES);
    bench_ram_size = BATCH_BYTES;
    batch = (uint32_t *)bench_ram;
    commands = build_batch();
    for (int r = 0; r < 10; r++) {
        /* The ring: one call to the batch (GGTT, privileged). */
        uint32_t *ring = g_new(uint32_t, 3);
        MvgpuScan sc = { .engine_bit = MVGPU_CMD_RCS, .read = read_batch };
        uint64_t t0, t1, t2;

        ring[0] = 0x31u << 23 | 1;
        ring[1] = 0;
        ring[2] = 0;
        t0 = bench_now_ns();
        if (!mvgpu_scan(&sc, ring, 3)) {
            fprintf(stderr, "scan refused the batch: %s\n", sc.error);
            return 1;
        }
        t1 = bench_now_ns();
        fields = mvgpu_relocate(&sc, identity, NULL);
        t2 = bench_now_ns();
        best_scan = MIN(best_scan, t1 - t0);
        best_all = MIN(best_all, t2 - t0);
        mvgpu_scan_free(&sc);
    }
    for (int r = 0; r < 10; r++) {
        uint64_t t0 = bench_now_ns();

        memcpy(copy, batch, BATCH_BYTES);
        best_copy = MIN(best_copy, bench_now_ns() - t0);
    }
    printf("{\"bench\": \"core-scan\", \"case\": \"3D state batch: scan, audit "
           "and shadow\", \"bytes\": %u, \"commands\": %u, \"statistic\": "
           "\"best of 10\", \"MB_per_s\": %.1f}\n", BATCH_BYTES, commands,
           BATCH_BYTES / (best_scan / 1e3));
    printf("{\"bench\": \"core-scan\", \"case\": \"3D state batch: scan, audit, "
           "shadow and relocate\", \"bytes\": %u, \"address_fields\": %"
           G_GINT64_FORMAT ", \"statistic\": \"best of 10\", \"MB_per_s\": "
           "%.1f}\n", BATCH_BYTES, fields, BATCH_BYTES / (best_all / 1e3));
    printf("{\"bench\": \"core-scan\", \"case\": \"peer: memcpy\", \"bytes\": "
           "%u, \"statistic\": \"best of 10\", \"MB_per_s\": %.1f}\n",
           BATCH_BYTES, BATCH_BYTES / (best_copy / 1e3));
    g_free(bench_ram);
    return 0;
}
