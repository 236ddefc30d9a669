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

/* What XY_SETUP_BLT leaves for the commands that follow it. */
typedef struct MvgpuBlitState {
    int32_t clip_x1, clip_y1, clip_x2, clip_y2;     /* x2, y2 exclusive */
    uint32_t bg, fg;
} MvgpuBlitState;

/* BLT opcodes (DW0 bits 28:22). */
#define BLT_XY_SETUP            0x01
#define BLT_XY_FAST_COPY        0x42
#define BLT_XY_COLOR            0x50
#define BLT_XY_SRC_COPY         0x53

/*
 * Executes a 2D command of @len dwords. Returns false when the command is
 * not one the soft blitter runs, or when its geometry is refused (logged by
 * the caller via *why).
 */
bool mvgpu_blit(const MvgpuBlitMem *mem, MvgpuBlitState *st,
                const uint32_t *dw, uint32_t len, const char **why);

#endif
