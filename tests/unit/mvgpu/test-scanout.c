/*
 * Unit tests of scan-out: plane decoding, every format x tiling against an
 * independent reference of the tile layouts, offsets, scattered and missing
 * GGTT pages, the contiguous (zero-copy) test, and the cursor.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "fake-host.h"
#include "gen9-regs.h"
#include "scanout.h"
#include "internal.h"
#include "irq.h"
#include "../../qtest/mvgpu-tiling.h"

#define SURF_GMA   0x00400000u      /* GGTT address of test surfaces */
#define RAM_BASE   0x00200000u      /* guest RAM the pages come from */

/*
 * Maps @npages GGTT pages at SURF_GMA onto guest RAM. With @scatter the
 * pages go in reverse order, so only per-page translation reads them right.
 */
static void map_surface(FakeHost *h, unsigned npages, bool scatter)
{
    for (unsigned i = 0; i < npages; i++) {
        unsigned page = scatter ? npages - 1 - i : i;

        mb_ggtt_map(&h->bar0, (SURF_GMA >> 12) + i, RAM_BASE + page * 4096ull,
                    1);
    }
}

/* Reference layouts, shared with the qtest. */
static uint64_t surface_offset(MvgpuTiling t, uint32_t stride, uint32_t xb,
                               uint32_t y)
{
    return ref_surface_offset(t == MVGPU_TILING_X ? REF_TILE_X :
                              t == MVGPU_TILING_Y ? REF_TILE_Y : REF_LINEAR,
                              stride, xb, y);
}

/* Guest RAM byte at surface offset @off through the (maybe scattered) map. */
static uint8_t *surface_byte(FakeHost *h, uint64_t off)
{
    uint64_t gpa;

    g_assert_true(mvgpu_ggtt_translate(h->core, SURF_GMA + off, &gpa));
    return &h->ram[gpa];
}

/* A pixel value that differs for every (x, y) and every channel. */
static uint32_t pattern(uint32_t x, uint32_t y)
{
    return (x * 7 + y * 131) ^ (y << 12) ^ (x << 20) ^ 0x5a000000;
}

typedef struct FormatCase {
    const char *name;
    uint32_t plane_ctl;
    uint32_t cpp;
    /* guest pixel value for the pattern, and what the host should show */
    uint32_t (*guest)(uint32_t v);
    uint32_t (*host)(uint32_t v);
} FormatCase;

static uint32_t id32(uint32_t v) { return v; }
static uint32_t xrgb_host(uint32_t v) { return v | 0xff000000u; }
static uint32_t xbgr_host(uint32_t v)
{
    return 0xff000000u | (v & 0xff00) | (v & 0xff) << 16 | ((v >> 16) & 0xff);
}
static uint32_t rgb565_guest(uint32_t v) { return v & 0xffff; }
static uint32_t rgb565_host(uint32_t v)
{
    uint32_t r = (v >> 11) & 31, g = (v >> 5) & 63, b = v & 31;

    return 0xff000000u | (r << 3 | r >> 2) << 16 | (g << 2 | g >> 4) << 8 |
           (b << 3 | b >> 2);
}
static uint32_t x2r10_host(uint32_t v)
{
    return 0xff000000u | ((v >> 22) & 0xff) << 16 | ((v >> 12) & 0xff) << 8 |
           ((v >> 2) & 0xff);
}

static const FormatCase formats[] = {
    { "xrgb8888", 4u << 24, 4, id32, xrgb_host },
    { "argb8888", (4u << 24) | (2u << 4), 4, id32, xrgb_host },
    { "xbgr8888", (4u << 24) | (1u << 20), 4, id32, xbgr_host },
    { "rgb565", 14u << 24, 2, rgb565_guest, rgb565_host },
    { "xrgb2101010", 2u << 24, 4, id32, x2r10_host },
};

static const struct {
    MvgpuTiling tiling;
    uint32_t ctl_bits;
    uint32_t stride_unit;
} tilings[] = {
    { MVGPU_TILING_LINEAR, 0, 64 },
    { MVGPU_TILING_X, 1u << 10, 512 },
    { MVGPU_TILING_Y, 4u << 10, 128 },
};

