/*
 * Unit tests of the device's saved state (core/savestate.h): a save
 * loaded into a fresh core saves to the same bytes; work parked in flight
 * (a spinning user batch on RCS, a 2D fill that spans slices on BCS, a
 * fault found between slices) resumes on the new core and ends exactly as
 * on a core that was never saved; a configuration that differs and
 * hostile states (lengths, indexes, ring positions, random fields) are
 * refused with a sentence, leave a core that works, and never crash (the
 * ASan build runs this too).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "fake-host.h"
#include "irq.h"
#include "savestate.h"

/* GGTT page n maps guest page 0x100 + n (4 MiB). */
#define GGTT_PAGES    1024
#define HWSP_GMA      0x0000
#define RING_GMA      0x1000            /* RCS ring, one page */
#define BCS_RING_GMA  0x2000            /* BCS ring, one page */
#define CTX_GMA       0x4000
#define CTX2_GMA      0x6000
#define BATCH_GMA     0x8000
#define DATA_GMA      0xa000
#define BLIT_GMA      0x100000          /* 1 MiB the 2D fill covers */
#define RAM_OF(gma)   (0x100000 + (gma))
#define PML4_GPA      0x800000          /* VA 0 -> the page at BATCH_GMA */

#define BLIT_W        512
#define BLIT_H        512
#define BLIT_PITCH    (4 * BLIT_W)

static uint32_t ram32(FakeHost *h, uint64_t gpa)
{
    uint32_t v;

    memcpy(&v, &h->ram[gpa], 4);
    return GUINT32_FROM_LE(v);
}

static void run_ns(FakeHost *h, uint64_t ns)
{
    fake_host_run_until(h, h->now_ns + ns);
}

static void setup(FakeHost *h)
{
    mb_ggtt_map(&h->bar0, 0, RAM_OF(0), GGTT_PAGES);
    wr(h, RCS_BASE + RING_HWS_PGA, HWSP_GMA);
    wr(h, BCS_BASE + RING_HWS_PGA, HWSP_GMA + 0x800);
    wr(h, RCS_BASE + RING_CONTEXT_STATUS_PTR, MB_CSB_PTRS(5, 5));
    wr(h, BCS_BASE + RING_CONTEXT_STATUS_PTR, MB_CSB_PTRS(5, 5));
    wr(h, GEN8_GT_IMR(0), 0);
    wr(h, GEN8_GT_IER(0), 0xffffffff);
    wr(h, GEN8_MASTER_IRQ, GEN8_MASTER_IRQ_CONTROL);
    for (unsigned level = 0; level < 3; level++) {
        uint64_t table = PML4_GPA + level * 0x1000;

        mb_write32(&h->mem, table, (table + 0x1000) | MB_PPGTT_PRESENT_RW);
    }
    mb_write32(&h->mem, PML4_GPA + 3 * 0x1000,
               RAM_OF(BATCH_GMA) | MB_PPGTT_PRESENT_RW);
}

/*
 * The device busy on two engines: RCS spins in a user batch (IGT's
 * igt_spin, reduced) until the CPU ends it; BCS fills 1 MiB, more than
 * a slice moves, then stores a marker. Both submitted and one step run.
 */
