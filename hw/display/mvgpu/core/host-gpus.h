/*
 * mvgpu core: the Intel GPUs a host may have, for backend drm.
 *
 * The device-id table of platform.c / gen9.c says what the guest is shown
 * (a Gen9 GT2). This one table says what the host's GPU is, so that the
 * drm backend runs the guest's Gen9 GT2 work only on a GPU that executes
 * it as written: a Gen9 (Skylake ... Comet Lake) GT2 or larger.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef MVGPU_CORE_HOST_GPUS_H
#define MVGPU_CORE_HOST_GPUS_H

#include <stdbool.h>
#include <stdint.h>

typedef struct MvgpuHostGpu {
    uint16_t id;                /* PCI device id */
    uint8_t gen;                /* graphics version: 8, 9, 10, 11, 12 */
    uint8_t gt;                 /* 1 (GT1 and GT1.5), 2, 3, 4; 0: a LP part */
    const char *name;           /* "Kaby Lake GT2" */
} MvgpuHostGpu;

/* The table's entry for @id, or NULL for a device it does not list. */
const MvgpuHostGpu *mvgpu_host_gpu_find(uint16_t id);

/*
 * Whether the drm backend may run the guest's work on @gpu. On false,
 * *why is a static clause saying why not ("Gen8 GPUs lack ...").
 */
bool mvgpu_host_gpu_usable(const MvgpuHostGpu *gpu, const char **why);

/* The families accepted, for messages: "Skylake, Kaby Lake, ...". */
#define MVGPU_HOST_GPU_FAMILIES \
    "Skylake, Kaby Lake, Amber Lake, Coffee Lake, Whiskey Lake or Comet Lake"

#endif
