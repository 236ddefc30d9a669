/*
 * mvgpu core: the 2D blitter of the soft backend.
 *
 * Every command is reduced to one shape: a destination rectangle whose
 * pixels become ROP3(P, S, D), where P is the pattern (a solid colour, an
 * 8x8 mono pattern or an 8x8 colour pattern), S the source (a surface, or
 * a mono bitmap, in the command or in memory, expanded to the foreground
 * and background colours) and D the destination. A transparent mono source
 * or pattern leaves the pixels of its 0 bits alone. Destinations are 8, 16
 * or 32 bits per pixel, linear or tiled (X, or Y when BCS_SWCTRL says so),
 * clipped to the clip rectangle when BR13 asks for it, with the 32-bpp
 * channel masks of DW0.
 *
 * XY_FAST_COPY_BLT is a plain copy of 8 to 128 bits per pixel whose tiling
 * is in the command. XY_SETUP_BLT and XY_SETUP_MONO_PATTERN_SL_BLT keep the
 * state their followers use. XY_FAST_COLOR_BLT is a Gen12 command (see
 * docs/status.md): a Gen9 blitter has none.
 *
 * Rows are copied in the order that makes copies within one surface
 * correct however source and destination overlap (each source row is read
 * whole before its destination row is written), as the hardware does.
 * Every coordinate, length and count comes from the guest: rectangles and
 * immediate data are bounded before any memory is touched.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <glib.h>
#include <string.h>

#include "blit.h"
#include "bytes.h"
#include "tiling.h"

/* BR00 (DW0) */
#define BR00_OPCODE(dw)         (((dw) >> 22) & 0x7f)
#define BR00_WRITE_ALPHA        (1u << 21)
#define BR00_WRITE_RGB          (1u << 20)
#define BR00_MONO_OFFSET(dw)    (((dw) >> 17) & 7)  /* XY_MONO_SRC_COPY* */
#define BR00_BYTE_PACKED        (1u << 16)          /* XY_TEXT* */
#define BR00_SRC_TILED          (1u << 15)
#define BR00_PAT_SEED_X(dw)     (((dw) >> 12) & 7)
#define BR00_DST_TILED          (1u << 11)
#define BR00_PAT_SEED_Y(dw)     (((dw) >> 8) & 7)
/* BR13 (DW1) */
#define BR13_SOLID_PATTERN      (1u << 31)
#define BR13_CLIP_ENABLE        (1u << 30)
#define BR13_MONO_SRC_TRANSP    (1u << 29)
#define BR13_MONO_PAT_TRANSP    (1u << 28)
#define BR13_DEPTH(dw)          (((dw) >> 24) & 3)
#define BR13_ROP(dw)            (((dw) >> 16) & 0xff)

#define MAX_BLIT_DIM            16384   /* coordinates are 16-bit */
#define PAT_PIXELS              64      /* 8x8 */

#define DIV_UP(n, d)            (((n) + (d) - 1) / (d))

typedef struct Surface {
    uint64_t base;
    uint32_t pitch;             /* bytes */
    MvgpuTiling tiling;         /* linear, X or Y */
} Surface;

static uint32_t cpp_of(uint32_t br13)
{
    static const uint32_t cpp[4] = { 1, 2, 2, 4 };     /* 8, 565, 1555, 32 */

    return cpp[BR13_DEPTH(br13)];
}

/* 32 bpp: the DW0 byte masks select the alpha and colour channels. */
static uint32_t wmask_of(uint32_t br00, uint32_t cpp)
{
    if (cpp != 4) {
        return 0xffffffff;
    }
    return (br00 & BR00_WRITE_ALPHA ? 0xff000000u : 0) |
           (br00 & BR00_WRITE_RGB ? 0x00ffffffu : 0);
}

static uint64_t sx(uint32_t dw)
{
    return (uint64_t)(int16_t)(dw & 0xffff);
}

static uint64_t addr_of(const uint32_t *dw)
{
    return (uint64_t)dw[1] << 32 | dw[0];
}

/* Bytes from @xb that are contiguous in memory. */
static uint32_t run_of(const Surface *s, uint32_t xb, uint32_t left)
{
    uint32_t unit;

    if (s->tiling == MVGPU_TILING_LINEAR) {
        return left;
    }
    unit = mvgpu_tile_geometry(s->tiling)->run;
    return MIN(left, unit - xb % unit);
}

