/*
 * GPGPU dispatch on the soft backend (core/eu-dispatch.c through soft.c):
 * a user batch in a guest PPGTT with STATE_BASE_ADDRESS, MEDIA_VFE_STATE,
 * MEDIA_CURBE_LOAD, MEDIA_INTERFACE_DESCRIPTOR_LOAD and GPGPU_WALKER,
 * submitted through the execlist; hand-made kernels
 * (tests/include/mvgpu-eu-asm.h) write to a buffer surface, checked value
 * by value.
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
        0x70010000 | (4 - 2), 0, sizeof(curbe), 0x100,  /* MEDIA_CURBE_LOAD */
        0x70020000 | (4 - 2), 0, 32, 0,     /* MEDIA_INTERFACE_DESCRIPTOR_LOAD */
        0x71050000 | (15 - 2), 0, 0, 0,     /* GPGPU_WALKER, SIMD8 */
        2 - 1,                              /* two threads a group */
        0, 0, groups, 0, 0, 1, 0, 1,
        right_mask, 0xffffffff,
        MVGPU_MI_BATCH_BUFFER_END, 0,
    };

    put(h, GPA(KERNEL_VA), (const uint32_t *)k->code, k->len / 4);
    put(h, GPA(DYNAMIC_VA), idd, 8);
    put(h, GPA(DYNAMIC_VA) + 0x100, curbe, G_N_ELEMENTS(curbe));
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
        g_assert_nonnull(strstr(msg, "GPGPU"));
        mvgpu_saved_state_clear(st);
        g_free(st);
    }
    mvgpu_core_bar0_write(h->core, GEN6_GDRST, 1, 4);    /* full reset */
    fake_host_run_until(h, h->now_ns + 1000000);
    g_assert_false(h->core->engines[MVGPU_RCS].busy);
    fake_host_free(h);
}

/* A host set up, not yet submitted, to write one group's global ids. */
static FakeHost *global_id_host(void)
{
    EuAsm k = { 0 };
    FakeHost *h = fake_host_new();

    global_id(&k);
    write_buf(&k, 6);
    end(&k);
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
    return g_test_run();
}
