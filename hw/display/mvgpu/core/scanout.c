/*
 * mvgpu core: reading what the planes show, decoded as GVT-g does (Linux
 * drivers/gpu/drm/i915/gvt/fb_decoder.c, intel_vgpu_decode_primary_plane()),
 * de-tiled by the tile layouts of the Kaby Lake PRM vol. 5 (Memory Views).
 *
 * A surface is found through its plane registers, read through the GGTT
 * one 4 KiB page at a time (every tile of an X or Y tiled surface is exactly
 * one page), de-tiled and converted to x8r8g8b8 for the host's console.
 * Everything the guest programmed is range-checked when decoded; a page the
 * GGTT does not map to guest RAM shows as black.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "internal.h"
#include "gen9-regs.h"
#include "scanout.h"
#include "bytes.h"

#define PAGE_SIZE_4K        4096u
/* A Gen9 pipe shows at most 4096 x 4096: bounds what a guest makes us copy. */
#define MAX_PLANE_DIM       MVGPU_MODE_MAX_X

/* PLANE_CTL fields (i915 display/skl_universal_plane.c, skl_plane_ctl()). */
#define PLANE_CTL_FORMAT(v)     (((v) >> 24) & 0xf)
#define   PLANE_FMT_XRGB2101010 2
#define   PLANE_FMT_XRGB8888    4
#define   PLANE_FMT_RGB565      14
#define PLANE_CTL_ORDER_RGBX    (1u << 20)
#define PLANE_CTL_TILED(v)      (((v) >> 10) & 0x7)
#define PLANE_STRIDE_UNITS(v)   ((v) & 0x7ff)

/* CURCNTR modes: ARGB cursors of 64, 128 and 256 pixels. */
#define CURSOR_MODE(v)          ((v) & 0x3f)
#define CURSOR_MODE_64_ARGB     0x27
#define CURSOR_MODE_128_ARGB    0x22
#define CURSOR_MODE_256_ARGB    0x23

static void report_once(MvgpuCore *c, unsigned pipe, uint32_t ctl,
                        const char *why)
{
    if (c->display.scanout_reported[pipe] != ctl) {
        c->display.scanout_reported[pipe] = ctl;
        mvgpu_log(c, MVGPU_LOG_UNIMP, "pipe %c: plane not shown: %s "
                  "(PLANE_CTL 0x%08x)", 'A' + pipe, why, ctl);
    }
}

static bool decode_format(uint32_t ctl, MvgpuPixelFormat *fmt, uint32_t *cpp)
{
    bool bgr = ctl & PLANE_CTL_ORDER_RGBX;
    bool alpha = PLANE_CTL_ALPHA(ctl) != 0;

    switch (PLANE_CTL_FORMAT(ctl)) {
    case PLANE_FMT_XRGB8888:
        *fmt = bgr ? (alpha ? MVGPU_FMT_ABGR8888 : MVGPU_FMT_XBGR8888)
                   : (alpha ? MVGPU_FMT_ARGB8888 : MVGPU_FMT_XRGB8888);
        *cpp = 4;
        return true;
    case PLANE_FMT_XRGB2101010:
        *fmt = bgr ? MVGPU_FMT_XBGR2101010 : MVGPU_FMT_XRGB2101010;
        *cpp = 4;
        return true;
    case PLANE_FMT_RGB565:
        *fmt = MVGPU_FMT_RGB565;
        *cpp = 2;
        return true;
    default:
        return false;
    }
}

bool mvgpu_scanout_primary(MvgpuCore *c, unsigned pipe, MvgpuPlane *p)
{
    return mvgpu_scanout_plane(c, pipe, 1, p);
}

