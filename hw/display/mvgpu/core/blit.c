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

/* One blit, decoded: what XY_COLOR_BLT, XY_SRC_COPY_BLT and XY_FAST_COPY_BLT share. */
typedef struct Blit {
    Surface dst, src;
    bool copy;                  /* a source is read */
    bool clip;                  /* clipped to XY_SETUP_BLT's rectangle */
    uint32_t cpp, wmask, fill;
    uint8_t rop;
    int64_t x1, y1, x2, y2, sx1, sy1;
} Blit;

static void rect_of(Blit *b, const uint32_t *dw)
{
    b->x1 = sx(dw[2]);
    b->y1 = sx(dw[2] >> 16);
    b->x2 = sx(dw[3]);
    b->y2 = sx(dw[3] >> 16);
    if (b->copy) {
        b->sx1 = sx(dw[6]);
        b->sy1 = sx(dw[6] >> 16);
    }
}

/* XY_COLOR_BLT and XY_SRC_COPY_BLT: BR13 depth, ROP, clip; tiling by bits. */
static const char *decode_xy(const MvgpuBlitMem *m, const uint32_t *dw,
                             Blit *b)
{
    b->cpp = cpp_of(dw[1]);
    b->rop = BR13_ROP(dw[1]);
    b->clip = dw[1] & BR13_CLIP_ENABLE;
    b->wmask = 0xffffffff;
    if (b->cpp == 4) {
        /* 32 bpp: the byte masks select alpha and colour channels. */
        b->wmask = (dw[0] & BR00_WRITE_ALPHA ? 0xff000000u : 0) |
                   (dw[0] & BR00_WRITE_RGB ? 0x00ffffffu : 0);
    }
    if (!surface(dw[0], false, dw[1], (uint64_t)dw[5] << 32 | dw[4], m,
                 &b->dst) ||
        (b->copy && !surface(dw[0], true, dw[7],
                             (uint64_t)dw[9] << 32 | dw[8], m, &b->src))) {
        return "blit pitch not valid for its tiling";
    }
    if (!b->copy) {
        b->fill = dw[6];
    }
    rect_of(b, dw);
    return NULL;
}

/* XY_FAST_COPY_BLT tiling fields: 0 linear, 1 X, 2 Y (or Yf), 3 Ys. */
#define FAST_SRC_TILING(dw0)    (((dw0) >> 20) & 3)
#define FAST_DST_TILING(dw0)    (((dw0) >> 13) & 3)
#define FAST_SRC_YF             (1u << 31)
#define FAST_DST_YF             (1u << 30)
#define FAST_DEPTH(dw1)         (((dw1) >> 24) & 7)

static bool fast_surface(unsigned tiling, bool yf, uint32_t pitch_field,
                         uint64_t base, Surface *s)
{
    static const int kinds[] = { LINEAR, TILE_X, TILE_Y };

    if (tiling > 2 || (tiling == 2 && yf) || !(pitch_field & 0xffff)) {
        return false;               /* Yf and Ys: not supported */
    }
    s->base = base;
    s->tiling = kinds[tiling];
    /* Tiled pitches are given in dwords, as for the XY_* commands. */
    s->pitch = (pitch_field & 0xffff) * (tiling ? 4 : 1);
    return s->tiling == LINEAR ||
           !(s->pitch % (s->tiling == TILE_X ? 512 : 128));
}

/*
 * XY_FAST_COPY_BLT: a plain copy (no ROP, no clip, no channel mask) whose
 * tilings are in the command rather than BCS_SWCTRL; 8 to 128 bpp.
 */
static const char *decode_fast_copy(const uint32_t *dw, Blit *b)
{
    static const uint8_t cpp[8] = { 1, 2, 0, 4, 8, 16, 0, 0 };

    b->cpp = cpp[FAST_DEPTH(dw[1])];
    b->rop = 0xcc;
    b->wmask = 0xffffffff;
    b->copy = true;
    if (!b->cpp) {
        return "fast copy colour depth reserved";
    }
    if (!fast_surface(FAST_DST_TILING(dw[0]), dw[1] & FAST_DST_YF, dw[1],
                      (uint64_t)dw[5] << 32 | dw[4], &b->dst) ||
        !fast_surface(FAST_SRC_TILING(dw[0]), dw[1] & FAST_SRC_YF, dw[7],
                      (uint64_t)dw[9] << 32 | dw[8], &b->src)) {
        return "fast copy tiling (Yf/Ys) or pitch not supported";
    }
    rect_of(b, dw);
    return NULL;
}

