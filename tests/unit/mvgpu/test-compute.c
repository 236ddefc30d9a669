/*
 * GPGPU dispatch on the soft backend (core/eu-dispatch.c through soft.c):
 * a user batch in a guest PPGTT with STATE_BASE_ADDRESS, MEDIA_VFE_STATE,
 * MEDIA_CURBE_LOAD, MEDIA_INTERFACE_DESCRIPTOR_LOAD and GPGPU_WALKER,
 * submitted through the execlist; hand-made kernels
 * (tests/include/mvgpu-eu-asm.h) write to a buffer surface, checked value
 * by value.
 *
 * The bases and the media state are kept in the context image
 * (core/lrc.h): later batches that dispatch again without them, a
 * migration between two batches, and hostile blocks in the image.
 *
 * Layout (VA 0x200000 maps 2 MiB at guest 0x400000, guest-ppgtt.h): the
 * kernel at Instruction Base VA 0x200000, the descriptor and the CURBE at
 * Dynamic State Base 0x210000, binding table and surface state at Surface
 * State Base 0x220000, the buffer at 0x230000. The batch at VA 0.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <glib.h>
#include <string.h>

#include "eu-dispatch.h"
#include "fake-host.h"
#include "guest-ppgtt.h"
#include "mvgpu-build.h"
#include "mvgpu-eu-asm.h"
#include "savestate.h"

#define KERNEL_VA       0x200000u
#define DYNAMIC_VA      0x210000u
#define SURFACE_VA      0x220000u
#define BUF_VA          0x230000u
#define BUF_BYTES       4096u
#define GPA(va)         (0x400000u + (va) - 0x200000u)

#define GROUP           16      /* invocations: two SIMD8 threads */

/* The batch's commands, in dwords from its start (setup()). */
#define BATCH_GPA       0x300000u
#define AT_MEDIA        19      /* VFE, CURBE, IDL: 17 dwords */
#define AT_WALKER       36
#define AT_GROUPS       (AT_WALKER + 7)
#define AT_END          51
#define CURBE_OFF       0x100   /* from Dynamic State Base */

/* Context 1's image (guest-ppgtt.h) and a second context, its own ring. */
#define CTX1_STATE      (GP_RAM_OF(GP_CTX_GMA) + MVGPU_CTX_STATE_PAGE)
#define CTX2_GMA        0x8000
#define CTX2_RING_GMA   0xc000
#define MEDIA_BLOCK(st) ((st) + 4 * MVGPU_CTX_MEDIA_STATE)

static void put(FakeHost *h, uint64_t gpa, const uint32_t *dw, unsigned n)
{
    for (unsigned i = 0; i < n; i++) {
        mb_write32(&h->mem, gpa + 4 * i, dw[i]);
    }
}

static uint32_t buf(FakeHost *h, unsigned i)
{
    return gp_ram32(h, GPA(BUF_VA) + 4 * i);
}

/* The buffer before a dispatch: every dword a value no kernel writes. */
static void fill_buf(FakeHost *h)
{
    for (unsigned i = 0; i < BUF_BYTES / 4; i++) {
        mb_write32(&h->mem, GPA(BUF_VA) + 4 * i, 0xdeadbeef);
    }
}

