/*
 * mvgpu core: platform facts (device ids, register tables) as data.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef MVGPU_CORE_PLATFORM_H
#define MVGPU_CORE_PLATFORM_H

#include "regs.h"

typedef struct MvgpuDeviceInfo {
    uint16_t id;
    uint8_t revision;
    const char *name;
} MvgpuDeviceInfo;

typedef struct MvgpuPlatform {
    const char *name;
    const MvgpuDeviceInfo *devices;
    size_t ndevices;
    uint16_t default_device_id;
    const MvgpuRegTable *const *reg_tables;
    size_t nreg_tables;
    uint32_t fence_count;           /* fence registers offered to the guest */
} MvgpuPlatform;

extern const MvgpuPlatform mvgpu_gen9;

/* The platform and device entry for a PCI device id, or NULL. */
const MvgpuPlatform *mvgpu_platform_for_device(uint32_t device_id,
                                               const MvgpuDeviceInfo **dev);

#endif
