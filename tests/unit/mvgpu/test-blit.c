/*
 * Unit tests of the soft blitter against a reference written here: surfaces
 * are arrays of pixels, tiled layouts come from the reference tile formulas,
 * ROP3 is evaluated bit by bit from its truth table.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <glib.h>
#include <string.h>

#include "blit.h"
#include "../../qtest/mvgpu-tiling.h"

#define MEM_SIZE (1u << 20)

static uint8_t mem[MEM_SIZE];

static bool mem_rw(void *opaque, uint64_t addr, void *buf, uint32_t len,
                   bool write)
{
    if (addr >= MEM_SIZE || len > MEM_SIZE - addr) {
        return false;
    }
    memcpy(write ? mem + addr : buf, write ? buf : mem + addr, len);
    return true;
}

typedef struct TSurf {
    uint64_t base;
    uint32_t pitch;             /* bytes */
    int tiling;                 /* REF_* */
    uint32_t cpp;
} TSurf;

static uint8_t *px(const TSurf *s, uint32_t x, uint32_t y)
{
    return mem + s->base + ref_surface_offset(s->tiling, s->pitch, x * s->cpp, y);
}

static uint32_t get(const TSurf *s, uint32_t x, uint32_t y)
{
    uint32_t v = 0;

    memcpy(&v, px(s, x, y), s->cpp);
    return v;
}

static void put(const TSurf *s, uint32_t x, uint32_t y, uint32_t v)
{
    memcpy(px(s, x, y), &v, s->cpp);
}

/* ROP3 from its definition: result bit = rop bit number (P S D). */
static uint32_t ref_rop(uint8_t rop, uint32_t p, uint32_t s, uint32_t d)
{
    uint32_t r = 0;

    for (int b = 0; b < 32; b++) {
        unsigned idx = ((p >> b) & 1) << 2 | ((s >> b) & 1) << 1 | ((d >> b) & 1);

        r |= (uint32_t)((rop >> idx) & 1) << b;
    }
    return r;
}

static void fill_random(const TSurf *s, uint32_t w, uint32_t h, GRand *r)
{
    for (uint32_t y = 0; y < h; y++) {
        for (uint32_t x = 0; x < w; x++) {
            put(s, x, y, g_rand_int(r));
        }
    }
}

static uint32_t depth_bits(uint32_t cpp)
{
    return cpp == 1 ? 0 : cpp == 2 ? 1u << 24 : 3u << 24;
}

static uint32_t pitch_field(const TSurf *s)
{
    return s->tiling == REF_LINEAR ? s->pitch : s->pitch / 4;
}

static bool color_blt(MvgpuBlitMem *m, MvgpuBlitState *st, const TSurf *d,
                      uint8_t rop, int x1, int y1, int x2, int y2,
                      uint32_t color, uint32_t extra0, uint32_t extra1)
{
    const char *why;
    uint32_t dw[7] = {
        (2u << 29) | (0x50u << 22) | (3u << 20) | 5 | extra0 |
            (d->tiling != REF_LINEAR ? 1u << 11 : 0),
        depth_bits(d->cpp) | (uint32_t)rop << 16 | pitch_field(d) | extra1,
        (uint32_t)y1 << 16 | (x1 & 0xffff), (uint32_t)y2 << 16 | (x2 & 0xffff),
        (uint32_t)d->base, (uint32_t)(d->base >> 32), color,
    };
    m->dst_y_tiled = d->tiling == REF_TILE_Y;
    return mvgpu_blit(m, st, dw, 7, &why);
}

static bool copy_blt(MvgpuBlitMem *m, MvgpuBlitState *st, const TSurf *d,
                     const TSurf *s, uint8_t rop, int x1, int y1, int x2,
                     int y2, int sx, int sy, uint32_t extra1, const char **why)
{
    uint32_t dw[10] = {
        (2u << 29) | (0x53u << 22) | (3u << 20) | 8 |
            (d->tiling != REF_LINEAR ? 1u << 11 : 0) |
            (s->tiling != REF_LINEAR ? 1u << 15 : 0),
        depth_bits(d->cpp) | (uint32_t)rop << 16 | pitch_field(d) | extra1,
        (uint32_t)y1 << 16 | x1, (uint32_t)y2 << 16 | x2,
        (uint32_t)d->base, 0, (uint32_t)sy << 16 | sx, pitch_field(s),
        (uint32_t)s->base, 0,
    };
    m->dst_y_tiled = d->tiling == REF_TILE_Y;
    m->src_y_tiled = s->tiling == REF_TILE_Y;
    return mvgpu_blit(m, st, dw, 10, why);
}

