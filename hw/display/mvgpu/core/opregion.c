/*
 * mvgpu core: the OpRegion and the VBT in it.
 *
 * Without a VBT, i915 falls back to defaults that declare every DDI port,
 * an eDP panel on port A included: it logs "Failed to find VBIOS tables",
 * spends AUX time-outs probing a panel that is not there and creates
 * connectors for ports that are not there. The VBT built here declares
 * exactly the ports the board has, DisplayPort each, as GVT-g's does (Linux
 * drivers/gpu/drm/i915/gvt/opregion.c, virt_vbt_generation(), which also
 * declares port A as DisplayPort).
 *
 * Layouts: the OpRegion header as Linux display/intel_opregion.c
 * (struct opregion_header) reads it; the VBT header, the BDB header, the
 * blocks and the child device config of BDB version 186 as
 * display/intel_vbt_defs.h defines them and display/intel_bios.c
 * (intel_bios_is_valid_vbt(), parse_general_definitions()) checks them.
 * Written byte by byte, little-endian, so no struct packing is relied on.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <string.h>

#include "bytes.h"
#include "opregion.h"

/* OpRegion header (the first 256 bytes) */
#define OPREGION_SIGNATURE      "IntelGraphicsMem"
#define OPREGION_SIZE_KIB       0x10    /* u32: size in KiB */
#define OPREGION_VERSION        0x14    /* u32: major in the top byte */
#define OPREGION_MBOXES         0x58    /* u32: mailboxes present */
#define OPREGION_MBOX_VBT       (1u << 3)
#define OPREGION_VERSION_2_0    0x02000000u
/*
 * CLID, the lid state in the ACPI mailbox: "open". i915 reads it only with
 * the ACPI mailbox, which this OpRegion does not offer; GVT-g sets it
 * because Windows' driver reads it regardless.
 */
#define OPREGION_CLID           0x1ac
#define OPREGION_CLID_OPEN      0x3

/* VBT header: "$VBT" signature, then where the BDB starts */
#define VBT_HEADER_SIZE         48
#define VBT_SIGNATURE           "$VBT SKYLAKE"
#define VBT_VERSION             0x14    /* u16 */
#define VBT_HEADER_SIZE_FIELD   0x16    /* u16 */
#define VBT_SIZE                0x18    /* u16: header, BDB and blocks */
#define VBT_CHECKSUM            0x1a    /* u8: all VBT bytes sum to 0 */
#define VBT_BDB_OFFSET          0x1c    /* u32 */
#define VBT_HEADER_VERSION      155

/* BDB header */
#define BDB_HEADER_SIZE         22
#define BDB_SIGNATURE           "BIOS_DATA_BLOCK "
#define BDB_VERSION_FIELD       0x10    /* u16 */
#define BDB_HEADER_SIZE_FIELD   0x12    /* u16 */
#define BDB_SIZE                0x14    /* u16: header and blocks */
/* 186: the child device config is 33 bytes (LEGACY_CHILD_DEVICE_CONFIG_SIZE) */
#define BDB_VERSION             186

/* Blocks: u8 id, u16 size, then size bytes */
#define BDB_GENERAL_FEATURES    1
#define BDB_GENERAL_DEFINITIONS 2
#define BDB_DRIVER_FEATURES     12
#define GENERAL_FEATURES_SIZE   5       /* all 0: no CRT, no TV */
#define GENERAL_DEFS_HEADER     5       /* then the child devices */
#define GENERAL_DEFS_CHILD_SIZE 4       /* u8 child_dev_size */
#define DRIVER_FEATURES_SIZE    19      /* all 0: lvds_config = no LVDS */

/* Child device config, BDB 186 */
#define CHILD_SIZE              33
#define CHILD_HANDLE            0       /* u16 */
#define CHILD_DEVICE_TYPE       2       /* u16 */
#define CHILD_DVO_PORT          16
#define CHILD_SUPPORT           24      /* bit 1: dp_support */
#define CHILD_AUX_CHANNEL       25
#define CHILD_CAPS              27      /* bit 5: integrated_encoder */
#define CHILD_DP_SUPPORT        (1u << 1)
#define CHILD_INTEGRATED        (1u << 5)
/* DisplayPort output, digital, hotplug, not HDMI (DEVICE_TYPE_DP) */
#define DEVICE_TYPE_DP          0x68c6

