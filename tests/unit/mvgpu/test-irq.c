/*
 * Unit tests of the interrupt tree: IMR masking at event time, IIR
 * write-1-to-clear, IER gating of the master summary, MSI only with the
 * master control bit, and re-delivery when the guest's handler re-enables
 * the master bit with events still pending.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "fake-host.h"
#include "gen9-regs.h"
#include "irq.h"

/* What i915's postinstall does for RCS/BCS in GT0 and pipe A. */
static FakeHost *armed_host(void)
{
    FakeHost *h = fake_host_new();
    uint32_t gt0 = (GT_RENDER_USER_INTERRUPT | GT_CONTEXT_SWITCH_INTERRUPT) *
                   0x10001;

    wr(h, GEN8_GT_IMR(0), ~gt0);
    wr(h, GEN8_GT_IER(0), gt0);
    wr(h, GEN8_DE_PIPE_IMR(0), ~GEN8_PIPE_VBLANK);
    wr(h, GEN8_DE_PIPE_IER(0), GEN8_PIPE_VBLANK);
    wr(h, GEN8_MASTER_IRQ, GEN8_MASTER_IRQ_CONTROL);
    g_assert_cmpuint(h->msis, ==, 0);
    return h;
}

static void test_masked_event_not_latched(void)
{
    FakeHost *h = armed_host();

    /* GT0 bit 4 (PIPE_CONTROL notify) is masked. */
    mvgpu_irq_raise(h->core, MVGPU_IRQ_GT0, GT_RENDER_PIPECTL_NOTIFY);
    g_assert_cmphex(rd(h, GEN8_GT_IIR(0)), ==, 0);
    g_assert_cmpuint(h->msis, ==, 0);
    /* Unmasking later does not resurrect it. */
    wr(h, GEN8_GT_IMR(0), 0);
    g_assert_cmphex(rd(h, GEN8_GT_IIR(0)), ==, 0);
    g_assert_cmpuint(h->msis, ==, 0);
    fake_host_free(h);
}

static void test_event_to_msi(void)
{
    FakeHost *h = armed_host();

    mvgpu_irq_raise(h->core, MVGPU_IRQ_GT0, GT_CONTEXT_SWITCH_INTERRUPT);
    g_assert_cmphex(rd(h, GEN8_GT_IIR(0)), ==, GT_CONTEXT_SWITCH_INTERRUPT);
    g_assert_cmphex(rd(h, GEN8_MASTER_IRQ), ==, GEN8_MASTER_IRQ_CONTROL | 1);
    g_assert_cmpuint(h->msis, ==, 1);

    /* BCS (GT0 high half) shows as master bit 1. */
    mvgpu_irq_raise(h->core, MVGPU_IRQ_GT0,
                    GT_RENDER_USER_INTERRUPT << GT_ENGINE_SHIFT_HI);
    g_assert_cmphex(rd(h, GEN8_MASTER_IRQ), ==, GEN8_MASTER_IRQ_CONTROL | 3);
    g_assert_cmpuint(h->msis, ==, 2);

    /* Pipe A vblank shows as master bit 16. */
    mvgpu_irq_raise(h->core, MVGPU_IRQ_DE_PIPE_A, GEN8_PIPE_VBLANK);
    g_assert_cmphex(rd(h, GEN8_MASTER_IRQ) & (1u << 16), ==, 1u << 16);
    fake_host_free(h);
}