static void test_color_fill_and_rops(void)
{
    MvgpuBlitMem m = { .rw = mem_rw };
    MvgpuBlitState st = { 0 };
    g_autoptr(GRand) r = g_rand_new_with_seed(1);
    static const uint32_t cpps[] = { 1, 2, 4 };

    for (int t = REF_LINEAR; t <= REF_TILE_Y; t++) {
        for (unsigned c = 0; c < 3; c++) {
            TSurf d = { .base = 0x10000, .pitch = 512, .tiling = t,
                        .cpp = cpps[c] };
            g_autofree uint32_t *before = g_new(uint32_t, 64 * 40);
            uint8_t rop = g_rand_int_range(r, 0, 256);
            uint32_t color = g_rand_int(r);
            uint32_t mask = cpps[c] == 4 ? 0xffffffff : (1u << (8 * cpps[c])) - 1;

            fill_random(&d, 64, 40, r);
            for (int i = 0; i < 64 * 40; i++) {
                before[i] = get(&d, i % 64, i / 64);
            }
            g_assert_true(color_blt(&m, &st, &d, rop, 5, 3, 37, 29, color, 0, 0));
            for (int y = 0; y < 40; y++) {
                for (int x = 0; x < 64; x++) {
                    uint32_t old = before[y * 64 + x], want = old;

                    if (x >= 5 && x < 37 && y >= 3 && y < 29) {
                        want = ref_rop(rop, color, 0, old) & mask;
                    }
                    if (get(&d, x, y) != want) {
                        g_error("tiling %d cpp %u rop 0x%02x: (%d,%d) = 0x%x, "
                                "want 0x%x", t, cpps[c], rop, x, y,
                                get(&d, x, y), want);
                    }
                }
            }
        }
    }
}

static void test_copy_tilings_rops(void)
{
    MvgpuBlitMem m = { .rw = mem_rw };
    MvgpuBlitState st = { 0 };
    g_autoptr(GRand) r = g_rand_new_with_seed(2);

    for (int rop = 0; rop < 256; rop += 17) {
        for (int ts = REF_LINEAR; ts <= REF_TILE_Y; ts++) {
            for (int td = REF_LINEAR; td <= REF_TILE_Y; td++) {
                TSurf s = { .base = 0x20000, .pitch = 1024, .tiling = ts, .cpp = 4 };
                TSurf d = { .base = 0x60000, .pitch = 512, .tiling = td, .cpp = 4 };
                g_autofree uint32_t *before = g_new(uint32_t, 100 * 40);
                const char *why;

                fill_random(&s, 200, 64, r);
                fill_random(&d, 100, 40, r);
                for (int i = 0; i < 100 * 40; i++) {
                    before[i] = get(&d, i % 100, i / 100);
                }
                g_assert_true(copy_blt(&m, &st, &d, &s, rop, 10, 4, 90, 36,
                                       70, 20, 0, &why));
                for (int y = 0; y < 40; y++) {
                    for (int x = 0; x < 100; x++) {
                        uint32_t want = before[y * 100 + x];

                        if (x >= 10 && x < 90 && y >= 4 && y < 36) {
                            want = ref_rop(rop, 0, get(&s, x - 10 + 70, y - 4 + 20),
                                           want);
                        }
                        g_assert_cmphex(get(&d, x, y), ==, want);
                    }
                }
            }
        }
    }
}

