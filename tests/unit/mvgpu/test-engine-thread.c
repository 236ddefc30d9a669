/*
 * Unit tests of execution beside the guest: a big Y-tiled copy runs over
 * many bounded slices with MMIO served between them, on the host's thread
 * and on the core's worker thread (core.h, MvgpuEngineThread).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "fake-host.h"
#include "gen9-regs.h"
#include "irq.h"
#include "lrc.h"

/* GGTT page n maps guest page 0x100 + n, for 14 MiB. */
#define GGTT_PAGES      (14u << 8)
#define RAM_OF(gma)     (0x100000 + (gma))
#define HWSP_GMA        0x0000
#define RING_GMA        0x1000
#define CTX_GMA         0x4000
#define CTX_ID          7

/* A 1024 x 1024 x 32 bpp Y-tiled copy: 4 MiB read, 4 MiB written. */
#define SRC_GMA         0x100000
#define DST_GMA         0x500000
#define BLIT_W          1024
#define BLIT_H          1024
#define BLIT_PITCH      (BLIT_W * 4)
#define BLIT_BYTES      (BLIT_PITCH * BLIT_H)
/* Slices the copy needs at least: it reads and writes BLIT_BYTES. */
#define BLIT_SLICES     (2 * BLIT_BYTES / \
                         (MVGPU_SLICE_BUDGET * MVGPU_BLIT_BYTES_PER_UNIT))

#define MI_NOOP             0x00000000u
#define MI_USER_INTERRUPT   0x01000000u
/* XY_SRC_COPY_BLT, 32 bpp both channels, both surfaces tiled (BR00 15, 11). */
#define XY_SRC_COPY_TILED   ((2u << 29) | (0x53u << 22) | (3u << 20) | \
                             (1u << 15) | (1u << 11) | 8)
#define BR13_SRCCOPY_32     ((3u << 24) | (0xccu << 16))

static void put32(FakeHost *h, uint64_t gpa, uint32_t v)
{
    v = GUINT32_TO_LE(v);
    memcpy(&h->ram[gpa], &v, 4);
}

/* The GGTT, BCS's status page and interrupts, the copy's surfaces. */
static void setup(FakeHost *h)
{
    GRand *rand = g_rand_new_with_seed(12);

    for (unsigned i = 0; i < GGTT_PAGES; i++) {
        mvgpu_core_bar0_write(h->core, MVGPU_GGTT_PTE_OFFSET + 8 * i,
                              RAM_OF(i * 4096ull) | 1, 8);
    }
    wr(h, BCS_BASE + RING_HWS_PGA, HWSP_GMA);
    wr(h, BCS_BASE + RING_CONTEXT_STATUS_PTR, 0xffff0000 | 5 << 8 | 5);
    wr(h, GEN8_GT_IMR(0), 0);
    wr(h, GEN8_GT_IER(0), 0xffffffff);
    wr(h, GEN8_MASTER_IRQ, GEN8_MASTER_IRQ_CONTROL);
    /* Y tiling for both surfaces (a masked register). */
    wr(h, BCS_SWCTRL, (BCS_SRC_Y | BCS_DST_Y) << 16 | BCS_SRC_Y | BCS_DST_Y);
    for (uint32_t i = 0; i < BLIT_BYTES; i += 4) {
        put32(h, RAM_OF(SRC_GMA) + i, g_rand_int(rand));
    }
    memset(&h->ram[RAM_OF(DST_GMA)], 0xdd, BLIT_BYTES);
    g_rand_free(rand);
}

/* The copy in BCS's ring, then a user interrupt; submitted through ELSP. */
static void submit_copy(FakeHost *h)
{
    const uint32_t ring[] = {
        XY_SRC_COPY_TILED, BR13_SRCCOPY_32 | BLIT_PITCH / 4, 0,
        BLIT_H << 16 | BLIT_W, DST_GMA, 0, 0, BLIT_PITCH / 4, SRC_GMA, 0,
        MI_USER_INTERRUPT, MI_NOOP,
    };
    uint64_t state = RAM_OF(CTX_GMA) + MVGPU_CTX_STATE_PAGE;
    uint64_t desc = (uint64_t)CTX_ID << MVGPU_DESC_CTX_ID_SHIFT | CTX_GMA |
                    (3u << 3) | (1u << 8) | MVGPU_DESC_VALID;

    for (unsigned i = 0; i < G_N_ELEMENTS(ring); i++) {
        put32(h, RAM_OF(RING_GMA) + 4 * i, ring[i]);
    }
    put32(h, state + 4 * MVGPU_CTX_RING_HEAD, 0);
    put32(h, state + 4 * MVGPU_CTX_RING_TAIL, sizeof(ring));
    put32(h, state + 4 * MVGPU_CTX_RING_START, RING_GMA);
    put32(h, state + 4 * MVGPU_CTX_RING_CTL, 1);    /* one page, valid */
    wr(h, BCS_BASE + RING_ELSP, 0);
    wr(h, BCS_BASE + RING_ELSP, 0);
    wr(h, BCS_BASE + RING_ELSP, desc >> 32);
    wr(h, BCS_BASE + RING_ELSP, (uint32_t)desc);
}