static bool execute(const MvgpuBlitMem *m, const MvgpuBlitState *st,
                    Blit *b, const char **why)
{
    g_autofree uint8_t *sbuf = NULL;
    g_autofree uint8_t *row = NULL;
    uint32_t cpp = b->cpp, wmask = b->wmask;
    uint8_t rop = b->rop;
    bool copy = b->copy;

    /* Clipping moves the destination edges and the source with them. */
    if (b->clip) {
        int64_t cx1 = MAX(b->x1, st->clip_x1), cy1 = MAX(b->y1, st->clip_y1);

        b->sx1 += cx1 - b->x1;
        b->sy1 += cy1 - b->y1;
        b->x1 = cx1;
        b->y1 = cy1;
        b->x2 = MIN(b->x2, st->clip_x2);
        b->y2 = MIN(b->y2, st->clip_y2);
    }
    if (b->x2 <= b->x1 || b->y2 <= b->y1) {
        return true;                /* nothing to draw */
    }
    if (b->x1 < 0 || b->y1 < 0 || b->sx1 < 0 || b->sy1 < 0 ||
        b->x2 > MAX_BLIT_DIM || b->y2 > MAX_BLIT_DIM ||
        (uint64_t)b->x2 * cpp > b->dst.pitch ||
        (copy && (uint64_t)(b->sx1 + b->x2 - b->x1) * cpp > b->src.pitch) ||
        b->sy1 + (b->y2 - b->y1) > MAX_BLIT_DIM) {
        *why = "blit rectangle outside its surface";
        return false;
    }

    uint32_t w = b->x2 - b->x1, h = b->y2 - b->y1, bytes = w * cpp;

    row = g_malloc(bytes);
    if (copy) {
        /* The whole source first: overlapping copies act like memmove. */
        sbuf = g_malloc((size_t)bytes * h);
        for (uint32_t y = 0; y < h; y++) {
            if (!row_rw(m, &b->src, b->sx1 * cpp, b->sy1 + y,
                        sbuf + (size_t)y * bytes, bytes, false)) {
                *why = "blit source not in guest RAM";
                return false;
            }
        }
    }
    /* A ROP whose result ignores D needs no destination read. */
    bool reads_dst = (((rop >> 1) ^ rop) & 0x55) || wmask != 0xffffffff;

    for (uint32_t y = 0; y < h; y++) {
        const uint8_t *srow = copy ? sbuf + (size_t)y * bytes : NULL;

        if (reads_dst &&
            !row_rw(m, &b->dst, b->x1 * cpp, b->y1 + y, row, bytes, false)) {
            *why = "blit destination not in guest RAM";
            return false;
        }
        if (rop == 0xcc && !reads_dst) {
            memcpy(row, srow, bytes);               /* SRCCOPY */
        } else {
            for (uint32_t i = 0; i < w; i++) {
                uint32_t d = reads_dst ? mvgpu_le_load(row + i * cpp, cpp) : 0;
                uint32_t s = copy ? mvgpu_le_load(srow + i * cpp, cpp) : 0;
                uint32_t r = rop3(rop, b->fill, s, d);

                mvgpu_le_store(row + i * cpp, (r & wmask) | (d & ~wmask), cpp);
            }
        }
        if (!row_rw(m, &b->dst, b->x1 * cpp, b->y1 + y, row, bytes, true)) {
            *why = "blit destination not in guest RAM";
            return false;
        }
    }
    return true;
}

bool mvgpu_blit(const MvgpuBlitMem *m, MvgpuBlitState *st, const uint32_t *dw,
                uint32_t len, const char **why)
{
    uint32_t op = BR00_OPCODE(dw[0]);
    Blit b = { .copy = op == BLT_XY_SRC_COPY };

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
    if ((op == BLT_XY_COLOR && len == 7) || (b.copy && len == 10)) {
        *why = decode_xy(m, dw, &b);
    } else if (op == BLT_XY_FAST_COPY && len == 10) {
        *why = decode_fast_copy(dw, &b);
    } else {
        return false;
    }
    return !*why && execute(m, st, &b, why);
}
