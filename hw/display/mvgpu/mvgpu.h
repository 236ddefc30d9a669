/*
 * mvgpu: the QEMU device's state, shared by the glue's files.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef HW_DISPLAY_MVGPU_H
#define HW_DISPLAY_MVGPU_H

#include "hw/pci/pci_device.h"
#include "qemu/timer.h"
#include "ui/console.h"

#include "core/core.h"
#include "core/scanout.h"

#define TYPE_MVGPU "mvgpu"
OBJECT_DECLARE_SIMPLE_TYPE(MvgpuState, MVGPU)

typedef struct MvgpuTimer {
    struct MvgpuState *s;
    MvgpuTimerId id;
    QEMUTimer *timer;
} MvgpuTimer;

struct MvgpuState {
    PCIDevice parent_obj;

    /* properties */
    uint32_t device_id;
    uint64_t aperture_size;
    uint32_t xres, yres, xmax, ymax;

    MvgpuTimer timers[MVGPU_TIMER_COUNT];

    MemoryRegion bar0;          /* registers + GGTT PTEs */
    MemoryRegion aperture;      /* BAR2: CPU view of the GGTT */
    MvgpuCore *core;

    /* console (mvgpu-console.c) */
    QemuConsole *con;
    MvgpuPlane shown;           /* what the console surface holds */
    bool showing;
    uint8_t *staging;           /* copy path: the converted frame */
    size_t staging_size;
    MemoryRegion *direct_mr;    /* zero-copy path: guest RAM shown in place */
    hwaddr direct_offset;
    MvgpuCursor cursor;
    bool cursor_shown;
    uint32_t *cursor_image;     /* last image sent, 256 x 256 at most */
};

void mvgpu_console_init(MvgpuState *s);
void mvgpu_console_fini(MvgpuState *s);
void mvgpu_console_reset(MvgpuState *s);


#endif
