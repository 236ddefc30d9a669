/*
 * mvgpu core: GMBUS, the display's I2C controller (Linux
 * drivers/gpu/drm/i915/display/intel_gmbus.c). The only monitor is
 * DisplayPort and its EDID comes over AUX, so every GMBUS cycle is answered
 * with a NAK (SATOER): i915 takes that as "no HDMI/DVI sink" at once rather
 * than waiting for a timeout or falling back to bit-banging. GVT-g answers
 * for its DP monitor the same way (gvt/edid.c, gmbus0_mmio_write()).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "internal.h"
#include "gen9-regs.h"

static void gmbus1_write(MvgpuCore *c, uint32_t off, uint32_t raw, uint32_t old)
{
    uint32_t status = mvgpu_reg_get(c, GMBUS2);

    if (raw & GMBUS_SW_CLR_INT) {
        status &= ~GMBUS_SATOER;
    } else if (raw & GMBUS_SW_RDY) {
        status |= GMBUS_SATOER;
    }
    mvgpu_reg_set(c, GMBUS2, status & ~GMBUS_ACTIVE);
    mvgpu_reg_set(c, off, raw & ~(GMBUS_SW_CLR_INT | GMBUS_SW_RDY));
}

static const MvgpuRegDesc gmbus_regs[] = {
    { .name = "GMBUS0", .offset = GMBUS0, .size = 4 },
    { .name = "GMBUS1", .offset = GMBUS1, .size = 4, .write = gmbus1_write },
    { .name = "GMBUS2", .offset = GMBUS2, .size = 4, .ro_mask = MVGPU_RO_ALL },
    { .name = "GMBUS3", .offset = GMBUS3, .size = 4 },
    { .name = "GMBUS4", .offset = GMBUS4, .size = 4 },
    { .name = "GMBUS5", .offset = GMBUS5, .size = 4 },
};

const MvgpuRegTable mvgpu_gmbus_regs = MVGPU_REG_TABLE(gmbus_regs);
