/*
 * Unit tests of the register model: descriptor semantics (masked, read-only,
 * write-1-to-clear, handlers), reset values, unknown offsets, odd accesses,
 * GGTT PTE storage, the aperture and log rate limiting.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "fake-host.h"
#include "gen9-regs.h"

static void test_tables_consistent(void)
{
    MvgpuRegFile rf;
    g_autofree char *msg = NULL;

    g_assert_true(mvgpu_regfile_init(&rf, mvgpu_gen9.reg_tables,
                                     mvgpu_gen9.nreg_tables, &msg));
    g_assert_null(msg);
    g_assert_cmpuint(rf.ndescs, >, 100);
    mvgpu_regfile_destroy(&rf);
}

static void test_tables_reject_overlap(void)
{
    static const MvgpuRegDesc a[] = {
        { .name = "A", .offset = 0x1000, .size = 16 },
    };
    static const MvgpuRegDesc b[] = {
        { .name = "B", .offset = 0x100c, .size = 4 },
    };
    static const MvgpuRegDesc outside[] = {
        { .name = "C", .offset = MVGPU_MMIO_SIZE - 4, .size = 8 },
    };
    const MvgpuRegTable ta = MVGPU_REG_TABLE(a), tb = MVGPU_REG_TABLE(b);
    const MvgpuRegTable tc = MVGPU_REG_TABLE(outside);
    const MvgpuRegTable *t[] = { &ta, &tb };
    const MvgpuRegTable *t2[] = { &tc };
    MvgpuRegFile rf;
    g_autofree char *msg = NULL;
    g_autofree char *msg2 = NULL;

    g_assert_false(mvgpu_regfile_init(&rf, t, 2, &msg));
    g_assert_nonnull(strstr(msg, "B at 0x100c overlaps A"));
    g_assert_false(mvgpu_regfile_init(&rf, t2, 1, &msg2));
    g_assert_nonnull(strstr(msg2, "inside the window"));
}

static void test_reset_values(void)
{
    FakeHost *h = fake_host_new();

    g_assert_cmphex(rd(h, GEN8_FUSE2), ==, (1u << 25) | (0x8u << 20));
    g_assert_cmphex(rd(h, RCS_BASE + RING_IMR), ==, 0xffffffff);
    g_assert_cmphex(rd(h, BCS_BASE + RING_MI_MODE), ==, MI_MODE_IDLE);
    g_assert_cmphex(rd(h, GEN8_GT_IMR(0)), ==, 0xffffffff);
    g_assert_cmphex(rd(h, GEN8_GT_IIR(0)), ==, 0);
    g_assert_cmphex(rd(h, CTC_MODE), ==, 0x4);

    /* A reset puts back what the guest changed. */
    wr(h, RCS_BASE + RING_IMR, 0x1234);
    wr(h, 0x4000, 0xabcd);
    mvgpu_core_reset(h->core);
    g_assert_cmphex(rd(h, RCS_BASE + RING_IMR), ==, 0xffffffff);
    g_assert_cmphex(rd(h, 0x4000), ==, 0);
    fake_host_free(h);
}

static void test_masked(void)
{
    FakeHost *h = fake_host_new();
    uint32_t mi_mode = RCS_BASE + RING_MI_MODE;
    uint32_t instpm = VCS0_BASE + RING_INSTPM;

    /* Enable bit 24 sets bit 8; the high half always reads 0. */
    wr(h, mi_mode, (MI_MODE_STOP_RING << 16) | MI_MODE_STOP_RING);
    g_assert_cmphex(rd(h, mi_mode), ==, MI_MODE_IDLE | MI_MODE_STOP_RING);
    /* Without its enable bit a value bit changes nothing. */
    wr(h, mi_mode, 0);
    g_assert_cmphex(rd(h, mi_mode), ==, MI_MODE_IDLE | MI_MODE_STOP_RING);
    wr(h, mi_mode, MI_MODE_STOP_RING << 16);
    g_assert_cmphex(rd(h, mi_mode), ==, MI_MODE_IDLE);

    /* Several bits at once, others untouched. */
    wr(h, instpm, 0x00ff00f0);
    g_assert_cmphex(rd(h, instpm), ==, 0xf0);
    wr(h, instpm, 0x00300000 | 0x0f);
    g_assert_cmphex(rd(h, instpm), ==, 0xc0);
    wr(h, instpm, 0xffff0000 | 0x1234);
    g_assert_cmphex(rd(h, instpm), ==, 0x1234);
    fake_host_free(h);
}

