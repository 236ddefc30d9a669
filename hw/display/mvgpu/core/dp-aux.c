/*
 * mvgpu core: the DisplayPort AUX channels and the virtual monitor behind
 * AUX D: a DPCD that always trains, and the EDID over I2C-over-AUX at slave
 * 0x50. A transaction runs synchronously inside the CTL write that sets
 * SEND_BUSY, as GVT-g does (Linux drivers/gpu/drm/i915/gvt/handlers.c,
 * dp_aux_ch_ctl_mmio_write(), and gvt/edid.c); the guest, in
 * display/intel_dp_aux.c intel_dp_aux_xfer(), finds it done at once.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "internal.h"
#include "display.h"
#include "irq.h"

#define AUX_SEND_BUSY           (1u << 31)
#define AUX_DONE                (1u << 30)
#define AUX_INTERRUPT           (1u << 29)
#define AUX_TIME_OUT_ERROR      (1u << 28)
#define AUX_RECEIVE_ERROR       (1u << 25)
#define AUX_MSG_SIZE_SHIFT      20
#define AUX_MSG_SIZE_MASK       (0x1fu << AUX_MSG_SIZE_SHIFT)
#define AUX_DATA_BYTES          20
#define AUX_NCHANNELS           4

/* Request nibble of the header's first byte. */
#define AUX_NATIVE_WRITE        0x8
#define AUX_NATIVE_READ         0x9
#define AUX_I2C_READ            0x1
#define AUX_I2C_MOT             0x4
#define AUX_I2C_CMD_MASK        0x3

/* First reply byte. */
#define AUX_REPLY_ACK           0x00
#define AUX_REPLY_NATIVE_NACK   0x10
#define AUX_REPLY_I2C_NACK      0x40

#define EDID_I2C_ADDR           0x50
#define EDID_SEGMENT_I2C_ADDR   0x30
#define AUX_MAX_PAYLOAD         16

/* DPCD addresses the model gives a value. */
#define DPCD_REV                0x000
#define DPCD_MAX_LINK_RATE      0x001
#define DPCD_MAX_LANE_COUNT     0x002
#define DPCD_CHANNEL_CODING     0x006
#define DPCD_SINK_COUNT         0x200
#define DPCD_LANE0_1_STATUS     0x202
#define DPCD_LANE2_3_STATUS     0x203
#define DPCD_ALIGN_STATUS       0x204
#define DPCD_SINK_STATUS        0x205
#define DPCD_SET_POWER          0x600

static bool dpcd_writable(uint32_t addr)
{
    /* Link configuration and the sink's power state. */
    return (addr >= 0x100 && addr < 0x200) || addr == DPCD_SET_POWER;
}

void mvgpu_dp_aux_reset(MvgpuCore *c)
{
    uint8_t *dpcd = c->display.dpcd;

    memset(dpcd, 0, MVGPU_DPCD_SIZE);
    dpcd[DPCD_REV] = 0x12;                  /* DP 1.2 */
    dpcd[DPCD_MAX_LINK_RATE] = 0x14;        /* HBR2, 5.4 Gb/s */
    dpcd[DPCD_MAX_LANE_COUNT] = 0x84;       /* 4 lanes, enhanced framing */
    dpcd[DPCD_CHANNEL_CODING] = 0x01;       /* 8b/10b */
    dpcd[DPCD_SINK_COUNT] = 1;
    /* Every lane trained: clock recovery, equalisation, symbol lock. */
    dpcd[DPCD_LANE0_1_STATUS] = 0x77;
    dpcd[DPCD_LANE2_3_STATUS] = 0x77;
    dpcd[DPCD_ALIGN_STATUS] = 0x01;
    dpcd[DPCD_SINK_STATUS] = 0x01;
    dpcd[DPCD_SET_POWER] = 0x01;            /* D0 */
    c->display.i2c_slave = 0;
    c->display.edid_offset = 0;
}

