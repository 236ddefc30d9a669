/*
 * mvgpu core: register file mechanism (descriptor index, reset).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "internal.h"

#define NDWORDS (MVGPU_MMIO_SIZE / 4)

bool mvgpu_regfile_init(MvgpuRegFile *rf, const MvgpuRegTable *const *tables,
                        size_t ntables, char **msg)
{
    size_t n = 0;

    memset(rf, 0, sizeof(*rf));
    for (size_t t = 0; t < ntables; t++) {
        n += tables[t]->count;
    }
    if (n >= UINT16_MAX) {
        *msg = g_strdup_printf("%zu register descriptors, at most %u", n,
                               UINT16_MAX - 1);
        return false;
    }
    rf->values = g_new0(uint32_t, NDWORDS);
    rf->index = g_new0(uint16_t, NDWORDS);
    rf->unknown_seen = g_new0(uint8_t, NDWORDS / 8);
    rf->descs = g_new0(const MvgpuRegDesc *, n);

    for (size_t t = 0; t < ntables; t++) {
        for (size_t i = 0; i < tables[t]->count; i++) {
            const MvgpuRegDesc *d = &tables[t]->regs[i];

            if (d->size == 0 || (d->size & 3) || (d->offset & 3) ||
                d->offset >= MVGPU_MMIO_SIZE ||
                d->size > MVGPU_MMIO_SIZE - d->offset) {
                *msg = g_strdup_printf("register %s at 0x%x size %u is not "
                                       "dword-aligned inside the window",
                                       d->name, d->offset, d->size);
                goto fail;
            }
            rf->descs[rf->ndescs] = d;
            rf->ndescs++;
            for (uint32_t off = d->offset; off < d->offset + d->size; off += 4) {
                if (rf->index[off >> 2]) {
                    *msg = g_strdup_printf("register %s at 0x%x overlaps %s",
                        d->name, off, rf->descs[rf->index[off >> 2] - 1]->name);
                    goto fail;
                }
                rf->index[off >> 2] = rf->ndescs;
            }
        }
    }
    return true;

fail:
    mvgpu_regfile_destroy(rf);
    return false;
}

void mvgpu_regfile_destroy(MvgpuRegFile *rf)
{
    g_free(rf->values);
    g_free(rf->index);
    g_free(rf->unknown_seen);
    g_free(rf->descs);
    memset(rf, 0, sizeof(*rf));
}

void mvgpu_regfile_reset(MvgpuRegFile *rf)
{
    memset(rf->values, 0, NDWORDS * sizeof(uint32_t));
    for (size_t i = 0; i < rf->ndescs; i++) {
        const MvgpuRegDesc *d = rf->descs[i];

        if (d->reset) {
            for (uint32_t off = d->offset; off < d->offset + d->size; off += 4) {
                rf->values[off >> 2] = d->reset;
            }
        }
    }
}
