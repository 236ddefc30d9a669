/*
 * mvgpu core: the Gen9 tile layouts, shared by the blitter (blit.c) and
 * scan-out (scanout.c). Facts from the Kaby Lake PRM vol. 5 (Memory
 * Views, "Tiling"): every X or Y tile is one 4 KiB page; an X tile is
 * 8 rows of 512 contiguous bytes; a Y tile is 32 rows of 128 bytes, stored
 * as eight 16-byte-wide columns of 32 rows each.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef MVGPU_CORE_TILING_H
#define MVGPU_CORE_TILING_H

#include <stdint.h>

typedef enum MvgpuTiling {
    MVGPU_TILING_LINEAR,
    MVGPU_TILING_X,
    MVGPU_TILING_Y,
    MVGPU_TILING_YF,            /* decoded by scan-out, not laid out here */
} MvgpuTiling;

#define MVGPU_TILE_BYTES    4096u

typedef struct MvgpuTileGeometry {
    uint32_t width;             /* bytes of a row inside one tile */
    uint32_t height;            /* rows of one tile */
    uint32_t run;               /* bytes of a row that are contiguous */
} MvgpuTileGeometry;

/* X or Y: the tile's shape. */
static inline const MvgpuTileGeometry *mvgpu_tile_geometry(MvgpuTiling t)
{
    static const MvgpuTileGeometry x = { 512, 8, 512 }, y = { 128, 32, 16 };

    return t == MVGPU_TILING_X ? &x : &y;
}

/* Byte @xb of row @row inside one X or Y tile. */
static inline uint32_t mvgpu_tile_byte(MvgpuTiling t, uint32_t xb, uint32_t row)
{
    const MvgpuTileGeometry *g = mvgpu_tile_geometry(t);

    return xb / g->run * (g->run * g->height) + row * g->run + xb % g->run;
}

/* Where byte @xb of row @y of a surface @pitch bytes wide lives. */
static inline uint64_t mvgpu_tiled_offset(MvgpuTiling t, uint32_t pitch,
                                          uint32_t xb, uint32_t y)
{
    const MvgpuTileGeometry *g;

    if (t == MVGPU_TILING_LINEAR) {
        return (uint64_t)y * pitch + xb;
    }
    g = mvgpu_tile_geometry(t);
    return ((uint64_t)(y / g->height) * (pitch / g->width) + xb / g->width) *
           MVGPU_TILE_BYTES + mvgpu_tile_byte(t, xb % g->width, y % g->height);
}

#endif