/* Lets BCS's timer fire once: one slice (handed to the worker, if any). */
static void next_slice(FakeHost *h)
{
    uint64_t at = h->timer_expiry[MVGPU_TIMER_ENGINE_BCS];

    g_assert_cmpuint(at, !=, 0);
    fake_host_run_until(h, at);
}

static bool dst_is_src(FakeHost *h)
{
    return !memcmp(&h->ram[RAM_OF(DST_GMA)], &h->ram[RAM_OF(SRC_GMA)],
                   BLIT_BYTES);
}

/* Destination bytes the copy has written so far (it writes whole rows). */
static uint32_t dst_written(FakeHost *h)
{
    uint32_t n = 0;

    for (uint32_t i = 0; i < BLIT_BYTES; i += 4) {
        n += memcmp(&h->ram[RAM_OF(DST_GMA) + i], "\xdd\xdd\xdd\xdd", 4) != 0;
    }
    return n * 4;
}

/* A device whose slices run as @engines, the copy submitted on BCS. */
static FakeHost *start_copy(MvgpuEngineThread engines)
{
    MvgpuConfig cfg = fake_host_default_config();
    FakeHost *h;

    cfg.engines = engines;
    h = fake_host_new_with(&cfg);
    setup(h);
    g_array_set_size(h->traces, 0);     /* the resets of creation */
    submit_copy(h);
    return h;
}

/*
 * On the host's thread: the copy takes many slices, each a bounded part,
 * and between two of them the registers answer and show the engine busy.
 */
static void test_long_blit_in_slices(void)
{
    FakeHost *h = start_copy(MVGPU_ENGINES_INLINE);
    MvgpuEngine *e = &h->core->engines[MVGPU_BCS];
    uint32_t written = 0;
    unsigned steps = 0, partial = 0;

    while (e->busy && steps < 1000) {
        uint32_t now;

        next_slice(h);
        steps++;
        if (!e->busy) {
            break;
        }
        /* MMIO between slices: the running context, a copy in progress. */
        g_assert_cmphex(rd(h, BCS_BASE + RING_EXECLIST_STATUS_HI), ==, CTX_ID);
        now = dst_written(h);
        g_assert_cmpuint(now, >=, written);
        /* At most one slice's worth of pixels (read + written) per slice. */
        g_assert_cmpuint(now - written, <=,
                         MVGPU_SLICE_BUDGET * MVGPU_BLIT_BYTES_PER_UNIT / 2 +
                         BLIT_PITCH);
        partial += now > written && now < BLIT_BYTES;
        written = now;
    }
    g_assert_cmpuint(partial, >=, BLIT_SLICES - 1);
    g_assert_false(e->busy);
    g_assert_true(dst_is_src(h));
    g_assert_cmpuint(e->stats.blits, ==, 1);
    /* 8 MiB moved, at most a slice's bytes at a time: a few more slices. */
    g_assert_cmpuint(steps, >=, BLIT_SLICES);
    g_assert_cmpuint(steps, <=, BLIT_SLICES + 3);
    g_assert_cmpuint(rd(h, BCS_BASE + RING_EXECLIST_STATUS_HI), ==, 0);
    g_assert_cmpuint(h->msis, >=, 1);
    g_assert_cmpuint(h->guest_errors, ==, 0);
    fake_host_free(h);
}

/*
 * On the worker thread: the timer's expiry returns before the slice has
 * run, MMIO is served from this thread while the copy goes on there, and
 * the copy ends complete, with the same CSB and interrupt as inline.
 */
