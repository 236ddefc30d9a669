/*
 * mvgpu core: Gen9 (Skylake / Kaby Lake) register offsets and bits, as
 * documented in gvtg-reference.md. Offsets are bytes into BAR0.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef MVGPU_CORE_GEN9_REGS_H
#define MVGPU_CORE_GEN9_REGS_H

/* Engines and their MMIO bases (reference §0, §5.2). */
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

/* GT and uncore (reference §5.1). */
#define GEN8_PRIVATE_PAT_LO      0x040e0
#define GEN8_PRIVATE_PAT_HI      0x040e4
#define GEN8_FUSE2               0x09120
#define GEN9_EU_DISABLE0         0x09134
#define GEN6_GDRST               0x0941c
#define   GDRST_FULL             (1u << 0)
#define GEN6_RC_CONTROL          0x0a090
#define CTC_MODE                 0x0a26c
#define GUC_STATUS               0x0c000
#define FPGA_DBG                 0x42300
#define   FPGA_DBG_RM_NOCLAIM    (1u << 31)
#define GFX_FLSH_CNTL_GEN6       0x101008

/* Interrupts, Gen8 layout (reference §5.8). */
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
#define SDEISR                   0xc4000
#define SDEIMR                   0xc4004
#define SDEIIR                   0xc4008
#define SDEIER                   0xc400c

/* PVINFO page (reference §2). */
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
