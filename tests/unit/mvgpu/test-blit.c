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
#include "mvgpu-build.h"
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
    return cpp == 1 ? MB_BR13_8BPP : cpp == 2 ? MB_BR13_565 : MB_BR13_32BPP;
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
        MB_COLOR_BLT(MB_BLT_WRITE_RGBA | extra0 |
                     (d->tiling != REF_LINEAR ? MB_BLT_DST_TILED : 0),
                     depth_bits(d->cpp) | MB_BR13_ROP(rop) | pitch_field(d) |
                     extra1, x1, y1, x2, y2, d->base, color),
    };
    m->dst_y_tiled = d->tiling == REF_TILE_Y;
    return mvgpu_blit(m, st, dw, 7, &why);
}

static bool copy_blt(MvgpuBlitMem *m, MvgpuBlitState *st, const TSurf *d,
                     const TSurf *s, uint8_t rop, int x1, int y1, int x2,
                     int y2, int sx, int sy, uint32_t extra1, const char **why)
{
    uint32_t dw[10] = {
        MB_SRC_COPY_BLT(MB_BLT_WRITE_RGBA |
                        (d->tiling != REF_LINEAR ? MB_BLT_DST_TILED : 0) |
                        (s->tiling != REF_LINEAR ? MB_BLT_SRC_TILED : 0),
                        depth_bits(d->cpp) | MB_BR13_ROP(rop) |
                        pitch_field(d) | extra1, x1, y1, x2, y2, d->base,
                        sx, sy, pitch_field(s), s->base),
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
        uint32_t setup[10] = { MVGPU_CMD_2D(BLT_XY_SETUP) | 8, 0,
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
            uint32_t dw[7] = {
                MB_COLOR_BLT(MB_BLT_WRITE_RGB, MB_BR13_32BPP |
                             MB_BR13_ROP(MB_ROP_PATCOPY) | 256, 0, 0, 4, 4,
                             0x70000, 0x55667788),
            };
            g_assert_true(mvgpu_blit(&m, &st, dw, 7, &why));
        }
        g_assert_cmphex(get(&d, 1, 1), ==, 0xaa667788);
    }
}

static const uint32_t fast_tiling[] = {
    [REF_LINEAR] = MB_FAST_TILE_LINEAR, [REF_TILE_X] = MB_FAST_TILE_X,
    [REF_TILE_Y] = MB_FAST_TILE_Y,
};

static bool fast_copy(MvgpuBlitMem *m, MvgpuBlitState *st, const TSurf *d,
                      const TSurf *s, int x1, int y1, int x2, int y2, int sx,
                      int sy, uint32_t extra1, const char **why)
{
    static const uint32_t depth[] = { [1] = 0, [2] = 1, [4] = 3 };
    uint32_t dw[10] = {
        MB_FAST_COPY_BLT(MB_FAST_SRC_TILING(fast_tiling[s->tiling]) |
                         MB_FAST_DST_TILING(fast_tiling[d->tiling]),
                         MB_FAST_DEPTH(depth[d->cpp]) | pitch_field(d) |
                         extra1, x1, y1, x2, y2, d->base, sx, sy,
                         pitch_field(s), s->base),
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
            /* Ys: destination tiling 3. */
            uint32_t dw[10] = {
                MB_FAST_COPY_BLT(MB_FAST_DST_TILING(3), MB_FAST_DEPTH(3) | 128,
                                 0, 0, 8, 8, 0, 0, 0, 128, 0),
            };
            g_assert_false(mvgpu_blit(&m, &st, dw, 10, &why));
            g_assert_nonnull(why);
            /* Colour depth 2 is reserved. */
            dw[0] &= ~MB_FAST_DST_TILING(3);
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
        uint32_t pat[10] = { MVGPU_CMD_2D(BLT_XY_PAT) | 8 };
        g_assert_false(mvgpu_blit(&m, &st, pat, 10, &why));
        g_assert_null(why);
    }
}

/* ---- helpers for the commands below */

#define W 64                    /* pixels of each test surface checked */
#define H 48

static uint32_t yx(int x, int y)
{
    return MB_YX(x, y & 0xffff);
}

static uint32_t dst_tiled(const TSurf *d)
{
    return d->tiling != REF_LINEAR ? MB_BLT_DST_TILED : 0;
}

static uint32_t br13_of(const TSurf *d, uint8_t rop, uint32_t extra)
{
    return depth_bits(d->cpp) | (uint32_t)rop << 16 | pitch_field(d) | extra;
}

static uint32_t pixel_mask(uint32_t cpp)
{
    return cpp == 4 ? 0xffffffff : (1u << (8 * cpp)) - 1;
}

static void snap(const TSurf *s, uint32_t *out)
{
    for (int y = 0; y < H; y++) {
        for (int x = 0; x < W; x++) {
            out[y * W + x] = get(s, x, y);
        }
    }
}

static void check_surface(const TSurf *s, const uint32_t *want,
                          const char *what)
{
    for (int y = 0; y < H; y++) {
        for (int x = 0; x < W; x++) {
            if (get(s, x, y) != want[y * W + x]) {
                g_error("%s: tiling %d cpp %u: (%d,%d) = 0x%x, want 0x%x",
                        what, s->tiling, s->cpp, x, y, get(s, x, y),
                        want[y * W + x]);
            }
        }
    }
}

/* Inside [x1, x2) x [y1, y2) and, when @clip, the clip rectangle. */
static bool inside(int x, int y, const int *r, bool clip, const int *c)
{
    return x >= r[0] && y >= r[1] && x < r[2] && y < r[3] &&
           (!clip || (x >= c[0] && y >= c[1] && x < c[2] && y < c[3]));
}

static void setup_blt(MvgpuBlitMem *m, MvgpuBlitState *st, unsigned op,
                      uint32_t br00, uint32_t br13, const int *clip,
                      uint64_t addr, uint32_t bg, uint32_t fg, uint64_t pat)
{
    const char *why;
    uint32_t dw[10] = {
        MVGPU_CMD_2D(op) | br00 | MB_LEN(10), br13, yx(clip[0], clip[1]),
        yx(clip[2], clip[3]), (uint32_t)addr, (uint32_t)(addr >> 32), bg, fg,
        (uint32_t)pat, (uint32_t)(pat >> 32),
    };

    g_assert_true(mvgpu_blit(m, st, dw, 10, &why));
}