static void start_work(FakeHost *h)
{
    const uint32_t rcs[] = {
        MB_BB_START_PPGTT(0),
        MB_STORE_DWORD_GGTT(DATA_GMA + 0x90, 0x5b1), MB_MI_USER_INTERRUPT,
    };
    const uint32_t bcs[] = {
        MB_COLOR_BLT(MB_BLT_WRITE_RGBA, MB_BR13_32BPP |
                     MB_BR13_ROP(MB_ROP_PATCOPY) | BLIT_PITCH, 0, 0,
                     BLIT_W, BLIT_H, BLIT_GMA, 0x00c0ffee),
        MB_STORE_DWORD_GGTT(DATA_GMA + 0x94, 0xb17), MB_MI_NOOP, MB_MI_NOOP,
    };

    setup(h);
    mb_put_list(&h->mem, RAM_OF(BATCH_GMA), MB_MI_ARB_CHECK, MB_MI_NOOP,
                MB_BB_START_PPGTT(0));
    mb_put(&h->mem, RAM_OF(RING_GMA), rcs, G_N_ELEMENTS(rcs));
    mb_context(&h->mem, RAM_OF(CTX_GMA), &(MbContext) {
        .head = 0, .tail = (sizeof(rcs) + 7) & ~7u, .ring = RING_GMA,
        .ring_pages = 1, .pml4 = PML4_GPA,
    });
    mb_put(&h->mem, RAM_OF(BCS_RING_GMA), bcs, G_N_ELEMENTS(bcs));
    mb_context(&h->mem, RAM_OF(CTX2_GMA), &(MbContext) {
        .head = 0, .tail = sizeof(bcs), .ring = BCS_RING_GMA,
        .ring_pages = 1,
    });
    /* PVINFO read, one PPGTT announced: state beyond the registers. */
    rd(h, PVINFO_BASE + PV_MAGIC);
    wr(h, PVINFO_BASE + PV_PDP_BASE, PML4_GPA);
    wr(h, PVINFO_BASE + PV_PDP_BASE + 4, 0);
    wr(h, PVINFO_BASE + PV_G2V_NOTIFY, VGT_G2V_PPGTT_L4_CREATE);
    mb_submit(&h->bar0, RCS_BASE, mb_desc(CTX_GMA, 0x21), 0);
    mb_submit(&h->bar0, BCS_BASE, mb_desc(CTX2_GMA, 0x22), 0);
    run_ns(h, 1);
}

static void end_spinner(FakeHost *h)
{
    mb_write32(&h->mem, RAM_OF(BATCH_GMA) + 4, MB_MI_BATCH_BUFFER_END);
}

static MvgpuSavedState *save(FakeHost *h)
{
    MvgpuSavedState *s = g_new0(MvgpuSavedState, 1);
    g_autofree char *msg = NULL;

    g_assert_true(mvgpu_core_save_state(h->core, s, &msg));
    g_assert_null(msg);
    return s;
}

static void saved_free(MvgpuSavedState *s)
{
    mvgpu_saved_state_clear(s);
    g_free(s);
}

/* A deep copy, to corrupt without touching the original. */
static MvgpuSavedState *saved_dup(const MvgpuSavedState *s)
{
    MvgpuSavedState *d = g_memdup2(s, sizeof(*s));

    d->regs = g_memdup2(s->regs, s->regs_bytes);
    d->ggtt = g_memdup2(s->ggtt, s->ggtt_bytes);
    return d;
}

static void assert_same_state(const MvgpuSavedState *a,
                              const MvgpuSavedState *b)
{
    MvgpuSavedState x = *a, y = *b;

    g_assert_cmpuint(a->regs_bytes, ==, b->regs_bytes);
    g_assert_cmpuint(a->ggtt_bytes, ==, b->ggtt_bytes);
    g_assert_cmpint(memcmp(a->regs, b->regs, a->regs_bytes), ==, 0);
    g_assert_cmpint(memcmp(a->ggtt, b->ggtt, a->ggtt_bytes), ==, 0);
    x.regs = y.regs = x.ggtt = y.ggtt = NULL;
    g_assert_cmpint(memcmp(&x, &y, sizeof(x)), ==, 0);
}

/* A fresh core with @from's guest RAM and clock: the destination. */
static FakeHost *destination(FakeHost *from)
{
    FakeHost *h = fake_host_new();

    memcpy(h->ram, from->ram, FAKE_RAM_SIZE);
    h->now_ns = from->now_ns;
    return h;
}

static FakeHost *migrate(FakeHost *src)
{
    FakeHost *dst = destination(src);
    MvgpuSavedState *s = save(src);
    g_autofree char *msg = NULL;

    g_assert_true(mvgpu_core_load_state(dst->core, s, &msg));
    g_assert_null(msg);
    saved_free(s);
    return dst;
}

