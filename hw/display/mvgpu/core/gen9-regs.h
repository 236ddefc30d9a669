/*
 * mvgpu core: Gen9 (Skylake / Kaby Lake) register offsets and bits, as the
 * Kaby Lake PRM vol. 2c (Command Reference: Registers) and Linux i915
 * define them (drivers/gpu/drm/i915/i915_reg.h, gt/intel_gt_regs.h,
 * gt/intel_engine_regs.h, display/). Offsets are bytes into BAR0.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef MVGPU_CORE_GEN9_REGS_H
#define MVGPU_CORE_GEN9_REGS_H

/*
 * Engines and their MMIO bases (i915_reg.h RENDER_RING_BASE,
 * GEN6_BSD_RING_BASE, VEBOX_RING_BASE, BLT_RING_BASE; gt/intel_engine_cs.c
 * intel_engines[]); the per-engine offsets from gt/intel_engine_regs.h.
 */
#define RCS_BASE                 0x02000
#define VCS0_BASE                0x12000
#define VECS_BASE                0x1a000
#define BCS_BASE                 0x22000

/* Per-engine registers, relative to the engine base. */
#define RING_TAIL                0x030
#define RING_HEAD                0x034
#define RING_START               0x038
#define RING_CTL                 0x03c
#define RING_ACTHD_UDW           0x05c
#define RING_INSTDONE            0x06c
#define RING_ACTHD               0x074
#define RING_HWS_PGA             0x080
#define RING_NOPID               0x094
#define RING_HWSTAM              0x098
#define RING_MI_MODE             0x09c
#define   MI_MODE_STOP_RING      (1u << 8)
#define   MI_MODE_IDLE           (1u << 9)
#define RING_IMR                 0x0a8
#define RING_EIR                 0x0b0
#define RING_EMR                 0x0b4
#define RING_ESR                 0x0b8
#define RING_INSTPM              0x0c0
#define RING_RESET_CTL           0x0d0
#define   RESET_CTL_REQUEST      (1u << 0)
#define   RESET_CTL_READY        (1u << 1)
#define RING_BB_STATE            0x110
#define RING_BB_ADDR             0x140
#define RING_BB_ADDR_UDW         0x168
#define RING_ELSP                0x230
#define RING_EXECLIST_STATUS_LO  0x234
#define RING_EXECLIST_STATUS_HI  0x238
#define RING_CONTEXT_CONTROL     0x244
#define RING_PDP_BASE            0x270      /* PDP0..3 LDW/UDW, 8 dwords */
#define RING_MODE                0x29c      /* GFX_MODE */
#define   GFX_RUN_LIST_ENABLE    (1u << 15)
#define RING_TIMESTAMP           0x358
#define RING_TIMESTAMP_UDW       0x35c
#define RING_CSB_BASE            0x370      /* 6 entries x 8 bytes */
#define RING_CONTEXT_STATUS_PTR  0x3a0

/*
 * GT and uncore (i915 gt/intel_gt_regs.h; FPGA_DBG in i915_reg.h, GUC_STATUS
 * in gt/uc/intel_guc_reg.h).
 */
#define GEN8_PRIVATE_PAT_LO      0x040e0
#define GEN8_PRIVATE_PAT_HI      0x040e4
#define GEN8_FUSE2               0x09120
#define GEN9_EU_DISABLE0         0x09134
#define GEN6_GDRST               0x0941c
#define   GDRST_FULL             (1u << 0)
#define GEN6_RC_CONTROL          0x0a090
#define CTC_MODE                 0x0a26c
#define GUC_STATUS               0x0c000
#define   GS_MIA_IN_RESET        (1u << 0)
#define FPGA_DBG                 0x42300
#define   FPGA_DBG_RM_NOCLAIM    (1u << 31)
#define GFX_FLSH_CNTL_GEN6       0x101008
#define BCS_SWCTRL               0x22200    /* masked: bit 0 source Y, 1 destination Y */
#define   BCS_SRC_Y              (1u << 0)
#define   BCS_DST_Y              (1u << 1)
#define GEN8_RTCR                0x04260    /* TLB invalidate: RCS, VCS0, VCS1, BCS, VECS */