static const int tilings[] = { REF_LINEAR, REF_TILE_X, REF_TILE_Y };
static const uint32_t cpps[] = { 1, 2, 4 };

/* The mono pattern bit at (x, y): byte = row, most significant bit first. */
static bool ref_pat_bit(uint64_t pat, int x, int y, unsigned seed_x,
                        unsigned seed_y)
{
    unsigned row = (unsigned)(y + seed_y) % 8, col = (unsigned)(x + seed_x) % 8;

    return (pat >> (row * 8 + 7 - col)) & 1;
}

/*
 * XY_FAST_COLOR_BLT (opcode 0x44) is a Gen12 command: the Gen9 blitter
 * does not run it, whatever its length, and leaves memory alone.
 */
static void test_fast_color_not_gen9(void)
{
    MvgpuBlitMem m = { .rw = mem_rw };
    MvgpuBlitState st = { 0 };
    const char *why = "unset";

    memset(mem, 0xa5, 0x1000);
    for (uint32_t len = 7; len <= 16; len++) {
        uint32_t dw[16] = { MVGPU_CMD_2D(0x44) | (len - 2),
                            3u << 24 | 256, 0, yx(8, 8), 0, 0,
                            0x11111111, 0x22222222 };

        g_assert_false(mvgpu_blit(&m, &st, dw, len, &why));
        g_assert_null(why);
    }
    for (int i = 0; i < 0x1000; i++) {
        g_assert_cmphex(mem[i], ==, 0xa5);
    }
}

/*
 * XY_SETUP_MONO_PATTERN_SL_BLT (solid or 8x8 mono pattern, opaque or
 * transparent) followed by XY_SCANLINES_BLT with pattern seeds and
 * XY_PIXEL_BLT: every tiling and depth, several ROPs, a clip rectangle
 * that cuts one rectangle and hides another, 32-bpp channel masks.
 */
static void test_setup_scanlines(void)
{
    g_autoptr(GRand) r = g_rand_new_with_seed(0x5c);
    MvgpuBlitMem m = { .rw = mem_rw };
    MvgpuBlitState st = { 0 };
    static const uint8_t rops[] = { 0xf0, 0x5a, 0xa0, 0x0f, 0xfa, 0x00 };
    uint32_t before[W * H], want[W * H];
    unsigned round = 0;

    for (unsigned t = 0; t < 3; t++) {
        for (unsigned c = 0; c < 3; c++) {
            for (unsigned k = 0; k < G_N_ELEMENTS(rops) * 3; k++, round++) {
                TSurf d = { .base = 0x10000, .pitch = 512,
                            .tiling = tilings[t], .cpp = cpps[c] };
                uint8_t rop = rops[k % G_N_ELEMENTS(rops)];
                bool solid = k / G_N_ELEMENTS(rops) == 0;
                bool transp = k / G_N_ELEMENTS(rops) == 2;
                uint32_t bg = g_rand_int(r), fg = g_rand_int(r);
                uint64_t pat = (uint64_t)g_rand_int(r) << 32 | g_rand_int(r);
                uint32_t mask = pixel_mask(d.cpp), wmask = mask;
                uint32_t br00 = dst_tiled(&d) | MB_BLT_WRITE_RGBA;
                int clip[4] = { 4, 6, 50, 40 };
                int rects[3][4] = { { 1, 2, 30, 20 }, { 20, 25, 63, 47 },
                                    { 52, 0, 60, 5 } };   /* last: clipped */
                unsigned seeds[3][2] = { { 0, 0 }, { 3, 5 }, { 7, 1 } };
                const char *why;

                if (d.cpp == 4 && round % 2) {
                    br00 = dst_tiled(&d) | MB_BLT_WRITE_RGB;   /* RGB only */
                    wmask = 0x00ffffff;
                }
                m.dst_y_tiled = d.tiling == REF_TILE_Y;
                fill_random(&d, W, H, r);
                snap(&d, before);
                memcpy(want, before, sizeof(want));
                setup_blt(&m, &st, BLT_XY_SETUP_MONO_PAT, br00,
                          br13_of(&d, rop, 1u << 30 |
                                  (solid ? 1u << 31 : 0) |
                                  (transp ? 1u << 28 : 0)),
                          clip, d.base, bg, fg, pat);
                for (int i = 0; i < 3; i++) {
                    uint32_t dw[3] = {
                        MVGPU_CMD_2D(BLT_XY_SCANLINES) | dst_tiled(&d) |
                            seeds[i][0] << 12 | seeds[i][1] << 8 | 1,
                        yx(rects[i][0], rects[i][1]),
                        yx(rects[i][2], rects[i][3]),
                    };

                    g_assert_true(mvgpu_blit(&m, &st, dw, 3, &why));
                    for (int y = 0; y < H; y++) {
                        for (int x = 0; x < W; x++) {
                            uint32_t old = want[y * W + x], p = bg;

                            if (!inside(x, y, rects[i], true, clip)) {
                                continue;
                            }
                            if (!solid && ref_pat_bit(pat, x, y, seeds[i][0],
                                                      seeds[i][1])) {
                                p = fg;
                            } else if (transp) {
                                continue;
                            }
                            want[y * W + x] =
                                ((ref_rop(rop, p, 0, old) & wmask) |
                                 (old & ~wmask)) & mask;
                        }
                    }
                }
                /* One pixel inside the clip, one outside. */
                for (int i = 0; i < 2; i++) {
                    int px = i ? 2 : 45, py = i ? 44 : 7;
                    uint32_t dw[2] = { MVGPU_CMD_2D(BLT_XY_PIXEL) |
                                       dst_tiled(&d), yx(px, py) };
                    uint32_t old = want[py * W + px], p = bg;

                    g_assert_true(mvgpu_blit(&m, &st, dw, 2, &why));
                    if (i) {
                        continue;
                    }
                    if (!solid && ref_pat_bit(pat, px, py, 0, 0)) {
                        p = fg;
                    } else if (transp) {
                        continue;
                    }
                    want[py * W + px] = ((ref_rop(rop, p, 0, old) & wmask) |
                                         (old & ~wmask)) & mask;
                }
                check_surface(&d, want, "scanlines");
            }
        }
    }
    /* Without a set-up, followers are refused with a reason. */
    {
        MvgpuBlitState fresh = { 0 };
        uint32_t dw[3] = { MVGPU_CMD_2D(BLT_XY_SCANLINES) | 1, 0, yx(4, 4) };
        const char *why;

        g_assert_false(mvgpu_blit(&m, &fresh, dw, 3, &why));
        g_assert_nonnull(strstr(why, "XY_SETUP_BLT"));
    }
}