/* Saved, loaded into a fresh core and saved again: the same bytes. */
static void test_round_trip(void)
{
    FakeHost *a = fake_host_new();
    FakeHost *b;
    MvgpuSavedState *s1, *s2;
    g_autofree char *msg = NULL;

    start_work(a);
    g_assert_nonnull(a->core->engines[MVGPU_RCS].run);
    g_assert_nonnull(a->core->engines[MVGPU_BCS].run);
    s1 = save(a);
    g_assert_true(s1->engines[MVGPU_RCS].run.present);
    g_assert_cmpuint(s1->engines[MVGPU_RCS].run.depth, ==, 1);
    g_assert_cmpuint(s1->engines[MVGPU_RCS].run.frame_kind[1], ==,
                     MVGPU_SAVED_FRAME_LIVE);
    /* The fill is parked part done, with its row cursor. */
    g_assert_true(s1->engines[MVGPU_BCS].run.blit_active);
    g_assert_cmpuint(s1->engines[MVGPU_BCS].run.blit_row, >, 0);
    g_assert_cmpuint(s1->engines[MVGPU_BCS].run.blit_row, <, BLIT_H);
    g_assert_cmpuint(s1->timers_armed & (1u << MVGPU_TIMER_ENGINE_BCS), !=,
                     0);
    g_assert_true(s1->pv_notified);
    g_assert_cmpuint(s1->nroots, ==, 1);
    g_assert_cmphex(s1->roots[0], ==, PML4_GPA);

    b = destination(a);
    g_assert_true(mvgpu_core_load_state(b->core, s1, &msg));
    s2 = save(b);
    assert_same_state(s1, s2);
    /* The destination's host has the source's deadlines armed. */
    g_assert_cmpuint(b->timer_expiry[MVGPU_TIMER_ENGINE_BCS], ==,
                     a->timer_expiry[MVGPU_TIMER_ENGINE_BCS]);
    saved_free(s1);
    saved_free(s2);
    fake_host_free(a);
    fake_host_free(b);
}

/*
 * Work parked in flight ends on the destination as on a core that never
 * stopped: the same guest memory to the byte (CSB, HEAD in the image,
 * the fill, the markers) and the same device state.
 */
static void test_resume_completes_identically(void)
{
    FakeHost *ref = fake_host_new();
    FakeHost *src = fake_host_new();
    FakeHost *dst;
    MvgpuSavedState *s_ref, *s_dst;

    start_work(ref);
    start_work(src);
    run_ns(ref, 30000);
    run_ns(src, 30000);
    dst = migrate(src);
    fake_host_free(src);
    g_assert_cmphex(ram32(dst, RAM_OF(DATA_GMA) + 0x94), ==, 0);

    end_spinner(ref);
    end_spinner(dst);
    run_ns(ref, 5000000);
    run_ns(dst, 5000000);
    g_assert_cmphex(ram32(dst, RAM_OF(DATA_GMA) + 0x90), ==, 0x5b1);
    g_assert_cmphex(ram32(dst, RAM_OF(DATA_GMA) + 0x94), ==, 0xb17);
    g_assert_cmphex(ram32(dst, RAM_OF(BLIT_GMA) + BLIT_PITCH * BLIT_H - 4),
                    ==, 0x00c0ffee);
    g_assert_false(dst->core->engines[MVGPU_RCS].busy);
    g_assert_false(dst->core->engines[MVGPU_BCS].busy);
    g_assert_cmpuint(dst->core->engines[MVGPU_BCS].stats.blits, ==, 1);
    g_assert_cmpuint(dst->guest_errors, ==, 0);
    g_assert_cmpint(memcmp(ref->ram, dst->ram, FAKE_RAM_SIZE), ==, 0);
    s_ref = save(ref);
    s_dst = save(dst);
    assert_same_state(s_ref, s_dst);
    saved_free(s_ref);
    saved_free(s_dst);
    fake_host_free(ref);
    fake_host_free(dst);
}