/* The state every test shares: surface, descriptor, CURBE, batch. */
static void setup(FakeHost *h, const EuAsm *k, unsigned groups,
                  uint32_t right_mask, uint32_t slm_enc)
{
    /* binding table entry 0 -> RAW buffer of BUF_BYTES at BUF_VA */
    uint32_t ss[16] = {
        [0] = 4u << 29 | 0x1ffu << 18,
        [2] = ((BUF_BYTES - 1) & 0x7f) | ((BUF_BYTES - 1) >> 7) << 16,
        [8] = BUF_VA,
    };
    uint32_t bt[1] = { 0x40 };
    /* one descriptor: kernel at 0, BT at 0, 1 own + 1 cross register */
    uint32_t idd[8] = {
        [0] = 0, [4] = 0, [5] = 1u << 16,
        [6] = 2 | slm_enc << 16 | (slm_enc ? 1u << 21 : 0),
        [7] = 1,
    };
    /* CURBE: cross-thread g1.0 = GROUP; thread n's g2.0 = 8 n */
    uint32_t curbe[24] = { [0] = GROUP, [8] = 0, [16] = 8 };
    uint32_t batch[] = {
        0x61010000 | (19 - 2),              /* STATE_BASE_ADDRESS */
        0 | 1, 0, 0,                        /* general */
        SURFACE_VA | 1, 0,
        DYNAMIC_VA | 1, 0,
        0 | 1, 0,                           /* indirect object */
        KERNEL_VA | 1, 0,
        0xfffff001, 0xfffff001, 0xfffff001, 0xfffff001,
        0, 0, 0,
        0x70000000 | (9 - 2),               /* MEDIA_VFE_STATE */
        0, 0, 64u << 16 | 1u << 8, 0, 0, 0, 0, 0,
        0x70010000 | (4 - 2), 0, sizeof(curbe), /* MEDIA_CURBE_LOAD */
        CURBE_OFF,
        0x70020000 | (4 - 2), 0, 32, 0,     /* MEDIA_INTERFACE_DESCRIPTOR_LOAD */
        0x71050000 | (15 - 2), 0, 0, 0,     /* GPGPU_WALKER, SIMD8 */
        2 - 1,                              /* two threads a group */
        0, 0, groups, 0, 0, 1, 0, 1,
        right_mask, 0xffffffff,
        MVGPU_MI_BATCH_BUFFER_END, 0,
    };

    put(h, GPA(KERNEL_VA), (const uint32_t *)k->code, k->len / 4);
    put(h, GPA(DYNAMIC_VA), idd, 8);
    put(h, GPA(DYNAMIC_VA) + CURBE_OFF, curbe, G_N_ELEMENTS(curbe));
    put(h, GPA(SURFACE_VA), bt, 1);
    put(h, GPA(SURFACE_VA) + 0x40, ss, 16);
    fill_buf(h);
    put(h, 0x300000, batch, G_N_ELEMENTS(batch));
}

/* The batch without its STATE_BASE_ADDRESS (19 MI_NOOPs instead). */
static void drop_sba(FakeHost *h)
{
    for (unsigned i = 0; i < 19; i++) {
        mb_write32(&h->mem, 0x300000 + 4 * i, 0);
    }
}

/* The batch without its media state commands (17 MI_NOOPs instead). */
static void drop_media(FakeHost *h)
{
    for (unsigned i = AT_MEDIA; i < AT_WALKER; i++) {
        mb_write32(&h->mem, BATCH_GPA + 4 * i, 0);
    }
}

/* g6 = the invocation's global id (group * GROUP + g2.0 + lane). */
static void global_id(EuAsm *a)
{
    a->ctl.nomask = true;
    eu_alu(a, MVGPU_EU_OP_MOV, 8, EU_G(3, EU_UW), eu_imm(EU_IMM_V,
           0x76543210), EU_NONE);
    eu_alu(a, MVGPU_EU_OP_MOV, 8, EU_G(4, EU_UD), eu_reg(3, 0, EU_UW, 8, 8,
           1), EU_NONE);
    eu_alu(a, MVGPU_EU_OP_MUL, 8, EU_G(5, EU_UD), EU_G0(0, 4, EU_UD),
           EU_G0(1, 0, EU_UD));
    eu_alu(a, MVGPU_EU_OP_ADD, 8, EU_G(5, EU_UD), EU_G8(5, EU_UD),
           EU_G0(2, 0, EU_UD));
    eu_alu(a, MVGPU_EU_OP_ADD, 8, EU_G(6, EU_UD), EU_G8(5, EU_UD),
           EU_G8(4, EU_UD));
}

/* buffer[g7 / 4] = g<data> (SIMD8 untyped write of R, BTI 0) */
static void write_buf(EuAsm *a, unsigned data)
{
    eu_alu(a, MVGPU_EU_OP_SHL, 8, EU_G(7, EU_UD), EU_G8(6, EU_UD),
           eu_imm_ud(2));
    eu_sends(a, 8, 0, 7, data, MVGPU_EU_SFID_DP_DC1,
             1u << 25 | 0x09u << 14 | (0x2u << 4 | 0xe) << 8 | 0, 1u << 6);
}

