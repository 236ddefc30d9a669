/*
 * mvgpu core: the Gen9 GT2 platform (Skylake / Kaby Lake) as data.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "internal.h"
#include "gen9-regs.h"
#include "engine.h"

/*
 * GT2 device ids as Linux lists them (include/drm/i915_pciids.h:
 * INTEL_SKL_GT2_IDS, INTEL_KBL_GT2_IDS, INTEL_AML_KBL_GT2_IDS); revisions
 * of common retail parts.
 */
static const MvgpuDeviceInfo gen9_devices[] = {
    { 0x1912, 0x06, "Skylake GT2 desktop" },
    { 0x1916, 0x07, "Skylake GT2 ULT" },
    { 0x191a, 0x06, "Skylake GT2 server" },
    { 0x191b, 0x06, "Skylake GT2 halo" },
    { 0x191d, 0x06, "Skylake GT2 workstation" },
    { 0x191e, 0x07, "Skylake GT2 ULX" },
    { 0x1921, 0x07, "Skylake GT2F ULT" },
    { 0x5912, 0x04, "Kaby Lake GT2 desktop" },
    { 0x5916, 0x02, "Kaby Lake GT2 ULT" },
    { 0x5917, 0x07, "Kaby Lake GT2 mobile" },
    { 0x591a, 0x04, "Kaby Lake GT2 server" },
    { 0x591b, 0x04, "Kaby Lake GT2 halo" },
    { 0x591c, 0x02, "Amber Lake (Kaby Lake) GT2" },
    { 0x591d, 0x04, "Kaby Lake GT2 workstation" },
    { 0x591e, 0x02, "Kaby Lake GT2 ULX" },
    { 0x5921, 0x02, "Kaby Lake GT2F ULT" },
    { 0x87c0, 0x02, "Amber Lake (Kaby Lake) GT2 ULX" },
};

/*
 * One slice, three subslices (subslice 3 disabled), all EUs on: 24 EUs, GT2.
 * FUSE2 bits 27:25 slice enable, 23:20 subslice disable.
 */
#define GEN9_GT2_FUSE2  ((1u << 25) | (0x8u << 20))

static void gdrst_write(MvgpuCore *c, uint32_t offset, uint32_t raw,
                        uint32_t old)
{
    /*
     * The guest writes the domains to reset and polls until they read back
     * zero: the engines' execlist state is dropped and the reset is done.
     */
    if (raw) {
        c->gdrst_count++;
        mvgpu_engines_reset(c, raw);
    }
    mvgpu_reg_set(c, offset, 0);
}

/* An engine is always ready to be reset: READY follows REQUEST. */
static void reset_ctl_write(MvgpuCore *c, uint32_t offset, uint32_t raw,
                            uint32_t old)
{
    uint32_t v = mvgpu_reg_get(c, offset) & ~RESET_CTL_READY;

    mvgpu_reg_set(c, offset, v | ((v & RESET_CTL_REQUEST) ? RESET_CTL_READY : 0));
}

/* TLB invalidations complete at once: the guest polls for zero. */
static void self_clear_write(MvgpuCore *c, uint32_t offset, uint32_t raw,
                             uint32_t old)
{
    mvgpu_reg_set(c, offset, 0);
}

/*
 * The command streamer's timestamp (RING_TIMESTAMP and its upper dword)
 * counts at 12 MHz, the rate CTC_MODE below gives i915 (24 MHz crystal,
 * shift 2), from the host's virtual clock: Mesa's GL_TIMESTAMP and timer
 * queries, stores of it and timestamp post-syncs from command buffers see
 * time pass.
 */
uint64_t mvgpu_cs_timestamp(MvgpuCore *c)
{
    return mvgpu_now_ns(c) * 3 / 250;               /* 12 per µs */
}

static uint32_t timestamp_read(MvgpuCore *c, uint32_t off)
{
    uint64_t ticks = mvgpu_cs_timestamp(c);

    return (off & 0xfff) == RING_TIMESTAMP_UDW ? ticks >> 32 : (uint32_t)ticks;
}

#define REG MVGPU_REG
#define RANGE MVGPU_RANGE