static void test_read_only(void)
{
    FakeHost *h = fake_host_new();
    uint32_t fuse = rd(h, GEN8_FUSE2);

    wr(h, GEN8_FUSE2, ~fuse);
    g_assert_cmphex(rd(h, GEN8_FUSE2), ==, fuse);
    /* Partly read-only: MI_MODE's idle bit cannot be cleared by the guest. */
    wr(h, RCS_BASE + RING_MI_MODE, MI_MODE_IDLE << 16);
    g_assert_cmphex(rd(h, RCS_BASE + RING_MI_MODE), ==, MI_MODE_IDLE);
    /* The CSB array is read-only. */
    wr(h, RCS_BASE + RING_CSB_BASE + 8, 0x55);
    g_assert_cmphex(rd(h, RCS_BASE + RING_CSB_BASE + 8), ==, 0);
    fake_host_free(h);
}

static void test_w1c(void)
{
    FakeHost *h = fake_host_new();

    mvgpu_reg_set(h->core, GEN8_GT_IIR(0), 0x01000101);
    wr(h, GEN8_GT_IIR(0), 0x00000100);
    g_assert_cmphex(rd(h, GEN8_GT_IIR(0)), ==, 0x01000001);
    wr(h, GEN8_GT_IIR(0), 0);
    g_assert_cmphex(rd(h, GEN8_GT_IIR(0)), ==, 0x01000001);
    wr(h, GEN8_GT_IIR(0), 0xffffffff);
    g_assert_cmphex(rd(h, GEN8_GT_IIR(0)), ==, 0);
    /* Writing 1 never sets a W1C bit. */
    wr(h, SDEIIR, 0x00800000);
    g_assert_cmphex(rd(h, SDEIIR), ==, 0);

    /* Mixed: FPGA_DBG bit 31 is W1C, the rest plain. */
    mvgpu_reg_set(h->core, FPGA_DBG, FPGA_DBG_RM_NOCLAIM);
    wr(h, FPGA_DBG, FPGA_DBG_RM_NOCLAIM | 0x5);
    g_assert_cmphex(rd(h, FPGA_DBG), ==, 0x5);
    fake_host_free(h);
}

static void test_gdrst_self_clears(void)
{
    FakeHost *h = fake_host_new();

    wr(h, GEN6_GDRST, GDRST_FULL);
    g_assert_cmphex(rd(h, GEN6_GDRST), ==, 0);
    wr(h, GEN6_GDRST, 0x1e);
    g_assert_cmphex(rd(h, GEN6_GDRST), ==, 0);
    g_assert_cmpuint(h->core->gdrst_count, ==, 2);
    fake_host_free(h);
}

static void test_unknown_is_storage_logged_once(void)
{
    FakeHost *h = fake_host_new();
    uint32_t off = 0x4abc;      /* nothing described here */

    g_assert_null(mvgpu_reg_desc(&h->core->rf, off));
    wr(h, off, 0xdeadbeef);
    g_assert_cmphex(rd(h, off), ==, 0xdeadbeef);
    wr(h, off, 0x12345678);
    g_assert_cmphex(rd(h, off), ==, 0x12345678);
    g_assert_cmpuint(h->unimp, ==, 1);
    g_assert_true(fake_host_logged(h, "0x04abc"));
    g_assert_cmpuint(h->guest_errors, ==, 0);
    /* A neighbour is reported on its own. */
    rd(h, off + 4);
    g_assert_cmpuint(h->unimp, ==, 2);
    fake_host_free(h);
}

