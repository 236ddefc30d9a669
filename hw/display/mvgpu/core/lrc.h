/*
 * mvgpu core: the Gen9 execlist formats the guest and the engine share —
 * context descriptors, the logical ring context image, the hardware status
 * page and its context-status buffer. One place for every offset, used by
 * the engine (execlist.c) and by the tests' builders (tests/include/).
 *
 * Facts from Linux drivers/gpu/drm/i915/gt/intel_lrc.c (the register
 * state layout of gen8 contexts: CTX_RING_HEAD, CTX_RING_TAIL, ...),
 * intel_lrc_reg.h and intel_execlists_submission.c (process_csb(),
 * gen8_csb_parse()), and the Skylake PRM vol. 7 "Execlists".
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef MVGPU_CORE_LRC_H
#define MVGPU_CORE_LRC_H

/* Context descriptor (ELSP element): valid bit, LRCA, context id above 32. */
#define MVGPU_DESC_VALID            ((uint64_t)1 << 0)
#define MVGPU_DESC_LRCA_MASK        ((uint64_t)0xfffff000)
#define MVGPU_DESC_CTX_ID_SHIFT     32

/*
 * Context image: page 0 is the per-process status page (PPHWSP), the
 * register state starts at page 1 as (offset, value) dword pairs; these
 * are the value slots, in dwords from the start of that page.
 */
#define MVGPU_CTX_STATE_PAGE        0x1000
#define MVGPU_CTX_CONTEXT_CONTROL   0x02
#define   MVGPU_CTX_RESTORE_INHIBIT (1u << 0)   /* engine context not loaded */
#define MVGPU_CTX_RING_HEAD         0x05
#define MVGPU_CTX_RING_TAIL         0x07
#define MVGPU_CTX_RING_START        0x09
#define MVGPU_CTX_RING_CTL          0x0b
#define MVGPU_CTX_PDP0_UDW          0x31
#define MVGPU_CTX_PDP0_LDW          0x33
/*
 * Engine state the device saves with a context and loads with it: the
 * registers user batches may load (core/cmd-regs.c), in a block of the
 * state page past i915's register-state lists (intel_lrc.c,
 * gen9_rcs_offsets[] ends below dword 0xb0): i915 never writes there,
 * and every context it makes is a copy of its default image, which is
 * what the device saved for the first one (lrc_init_state()). The
 * block's first dword is MVGPU_CTX_SAVED | the number of values that
 * follow: an image the device never saved (all zero) loads nothing.
 */
#define MVGPU_CTX_ENGINE_REGS       0x300
#define MVGPU_CTX_ENGINE_REGS_MAX   0xff
#define MVGPU_CTX_SAVED             (1u << 31)

/*
 * STATE_BASE_ADDRESS is context state too: the hardware keeps it in the
 * image, so a batch may set only the bases it changes (iris sets General,
 * Dynamic and Instruction once per context, Surface per batch). The device
 * keeps the four bases the GPGPU dispatch uses here, written whenever a
 * STATE_BASE_ADDRESS runs: MVGPU_CTX_SAVED | 8, then general, surface,
 * dynamic and instruction base, each low dword first.
 */
#define MVGPU_CTX_COMPUTE_BASES     0x2e0
#define MVGPU_CTX_COMPUTE_BASES_N   8

/*
 * The media state is context state as well: iris emits MEDIA_VFE_STATE,
 * MEDIA_CURBE_LOAD and MEDIA_INTERFACE_DESCRIPTOR_LOAD only when its
 * compute shader state changes (Mesa src/gallium/drivers/iris/
 * iris_state.c, iris_upload_gpgpu_walker()), and a later batch's
 * GPGPU_WALKER runs with what an earlier one loaded. The device keeps
 * what the commands set and point at (eu-dispatch.h MvgpuMediaState:
 * addresses, not the bytes there), written whenever one of them runs:
 * MVGPU_CTX_SAVED | 15, a flags dword (which of the three commands ran),
 * MEDIA_VFE_STATE DW1-8, the CURBE's GPU VA (low dword first) and length
 * in bytes, the interface descriptors' GPU VA and length. Between the
 * bases' block and MVGPU_CTX_ENGINE_REGS (dwords 0x2f0-0x2ff).
 */
#define MVGPU_CTX_MEDIA_STATE       0x2f0
#define MVGPU_CTX_MEDIA_STATE_N     15
#define   MVGPU_CTX_MEDIA_FLAGS     1       /* dwords into the block */
#define     MVGPU_CTX_MEDIA_VFE     (1u << 0)
#define     MVGPU_CTX_MEDIA_CURBE   (1u << 1)
#define     MVGPU_CTX_MEDIA_IDD     (1u << 2)
#define   MVGPU_CTX_MEDIA_VFE_DW    2       /* 8 dwords */
#define   MVGPU_CTX_MEDIA_CURBE_VA  10      /* 2 dwords, then the length */
#define   MVGPU_CTX_MEDIA_IDD_VA    13      /* 2 dwords, then the length */

/* RING_CTL: ring size in pages minus one at 20:12. */
#define MVGPU_RING_CTL_SIZE_MASK    0x1ff000u
#define MVGPU_RING_HEAD_MASK        0x1ffffcu
#define MVGPU_RING_TAIL_MASK        0x1ffff8u

/* Global HWSP: the CSB at byte 0x40 (six entries), its write pointer at 0x7c. */
#define MVGPU_HWSP_CSB              0x40
#define MVGPU_HWSP_CSB_WRITE_PTR    0x7c
#define MVGPU_CSB_ENTRIES           6
#define MVGPU_CSB_PTR_RESET         7       /* next entry goes to slot 0 */

/* CSB status bits: gen8_csb_parse() promotes on the first two. */
#define CSB_IDLE_TO_ACTIVE          (1u << 0)
#define CSB_PREEMPTED               (1u << 1)
#define CSB_ELEMENT_SWITCH          (1u << 2)
#define CSB_ACTIVE_TO_IDLE          (1u << 3)
#define CSB_CONTEXT_COMPLETE        (1u << 4)
#define CSB_LITE_RESTORE            (1u << 15)

#endif
