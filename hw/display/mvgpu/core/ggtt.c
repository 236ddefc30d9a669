/*
 * mvgpu core: the global GTT as the guest writes it (PTEs at BAR0 + 8 MiB)
 * and translation of graphics addresses through it. PTE format and size as
 * Linux drivers/gpu/drm/i915/gt/intel_ggtt.c has them (gen8_gmch_probe(),
 * gen8_ggtt_pte_encode()).
 *
 * The PTEs are kept exactly as written. An entry is validated only when it
 * is used: translation yields a guest-physical address, and the host's
 * memory callbacks refuse anything that is not guest RAM.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "internal.h"

#define GEN8_PTE_PRESENT    (1ull << 0)
#define GEN8_PTE_ADDR_MASK  0x0000007ffffff000ull      /* bits 38:12 */

uint64_t mvgpu_ggtt_read(MvgpuCore *c, uint32_t offset, unsigned size)
{
    uint64_t pte = c->ggtt[offset >> 3];

    if (size == 8) {
        return pte;
    }
    return (uint32_t)(pte >> ((offset & 4) * 8));
}

void mvgpu_ggtt_write(MvgpuCore *c, uint32_t offset, uint64_t value,
                      unsigned size)
{
    uint64_t *pte = &c->ggtt[offset >> 3];
    uint64_t gma = (uint64_t)(offset >> 3) << 12;
    uint64_t old = *pte;

    if (size == 8) {
        *pte = value;
    } else if (offset & 4) {
        *pte = (*pte & 0xffffffffull) | (value << 32);
    } else {
        *pte = (*pte & ~0xffffffffull) | (uint32_t)value;
    }
    if (*pte == old) {
        return;
    }
    c->ggtt_generation++;
    if (gma < c->cfg.aperture_size && c->host.aperture_changed) {
        c->host.aperture_changed(c->host.opaque, gma, 4096);
    }
}

bool mvgpu_core_aperture_run(MvgpuCore *c, uint64_t offset, uint64_t max_len,
                             uint64_t *gpa, uint64_t *len)
{
    MVGPU_LOCKED(c);
    uint64_t first, next;

    /* Fenced pages are never mapped straight: their view is detiled. */
    max_len = mvgpu_fence_untiled_len(c, offset, max_len);
    if (offset & 0xfff || offset >= c->cfg.aperture_size || !max_len ||
        !mvgpu_ggtt_translate(c, offset, &first)) {
        return false;
    }
    max_len = MIN(max_len, c->cfg.aperture_size - offset);
    *gpa = first;
    for (*len = 4096; *len < max_len; *len += 4096) {
        if (!mvgpu_ggtt_translate(c, offset + *len, &next) ||
            next != first + *len) {
            break;
        }
    }
    return true;
}

bool mvgpu_ggtt_translate(MvgpuCore *c, uint64_t gma, uint64_t *gpa)
{
    uint64_t index = gma >> 12;
    uint64_t pte;

    if (index >= c->ggtt_entries) {
        return false;
    }
    pte = c->ggtt[index];
    if (!(pte & GEN8_PTE_PRESENT)) {
        return false;
    }
    *gpa = (pte & GEN8_PTE_ADDR_MASK) | (gma & 0xfff);
    return true;
}
