/*
 * mvgpu core: the 2D blitter of the soft backend.
 *
 * XY_COLOR_BLT fills a rectangle, XY_SRC_COPY_BLT copies one, both through a
 * general ROP3 over pattern (the fill colour), source and destination, at 8,
 * 16 or 32 bits per pixel, linear or tiled (X, or Y when BCS_SWCTRL says
 * so), clipped to XY_SETUP_BLT's rectangle when BR13 asks for it. A source
 * is read whole before the destination is written, so overlapping copies
 * behave like memmove. Every coordinate comes from the guest: rectangles
 * are bounded before any memory is touched.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <glib.h>
#include <string.h>

#include "blit.h"
#include "bytes.h"

/* BR00 (DW0) */
#define BR00_OPCODE(dw)         (((dw) >> 22) & 0x7f)
#define BR00_WRITE_ALPHA        (1u << 21)
#define BR00_WRITE_RGB          (1u << 20)
#define BR00_SRC_TILED          (1u << 15)
#define BR00_DST_TILED          (1u << 11)
/* BR13 (DW1) */
#define BR13_CLIP_ENABLE        (1u << 30)
#define BR13_DEPTH(dw)          (((dw) >> 24) & 3)
#define BR13_ROP(dw)            (((dw) >> 16) & 0xff)
#define BR13_PITCH(dw)          ((int16_t)((dw) & 0xffff))

#define MAX_BLIT_DIM            16384   /* coordinates are 16-bit */

typedef struct Surface {
    uint64_t base;
    uint32_t pitch;             /* bytes */
    enum { LINEAR, TILE_X, TILE_Y } tiling;
} Surface;

static uint32_t cpp_of(uint32_t br13)
{
    static const uint32_t cpp[4] = { 1, 2, 2, 4 };     /* 8, 565, 1555, 32 */

    return cpp[BR13_DEPTH(br13)];
}

static uint64_t sx(uint32_t dw)
{
    return (uint64_t)(int16_t)(dw & 0xffff);
}

/* Where byte @xb of row @y lives, for each tiling (reference §11.6). */
static uint64_t offset_of(const Surface *s, uint32_t xb, uint32_t y)
{
    switch (s->tiling) {
    case TILE_X:
        return ((uint64_t)(y / 8) * (s->pitch / 512) + xb / 512) * 4096 +
               (y % 8) * 512 + xb % 512;
    case TILE_Y:
        return ((uint64_t)(y / 32) * (s->pitch / 128) + xb / 128) * 4096 +
               ((xb % 128) / 16) * 512 + (y % 32) * 16 + xb % 16;
    default:
        return (uint64_t)y * s->pitch + xb;
    }
}

/* Bytes from @xb that are contiguous in memory. */
static uint32_t run_of(const Surface *s, uint32_t xb, uint32_t left)
{
    uint32_t unit = s->tiling == TILE_X ? 512 : s->tiling == TILE_Y ? 16 : 0;

    return unit ? MIN(left, unit - xb % unit) : left;
}

static bool row_rw(const MvgpuBlitMem *m, const Surface *s, uint32_t xb,
                   uint32_t y, uint8_t *buf, uint32_t bytes, bool write)
{
    while (bytes) {
        uint32_t n = run_of(s, xb, bytes);

        if (!m->rw(m->opaque, s->base + offset_of(s, xb, y), buf, n, write)) {
            return false;
        }
        xb += n;
        buf += n;
        bytes -= n;
    }
    return true;
}

/* Bitwise ROP3: bit (P << 2 | S << 1 | D) of @rop gives each result bit. */
static uint32_t rop3(uint8_t rop, uint32_t p, uint32_t s, uint32_t d)
{
    uint32_t r = 0;

    for (unsigned i = 0; i < 8; i++) {
        if (rop & (1u << i)) {
            r |= ((i & 4) ? p : ~p) & ((i & 2) ? s : ~s) & ((i & 1) ? d : ~d);
        }
    }
    return r;
}

static bool surface(uint32_t dw0, bool src, uint32_t pitch_field,
                    uint64_t base, const MvgpuBlitMem *m, Surface *s)
{
    bool tiled = dw0 & (src ? BR00_SRC_TILED : BR00_DST_TILED);
    int32_t pitch = (int16_t)pitch_field;

    if (pitch <= 0) {
        return false;               /* negative pitches: not supported */
    }
    s->base = base;
    s->tiling = !tiled ? LINEAR
                : (src ? m->src_y_tiled : m->dst_y_tiled) ? TILE_Y : TILE_X;
    /* Tiled pitches are given in dwords. */
    s->pitch = tiled ? (uint32_t)pitch * 4 : (uint32_t)pitch;
    if (s->tiling != LINEAR && s->pitch % (s->tiling == TILE_X ? 512 : 128)) {
        return false;
    }
    return true;
}