static void test_mmio_served_while_worker_blits(void)
{
    FakeHost *h = start_copy(MVGPU_ENGINES_WORKER);
    MvgpuEngine *e = &h->core->engines[MVGPU_BCS];
    unsigned posts = 0, reads = 0;

    for (;;) {
        mvgpu_core_drain(h->core);
        if (!e->busy || posts >= 1000) {
            break;
        }
        /* Hands the next slice to the worker and returns at once. */
        next_slice(h);
        posts++;
        /*
         * Served while the worker holds the copy: no further slice is
         * handed over until this thread moves time, so the copy cannot
         * have finished yet, whatever the worker has done meanwhile.
         */
        if (posts < 8) {
            g_assert_cmphex(rd(h, BCS_BASE + RING_EXECLIST_STATUS_HI), ==,
                            CTX_ID);
            g_assert_cmphex(rd(h, BCS_SWCTRL) & 3, ==, BCS_SRC_Y | BCS_DST_Y);
            reads += 2;
        }
    }
    g_assert_false(e->busy);
    g_assert_true(dst_is_src(h));
    g_assert_cmpuint(reads, ==, 14);
    g_assert_cmpuint(posts, >=, BLIT_SLICES);
    g_assert_cmpuint(posts, <=, BLIT_SLICES + 3);
    g_assert_cmpuint(e->stats.blits, ==, 1);
    /* The CSB: idle-to-active, then complete + active-to-idle. */
    g_assert_cmphex(h->ram[RAM_OF(HWSP_GMA) + MVGPU_HWSP_CSB] &
                    CSB_IDLE_TO_ACTIVE, ==, CSB_IDLE_TO_ACTIVE);
    g_assert_cmphex(h->ram[RAM_OF(HWSP_GMA) + MVGPU_HWSP_CSB + 8] &
                    (CSB_CONTEXT_COMPLETE | CSB_ACTIVE_TO_IDLE), ==,
                    CSB_CONTEXT_COMPLETE | CSB_ACTIVE_TO_IDLE);
    g_assert_cmpuint(h->msis, >=, 1);
    g_assert_cmpuint(h->guest_errors, ==, 0);
    fake_host_free(h);
}

/*
 * A submission's whole life in trace events, on the worker: ELSP, the
 * CSB's idle-to-active, the context's start, the audit's verdict, its
 * slices, completion and the CSB's complete entry; then a GDRST.
 */
static void test_trace_events(void)
{
    static const MvgpuTraceKind head[] = {
        MVGPU_TRACE_ELSP, MVGPU_TRACE_CSB, MVGPU_TRACE_START,
        MVGPU_TRACE_SCAN, MVGPU_TRACE_SLICE,
    };
    static const MvgpuTraceKind tail[] = {
        MVGPU_TRACE_SLICE, MVGPU_TRACE_DONE, MVGPU_TRACE_CSB,
        MVGPU_TRACE_RESET,
    };
    FakeHost *h = start_copy(MVGPU_ENGINES_WORKER_SYNC);
    MvgpuTraceKind *k;
    unsigned n, slices = 0;

    while (h->core->engines[MVGPU_BCS].busy) {
        next_slice(h);
    }
    wr(h, GEN6_GDRST, mvgpu_engines[MVGPU_BCS].gdrst_bit);
    k = (MvgpuTraceKind *)h->traces->data;
    n = h->traces->len;
    g_assert_cmpuint(n, >, G_N_ELEMENTS(head) + G_N_ELEMENTS(tail));
    g_assert_cmpmem(k, sizeof(head), head, sizeof(head));
    g_assert_cmpmem(k + n - G_N_ELEMENTS(tail), sizeof(tail), tail,
                    sizeof(tail));
    for (unsigned i = 0; i < n; i++) {
        slices += k[i] == MVGPU_TRACE_SLICE;
    }
    g_assert_cmpuint(slices, >=, BLIT_SLICES);
    fake_host_free(h);
}

/* A device freed while its worker has work: the thread stops cleanly. */
static void test_free_with_work_posted(void)
{
    FakeHost *h = start_copy(MVGPU_ENGINES_WORKER);

    next_slice(h);
    fake_host_free(h);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/mvgpu/engine-thread/long-blit-in-slices",
                    test_long_blit_in_slices);
    g_test_add_func("/mvgpu/engine-thread/mmio-served-while-worker-blits",
                    test_mmio_served_while_worker_blits);
    g_test_add_func("/mvgpu/engine-thread/trace-events", test_trace_events);
    g_test_add_func("/mvgpu/engine-thread/free-with-work-posted",
                    test_free_with_work_posted);
    return g_test_run();
}