/*
 * XY_SETUP_BLT with an 8x8 colour pattern in memory, then XY_SCANLINES_BLT:
 * the pattern follows the seeds; a ROP without P does not read it.
 */
static void test_setup_color_pattern(void)
{
    g_autoptr(GRand) r = g_rand_new_with_seed(0xc0);
    MvgpuBlitMem m = { .rw = mem_rw };
    MvgpuBlitState st = { 0 };
    uint32_t want[W * H];
    const char *why;

    for (unsigned t = 0; t < 3; t++) {
        for (unsigned c = 0; c < 3; c++) {
            TSurf d = { .base = 0x20000, .pitch = 512, .tiling = tilings[t],
                        .cpp = cpps[c] };
            TSurf pat = { .base = 0x8000, .pitch = 8 * cpps[c],
                          .tiling = REF_LINEAR, .cpp = cpps[c] };
            int clip[4] = { 0, 0, 0, 0 };
            int rect[4] = { 3, 4, 61, 45 };
            uint8_t rop = t == 2 ? 0xf0 : 0x96;   /* PATCOPY, P^S^D */
            uint32_t dw[3] = {
                MVGPU_CMD_2D(BLT_XY_SCANLINES) | dst_tiled(&d) | 2u << 12 |
                    6u << 8 | 1,
                yx(rect[0], rect[1]), yx(rect[2], rect[3]),
            };

            m.dst_y_tiled = d.tiling == REF_TILE_Y;
            fill_random(&d, W, H, r);
            fill_random(&pat, 8, 8, r);
            snap(&d, want);
            setup_blt(&m, &st, BLT_XY_SETUP, dst_tiled(&d) | MB_BLT_WRITE_RGBA,
                      br13_of(&d, rop, 0), clip, d.base, 0, 0, pat.base);
            g_assert_true(mvgpu_blit(&m, &st, dw, 3, &why));
            for (int y = rect[1]; y < rect[3]; y++) {
                for (int x = rect[0]; x < rect[2]; x++) {
                    uint32_t p = get(&pat, (x + 2) % 8, (y + 6) % 8);

                    want[y * W + x] = ref_rop(rop, p, 0, want[y * W + x]) &
                                      pixel_mask(d.cpp);
                }
            }
            check_surface(&d, want, "colour pattern");
        }
    }
    /* A pattern nowhere in memory: refused when P is used, else unread. */
    {
        TSurf d = { .base = 0x20000, .pitch = 512, .tiling = REF_LINEAR,
                    .cpp = 4 };
        int clip[4] = { 0 };
        uint32_t dw[3] = { MVGPU_CMD_2D(BLT_XY_SCANLINES) | 1, 0, yx(4, 4) };

        setup_blt(&m, &st, BLT_XY_SETUP, MB_BLT_WRITE_RGBA,
                  br13_of(&d, 0xf0, 0), clip, d.base, 0, 0, MEM_SIZE);
        g_assert_false(mvgpu_blit(&m, &st, dw, 3, &why));
        g_assert_nonnull(strstr(why, "pattern"));
        setup_blt(&m, &st, BLT_XY_SETUP, MB_BLT_WRITE_RGBA,
                  br13_of(&d, 0x55, 0), clip, d.base, 0, 0, MEM_SIZE);
        g_assert_true(mvgpu_blit(&m, &st, dw, 3, &why));
    }
}

/* Packs @w x @h bits, MSB first: rows of @pitch bits after @offset bits. */
static uint32_t pack_mono(const uint8_t *bits, int w, int h, int pitch,
                          int offset, uint32_t *out)
{
    uint8_t bytes[1024] = { 0 };
    uint32_t n = (uint32_t)((h - 1) * pitch + offset + w + 63) / 64 * 2;

    for (int v = 0; v < h; v++) {
        for (int u = 0; u < w; u++) {
            int bit = v * pitch + offset + u;

            if (bits[v * w + u]) {
                bytes[bit / 8] |= 0x80 >> (bit % 8);
            }
        }
    }
    for (uint32_t i = 0; i < n; i++) {
        out[i] = bytes[4 * i] | bytes[4 * i + 1] << 8 |
                 bytes[4 * i + 2] << 16 | (uint32_t)bytes[4 * i + 3] << 24;
    }
    return n;           /* padded to a quadword, as drivers send it */
}

/*
 * The reference of a mono-source blit: 1 bits are the foreground, 0 bits
 * the background or, when transparent, untouched; P is @p.
 */
static void ref_mono(uint32_t *want, const TSurf *d, const int *rect,
                     const int *clip, const uint8_t *bits, uint8_t rop,
                     uint32_t p, uint32_t bg, uint32_t fg, bool transp,
                     uint32_t wmask)
{
    int w = rect[2] - rect[0];

    for (int y = 0; y < H; y++) {
        for (int x = 0; x < W; x++) {
            uint32_t old = want[y * W + x], s;

            if (!inside(x, y, rect, clip != NULL, clip)) {
                continue;
            }
            if (bits[(y - rect[1]) * w + (x - rect[0])]) {
                s = fg;
            } else if (transp) {
                continue;
            } else {
                s = bg;
            }
            want[y * W + x] = ((ref_rop(rop, p, s, old) & wmask) |
                               (old & ~wmask)) & pixel_mask(d->cpp);
        }
    }
}

/*
 * XY_SETUP_BLT + XY_TEXT_IMMEDIATE_BLT, byte and bit packed, opaque and
 * transparent, clipped partly (the bitmap keeps its origin), wholly, and
 * re-clipped by XY_SETUP_CLIP_BLT; data shorter than the glyph is refused.
 */