bool mvgpu_scanout_plane(MvgpuCore *c, unsigned pipe, unsigned pl,
                         MvgpuPlane *p)
{
    MVGPU_LOCKED(c);
    uint32_t ctl, size, offset, units, mult, pos;

    if (pipe >= MVGPU_NPIPES || !c->display.pipes[pipe].enabled ||
        pl < 1 || pl > MVGPU_PLANES_PER_PIPE) {
        return false;
    }
    ctl = mvgpu_reg_get(c, PLANE_CTL(pipe, pl));
    if (!(ctl & PLANE_CTL_ENABLE)) {
        return false;
    }
    if (!decode_format(ctl, &p->format, &p->cpp)) {
        if (pl == 1) {
            report_once(c, pipe, ctl, "pixel format not supported");
        }
        return false;
    }
    switch (PLANE_CTL_TILED(ctl)) {
    case 0:
        p->tiling = MVGPU_TILING_LINEAR;
        mult = 64;
        break;
    case 1:
        p->tiling = MVGPU_TILING_X;
        mult = 512;
        break;
    case 4:
        p->tiling = MVGPU_TILING_Y;
        mult = 128;
        break;
    default:
        if (pl == 1) {
            report_once(c, pipe, ctl, "tiling not supported (Yf or reserved)");
        }
        return false;
    }
    units = PLANE_STRIDE_UNITS(mvgpu_reg_get(c, PLANE_STRIDE(pipe, pl)));
    size = mvgpu_reg_get(c, PLANE_SIZE(pipe, pl));
    offset = mvgpu_reg_get(c, PLANE_OFFSET(pipe, pl));
    pos = mvgpu_reg_get(c, PLANE_POS(pipe, pl));
    p->pos_x = pos & 0x1fff;
    p->pos_y = (pos >> 16) & 0x1fff;
    p->alpha = PLANE_CTL_ALPHA(ctl);
    p->stride = units * mult;
    p->width = (size & 0x1fff) + 1;
    p->height = ((size >> 16) & 0x1fff) + 1;
    p->x = offset & 0x1fff;
    p->y = (offset >> 16) & 0x1fff;
    p->gma = mvgpu_reg_get(c, PLANE_SURFLIVE(pipe, pl)) & ~(PAGE_SIZE_4K - 1);

    if (p->width > MAX_PLANE_DIM || p->height > MAX_PLANE_DIM ||
        (uint64_t)(p->x + p->width) * p->cpp > p->stride) {
        if (pl == 1) {
            report_once(c, pipe, ctl, "size, offset and stride do not fit");
        }
        return false;
    }
    if (pl == 1) {
        c->display.scanout_reported[pipe] = 0;
    }
    return true;
}

bool mvgpu_scanout_head(MvgpuCore *c, MvgpuPlane *p, unsigned *pipe)
{
    MVGPU_LOCKED(c);

    for (unsigned i = 0; i < MVGPU_NPIPES; i++) {
        if (mvgpu_scanout_primary(c, i, p)) {
            *pipe = i;
            return true;
        }
    }
    return false;
}

/* PVINFO's cursor hot spot; the guest leaves 0xffffffff when it has none. */
static uint32_t hot_spot(MvgpuCore *c, uint32_t field, uint32_t size)
{
    uint32_t v = mvgpu_reg_get(c, PVINFO_BASE + field);

    return v < size ? v : 0;
}

bool mvgpu_scanout_cursor(MvgpuCore *c, unsigned pipe, MvgpuCursor *cur)
{
    MVGPU_LOCKED(c);
    uint32_t cntr, pos;

    if (pipe >= MVGPU_NPIPES || !c->display.pipes[pipe].enabled) {
        return false;
    }
    cntr = mvgpu_reg_get(c, CURCNTR(pipe));
    switch (CURSOR_MODE(cntr)) {
    case CURSOR_MODE_64_ARGB:
        cur->size = 64;
        break;
    case CURSOR_MODE_128_ARGB:
        cur->size = 128;
        break;
    case CURSOR_MODE_256_ARGB:
        cur->size = 256;
        break;
    default:
        return false;
    }
    pos = mvgpu_reg_get(c, CURPOS(pipe));
    cur->x = (pos & 0xfff) * ((pos & (1u << 15)) ? -1 : 1);
    cur->y = ((pos >> 16) & 0xfff) * ((pos & (1u << 31)) ? -1 : 1);
    cur->gma = mvgpu_reg_get(c, CURSURFLIVE(pipe)) & ~(PAGE_SIZE_4K - 1);
    cur->hot_x = hot_spot(c, PV_CURSOR_X_HOT, cur->size);
    cur->hot_y = hot_spot(c, PV_CURSOR_Y_HOT, cur->size);
    return true;
}