/*
 * A fault found between slices (a lite restore whose TAIL is beyond the
 * ring) is parked with its text; the destination's next slice hangs the
 * engine as the source's would.
 */
static void test_fault_between_slices(void)
{
    FakeHost *ref = fake_host_new();
    FakeHost *src = fake_host_new();
    FakeHost *hosts[2] = { ref, src };
    FakeHost *dst;
    MvgpuSavedState *s, *s_ref, *s_dst;

    for (unsigned i = 0; i < 2; i++) {
        start_work(hosts[i]);
        mb_write32(&hosts[i]->mem,
                   RAM_OF(CTX_GMA) + MB_CTX_SLOT(MVGPU_CTX_RING_TAIL), 0x2000);
        mb_submit(&hosts[i]->bar0, RCS_BASE, mb_desc(CTX_GMA, 0x21), 0);
    }
    s = save(src);
    g_assert_true(s->engines[MVGPU_RCS].run.faulted);
    g_assert_cmpstr((const char *)s->engines[MVGPU_RCS].run.error, ==,
                    "ring TAIL beyond the ring");
    saved_free(s);
    dst = migrate(src);
    fake_host_free(src);
    run_ns(ref, 1000000);
    run_ns(dst, 1000000);
    g_assert_true(dst->core->engines[MVGPU_RCS].hung);
    g_assert_true(fake_host_logged(dst, "ring TAIL beyond the ring"));
    g_assert_cmpint(memcmp(ref->ram, dst->ram, FAKE_RAM_SIZE), ==, 0);
    s_ref = save(ref);
    s_dst = save(dst);
    assert_same_state(s_ref, s_dst);
    saved_free(s_ref);
    saved_free(s_dst);
    fake_host_free(ref);
    fake_host_free(dst);
}

/* Loads @s into a fresh core: refused, with a sentence containing @what. */
static void assert_refused(FakeHost *src, MvgpuSavedState *s,
                           const char *what)
{
    FakeHost *dst = destination(src);
    g_autofree char *msg = NULL;

    g_assert_false(mvgpu_core_load_state(dst->core, s, &msg));
    g_assert_nonnull(msg);
    if (!strstr(msg, what)) {
        g_test_message("refusal '%s' does not name '%s'", msg, what);
        g_assert_not_reached();
    }
    /* Reset, not half loaded: idle engines, no timer of the stream. */
    for (unsigned i = 0; i < MVGPU_NENGINES; i++) {
        g_assert_false(dst->core->engines[i].busy);
        g_assert_null(dst->core->engines[i].run);
    }
    g_assert_cmpuint(dst->core->timers_armed & ~0x7u, ==, 0);
    fake_host_free(dst);
}

typedef void (*Corrupt)(MvgpuSavedState *s);

#define CORRUPTION(fn, body) \
    static void fn(MvgpuSavedState *s) { body; }

