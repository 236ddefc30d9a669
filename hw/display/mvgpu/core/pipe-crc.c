/*
 * mvgpu core: pipe CRC. With PIPE_CRC_CTL's enable bit set, every vblank
 * puts a checksum of the frame the pipe sent into PIPE_CRC_RES_1 and raises
 * the pipe's CRC-done interrupt, which is how i915 fills debugfs
 * crtc-N/crc/data (Linux display/intel_pipe_crc.c; the gen8+ interrupt
 * handler reads only the first result register) and how IGT's CRC tests
 * compare two ways of drawing one picture.
 *
 * The hardware's CRC polynomial and pixel order are not public, and IGT
 * only compares CRCs with each other, so the checksum is our own: a 64-bit
 * FNV-1a over the pipe's pixels as shown (8-bit RGB, alpha ignored, black
 * where no plane covers the pipe), folded to 32 bits. Equal pictures give
 * equal checksums whatever their format and tiling; any changed pixel
 * changes it. Every CRC source (planes, pipe) checksums the pipe's composed
 * output (compose.c), whichever PIPE_CRC_CTL selects (docs/status.md).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "internal.h"
#include "display.h"
#include "gen9-regs.h"
#include "irq.h"
#include "scanout.h"

#define FNV_OFFSET  0xcbf29ce484222325ull
#define FNV_PRIME   0x100000001b3ull

static uint64_t fnv_pixel(uint64_t h, uint32_t px)
{
    return (h ^ (px & 0xffffffu)) * FNV_PRIME;
}

/* The checksum of the frame @pipe shows now. */
static uint32_t frame_crc(MvgpuCore *c, unsigned pipe)
{
    uint64_t h = FNV_OFFSET;
    uint32_t w, hgt, *buf;

    /* Bounded by the largest mode the monitor offers: work per vblank. */
    mvgpu_scanout_pipe_size(c, pipe, &w, &hgt);
    buf = mvgpu_pixels(c, MVGPU_PIXELS_CRC, (size_t)w * hgt);
    if (!mvgpu_scanout_compose(c, pipe, buf, w, hgt, true)) {
        memset(buf, 0, (size_t)w * hgt * 4);
    }
    for (size_t i = 0; i < (size_t)w * hgt; i++) {
        h = fnv_pixel(h, buf[i]);
    }
    h ^= h >> 32;
    return (uint32_t)h ? (uint32_t)h : 1;   /* 0 reads as "no CRC yet" */
}

void mvgpu_pipe_crc_vblank(MvgpuCore *c, unsigned pipe)
{
    if (!(mvgpu_reg_get(c, PIPE_CRC_CTL(pipe)) & PIPE_CRC_ENABLE)) {
        return;
    }
    mvgpu_reg_set(c, PIPE_CRC_RES_1(pipe), frame_crc(c, pipe));
    mvgpu_irq_raise(c, MVGPU_IRQ_DE_PIPE_A + pipe, GEN8_PIPE_CDCLK_CRC_DONE);
}