static void check_format_tiling(const FormatCase *f, unsigned t, bool scatter)
{
    FakeHost *h = fake_host_new();
    const uint32_t w = 200, hgt = 70, xo = 24, yo = 5;   /* odd sizes */
    uint32_t stride = 1024;     /* a multiple of every tile width */
    uint32_t rows = ((yo + hgt + 31) / 32) * 32;
    unsigned npages = stride * rows / 4096;
    g_autofree uint32_t *out = g_new0(uint32_t, w * hgt);
    MvgpuPlane p;

    map_surface(h, npages, scatter);
    for (uint32_t y = 0; y < rows; y++) {
        for (uint32_t x = 0; x < stride / f->cpp; x++) {
            uint32_t v = f->guest(pattern(x, y));
            uint64_t off = surface_offset(tilings[t].tiling, stride,
                                          x * f->cpp, y);

            memcpy(surface_byte(h, off), &v, f->cpp);
        }
    }
    wr(h, TRANSCONF(0), TRANSCONF_ENABLE);
    wr(h, PLANE_CTL(0, 1), PLANE_CTL_ENABLE | f->plane_ctl | tilings[t].ctl_bits);
    wr(h, PLANE_STRIDE(0, 1), stride / tilings[t].stride_unit);
    wr(h, PLANE_SIZE(0, 1), (hgt - 1) << 16 | (w - 1));
    wr(h, PLANE_OFFSET(0, 1), yo << 16 | xo);
    wr(h, PLANE_SURF(0, 1), SURF_GMA);

    g_assert_true(mvgpu_scanout_primary(h->core, 0, &p));
    g_assert_cmpuint(p.tiling, ==, tilings[t].tiling);
    g_assert_cmpuint(p.width, ==, w);
    g_assert_cmpuint(p.height, ==, hgt);
    g_assert_cmpuint(p.stride, ==, stride);
    g_assert_true(mvgpu_scanout_read(h->core, &p, (uint8_t *)out, w * 4));
    for (uint32_t y = 0; y < hgt; y++) {
        for (uint32_t x = 0; x < w; x++) {
            uint32_t want = f->host(f->guest(pattern(x + xo, y + yo)));

            if (out[y * w + x] != want) {
                g_error("%s tiling %u: pixel (%u,%u) is 0x%08x, want 0x%08x",
                        f->name, t, x, y, out[y * w + x], want);
            }
        }
    }
    g_assert_cmpuint(h->guest_errors, ==, 0);
    fake_host_free(h);
}

static void test_formats_and_tilings(void)
{
    for (size_t f = 0; f < G_N_ELEMENTS(formats); f++) {
        for (unsigned t = 0; t < G_N_ELEMENTS(tilings); t++) {
            check_format_tiling(&formats[f], t, false);
            check_format_tiling(&formats[f], t, true);
        }
    }
}

static void program_linear(FakeHost *h, uint32_t w, uint32_t hgt)
{
    wr(h, TRANSCONF(0), TRANSCONF_ENABLE);
    wr(h, PLANE_CTL(0, 1), PLANE_CTL_ENABLE | (4u << 24));
    wr(h, PLANE_STRIDE(0, 1), w * 4 / 64);
    wr(h, PLANE_SIZE(0, 1), (hgt - 1) << 16 | (w - 1));
    wr(h, PLANE_OFFSET(0, 1), 0);
    wr(h, PLANE_SURF(0, 1), SURF_GMA);
}

static void test_contiguous(void)
{
    FakeHost *h = fake_host_new();
    MvgpuPlane p;
    uint64_t gpa;

    program_linear(h, 1024, 64);
    map_surface(h, 64, false);
    g_assert_true(mvgpu_scanout_primary(h->core, 0, &p));
    g_assert_true(mvgpu_scanout_contiguous(h->core, &p, &gpa));
    g_assert_cmphex(gpa, ==, RAM_BASE);
    /* Scattered pages cannot be shown in place. */
    map_surface(h, 64, true);
    g_assert_false(mvgpu_scanout_contiguous(h->core, &p, &gpa));
    /* Neither can a tiled or converted surface. */
    map_surface(h, 64, false);
    wr(h, PLANE_CTL(0, 1), PLANE_CTL_ENABLE | (14u << 24));
    g_assert_true(mvgpu_scanout_primary(h->core, 0, &p));
    g_assert_false(mvgpu_scanout_contiguous(h->core, &p, &gpa));
    fake_host_free(h);
}

