/*
 * Reference layouts of Gen9 tiled surfaces, for the tests: where byte @xb of
 * row @y of a surface with @stride bytes per row lives. Written from the
 * tile shapes the Kaby Lake PRM vol. 5 (Memory Views) documents (X tile
 * 512 B x 8 rows, Y tile 128 B x 32 rows of 16-byte columns), independently
 * of the device's de-tiler.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef MVGPU_TEST_TILING_H
#define MVGPU_TEST_TILING_H

#include <stdint.h>

enum { REF_LINEAR, REF_TILE_X, REF_TILE_Y };

static inline uint64_t ref_surface_offset(int tiling, uint32_t stride,
                                          uint32_t xb, uint32_t y)
{
    switch (tiling) {
    case REF_TILE_X:        /* 512 B x 8 rows, rows stored one after another */
        return ((uint64_t)(y / 8) * (stride / 512) + xb / 512) * 4096 +
               (y % 8) * 512 + xb % 512;
    case REF_TILE_Y:        /* 128 B x 32 rows, in 16 B columns of 32 rows */
        return ((uint64_t)(y / 32) * (stride / 128) + xb / 128) * 4096 +
               ((xb % 128) / 16) * 512 + (y % 32) * 16 + xb % 16;
    default:
        return (uint64_t)y * stride + xb;
    }
}

#endif