/* Fences (i915_reg.h FENCE_REG_GEN6_LO/HI; core/fence.c). */
#define MVGPU_NFENCES            32
#define FENCE_REG_GEN6_LO(i)     (0x100000 + (i) * 8)
#define FENCE_REG_GEN6_HI(i)     (0x100000 + (i) * 8 + 4)

/* Interrupts, Gen8 layout (i915_reg.h GEN8_MASTER_IRQ and after). */
#define GEN8_MASTER_IRQ          0x44200
#define GEN8_GT_ISR(n)           (0x44300 + 0x10 * (n))
#define GEN8_GT_IMR(n)           (0x44304 + 0x10 * (n))
#define GEN8_GT_IIR(n)           (0x44308 + 0x10 * (n))
#define GEN8_GT_IER(n)           (0x4430c + 0x10 * (n))
#define GEN8_DE_PIPE_ISR(p)      (0x44400 + 0x10 * (p))
#define GEN8_DE_PIPE_IMR(p)      (0x44404 + 0x10 * (p))
#define GEN8_DE_PIPE_IIR(p)      (0x44408 + 0x10 * (p))
#define GEN8_DE_PIPE_IER(p)      (0x4440c + 0x10 * (p))
#define GEN8_DE_PORT_ISR         0x44440
#define GEN8_DE_PORT_IMR         0x44444
#define GEN8_DE_PORT_IIR         0x44448
#define GEN8_DE_PORT_IER         0x4444c
#define GEN8_DE_MISC_ISR         0x44460
#define GEN8_DE_MISC_IIR         0x44468
#define GEN8_PCU_ISR             0x444e0
#define GEN8_PCU_IIR             0x444e8
#define EDP_PSR_IMR              0x64834
#define EDP_PSR_IIR              0x64838
#define SDEISR                   0xc4000
#define SDEIMR                   0xc4004
#define SDEIIR                   0xc4008
#define SDEIER                   0xc400c

/* PCODE mailbox (i915_reg.h GEN6_PCODE_MAILBOX; intel_pcode.c). */
#define GEN6_PCODE_MAILBOX       0x138124
#define   PCODE_READY            (1u << 31)
#define   PCODE_ERROR_MASK       0xffu
#define   PCODE_CMD_MASK         0xffu
#define GEN6_PCODE_DATA          0x138128
#define GEN6_PCODE_DATA1         0x13812c
#define PCODE_READ_RC6VIDS       0x05
#define GEN9_PCODE_READ_MEM_LATENCY 0x06
#define SKL_PCODE_CDCLK_CONTROL  0x07
#define GEN9_PCODE_SAGV_CONTROL  0x21
#define   GEN9_SAGV_DISABLE      0x0
#define   GEN9_SAGV_IS_DISABLED  0x1
#define   SKL_CDCLK_READY_FOR_CHANGE 0x1
#define MCHBAR_MIRROR_BASE       0x140000
#define SKL_MAD_INTER_CHANNEL    0x145000
#define SKL_MAD_DIMM_CH0         0x14500c
#define SKL_MAD_DIMM_CH1         0x145010
#define GEN6_RP_STATE_CAP        0x145998

/*
 * Display power, clocks, PLLs (i915 display/intel_display_power_well.c,
 * intel_cdclk.c, intel_dpll_mgr.c).
 */
#define SKL_FUSE_STATUS          0x42000
#define   SKL_FUSE_DOWNLOAD_STATUS (1u << 31)
#define   SKL_FUSE_PG_DIST_STATUS(pg) (1u << (27 - (pg)))
#define HSW_PWR_WELL_CTL1        0x45400
#define HSW_PWR_WELL_CTL2        0x45404
#define HSW_PWR_WELL_CTL3        0x45408
#define HSW_PWR_WELL_CTL4        0x4540c
#define DBUF_CTL                 0x45008
#define   DBUF_POWER_REQUEST     (1u << 31)
#define   DBUF_POWER_STATE       (1u << 30)
#define DC_STATE_EN              0x45504
#define CDCLK_CTL                0x46000
#define LCPLL1_CTL               0x46010
#define LCPLL2_CTL               0x46014
#define   LCPLL_PLL_ENABLE       (1u << 31)
#define   LCPLL_PLL_LOCK         (1u << 30)
#define WRPLL_CTL1               0x46040
#define WRPLL_CTL2               0x46060
#define DPLL_CTRL1               0x6c058
#define   DPLL_CTRL1_LINK_RATE_SHIFT(id) ((id) * 6 + 1)     /* 3 bits */
#define   DPLL_CTRL1_HDMI_MODE(id) (1u << ((id) * 6 + 5))
#define DPLL_CTRL2               0x6c05c
#define   DPLL_CTRL2_DDI_CLK_SEL_SHIFT(port) ((port) * 3 + 1) /* 2 bits */
#define   DPLL_CTRL2_DDI_SEL_OVERRIDE(port) (1u << ((port) * 3))
#define DPLL_STATUS              0x6c060
#define SKL_DFSM                 0x51000