static void end(EuAsm *a)
{
    a->ctl.nomask = true;
    eu_alu(a, MVGPU_EU_OP_MOV, 8, EU_G(127, EU_UD), EU_G8(0, EU_UD),
           EU_NONE);
    eu_eot(a);
}

static FakeHost *run_for(const EuAsm *k, unsigned groups,
                         uint32_t right_mask, uint32_t slm_enc, uint64_t ns)
{
    FakeHost *h = fake_host_new();

    gp_make_ppgtt(h);
    gp_setup_execlist(h);
    setup(h, k, groups, right_mask, slm_enc);
    gp_submit(h, 0x42);
    fake_host_run_until(h, h->now_ns + ns);
    return h;
}

/* Time enough for a finite dispatch: the engine then idles. */
static FakeHost *run(const EuAsm *k, unsigned groups, uint32_t right_mask,
                     uint32_t slm_enc)
{
    return run_for(k, groups, right_mask, slm_enc, 100000000);
}

static void test_global_id(void)
{
    EuAsm k = { 0 };
    FakeHost *h;
    const unsigned groups = 3;

    global_id(&k);
    write_buf(&k, 6);
    end(&k);
    /* the last thread of each group has 6 of its 8 channels */
    h = run(&k, groups, 0x3f, 0);
    g_assert_cmpuint(h->guest_errors, ==, 0);
    g_assert_cmphex(gp_ctx_head(h), ==, GP_SUBMIT_BYTES);
    for (unsigned i = 0; i < groups * GROUP + 8; i++) {
        bool off = i % GROUP >= 14 || i >= groups * GROUP;
        g_assert_cmphex(buf(h, i), ==, off ? 0xdeadbeef : i);
    }
    fake_host_free(h);
}

/*
 * Shared local memory and the barrier: each invocation stores its local
 * id to SLM, waits at the barrier, then reads its mirror's (15 - id) and
 * writes it out. Without the barrier, thread 0 (run first) would read
 * thread 1's slots before thread 1 wrote them: zeroes.
 */
static void test_slm_barrier(void)
{
    EuAsm k = { 0 };
    FakeHost *h;
    const unsigned groups = 2;

    global_id(&k);
    /* g8 = local id (g2.0 + lane); g9 = its SLM offset */
    eu_alu(&k, MVGPU_EU_OP_ADD, 8, EU_G(8, EU_UD), EU_G0(2, 0, EU_UD),
           EU_G8(4, EU_UD));
    eu_alu(&k, MVGPU_EU_OP_SHL, 8, EU_G(9, EU_UD), EU_G8(8, EU_UD),
           eu_imm_ud(2));
    eu_sends(&k, 8, 0, 9, 8, MVGPU_EU_SFID_DP_DC1,
             1u << 25 | 0x09u << 14 | (0x2u << 4 | 0xe) << 8 | 254, 1u << 6);
    /* barrier (the gateway), payload g0 */
    k.ctl.nomask = true;
    eu_send(&k, 8, 0, 0, MVGPU_EU_SFID_GATEWAY, 1u << 25 | 4, false);
    /* g10 = (15 - id) * 4; g11 = SLM[g10] */
    eu_alu(&k, MVGPU_EU_OP_ADD, 8, EU_G(10, EU_D), eu_neg(EU_G8(8, EU_D)),
           eu_imm_d(15));
    eu_alu(&k, MVGPU_EU_OP_SHL, 8, EU_G(10, EU_UD), EU_G8(10, EU_UD),
           eu_imm_ud(2));
    eu_send(&k, 8, 11, 10, MVGPU_EU_SFID_DP_DC1,
            1u << 25 | 1u << 20 | 0x01u << 14 | (0x2u << 4 | 0xe) << 8 | 254,
            false);
    write_buf(&k, 11);
    end(&k);
    h = run(&k, groups, 0xff, 1);           /* 4 KiB of SLM */
    g_assert_cmpuint(h->guest_errors, ==, 0);
    for (unsigned i = 0; i < groups * GROUP; i++) {
        g_assert_cmphex(buf(h, i), ==, 15 - i % GROUP);
    }
    g_assert_cmphex(buf(h, groups * GROUP), ==, 0xdeadbeef);
    fake_host_free(h);
}