bool mvgpu_blit(const MvgpuBlitMem *m, MvgpuBlitState *st, const uint32_t *dw,
                uint32_t len, const char **why)
{
    uint32_t op = BR00_OPCODE(dw[0]);
    uint32_t cpp, wmask = 0xffffffff, fill = 0;
    int64_t x1, y1, x2, y2, sx1 = 0, sy1 = 0;
    Surface dst, src = { 0 };
    g_autofree uint8_t *sbuf = NULL;
    g_autofree uint8_t *row = NULL;
    bool copy = op == BLT_XY_SRC_COPY;
    uint8_t rop;

    *why = NULL;
    if (op == BLT_XY_SETUP && len >= 10) {
        st->clip_x1 = sx(dw[2]);
        st->clip_y1 = sx(dw[2] >> 16);
        st->clip_x2 = sx(dw[3]);
        st->clip_y2 = sx(dw[3] >> 16);
        st->bg = dw[6];
        st->fg = dw[7];
        return true;
    }
    if (!(op == BLT_XY_COLOR && len == 7) && !(copy && len == 10)) {
        return false;
    }
    cpp = cpp_of(dw[1]);
    rop = BR13_ROP(dw[1]);
    if (cpp == 4) {
        /* 32 bpp: the byte masks select alpha and colour channels. */
        wmask = (dw[0] & BR00_WRITE_ALPHA ? 0xff000000u : 0) |
                (dw[0] & BR00_WRITE_RGB ? 0x00ffffffu : 0);
    }
    if (!surface(dw[0], false, dw[1], (uint64_t)dw[5] << 32 | dw[4], m, &dst) ||
        (copy && !surface(dw[0], true, dw[7], (uint64_t)dw[9] << 32 | dw[8],
                          m, &src))) {
        *why = "blit pitch not valid for its tiling";
        return false;
    }
    x1 = sx(dw[2]);
    y1 = sx(dw[2] >> 16);
    x2 = sx(dw[3]);
    y2 = sx(dw[3] >> 16);
    if (copy) {
        sx1 = sx(dw[6]);
        sy1 = sx(dw[6] >> 16);
    } else {
        fill = dw[6];
    }
    /* Clipping moves the destination edges and the source with them. */
    if (dw[1] & BR13_CLIP_ENABLE) {
        int64_t cx1 = MAX(x1, st->clip_x1), cy1 = MAX(y1, st->clip_y1);

        sx1 += cx1 - x1;
        sy1 += cy1 - y1;
        x1 = cx1;
        y1 = cy1;
        x2 = MIN(x2, st->clip_x2);
        y2 = MIN(y2, st->clip_y2);
    }
    if (x2 <= x1 || y2 <= y1) {
        return true;                /* nothing to draw */
    }
    if (x1 < 0 || y1 < 0 || sx1 < 0 || sy1 < 0 || x2 > MAX_BLIT_DIM ||
        y2 > MAX_BLIT_DIM || (uint64_t)x2 * cpp > dst.pitch ||
        (copy && (uint64_t)(sx1 + x2 - x1) * cpp > src.pitch) ||
        sy1 + (y2 - y1) > MAX_BLIT_DIM) {
        *why = "blit rectangle outside its surface";
        return false;
    }

    uint32_t w = x2 - x1, h = y2 - y1, bytes = w * cpp;

    row = g_malloc(bytes);
    if (copy) {
        /* The whole source first: overlapping copies act like memmove. */
        sbuf = g_malloc((size_t)bytes * h);
        for (uint32_t y = 0; y < h; y++) {
            if (!row_rw(m, &src, sx1 * cpp, sy1 + y, sbuf + (size_t)y * bytes,
                        bytes, false)) {
                *why = "blit source not in guest RAM";
                return false;
            }
        }
    }
    /* A ROP whose result ignores D needs no destination read. */
    bool reads_dst = (((rop >> 1) ^ rop) & 0x55) || wmask != 0xffffffff;

    for (uint32_t y = 0; y < h; y++) {
        const uint8_t *srow = copy ? sbuf + (size_t)y * bytes : NULL;

        if (reads_dst && !row_rw(m, &dst, x1 * cpp, y1 + y, row, bytes, false)) {
            *why = "blit destination not in guest RAM";
            return false;
        }
        if (rop == 0xcc && !reads_dst) {
            memcpy(row, srow, bytes);               /* SRCCOPY */
        } else {
            for (uint32_t i = 0; i < w; i++) {
                uint32_t d = reads_dst ? mvgpu_le_load(row + i * cpp, cpp) : 0;
                uint32_t s = copy ? mvgpu_le_load(srow + i * cpp, cpp) : 0;
                uint32_t r = rop3(rop, fill, s, d);

                mvgpu_le_store(row + i * cpp, (r & wmask) | (d & ~wmask), cpp);
            }
        }
        if (!row_rw(m, &dst, x1 * cpp, y1 + y, row, bytes, true)) {
            *why = "blit destination not in guest RAM";
            return false;
        }
    }
    return true;
}
