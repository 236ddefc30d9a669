/*
 * mvgpu core: the 2D blitter of the soft backend (BCS XY_* commands).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef MVGPU_CORE_BLIT_H
#define MVGPU_CORE_BLIT_H

#include <stdbool.h>
#include <stdint.h>

/* How the blitter reaches memory: the address space of the command stream. */
typedef struct MvgpuBlitMem {
    bool (*rw)(void *opaque, uint64_t addr, void *buf, uint32_t len, bool write);
    void *opaque;
    bool dst_y_tiled, src_y_tiled;      /* BCS_SWCTRL: "tiled" means Y, not X */
} MvgpuBlitMem;

/* Where the pattern operand of the set-up followers comes from. */
typedef enum MvgpuBlitPattern {
    MVGPU_BLIT_PAT_SOLID,       /* pat_bg everywhere (BR13 solid select) */
    MVGPU_BLIT_PAT_MONO,        /* pat_mono: 8x8 bits, pat_fg / pat_bg */
    MVGPU_BLIT_PAT_COLOR,       /* 8x8 pixels at pat_addr (XY_SETUP_BLT) */
} MvgpuBlitPattern;

/*
 * What XY_SETUP_BLT and XY_SETUP_MONO_PATTERN_SL_BLT leave for the commands
 * that follow them (XY_SCANLINES_BLT, XY_PIXEL_BLT, XY_TEXT_BLT,
 * XY_TEXT_IMMEDIATE_BLT),
 * and the clip rectangle every clipped command uses.
 */
typedef struct MvgpuBlitState {
    bool valid;                 /* a set-up command has been executed */
    uint32_t br00;              /* the set-up's DW0: dst tiling, write masks */
    uint32_t br13;              /* ROP, depth, pitch, clip, transparency */
    uint64_t dst;               /* destination base address */
    int32_t clip_x1, clip_y1, clip_x2, clip_y2;     /* x2, y2 exclusive */
    uint32_t bg, fg;            /* mono source expansion colours */
    uint32_t pat_bg, pat_fg;    /* pattern colours; pat_bg is the solid one */
    uint64_t pat_mono;          /* byte n = row n, bit 7 = column 0 */
    uint64_t pat_addr;          /* colour pattern base address */
    MvgpuBlitPattern pat;
} MvgpuBlitState;

/* BLT opcodes (DW0 bits 28:22). */
#define BLT_XY_SETUP            0x01
#define BLT_XY_SETUP_CLIP       0x03
#define BLT_XY_SETUP_MONO_PAT   0x11
#define BLT_XY_PIXEL            0x24
#define BLT_XY_SCANLINES        0x25
#define BLT_XY_TEXT             0x26
#define BLT_XY_TEXT_IMMEDIATE   0x31
#define BLT_XY_FAST_COPY        0x42
#define BLT_XY_COLOR            0x50
#define BLT_XY_PAT              0x51
#define BLT_XY_MONO_PAT         0x52
#define BLT_XY_SRC_COPY         0x53
#define BLT_XY_MONO_SRC         0x54
#define BLT_XY_MONO_SRC_IMM     0x71
#define BLT_XY_PAT_IMMEDIATE    0x72

/*
 * Executes a 2D command of @len dwords. Returns false when the command is
 * not one the soft blitter runs, or when its geometry is refused (logged by
 * the caller via *why).
 */
bool mvgpu_blit(const MvgpuBlitMem *mem, MvgpuBlitState *st,
                const uint32_t *dw, uint32_t len, const char **why);

/*
 * Where a 2D command stands when it runs a part at a time, so that one big
 * blit (a 4096x2160 Y-tiled copy moves 70 MB) never holds an engine's slice
 * for long: rows are done in the command's own order, and a later call with
 * the same command and cursor goes on from the next one.
 */
typedef struct MvgpuBlitCursor {
    uint32_t row;           /* in/out: rows of the rectangle already done */
    uint64_t max_bytes;     /* in: stop once this many bytes moved (0: none) */
    uint64_t bytes;         /* out: bytes read and written by this call */
    bool more;              /* out: rows are left: call again */
} MvgpuBlitCursor;

/* mvgpu_blit() from row @cur->row on, until @cur->max_bytes is reached. */
bool mvgpu_blit_rows(const MvgpuBlitMem *mem, MvgpuBlitState *st,
                     const uint32_t *dw, uint32_t len, MvgpuBlitCursor *cur,
                     const char **why);

#endif