/*
 * A kernel that never ends costs its engine's slices and is refused by
 * nothing: the engine stays busy and GDRST takes it back.
 */
static void test_endless_reset(void)
{
    EuAsm k = { 0 };
    FakeHost *h;

    eu_alu(&k, MVGPU_EU_OP_ADD, 8, EU_G(10, EU_D), EU_G8(10, EU_D),
           eu_imm_d(1));
    eu_flow(&k, MVGPU_EU_OP_WHILE, 8, -16, 0);
    end(&k);
    /* 0.5 ms: about 25 slices of 64 Ki instructions */
    h = run_for(&k, 1, 0xff, 0, 500000);
    g_assert_cmphex(gp_ctx_head(h), !=, GP_SUBMIT_BYTES);
    g_assert_true(h->core->engines[MVGPU_RCS].busy);
    g_assert_cmpuint(h->core->engines[MVGPU_RCS].stats.slices, >, 10);
    /* a dispatch in flight is not in the saved state: no migration now */
    {
        MvgpuSavedState *st = g_new0(MvgpuSavedState, 1);
        g_autofree char *msg = NULL;

        g_assert_false(mvgpu_core_save_state(h->core, st, &msg));
        g_assert_nonnull(strstr(msg, "runs a GPGPU dispatch; migrate again "
                                "once the dispatch ends"));
        mvgpu_saved_state_clear(st);
        g_free(st);
    }
    mvgpu_core_bar0_write(h->core, GEN6_GDRST, 1, 4);    /* full reset */
    fake_host_run_until(h, h->now_ns + 1000000);
    g_assert_false(h->core->engines[MVGPU_RCS].busy);
    fake_host_free(h);
}

/* A kernel that writes each invocation's global id at its index. */
static void global_id_kernel(EuAsm *k)
{
    global_id(k);
    write_buf(k, 6);
    end(k);
}

/* A host set up, not yet submitted, to write one group's global ids. */
static FakeHost *global_id_host(void)
{
    EuAsm k = { 0 };
    FakeHost *h = fake_host_new();

    global_id_kernel(&k);
    gp_make_ppgtt(h);
    gp_setup_execlist(h);
    setup(h, &k, 1, 0xff, 0);
    return h;
}

/*
 * A walker in a context that never set STATE_BASE_ADDRESS has no bases to
 * run with: skipped, logged.
 */
static void test_no_state(void)
{
    FakeHost *h = global_id_host();

    drop_sba(h);
    gp_submit(h, 0x42);
    fake_host_run_until(h, h->now_ns + 100000000);
    g_assert_cmphex(gp_ctx_head(h), ==, GP_SUBMIT_BYTES);
    g_assert_false(h->core->engines[MVGPU_RCS].hung);
    g_assert_cmpuint(h->core->engines[MVGPU_RCS].stats.skipped, >=, 1);
    g_assert_cmpuint(h->guest_errors, >=, 1);
    g_assert_cmphex(buf(h, 0), ==, 0xdeadbeef);
    fake_host_free(h);
}

/*
 * STATE_BASE_ADDRESS is context state (core/lrc.h): a later batch of the
 * same context that sets no bases, as iris's do, runs with the ones its
 * first batch set.
 */
static void test_state_kept(void)
{
    FakeHost *h = global_id_host();

    gp_submit(h, 0x42);
    fake_host_run_until(h, h->now_ns + 100000000);
    g_assert_cmphex(buf(h, 5), ==, 5);
    fill_buf(h);
    drop_sba(h);
    gp_submit(h, 0x42);
    fake_host_run_until(h, h->now_ns + 100000000);
    g_assert_cmphex(gp_ctx_head(h), ==, 2 * GP_SUBMIT_BYTES);
    g_assert_cmpuint(h->guest_errors, ==, 0);
    for (unsigned i = 0; i < GROUP; i++) {
        g_assert_cmphex(buf(h, i), ==, i);
    }
    fake_host_free(h);
}

