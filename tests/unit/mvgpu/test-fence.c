/*
 * Unit tests of the fence registers (core/fence.c): the CPU's view of a
 * fenced aperture range is linear while the memory behind it is X or Y
 * tiled (IGT's gem_tiled_pread_basic writes through a GTT mmap and reads
 * the object back untiled), fenced pages are never offered for a direct
 * map, and every fence change tells the host which range to drop. The
 * tiled layout comes from the tests' own reference (mvgpu-tiling.h).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <glib.h>

#include "fake-host.h"
#include "../../qtest/mvgpu-tiling.h"

#define AP_BASE     0x100000u       /* the fenced object, in the aperture */
#define RAM_BASE    0x400000u       /* where its pages are in guest RAM */
#define OBJ_PAGES   16u

/* What the CPU stores at byte @xb of row @y: different everywhere. */
static uint32_t pattern(uint32_t xb, uint32_t y)
{
    return y << 16 | xb;
}

/*
 * An object of OBJ_PAGES pages mapped at AP_BASE, fenced with @pitch and
 * @tiling; the CPU writes it row by row through the aperture, and each
 * dword must land where the tiled layout puts it, and read back the same
 * through the aperture.
 */
static void check_fenced_view(int tiling, uint32_t pitch)
{
    FakeHost *h = fake_host_new();
    uint32_t rows = OBJ_PAGES * 4096 / pitch;

    mb_ggtt_map(&h->bar0, AP_BASE / 4096, RAM_BASE, OBJ_PAGES);
    mb_fence(&h->bar0, 3, AP_BASE, OBJ_PAGES * 4096, pitch,
             tiling == REF_TILE_Y);

    for (uint32_t y = 0; y < rows; y++) {
        for (uint32_t xb = 0; xb < pitch; xb += 4) {
            mvgpu_core_aperture_write(h->core, AP_BASE + y * pitch + xb,
                                      pattern(xb, y), 4);
        }
    }
    for (uint32_t y = 0; y < rows; y++) {
        for (uint32_t xb = 0; xb < pitch; xb += 4) {
            uint64_t at = RAM_BASE + ref_surface_offset(tiling, pitch, xb, y);
            uint32_t v;

            memcpy(&v, h->ram + at, 4);
            if (v != pattern(xb, y)) {
                g_error("%c pitch %u: byte %u of row %u at 0x%" G_GINT64_MODIFIER
                        "x holds 0x%08x", tiling == REF_TILE_Y ? 'Y' : 'X',
                        pitch, xb, y, at, v);
            }
            g_assert_cmphex(mvgpu_core_aperture_read(h->core,
                                                     AP_BASE + y * pitch + xb,
                                                     4), ==, pattern(xb, y));
        }
    }
    /* An 8-byte access stays inside one contiguous run of the tile. */
    mvgpu_core_aperture_write(h->core, AP_BASE + pitch + 8,
                              0x1122334455667788ull, 8);
    g_assert_cmphex(mvgpu_core_aperture_read(h->core, AP_BASE + pitch + 8, 8),
                    ==, 0x1122334455667788ull);
    g_assert_cmphex(h->ram[RAM_BASE + ref_surface_offset(tiling, pitch, 8, 1)],
                    ==, 0x88);
    g_assert_cmpuint(h->guest_errors, ==, 0);
    fake_host_free(h);
}

static void test_x_tiled_view(void)
{
    check_fenced_view(REF_TILE_X, 512);
    check_fenced_view(REF_TILE_X, 2048);    /* four tiles a row */
}

static void test_y_tiled_view(void)
{
    check_fenced_view(REF_TILE_Y, 128);
    check_fenced_view(REF_TILE_Y, 512);
}

/* Outside the fence, and once the fence is gone, the view is linear. */
static void test_outside_and_cleared(void)
{
    FakeHost *h = fake_host_new();

    mb_ggtt_map(&h->bar0, AP_BASE / 4096 - 1, RAM_BASE - 4096, OBJ_PAGES + 2);
    mb_fence(&h->bar0, 0, AP_BASE, OBJ_PAGES * 4096, 512, false);
    /* The page before and the page after the fence: untouched. */
    mvgpu_core_aperture_write(h->core, AP_BASE - 4096 + 520, 0xaa, 4);
    g_assert_cmphex(h->ram[RAM_BASE - 4096 + 520], ==, 0xaa);
    mvgpu_core_aperture_write(h->core, AP_BASE + OBJ_PAGES * 4096 + 520, 0xbb,
                              4);
    g_assert_cmphex(h->ram[RAM_BASE + OBJ_PAGES * 4096 + 520], ==, 0xbb);
    /* Inside: row 8 of X tiles 512 wide is the second tile's first row. */
    mvgpu_core_aperture_write(h->core, AP_BASE + 8 * 512, 0xcc, 4);
    g_assert_cmphex(h->ram[RAM_BASE + 4096], ==, 0xcc);
    /* Cleared: linear again. */
    mb_fence(&h->bar0, 0, 0, 0, 0, false);
    mvgpu_core_aperture_write(h->core, AP_BASE + 520, 0xdd, 4);
    g_assert_cmphex(h->ram[RAM_BASE + 520], ==, 0xdd);
    g_assert_cmpuint(h->guest_errors, ==, 0);
    fake_host_free(h);
}

/*
 * Direct maps: a run of pages stops where a fence starts and none starts
 * inside one; each fence change reports its range, old and new.
 */