/* What the page walk's callback saw. */
typedef struct PageWalk {
    MvgpuCore *core;
    uint64_t gpa[16];
    unsigned n;
    bool lock_free;             /* another thread could take the core lock */
} PageWalk;

static gpointer try_core_lock(gpointer opaque)
{
    MvgpuCore *c = opaque;

    if (!g_rec_mutex_trylock(&c->lock)) {
        return GINT_TO_POINTER(0);
    }
    g_rec_mutex_unlock(&c->lock);
    return GINT_TO_POINTER(1);
}

static void record_page(void *opaque, uint64_t gpa)
{
    PageWalk *w = opaque;

    if (w->n == 0) {
        GThread *t = g_thread_new("try-lock", try_core_lock, w->core);

        w->lock_free = GPOINTER_TO_INT(g_thread_join(t));
    }
    g_assert_cmpuint(w->n, <, G_N_ELEMENTS(w->gpa));
    w->gpa[w->n++] = gpa;
}

/*
 * The pages a plane reads, in order through a scattered map; the callback
 * runs without the core lock (the console's dirty-log sync waits for the
 * vCPUs, which may be waiting for that lock in MMIO).
 */
static void test_pages(void)
{
    FakeHost *h = fake_host_new();
    PageWalk w = { .core = h->core };
    MvgpuPlane p;

    program_linear(h, 1024, 8);
    map_surface(h, 8, true);
    /* Page 5 not present: not reported. */
    mvgpu_core_bar0_write(h->core, MVGPU_GGTT_PTE_OFFSET +
                          ((SURF_GMA >> 12) + 5) * 8, 0, 8);
    g_assert_true(mvgpu_scanout_primary(h->core, 0, &p));
    g_assert_cmpuint(mvgpu_scanout_pages(h->core, &p, record_page, &w), ==, 7);
    g_assert_cmpuint(w.n, ==, 7);
    for (unsigned i = 0, k = 0; i < 8; i++) {
        if (i != 5) {
            g_assert_cmphex(w.gpa[k++], ==, RAM_BASE + (7 - i) * 4096ull);
        }
    }
    g_assert_true(w.lock_free);
    fake_host_free(h);
}

/* A 256x64 XRGB8888 picture on pipe A's primary plane, in @t's layout. */
#define CRC_W 256
#define CRC_H 64

static void draw_crc_picture(FakeHost *h, unsigned t, uint32_t changed)
{
    const uint32_t stride = CRC_W * 4;

    for (uint32_t y = 0; y < CRC_H; y++) {
        for (uint32_t x = 0; x < CRC_W; x++) {
            uint32_t v = pattern(x, y) ^ (x == 100 && y == 33 ? changed : 0);

            memcpy(surface_byte(h, surface_offset(tilings[t].tiling, stride,
                                                  x * 4, y)), &v, 4);
        }
    }
    wr(h, PLANE_CTL(0, 1), PLANE_CTL_ENABLE | (4u << 24) |
                           tilings[t].ctl_bits);
    wr(h, PLANE_STRIDE(0, 1), stride / tilings[t].stride_unit);
    wr(h, PLANE_SIZE(0, 1), (CRC_H - 1) << 16 | (CRC_W - 1));
    wr(h, PLANE_SURF(0, 1), SURF_GMA);
}

/* The next vblank's CRC, or 0 when that vblank reported none. */
static uint32_t next_crc(FakeHost *h)
{
    uint32_t iir;

    wr(h, GEN8_DE_PIPE_IIR(0), ~0u);
    fake_host_run_until(h, h->timer_expiry[MVGPU_TIMER_VBLANK_A]);
    iir = rd(h, GEN8_DE_PIPE_IIR(0));
    g_assert_true(iir & GEN8_PIPE_VBLANK);
    return iir & GEN8_PIPE_CDCLK_CRC_DONE ? rd(h, PIPE_CRC_RES_1(0)) : 0;
}

