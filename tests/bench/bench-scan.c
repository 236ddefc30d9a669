/*
 * The cost of auditing and shadowing, in the core without QEMU: a 1 MiB
 * batch of 3D state commands (every RCS entry of the command table in
 * turn, at its minimum length) scanned into a shadow, then relocated,
 * beside a memcpy of the same bytes in the same run. Prints JSON lines.
 *
 * With a directory argument, the same over the workload recordings in it
 * (x-record files, *.mvwl, recorded from guests by `make bench-corpus`):
 * every recording replayed through the scan, all of them as one corpus.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "bench-util.h"
#include "reloc.h"
#include "record.h"

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

/* Memory operands must lie in the same buffer. */
static bool probe_batch(void *opaque, const MvgpuMemOperand *op)
{
    return op->addr + op->bytes <= BATCH_BYTES;
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
        batch[pos++] = MB_MI_NOOP;
        n++;
    }
    batch[pos] = MB_MI_BATCH_BUFFER_END;
    return n + 1;
}

typedef struct Corpus {
    GPtrArray *recs;            /* MvgpuRecording * */
    uint64_t bytes;             /* ring and batch bytes one pass shadows */
    uint64_t cmd_bytes;         /* of which whole audited commands */
    uint64_t commands, refused;
} Corpus;

static void corpus_free(gpointer p)
{
    mvgpu_recording_free(p);
    g_free(p);
}

static bool corpus_load(Corpus *co, const char *dir)
{
    g_autoptr(GError) err = NULL;
    g_autoptr(GDir) d = g_dir_open(dir, 0, &err);
    const char *name;

    if (!d) {
        fprintf(stderr, "bench-scan: %s\n", err->message);
        return false;
    }
    co->recs = g_ptr_array_new_with_free_func(corpus_free);
    while ((name = g_dir_read_name(d))) {
        g_autofree char *path = g_build_filename(dir, name, NULL);
        g_autofree gchar *data = NULL;
        MvgpuRecording *r;
        const char *why = NULL;
        gsize len;

        if (!g_str_has_suffix(name, ".mvwl")) {
            continue;
        }
        if (!g_file_get_contents(path, &data, &len, &err)) {
            fprintf(stderr, "bench-scan: %s\n", err->message);
            return false;
        }
        r = g_new0(MvgpuRecording, 1);
        if (!mvgpu_recording_parse(r, (const uint8_t *)data, len, &why)) {
            fprintf(stderr, "bench-scan: %s: %s\n", path, why);
            corpus_free(r);
            return false;
        }
        g_ptr_array_add(co->recs, r);
    }
    return true;
}

/* One pass over the corpus; with @fields, relocation too. */
static void corpus_pass(Corpus *co, int64_t *fields)
{
    co->bytes = co->cmd_bytes = co->commands = co->refused = 0;
    for (guint i = 0; i < co->recs->len; i++) {
        const MvgpuRecording *r = g_ptr_array_index(co->recs, i);
        MvgpuScan sc = { 0 };

        if (mvgpu_recording_scan(r, &sc)) {
            if (fields) {
                *fields += mvgpu_relocate(&sc, identity, NULL);
            }
        } else {
            co->refused++;
        }
        co->bytes += 4 * (r->ring_len + sc.dwords);
        for (guint k = 0; sc.segs && k < sc.segs->len; k++) {
            co->cmd_bytes += 4 * ((MvgpuShadowSeg *)
                                  g_ptr_array_index(sc.segs, k))->len;
        }
        co->commands += sc.commands;
        mvgpu_scan_free(&sc);
    }
}

static int bench_corpus(const char *dir)
{
    Corpus co = { 0 };
    uint64_t best[2] = { UINT64_MAX, UINT64_MAX }, best_copy = UINT64_MAX;
    g_autofree uint8_t *src = NULL, *dst = NULL;
    int64_t fields = 0;

    if (!corpus_load(&co, dir)) {
        return 1;
    }
    if (!co.recs->len) {
        fprintf(stderr, "bench-scan: no recordings (*.mvwl) in %s\n", dir);
        return 1;
    }
    for (int r = 0; r < 10; r++) {
        for (int reloc = 0; reloc < 2; reloc++) {
            uint64_t t0 = bench_now_ns();

            fields = 0;
            corpus_pass(&co, reloc ? &fields : NULL);
            best[reloc] = MIN(best[reloc], bench_now_ns() - t0);
        }
    }
    /* The peer: copying the same number of bytes. */
    src = g_malloc0(co.bytes);
    dst = g_malloc(co.bytes);
    for (int r = 0; r < 10; r++) {
        uint64_t t0 = bench_now_ns();

        memcpy(dst, src, co.bytes);
        best_copy = MIN(best_copy, bench_now_ns() - t0);
    }
    /*
     * Batches are read a page at a time, so the shadowed bytes exceed the
     * commands' bytes; throughput is given over the shadowed bytes, the
     * memcpy peer copies as many.
     */
    printf("{\"bench\": \"core-scan-corpus\", \"corpus\": \"%s\", "
           "\"workloads\": %u, \"refused\": %" G_GUINT64_FORMAT ", "
           "\"commands\": %" G_GUINT64_FORMAT ", \"command_bytes\": %"
           G_GUINT64_FORMAT ", \"shadowed_bytes\": %" G_GUINT64_FORMAT ", "
           "\"address_fields\": %" G_GINT64_FORMAT ", \"statistic\": "
           "\"best of 10 passes\", \"scan_us_per_workload\": %.2f, "
           "\"scan_relocate_us_per_workload\": %.2f, \"scan_MB_per_s\": "
           "%.1f, \"scan_relocate_MB_per_s\": %.1f, "
           "\"peer_memcpy_MB_per_s\": %.1f}\n",
           dir, co.recs->len, co.refused, co.commands, co.cmd_bytes,
           co.bytes, fields, best[0] / 1e3 / co.recs->len,
           best[1] / 1e3 / co.recs->len, co.bytes / (best[0] / 1e3),
           co.bytes / (best[1] / 1e3), co.bytes / (MAX(best_copy, 1) / 1e3));
    g_ptr_array_free(co.recs, true);
    return 0;
}

int main(int argc, char **argv)
{
    g_autofree uint8_t *copy = g_malloc(BATCH_BYTES);
    uint64_t best_scan = UINT64_MAX, best_all = UINT64_MAX;
    uint64_t best_copy = UINT64_MAX;
    uint32_t commands;
    int64_t fields = 0;

    if (argc > 1) {
        int rc = 0;

        for (int i = 1; i < argc; i++) {
            rc |= bench_corpus(argv[i]);
        }
        return rc;
    }
    bench_ram = g_malloc(BATCH_BYTES);
    bench_ram_size = BATCH_BYTES;
    batch = (uint32_t *)bench_ram;
    commands = build_batch();
    for (int r = 0; r < 10; r++) {
        /* The ring: one call to the batch (GGTT, privileged). */
        const uint32_t start[] = { MB_BB_START_GGTT(0) };
        uint32_t *ring = g_memdup2(start, sizeof(start));
        MvgpuScan sc = { .engine_bit = MVGPU_CMD_RCS, .read = read_batch,
                         .probe = probe_batch };
        uint64_t t0, t1, t2;

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