static void test_text_immediate(void)
{
    g_autoptr(GRand) r = g_rand_new_with_seed(0x7e);
    MvgpuBlitMem m = { .rw = mem_rw };
    MvgpuBlitState st = { 0 };
    static const uint8_t rops[] = { 0xcc, 0x66, 0x88, 0xee, 0x33 };
    uint32_t want[W * H];
    unsigned round = 0;

    for (unsigned t = 0; t < 3; t++) {
        for (unsigned c = 0; c < 3; c++) {
            for (unsigned k = 0; k < 4; k++, round++) {
                TSurf d = { .base = 0x30000, .pitch = 512,
                            .tiling = tilings[t], .cpp = cpps[c] };
                uint8_t rop = rops[round % G_N_ELEMENTS(rops)];
                bool byte_packed = k & 1, transp = k & 2;
                uint32_t bg = g_rand_int(r), fg = g_rand_int(r);
                int clip[4] = { 5, 3, 40, 30 }, clip2[4] = { 0, 0, 64, 48 };
                int glyphs[3][4] = { { 1, 1, 14, 10 },      /* cut */
                                     { 41, 5, 52, 9 },      /* hidden */
                                     { 30, 33, 49, 45 } };  /* new clip */
                const char *why;

                m.dst_y_tiled = d.tiling == REF_TILE_Y;
                fill_random(&d, W, H, r);
                snap(&d, want);
                setup_blt(&m, &st, BLT_XY_SETUP,
                          dst_tiled(&d) | MB_BLT_WRITE_RGBA,
                          br13_of(&d, rop, 1u << 30 |
                                  (transp ? 1u << 29 : 0)),
                          clip, d.base, bg, fg, 0);
                for (int i = 0; i < 3; i++) {
                    int w = glyphs[i][2] - glyphs[i][0];
                    int h = glyphs[i][3] - glyphs[i][1];
                    uint8_t bits[64 * 16];
                    uint32_t dw[3 + 256];
                    uint32_t n;

                    if (i == 2) {
                        uint32_t sc[3] = { MVGPU_CMD_2D(BLT_XY_SETUP_CLIP) | 1,
                                           yx(clip2[0], clip2[1]),
                                           yx(clip2[2], clip2[3]) };

                        g_assert_true(mvgpu_blit(&m, &st, sc, 3, &why));
                    }
                    for (int b = 0; b < w * h; b++) {
                        bits[b] = g_rand_int(r) & 1;
                    }
                    n = pack_mono(bits, w, h,
                                  byte_packed ? (w + 7) / 8 * 8 : w, 0,
                                  dw + 3);
                    dw[0] = MVGPU_CMD_2D(BLT_XY_TEXT_IMMEDIATE) |
                            dst_tiled(&d) | (byte_packed ? 1u << 16 : 0) |
                            (1 + n);
                    dw[1] = yx(glyphs[i][0], glyphs[i][1]);
                    dw[2] = yx(glyphs[i][2], glyphs[i][3]);
                    g_assert_true(mvgpu_blit(&m, &st, dw, 3 + n, &why));
                    ref_mono(want, &d, glyphs[i], i == 2 ? clip2 : clip, bits,
                             rop, 0, bg, fg, transp, 0xffffffff);
                    if (i == 0) {
                        /* One dword short of the glyph's bits. */
                        uint32_t need = (byte_packed ? (w + 7) / 8 * 8 * h
                                                     : w * h + 31) / 32;

                        g_assert_false(mvgpu_blit(&m, &st, dw, 3 + need - 1,
                                                  &why));
                        g_assert_nonnull(strstr(why, "shorter"));
                    }
                }
                check_surface(&d, want, "text");
            }
        }
    }
}

/*
 * XY_MONO_SRC_COPY_IMMEDIATE_BLT: rows start on 16-bit words, the first
 * row's bits at DW0's offset; opaque and transparent, clipped.
 */
static void test_mono_src_immediate(void)
{
    g_autoptr(GRand) r = g_rand_new_with_seed(0x71);
    MvgpuBlitMem m = { .rw = mem_rw };
    MvgpuBlitState st = { 0 };
    static const uint8_t rops[] = { 0xcc, 0x66, 0x88, 0x33, 0xbb };
    uint32_t want[W * H];
    unsigned round = 0;

    {
        int clip[4] = { 6, 2, 58, 40 };

        setup_blt(&m, &st, BLT_XY_SETUP_MONO_PAT, 0, 1u << 31, clip, 0,
                  0x12345678, 0, 0);
    }
    for (unsigned t = 0; t < 3; t++) {
        for (unsigned c = 0; c < 3; c++) {
            for (unsigned k = 0; k < 4; k++, round++) {
                TSurf d = { .base = 0x50000, .pitch = 512,
                            .tiling = tilings[t], .cpp = cpps[c] };
                uint8_t rop = rops[round % G_N_ELEMENTS(rops)];
                bool transp = k & 1, clipped = k & 2;
                uint32_t bg = g_rand_int(r), fg = g_rand_int(r);
                int off = g_rand_int_range(r, 0, 8);
                int rect[4] = { 2, 1, 23 + (int)k, 13 };
                int clip[4] = { 6, 2, 58, 40 };
                int w = rect[2] - rect[0], h = rect[3] - rect[1];
                uint8_t bits[32 * 16];
                uint32_t dw[8 + 64], n, wmask = 0xffffffff;
                const char *why;

                m.dst_y_tiled = d.tiling == REF_TILE_Y;
                fill_random(&d, W, H, r);
                snap(&d, want);
                for (int b = 0; b < w * h; b++) {
                    bits[b] = g_rand_int(r) & 1;
                }
                n = pack_mono(bits, w, h, (off + w + 15) / 16 * 16, off,
                              dw + 8);
                dw[0] = MVGPU_CMD_2D(BLT_XY_MONO_SRC_IMM) | dst_tiled(&d) |
                        (uint32_t)off << 17 | (k == 3 ? 2u : 3u) << 20 |
                        (6 + n);
                if (d.cpp == 4 && k == 3) {
                    wmask = 0xff000000;         /* alpha only */
                }
                dw[1] = br13_of(&d, rop, (clipped ? 1u << 30 : 0) |
                                (transp ? 1u << 29 : 0));
                dw[2] = yx(rect[0], rect[1]);
                dw[3] = yx(rect[2], rect[3]);
                dw[4] = (uint32_t)d.base;
                dw[5] = 0;
                dw[6] = bg;
                dw[7] = fg;
                g_assert_true(mvgpu_blit(&m, &st, dw, 8 + n, &why));
                /* P is the set-up's solid pattern colour. */
                ref_mono(want, &d, rect, clipped ? clip : NULL, bits, rop,
                         0x12345678, bg, fg, transp, wmask);
                check_surface(&d, want, "mono source immediate");
                g_assert_false(mvgpu_blit(&m, &st, dw, 8 + n - 2, &why));
                g_assert_nonnull(strstr(why, "shorter"));
            }
        }
    }
}

