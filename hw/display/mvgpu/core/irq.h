/*
 * mvgpu core: the Gen8/9 interrupt tree (Linux drivers/gpu/drm/i915/
 * i915_reg.h, GEN8_MASTER_IRQ and the banks after it; the engine bits as
 * gt/intel_gt_irq.c, gen8_gt_irq_handler() reads them).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef MVGPU_CORE_IRQ_H
#define MVGPU_CORE_IRQ_H

#include <stdint.h>

typedef struct MvgpuCore MvgpuCore;

/* Second-level banks, each an ISR/IMR/IIR/IER quadruple. */
typedef enum MvgpuIrqBank {
    MVGPU_IRQ_GT0,          /* RCS (15:0), BCS (31:16) */
    MVGPU_IRQ_GT1,          /* VCS0 (15:0), VCS1 (31:16) */
    MVGPU_IRQ_GT2,          /* PM */
    MVGPU_IRQ_GT3,          /* VECS */
    MVGPU_IRQ_DE_PIPE_A,
    MVGPU_IRQ_DE_PIPE_B,
    MVGPU_IRQ_DE_PIPE_C,
    MVGPU_IRQ_DE_PORT,
    MVGPU_IRQ_DE_MISC,
    MVGPU_IRQ_PCU,
    MVGPU_IRQ_SDE,          /* south display engine (PCH) */
    MVGPU_IRQ_NBANKS
} MvgpuIrqBank;

/* Event bits inside the banks. */
#define GT_RENDER_USER_INTERRUPT          (1u << 0)
#define GT_RENDER_PIPECTL_NOTIFY          (1u << 4)
#define GT_CONTEXT_SWITCH_INTERRUPT       (1u << 8)
#define GT_ENGINE_SHIFT_HI                16     /* BCS in GT0, VCS1 in GT1 */
#define GEN8_PIPE_VBLANK                  (1u << 0)
#define GEN9_PIPE_PLANE1_FLIP_DONE        (1u << 3)
#define GEN8_PIPE_CDCLK_CRC_DONE          (1u << 28)
#define GEN9_AUX_CHANNEL_A                (1u << 0)
#define GEN9_AUX_CHANNEL_B                (1u << 25)
#define GEN9_AUX_CHANNEL_C                (1u << 26)
#define GEN9_AUX_CHANNEL_D                (1u << 27)
#define SDE_GMBUS_CPT                     (1u << 17)
#define SDE_PORTB_HOTPLUG_CPT             (1u << 21)
#define SDE_PORTC_HOTPLUG_CPT             (1u << 22)
#define SDE_PORTD_HOTPLUG_CPT             (1u << 23)

/* GEN8_MASTER_IRQ */
#define GEN8_MASTER_IRQ_CONTROL           (1u << 31)

/*
 * An event: its IIR bits are set where the bank's IMR does not mask them,
 * then the summary is recomputed and an MSI sent if the guest can take it.
 */
void mvgpu_irq_raise(MvgpuCore *c, MvgpuIrqBank bank, uint32_t bits);

/* The summary bits of GEN8_MASTER_IRQ from the banks' IIR & IER. */
uint32_t mvgpu_irq_summary(MvgpuCore *c);

#endif
