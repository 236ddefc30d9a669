/*
 * Unit tests of workload recordings: a recorded scan replays to the same
 * shadows without the memory it came from, and malformed recordings are
 * refused or fail to replay, never read outside what they hold.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <glib.h>
#include <string.h>

#include "record.h"
#include "bytes.h"
#include "mvgpu-build.h"

#define SPACE_BYTES     (64u << 10)

/* Where the PPGTT batch's store goes: inside the space, or past it. */
#define STORE_OK        0x9000u
#define STORE_WILD      (SPACE_BYTES + 0x1000u)

/* Two flat address spaces: [0] the GGTT, [1] a PPGTT. */
static uint32_t space[2][SPACE_BYTES / 4];

static bool read_space(void *opaque, bool ppgtt, uint64_t addr, uint32_t *dw,
                       uint32_t n)
{
    if (addr + 4ull * n > SPACE_BYTES) {
        return false;
    }
    memcpy(dw, (uint8_t *)space[ppgtt] + addr, 4ull * n);
    return true;
}

/* Memory operands: inside the space they name (the HWSP is always there). */
static bool probe_space(void *opaque, const MvgpuMemOperand *op)
{
    return op->space == MVGPU_MEM_HWSP ||
           op->addr + op->bytes <= SPACE_BYTES;
}

/*
 * Ring: a GGTT batch, then a PPGTT batch that straddles a page, stores a
 * dword at @store and calls a second-level batch. @bad puts a privileged
 * command in the PPGTT batch.
 */
static uint32_t build_store(uint32_t *ring, bool bad, uint32_t store)
{
    MbWriter ggtt = mb_dwords_writer(space[0]);
    MbWriter ppgtt = mb_dwords_writer(space[1]);
    MbWriter r = mb_dwords_writer(ring);

    memset(space, 0, sizeof(space));
    mb_put_list(&ggtt, 0x1000, MB_MI_ARB_CHECK, MB_MI_BATCH_BUFFER_END);
    mb_put_list(&ppgtt, 0x3ff0, MB_MI_ARB_CHECK,
                MB_STORE_DWORD_PPGTT(store, 0x600d), MB_MI_ARB_CHECK,
                MB_BB_START(MB_BB_PPGTT | MB_BB_SECOND_LEVEL, 0x8000),
                bad ? MB_MI_SET_CONTEXT : MB_MI_NOOP, MB_MI_BATCH_BUFFER_END);
    mb_put_list(&ppgtt, 0x8000, MB_MI_ARB_CHECK, MB_MI_BATCH_BUFFER_END);

    return mb_put_list(&r, 0, MB_MI_NOOP, MB_BB_START_GGTT(0x1000),
                       MB_BB_START_PPGTT(0x3ff0), MB_MI_ARB_CHECK) / 4;
}

static uint8_t *record_store(bool bad, uint32_t store, size_t *len, bool *ok,
                             MvgpuScan *sc)
{
    uint32_t *ring = g_new(uint32_t, 16);
    uint32_t n = build_store(ring, bad, store);
    MvgpuRecorder rec;

    memset(sc, 0, sizeof(*sc));
    sc->engine_bit = MVGPU_CMD_RCS;
    sc->read = read_space;
    sc->probe = probe_space;
    mvgpu_record_begin(&rec, sc, ring, n);
    *ok = mvgpu_scan(sc, ring, n);
    return mvgpu_record_end(&rec, sc, len);
}

static uint8_t *record(bool bad, size_t *len, bool *ok, MvgpuScan *sc)
{
    uint8_t *data = record_store(bad, STORE_OK, len, ok, sc);

    /* The recorder handed the scan its own callbacks back. */
    g_assert_true(sc->read == read_space);
    g_assert_true(sc->probe == probe_space);
    return data;
}

static void assert_same_segments(const MvgpuScan *a, const MvgpuScan *b)
{
    g_assert_cmpuint(a->segs->len, ==, b->segs->len);
    for (guint i = 0; i < a->segs->len; i++) {
        const MvgpuShadowSeg *x = g_ptr_array_index(a->segs, i);
        const MvgpuShadowSeg *y = g_ptr_array_index(b->segs, i);

        g_assert_cmpint(x->ring, ==, y->ring);
        g_assert_cmpint(x->ppgtt, ==, y->ppgtt);
        g_assert_cmphex(x->addr, ==, y->addr);
        g_assert_cmpuint(x->len, ==, y->len);
        g_assert_cmpmem(x->dw, 4 * x->len, y->dw, 4 * y->len);
    }
}

