/*
 * mvgpu core: the PCODE mailbox and the memory controller's MCHBAR mirror
 * the guest reads for DRAM and GT frequency facts. The mailbox protocol is
 * Linux drivers/gpu/drm/i915/intel_pcode.c; the commands answered are the
 * ones display/intel_cdclk.c (skl_set_cdclk()) and display/skl_watermark.c
 * (memory latency, SAGV) send; the MCHBAR registers are those
 * soc/intel_dram.c (skl_get_dram_info()) and gt/intel_rps.c read (paths
 * as in Linux 6.12).
 * Commands complete at once: READY clears, no error, and the few commands
 * whose answer i915 checks get a plausible one.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "internal.h"
#include "gen9-regs.h"

/* Memory latencies in µs, levels 0-3 then 4-7, as a Skylake reports them. */
#define MEM_LATENCY_LEVELS_0_3  0x1e1a1100u
#define MEM_LATENCY_LEVELS_4_7  0x61514b3du

static void mailbox_write(MvgpuCore *c, uint32_t off, uint32_t raw,
                          uint32_t old)
{
    uint32_t data0 = mvgpu_reg_get(c, GEN6_PCODE_DATA);

    if (!(raw & PCODE_READY)) {
        return;
    }
    switch (raw & PCODE_CMD_MASK) {
    case GEN9_PCODE_READ_MEM_LATENCY:
        data0 = data0 ? MEM_LATENCY_LEVELS_4_7 : MEM_LATENCY_LEVELS_0_3;
        break;
    case SKL_PCODE_CDCLK_CONTROL:
        data0 = SKL_CDCLK_READY_FOR_CHANGE;
        break;
    case GEN9_PCODE_SAGV_CONTROL:
        /* No SAGV to manage: a disable request is done at once. */
        if (data0 == GEN9_SAGV_DISABLE) {
            data0 = GEN9_SAGV_IS_DISABLED;
        }
        break;
    case PCODE_READ_RC6VIDS:
        data0 |= 1;
        break;
    default:
        break;      /* accepted, nothing to answer */
    }
    mvgpu_reg_set(c, GEN6_PCODE_DATA, data0);
    mvgpu_reg_set(c, off, raw & ~(PCODE_READY | PCODE_ERROR_MASK));
}

/* DDR4, one 8 GiB dual-rank x8 DIMM per channel. */
#define DIMM_8G_X8_DUAL_RANK    ((1u << 10) | 8u)
/* RP0 1100 MHz, RP1 650 MHz, RPn 300 MHz, in units of 50 MHz. */
#define RP_STATE_CAP_VALUE      (0x16u | (0x0du << 8) | (0x06u << 16))

static const MvgpuRegDesc pcode_regs[] = {
    { .name = "GEN6_PCODE_MAILBOX", .offset = GEN6_PCODE_MAILBOX, .size = 4,
      .write = mailbox_write },
    { .name = "GEN6_PCODE_DATA", .offset = GEN6_PCODE_DATA, .size = 4 },
    { .name = "GEN6_PCODE_DATA1", .offset = GEN6_PCODE_DATA1, .size = 4 },
    { .name = "SKL_MAD_INTER_CHANNEL", .offset = SKL_MAD_INTER_CHANNEL,
      .size = 4, .ro_mask = MVGPU_RO_ALL },
    { .name = "SKL_MAD_DIMM_CH0", .offset = SKL_MAD_DIMM_CH0, .size = 4,
      .reset = DIMM_8G_X8_DUAL_RANK, .ro_mask = MVGPU_RO_ALL },
    { .name = "SKL_MAD_DIMM_CH1", .offset = SKL_MAD_DIMM_CH1, .size = 4,
      .reset = DIMM_8G_X8_DUAL_RANK, .ro_mask = MVGPU_RO_ALL },
    { .name = "GEN6_RP_STATE_CAP", .offset = GEN6_RP_STATE_CAP, .size = 4,
      .reset = RP_STATE_CAP_VALUE, .ro_mask = MVGPU_RO_ALL },
};

const MvgpuRegTable mvgpu_pcode_regs = MVGPU_REG_TABLE(pcode_regs);