/*
 * A huge dispatch whose threads have no channels (right mask 0, one
 * thread a group) still costs its slices: it does not finish in one.
 */
static void test_huge_empty(void)
{
    EuAsm k = { 0 };
    FakeHost *h = fake_host_new();

    end(&k);
    gp_make_ppgtt(h);
    gp_setup_execlist(h);
    setup(h, &k, 0xffffffff, 0, 0);
    /* one thread a group: the walker's thread width 0 */
    mb_write32(&h->mem, 0x300000 + 4 * (19 + 9 + 4 + 4 + 4), 0);
    gp_submit(h, 0x42);
    fake_host_run_until(h, h->now_ns + 500000);
    g_assert_true(h->core->engines[MVGPU_RCS].busy);
    g_assert_cmphex(gp_ctx_head(h), !=, GP_SUBMIT_BYTES);
    mvgpu_core_bar0_write(h->core, GEN6_GDRST, 1, 4);
    fake_host_run_until(h, h->now_ns + 1000000);
    g_assert_false(h->core->engines[MVGPU_RCS].busy);
    fake_host_free(h);
}

/*
 * What the interpreter does not implement is logged, named, and not run;
 * the engine goes on (soft.c, walker_skip()).
 */
static void test_refused(void)
{
    EuAsm k = { 0 };
    FakeHost *h;

    eu_alu(&k, MVGPU_EU_OP_DP4, 8, EU_G(10, EU_F), EU_G8(2, EU_F),
           EU_G8(3, EU_F));
    end(&k);
    h = run(&k, 1, 0xff, 0);
    g_assert_cmpuint(h->unimp, >=, 1);
    g_assert_false(h->core->engines[MVGPU_RCS].hung);
    g_assert_cmpuint(h->core->engines[MVGPU_RCS].stats.skipped, >=, 1);
    fake_host_free(h);
}

/* The next submission of context 1, run until the engine idles. */
static void submit_and_run(FakeHost *h)
{
    gp_submit(h, 0x42);
    fake_host_run_until(h, h->now_ns + 100000000);
}

/*
 * The buffer after a dispatch of @groups groups whose cross-thread
 * constant (the invocations a group, in the CURBE) is @stride: group g
 * writes its ids g * stride + 0..15; every other dword is untouched.
 */
static void assert_ids(FakeHost *h, unsigned groups, unsigned stride)
{
    for (unsigned i = 0; i < BUF_BYTES / 4; i++) {
        bool written = i / stride < groups && i % stride < GROUP;

        g_assert_cmphex(buf(h, i), ==, written ? i : 0xdeadbeef);
    }
}

static void assert_untouched(FakeHost *h)
{
    for (unsigned i = 0; i < BUF_BYTES / 4; i++) {
        g_assert_cmphex(buf(h, i), ==, 0xdeadbeef);
    }
}

/*
 * Batch 2 of context 1: only STATE_BASE_ADDRESS's bases and the media
 * state kept from batch 1 to run with. Two groups, and the CURBE's
 * cross-thread constant rewritten in memory to 2 * GROUP: the kept state
 * is where the CURBE is, so the walker reads the new value.
 */
static void make_batch2(FakeHost *h)
{
    fill_buf(h);
    drop_sba(h);
    drop_media(h);
    mb_write32(&h->mem, BATCH_GPA + 4 * AT_GROUPS, 2);
    mb_write32(&h->mem, GPA(DYNAMIC_VA) + CURBE_OFF, 2 * GROUP);
}

/*
 * A second context on the same PPGTT, never run before (its image has
 * no state of the device's), submitted with context 1 idle.
 */
static void submit_ctx2(FakeHost *h)
{
    mb_context(&h->mem, GP_RAM_OF(CTX2_GMA), &(MbContext) {
        .ring = CTX2_RING_GMA, .tail = GP_SUBMIT_BYTES, .pml4 = GP_PML4,
    });
    mb_put_list(&h->mem, GP_RAM_OF(CTX2_RING_GMA),
                MB_BB_START_PPGTT(0), MB_MI_USER_INTERRUPT, MB_MI_NOOP,
                MB_MI_NOOP);
    mb_submit(&h->bar0, RCS_BASE, mb_desc(CTX2_GMA, 0x43), 0);
    fake_host_run_until(h, h->now_ns + 100000000);
}