/* What the VBT calls each DDI port, from intel_vbt_defs.h. */
static const struct {
    uint16_t handle;            /* DEVICE_HANDLE_EFPn */
    uint8_t dvo_port;           /* DVO_PORT_DPx */
    uint8_t aux_channel;        /* DP_AUX_x */
} vbt_ports[] = {
    { 0x0004, 10, 0x40 },       /* A */
    { 0x0040, 7, 0x10 },        /* B */
    { 0x0020, 8, 0x20 },        /* C */
    { 0x0010, 9, 0x30 },        /* D */
};

#define NPORTS (sizeof(vbt_ports) / sizeof(vbt_ports[0]))

static uint8_t *put_block(uint8_t *p, uint8_t id, uint16_t size)
{
    p[0] = id;
    mvgpu_le_store(p + 1, size, 2);
    return p + 3;
}

/* Writes the VBT at @vbt; returns its size. */
static unsigned build_vbt(uint8_t *vbt, uint32_t port_mask)
{
    uint8_t *bdb = vbt + VBT_HEADER_SIZE;
    uint8_t *p = bdb + BDB_HEADER_SIZE;
    unsigned nchild = 0, size;
    uint8_t sum = 0;

    for (unsigned port = 0; port < NPORTS; port++) {
        nchild += !!(port_mask & (1u << port));
    }

    memcpy(vbt, VBT_SIGNATURE, strlen(VBT_SIGNATURE));
    mvgpu_le_store(vbt + VBT_VERSION, VBT_HEADER_VERSION, 2);
    mvgpu_le_store(vbt + VBT_HEADER_SIZE_FIELD, VBT_HEADER_SIZE, 2);
    mvgpu_le_store(vbt + VBT_BDB_OFFSET, VBT_HEADER_SIZE, 4);

    memcpy(bdb, BDB_SIGNATURE, strlen(BDB_SIGNATURE));
    mvgpu_le_store(bdb + BDB_VERSION_FIELD, BDB_VERSION, 2);
    mvgpu_le_store(bdb + BDB_HEADER_SIZE_FIELD, BDB_HEADER_SIZE, 2);

    p = put_block(p, BDB_GENERAL_FEATURES, GENERAL_FEATURES_SIZE);
    p += GENERAL_FEATURES_SIZE;

    p = put_block(p, BDB_GENERAL_DEFINITIONS,
                  GENERAL_DEFS_HEADER + nchild * CHILD_SIZE);
    p[GENERAL_DEFS_CHILD_SIZE] = CHILD_SIZE;
    p += GENERAL_DEFS_HEADER;
    for (unsigned port = 0; port < NPORTS; port++) {
        if (!(port_mask & (1u << port))) {
            continue;
        }
        mvgpu_le_store(p + CHILD_HANDLE, vbt_ports[port].handle, 2);
        mvgpu_le_store(p + CHILD_DEVICE_TYPE, DEVICE_TYPE_DP, 2);
        p[CHILD_DVO_PORT] = vbt_ports[port].dvo_port;
        p[CHILD_SUPPORT] = CHILD_DP_SUPPORT;
        p[CHILD_AUX_CHANNEL] = vbt_ports[port].aux_channel;
        p[CHILD_CAPS] = CHILD_INTEGRATED;
        p += CHILD_SIZE;
    }

    p = put_block(p, BDB_DRIVER_FEATURES, DRIVER_FEATURES_SIZE);
    p += DRIVER_FEATURES_SIZE;

    size = p - vbt;
    mvgpu_le_store(vbt + VBT_SIZE, size, 2);
    mvgpu_le_store(bdb + BDB_SIZE, p - bdb, 2);
    for (unsigned i = 0; i < size; i++) {
        sum += vbt[i];
    }
    vbt[VBT_CHECKSUM] = -sum;
    return size;
}

void mvgpu_opregion_build(uint8_t *buf, uint32_t port_mask)
{
    memset(buf, 0, MVGPU_OPREGION_SIZE);
    memcpy(buf, OPREGION_SIGNATURE, strlen(OPREGION_SIGNATURE));
    mvgpu_le_store(buf + OPREGION_SIZE_KIB, MVGPU_OPREGION_SIZE / 1024, 4);
    mvgpu_le_store(buf + OPREGION_VERSION, OPREGION_VERSION_2_0, 4);
    mvgpu_le_store(buf + OPREGION_MBOXES, OPREGION_MBOX_VBT, 4);
    buf[OPREGION_CLID] = OPREGION_CLID_OPEN;
    build_vbt(buf + MVGPU_OPREGION_VBT_OFFSET, port_mask);
}