static void test_replay(void)
{
    MvgpuScan orig, again = { 0 };
    MvgpuRecording r;
    const char *why = NULL;
    size_t len;
    bool ok;
    g_autofree uint8_t *data = record(false, &len, &ok, &orig);

    g_assert_true(ok);
    g_assert_cmpuint(orig.segs->len, ==, 4);        /* ring + 3 batches */
    /* The memory is gone: the replay can only use the recording. */
    memset(space, 0xff, sizeof(space));
    g_assert_true(mvgpu_recording_parse(&r, data, len, &why));
    g_assert_cmpuint(r.engine_bit, ==, MVGPU_CMD_RCS);
    g_assert_true(mvgpu_recording_scan(&r, &again));
    assert_same_segments(&orig, &again);
    /* The PPGTT batch straddles a page: two reads, at least 4 + 1 dwords. */
    g_assert_cmpuint(r.batch_dwords, >, 1024 + 4);
    mvgpu_scan_free(&again);
    mvgpu_scan_free(&orig);
    mvgpu_recording_free(&r);
}

/* A refused workload replays to the same refusal. */
static void test_replay_refusal(void)
{
    MvgpuScan orig, again = { 0 };
    MvgpuRecording r;
    const char *why = NULL;
    size_t len;
    bool ok;
    g_autofree uint8_t *data = record(true, &len, &ok, &orig);

    g_assert_false(ok);
    g_assert_true(orig.refused);
    g_assert_true(mvgpu_recording_parse(&r, data, len, &why));
    g_assert_false(mvgpu_recording_scan(&r, &again));
    g_assert_true(again.refused);
    g_assert_cmpstr(again.error, ==, orig.error);
    g_assert_cmphex(again.error_addr, ==, orig.error_addr);
    g_assert_nonnull(strstr(again.error, "MI_SET_CONTEXT"));
    mvgpu_scan_free(&again);
    mvgpu_scan_free(&orig);
    mvgpu_recording_free(&r);
}

/* Offset of the first probe entry in a recording; 0 if none. */
static size_t first_probe(const uint8_t *data, size_t len)
{
    size_t at = 16 + 4 * mvgpu_le_load(data + 12, 4);

    while (at + 16 <= len) {
        uint32_t flags = mvgpu_le_load(data + at, 4);

        if (flags & MVGPU_RECORD_PROBE) {
            return at;
        }
        at += 16 + 4 * mvgpu_le_load(data + at + 4, 4);
    }
    return 0;
}

/*
 * A memory operand outside guest RAM is refused, and the recording keeps
 * the probe's answer: the replay refuses too, and flipping the recorded
 * answer of a good store makes its replay refuse.
 */
static void test_replay_probe(void)
{
    MvgpuScan orig, again = { 0 };
    MvgpuRecording r;
    const char *why = NULL;
    size_t len, at;
    bool ok;
    g_autofree uint8_t *data = record_store(false, STORE_WILD, &len, &ok,
                                            &orig);

    g_assert_false(ok);
    g_assert_true(orig.refused);
    g_assert_nonnull(strstr(orig.error, "MI_STORE_DATA_IMM"));
    g_assert_nonnull(strstr(orig.error, "PPGTT 0x11000"));
    g_assert_true(mvgpu_recording_parse(&r, data, len, &why));
    g_assert_cmpuint(r.probes->len, ==, 1);
    memset(space, 0xff, sizeof(space));
    g_assert_false(mvgpu_recording_scan(&r, &again));
    g_assert_cmpstr(again.error, ==, orig.error);
    mvgpu_scan_free(&again);
    mvgpu_scan_free(&orig);
    mvgpu_recording_free(&r);
    g_free(data);

    data = record_store(false, STORE_OK, &len, &ok, &orig);
    g_assert_true(ok);
    mvgpu_scan_free(&orig);
    at = first_probe(data, len);
    g_assert_cmpuint(at, >, 0);
    g_assert_cmphex(mvgpu_le_load(data + at, 4), ==,
                    MVGPU_RECORD_PROBE | MVGPU_RECORD_RAM |
                    MVGPU_MEM_WRITE << MVGPU_RECORD_ACCESS_SHIFT);
    g_assert_cmpuint(mvgpu_le_load(data + at + 4, 4), ==, 4);
    g_assert_cmphex(mvgpu_le_load(data + at + 8, 4), ==, STORE_OK);
    mvgpu_le_store(data + at, MVGPU_RECORD_PROBE |
                   MVGPU_MEM_WRITE << MVGPU_RECORD_ACCESS_SHIFT, 4);
    memset(&again, 0, sizeof(again));
    g_assert_true(mvgpu_recording_parse(&r, data, len, &why));
    g_assert_false(mvgpu_recording_scan(&r, &again));
    g_assert_true(again.refused);
    mvgpu_scan_free(&again);
    mvgpu_recording_free(&r);
}