/* Reads @len bytes at graphics address @gma, page by page; holes read 0. */
static unsigned read_gma(MvgpuCore *c, uint64_t gma, uint8_t *buf, uint32_t len)
{
    unsigned missing = 0;

    while (len) {
        uint32_t chunk = MIN(len, PAGE_SIZE_4K - (gma & (PAGE_SIZE_4K - 1)));
        uint64_t gpa;

        if (!mvgpu_ggtt_translate(c, gma, &gpa) ||
            !c->host.mem_read(c->host.opaque, gpa, buf, chunk)) {
            memset(buf, 0, chunk);
            missing++;
        }
        gma += chunk;
        buf += chunk;
        len -= chunk;
    }
    return missing;
}

static inline uint32_t load_le32(const uint8_t *s)
{
    return mvgpu_le_load(s, 4);
}

/*
 * One row of @w pixels from guest format to host a8r8g8b8: opaque unless
 * @keep_alpha and the format has alpha (ARGB8888, ABGR8888).
 */
static void convert_row_alpha(MvgpuPixelFormat fmt, const uint8_t *src,
                              uint32_t *dst, uint32_t w, bool keep_alpha)
{
    uint32_t opaque = 0xff000000u;

    switch (fmt) {
    case MVGPU_FMT_XRGB8888:
    case MVGPU_FMT_ARGB8888:
        opaque = keep_alpha && fmt == MVGPU_FMT_ARGB8888 ? 0 : 0xff000000u;
        if (G_BYTE_ORDER == G_LITTLE_ENDIAN) {
            /* Already the host's layout: copy, then make opaque. */
            memcpy(dst, src, 4 * w);
            for (uint32_t i = 0; i < w; i++) {
                dst[i] |= opaque;
            }
            break;
        }
        for (uint32_t i = 0; i < w; i++) {
            dst[i] = load_le32(src + 4 * i) | opaque;
        }
        break;
    case MVGPU_FMT_XBGR8888:
    case MVGPU_FMT_ABGR8888:
        opaque = keep_alpha && fmt == MVGPU_FMT_ABGR8888 ? 0 : 0xff000000u;
        for (uint32_t i = 0; i < w; i++) {
            uint32_t v = load_le32(src + 4 * i);

            dst[i] = ((v & 0xff000000u) | opaque) | (v & 0xff00) |
                     (v & 0xff) << 16 | ((v >> 16) & 0xff);
        }
        break;
    case MVGPU_FMT_RGB565:
        for (uint32_t i = 0; i < w; i++) {
            uint32_t v = src[2 * i] | src[2 * i + 1] << 8;
            uint32_t r = (v >> 11) & 0x1f, g = (v >> 5) & 0x3f, b = v & 0x1f;

            dst[i] = 0xff000000u | ((r << 3) | (r >> 2)) << 16 |
                     ((g << 2) | (g >> 4)) << 8 | ((b << 3) | (b >> 2));
        }
        break;
    case MVGPU_FMT_XRGB2101010:
    case MVGPU_FMT_XBGR2101010:
        for (uint32_t i = 0; i < w; i++) {
            uint32_t v = load_le32(src + 4 * i);
            uint32_t hi = (v >> 22) & 0xff, mid = (v >> 12) & 0xff;
            uint32_t lo = (v >> 2) & 0xff;

            dst[i] = 0xff000000u | mid << 8 |
                     (fmt == MVGPU_FMT_XRGB2101010 ? (hi << 16 | lo)
                                                   : (lo << 16 | hi));
        }
        break;
    }
}