static void test_widths(void)
{
    FakeHost *h = fake_host_new();
    uint32_t off = RCS_BASE + RING_TAIL;

    /* 8-byte accesses cover two registers, low dword first. */
    mvgpu_core_bar0_write(h->core, off, 0x1111222233334444ull, 8);
    g_assert_cmphex(rd(h, off), ==, 0x33334444);
    g_assert_cmphex(rd(h, off + 4), ==, 0x11112222);
    g_assert_cmphex(mvgpu_core_bar0_read(h->core, off, 8), ==,
                    0x1111222233334444ull);
    /* Byte and word reads take part of the dword. */
    g_assert_cmphex(mvgpu_core_bar0_read(h->core, off + 1, 1), ==, 0x44);
    g_assert_cmphex(mvgpu_core_bar0_read(h->core, off + 2, 2), ==, 0x3333);
    g_assert_cmpuint(h->guest_errors, ==, 0);

    /* Byte writes are not supported: ignored and reported. */
    mvgpu_core_bar0_write(h->core, off, 0xff, 1);
    g_assert_cmphex(rd(h, off), ==, 0x33334444);
    g_assert_cmpuint(h->guest_errors, ==, 1);
    /* Unaligned: ignored, reads 0, reported. */
    g_assert_cmphex(mvgpu_core_bar0_read(h->core, off + 2, 4), ==, 0);
    mvgpu_core_bar0_write(h->core, off + 4, 0, 8);
    g_assert_cmphex(rd(h, off + 4), ==, 0x11112222);
    /* Odd sizes. */
    g_assert_cmphex(mvgpu_core_bar0_read(h->core, off, 3), ==, 0);
    g_assert_cmpuint(h->guest_errors, ==, 4);
    fake_host_free(h);
}

static void test_outside_window(void)
{
    FakeHost *h = fake_host_new();

    /* Between the register window and the PTEs, and past the BAR. */
    wr(h, MVGPU_MMIO_SIZE, 0x1);
    g_assert_cmphex(rd(h, MVGPU_MMIO_SIZE), ==, 0);
    g_assert_cmphex(mvgpu_core_bar0_read(h->core, 0x7ffffc, 4), ==, 0);
    g_assert_cmphex(mvgpu_core_bar0_read(h->core, MVGPU_BAR0_SIZE, 4), ==, 0);
    mvgpu_core_bar0_write(h->core, ~0ull - 7, 1, 8);
    g_assert_cmpuint(h->guest_errors, ==, 5);
    fake_host_free(h);
}

static void test_ggtt_pte_storage(void)
{
    FakeHost *h = fake_host_new();
    uint64_t pte5 = MVGPU_GGTT_PTE_OFFSET + 5 * 8;
    uint64_t gpa;

    mvgpu_core_bar0_write(h->core, pte5, 0x0000000012345001ull, 8);
    g_assert_cmphex(mvgpu_core_bar0_read(h->core, pte5, 8), ==, 0x12345001);
    /* Two 32-bit halves, high then low, as a 32-bit guest writes them. */
    mvgpu_core_bar0_write(h->core, pte5 + 4, 0x7f, 4);
    mvgpu_core_bar0_write(h->core, pte5, 0xabcde001, 4);
    g_assert_cmphex(mvgpu_core_bar0_read(h->core, pte5, 8), ==,
                    0x7fabcde001ull);
    g_assert_cmphex(mvgpu_core_bar0_read(h->core, pte5 + 4, 4), ==, 0x7f);
    g_assert_true(mvgpu_ggtt_translate(h->core, (5 << 12) | 0x123, &gpa));
    g_assert_cmphex(gpa, ==, 0x7fabcde123ull);
    /* Not present. */
    g_assert_false(mvgpu_ggtt_translate(h->core, 6 << 12, &gpa));
    /* Beyond the 4 GiB GGTT. */
    g_assert_false(mvgpu_ggtt_translate(h->core, 1ull << 32, &gpa));
    /* The last entry is reachable, one past it is not. */
    mvgpu_core_bar0_write(h->core, MVGPU_BAR0_SIZE - 8, 0x1001, 8);
    g_assert_cmphex(mvgpu_core_bar0_read(h->core, MVGPU_BAR0_SIZE - 8, 8), ==,
                    0x1001);
    g_assert_cmpuint(h->guest_errors, ==, 0);
    /* Reset clears the table. */
    mvgpu_core_reset(h->core);
    g_assert_cmphex(mvgpu_core_bar0_read(h->core, pte5, 8), ==, 0);
    fake_host_free(h);
}

