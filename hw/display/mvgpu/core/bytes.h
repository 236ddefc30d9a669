/*
 * mvgpu core: little-endian values in guest memory, whatever the host's
 * byte order.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef MVGPU_CORE_BYTES_H
#define MVGPU_CORE_BYTES_H

#include <stdint.h>

static inline uint64_t mvgpu_le_load(const uint8_t *b, unsigned size)
{
    uint64_t v = 0;

    for (unsigned i = 0; i < size; i++) {
        v |= (uint64_t)b[i] << (8 * i);
    }
    return v;
}

static inline void mvgpu_le_store(uint8_t *b, uint64_t v, unsigned size)
{
    for (unsigned i = 0; i < size; i++) {
        b[i] = v >> (8 * i);
    }
}

#endif