/*
 * De-tiles one band of tile rows (rows [band_y, band_y + tile height)) of
 * the byte columns [bx0, bx1) into @band, one row of (bx1 - bx0) bytes each.
 */
static unsigned read_tiled_band(MvgpuCore *c, const MvgpuPlane *p,
                                uint32_t tile_row, uint32_t bx0, uint32_t bx1,
                                uint8_t *band, uint8_t *tile)
{
    const MvgpuTileGeometry *g = mvgpu_tile_geometry(p->tiling);
    uint32_t span = bx1 - bx0, tiles_per_row = p->stride / g->width;
    unsigned missing = 0;

    for (uint32_t tx = bx0 / g->width; tx * g->width < bx1; tx++) {
        uint64_t tile_gma = p->gma +
            ((uint64_t)tile_row * tiles_per_row + tx) * PAGE_SIZE_4K;

        missing += read_gma(c, tile_gma, tile, PAGE_SIZE_4K);
        for (uint32_t r = 0; r < g->height; r++) {
            /* A tile row in its contiguous runs (X: one, Y: eight). */
            for (uint32_t cb = 0; cb < g->width; cb += g->run) {
                uint32_t bx = tx * g->width + cb;
                uint32_t src = mvgpu_tile_byte(p->tiling, cb, r);
                uint32_t from = MAX(bx, bx0), to = MIN(bx + g->run, bx1);

                if (from < to) {
                    memcpy(band + r * span + (from - bx0),
                           tile + src + (from - bx), to - from);
                }
            }
        }
    }
    return missing;
}

static bool scanout_read(MvgpuCore *c, const MvgpuPlane *p, uint8_t *dst,
                         uint32_t dst_stride, bool keep_alpha)
{
    MVGPU_LOCKED(c);
    uint32_t bx0 = p->x * p->cpp, bx1 = (p->x + p->width) * p->cpp;
    uint32_t span = bx1 - bx0;
    uint64_t pages = 0, missing = 0;

    if (p->tiling == MVGPU_TILING_LINEAR) {
        g_autofree uint8_t *row = g_malloc(span);

        for (uint32_t y = 0; y < p->height; y++) {
            uint64_t gma = p->gma + (uint64_t)(p->y + y) * p->stride + bx0;

            missing += read_gma(c, gma, row, span);
            pages += span / PAGE_SIZE_4K + 1;
            convert_row_alpha(p->format, row,
                              (uint32_t *)(dst + y * dst_stride), p->width,
                              keep_alpha);
        }
    } else {
        const MvgpuTileGeometry *g = mvgpu_tile_geometry(p->tiling);
        g_autofree uint8_t *band = g_malloc((size_t)span * g->height);
        g_autofree uint8_t *tile = g_malloc(PAGE_SIZE_4K);
        uint32_t first = p->y / g->height;
        uint32_t last = (p->y + p->height - 1) / g->height;

        for (uint32_t tr = first; tr <= last; tr++) {
            missing += read_tiled_band(c, p, tr, bx0, bx1, band, tile);
            pages += span / g->width + 1;
            for (uint32_t r = 0; r < g->height; r++) {
                uint32_t sy = tr * g->height + r;

                if (sy < p->y || sy >= p->y + p->height) {
                    continue;
                }
                convert_row_alpha(p->format, band + r * span,
                                  (uint32_t *)(dst + (sy - p->y) * dst_stride),
                                  p->width, keep_alpha);
            }
        }
    }
    if (missing) {
        mvgpu_guest_error(c, "scan-out: %" G_GUINT64_FORMAT " pages of the "
                          "surface at GGTT 0x%x are not guest RAM; shown black",
                          missing, p->gma);
    }
    return missing < pages;
}

bool mvgpu_scanout_read(MvgpuCore *c, const MvgpuPlane *p, uint8_t *dst,
                        uint32_t dst_stride)
{
    return scanout_read(c, p, dst, dst_stride, false);
}

