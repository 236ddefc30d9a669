/*
 * mvgpu core: walking the guest's 4-level PPGTT (formats: Kaby Lake PRM
 * vol. 5, Memory Views; Linux drivers/gpu/drm/i915/gt/gen8_ppgtt.c).
 *
 * A software backend needs no shadow tables: every translation walks the
 * guest's own tables in guest RAM, so a guest edit of a table is seen by the
 * next access and nothing needs invalidating. Each table entry read is a
 * guest-RAM access the host checks; a table outside RAM ends the walk.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "internal.h"
#include "engine.h"
#include "bytes.h"

#define PPGTT_PRESENT       (1ull << 0)
#define PPGTT_PS            (1ull << 7)         /* 1 GiB / 2 MiB page */
#define PPGTT_IPS           (1ull << 11)        /* PT of 64 KiB entries */
#define PPGTT_ADDR          0x0000fffffffff000ull

static bool entry(MvgpuCore *c, uint64_t table, unsigned index, uint64_t *e)
{
    uint8_t b[8];

    if (!c->host.mem_read(c->host.opaque, (table & PPGTT_ADDR) + index * 8,
                          b, 8)) {
        return false;
    }
    *e = mvgpu_le_load(b, 8);
    return *e & PPGTT_PRESENT;
}

bool mvgpu_ppgtt_translate(MvgpuCore *c, uint64_t pml4, uint64_t va,
                           uint64_t *gpa)
{
    uint64_t pdp, pd, pt, pte;

    if (!entry(c, pml4, (va >> 39) & 511, &pdp) ||
        !entry(c, pdp, (va >> 30) & 511, &pd)) {
        return false;
    }
    if (pd & PPGTT_PS) {
        *gpa = (pd & PPGTT_ADDR & ~((1ull << 30) - 1)) | (va & ((1ull << 30) - 1));
        return true;
    }
    if (!entry(c, pd, (va >> 21) & 511, &pt)) {
        return false;
    }
    if (pt & PPGTT_PS) {
        *gpa = (pt & PPGTT_ADDR & ~((1ull << 21) - 1)) | (va & ((1ull << 21) - 1));
        return true;
    }
    if (pt & PPGTT_IPS) {
        /* 64 KiB pages: only every 16th entry of the table is used. */
        if (!entry(c, pt, ((va >> 12) & 511) & ~15u, &pte)) {
            return false;
        }
        *gpa = (pte & PPGTT_ADDR & ~0xffffull) | (va & 0xffff);
        return true;
    }
    if (!entry(c, pt, (va >> 12) & 511, &pte)) {
        return false;
    }
    *gpa = (pte & PPGTT_ADDR) | (va & 0xfff);
    return true;
}