static void test_guest_handler_sequence(void)
{
    FakeHost *h = armed_host();
    uint32_t master;

    mvgpu_irq_raise(h->core, MVGPU_IRQ_GT0, GT_RENDER_USER_INTERRUPT);
    g_assert_cmpuint(h->msis, ==, 1);

    /* Handler: disable master, read it; status bits still show. */
    wr(h, GEN8_MASTER_IRQ, 0);
    master = rd(h, GEN8_MASTER_IRQ);
    g_assert_cmphex(master, ==, 1);
    /* An event while the handler runs: latched, no MSI yet. */
    mvgpu_irq_raise(h->core, MVGPU_IRQ_DE_PIPE_A, GEN8_PIPE_VBLANK);
    g_assert_cmpuint(h->msis, ==, 1);
    /* Ack what it saw. */
    wr(h, GEN8_GT_IIR(0), rd(h, GEN8_GT_IIR(0)));
    g_assert_cmphex(rd(h, GEN8_GT_IIR(0)), ==, 0);
    g_assert_cmphex(rd(h, GEN8_MASTER_IRQ), ==, 1u << 16);
    /* Re-enable: the vblank that came meanwhile is delivered now. */
    wr(h, GEN8_MASTER_IRQ, GEN8_MASTER_IRQ_CONTROL);
    g_assert_cmpuint(h->msis, ==, 2);

    /* Second round: ack everything, re-enable, nothing more to send. */
    wr(h, GEN8_MASTER_IRQ, 0);
    wr(h, GEN8_DE_PIPE_IIR(0), GEN8_PIPE_VBLANK);
    wr(h, GEN8_MASTER_IRQ, GEN8_MASTER_IRQ_CONTROL);
    g_assert_cmpuint(h->msis, ==, 2);
    g_assert_cmphex(rd(h, GEN8_MASTER_IRQ), ==, GEN8_MASTER_IRQ_CONTROL);
    fake_host_free(h);
}

static void test_ier_gates_summary(void)
{
    FakeHost *h = armed_host();

    /* Unmasked in IMR but disabled in IER: latched, not summarised. */
    wr(h, GEN8_DE_PORT_IMR, ~GEN9_AUX_CHANNEL_D);
    mvgpu_irq_raise(h->core, MVGPU_IRQ_DE_PORT, GEN9_AUX_CHANNEL_D);
    g_assert_cmphex(rd(h, GEN8_DE_PORT_IIR), ==, GEN9_AUX_CHANNEL_D);
    g_assert_cmphex(rd(h, GEN8_MASTER_IRQ), ==, GEN8_MASTER_IRQ_CONTROL);
    g_assert_cmpuint(h->msis, ==, 0);
    /* Enabling it in IER delivers it. */
    wr(h, GEN8_DE_PORT_IER, GEN9_AUX_CHANNEL_D);
    g_assert_cmphex(rd(h, GEN8_MASTER_IRQ), ==,
                    GEN8_MASTER_IRQ_CONTROL | (1u << 20));
    g_assert_cmpuint(h->msis, ==, 1);
    fake_host_free(h);
}

static void test_master_status_read_only(void)
{
    FakeHost *h = armed_host();

    wr(h, GEN8_MASTER_IRQ, 0xffffffff);
    g_assert_cmphex(rd(h, GEN8_MASTER_IRQ), ==, GEN8_MASTER_IRQ_CONTROL);
    /* SDE shows as bit 23. */
    wr(h, SDEIMR, ~SDE_PORTD_HOTPLUG_CPT);
    wr(h, SDEIER, SDE_PORTD_HOTPLUG_CPT);
    mvgpu_irq_raise(h->core, MVGPU_IRQ_SDE, SDE_PORTD_HOTPLUG_CPT);
    g_assert_cmphex(rd(h, GEN8_MASTER_IRQ), ==,
                    GEN8_MASTER_IRQ_CONTROL | (1u << 23));
    fake_host_free(h);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/mvgpu/irq/masked-event-not-latched",
                    test_masked_event_not_latched);
    g_test_add_func("/mvgpu/irq/event-to-msi", test_event_to_msi);
    g_test_add_func("/mvgpu/irq/guest-handler-sequence",
                    test_guest_handler_sequence);
    g_test_add_func("/mvgpu/irq/ier-gates-summary", test_ier_gates_summary);
    g_test_add_func("/mvgpu/irq/master-status-read-only",
                    test_master_status_read_only);
    return g_test_run();
}