/*
 * XY_MONO_PAT_BLT (its own 8x8 mono pattern, seeds, transparency) and
 * XY_PAT_BLT_IMMEDIATE (8x8 colour pattern in the command).
 */
static void test_pattern_blits(void)
{
    g_autoptr(GRand) r = g_rand_new_with_seed(0x52);
    MvgpuBlitMem m = { .rw = mem_rw };
    MvgpuBlitState st = { 0 };
    uint32_t want[W * H];
    const char *why;

    for (unsigned t = 0; t < 3; t++) {
        for (unsigned c = 0; c < 3; c++) {
            for (unsigned k = 0; k < 2; k++) {
                TSurf d = { .base = 0x60000, .pitch = 512,
                            .tiling = tilings[t], .cpp = cpps[c] };
                uint8_t rop = k ? 0xf0 : 0x5f;        /* PATCOPY, DPan */
                uint32_t bg = g_rand_int(r), fg = g_rand_int(r);
                uint64_t pat = (uint64_t)g_rand_int(r) << 32 | g_rand_int(r);
                int rect[4] = { 3, 2, 57, 44 };
                unsigned sx = 5, sy = 3;
                uint32_t dw[10] = {
                    MVGPU_CMD_2D(BLT_XY_MONO_PAT) | dst_tiled(&d) |
                        MB_BLT_WRITE_RGBA | sx << 12 | sy << 8 | 8,
                    br13_of(&d, rop, k ? 1u << 28 : 0),
                    yx(rect[0], rect[1]), yx(rect[2], rect[3]),
                    (uint32_t)d.base, 0, bg, fg, (uint32_t)pat,
                    (uint32_t)(pat >> 32),
                };

                m.dst_y_tiled = d.tiling == REF_TILE_Y;
                fill_random(&d, W, H, r);
                snap(&d, want);
                g_assert_true(mvgpu_blit(&m, &st, dw, 10, &why));
                for (int y = rect[1]; y < rect[3]; y++) {
                    for (int x = rect[0]; x < rect[2]; x++) {
                        bool bit = ref_pat_bit(pat, x, y, sx, sy);

                        if (!bit && k) {
                            continue;               /* transparent */
                        }
                        want[y * W + x] = ref_rop(rop, bit ? fg : bg, 0,
                                                  want[y * W + x]) &
                                          pixel_mask(d.cpp);
                    }
                }
                check_surface(&d, want, "mono pattern");
            }
            {
                TSurf d = { .base = 0x60000, .pitch = 512,
                            .tiling = tilings[t], .cpp = cpps[c] };
                uint32_t colors[64], dw[6 + 64];
                int rect[4] = { 1, 5, 62, 41 };
                uint32_t len = 6 + 16 * cpps[c];

                m.dst_y_tiled = d.tiling == REF_TILE_Y;
                fill_random(&d, W, H, r);
                snap(&d, want);
                memset(dw, 0, sizeof(dw));
                for (int i = 0; i < 64; i++) {
                    colors[i] = g_rand_int(r) & pixel_mask(cpps[c]);
                    for (uint32_t b = 0; b < cpps[c]; b++) {
                        uint32_t at = i * cpps[c] + b;

                        dw[6 + at / 4] |= (colors[i] >> (8 * b) & 0xff) <<
                                          (8 * (at % 4));
                    }
                }
                dw[0] = MVGPU_CMD_2D(BLT_XY_PAT_IMMEDIATE) | dst_tiled(&d) |
                        MB_BLT_WRITE_RGBA | 1u << 12 | 7u << 8 | (len - 2);
                dw[1] = br13_of(&d, 0x5a, 0);            /* PATINVERT */
                dw[2] = yx(rect[0], rect[1]);
                dw[3] = yx(rect[2], rect[3]);
                dw[4] = (uint32_t)d.base;
                g_assert_true(mvgpu_blit(&m, &st, dw, len, &why));
                for (int y = rect[1]; y < rect[3]; y++) {
                    for (int x = rect[0]; x < rect[2]; x++) {
                        uint32_t p = colors[((y + 7) % 8) * 8 + (x + 1) % 8];

                        want[y * W + x] = ref_rop(0x5a, p, 0, want[y * W + x]);
                    }
                }
                check_surface(&d, want, "immediate pattern");
                g_assert_false(mvgpu_blit(&m, &st, dw, len - 1, &why));
                g_assert_nonnull(strstr(why, "shorter"));
            }
        }
    }
}

/* ---- 2D commands that read their pattern or mono source from memory */

/*
 * Writes @w x @h bits at @base, most significant bit first, rows @pitch
 * bits apart from bit @off; every other bit of those rows is random, so
 * an implementation reading the wrong bits cannot pass by luck.
 */
static void put_mono(uint64_t base, const uint8_t *bits, int w, int h,
                     int pitch, int off, GRand *r)
{
    uint32_t bytes = ((uint32_t)h * pitch + 7) / 8;

    for (uint32_t i = 0; i < bytes; i++) {
        mem[base + i] = g_rand_int(r);
    }
    for (int v = 0; v < h; v++) {
        for (int u = 0; u < w; u++) {
            int bit = v * pitch + off + u;
            uint8_t m = 0x80 >> (bit % 8);

            mem[base + bit / 8] = bits[v * w + u] ? mem[base + bit / 8] | m
                                                  : mem[base + bit / 8] & ~m;
        }
    }
}

static void set_clip(MvgpuBlitMem *m, MvgpuBlitState *st, const int *c)
{
    const char *why;
    uint32_t dw[3] = { MVGPU_CMD_2D(BLT_XY_SETUP_CLIP) | 1, yx(c[0], c[1]),
                       yx(c[2], c[3]) };

    g_assert_true(mvgpu_blit(m, st, dw, 3, &why));
}