/*
 * Pipe CRC: one per vblank while enabled; equal for one picture in any
 * layout, different when one pixel differs, and for a pipe with no plane.
 */
static void test_pipe_crc(void)
{
    FakeHost *h = fake_host_new();
    uint32_t linear, black;

    map_surface(h, CRC_W * 4 * CRC_H / 4096, true);
    wr(h, PIPESRC(0), (CRC_W - 1) << 16 | (CRC_H - 1));
    wr(h, GEN8_DE_PIPE_IMR(0), ~(GEN8_PIPE_VBLANK | GEN8_PIPE_CDCLK_CRC_DONE));
    wr(h, GEN8_DE_PIPE_IER(0), GEN8_PIPE_VBLANK | GEN8_PIPE_CDCLK_CRC_DONE);
    wr(h, GEN8_MASTER_IRQ, GEN8_MASTER_IRQ_CONTROL);
    draw_crc_picture(h, 0, 0);
    wr(h, TRANSCONF(0), TRANSCONF_ENABLE);
    g_assert_cmphex(next_crc(h), ==, 0);            /* not enabled yet */
    wr(h, PIPE_CRC_CTL(0), PIPE_CRC_ENABLE);
    linear = next_crc(h);
    g_assert_cmphex(linear, !=, 0);
    g_assert_cmphex(next_crc(h), ==, linear);
    for (unsigned t = 1; t < G_N_ELEMENTS(tilings); t++) {
        draw_crc_picture(h, t, 0);
        g_assert_cmphex(next_crc(h), ==, linear);
    }
    draw_crc_picture(h, 0, 0x000100);               /* one green step */
    g_assert_cmphex(next_crc(h), !=, linear);
    wr(h, PLANE_CTL(0, 1), 0);
    black = next_crc(h);
    g_assert_cmphex(black, !=, linear);
    g_assert_cmphex(black, ==, next_crc(h));
    wr(h, PIPE_CRC_CTL(0), 0);
    g_assert_cmphex(next_crc(h), ==, 0);
    g_assert_cmpuint(h->guest_errors, ==, 0);
    fake_host_free(h);
}

/* A solid @w x @hgt XRGB/ARGB8888 surface at SURF_GMA + @off. */
static void fill_surface(FakeHost *h, uint32_t off, uint32_t w, uint32_t hgt,
                         uint32_t v)
{
    for (uint32_t i = 0; i < w * hgt; i++) {
        memcpy(surface_byte(h, off + 4 * i), &v, 4);
    }
}

static void put_plane(FakeHost *h, unsigned pl, uint32_t ctl, uint32_t off,
                      uint32_t w, uint32_t hgt, uint32_t x, uint32_t y)
{
    wr(h, PLANE_CTL(0, pl), PLANE_CTL_ENABLE | (4u << 24) | ctl);
    wr(h, PLANE_STRIDE(0, pl), w * 4 / 64);
    wr(h, PLANE_SIZE(0, pl), (hgt - 1) << 16 | (w - 1));
    wr(h, PLANE_POS(0, pl), y << 16 | x);
    wr(h, PLANE_OFFSET(0, pl), 0);
    wr(h, PLANE_SURF(0, pl), SURF_GMA + off);
}

/*
 * The pipe's output: the primary at the bottom, a half-transparent sprite
 * (premultiplied), an opaque sprite clipped at the pipe's corner, and the
 * cursor on top, partly off the pipe's top left.
 */