/*
 * The media state is context state (core/lrc.h, MVGPU_CTX_MEDIA_STATE):
 * batch 2, in a later submission of the same context, dispatches with
 * GPGPU_WALKER alone, as iris does when its shader has not changed. A
 * context that never loaded it has nothing to dispatch with.
 */
static void test_media_kept(void)
{
    FakeHost *h = global_id_host();
    EuAsm k = { 0 };

    submit_and_run(h);
    assert_ids(h, 1, GROUP);
    /* batch 1's state, in the image */
    g_assert_cmphex(gp_ram32(h, MEDIA_BLOCK(CTX1_STATE)), ==,
                    MVGPU_CTX_SAVED | MVGPU_CTX_MEDIA_STATE_N);
    g_assert_cmphex(gp_ram32(h, MEDIA_BLOCK(CTX1_STATE) +
                             4 * MVGPU_CTX_MEDIA_FLAGS), ==,
                    MVGPU_CTX_MEDIA_VFE | MVGPU_CTX_MEDIA_CURBE |
                    MVGPU_CTX_MEDIA_IDD);
    g_assert_cmphex(gp_ram32(h, MEDIA_BLOCK(CTX1_STATE) +
                             4 * MVGPU_CTX_MEDIA_CURBE_VA), ==,
                    DYNAMIC_VA + CURBE_OFF);
    g_assert_cmphex(gp_ram32(h, MEDIA_BLOCK(CTX1_STATE) +
                             4 * (MVGPU_CTX_MEDIA_IDD_VA + 2)), ==, 32);

    make_batch2(h);
    submit_and_run(h);
    g_assert_cmphex(gp_ctx_head(h), ==, 2 * GP_SUBMIT_BYTES);
    g_assert_cmpuint(h->guest_errors, ==, 0);
    g_assert_cmpuint(h->core->engines[MVGPU_RCS].stats.skipped, ==, 0);
    assert_ids(h, 2, 2 * GROUP);

    /* context 2 sets its bases but loads no media state: not run */
    global_id_kernel(&k);
    setup(h, &k, 1, 0xff, 0);
    drop_media(h);
    fake_host_clear_log(h);
    submit_ctx2(h);
    g_assert_cmphex(gp_ram32(h, GP_RAM_OF(CTX2_GMA) + MVGPU_CTX_STATE_PAGE +
                             4 * MVGPU_CTX_RING_HEAD), ==, GP_SUBMIT_BYTES);
    g_assert_false(h->core->engines[MVGPU_RCS].hung);
    g_assert_true(fake_host_logged(h, "no such interface descriptor"));
    assert_untouched(h);
    fake_host_free(h);
}

/*
 * A context whose image is not restored (RESTORE_INHIBIT, as i915 makes
 * it when there is no default image) gets none of the state kept in it:
 * neither the bases nor the media state.
 */
static void test_restore_inhibit(void)
{
    FakeHost *h = global_id_host();
    EuAsm k = { 0 };

    submit_and_run(h);
    assert_ids(h, 1, GROUP);
    mb_write32(&h->mem, CTX1_STATE + 4 * MVGPU_CTX_CONTEXT_CONTROL,
               MVGPU_CTX_RESTORE_INHIBIT << 16 | MVGPU_CTX_RESTORE_INHIBIT);
    make_batch2(h);
    fake_host_clear_log(h);
    submit_and_run(h);
    g_assert_cmphex(gp_ctx_head(h), ==, 2 * GP_SUBMIT_BYTES);
    g_assert_true(fake_host_logged(h, "has set no STATE_BASE_ADDRESS"));
    assert_untouched(h);

    /* the bases from the batch, the media state from nowhere */
    global_id_kernel(&k);
    setup(h, &k, 1, 0xff, 0);
    drop_media(h);
    fake_host_clear_log(h);
    submit_and_run(h);
    g_assert_cmphex(gp_ctx_head(h), ==, 3 * GP_SUBMIT_BYTES);
    g_assert_true(fake_host_logged(h, "no such interface descriptor"));
    g_assert_false(fake_host_logged(h, "media state in the image"));
    assert_untouched(h);
    fake_host_free(h);
}