/* Executes one request on the monitor; returns the reply length. */
static unsigned aux_transfer(MvgpuCore *c, const uint8_t *req, unsigned size,
                             uint8_t *reply)
{
    MvgpuDisplay *d = &c->display;
    unsigned cmd = req[0] >> 4;
    uint32_t addr = ((req[0] & 0xfu) << 16) | (req[1] << 8) | req[2];
    unsigned len = size > 3 ? req[3] + 1u : 0;

    if (cmd == AUX_NATIVE_READ) {
        if (size != 4 || len > AUX_MAX_PAYLOAD) {
            reply[0] = AUX_REPLY_NATIVE_NACK;
            return 1;
        }
        reply[0] = AUX_REPLY_ACK;
        for (unsigned i = 0; i < len; i++) {
            reply[1 + i] = addr + i < MVGPU_DPCD_SIZE ? d->dpcd[addr + i] : 0;
        }
        return 1 + len;
    }
    if (cmd == AUX_NATIVE_WRITE) {
        if (size < 5 || size - 4 != len) {
            reply[0] = AUX_REPLY_NATIVE_NACK;
            return 1;
        }
        for (unsigned i = 0; i < len; i++) {
            if (dpcd_writable(addr + i)) {
                d->dpcd[addr + i] = req[4 + i];
            }
        }
        reply[0] = AUX_REPLY_ACK;
        return 1;
    }
    if (cmd & 0x8) {
        reply[0] = AUX_REPLY_NATIVE_NACK;
        return 1;
    }

    /* I2C over AUX: the address field is the 7-bit slave address. */
    addr &= 0x7f;
    if (addr != EDID_I2C_ADDR && addr != EDID_SEGMENT_I2C_ADDR) {
        reply[0] = AUX_REPLY_I2C_NACK;
        return 1;
    }
    if (size == 3) {
        /* Address only: starts a transaction, or ends it without MOT. */
        d->i2c_slave = (cmd & AUX_I2C_MOT) ? addr : 0;
        reply[0] = AUX_REPLY_ACK;
        return 1;
    }
    if ((cmd & AUX_I2C_CMD_MASK) == AUX_I2C_READ) {
        if (size != 4 || len > AUX_MAX_PAYLOAD || addr != EDID_I2C_ADDR) {
            reply[0] = AUX_REPLY_I2C_NACK;
            return 1;
        }
        reply[0] = AUX_REPLY_ACK;
        for (unsigned i = 0; i < len; i++) {
            reply[1 + i] = d->edid[d->edid_offset++ % MVGPU_EDID_SIZE];
        }
        return 1 + len;
    }
    /* I2C write: to the EDID it sets the offset; one 256-byte segment. */
    if (size < 5 || size - 4 != len) {
        reply[0] = AUX_REPLY_I2C_NACK;
        return 1;
    }
    if (addr == EDID_I2C_ADDR) {
        d->edid_offset = req[4];
    }
    reply[0] = AUX_REPLY_ACK;
    return 1;
}

static void aux_ctl_write(MvgpuCore *c, uint32_t off, uint32_t raw,
                          uint32_t old)
{
    unsigned ch = (off - DP_AUX_CH_CTL(0)) / 0x100;
    unsigned size = (raw & AUX_MSG_SIZE_MASK) >> AUX_MSG_SIZE_SHIFT;
    uint8_t req[AUX_DATA_BYTES], reply[AUX_DATA_BYTES] = { 0 };
    uint32_t ctl = mvgpu_reg_get(c, off) & ~(AUX_SEND_BUSY | AUX_MSG_SIZE_MASK);
    unsigned n;

    if (!(raw & AUX_SEND_BUSY)) {
        return;
    }
    if (ch != MVGPU_MONITOR_AUX) {
        /* Nothing is plugged in there. */
        mvgpu_reg_set(c, off, ctl | AUX_DONE | AUX_TIME_OUT_ERROR);
        goto done;
    }
    if (size < 3 || size > AUX_DATA_BYTES) {
        mvgpu_guest_error(c, "DP AUX %c: message size %u is not 3..20",
                          'A' + ch, size);
        mvgpu_reg_set(c, off, ctl | AUX_DONE | AUX_RECEIVE_ERROR);
        goto done;
    }
    for (unsigned i = 0; i < AUX_DATA_BYTES; i++) {
        req[i] = mvgpu_reg_get(c, DP_AUX_CH_DATA(ch, i / 4)) >> (24 - 8 * (i % 4));
    }
    n = aux_transfer(c, req, size, reply);
    for (unsigned i = 0; i < AUX_DATA_BYTES / 4; i++) {
        mvgpu_reg_set(c, DP_AUX_CH_DATA(ch, i),
                      (uint32_t)reply[4 * i] << 24 | reply[4 * i + 1] << 16 |
                      reply[4 * i + 2] << 8 | reply[4 * i + 3]);
    }
    mvgpu_reg_set(c, off, ctl | AUX_DONE | (n << AUX_MSG_SIZE_SHIFT));
done:
    if (raw & AUX_INTERRUPT) {
        static const uint32_t aux_irq[AUX_NCHANNELS] = {
            GEN9_AUX_CHANNEL_A, GEN9_AUX_CHANNEL_B,
            GEN9_AUX_CHANNEL_C, GEN9_AUX_CHANNEL_D,
        };
        mvgpu_irq_raise(c, MVGPU_IRQ_DE_PORT, aux_irq[ch]);
    }
}

#define AUX_CHANNEL(n, ch) \
    { .name = "DP_AUX_CH_CTL_" n, .offset = DP_AUX_CH_CTL(ch), .size = 4, \
      .w1c_mask = AUX_DONE | AUX_TIME_OUT_ERROR | AUX_RECEIVE_ERROR, \
      .write = aux_ctl_write }, \
    { .name = "DP_AUX_CH_DATA_" n, .offset = DP_AUX_CH_DATA(ch, 0), \
      .size = AUX_DATA_BYTES }

static const MvgpuRegDesc aux_regs[] = {
    AUX_CHANNEL("A", 0),
    AUX_CHANNEL("B", 1),
    AUX_CHANNEL("C", 2),
    AUX_CHANNEL("D", 3),
};

const MvgpuRegTable mvgpu_dp_aux_regs = MVGPU_REG_TABLE(aux_regs);
