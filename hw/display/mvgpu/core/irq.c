/*
 * mvgpu core: the Gen8/9 interrupt tree.
 *
 * Semantics follow what GVT-g gives a guest (Linux
 * drivers/gpu/drm/i915/gvt/interrupt.c: propagate_event(),
 * update_upstream_irq(), gen8_check_pending_irq()): an event sets
 * IIR bits only where IMR is clear; IIR is write-1-to-clear; a bank shows in
 * GEN8_MASTER_IRQ while IIR & IER has a bit in the bank's summary mask; one
 * MSI is sent whenever the master control bit is set and something is
 * pending after an event or a write that could unblock delivery. The guest's
 * handler (i915_irq.c, gen8_irq_handler()) clears the master bit, acks the
 * IIRs and sets the master bit again, so an event that arrived meanwhile
 * goes out on that last write.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "internal.h"
#include "gen9-regs.h"
#include "irq.h"

typedef struct IrqBankInfo {
    uint32_t isr;                   /* ISR; IMR, IIR, IER follow at +4 */
    struct {
        uint32_t iir_mask;
        uint32_t master_bit;
    } summary[2];
} IrqBankInfo;

static const IrqBankInfo banks[MVGPU_IRQ_NBANKS] = {
    [MVGPU_IRQ_GT0] = { GEN8_GT_ISR(0),
                        { { 0x0000ffff, 1u << 0 }, { 0xffff0000, 1u << 1 } } },
    [MVGPU_IRQ_GT1] = { GEN8_GT_ISR(1),
                        { { 0x0000ffff, 1u << 2 }, { 0xffff0000, 1u << 3 } } },
    [MVGPU_IRQ_GT2] = { GEN8_GT_ISR(2), { { 0xffffffff, 1u << 4 } } },
    [MVGPU_IRQ_GT3] = { GEN8_GT_ISR(3), { { 0xffffffff, 1u << 6 } } },
    [MVGPU_IRQ_DE_PIPE_A] = { GEN8_DE_PIPE_ISR(0), { { 0xffffffff, 1u << 16 } } },
    [MVGPU_IRQ_DE_PIPE_B] = { GEN8_DE_PIPE_ISR(1), { { 0xffffffff, 1u << 17 } } },
    [MVGPU_IRQ_DE_PIPE_C] = { GEN8_DE_PIPE_ISR(2), { { 0xffffffff, 1u << 18 } } },
    [MVGPU_IRQ_DE_PORT] = { GEN8_DE_PORT_ISR, { { 0xffffffff, 1u << 20 } } },
    [MVGPU_IRQ_DE_MISC] = { GEN8_DE_MISC_ISR, { { 0xffffffff, 1u << 22 } } },
    [MVGPU_IRQ_PCU] = { GEN8_PCU_ISR, { { 0xffffffff, 1u << 30 } } },
    [MVGPU_IRQ_SDE] = { SDEISR, { { 0xffffffff, 1u << 23 } } },
};

#define IMR(b) (banks[b].isr + 4)
#define IIR(b) (banks[b].isr + 8)
#define IER(b) (banks[b].isr + 12)

uint32_t mvgpu_irq_summary(MvgpuCore *c)
{
    uint32_t summary = 0;

    for (int b = 0; b < MVGPU_IRQ_NBANKS; b++) {
        uint32_t pending = mvgpu_reg_get(c, IIR(b)) & mvgpu_reg_get(c, IER(b));

        for (int i = 0; i < 2; i++) {
            if (pending & banks[b].summary[i].iir_mask) {
                summary |= banks[b].summary[i].master_bit;
            }
        }
    }
    return summary;
}

/* Recomputes GEN8_MASTER_IRQ's status bits; sends an MSI if allowed. */
static void irq_update(MvgpuCore *c, bool may_signal)
{
    uint32_t control = mvgpu_reg_get(c, GEN8_MASTER_IRQ) & GEN8_MASTER_IRQ_CONTROL;
    uint32_t summary = mvgpu_irq_summary(c);

    mvgpu_reg_set(c, GEN8_MASTER_IRQ, control | summary);
    if (may_signal && control && summary && c->host.raise_msi) {
        c->msi_count++;
        c->host.raise_msi(c->host.opaque);
    }
}

void mvgpu_irq_raise(MvgpuCore *c, MvgpuIrqBank bank, uint32_t bits)
{
    uint32_t latched = bits & ~mvgpu_reg_get(c, IMR(bank));

    if (!latched) {
        return;
    }
    mvgpu_reg_set(c, IIR(bank), mvgpu_reg_get(c, IIR(bank)) | latched);
    irq_update(c, true);
}

/* IIR acks cannot make anything newly deliverable. */
static void iir_write(MvgpuCore *c, uint32_t offset, uint32_t raw, uint32_t old)
{
    irq_update(c, false);
}

/* MASTER, IER and IMR writes may unblock a pending interrupt. */
static void delivery_write(MvgpuCore *c, uint32_t offset, uint32_t raw,
                           uint32_t old)
{
    irq_update(c, true);
}

#define REG MVGPU_REG
#define IRQ_BANK(n, isr) \
    REG(n "_ISR", (isr), .ro_mask = MVGPU_RO_ALL), \
    REG(n "_IMR", (isr) + 4, .reset = 0xffffffff, .write = delivery_write), \
    REG(n "_IIR", (isr) + 8, .w1c_mask = 0xffffffff, .write = iir_write), \
    REG(n "_IER", (isr) + 12, .write = delivery_write)

static const MvgpuRegDesc irq_regs[] = {
    /* Bits 30:0 are status computed from the banks. */
    REG("GEN8_MASTER_IRQ", GEN8_MASTER_IRQ, .ro_mask = ~GEN8_MASTER_IRQ_CONTROL,
        .write = delivery_write),
    IRQ_BANK("GT0", GEN8_GT_ISR(0)),
    IRQ_BANK("GT1", GEN8_GT_ISR(1)),
    IRQ_BANK("GT2", GEN8_GT_ISR(2)),
    IRQ_BANK("GT3", GEN8_GT_ISR(3)),
    IRQ_BANK("DE_PIPE_A", GEN8_DE_PIPE_ISR(0)),
    IRQ_BANK("DE_PIPE_B", GEN8_DE_PIPE_ISR(1)),
    IRQ_BANK("DE_PIPE_C", GEN8_DE_PIPE_ISR(2)),
    IRQ_BANK("DE_PORT", GEN8_DE_PORT_ISR),
    IRQ_BANK("DE_MISC", GEN8_DE_MISC_ISR),
    IRQ_BANK("PCU", GEN8_PCU_ISR),
    IRQ_BANK("SDE", SDEISR),
    /* PSR events reach the guest through DE misc; no eDP panel raises any. */
    REG("EDP_PSR_IMR", EDP_PSR_IMR, .reset = 0xffffffff),
    REG("EDP_PSR_IIR", EDP_PSR_IIR, .w1c_mask = 0xffffffff),
};

const MvgpuRegTable mvgpu_irq_regs = MVGPU_REG_TABLE(irq_regs);