/* Saved (core/savestate.h) and loaded into a fresh core: the destination. */
static FakeHost *migrate(FakeHost *src)
{
    MvgpuSavedState *st = g_new0(MvgpuSavedState, 1);
    FakeHost *dst = fake_host_new();
    g_autofree char *msg = NULL;

    g_assert_true(mvgpu_core_save_state(src->core, st, &msg));
    g_assert_null(msg);
    memcpy(dst->ram, src->ram, FAKE_RAM_SIZE);
    dst->now_ns = src->now_ns;
    g_assert_true(mvgpu_core_load_state(dst->core, st, &msg));
    g_assert_null(msg);
    mvgpu_saved_state_clear(st);
    g_free(st);
    return dst;
}

/*
 * Migration between the two batches, with context 1 still on the engine
 * and its GPGPU state set: batch 1 spins (IGT's igt_spin, reduced) after
 * its dispatch. The state is in the image, so the move is not refused;
 * on the destination the spinner ends and batch 2, a later submission,
 * dispatches with the kept state.
 */
static void test_media_migrates(void)
{
    FakeHost *src = global_id_host(), *dst;

    mb_put_list(&src->mem, BATCH_GPA + 4 * AT_END, MB_MI_ARB_CHECK,
                MB_MI_NOOP, MB_BB_START_PPGTT(4 * AT_END));
    gp_submit(src, 0x42);
    fake_host_run_until(src, src->now_ns + 10000000);
    g_assert_true(src->core->engines[MVGPU_RCS].busy);
    g_assert_cmphex(gp_ctx_head(src), !=, GP_SUBMIT_BYTES);
    assert_ids(src, 1, GROUP);

    dst = migrate(src);
    fake_host_free(src);
    mb_write32(&dst->mem, BATCH_GPA + 4 * (AT_END + 1),
               MB_MI_BATCH_BUFFER_END);
    fake_host_run_until(dst, dst->now_ns + 10000000);
    g_assert_cmphex(gp_ctx_head(dst), ==, GP_SUBMIT_BYTES);
    g_assert_false(dst->core->engines[MVGPU_RCS].busy);

    make_batch2(dst);
    mb_write32(&dst->mem, BATCH_GPA + 4 * AT_END, MB_MI_BATCH_BUFFER_END);
    submit_and_run(dst);
    g_assert_cmphex(gp_ctx_head(dst), ==, 2 * GP_SUBMIT_BYTES);
    g_assert_cmpuint(dst->guest_errors, ==, 0);
    assert_ids(dst, 2, 2 * GROUP);
    fake_host_free(dst);
}

/* One way to spoil context 1's media block: a dword and its new value. */
static const struct {
    const char *name;
    unsigned dw;                /* into the block */
    uint32_t v;
    const char *logged;         /* NULL: the block is well formed */
} hostile_blocks[] = {
    { "header", 0, MVGPU_CTX_SAVED | 14, "bad header" },
    { "header-unsaved", 0, MVGPU_CTX_MEDIA_STATE_N, "bad header" },
    { "flags", MVGPU_CTX_MEDIA_FLAGS, 0x80000007, "unknown flags" },
    { "curbe-len", MVGPU_CTX_MEDIA_CURBE_VA + 2, 0x10001, "64 KiB" },
    { "curbe-len-max", MVGPU_CTX_MEDIA_CURBE_VA + 2, 0xffffffff, "64 KiB" },
    { "idd-len-odd", MVGPU_CTX_MEDIA_IDD_VA + 2, 33, "total length" },
    { "idd-len-big", MVGPU_CTX_MEDIA_IDD_VA + 2, 65 * 32, "total length" },
    { "idd-va-48", MVGPU_CTX_MEDIA_IDD_VA + 1, 0x10000, "48 bits" },
    { "curbe-va-high", MVGPU_CTX_MEDIA_CURBE_VA + 1, 0xffffffff,
      "48 bits" },
    /* well formed, but no descriptor to run */
    { "idd-len-0", MVGPU_CTX_MEDIA_IDD_VA + 2, 0, NULL },
    { "idd-flag-off", MVGPU_CTX_MEDIA_FLAGS,
      MVGPU_CTX_MEDIA_VFE | MVGPU_CTX_MEDIA_CURBE, NULL },
};