static void test_aperture(void)
{
    FakeHost *h = fake_host_new();

    /* GGTT page 3 -> guest page 0x42000, page 4 -> outside RAM. */
    mvgpu_core_bar0_write(h->core, MVGPU_GGTT_PTE_OFFSET + 3 * 8,
                          0x42000 | 1, 8);
    mvgpu_core_bar0_write(h->core, MVGPU_GGTT_PTE_OFFSET + 4 * 8,
                          (1ull << 36) | 1, 8);

    mvgpu_core_aperture_write(h->core, 0x3010, 0x8877665544332211ull, 8);
    g_assert_cmphex(h->ram[0x42010], ==, 0x11);
    g_assert_cmphex(h->ram[0x42017], ==, 0x88);
    mvgpu_core_aperture_write(h->core, 0x3ffe, 0xabcd, 2);
    g_assert_cmphex(mvgpu_core_aperture_read(h->core, 0x3ffe, 2), ==, 0xabcd);
    g_assert_cmphex(mvgpu_core_aperture_read(h->core, 0x3012, 1), ==, 0x33);
    g_assert_cmpuint(h->guest_errors, ==, 0);

    /* Outside RAM: reads 0, writes dropped, both reported. */
    g_assert_cmphex(mvgpu_core_aperture_read(h->core, 0x4000, 4), ==, 0);
    mvgpu_core_aperture_write(h->core, 0x4000, 1, 4);
    /* Not present. */
    g_assert_cmphex(mvgpu_core_aperture_read(h->core, 0x5000, 4), ==, 0);
    g_assert_cmpuint(h->guest_errors, ==, 3);
    g_assert_true(fake_host_logged(h, "outside guest RAM"));
    fake_host_free(h);
}

static void test_log_rate_limit(void)
{
    FakeHost *h = fake_host_new();

    for (int i = 0; i < 1000; i++) {
        mvgpu_core_bar0_write(h->core, 1, 0, 4);     /* misaligned */
    }
    g_assert_cmpuint(h->guest_errors, ==, MVGPU_LOG_BURST);
    /* One second of virtual time buys ten more messages. */
    h->now_ns += 1000000000ull;
    for (int i = 0; i < 1000; i++) {
        mvgpu_core_bar0_write(h->core, 1, 0, 4);
    }
    g_assert_cmpuint(h->guest_errors, ==, MVGPU_LOG_BURST + 10);
    g_assert_true(fake_host_logged(h, "(968 earlier messages suppressed)"));
    fake_host_free(h);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/mvgpu/regs/tables-consistent", test_tables_consistent);
    g_test_add_func("/mvgpu/regs/tables-reject-overlap",
                    test_tables_reject_overlap);
    g_test_add_func("/mvgpu/regs/reset-values", test_reset_values);
    g_test_add_func("/mvgpu/regs/masked", test_masked);
    g_test_add_func("/mvgpu/regs/read-only", test_read_only);
    g_test_add_func("/mvgpu/regs/w1c", test_w1c);
    g_test_add_func("/mvgpu/regs/gdrst-self-clears", test_gdrst_self_clears);
    g_test_add_func("/mvgpu/regs/unknown-storage-logged-once",
                    test_unknown_is_storage_logged_once);
    g_test_add_func("/mvgpu/regs/widths", test_widths);
    g_test_add_func("/mvgpu/regs/outside-window", test_outside_window);
    g_test_add_func("/mvgpu/ggtt/pte-storage", test_ggtt_pte_storage);
    g_test_add_func("/mvgpu/ggtt/aperture", test_aperture);
    g_test_add_func("/mvgpu/log/rate-limit", test_log_rate_limit);
    return g_test_run();
}