/*
 * Ports (i915 display/intel_ddi.c, intel_dp_aux.c). Ports A..E are 0..4;
 * the monitor is on D.
 */
#define SFUSE_STRAP              0xc2014
#define   SFUSE_STRAP_DDID_DETECTED (1u << 0)
#define DDI_BUF_CTL(port)        (0x64000 + 0x100 * (port))
#define   DDI_BUF_CTL_ENABLE     (1u << 31)
#define   DDI_BUF_IS_IDLE        (1u << 7)
#define DP_AUX_CH_CTL(ch)        (0x64010 + 0x100 * (ch))
#define DP_AUX_CH_DATA(ch, i)    (0x64014 + 0x100 * (ch) + 4 * (i))
#define DP_TP_CTL(port)          (0x64040 + 0x100 * (port))
#define   DP_TP_CTL_LINK_TRAIN_MASK (7u << 8)
#define   DP_TP_CTL_LINK_TRAIN_IDLE (2u << 8)
#define DP_TP_STATUS(port)       (0x64044 + 0x100 * (port))
#define   DP_TP_STATUS_IDLE_DONE (1u << 25)
#define PCH_PORT_HOTPLUG         0xc4030
#define   PORTD_HOTPLUG_LONG_DETECT (2u << 16)
#define PCH_PORT_HOTPLUG2        0xc403c
#define GMBUS0                   0xc5100
#define GMBUS1                   0xc5104
#define   GMBUS_SW_CLR_INT       (1u << 31)
#define   GMBUS_SW_RDY           (1u << 30)
#define GMBUS2                   0xc5108
#define   GMBUS_INUSE            (1u << 15)
#define   GMBUS_HW_WAIT_PHASE    (1u << 14)
#define   GMBUS_SATOER           (1u << 10)
#define   GMBUS_HW_RDY           (1u << 11)
#define   GMBUS_ACTIVE           (1u << 9)
#define GMBUS3                   0xc510c
#define GMBUS4                   0xc5110
#define GMBUS5                   0xc5120

/*
 * Transcoders, pipes and planes (Kaby Lake PRM vol. 12; i915
 * display/skl_universal_plane.c, intel_cursor.c); pipe p adds 0x1000 * p.
 */