/* Every truncation parses to an error or replays to a failed scan. */
static void test_truncated(void)
{
    MvgpuScan orig;
    size_t len;
    bool ok;
    g_autofree uint8_t *data = record(false, &len, &ok, &orig);
    unsigned parsed = 0;

    mvgpu_scan_free(&orig);
    for (size_t cut = 0; cut < len; cut++) {
        g_autofree uint8_t *part = g_memdup2(data, cut);
        MvgpuRecording r;
        const char *why = NULL;

        if (mvgpu_recording_parse(&r, part, cut, &why)) {
            MvgpuScan sc = { 0 };

            parsed++;
            g_assert_false(mvgpu_recording_scan(&r, &sc));
            /* Missing memory: a fault, or a probe answered "not RAM". */
            g_assert_true(!sc.refused || strstr(sc.error, "not guest RAM"));
            mvgpu_scan_free(&sc);
        } else {
            g_assert_nonnull(why);
        }
        mvgpu_recording_free(&r);
    }
    /* Cuts at read boundaries parse (the header, and after each read). */
    g_assert_cmpuint(parsed, >=, 2);
}

static void test_malformed(void)
{
    MvgpuScan orig;
    size_t len;
    bool ok;
    g_autofree uint8_t *data = record(false, &len, &ok, &orig);
    struct {
        size_t at;
        uint32_t value;
        const char *why;
    } cases[] = {
        { 0, 0x47505658, "not an mvgpu workload recording" },
        { 8, 3, "bad engine" },
        { 8, 0x10, "bad engine" },
        { 12, 0x40000000, "ring runs past the end" },
    };
    size_t first_read;

    mvgpu_scan_free(&orig);
    for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
        g_autofree uint8_t *bad = g_memdup2(data, len);
        MvgpuRecording r;
        const char *why = NULL;

        mvgpu_le_store(bad + cases[i].at, cases[i].value, 4);
        g_assert_false(mvgpu_recording_parse(&r, bad, len, &why));
        g_assert_cmpstr(why, ==, cases[i].why);
        mvgpu_recording_free(&r);
    }
    /* The first read: a page-crossing count, a misaligned address, flags. */
    first_read = 16 + 4 * mvgpu_le_load(data + 12, 4);
    for (int k = 0; k < 3; k++) {
        g_autofree uint8_t *bad = g_memdup2(data, len);
        MvgpuRecording r;
        const char *why = NULL;
        uint32_t v = k == 0 ? 1025 : k == 1 ? 0x1002 : 4;

        mvgpu_le_store(bad + first_read + (k == 0 ? 4 : k == 1 ? 8 : 0), v, 4);
        g_assert_false(mvgpu_recording_parse(&r, bad, len, &why));
        g_assert_cmpstr(why, ==, "malformed read");
        mvgpu_recording_free(&r);
    }
    /* The probe: an unknown space, no access, no bytes, too many, high bits. */
    for (int k = 0; k < 6; k++) {
        static const struct {
            unsigned field;
            uint32_t value;
        } probe_cases[] = {
            { 0, MVGPU_RECORD_PROBE | 3u << MVGPU_RECORD_SPACE_SHIFT |
                 1u << MVGPU_RECORD_ACCESS_SHIFT },
            { 0, MVGPU_RECORD_PROBE },
            { 0, MVGPU_RECORD_PROBE | 1u << MVGPU_RECORD_ACCESS_SHIFT |
                 1u << 9 },
            { 4, 0 },
            { 4, 4097 },
            { 12, 0x10000 },
        };
        g_autofree uint8_t *bad = g_memdup2(data, len);
        size_t at = first_probe(data, len);
        MvgpuRecording r;
        const char *why = NULL;

        g_assert_cmpuint(at, >, 0);
        mvgpu_le_store(bad + at + probe_cases[k].field, probe_cases[k].value, 4);
        g_assert_false(mvgpu_recording_parse(&r, bad, len, &why));
        g_assert_cmpstr(why, ==, "malformed probe");
        mvgpu_recording_free(&r);
    }
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/mvgpu/record/replay", test_replay);
    g_test_add_func("/mvgpu/record/replay-refusal", test_replay_refusal);
    g_test_add_func("/mvgpu/record/replay-probe", test_replay_probe);
    g_test_add_func("/mvgpu/record/truncated", test_truncated);
    g_test_add_func("/mvgpu/record/malformed", test_malformed);
    return g_test_run();
}