static bool row_rw(const MvgpuBlitMem *m, const Surface *s, uint32_t xb,
                   uint32_t y, uint8_t *buf, uint32_t bytes, bool write)
{
    while (bytes) {
        uint32_t n = run_of(s, xb, bytes);

        if (!m->rw(m->opaque, s->base +
                   mvgpu_tiled_offset(s->tiling, s->pitch, xb, y), buf, n,
                   write)) {
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

/* Whether the result of @rop depends on P, on D. */
static bool rop_uses_p(uint8_t rop)
{
    return ((rop >> 4) ^ rop) & 0x0f;
}

static bool rop_uses_d(uint8_t rop)
{
    return ((rop >> 1) ^ rop) & 0x55;
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
    s->tiling = !tiled ? MVGPU_TILING_LINEAR
                : (src ? m->src_y_tiled : m->dst_y_tiled) ? MVGPU_TILING_Y
                                                          : MVGPU_TILING_X;
    /* Tiled pitches are given in dwords. */
    s->pitch = tiled ? (uint32_t)pitch * 4 : (uint32_t)pitch;
    if (s->tiling != MVGPU_TILING_LINEAR &&
        s->pitch % mvgpu_tile_geometry(s->tiling)->width) {
        return false;
    }
    return true;
}

/* One blit, decoded. */
typedef struct Blit {
    Surface dst, src;
    bool copy;                  /* S is read from the source surface */
    bool clip;                  /* clipped to the clip rectangle */
    uint32_t cpp, wmask;
    uint8_t rop;
    int64_t x1, y1, x2, y2, sx1, sy1;
    int64_t ox1, oy1;           /* the rectangle's origin before clipping */
    /* P */
    MvgpuBlitPattern pat;
    uint32_t pat_bg, pat_fg;
    uint64_t pat_mono;
    bool pat_transparent;
    unsigned seed_x, seed_y;
    uint8_t pat_color[PAT_PIXELS * 4];
    /*
     * S from a mono bitmap: bit (y * pitch + offset + x) from the origin,
     * in @mono (immediate data) or at guest address @mono_addr.
     */
    const uint8_t *mono;
    bool mono_mem;
    uint64_t mono_addr;
    uint64_t mono_pitch;        /* bits */
    uint32_t mono_offset, bg, fg;
    bool src_transparent;
} Blit;

static void rect_of(Blit *b, const uint32_t *tl, const uint32_t *br)
{
    b->ox1 = b->x1 = sx(*tl);
    b->oy1 = b->y1 = sx(*tl >> 16);
    b->x2 = sx(*br);
    b->y2 = sx(*br >> 16);
}

/* XY_COLOR_BLT and XY_SRC_COPY_BLT: BR13 depth, ROP, clip; tiling by bits. */
static const char *decode_xy(const MvgpuBlitMem *m, const uint32_t *dw,
                             Blit *b)
{
    b->cpp = cpp_of(dw[1]);
    b->rop = BR13_ROP(dw[1]);
    b->clip = dw[1] & BR13_CLIP_ENABLE;
    b->wmask = wmask_of(dw[0], b->cpp);
    if (!surface(dw[0], false, dw[1], addr_of(dw + 4), m, &b->dst) ||
        (b->copy && !surface(dw[0], true, dw[7], addr_of(dw + 8), m,
                             &b->src))) {
        return "blit pitch not valid for its tiling";
    }
    /* XY_COLOR_BLT's colour is a solid pattern; a copy's P is 0. */
    b->pat = MVGPU_BLIT_PAT_SOLID;
    if (!b->copy) {
        b->pat_bg = dw[6];
    }
    rect_of(b, dw + 2, dw + 3);
    if (b->copy) {
        b->sx1 = sx(dw[6]);
        b->sy1 = sx(dw[6] >> 16);
    }
    return NULL;
}

/* XY_FAST_* tiling fields: 0 linear, 1 X, 2 Y (or Yf), 3 Ys. */
#define FAST_SRC_TILING(dw0)    (((dw0) >> 20) & 3)
#define FAST_DST_TILING(dw0)    (((dw0) >> 13) & 3)
#define FAST_SRC_YF             (1u << 31)
#define FAST_DST_YF             (1u << 30)
#define FAST_DEPTH(dw1)         (((dw1) >> 24) & 7)

/* XY_FAST_* colour depths: 8, 16, reserved, 32, 64, 128 bits, reserved. */
static uint32_t fast_cpp(uint32_t dw1)
{
    static const uint8_t cpp[8] = { 1, 2, 0, 4, 8, 16, 0, 0 };

    return cpp[FAST_DEPTH(dw1)];
}

static bool fast_surface(unsigned tiling, bool yf, uint32_t pitch_field,
                         uint64_t base, Surface *s)
{
    static const MvgpuTiling kinds[] = {
        MVGPU_TILING_LINEAR, MVGPU_TILING_X, MVGPU_TILING_Y,
    };

    if (tiling > 2 || (tiling == 2 && yf) || !(pitch_field & 0xffff)) {
        return false;               /* Yf and Ys: not supported */
    }
    s->base = base;
    s->tiling = kinds[tiling];
    /* Tiled pitches are given in dwords, as for the XY_* commands. */
    s->pitch = (pitch_field & 0xffff) * (tiling ? 4 : 1);
    return s->tiling == MVGPU_TILING_LINEAR ||
           !(s->pitch % mvgpu_tile_geometry(s->tiling)->width);
}

/*
 * XY_FAST_COPY_BLT: a plain copy (no ROP, no clip, no channel mask) whose
 * tilings are in the command rather than BCS_SWCTRL; 8 to 128 bpp.
 */
static const char *decode_fast_copy(const uint32_t *dw, Blit *b)
{
    b->cpp = fast_cpp(dw[1]);
    b->rop = 0xcc;
    b->wmask = 0xffffffff;
    b->copy = true;
    if (!b->cpp) {
        return "fast copy colour depth reserved";
    }
    if (!fast_surface(FAST_DST_TILING(dw[0]), dw[1] & FAST_DST_YF, dw[1],
                      addr_of(dw + 4), &b->dst) ||
        !fast_surface(FAST_SRC_TILING(dw[0]), dw[1] & FAST_SRC_YF, dw[7],
                      addr_of(dw + 8), &b->src)) {
        return "fast copy tiling (Yf/Ys) or pitch not supported";
    }
    rect_of(b, dw + 2, dw + 3);
    b->sx1 = sx(dw[6]);
    b->sy1 = sx(dw[6] >> 16);
    return NULL;
}

/*
 * P is the 8x8 colour pattern at @addr: 64 pixels of @b's depth, row after
 * row. It is read only when the ROP needs it.
 */
static const char *color_pattern(const MvgpuBlitMem *m, uint64_t addr,
                                 Blit *b)
{
    b->pat = MVGPU_BLIT_PAT_COLOR;
    if (rop_uses_p(b->rop) &&
        !m->rw(m->opaque, addr, b->pat_color, PAT_PIXELS * b->cpp, false)) {
        return "blit pattern not in guest RAM";
    }
    return NULL;
}

/* The pattern of @st, for a blit of @b's depth and ROP. */
static const char *state_pattern(const MvgpuBlitMem *m,
                                 const MvgpuBlitState *st, Blit *b)
{
    b->pat = st->pat;
    b->pat_bg = st->pat_bg;
    b->pat_fg = st->pat_fg;
    b->pat_mono = st->pat_mono;
    b->pat_transparent = st->br13 & BR13_MONO_PAT_TRANSP;
    return b->pat == MVGPU_BLIT_PAT_COLOR ? color_pattern(m, st->pat_addr, b)
                                          : NULL;
}

/* The followers of a set-up: destination, depth, ROP and clip are its. */
static const char *decode_follower(const MvgpuBlitMem *m,
                                   const MvgpuBlitState *st, Blit *b)
{
    if (!st->valid) {
        return "2D command needs an XY_SETUP_BLT first";
    }
    b->cpp = cpp_of(st->br13);
    b->rop = BR13_ROP(st->br13);
    b->clip = st->br13 & BR13_CLIP_ENABLE;
    b->wmask = wmask_of(st->br00, b->cpp);
    if (!surface(st->br00, false, st->br13, st->dst, m, &b->dst)) {
        return "blit pitch not valid for its tiling";
    }
    return state_pattern(m, st, b);
}

/* Commands with their own BR13 and destination (DW1, DW4-5). */
static const char *decode_own_dst(const MvgpuBlitMem *m, const uint32_t *dw,
                                  Blit *b)
{
    b->cpp = cpp_of(dw[1]);
    b->rop = BR13_ROP(dw[1]);
    b->clip = dw[1] & BR13_CLIP_ENABLE;
    b->wmask = wmask_of(dw[0], b->cpp);
    if (!surface(dw[0], false, dw[1], addr_of(dw + 4), m, &b->dst)) {
        return "blit pitch not valid for its tiling";
    }
    rect_of(b, dw + 2, dw + 3);
    return NULL;
}

/*
 * A mono source of @words immediate dwords, @pitch bits a row: it must
 * hold every bit of the unclipped rectangle.
 */
static const char *mono_source(Blit *b, const uint32_t *data, uint32_t words,
                               uint8_t *bytes, uint64_t pitch,
                               uint32_t offset)
{
    int64_t w = b->x2 - b->x1, h = b->y2 - b->y1;

    for (uint32_t i = 0; i < words; i++) {
        mvgpu_le_store(bytes + 4 * i, data[i], 4);
    }
    b->mono = bytes;
    b->mono_pitch = pitch;
    b->mono_offset = offset;
    if (w > 0 && h > 0 &&
        (uint64_t)(h - 1) * pitch + offset + w > (uint64_t)words * 32) {
        return "immediate mono data shorter than its rectangle";
    }
    return NULL;
}

/*
 * A mono source in guest memory at @addr, @pitch bits a row. Nothing is
 * read here: execution reads, row by row, only the bits the clipped
 * rectangle uses, so the guest's rectangle bounds every read.
 */
static void mono_memory(Blit *b, uint64_t addr, uint64_t pitch,
                        uint32_t offset)
{
    b->mono_mem = true;
    b->mono_addr = addr;
    b->mono_pitch = pitch;
    b->mono_offset = offset;
}

/*
 * XY_TEXT*: byte-packed rows start on a byte, bit-packed rows run on
 * (XY_MONO_SRC_COPY* rows start on 16-bit words, with a first-bit offset).
 */
static uint64_t text_pitch(uint32_t br00, const Blit *b)
{
    int64_t w = MAX(b->x2 - b->x1, 0);

    return br00 & BR00_BYTE_PACKED ? DIV_UP(w, 8) * 8 : w;
}

static uint64_t mono_src_pitch(uint32_t offset, const Blit *b)
{
    return DIV_UP(offset + MAX(b->x2 - b->x1, 0), 16) * 16;
}

/* The pattern operand at pixel (@x, @y); false where it is transparent. */
static bool pattern_at(const Blit *b, int64_t x, int64_t y, uint32_t *p)
{
    unsigned col = (x + b->seed_x) & 7, row = (y + b->seed_y) & 7;

    switch (b->pat) {
    case MVGPU_BLIT_PAT_MONO:
        if ((b->pat_mono >> (8 * row)) & (0x80u >> col)) {
            *p = b->pat_fg;
            return true;
        }
        *p = b->pat_bg;
        return !b->pat_transparent;
    case MVGPU_BLIT_PAT_COLOR:
        *p = mvgpu_le_load(b->pat_color + (row * 8 + col) * b->cpp, b->cpp);
        return true;
    default:
        *p = b->pat_bg;
        return true;
    }
}

/* The mono source operand of bit @bit of @bits; false where transparent. */
static bool mono_at(const Blit *b, const uint8_t *bits, uint64_t bit,
                    uint32_t *s)
{
    if (bits[bit / 8] & (0x80u >> (bit % 8))) {
        *s = b->fg;
        return true;
    }
    *s = b->bg;
    return !b->src_transparent;
}

/*
 * Clips @b and bounds it by its surfaces: 1 to draw, 0 when nothing is
 * left to draw, -1 when refused.
 */
static int place(const MvgpuBlitState *st, Blit *b, const char **why)
{
    uint32_t cpp = b->cpp;

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
        return 0;
    }
    if (b->x1 < 0 || b->y1 < 0 || b->x2 > MAX_BLIT_DIM ||
        b->y2 > MAX_BLIT_DIM || (uint64_t)b->x2 * cpp > b->dst.pitch ||
        (b->copy && (b->sx1 < 0 || b->sy1 < 0 ||
                     (uint64_t)(b->sx1 + b->x2 - b->x1) * cpp > b->src.pitch ||
                     b->sy1 + (b->y2 - b->y1) > MAX_BLIT_DIM))) {
        *why = "blit rectangle outside its surface";
        return -1;
    }
    return 1;
}

static bool execute(const MvgpuBlitMem *m, Blit *b, MvgpuBlitCursor *cur,
                    const char **why)
{
    g_autofree uint8_t *srow = NULL;
    g_autofree uint8_t *row = NULL;
    g_autofree uint8_t *mrow = NULL;
    uint32_t cpp = b->cpp, wmask = b->wmask;
    uint32_t w = b->x2 - b->x1, h = b->y2 - b->y1, bytes = w * cpp;
    uint8_t rop = b->rop;
    bool copy = b->copy, mono = b->mono || b->mono_mem;
    /* Pixels left alone, or only some channels written, need D too. */
    bool reads_dst = rop_uses_d(rop) || wmask != 0xffffffff ||
                     (mono && b->src_transparent) ||
                     (b->pat == MVGPU_BLIT_PAT_MONO && b->pat_transparent);
    /* Within one surface, a source row below its destination goes first. */
    bool up = copy && b->y1 > b->sy1;

    row = g_malloc(bytes);
    if (copy) {
        srow = g_malloc(bytes);
    }
    if (b->mono_mem) {
        mrow = g_malloc(DIV_UP(w, 8) + 1);  /* w bits from any bit */
    }
    /* Each row reads S and D as needed and writes D. */
    uint64_t row_bytes = (uint64_t)bytes * (1 + copy + reads_dst) +
                         (b->mono_mem ? DIV_UP(w, 8) + 1 : 0);

    for (uint32_t n = cur->row; n < h; n++) {
        uint32_t y = up ? h - 1 - n : n;
        int64_t dy = b->y1 + y;
        /* The row's first mono bit: clipping keeps the bitmap's origin. */
        uint64_t mbit = (uint64_t)(dy - b->oy1) * b->mono_pitch +
                        b->mono_offset + (uint64_t)(b->x1 - b->ox1);
        const uint8_t *mbits = b->mono;

        if (b->mono_mem) {
            uint64_t at = mbit / 8;

            if (at > UINT64_MAX - b->mono_addr ||
                !m->rw(m->opaque, b->mono_addr + at, mrow,
                       DIV_UP(mbit % 8 + w, 8), false)) {
                *why = "blit mono source not in guest RAM";
                return false;
            }
            mbits = mrow;
            mbit %= 8;
        }

        if (copy && !row_rw(m, &b->src, b->sx1 * cpp, b->sy1 + y, srow,
                            bytes, false)) {
            *why = "blit source not in guest RAM";
            return false;
        }
        if (reads_dst &&
            !row_rw(m, &b->dst, b->x1 * cpp, dy, row, bytes, false)) {
            *why = "blit destination not in guest RAM";
            return false;
        }
        if (copy && rop == 0xcc && !reads_dst) {
            memcpy(row, srow, bytes);               /* SRCCOPY */
        } else {
            for (uint32_t i = 0; i < w; i++) {
                int64_t dx = b->x1 + i;
                uint32_t d = reads_dst ? mvgpu_le_load(row + i * cpp, cpp) : 0;
                uint32_t p, s = 0;
                bool draw = pattern_at(b, dx, dy, &p);

                if (copy) {
                    s = mvgpu_le_load(srow + i * cpp, cpp);
                } else if (mono) {
                    draw = mono_at(b, mbits, mbit + i, &s) && draw;
                }
                if (draw) {
                    uint32_t r = rop3(rop, p, s, d);

                    mvgpu_le_store(row + i * cpp, (r & wmask) | (d & ~wmask),
                                   cpp);
                }
            }
        }
        if (!row_rw(m, &b->dst, b->x1 * cpp, dy, row, bytes, true)) {
            *why = "blit destination not in guest RAM";
            return false;
        }
        cur->bytes += row_bytes;
        if (cur->max_bytes && cur->bytes >= cur->max_bytes && n + 1 < h) {
            cur->row = n + 1;
            cur->more = true;
            return true;
        }
    }
    cur->row = h;
    return true;
}

/* XY_SETUP_BLT (colour pattern at DW8) and XY_SETUP_MONO_PATTERN_SL_BLT. */
static void setup(MvgpuBlitState *st, const uint32_t *dw, bool mono_pattern)
{
    st->valid = true;
    st->br00 = dw[0];
    st->br13 = dw[1];
    st->clip_x1 = sx(dw[2]);
    st->clip_y1 = sx(dw[2] >> 16);
    st->clip_x2 = sx(dw[3]);
    st->clip_y2 = sx(dw[3] >> 16);
    st->dst = addr_of(dw + 4);
    if (mono_pattern) {
        st->pat_bg = dw[6];
        st->pat_fg = dw[7];
        st->pat_mono = addr_of(dw + 8);     /* two dwords of bits */
        st->pat = MVGPU_BLIT_PAT_MONO;
    } else {
        st->bg = dw[6];
        st->fg = dw[7];
        st->pat_addr = addr_of(dw + 8);
        st->pat = MVGPU_BLIT_PAT_COLOR;
    }
    if (dw[1] & BR13_SOLID_PATTERN) {
        st->pat = MVGPU_BLIT_PAT_SOLID;
    }
}

/* Decodes @dw into @b; NULL and b->cpp == 0 when not a blitter command. */
/*
 * XY_TEXT_BLT and XY_TEXT_IMMEDIATE_BLT: followers of a set-up, the
 * rectangle in DW1-2, the mono source's colours and transparency from
 * the set-up.
 */
static const char *decode_text(const MvgpuBlitMem *m,
                               const MvgpuBlitState *st, const uint32_t *dw,
                               Blit *b)
{
    const char *why = decode_follower(m, st, b);

    rect_of(b, dw + 1, dw + 2);
    b->bg = st->bg;
    b->fg = st->fg;
    b->src_transparent = st->br13 & BR13_MONO_SRC_TRANSP;
    return why;
}

/*
 * XY_MONO_SRC_COPY_BLT and its immediate form: their own destination, the
 * mono source's background and foreground at @colors, transparency in
 * BR13, the pattern from the set-up.
 */
static const char *decode_mono_src(const MvgpuBlitMem *m,
                                   const MvgpuBlitState *st,
                                   const uint32_t *dw, const uint32_t *colors,
                                   Blit *b)
{
    const char *why = decode_own_dst(m, dw, b);

    b->bg = colors[0];
    b->fg = colors[1];
    b->src_transparent = dw[1] & BR13_MONO_SRC_TRANSP;
    return why ? why : state_pattern(m, st, b);
}

static const char *decode(const MvgpuBlitMem *m, MvgpuBlitState *st,
                          const uint32_t *dw, uint32_t len, Blit *b,
                          uint8_t *imm)
{
    const char *why;

    switch (BR00_OPCODE(dw[0])) {
    case BLT_XY_COLOR:
        return len == 7 ? decode_xy(m, dw, b) : NULL;
    case BLT_XY_SRC_COPY:
        b->copy = true;
        return len == 10 ? decode_xy(m, dw, b) : NULL;
    case BLT_XY_FAST_COPY:
        return len == 10 ? decode_fast_copy(dw, b) : NULL;
    case BLT_XY_SCANLINES:
    case BLT_XY_PIXEL:
        if (len != (BR00_OPCODE(dw[0]) == BLT_XY_PIXEL ? 2 : 3)) {
            return NULL;
        }
        why = decode_follower(m, st, b);
        if (len == 2) {
            /* One pixel; the pattern is not offset. */
            b->ox1 = b->x1 = sx(dw[1]);
            b->oy1 = b->y1 = sx(dw[1] >> 16);
            b->x2 = b->x1 + 1;
            b->y2 = b->y1 + 1;
        } else {
            rect_of(b, dw + 1, dw + 2);
            b->seed_x = BR00_PAT_SEED_X(dw[0]);
            b->seed_y = BR00_PAT_SEED_Y(dw[0]);
        }
        return why;
    case BLT_XY_TEXT_IMMEDIATE:
        if (len < 3) {
            return NULL;
        }
        why = decode_text(m, st, dw, b);
        return why ? why : mono_source(b, dw + 3, len - 3, imm,
                                       text_pitch(dw[0], b), 0);
    case BLT_XY_TEXT:
        /* XY_TEXT_IMMEDIATE_BLT with its bitmap at DW3-4. */
        if (len != 5) {
            return NULL;
        }
        why = decode_text(m, st, dw, b);
        mono_memory(b, addr_of(dw + 3), text_pitch(dw[0], b), 0);
        return why;
    case BLT_XY_MONO_SRC_IMM:
        if (len < 8) {
            return NULL;
        }
        why = decode_mono_src(m, st, dw, dw + 6, b);
        return why ? why : mono_source(b, dw + 8, len - 8, imm,
                                       mono_src_pitch(BR00_MONO_OFFSET(dw[0]),
                                                      b),
                                       BR00_MONO_OFFSET(dw[0]));
    case BLT_XY_MONO_SRC:
        /* XY_MONO_SRC_COPY_IMMEDIATE_BLT with its bitmap at DW6-7. */
        if (len != 10) {
            return NULL;
        }
        why = decode_mono_src(m, st, dw, dw + 8, b);
        mono_memory(b, addr_of(dw + 6),
                    mono_src_pitch(BR00_MONO_OFFSET(dw[0]), b),
                    BR00_MONO_OFFSET(dw[0]));
        return why;
    case BLT_XY_MONO_PAT:
        if (len != 10) {
            return NULL;
        }
        b->pat = MVGPU_BLIT_PAT_MONO;
        b->pat_bg = dw[6];
        b->pat_fg = dw[7];
        b->pat_mono = addr_of(dw + 8);
        b->pat_transparent = dw[1] & BR13_MONO_PAT_TRANSP;
        b->seed_x = BR00_PAT_SEED_X(dw[0]);
        b->seed_y = BR00_PAT_SEED_Y(dw[0]);
        return decode_own_dst(m, dw, b);
    case BLT_XY_PAT:
        /* XY_PAT_BLT_IMMEDIATE with its pattern at DW6-7. */
        if (len != 8) {
            return NULL;
        }
        why = decode_own_dst(m, dw, b);
        b->seed_x = BR00_PAT_SEED_X(dw[0]);
        b->seed_y = BR00_PAT_SEED_Y(dw[0]);
        return why ? why : color_pattern(m, addr_of(dw + 6), b);
    case BLT_XY_PAT_IMMEDIATE:
        if (len < 6) {
            return NULL;
        }
        why = decode_own_dst(m, dw, b);
        if (why) {
            return why;
        }
        /* 8x8 pixels of the destination's depth follow DW5. */
        if ((len - 6) * 4 < PAT_PIXELS * b->cpp) {
            return "immediate pattern shorter than 8x8 pixels";
        }
        for (uint32_t i = 0; i < PAT_PIXELS * b->cpp / 4; i++) {
            mvgpu_le_store(b->pat_color + 4 * i, dw[6 + i], 4);
        }
        b->pat = MVGPU_BLIT_PAT_COLOR;
        b->seed_x = BR00_PAT_SEED_X(dw[0]);
        b->seed_y = BR00_PAT_SEED_Y(dw[0]);
        return NULL;
    default:
        return NULL;
    }
}

bool mvgpu_blit(const MvgpuBlitMem *m, MvgpuBlitState *st, const uint32_t *dw,
                uint32_t len, const char **why)
{
    MvgpuBlitCursor whole = { 0 };

    return mvgpu_blit_rows(m, st, dw, len, &whole, why);
}

bool mvgpu_blit_rows(const MvgpuBlitMem *m, MvgpuBlitState *st,
                     const uint32_t *dw, uint32_t len, MvgpuBlitCursor *cur,
                     const char **why)
{
    uint32_t op = BR00_OPCODE(dw[0]);
    g_autofree uint8_t *imm = NULL;
    Blit b = { 0 };
    int todo;

    *why = NULL;
    cur->more = false;
    cur->bytes = 0;
    switch (op) {
    case BLT_XY_SETUP:
    case BLT_XY_SETUP_MONO_PAT:
        if (len != 10) {
            return false;
        }
        setup(st, dw, op == BLT_XY_SETUP_MONO_PAT);
        return true;
    case BLT_XY_SETUP_CLIP:
        if (len != 3) {
            return false;
        }
        st->clip_x1 = sx(dw[1]);
        st->clip_y1 = sx(dw[1] >> 16);
        st->clip_x2 = sx(dw[2]);
        st->clip_y2 = sx(dw[2] >> 16);
        return true;
    case BLT_XY_TEXT_IMMEDIATE:
    case BLT_XY_MONO_SRC_IMM:
        imm = g_malloc((size_t)len * 4);
        break;
    }
    *why = decode(m, st, dw, len, &b, imm);
    if (*why || !b.cpp) {
        return false;
    }
    todo = place(st, &b, why);
    if (todo <= 0) {
        return todo == 0;
    }
    return execute(m, &b, cur, why);
}