static void test_runs_and_changes(void)
{
    FakeHost *h = fake_host_new();
    uint64_t gpa, len;

    mb_ggtt_map(&h->bar0, 0, RAM_BASE, 256);
    g_assert_true(mvgpu_core_aperture_run(h->core, 0, 1u << 20, &gpa, &len));
    g_assert_cmphex(len, ==, 1u << 20);

    h->aperture_changes = 0;
    mb_fence(&h->bar0, 7, 0x40000, 0x10000, 512, false);
    g_assert_cmpuint(h->aperture_changes, >, 0);
    g_assert_cmphex(h->aperture_changed_lo, ==, 0x40000);
    g_assert_cmphex(h->aperture_changed_hi, ==, 0x50000);

    g_assert_true(mvgpu_core_aperture_run(h->core, 0, 1u << 20, &gpa, &len));
    g_assert_cmphex(gpa, ==, RAM_BASE);
    g_assert_cmphex(len, ==, 0x40000);
    g_assert_false(mvgpu_core_aperture_run(h->core, 0x40000, 1u << 20, &gpa,
                                           &len));
    g_assert_false(mvgpu_core_aperture_run(h->core, 0x4f000, 1u << 20, &gpa,
                                           &len));
    g_assert_true(mvgpu_core_aperture_run(h->core, 0x50000, 1u << 20, &gpa,
                                          &len));
    g_assert_cmphex(gpa, ==, RAM_BASE + 0x50000);

    /* Moved: both the old range and the new one are reported. */
    h->aperture_changes = 0;
    mb_fence(&h->bar0, 7, 0x80000, 0x10000, 512, true);
    g_assert_cmphex(h->aperture_changed_lo, ==, 0x40000);
    g_assert_cmphex(h->aperture_changed_hi, ==, 0x90000);
    g_assert_true(mvgpu_core_aperture_run(h->core, 0x40000, 1u << 20, &gpa,
                                          &len));
    g_assert_cmphex(len, ==, 0x40000);

    /* Rewriting the same fence changes nothing. */
    h->aperture_changes = 0;
    wr(h, FENCE_REG_GEN6_HI(7), rd(h, FENCE_REG_GEN6_HI(7)));
    g_assert_cmpuint(h->aperture_changes, ==, 0);

    /* Reset clears every fence. */
    mvgpu_core_reset(h->core);
    mb_ggtt_map(&h->bar0, 0, RAM_BASE, 256);
    g_assert_true(mvgpu_core_aperture_run(h->core, 0, 1u << 20, &gpa, &len));
    g_assert_cmphex(len, ==, 1u << 20);
    g_assert_cmphex(rd(h, FENCE_REG_GEN6_LO(7)), ==, 0);
    fake_host_free(h);
}

/*
 * IGT's tests/i915/gem_blits.c reads a tiled buffer back through a GTT
 * mmap (buffer_check() in its GTT, PRW and WC modes): its 16x4 buffers,
 * tiled by the blitter, fenced with their stride. Without the fence's
 * detiling a Y buffer's rows came back shifted by 4 pixels a row (one
 * 16-byte column of the tile).
 */
static void test_igt_gem_blits_readback(void)
{
    static const struct {
        int tiling;
        uint32_t stride;
    } cases[] = {
        { REF_TILE_X, 512 }, { REF_TILE_Y, 128 },
    };

    for (size_t c = 0; c < G_N_ELEMENTS(cases); c++) {
        FakeHost *h = fake_host_new();
        uint32_t stride = cases[c].stride;

        mb_ggtt_map(&h->bar0, AP_BASE / 4096, RAM_BASE, 1);
        for (uint32_t y = 0; y < 4; y++) {
            for (uint32_t x = 0; x < 16; x++) {
                uint32_t v = (y << 16 | x) ^ 5;

                memcpy(h->ram + RAM_BASE +
                       ref_surface_offset(cases[c].tiling, stride, 4 * x, y),
                       &v, 4);
            }
        }
        mb_fence(&h->bar0, 0, AP_BASE, 4096, stride,
                 cases[c].tiling == REF_TILE_Y);
        for (uint32_t y = 0; y < 4; y++) {
            for (uint32_t x = 0; x < 16; x++) {
                g_assert_cmphex(mvgpu_core_aperture_read(h->core,
                                                         AP_BASE + y * stride +
                                                         4 * x, 4),
                                ==, (y << 16 | x) ^ 5);
            }
        }
        fake_host_free(h);
    }
}

/* An X fence whose pitch is not whole tiles detiles nothing, and says so. */
static void test_bad_pitch_ignored(void)
{
    FakeHost *h = fake_host_new();

    mb_ggtt_map(&h->bar0, AP_BASE / 4096, RAM_BASE, OBJ_PAGES);
    mb_fence(&h->bar0, 1, AP_BASE, OBJ_PAGES * 4096, 384, false);
    g_assert_true(fake_host_logged(h, "fence 1"));
    mvgpu_core_aperture_write(h->core, AP_BASE + 384, 0xee, 4);
    g_assert_cmphex(h->ram[RAM_BASE + 384], ==, 0xee);
    /* Registers still read back as written. */
    g_assert_cmphex(rd(h, FENCE_REG_GEN6_HI(1)), ==,
                    (AP_BASE + OBJ_PAGES * 4096 - 4096) | 2);
    fake_host_free(h);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/mvgpu/fence/x-tiled-view", test_x_tiled_view);
    g_test_add_func("/mvgpu/fence/y-tiled-view", test_y_tiled_view);
    g_test_add_func("/mvgpu/fence/outside-and-cleared",
                    test_outside_and_cleared);
    g_test_add_func("/mvgpu/fence/runs-and-changes", test_runs_and_changes);
    g_test_add_func("/mvgpu/fence/igt-gem-blits-readback",
                    test_igt_gem_blits_readback);
    g_test_add_func("/mvgpu/fence/bad-pitch-ignored", test_bad_pitch_ignored);
    return g_test_run();
}