static bool pat_blt(MvgpuBlitMem *m, MvgpuBlitState *st, const TSurf *d,
                    uint8_t rop, const int *rect, unsigned sx, unsigned sy,
                    uint64_t pat, uint32_t masks, uint32_t br13_extra,
                    uint32_t len, const char **why)
{
    uint32_t dw[9] = {
        MVGPU_CMD_2D(BLT_XY_PAT) | dst_tiled(d) | masks | sx << 12 |
            sy << 8 | (len - 2),
        br13_of(d, rop, br13_extra), yx(rect[0], rect[1]),
        yx(rect[2], rect[3]), (uint32_t)d->base, (uint32_t)(d->base >> 32),
        (uint32_t)pat, (uint32_t)(pat >> 32), 0,
    };

    m->dst_y_tiled = d->tiling == REF_TILE_Y;
    return mvgpu_blit(m, st, dw, len, why);
}

/*
 * XY_PAT_BLT: an 8x8 colour pattern of the destination's depth read from
 * memory, offset by the seeds in destination coordinates; every tiling and
 * depth, ROPs with and without D, clipped and not, 32-bpp channel masks;
 * no XY_SETUP_BLT needed. Refused: a pattern not wholly in memory when the
 * ROP uses it, a rectangle wider than the pitch.
 */
static void test_pat_blt(void)
{
    g_autoptr(GRand) r = g_rand_new_with_seed(0x51);
    MvgpuBlitMem m = { .rw = mem_rw };
    MvgpuBlitState st = { 0 };
    static const uint8_t rops[] = { 0xf0, 0x5a, 0xa0, 0x0f, 0xfa, 0x5f };
    int clip[4] = { 5, 4, 59, 41 };
    uint32_t want[W * H];
    const char *why;
    unsigned drawn = 0;

    set_clip(&m, &st, clip);
    for (unsigned t = 0; t < 3; t++) {
        for (unsigned c = 0; c < 3; c++) {
            for (unsigned k = 0; k < G_N_ELEMENTS(rops); k++) {
                TSurf d = { .base = 0x20000, .pitch = 512,
                            .tiling = tilings[t], .cpp = cpps[c] };
                TSurf pat = { .base = 0x8000 + 0x100 * k,
                              .pitch = 8 * cpps[c], .tiling = REF_LINEAR,
                              .cpp = cpps[c] };
                uint8_t rop = rops[k];
                unsigned sx = g_rand_int_range(r, 0, 8);
                unsigned sy = g_rand_int_range(r, 0, 8);
                bool clipped = k & 1;
                bool rgb_only = cpps[c] == 4 && k == 2;
                uint32_t wmask = rgb_only ? 0x00ffffff : 0xffffffff;
                int rect[4] = { 2 + (int)k, 1, 62 - (int)k, 46 };

                fill_random(&d, W, H, r);
                fill_random(&pat, 8, 8, r);
                snap(&d, want);
                g_assert_true(pat_blt(&m, &st, &d, rop, rect, sx, sy,
                                      pat.base, rgb_only ? MB_BLT_WRITE_RGB
                                                         : MB_BLT_WRITE_RGBA,
                                      clipped ? 1u << 30 : 0, 8, &why));
                for (int y = 0; y < H; y++) {
                    for (int x = 0; x < W; x++) {
                        uint32_t old = want[y * W + x], p;

                        if (!inside(x, y, rect, clipped, clip)) {
                            continue;
                        }
                        p = get(&pat, (x + sx) % 8, (y + sy) % 8);
                        want[y * W + x] = ((ref_rop(rop, p, 0, old) & wmask) |
                                           (old & ~wmask)) &
                                          pixel_mask(d.cpp);
                        drawn++;
                    }
                }
                check_surface(&d, want, "XY_PAT_BLT");
            }
        }
    }
    g_assert_cmpuint(drawn, >, 20000);

    {
        TSurf d = { .base = 0x20000, .pitch = 512, .tiling = REF_LINEAR,
                    .cpp = 4 };
        int rect[4] = { 0, 0, 16, 16 }, wide[4] = { 0, 0, 129, 2 };

        fill_random(&d, W, H, r);
        snap(&d, want);
        /* A pattern running off the end of memory, by one byte. */
        g_assert_false(pat_blt(&m, &st, &d, 0xf0, rect, 0, 0,
                               MEM_SIZE - 255, MB_BLT_WRITE_RGBA, 0, 8, &why));
        g_assert_nonnull(strstr(why, "pattern"));
        check_surface(&d, want, "refused XY_PAT_BLT");
        /* ... is fine when the ROP does not use P (DSTINVERT). */
        g_assert_true(pat_blt(&m, &st, &d, 0x55, rect, 0, 0, MEM_SIZE,
                              MB_BLT_WRITE_RGBA, 0, 8, &why));
        g_assert_cmphex(get(&d, 3, 3), ==, ~want[3 * W + 3]);
        /* A pattern that ends exactly at the end of memory is read. */
        g_assert_true(pat_blt(&m, &st, &d, 0xf0, rect, 0, 0, MEM_SIZE - 256,
                              MB_BLT_WRITE_RGBA, 0, 8, &why));
        g_assert_cmphex(get(&d, 7, 7), ==,
                        mem[MEM_SIZE - 1] << 24 | mem[MEM_SIZE - 2] << 16 |
                        mem[MEM_SIZE - 3] << 8 | mem[MEM_SIZE - 4]);
        g_assert_false(pat_blt(&m, &st, &d, 0xf0, wide, 0, 0, 0x8000,
                               MB_BLT_WRITE_RGBA, 0, 8, &why));
        g_assert_nonnull(strstr(why, "outside"));
        /* Not its length: not run, no reason (the audit's business). */
        g_assert_false(pat_blt(&m, &st, &d, 0xf0, rect, 0, 0, 0x8000,
                               MB_BLT_WRITE_RGBA, 0, 9, &why));
        g_assert_null(why);
    }
}

static bool mono_src_blt(MvgpuBlitMem *m, MvgpuBlitState *st, const TSurf *d,
                         uint8_t rop, const int *rect, unsigned off,
                         uint64_t src, uint32_t bg, uint32_t fg,
                         uint32_t masks, uint32_t br13_extra, const char **why)
{
    uint32_t dw[10] = {
        MVGPU_CMD_2D(BLT_XY_MONO_SRC) | dst_tiled(d) | masks | off << 17 | 8,
        br13_of(d, rop, br13_extra), yx(rect[0], rect[1]),
        yx(rect[2], rect[3]), (uint32_t)d->base, (uint32_t)(d->base >> 32),
        (uint32_t)src, (uint32_t)(src >> 32), bg, fg,
    };

    m->dst_y_tiled = d->tiling == REF_TILE_Y;
    return mvgpu_blit(m, st, dw, 10, why);
}