CORRUPTION(c_regs_len, s->regs_bytes = 16)
CORRUPTION(c_ggtt_len, s->ggtt_bytes = 8)
CORRUPTION(c_ggtt_null, g_free(s->ggtt); s->ggtt = NULL)
CORRUPTION(c_device, s->device_id = 0x1912)
CORRUPTION(c_aperture, s->aperture_size = 512u << 20)
CORRUPTION(c_ymax, s->ymax = 1080)
CORRUPTION(c_backend, s->backend = MVGPU_SAVED_BACKEND_DRM)
CORRUPTION(c_roots, s->nroots = MVGPU_SAVED_MAX_ROOTS + 1)
CORRUPTION(c_timers, s->timers_armed = 1u << MVGPU_TIMER_COUNT)
CORRUPTION(c_pipe, s->pipes[1].enabled = true; s->pipes[1].frame_ns = 5)
CORRUPTION(c_mode, s->xres = 100000)
CORRUPTION(c_elsp, s->engines[MVGPU_VECS].elsp_count = 9)
CORRUPTION(c_element, s->engines[MVGPU_RCS].element = 2)
CORRUPTION(c_csb, s->engines[MVGPU_BCS].csb_write = 6)
CORRUPTION(c_busy, s->engines[MVGPU_RCS].running[0] = 0)
CORRUPTION(c_idle_run, s->engines[MVGPU_VCS0].run = s->engines[MVGPU_RCS].run)
CORRUPTION(c_lrca, s->engines[MVGPU_RCS].run.lrca = CTX2_GMA)
CORRUPTION(c_ring_size, s->engines[MVGPU_RCS].run.ring_size = 4097)
CORRUPTION(c_head, s->engines[MVGPU_RCS].run.chunk_head = 0x2000)
CORRUPTION(c_tail, s->engines[MVGPU_BCS].run.next_tail = 0x1001)
CORRUPTION(c_depth, s->engines[MVGPU_RCS].run.depth = 3)
CORRUPTION(c_kind, s->engines[MVGPU_RCS].run.frame_kind[1] = 7)
/* Into the middle of MI_BATCH_BUFFER_START: an unaudited dword. */
CORRUPTION(c_mid_command, s->engines[MVGPU_RCS].run.depth = 0;
           s->engines[MVGPU_RCS].run.frame_pos[0] = 1)
CORRUPTION(c_past_ring, s->engines[MVGPU_RCS].run.frame_pos[0] = 100)
CORRUPTION(c_ggtt_batch, s->engines[MVGPU_RCS].run.frame_kind[1] =
           MVGPU_SAVED_FRAME_GGTT)
CORRUPTION(c_live_ring, s->engines[MVGPU_RCS].run.frame_kind[0] =
           MVGPU_SAVED_FRAME_LIVE)
CORRUPTION(c_live_align, s->engines[MVGPU_RCS].run.frame_addr[1] = 2)
CORRUPTION(c_blit_len, s->engines[MVGPU_BCS].run.blit_len = 1000)
CORRUPTION(c_blit_cmd, s->engines[MVGPU_BCS].run.blit_dw[0] = MB_MI_NOOP)
CORRUPTION(c_blit_rcs, s->engines[MVGPU_RCS].run.blit_active = true;
           s->engines[MVGPU_RCS].run.blit_len = 7;
           memcpy(s->engines[MVGPU_RCS].run.blit_dw,
                  s->engines[MVGPU_BCS].run.blit_dw, 28))

static const struct {
    Corrupt fn;
    const char *what;
} corruptions[] = {
    { c_regs_len, "register file" },
    { c_ggtt_len, "GGTT" },
    { c_ggtt_null, "GGTT" },
    { c_device, "device-id=0x1912" },
    { c_aperture, "aperture-size" },
    { c_ymax, "xmax, ymax" },
    { c_backend, "backend=drm" },
    { c_roots, "PPGTT roots" },
    { c_timers, "timer" },
    { c_pipe, "pipe B" },
    { c_mode, "monitor mode" },
    { c_elsp, "VECS: ELSP" },
    { c_element, "RCS: ELSP count" },
    { c_csb, "BCS: CSB" },
    { c_busy, "RCS: busy" },
    { c_idle_run, "VCS0 has a running context but is idle" },
    { c_lrca, "not the element" },
    { c_ring_size, "not a ring" },
    { c_head, "outside its ring" },
    { c_tail, "outside its ring" },
    { c_depth, "batch stack" },
    { c_kind, "unknown stream kind" },
    { c_mid_command, "not a command of the stream" },
    { c_past_ring, "not a command of the stream" },
    { c_ggtt_batch, "GGTT batch" },
    { c_live_ring, "user batch position" },
    { c_live_align, "user batch position" },
    { c_blit_len, "2D command of 1000 dwords" },
    { c_blit_cmd, "2D command the blitter does not run" },
    { c_blit_rcs, "2D command the blitter does not run" },
};