static void test_overlap_and_clip_and_mask(void)
{
    MvgpuBlitMem m = { .rw = mem_rw };
    MvgpuBlitState st = { 0 };
    g_autoptr(GRand) r = g_rand_new_with_seed(3);
    TSurf a = { .base = 0x30000, .pitch = 512, .tiling = REF_LINEAR, .cpp = 4 };
    g_autofree uint32_t *ref = g_new(uint32_t, 128 * 32);
    const char *why;

    /* Overlapping: move a block 3 right and 2 down within one surface. */
    fill_random(&a, 128, 32, r);
    for (int i = 0; i < 128 * 32; i++) {
        ref[i] = get(&a, i % 128, i / 128);
    }
    g_assert_true(copy_blt(&m, &st, &a, &a, 0xcc, 3, 2, 103, 22, 0, 0, 0, &why));
    for (int y = 0; y < 32; y++) {
        for (int x = 0; x < 128; x++) {
            uint32_t want = ref[y * 128 + x];

            if (x >= 3 && x < 103 && y >= 2 && y < 22) {
                want = ref[(y - 2) * 128 + (x - 3)];
            }
            g_assert_cmphex(get(&a, x, y), ==, want);
        }
    }

    /* Clipping to XY_SETUP_BLT's rectangle, with the source following. */
    {
        uint32_t setup[10] = { (2u << 29) | (0x01u << 22) | 8, 0,
                               (10u << 16) | 20, (15u << 16) | 30, 0, 0, 0, 0 };
        TSurf d = { .base = 0x50000, .pitch = 512, .tiling = REF_LINEAR, .cpp = 4 };

        g_assert_true(mvgpu_blit(&m, &st, setup, 10, &why));
        fill_random(&d, 64, 32, r);
        for (int i = 0; i < 64 * 32; i++) {
            ref[i] = get(&d, i % 64, i / 64);
        }
        g_assert_true(copy_blt(&m, &st, &d, &a, 0xcc, 0, 0, 64, 32, 0, 0,
                               1u << 30, &why));
        for (int y = 0; y < 32; y++) {
            for (int x = 0; x < 64; x++) {
                bool in = x >= 20 && x < 30 && y >= 10 && y < 15;

                g_assert_cmphex(get(&d, x, y), ==,
                                in ? get(&a, x, y) : ref[y * 64 + x]);
            }
        }
    }

    /* 32 bpp with only RGB written: alpha stays. */
    {
        TSurf d = { .base = 0x70000, .pitch = 256, .tiling = REF_LINEAR, .cpp = 4 };

        put(&d, 1, 1, 0x11223344);
        g_assert_true(color_blt(&m, &st, &d, 0xf0, 0, 0, 4, 4, 0xaabbccdd,
                                0, 0));
        g_assert_cmphex(get(&d, 1, 1), ==, 0xaabbccdd);
        {
            uint32_t dw[7] = { (2u << 29) | (0x50u << 22) | (1u << 20) | 5,
                               (3u << 24) | (0xf0u << 16) | 256, 0,
                               (4u << 16) | 4, 0x70000, 0, 0x55667788 };
            g_assert_true(mvgpu_blit(&m, &st, dw, 7, &why));
        }
        g_assert_cmphex(get(&d, 1, 1), ==, 0xaa667788);
    }
}

static const uint32_t fast_tiling[] = {
    [REF_LINEAR] = 0, [REF_TILE_X] = 1, [REF_TILE_Y] = 2,
};

static bool fast_copy(MvgpuBlitMem *m, MvgpuBlitState *st, const TSurf *d,
                      const TSurf *s, int x1, int y1, int x2, int y2, int sx,
                      int sy, uint32_t extra1, const char **why)
{
    static const uint32_t depth[] = { [1] = 0, [2] = 1, [4] = 3 };
    uint32_t dw[10] = {
        (2u << 29) | (0x42u << 22) | 8 | fast_tiling[s->tiling] << 20 |
            fast_tiling[d->tiling] << 13,
        depth[d->cpp] << 24 | pitch_field(d) | extra1,
        (uint32_t)y1 << 16 | x1, (uint32_t)y2 << 16 | x2,
        (uint32_t)d->base, 0, (uint32_t)sy << 16 | sx, pitch_field(s),
        (uint32_t)s->base, 0,
    };

    /* BCS_SWCTRL must not matter: the tiling is in the command. */
    m->dst_y_tiled = m->src_y_tiled = true;
    return mvgpu_blit(m, st, dw, 10, why);
}

/*
 * XY_FAST_COPY_BLT between every pair of tilings at 8, 16 and 32 bpp,
 * against the reference; Yf, Ys and reserved depths are refused.
 */