/*
 * XY_MONO_SRC_COPY_BLT: a mono bitmap in memory, rows on 16-bit words,
 * the first row's bits from DW0's offset, MSB = leftmost; opaque and
 * transparent, clipped (the bitmap keeps its origin), channel masks, P
 * from the set-up's solid pattern. Only the rows and bits the clipped
 * rectangle uses are read; a source not in memory is refused.
 */
static void test_mono_src_copy_blt(void)
{
    g_autoptr(GRand) r = g_rand_new_with_seed(0x54);
    MvgpuBlitMem m = { .rw = mem_rw };
    MvgpuBlitState st = { 0 };
    static const uint8_t rops[] = { 0xcc, 0x66, 0x88, 0x33, 0xbb, 0xc0 };
    const uint32_t solid = 0x0f0f5a5a;
    int clip[4] = { 6, 2, 58, 40 };
    uint32_t want[W * H];
    const char *why;
    unsigned round = 0;

    setup_blt(&m, &st, BLT_XY_SETUP_MONO_PAT, 0, 1u << 31, clip, 0, solid, 0,
              0);
    for (unsigned t = 0; t < 3; t++) {
        for (unsigned c = 0; c < 3; c++) {
            for (unsigned k = 0; k < G_N_ELEMENTS(rops); k++, round++) {
                TSurf d = { .base = 0x40000, .pitch = 512,
                            .tiling = tilings[t], .cpp = cpps[c] };
                uint8_t rop = rops[(k + t + c) % G_N_ELEMENTS(rops)];
                bool transp = k & 1, clipped = k & 2;
                bool alpha_only = cpps[c] == 4 && k == 3;
                uint32_t bg = g_rand_int(r), fg = g_rand_int(r);
                unsigned off = g_rand_int_range(r, 0, 8);
                int rect[4] = { 3, 1, 20 + 7 * (int)k, 14 + (int)k };
                int w = rect[2] - rect[0], h = rect[3] - rect[1];
                int pitch = (off + w + 15) / 16 * 16;
                uint64_t src = 0x9000 + 0x40 * round;
                uint8_t bits[64 * 32];

                for (int b = 0; b < w * h; b++) {
                    bits[b] = g_rand_int(r) & 1;
                }
                put_mono(src, bits, w, h, pitch, off, r);
                fill_random(&d, W, H, r);
                snap(&d, want);
                g_assert_true(mono_src_blt(&m, &st, &d, rop, rect, off, src,
                                           bg, fg,
                                           alpha_only ? MB_BLT_WRITE_ALPHA
                                                      : MB_BLT_WRITE_RGBA,
                                           (clipped ? 1u << 30 : 0) |
                                           (transp ? 1u << 29 : 0), &why));
                ref_mono(want, &d, rect, clipped ? clip : NULL, bits, rop,
                         solid, bg, fg, transp,
                         alpha_only ? 0xff000000 : 0xffffffff);
                check_surface(&d, want, "XY_MONO_SRC_COPY_BLT");
            }
        }
    }

    {
        TSurf d = { .base = 0x40000, .pitch = 512, .tiling = REF_LINEAR,
                    .cpp = 4 };
        int rect[4] = { 8, 0, 45, 20 };     /* 37 bits, 3 of offset: 6 bytes */
        int cut[4] = { 0, 0, 64, 19 };      /* clips the last row away */
        uint64_t fit = MEM_SIZE - (19 * 6 + 5);

        fill_random(&d, W, H, r);
        snap(&d, want);
        /* The last row's bits end one byte beyond memory. */
        g_assert_false(mono_src_blt(&m, &st, &d, 0xcc, rect, 3, fit + 1, 0, ~0u,
                                    MB_BLT_WRITE_RGBA, 0, &why));
        g_assert_nonnull(strstr(why, "mono source"));
        /* Clipped away, that row is not read. */
        set_clip(&m, &st, cut);
        g_assert_true(mono_src_blt(&m, &st, &d, 0xcc, rect, 3, fit + 1, 0, ~0u,
                                   MB_BLT_WRITE_RGBA, 1u << 30, &why));
        /* Its bits ending at the end of memory: read. */
        g_assert_true(mono_src_blt(&m, &st, &d, 0xcc, rect, 3, fit, 0, ~0u,
                                   MB_BLT_WRITE_RGBA, 0, &why));
        /*
         * Row 1 of a bitmap 6 bytes below 2^64 would wrap to address 0:
         * refused, not read from there (row 0 is clipped away).
         */
        {
            int below[4] = { 0, 1, 64, 48 };

            set_clip(&m, &st, below);
            snap(&d, want);
            g_assert_false(mono_src_blt(&m, &st, &d, 0xcc, rect, 3,
                                        UINT64_MAX - 5, 0, ~0u,
                                        MB_BLT_WRITE_RGBA, 1u << 30, &why));
            g_assert_nonnull(strstr(why, "mono source"));
            check_surface(&d, want, "wrapping mono source");
        }
    }
}

static bool text_blt(MvgpuBlitMem *m, MvgpuBlitState *st, const TSurf *d,
                     bool byte_packed, const int *rect, uint64_t src,
                     const char **why)
{
    uint32_t dw[5] = {
        MVGPU_CMD_2D(BLT_XY_TEXT) | dst_tiled(d) |
            (byte_packed ? 1u << 16 : 0) | 3,
        yx(rect[0], rect[1]), yx(rect[2], rect[3]), (uint32_t)src,
        (uint32_t)(src >> 32),
    };

    m->dst_y_tiled = d->tiling == REF_TILE_Y;
    return mvgpu_blit(m, st, dw, 5, why);
}

/*
 * XY_SETUP_BLT + XY_TEXT_BLT: the glyph bitmap in memory, byte or bit
 * packed, opaque and transparent, cut by the clip rectangle (keeping its
 * origin), hidden by it (and then not read at all), re-clipped by
 * XY_SETUP_CLIP_BLT. Refused without a set-up or with a bitmap not in
 * memory.
 */