bool mvgpu_scanout_read_argb(MvgpuCore *c, const MvgpuPlane *p, uint8_t *dst,
                             uint32_t dst_stride)
{
    return scanout_read(c, p, dst, dst_stride, true);
}

bool mvgpu_scanout_read_cursor(MvgpuCore *c, const MvgpuCursor *cur,
                               uint32_t *dst)
{
    MVGPU_LOCKED(c);
    uint32_t bytes = cur->size * cur->size * 4;
    g_autofree uint8_t *buf = g_malloc(bytes);
    unsigned missing = read_gma(c, cur->gma, buf, bytes);

    for (uint32_t i = 0; i < cur->size * cur->size; i++) {
        dst[i] = load_le32(buf + 4 * i);
    }
    return missing < bytes / PAGE_SIZE_4K;
}

bool mvgpu_scanout_contiguous(MvgpuCore *c, const MvgpuPlane *p, uint64_t *gpa)
{
    MVGPU_LOCKED(c);
    uint64_t first = p->gma + (uint64_t)p->y * p->stride + p->x * p->cpp;
    uint64_t last = p->gma + (uint64_t)(p->y + p->height - 1) * p->stride +
                    (uint64_t)(p->x + p->width) * p->cpp - 1;
    uint64_t base;

    if (p->tiling != MVGPU_TILING_LINEAR ||
        (p->format != MVGPU_FMT_XRGB8888 && p->format != MVGPU_FMT_ARGB8888) ||
        !mvgpu_ggtt_translate(c, first, &base)) {
        return false;
    }
    for (uint64_t page = (first & ~0xfffull) + PAGE_SIZE_4K; page <= last;
         page += PAGE_SIZE_4K) {
        uint64_t next;

        if (!mvgpu_ggtt_translate(c, page, &next) ||
            next != (base & ~0xfffull) + (page - (first & ~0xfffull))) {
            return false;
        }
    }
    *gpa = base;
    return true;
}

/* The pages a plane reads, found under the core lock. */
static GArray *scanout_page_list(MvgpuCore *c, const MvgpuPlane *p)
{
    MVGPU_LOCKED(c);
    GArray *pages = g_array_new(false, false, sizeof(uint64_t));
    uint64_t first, end, gpa;

    if (p->tiling == MVGPU_TILING_LINEAR) {
        first = (uint64_t)p->y * p->stride + p->x * p->cpp;
        end = (uint64_t)(p->y + p->height - 1) * p->stride +
              (uint64_t)(p->x + p->width) * p->cpp;
    } else {
        const MvgpuTileGeometry *g = mvgpu_tile_geometry(p->tiling);
        uint64_t row_bytes = (uint64_t)p->stride * g->height;

        first = (p->y / g->height) * row_bytes;
        end = ((p->y + p->height - 1) / g->height + 1) * row_bytes;
    }
    for (uint64_t off = first & ~0xfffull; off < end; off += PAGE_SIZE_4K) {
        if (mvgpu_ggtt_translate(c, p->gma + off, &gpa)) {
            gpa &= ~0xfffull;
            g_array_append_val(pages, gpa);
        }
    }
    return pages;
}

unsigned mvgpu_scanout_pages(MvgpuCore *c, const MvgpuPlane *p,
                             MvgpuPageFn *fn, void *opaque)
{
    g_autoptr(GArray) pages = scanout_page_list(c, p);

    /*
     * Outside the core lock: @fn may wait for the vCPUs (QEMU's dirty-log
     * sync does), and a vCPU in our MMIO handler waits for the core lock.
     */
    for (unsigned i = 0; i < pages->len; i++) {
        fn(opaque, g_array_index(pages, uint64_t, i));
    }
    return pages->len;
}

uint64_t mvgpu_scanout_ggtt_generation(MvgpuCore *c)
{
    MVGPU_LOCKED(c);

    return c->ggtt_generation;
}