/* Registers every engine has, at its base (i915 gt/intel_engine_regs.h). */
#define ENGINE_REGS(e, base) \
    REG(e "_RING_TAIL", (base) + RING_TAIL), \
    REG(e "_RING_HEAD", (base) + RING_HEAD), \
    REG(e "_RING_START", (base) + RING_START, .flags = MVGPU_REG_GMADR), \
    REG(e "_RING_CTL", (base) + RING_CTL), \
    REG(e "_ACTHD_UDW", (base) + RING_ACTHD_UDW, .ro_mask = MVGPU_RO_ALL), \
    REG(e "_INSTDONE", (base) + RING_INSTDONE, .ro_mask = MVGPU_RO_ALL), \
    REG(e "_ACTHD", (base) + RING_ACTHD, .ro_mask = MVGPU_RO_ALL), \
    REG(e "_HWS_PGA", (base) + RING_HWS_PGA, .flags = MVGPU_REG_GMADR), \
    REG(e "_NOPID", (base) + RING_NOPID), \
    REG(e "_HWSTAM", (base) + RING_HWSTAM), \
    REG(e "_MI_MODE", (base) + RING_MI_MODE, .reset = MI_MODE_IDLE, \
        .ro_mask = MI_MODE_IDLE, .flags = MVGPU_REG_MASKED), \
    REG(e "_IMR", (base) + RING_IMR, .reset = 0xffffffff), \
    REG(e "_EIR", (base) + RING_EIR, .w1c_mask = 0xffffffff), \
    REG(e "_EMR", (base) + RING_EMR, .reset = 0xffffffff), \
    REG(e "_ESR", (base) + RING_ESR, .ro_mask = MVGPU_RO_ALL), \
    REG(e "_INSTPM", (base) + RING_INSTPM, \
        .flags = MVGPU_REG_MASKED), \
    REG(e "_RESET_CTL", (base) + RING_RESET_CTL, .flags = MVGPU_REG_MASKED, \
        .ro_mask = RESET_CTL_READY, .write = reset_ctl_write), \
    REG(e "_BB_STATE", (base) + RING_BB_STATE), \
    REG(e "_BB_ADDR", (base) + RING_BB_ADDR), \
    REG(e "_BB_ADDR_UDW", (base) + RING_BB_ADDR_UDW), \
    REG(e "_EXECLIST_STATUS_LO", (base) + RING_EXECLIST_STATUS_LO, \
        .ro_mask = MVGPU_RO_ALL), \
    REG(e "_EXECLIST_STATUS_HI", (base) + RING_EXECLIST_STATUS_HI, \
        .ro_mask = MVGPU_RO_ALL), \
    REG(e "_CONTEXT_CONTROL", (base) + RING_CONTEXT_CONTROL, \
        .flags = MVGPU_REG_MASKED), \
    RANGE(e "_PDP", (base) + RING_PDP_BASE, 32), \
    REG(e "_MODE", (base) + RING_MODE, .flags = MVGPU_REG_MASKED), \
    REG(e "_TIMESTAMP", (base) + RING_TIMESTAMP, .ro_mask = MVGPU_RO_ALL, \
        .read = timestamp_read), \
    REG(e "_TIMESTAMP_UDW", (base) + RING_TIMESTAMP_UDW, \
        .ro_mask = MVGPU_RO_ALL, .read = timestamp_read), \
    RANGE(e "_CSB", (base) + RING_CSB_BASE, 48, .ro_mask = MVGPU_RO_ALL)

static const MvgpuRegDesc gen9_engine_regs[] = {
    ENGINE_REGS("RCS", RCS_BASE),
    ENGINE_REGS("VCS0", VCS0_BASE),
    ENGINE_REGS("VECS", VECS_BASE),
    ENGINE_REGS("BCS", BCS_BASE),
};

/*
 * GT, uncore and power management: Linux i915 gt/intel_gt_regs.h, used by
 * gt/intel_sseu.c (fuses), gt/intel_reset.c (GDRST),
 * gt/intel_gt_clock_utils.c (CTC_MODE) and intel_uncore.c (FPGA_DBG).
 */
static const MvgpuRegDesc gen9_gt_regs[] = {
    REG("GEN8_PRIVATE_PAT_LO", GEN8_PRIVATE_PAT_LO),
    REG("GEN8_PRIVATE_PAT_HI", GEN8_PRIVATE_PAT_HI),
    REG("GEN8_FUSE2", GEN8_FUSE2, .reset = GEN9_GT2_FUSE2,
        .ro_mask = MVGPU_RO_ALL),
    RANGE("GEN9_EU_DISABLE", GEN9_EU_DISABLE0, 12, .ro_mask = MVGPU_RO_ALL),
    REG("GEN6_GDRST", GEN6_GDRST, .write = gdrst_write),
    REG("GEN6_RC_CONTROL", GEN6_RC_CONTROL),
    /* Crystal clock, shift 2: a 12 MHz command-streamer timestamp. */
    REG("CTC_MODE", CTC_MODE, .reset = 2u << 1),
    /* The GuC is never started in vGPU mode: its core stays in reset. */
    REG("GUC_STATUS", GUC_STATUS, .reset = GS_MIA_IN_RESET,
        .ro_mask = MVGPU_RO_ALL),
    REG("FPGA_DBG", FPGA_DBG, .w1c_mask = FPGA_DBG_RM_NOCLAIM),
    REG("GFX_FLSH_CNTL_GEN6", GFX_FLSH_CNTL_GEN6),
    RANGE("GEN8_TLB_INV", GEN8_RTCR, 20, .write = self_clear_write),
    REG("BCS_SWCTRL", BCS_SWCTRL, .flags = MVGPU_REG_MASKED),
};

static const MvgpuRegTable gen9_engine_table = MVGPU_REG_TABLE(gen9_engine_regs);
static const MvgpuRegTable gen9_gt_table = MVGPU_REG_TABLE(gen9_gt_regs);

static const MvgpuRegTable *const gen9_reg_tables[] = {
    &gen9_engine_table,
    &gen9_gt_table,
    &mvgpu_irq_regs,
    &mvgpu_pvinfo_regs,
    &mvgpu_pcode_regs,
    &mvgpu_display_regs,
    &mvgpu_dp_aux_regs,
    &mvgpu_gmbus_regs,
    &mvgpu_execlist_regs,
    &mvgpu_fence_regs,
};

const MvgpuPlatform mvgpu_gen9 = {
    .name = "Gen9 GT2",
    .devices = gen9_devices,
    .ndevices = G_N_ELEMENTS(gen9_devices),
    .default_device_id = 0x5912,
    .reg_tables = gen9_reg_tables,
    .nreg_tables = G_N_ELEMENTS(gen9_reg_tables),
    .fence_count = MVGPU_NFENCES,
};