static void test_text_blt(void)
{
    g_autoptr(GRand) r = g_rand_new_with_seed(0x26);
    MvgpuBlitMem m = { .rw = mem_rw };
    MvgpuBlitState st = { 0 };
    static const uint8_t rops[] = { 0xcc, 0x66, 0x88, 0xee, 0x33 };
    uint32_t want[W * H];
    unsigned round = 0;
    const char *why;

    for (unsigned t = 0; t < 3; t++) {
        for (unsigned c = 0; c < 3; c++) {
            for (unsigned k = 0; k < 4; k++, round++) {
                TSurf d = { .base = 0x30000, .pitch = 512,
                            .tiling = tilings[t], .cpp = cpps[c] };
                uint8_t rop = rops[round % G_N_ELEMENTS(rops)];
                bool byte_packed = k & 1, transp = k & 2;
                uint32_t bg = g_rand_int(r), fg = g_rand_int(r);
                int clip[4] = { 5, 3, 40, 30 }, clip2[4] = { 0, 0, 64, 48 };
                int glyphs[3][4] = { { 1, 1, 14, 10 },      /* cut */
                                     { 41, 5, 52, 9 },      /* hidden */
                                     { 30, 33, 49, 45 } };  /* new clip */

                fill_random(&d, W, H, r);
                snap(&d, want);
                setup_blt(&m, &st, BLT_XY_SETUP,
                          dst_tiled(&d) | MB_BLT_WRITE_RGBA,
                          br13_of(&d, rop, 1u << 30 |
                                  (transp ? 1u << 29 : 0)),
                          clip, d.base, bg, fg, 0);
                for (int i = 0; i < 3; i++) {
                    int w = glyphs[i][2] - glyphs[i][0];
                    int h = glyphs[i][3] - glyphs[i][1];
                    int pitch = byte_packed ? (w + 7) / 8 * 8 : w;
                    uint64_t src = 0xa000 + 0x100 * i;
                    uint8_t bits[64 * 16];

                    if (i == 2) {
                        set_clip(&m, &st, clip2);
                    }
                    for (int b = 0; b < w * h; b++) {
                        bits[b] = g_rand_int(r) & 1;
                    }
                    put_mono(src, bits, w, h, pitch, 0, r);
                    if (i == 1) {
                        /* Wholly clipped: its bitmap is never read. */
                        src = MEM_SIZE;
                    }
                    g_assert_true(text_blt(&m, &st, &d, byte_packed,
                                           glyphs[i], src, &why));
                    ref_mono(want, &d, glyphs[i], i == 2 ? clip2 : clip, bits,
                             rop, 0, bg, fg, transp, 0xffffffff);
                }
                check_surface(&d, want, "XY_TEXT_BLT");
                /* The first glyph's bitmap one byte short of its end. */
                {
                    int w = 13, h = 9;
                    uint32_t bytes = byte_packed ? 2 * h : (w * h + 7) / 8;

                    set_clip(&m, &st, clip2);
                    g_assert_false(text_blt(&m, &st, &d, byte_packed,
                                            glyphs[0], MEM_SIZE - bytes + 1,
                                            &why));
                    g_assert_nonnull(strstr(why, "mono source"));
                    g_assert_true(text_blt(&m, &st, &d, byte_packed,
                                           glyphs[0], MEM_SIZE - bytes,
                                           &why));
                }
            }
        }
    }
    {
        MvgpuBlitState fresh = { 0 };
        TSurf d = { .base = 0x30000, .pitch = 512, .tiling = REF_LINEAR,
                    .cpp = 4 };
        int g[4] = { 0, 0, 8, 8 };

        g_assert_false(text_blt(&m, &fresh, &d, true, g, 0xa000, &why));
        g_assert_nonnull(strstr(why, "XY_SETUP_BLT"));
    }
}

/*
 * XY_SRC_COPY_BLT within one surface, source and destination overlapping,
 * in every direction (the blitter copies in the order that keeps the
 * source intact, like memmove), on linear and tiled surfaces, with a ROP
 * that reads the destination too.
 */
static void test_overlap_directions(void)
{
    g_autoptr(GRand) r = g_rand_new_with_seed(0x0e);
    MvgpuBlitMem m = { .rw = mem_rw };
    MvgpuBlitState st = { 0 };
    static const int shifts[][2] = {
        { 3, 2 }, { -5, -3 }, { 4, -2 }, { -2, 3 }, { 0, 1 }, { 0, -1 },
        { 1, 0 }, { -1, 0 },
    };
    uint32_t before[W * H], want[W * H];
    const char *why;

    for (unsigned t = 0; t < 3; t++) {
        for (unsigned i = 0; i < G_N_ELEMENTS(shifts); i++) {
            TSurf a = { .base = 0x70000, .pitch = 512, .tiling = tilings[t],
                        .cpp = 4 };
            int dx = shifts[i][0], dy = shifts[i][1];
            int x1 = 8, y1 = 6, x2 = 56, y2 = 42;
            uint8_t rop = i % 2 ? 0xcc : 0x66;

            fill_random(&a, W, H, r);
            snap(&a, before);
            memcpy(want, before, sizeof(want));
            for (int y = y1; y < y2; y++) {
                for (int x = x1; x < x2; x++) {
                    want[y * W + x] = ref_rop(rop, 0,
                                              before[(y - dy) * W + x - dx],
                                              before[y * W + x]);
                }
            }
            g_assert_true(copy_blt(&m, &st, &a, &a, rop, x1, y1, x2, y2,
                                   x1 - dx, y1 - dy, 0, &why));
            check_surface(&a, want, "overlapping copy");
        }
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
    g_test_add_func("/mvgpu/blit/fast-color-not-gen9",
                    test_fast_color_not_gen9);
    g_test_add_func("/mvgpu/blit/setup-scanlines-pixel", test_setup_scanlines);
    g_test_add_func("/mvgpu/blit/setup-color-pattern",
                    test_setup_color_pattern);
    g_test_add_func("/mvgpu/blit/text-immediate", test_text_immediate);
    g_test_add_func("/mvgpu/blit/mono-src-immediate", test_mono_src_immediate);
    g_test_add_func("/mvgpu/blit/pattern-blits", test_pattern_blits);
    g_test_add_func("/mvgpu/blit/overlap-directions", test_overlap_directions);
    g_test_add_func("/mvgpu/blit/pat-blt", test_pat_blt);
    g_test_add_func("/mvgpu/blit/mono-src-copy-blt", test_mono_src_copy_blt);
    g_test_add_func("/mvgpu/blit/text-blt", test_text_blt);
    return g_test_run();
}
