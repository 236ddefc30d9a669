/*
 * mvgpu core: relocation of shadow segments.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "reloc.h"

#define PAGE_MASK       (~0xfffull)

static bool relocate_field(MvgpuShadowSeg *seg, const MvgpuCmdDesc *d,
                           uint32_t pos, unsigned i, MvgpuRelocMap map,
                           void *opaque)
{
    uint32_t *lo = &seg->dw[pos + i];
    uint32_t *hi = mvgpu_cmd_addr_dwords(d) == 2 ? lo + 1 : NULL;
    uint64_t page = mvgpu_cmd_addr_get(d, lo) & PAGE_MASK;

    if (!map(opaque, seg, d, i, &page)) {
        return false;
    }
    *lo = (uint32_t)page | (*lo & 0xfff);
    if (hi) {
        *hi = (*hi & ~MVGPU_CMD_ADDR_HI_MASK) |
              ((page >> 32) & MVGPU_CMD_ADDR_HI_MASK);
    }
    return true;
}

int64_t mvgpu_relocate(MvgpuScan *sc, MvgpuRelocMap map, void *opaque)
{
    int64_t fields = 0;

    for (guint s = 0; s < sc->segs->len; s++) {
        MvgpuShadowSeg *seg = g_ptr_array_index(sc->segs, s);
        uint32_t pos = 0;

        while (pos < seg->len) {
            /* The scan audited every command: each is this engine's. */
            const MvgpuCmdDesc *d = mvgpu_cmd_lookup_on(seg->dw[pos],
                                                        sc->engine_bit);
            uint32_t len = d ? mvgpu_cmd_length(d, seg->dw[pos]) : 0;

            if (!len || pos + len > seg->len) {
                return -1;
            }
            /* Address dwords ascend: stop at the first past the end. */
            for (unsigned k = 0; k < d->n_addr; k++) {
                unsigned i = d->addr[k];

                if (i + mvgpu_cmd_addr_dwords(d) > len) {
                    break;
                }
                if (!relocate_field(seg, d, pos, i, map, opaque)) {
                    return -1;
                }
                fields++;
            }
            pos += len;
        }
    }
    return fields;
}