static void test_compose(void)
{
    FakeHost *h = fake_host_new();
    const uint32_t w = 256, hgt = 64;
    g_autofree uint32_t *out = g_new0(uint32_t, w * hgt);
    g_autofree uint32_t *cursor = g_new0(uint32_t, 64 * 64);

    map_surface(h, 256, false);
    wr(h, TRANSCONF(0), TRANSCONF_ENABLE);
    fill_surface(h, 0, 64, 64, 0x00204060);           /* primary, 64x64 */
    put_plane(h, 1, 0, 0, 64, 64, 0, 0);
    /* Red at half coverage, premultiplied: 0x80 red, alpha 0x80. */
    fill_surface(h, 0x40000, 16, 16, 0x80800000);
    put_plane(h, 2, PLANE_ALPHA_SW_PREMULTIPLIED << 4, 0x40000, 16, 16,
              40, 20);
    fill_surface(h, 0x80000, 16, 16, 0x0000ff00);     /* opaque green */
    put_plane(h, 3, 0, 0x80000, 16, 16, 250, 60);
    /* The cursor: opaque white in its top left 20x20, transparent else. */
    for (uint32_t y = 0; y < 20; y++) {
        for (uint32_t x = 0; x < 20; x++) {
            cursor[y * 64 + x] = 0xffffffff;
        }
    }
    for (uint32_t i = 0; i < 64 * 64; i++) {
        memcpy(surface_byte(h, 0xc0000 + 4 * i), &cursor[i], 4);
    }
    wr(h, CURCNTR(0), 0x27);
    wr(h, CURPOS(0), 1u << 31 | 10u << 16 | 1u << 15 | 10);
    wr(h, CURBASE(0), SURF_GMA + 0xc0000);

    g_assert_true(mvgpu_scanout_compose(h->core, 0, out, w, hgt, true));
    /* Beyond the 64-wide primary: black. */
    g_assert_cmphex(out[10 * w + 100], ==, 0xff000000);
    /* The primary where nothing covers it. */
    g_assert_cmphex(out[50 * w + 30], ==, 0xff204060);
    /* Sprite over primary: 0x80 + c * (255 - 128) / 255 per channel. */
    g_assert_cmphex(out[25 * w + 45], ==, 0xff000000 |
                    (0x80 + (0x20 * 127 + 127) / 255) << 16 |
                    ((0x40 * 127 + 127) / 255) << 8 | ((0x60 * 127 + 127) / 255));
    /* The green sprite: its 6x4 top left only, on black. */
    g_assert_cmphex(out[60 * w + 250], ==, 0xff00ff00);
    g_assert_cmphex(out[63 * w + 255], ==, 0xff00ff00);
    g_assert_cmphex(out[59 * w + 250], ==, 0xff000000);
    /* The cursor at (-10, -10): white up to (9, 9), then the primary. */
    g_assert_cmphex(out[0], ==, 0xffffffff);
    g_assert_cmphex(out[9 * w + 9], ==, 0xffffffff);
    g_assert_cmphex(out[10 * w + 10], ==, 0xff204060);
    /* Without the cursor (a console's pointer shows it). */
    g_assert_true(mvgpu_scanout_compose(h->core, 0, out, w, hgt, false));
    g_assert_cmphex(out[0], ==, 0xff204060);
    g_assert_true(mvgpu_scanout_overlays(h->core, 0));
    wr(h, PLANE_CTL(0, 2), 0);
    wr(h, PLANE_CTL(0, 3), 0);
    g_assert_false(mvgpu_scanout_overlays(h->core, 0));
    /* Off: nothing to compose. */
    wr(h, TRANSCONF(0), 0);
    g_assert_false(mvgpu_scanout_compose(h->core, 0, out, w, hgt, true));
    g_assert_cmpuint(h->guest_errors, ==, 0);
    fake_host_free(h);
}

