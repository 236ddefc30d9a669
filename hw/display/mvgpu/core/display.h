/*
 * mvgpu core: the display engine's state — pipes with their vblank clocks,
 * the virtual DisplayPort monitor on port D (DPCD, EDID), GMBUS.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef MVGPU_CORE_DISPLAY_H
#define MVGPU_CORE_DISPLAY_H

#include <stdbool.h>
#include <stdint.h>

#include "gen9-regs.h"

#define MVGPU_REFRESH_HZ        60
#define MVGPU_DPCD_SIZE         0x800       /* DPCD modelled; above reads 0 */
#define MVGPU_EDID_SIZE         256
#define MVGPU_MONITOR_PORT      3           /* port D */
#define MVGPU_MONITOR_AUX       3           /* AUX D */
/*
 * The board's connectors (bit 0: port A), what the VBT declares: DisplayPort
 * on B, C and D, the monitor on D; no eDP panel on A. A VBT is read once at
 * boot, so it lists every connector a monitor may be plugged into, as a real
 * board's does, not only the connected ones.
 */
#define MVGPU_BOARD_PORTS       ((1u << 1) | (1u << 2) | (1u << MVGPU_MONITOR_PORT))

typedef struct MvgpuPipe {
    bool enabled;
    uint64_t frame_ns;          /* vblank period, from the mode at enable */
    uint64_t frame_start_ns;    /* when the current frame began */
    uint32_t frame_count;       /* PIPE_FRMCOUNT */
    uint32_t pending_flip_done; /* DE pipe IIR bits for the next vblank */
} MvgpuPipe;

typedef struct MvgpuDisplay {
    MvgpuPipe pipes[MVGPU_NPIPES];

    uint32_t xres, yres;            /* the monitor's preferred mode */
    uint8_t edid[MVGPU_EDID_SIZE];
    uint8_t dpcd[MVGPU_DPCD_SIZE];

    uint32_t scanout_reported[MVGPU_NPIPES];    /* PLANE_CTL last logged */

    /* I2C-over-AUX state: which slave is addressed and where it reads. */
    uint8_t i2c_slave;
    uint32_t edid_offset;
} MvgpuDisplay;

typedef struct MvgpuCore MvgpuCore;

void mvgpu_display_init(MvgpuCore *c);
void mvgpu_display_reset(MvgpuCore *c);
void mvgpu_display_vblank(MvgpuCore *c, unsigned pipe);
/* pipe-crc.c: at @pipe's vblank, its CRC when PIPE_CRC_CTL enables it. */
void mvgpu_pipe_crc_vblank(MvgpuCore *c, unsigned pipe);

/* The monitor changes its preferred mode: new EDID, hotplug pulse. */
void mvgpu_display_set_mode(MvgpuCore *c, uint32_t xres, uint32_t yres);

/* dp-aux.c */
void mvgpu_dp_aux_reset(MvgpuCore *c);

#endif
