/*
 * mvgpu core: the fence registers, and the CPU's detiled view of the
 * aperture through them.
 *
 * A fence makes a range of the aperture (BAR2) look linear to the CPU
 * while the memory behind it is X or Y tiled: an access at byte x of row y
 * of the fence's pitch reaches where that byte lives in the tiled layout
 * (a GTT mmap of a tiled object, IGT's gem_tiled_pread_basic). The GPU's
 * own accesses ignore fences on Gen9 (commands carry their tiling), and so
 * does scan-out.
 *
 * Register format as Linux i915 writes it (gt/intel_ggtt_fencing.c,
 * i965_write_fence_reg(); FENCE_REG_GEN6_LO/HI in i915_reg.h): 32 fences
 * of two dwords at 0x100000. LO: start address 31:12, Y tiling bit 1,
 * valid bit 0. HI: the address of the last page 31:12, pitch in 128-byte
 * units minus one 11:0. No bit-6 swizzling on Gen9 (i915
 * gem/i915_gem_tiling.c: none from Gen8 on).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <string.h>

#include "internal.h"
#include "gen9-regs.h"

#define FENCE_VALID         (1u << 0)
#define FENCE_TILING_Y      (1u << 1)
#define FENCE_PAGE_MASK     0xfffff000u
#define FENCE_PITCH(hi)     ((((hi) & 0xfffu) + 1) * 128)

G_STATIC_ASSERT(MVGPU_NFENCES <= MVGPU_MAX_FENCES);

/* Fence @i from its two registers; false when it detiles nothing. */
static bool decode(MvgpuCore *c, unsigned i, MvgpuFence *f)
{
    uint32_t lo = mvgpu_reg_get(c, FENCE_REG_GEN6_LO(i));
    uint32_t hi = mvgpu_reg_get(c, FENCE_REG_GEN6_HI(i));
    const MvgpuTileGeometry *g;

    *f = (MvgpuFence) { 0 };
    if (!(lo & FENCE_VALID)) {
        return false;
    }
    f->start = lo & FENCE_PAGE_MASK;
    f->end = (uint64_t)(hi & FENCE_PAGE_MASK) + MVGPU_TILE_BYTES;
    f->pitch = FENCE_PITCH(hi);
    f->tiling = lo & FENCE_TILING_Y ? MVGPU_TILING_Y : MVGPU_TILING_X;
    g = mvgpu_tile_geometry(f->tiling);
    if (f->end <= f->start || f->pitch % g->width) {
        mvgpu_guest_error(c, "fence %u: range 0x%" G_GINT64_MODIFIER "x-0x%"
                          G_GINT64_MODIFIER "x or pitch %u not valid for "
                          "%c tiling; the fence is ignored", i, f->start,
                          f->end, f->pitch,
                          f->tiling == MVGPU_TILING_Y ? 'Y' : 'X');
        *f = (MvgpuFence) { 0 };
        return false;
    }
    return true;
}

static void changed(MvgpuCore *c, const MvgpuFence *f)
{
    uint64_t end = MIN(f->end, c->cfg.aperture_size);

    if (f->end && f->start < end && c->host.aperture_changed) {
        c->host.aperture_changed(c->host.opaque, f->start, end - f->start);
    }
}

/*
 * Either half written: the fence is decoded again, and the host drops its
 * direct maps over the old and the new range (a fenced range is trapped).
 */
static void fence_write(MvgpuCore *c, uint32_t offset, uint32_t raw,
                        uint32_t old)
{
    unsigned i = (offset - FENCE_REG_GEN6_LO(0)) / 8;
    MvgpuFence was = c->fences[i], now;

    if (decode(c, i, &now)) {
        c->fences_valid |= 1u << i;
    } else {
        c->fences_valid &= ~(1u << i);
    }
    c->fences[i] = now;
    if (memcmp(&was, &now, sizeof(now))) {
        changed(c, &was);
        changed(c, &now);
    }
}

static const MvgpuRegDesc fence_regs[] = {
    MVGPU_RANGE("FENCE_REG_GEN6", FENCE_REG_GEN6_LO(0), 8 * MVGPU_NFENCES,
                .write = fence_write),
};

const MvgpuRegTable mvgpu_fence_regs = MVGPU_REG_TABLE(fence_regs);

void mvgpu_fence_reload(MvgpuCore *c)
{
    c->fences_valid = 0;
    for (unsigned i = 0; i < MVGPU_NFENCES; i++) {
        MvgpuFence f = { 0 };

        if (decode(c, i, &f)) {
            c->fences_valid |= 1u << i;
        }
        c->fences[i] = f;
    }
}

void mvgpu_fence_reset(MvgpuCore *c)
{
    memset(c->fences, 0, sizeof(c->fences));
    c->fences_valid = 0;
}

uint64_t mvgpu_fence_detile(MvgpuCore *c, uint64_t offset)
{
    for (uint32_t m = c->fences_valid; m; m &= m - 1) {
        const MvgpuFence *f = &c->fences[__builtin_ctz(m)];
        uint64_t rel;

        if (offset < f->start || offset >= f->end) {
            continue;
        }
        rel = offset - f->start;
        return f->start + mvgpu_tiled_offset(f->tiling, f->pitch,
                                             rel % f->pitch, rel / f->pitch);
    }
    return offset;
}

uint64_t mvgpu_fence_untiled_len(MvgpuCore *c, uint64_t offset, uint64_t len)
{
    for (uint32_t m = c->fences_valid; m; m &= m - 1) {
        const MvgpuFence *f = &c->fences[__builtin_ctz(m)];

        if (offset >= f->start && offset < f->end) {
            return 0;
        }
        if (f->start > offset && f->start - offset < len) {
            len = f->start - offset;
        }
    }
    return len;
}