static void test_fast_copy(void)
{
    static const int tilings[] = { REF_LINEAR, REF_TILE_X, REF_TILE_Y };
    static const uint32_t cpps[] = { 1, 2, 4 };
    g_autoptr(GRand) r = g_rand_new_with_seed(0xfa57);
    MvgpuBlitMem m = { .rw = mem_rw };
    MvgpuBlitState st = { 0 };
    const char *why;
    unsigned checked = 0;

    for (unsigned c = 0; c < G_N_ELEMENTS(cpps); c++) {
        for (unsigned a = 0; a < G_N_ELEMENTS(tilings); a++) {
            for (unsigned b = 0; b < G_N_ELEMENTS(tilings); b++) {
                TSurf src = { .base = 0x00000, .pitch = 512,
                              .tiling = tilings[a], .cpp = cpps[c] };
                TSurf dst = { .base = 0x40000, .pitch = 1024,
                              .tiling = tilings[b], .cpp = cpps[c] };
                uint32_t w = 512 / cpps[c], before[4];

                memset(mem, 0, 0x80000);
                fill_random(&src, w, 40, r);
                fill_random(&dst, 1024 / cpps[c], 48, r);
                /* Pixels just outside the rectangle must not change. */
                before[0] = get(&dst, 2, 5);
                before[1] = get(&dst, 3, 4);
                before[2] = get(&dst, 3 + w - 7, 5);
                before[3] = get(&dst, 3, 5 + 33);
                g_assert_true(fast_copy(&m, &st, &dst, &src, 3, 5, 3 + w - 7,
                                        5 + 33, 6, 2, 0, &why));
                for (uint32_t y = 0; y < 33; y++) {
                    for (uint32_t x = 0; x < w - 7; x++) {
                        g_assert_cmphex(get(&dst, 3 + x, 5 + y), ==,
                                        get(&src, 6 + x, 2 + y));
                        checked++;
                    }
                }
                g_assert_cmphex(get(&dst, 2, 5), ==, before[0]);
                g_assert_cmphex(get(&dst, 3, 4), ==, before[1]);
                g_assert_cmphex(get(&dst, 3 + w - 7, 5), ==, before[2]);
                g_assert_cmphex(get(&dst, 3, 5 + 33), ==, before[3]);
            }
        }
    }
    g_assert_cmpuint(checked, >, 100000);
    {
        TSurf y = { .base = 0, .pitch = 512, .tiling = REF_TILE_Y, .cpp = 4 };

        /* Yf (DW1 bit 30 with Y tiling), and Ys (tiling 3). */
        g_assert_false(fast_copy(&m, &st, &y, &y, 0, 0, 8, 8, 0, 0, 1u << 30,
                                 &why));
        g_assert_nonnull(strstr(why, "Yf/Ys"));
        {
            uint32_t dw[10] = { (2u << 29) | (0x42u << 22) | 8 | 3u << 13,
                                3u << 24 | 128, 0, 8u << 16 | 8, 0, 0, 0, 128,
                                0, 0 };
            g_assert_false(mvgpu_blit(&m, &st, dw, 10, &why));
            g_assert_nonnull(why);
            /* Colour depth 2 is reserved. */
            dw[0] &= ~(3u << 13);
            dw[1] = 2u << 24 | 512;
            g_assert_false(mvgpu_blit(&m, &st, dw, 10, &why));
            g_assert_nonnull(strstr(why, "depth"));
        }
    }
}

static void test_refused(void)
{
    MvgpuBlitMem m = { .rw = mem_rw };
    MvgpuBlitState st = { 0 };
    TSurf d = { .base = 0x10000, .pitch = 512, .tiling = REF_LINEAR, .cpp = 4 };
    TSurf far = { .base = MEM_SIZE - 4096, .pitch = 4096, .tiling = REF_LINEAR,
                  .cpp = 4 };
    const char *why;

    /* Wider than the pitch. */
    g_assert_false(copy_blt(&m, &st, &d, &d, 0xcc, 0, 0, 129, 2, 0, 0, 0, &why));
    g_assert_nonnull(why);
    /* Off the end of memory. */
    g_assert_false(copy_blt(&m, &st, &far, &d, 0xcc, 0, 0, 8, 8, 0, 0, 0, &why));
    g_assert_nonnull(strstr(why, "not in guest RAM"));
    /* Negative coordinates. */
    g_assert_false(copy_blt(&m, &st, &d, &d, 0xcc, 0, 0, 8, 8, 0xfff0, 0, 0, &why));
    /* An X-tiled pitch that is not whole tiles. */
    {
        TSurf bad = { .base = 0, .pitch = 640, .tiling = REF_TILE_X, .cpp = 4 };
        g_assert_false(color_blt(&m, &st, &bad, 0xf0, 0, 0, 8, 8, 0, 0, 0));
    }
    /* Empty rectangles do nothing, successfully. */
    g_assert_true(copy_blt(&m, &st, &d, &d, 0xcc, 8, 8, 8, 20, 0, 0, 0, &why));
    /* Not a command the soft blitter runs: no reason given. */
    {
        uint32_t pat[10] = { (2u << 29) | (0x51u << 22) | 8 };
        g_assert_false(mvgpu_blit(&m, &st, pat, 10, &why));
        g_assert_null(why);
    }
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/mvgpu/blit/color-fill-and-rops", test_color_fill_and_rops);
    g_test_add_func("/mvgpu/blit/copy-tilings-rops", test_copy_tilings_rops);
    g_test_add_func("/mvgpu/blit/overlap-clip-mask",
                    test_overlap_and_clip_and_mask);
    g_test_add_func("/mvgpu/blit/fast-copy", test_fast_copy);
    g_test_add_func("/mvgpu/blit/refused", test_refused);
    return g_test_run();
}