static void test_missing_pages_black(void)
{
    FakeHost *h = fake_host_new();
    g_autofree uint32_t *out = g_new0(uint32_t, 1024 * 8);
    MvgpuPlane p;

    program_linear(h, 1024, 8);
    map_surface(h, 8, false);
    memset(&h->ram[RAM_BASE], 0x11, 8 * 4096);
    /* Row 3's page points outside RAM, row 5's is not present. */
    mb_ggtt_map(&h->bar0, (SURF_GMA >> 12) + 3, 1ull << 38, 1);
    mvgpu_core_bar0_write(h->core, MVGPU_GGTT_PTE_OFFSET +
                          ((SURF_GMA >> 12) + 5) * 8, 0, 8);
    g_assert_true(mvgpu_scanout_primary(h->core, 0, &p));
    g_assert_true(mvgpu_scanout_read(h->core, &p, (uint8_t *)out, 4096));
    g_assert_cmphex(out[2 * 1024], ==, 0xff111111);
    g_assert_cmphex(out[3 * 1024], ==, 0xff000000);
    g_assert_cmphex(out[5 * 1024 + 77], ==, 0xff000000);
    g_assert_cmphex(out[6 * 1024], ==, 0xff111111);
    g_assert_true(fake_host_logged(h, "2 pages of the surface"));
    fake_host_free(h);
}

static void test_decode_refuses(void)
{
    FakeHost *h = fake_host_new();
    MvgpuPlane p;

    /* Pipe off. */
    g_assert_false(mvgpu_scanout_primary(h->core, 0, &p));
    program_linear(h, 1024, 8);
    g_assert_true(mvgpu_scanout_primary(h->core, 0, &p));
    /* Offset + width beyond the stride. */
    wr(h, PLANE_OFFSET(0, 1), 1);
    g_assert_false(mvgpu_scanout_primary(h->core, 0, &p));
    g_assert_true(fake_host_logged(h, "do not fit"));
    /* Reported once, not every frame. */
    fake_host_clear_log(h);
    g_assert_false(mvgpu_scanout_primary(h->core, 0, &p));
    g_assert_cmpuint(h->unimp, ==, 0);
    /* YUV is not supported. */
    wr(h, PLANE_OFFSET(0, 1), 0);
    wr(h, PLANE_CTL(0, 1), PLANE_CTL_ENABLE | (0u << 24));
    g_assert_false(mvgpu_scanout_primary(h->core, 0, &p));
    g_assert_true(fake_host_logged(h, "pixel format"));
    /* Out of bounds pipes are refused. */
    g_assert_false(mvgpu_scanout_primary(h->core, 7, &p));
    fake_host_free(h);
}

static void test_cursor(void)
{
    FakeHost *h = fake_host_new();
    g_autofree uint32_t *img = g_new0(uint32_t, 64 * 64);
    MvgpuCursor cur;

    wr(h, TRANSCONF(1), TRANSCONF_ENABLE);
    g_assert_false(mvgpu_scanout_cursor(h->core, 1, &cur));
    map_surface(h, 4, false);
    for (unsigned i = 0; i < 64 * 64; i++) {
        uint32_t v = 0x80000000u | i;
        memcpy(&h->ram[RAM_BASE + 4 * i], &v, 4);
    }
    wr(h, CURCNTR(1), 0x27);
    wr(h, CURPOS(1), (1u << 31) | (5u << 16) | 300);
    wr(h, CURBASE(1), SURF_GMA);
    g_assert_true(mvgpu_scanout_cursor(h->core, 1, &cur));
    g_assert_cmpuint(cur.size, ==, 64);
    g_assert_cmpint(cur.x, ==, 300);
    g_assert_cmpint(cur.y, ==, -5);
    g_assert_true(mvgpu_scanout_read_cursor(h->core, &cur, img));
    g_assert_cmphex(img[0], ==, 0x80000000);
    g_assert_cmphex(img[64 * 64 - 1], ==, 0x80000fff);
    fake_host_free(h);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/mvgpu/scanout/formats-and-tilings",
                    test_formats_and_tilings);
    g_test_add_func("/mvgpu/scanout/contiguous", test_contiguous);
    g_test_add_func("/mvgpu/scanout/pages", test_pages);
    g_test_add_func("/mvgpu/scanout/pipe-crc", test_pipe_crc);
    g_test_add_func("/mvgpu/scanout/compose", test_compose);
    g_test_add_func("/mvgpu/scanout/missing-pages-black",
                    test_missing_pages_black);
    g_test_add_func("/mvgpu/scanout/decode-refuses", test_decode_refuses);
    g_test_add_func("/mvgpu/scanout/cursor", test_cursor);
    return g_test_run();
}