#define MVGPU_NPIPES             3
#define PIPE_STRIDE              0x1000
#define TRANS_HTOTAL(p)          (0x60000 + PIPE_STRIDE * (p))
#define TRANS_VTOTAL(p)          (0x6000c + PIPE_STRIDE * (p))
#define PIPESRC(p)               (0x6001c + PIPE_STRIDE * (p))
#define PIPE_CRC_CTL(p)          (0x60050 + PIPE_STRIDE * (p))
#define   PIPE_CRC_ENABLE        (1u << 31)
#define PIPE_CRC_RES_1(p)        (0x60064 + PIPE_STRIDE * (p))
#define TRANS_LINK_M1(p)         (0x60040 + PIPE_STRIDE * (p))
#define TRANS_LINK_N1(p)         (0x60044 + PIPE_STRIDE * (p))
#define   TRANS_LINK_M_N_MASK    0xffffffu
#define TRANS_DDI_FUNC_CTL(p)    (0x60400 + PIPE_STRIDE * (p))
#define   TRANS_DDI_PORT_SHIFT   28                         /* 3 bits */
#define PIPEDSL(p)               (0x70000 + PIPE_STRIDE * (p))
#define TRANSCONF(p)             (0x70008 + PIPE_STRIDE * (p))
#define   TRANSCONF_ENABLE       (1u << 31)
#define   TRANSCONF_STATE_ENABLE (1u << 30)
#define PIPE_FRMCOUNT(p)         (0x70040 + PIPE_STRIDE * (p))
#define PIPE_FLIPCOUNT(p)        (0x70044 + PIPE_STRIDE * (p))
#define CURCNTR(p)               (0x70080 + PIPE_STRIDE * (p))
#define CURBASE(p)               (0x70084 + PIPE_STRIDE * (p))
#define CURPOS(p)                (0x70088 + PIPE_STRIDE * (p))
#define CURSURFLIVE(p)           (0x700ac + PIPE_STRIDE * (p))
/* Universal planes 1..3 (1 = primary) at 0x70180 + 0x100 * (plane - 1). */
#define PLANE_BASE(p, pl)        (0x70180 + PIPE_STRIDE * (p) + 0x100 * ((pl) - 1))
#define PLANE_CTL(p, pl)         (PLANE_BASE(p, pl) + 0x00)
#define   PLANE_CTL_ENABLE       (1u << 31)
#define   PLANE_CTL_ASYNC_FLIP   (1u << 9)
#define   PLANE_CTL_ALPHA(v)     (((v) >> 4) & 0x3) /* alpha formats' blend */
#define   PLANE_ALPHA_DISABLE    0          /* ... the field's values */
#define   PLANE_ALPHA_SW_PREMULTIPLIED 2    /* colours premultiplied */
#define   PLANE_ALPHA_HW_PREMULTIPLY 3      /* the pipe multiplies */
#define PLANE_STRIDE(p, pl)      (PLANE_BASE(p, pl) + 0x08)
#define PLANE_POS(p, pl)         (PLANE_BASE(p, pl) + 0x0c)
#define PLANE_SIZE(p, pl)        (PLANE_BASE(p, pl) + 0x10)
#define PLANE_SURF(p, pl)        (PLANE_BASE(p, pl) + 0x1c)
#define PLANE_OFFSET(p, pl)      (PLANE_BASE(p, pl) + 0x24)
#define PLANE_SURFLIVE(p, pl)    (PLANE_BASE(p, pl) + 0x2c)

/* PVINFO page (i915_pvinfo.h, struct vgt_if). */
#define PVINFO_BASE              0x78000
#define PVINFO_SIZE              0x1000
#define PVINFO_MAGIC             0x4776544776544776ull
#define PV_MAGIC                 0x000
#define PV_VERSION_MAJOR         0x008      /* 16 bit, with minor at 0x00a */
#define PV_VGT_ID                0x00c
#define PV_VGT_CAPS              0x010
#define   VGT_CAPS_FULL_PPGTT    (1u << 2)
#define   VGT_CAPS_HWSP_EMULATION (1u << 3)
#define   VGT_CAPS_HUGE_GTT      (1u << 4)
#define PV_MAPPABLE_BASE         0x040
#define PV_MAPPABLE_SIZE         0x044
#define PV_NONMAPPABLE_BASE      0x048
#define PV_NONMAPPABLE_SIZE      0x04c
#define PV_FENCE_NUM             0x050
#define PV_DISPLAY_READY         0x804
#define PV_RSV5                  0x808      /* 4 dwords: "insufficient resources" */
#define PV_G2V_NOTIFY            0x818
#define PV_CURSOR_X_HOT          0x830
#define PV_CURSOR_Y_HOT          0x834
#define PV_PDP_BASE              0x838      /* pdp[0..3] lo/hi */
#define PV_EXECLIST_DESC_LO      0x858
#define PV_EXECLIST_DESC_HI      0x85c

/* g2v notification codes written to PV_G2V_NOTIFY. */
#define VGT_G2V_PPGTT_L3_CREATE  2
#define VGT_G2V_PPGTT_L3_DESTROY 3
#define VGT_G2V_PPGTT_L4_CREATE  4
#define VGT_G2V_PPGTT_L4_DESTROY 5
#define VGT_G2V_EXECLIST_CREATE  6
#define VGT_G2V_EXECLIST_DESTROY 7

#endif