/*
 * The image is the guest's: a block the device could not have written is
 * logged and ignored, the walker that would have needed it is refused and
 * logged, and the engine goes on; the next batch that loads its state
 * runs right again.
 */
static void test_media_hostile(void)
{
    for (unsigned i = 0; i < G_N_ELEMENTS(hostile_blocks); i++) {
        FakeHost *h = global_id_host();

        g_test_message("%s", hostile_blocks[i].name);
        submit_and_run(h);
        assert_ids(h, 1, GROUP);
        make_batch2(h);
        mb_write32(&h->mem, MEDIA_BLOCK(CTX1_STATE) +
                   4 * hostile_blocks[i].dw, hostile_blocks[i].v);
        fake_host_clear_log(h);
        submit_and_run(h);
        g_assert_cmphex(gp_ctx_head(h), ==, 2 * GP_SUBMIT_BYTES);
        g_assert_false(h->core->engines[MVGPU_RCS].hung);
        g_assert_cmpuint(h->core->engines[MVGPU_RCS].stats.skipped, ==, 1);
        if (hostile_blocks[i].logged) {
            g_assert_true(fake_host_logged(h, "media state in the image"));
            g_assert_true(fake_host_logged(h, hostile_blocks[i].logged));
        }
        g_assert_true(fake_host_logged(h, "GPGPU_WALKER not run: "
                                       "GPGPU_WALKER: no such interface "
                                       "descriptor"));
        assert_untouched(h);
        fake_host_free(h);
    }
}

/*
 * Addresses of the right form that lead nowhere useful: the descriptor
 * and the CURBE near the top of the 48-bit space (the guest PPGTT's
 * scratch page, or nothing). Whatever runs, nothing crashes and the
 * engine goes on.
 */
static void test_media_hostile_addresses(void)
{
    static const struct {
        unsigned dw;
        uint32_t lo, hi;
    } far[] = {
        { MVGPU_CTX_MEDIA_IDD_VA, 0xffffffe0, 0xffff },
        { MVGPU_CTX_MEDIA_CURBE_VA, 0xffffff00, 0xffff },
    };

    for (unsigned i = 0; i < G_N_ELEMENTS(far); i++) {
        FakeHost *h = global_id_host();

        submit_and_run(h);
        make_batch2(h);
        mb_write32(&h->mem, MEDIA_BLOCK(CTX1_STATE) + 4 * far[i].dw,
                   far[i].lo);
        mb_write32(&h->mem, MEDIA_BLOCK(CTX1_STATE) + 4 * (far[i].dw + 1),
                   far[i].hi);
        if (far[i].dw == MVGPU_CTX_MEDIA_CURBE_VA) {
            /* the most the commands allow, crossing the top */
            mb_write32(&h->mem, MEDIA_BLOCK(CTX1_STATE) +
                       4 * (far[i].dw + 2), 64 * 1024);
        }
        submit_and_run(h);
        g_assert_cmphex(gp_ctx_head(h), ==, 2 * GP_SUBMIT_BYTES);
        g_assert_false(h->core->engines[MVGPU_RCS].hung);
        fake_host_free(h);
    }
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/compute/global-id", test_global_id);
    g_test_add_func("/compute/slm-barrier", test_slm_barrier);
    g_test_add_func("/compute/endless-reset", test_endless_reset);
    g_test_add_func("/compute/refused", test_refused);
    g_test_add_func("/compute/state-kept", test_state_kept);
    g_test_add_func("/compute/no-state", test_no_state);
    g_test_add_func("/compute/huge-empty", test_huge_empty);
    g_test_add_func("/compute/media-kept", test_media_kept);
    g_test_add_func("/compute/media-migrates", test_media_migrates);
    g_test_add_func("/compute/media-hostile", test_media_hostile);
    g_test_add_func("/compute/media-hostile-addresses",
                    test_media_hostile_addresses);
    g_test_add_func("/compute/restore-inhibit", test_restore_inhibit);
    return g_test_run();
}
