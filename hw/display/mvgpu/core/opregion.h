/*
 * mvgpu core: the ACPI OpRegion with its Video BIOS Table (VBT), which the
 * guest's firmware copies into reserved RAM (QEMU's fw_cfg file
 * etc/igd-opregion, QEMU docs/igd-assign.txt) and points ASLS at.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef MVGPU_CORE_OPREGION_H
#define MVGPU_CORE_OPREGION_H

#include <stdint.h>

/* Linux i915 display/intel_opregion.c maps 8 KiB (OPREGION_SIZE). */
#define MVGPU_OPREGION_SIZE         0x2000
#define MVGPU_OPREGION_VBT_OFFSET   0x400   /* mailbox 4 */

/*
 * Fills @buf (MVGPU_OPREGION_SIZE bytes) with an OpRegion whose VBT declares
 * one DisplayPort child device for each DDI port in @port_mask (bit 0 is
 * port A), and nothing else: no eDP panel, no LVDS, no CRT or TV.
 */
void mvgpu_opregion_build(uint8_t *buf, uint32_t port_mask);

#endif