static void test_hostile_fields(void)
{
    FakeHost *src = fake_host_new();
    MvgpuSavedState *s;
    FakeHost *dst;

    start_work(src);
    s = save(src);
    for (size_t i = 0; i < G_N_ELEMENTS(corruptions); i++) {
        MvgpuSavedState *bad = saved_dup(s);

        corruptions[i].fn(bad);
        assert_refused(src, bad, corruptions[i].what);
        saved_free(bad);
    }
    /* The untouched state still loads, and its work completes. */
    dst = destination(src);
    {
        g_autofree char *msg = NULL;

        g_assert_true(mvgpu_core_load_state(dst->core, s, &msg));
    }
    end_spinner(dst);
    run_ns(dst, 5000000);
    g_assert_cmphex(ram32(dst, RAM_OF(DATA_GMA) + 0x90), ==, 0x5b1);
    g_assert_cmphex(ram32(dst, RAM_OF(DATA_GMA) + 0x94), ==, 0xb17);
    saved_free(s);
    fake_host_free(src);
    fake_host_free(dst);
}

/* A parked context whose ring the guest no longer has: refused. */
static void test_ring_rewritten(void)
{
    FakeHost *src = fake_host_new();
    FakeHost *dst;
    MvgpuSavedState *s;
    g_autofree char *msg = NULL;

    start_work(src);
    s = save(src);
    dst = destination(src);
    /* A command the audit refuses where the ring was. */
    mb_write32(&dst->mem, RAM_OF(RING_GMA), 0xffffffff);
    g_assert_false(mvgpu_core_load_state(dst->core, s, &msg));
    g_assert_nonnull(strstr(msg, "RCS cannot resume"));
    saved_free(s);
    fake_host_free(src);
    fake_host_free(dst);
}

/*
 * Random fields: every load either succeeds or is refused with a
 * sentence; the core then runs for a while without crashing.
 */
static void test_hostile_random(void)
{
    FakeHost *src = fake_host_new();
    MvgpuSavedState *s;
    GRand *rnd = g_rand_new_with_seed(16);
    /* The fixed-size part, after the config (which would only refuse). */
    const size_t from = offsetof(MvgpuSavedState, pv_notified);
    unsigned loaded = 0;

    start_work(src);
    s = save(src);
    for (unsigned iter = 0; iter < 200; iter++) {
        MvgpuSavedState *bad = saved_dup(s);
        uint8_t *p = (uint8_t *)bad;
        unsigned flips = 1 + g_rand_int_range(rnd, 0, 8);
        FakeHost *dst = destination(src);
        g_autofree char *msg = NULL;

        for (unsigned f = 0; f < flips; f++) {
            /* Runs' fields most often: they are what is resumed. */
            size_t lo = g_rand_boolean(rnd)
                        ? offsetof(MvgpuSavedState, engines) : from;
            size_t at = g_rand_int_range(rnd, lo, sizeof(*bad));

            p[at] = g_rand_int_range(rnd, 0, 256);
        }
        if (mvgpu_core_load_state(dst->core, bad, &msg)) {
            loaded++;
            end_spinner(dst);
            run_ns(dst, 2000000);
        } else {
            g_assert_nonnull(msg);
        }
        saved_free(bad);
        fake_host_free(dst);
    }
    /* Most flips land in fields any value of which is a state. */
    g_assert_cmpuint(loaded, >, 0);
    g_rand_free(rnd);
    saved_free(s);
    fake_host_free(src);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/mvgpu/savestate/round-trip", test_round_trip);
    g_test_add_func("/mvgpu/savestate/resume-completes-identically",
                    test_resume_completes_identically);
    g_test_add_func("/mvgpu/savestate/fault-between-slices",
                    test_fault_between_slices);
    g_test_add_func("/mvgpu/savestate/hostile-fields", test_hostile_fields);
    g_test_add_func("/mvgpu/savestate/ring-rewritten", test_ring_rewritten);
    g_test_add_func("/mvgpu/savestate/hostile-random", test_hostile_random);
    return g_test_run();
}
