/*
 * Unit tests of the display engine's handshakes, vblank and flips, the AUX
 * channel (DPCD, I2C-over-AUX EDID), GMBUS, hotplug and the PCODE mailbox.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "fake-host.h"
#include "gen9-regs.h"
#include "irq.h"

#define FRAME_NS (1000000000ull / 60)

static void test_power_wells(void)
{
    FakeHost *h = fake_host_new();

    /* PW1 (index 14) and MISC IO (index 0): request bits 29 and 1. */
    wr(h, HSW_PWR_WELL_CTL2, (1u << 29) | (1u << 1));
    g_assert_cmphex(rd(h, HSW_PWR_WELL_CTL2), ==,
                    (1u << 29) | (1u << 28) | (1u << 1) | (1u << 0));
    /* A state bit cannot be written on its own. */
    wr(h, HSW_PWR_WELL_CTL2, (1u << 29) | (1u << 30));
    g_assert_cmphex(rd(h, HSW_PWR_WELL_CTL2), ==, (1u << 29) | (1u << 28));
    wr(h, HSW_PWR_WELL_CTL2, 0);
    g_assert_cmphex(rd(h, HSW_PWR_WELL_CTL2), ==, 0);

    g_assert_cmphex(rd(h, SKL_FUSE_STATUS), ==, 0x8e000000);
    wr(h, DBUF_CTL, DBUF_POWER_REQUEST);
    g_assert_cmphex(rd(h, DBUF_CTL), ==, DBUF_POWER_REQUEST | DBUF_POWER_STATE);
    wr(h, DBUF_CTL, 0);
    g_assert_cmphex(rd(h, DBUF_CTL), ==, 0);
    /* DC_STATE_EN reads back exactly what was written. */
    wr(h, DC_STATE_EN, 0x8);
    g_assert_cmphex(rd(h, DC_STATE_EN), ==, 0x8);
    fake_host_free(h);
}

static void test_plls(void)
{
    FakeHost *h = fake_host_new();

    g_assert_cmphex(rd(h, DPLL_STATUS), ==, 0);
    wr(h, LCPLL1_CTL, LCPLL_PLL_ENABLE);
    g_assert_cmphex(rd(h, LCPLL1_CTL), ==, LCPLL_PLL_ENABLE | LCPLL_PLL_LOCK);
    g_assert_cmphex(rd(h, DPLL_STATUS), ==, 1u << 0);
    wr(h, WRPLL_CTL1, LCPLL_PLL_ENABLE);
    g_assert_cmphex(rd(h, DPLL_STATUS), ==, (1u << 0) | (1u << 16));
    wr(h, LCPLL1_CTL, 0);
    g_assert_cmphex(rd(h, LCPLL1_CTL), ==, 0);
    g_assert_cmphex(rd(h, DPLL_STATUS), ==, 1u << 16);
    fake_host_free(h);
}

static void test_ddi_and_link(void)
{
    FakeHost *h = fake_host_new();
    const unsigned d = 3;

    g_assert_cmphex(rd(h, SFUSE_STRAP), ==, SFUSE_STRAP_DDID_DETECTED);
    g_assert_cmphex(rd(h, SDEISR) & SDE_PORTD_HOTPLUG_CPT, ==,
                    SDE_PORTD_HOTPLUG_CPT);
    g_assert_cmphex(rd(h, DDI_BUF_CTL(d)), ==, DDI_BUF_IS_IDLE);
    wr(h, DDI_BUF_CTL(d), DDI_BUF_CTL_ENABLE | 0x6);
    g_assert_cmphex(rd(h, DDI_BUF_CTL(d)), ==, DDI_BUF_CTL_ENABLE | 0x6);
    wr(h, DDI_BUF_CTL(d), 0x6);
    g_assert_cmphex(rd(h, DDI_BUF_CTL(d)), ==, DDI_BUF_IS_IDLE | 0x6);

    /* Pattern 1: no idle ack; idle pattern: IDLE_DONE. */
    wr(h, DP_TP_CTL(d), (1u << 31) | (0u << 8));
    g_assert_cmphex(rd(h, DP_TP_STATUS(d)) & DP_TP_STATUS_IDLE_DONE, ==, 0);
    wr(h, DP_TP_CTL(d), (1u << 31) | DP_TP_CTL_LINK_TRAIN_IDLE);
    g_assert_cmphex(rd(h, DP_TP_STATUS(d)) & DP_TP_STATUS_IDLE_DONE, ==,
                    DP_TP_STATUS_IDLE_DONE);
    fake_host_free(h);
}

static void enable_vblank_irq(FakeHost *h, unsigned pipe, uint32_t bits)
{
    wr(h, GEN8_DE_PIPE_IMR(pipe), ~bits);
    wr(h, GEN8_DE_PIPE_IER(pipe), bits);
    wr(h, GEN8_MASTER_IRQ, GEN8_MASTER_IRQ_CONTROL);
}

static void test_pipe_and_vblank(void)
{
    FakeHost *h = fake_host_new();

    h->now_ns = 5000;
    enable_vblank_irq(h, 1, GEN8_PIPE_VBLANK);
    wr(h, TRANS_VTOTAL(1), (1000u - 1) << 16 | (800 - 1));
    wr(h, TRANSCONF(1), TRANSCONF_ENABLE);
    g_assert_cmphex(rd(h, TRANSCONF(1)), ==,
                    TRANSCONF_ENABLE | TRANSCONF_STATE_ENABLE);
    g_assert_cmpuint(h->timer_expiry[MVGPU_TIMER_VBLANK_B], ==,
                     5000 + FRAME_NS);
    g_assert_cmpuint(h->timer_expiry[MVGPU_TIMER_VBLANK_A], ==, 0);

    /* Half a frame in: the scanline is half way down the 1000 lines. */
    h->now_ns = 5000 + FRAME_NS / 2;
    g_assert_cmpuint(rd(h, PIPEDSL(1)), ==, 500);
    g_assert_cmpuint(rd(h, PIPE_FRMCOUNT(1)), ==, 0);

    /* One second of virtual time: 60 frames, 60 vblank interrupts. */
    fake_host_run_until(h, 5000 + 1000000000ull);
    g_assert_cmpuint(rd(h, PIPE_FRMCOUNT(1)), ==, 60);
    g_assert_cmpuint(h->msis, ==, 60);
    g_assert_cmphex(rd(h, GEN8_DE_PIPE_IIR(1)), ==, GEN8_PIPE_VBLANK);
    g_assert_cmpuint(rd(h, PIPE_FRMCOUNT(0)), ==, 0);

    /* A timer that fires late accounts for every frame it missed. */
    h->timer_expiry[MVGPU_TIMER_VBLANK_B] = 0;
    h->now_ns += 10 * FRAME_NS + 1;
    mvgpu_core_timer_expired(h->core, MVGPU_TIMER_VBLANK_B);
    g_assert_cmpuint(rd(h, PIPE_FRMCOUNT(1)), ==, 70);

    /* Disable: state clears, the timer stops. */
    wr(h, TRANSCONF(1), 0);
    g_assert_cmphex(rd(h, TRANSCONF(1)), ==, 0);
    g_assert_cmpuint(h->timer_expiry[MVGPU_TIMER_VBLANK_B], ==, 0);
    fake_host_free(h);
}

/*
 * A DP mode as i915 programs it on pipe @pipe for the monitor on port D:
 * timings, link M/N for @dot_khz at the port clock of DPLL1 at 1350 (2.7
 * GHz, 270000 kHz), with i915's constant link N (DP_LINK_CONSTANT_N_VALUE).
 */
static void program_dp_mode(FakeHost *h, unsigned pipe, uint32_t htotal,
                            uint32_t vtotal, uint32_t dot_khz)
{
    const uint32_t n = 0x80000;

    wr(h, TRANS_HTOTAL(pipe), (htotal - 1) << 16 | (1280 - 1));
    wr(h, TRANS_VTOTAL(pipe), (vtotal - 1) << 16 | (800 - 1));
    wr(h, TRANS_LINK_M1(pipe), (uint32_t)((uint64_t)dot_khz * n / 270000));
    wr(h, TRANS_LINK_N1(pipe), n);
    wr(h, TRANS_DDI_FUNC_CTL(pipe), 1u << 31 | 3u << TRANS_DDI_PORT_SHIFT);
    wr(h, DPLL_CTRL1, 1u << DPLL_CTRL1_LINK_RATE_SHIFT(1) | 1u << 6);
    wr(h, DPLL_CTRL2, DPLL_CTRL2_DDI_SEL_OVERRIDE(3) |
                      1u << DPLL_CTRL2_DDI_CLK_SEL_SHIFT(3));
}

/* Vblank follows the mode: the monitor's 1280x800 at 75 Hz, then 1080p60. */
static void test_vblank_from_mode(void)
{
    FakeHost *h = fake_host_new();
    /* htotal x vtotal x 1e6 / dot clock (kHz), the dot clock as M/N gives */
    const uint64_t f75 = 1728ull * 828 * 1000000 / 107299;
    const uint64_t f60 = 2200ull * 1125 * 1000000 / 148499;

    enable_vblank_irq(h, 0, GEN8_PIPE_VBLANK);
    program_dp_mode(h, 0, 1728, 828, 107300);
    h->now_ns = 1000;
    wr(h, TRANSCONF(0), TRANSCONF_ENABLE);
    g_assert_cmpuint(h->timer_expiry[MVGPU_TIMER_VBLANK_A], ==, 1000 + f75);
    /* 13.33 ms frames: 74 vblanks in the first second, 149 in two. */
    fake_host_run_until(h, 1000 + 1000000000ull);
    g_assert_cmpuint(rd(h, PIPE_FRMCOUNT(0)), ==, 74);
    fake_host_run_until(h, 1000 + 2000000000ull);
    g_assert_cmpuint(rd(h, PIPE_FRMCOUNT(0)), ==, 149);
    /* The scanline: half a frame in, half of the 828 lines. */
    h->now_ns = 1000 + 149 * f75 + f75 / 2 + 1000;
    g_assert_cmpuint(rd(h, PIPEDSL(0)), ==, 414);

    /* A modeset: pipe off, 1080p60 timings, pipe on. */
    wr(h, TRANSCONF(0), 0);
    program_dp_mode(h, 0, 2200, 1125, 148500);
    wr(h, TRANSCONF(0), TRANSCONF_ENABLE);
    g_assert_cmpuint(h->timer_expiry[MVGPU_TIMER_VBLANK_A], ==,
                     h->now_ns + f60);

    /* No link M/N (the pipe not yet set up as DP): 60 Hz, no complaint. */
    wr(h, TRANSCONF(0), 0);
    wr(h, TRANS_LINK_N1(0), 0);
    wr(h, TRANSCONF(0), TRANSCONF_ENABLE);
    g_assert_cmpuint(h->timer_expiry[MVGPU_TIMER_VBLANK_A], ==,
                     h->now_ns + FRAME_NS);
    g_assert_cmpuint(h->guest_errors, ==, 0);

    /* A mode of 10 kHz frames is refused, logged, and runs at 60 Hz. */
    wr(h, TRANSCONF(0), 0);
    program_dp_mode(h, 0, 100, 100, 148500);
    wr(h, TRANSCONF(0), TRANSCONF_ENABLE);
    g_assert_cmpuint(h->timer_expiry[MVGPU_TIMER_VBLANK_A], ==,
                     h->now_ns + FRAME_NS);
    g_assert_true(fake_host_logged(h, "pipe A: its mode gives"));
    fake_host_free(h);
}

static void test_flip_done(void)
{
    FakeHost *h = fake_host_new();

    enable_vblank_irq(h, 0, GEN8_PIPE_VBLANK | GEN9_PIPE_PLANE1_FLIP_DONE);
    wr(h, TRANSCONF(0), TRANSCONF_ENABLE);
    wr(h, PLANE_SURF(0, 1), 0x00100000);
    g_assert_cmphex(rd(h, PLANE_SURFLIVE(0, 1)), ==, 0x00100000);
    g_assert_cmpuint(rd(h, PIPE_FLIPCOUNT(0)), ==, 1);
    /* Not done before the next vblank... */
    g_assert_cmphex(rd(h, GEN8_DE_PIPE_IIR(0)), ==, 0);
    fake_host_run_until(h, FRAME_NS);
    /* ...done at it, once. */
    g_assert_cmphex(rd(h, GEN8_DE_PIPE_IIR(0)), ==,
                    GEN8_PIPE_VBLANK | GEN9_PIPE_PLANE1_FLIP_DONE);
    wr(h, GEN8_DE_PIPE_IIR(0), 0xffffffff);
    fake_host_run_until(h, 2 * FRAME_NS);
    g_assert_cmphex(rd(h, GEN8_DE_PIPE_IIR(0)), ==, GEN8_PIPE_VBLANK);

    /* Async flips complete at once. */
    wr(h, GEN8_DE_PIPE_IIR(0), 0xffffffff);
    wr(h, PLANE_CTL(0, 1), PLANE_CTL_ENABLE | PLANE_CTL_ASYNC_FLIP);
    wr(h, PLANE_SURF(0, 1), 0x00200000);
    g_assert_cmphex(rd(h, GEN8_DE_PIPE_IIR(0)), ==, GEN9_PIPE_PLANE1_FLIP_DONE);
    fake_host_free(h);
}

/* One AUX transaction on channel @ch; returns the CTL value after it. */
static uint32_t aux(FakeHost *h, unsigned ch, const uint8_t *msg, unsigned size,
                    uint8_t *reply)
{
    uint32_t ctl;

    for (unsigned i = 0; i < 5; i++) {
        uint32_t v = 0;

        for (unsigned b = 0; b < 4; b++) {
            v |= (uint32_t)(4 * i + b < size ? msg[4 * i + b] : 0) << (24 - 8 * b);
        }
        wr(h, DP_AUX_CH_DATA(ch, i), v);
    }
    wr(h, DP_AUX_CH_CTL(ch), (1u << 31) | (1u << 30) | (1u << 28) | (1u << 25) |
       (size << 20) | (5u << 16) | 0x3e);
    ctl = rd(h, DP_AUX_CH_CTL(ch));
    for (unsigned i = 0; reply && i < 20; i++) {
        reply[i] = rd(h, DP_AUX_CH_DATA(ch, i / 4)) >> (24 - 8 * (i % 4));
    }
    return ctl;
}

#define AUX_SIZE(ctl) (((ctl) >> 20) & 0x1f)

static void test_aux_dpcd(void)
{
    FakeHost *h = fake_host_new();
    const uint8_t read_caps[] = { 0x90, 0x00, 0x00, 15 };
    const uint8_t read_status[] = { 0x90, 0x02, 0x02, 2 };
    const uint8_t write_train[] = { 0x80, 0x01, 0x02, 0, 0x21 };
    const uint8_t read_train[] = { 0x90, 0x01, 0x02, 0 };
    uint8_t r[20];
    uint32_t ctl;

    ctl = aux(h, 3, read_caps, 4, r);
    g_assert_cmphex(ctl & 0xf0000000, ==, 1u << 30);    /* DONE, not busy */
    g_assert_cmpuint(AUX_SIZE(ctl), ==, 17);
    g_assert_cmphex(r[0], ==, 0x00);                    /* ACK */
    g_assert_cmphex(r[1], ==, 0x12);
    g_assert_cmphex(r[2], ==, 0x14);
    g_assert_cmphex(r[3], ==, 0x84);
    /* The control bits the guest chose are kept. */
    g_assert_cmphex(ctl & 0xfffff, ==, (5u << 16) | 0x3e);

    ctl = aux(h, 3, read_status, 4, r);
    g_assert_cmphex(r[1], ==, 0x77);
    g_assert_cmphex(r[2], ==, 0x77);
    g_assert_cmphex(r[3], ==, 0x01);
    g_assert_cmpuint(AUX_SIZE(ctl), ==, 4);

    ctl = aux(h, 3, write_train, 5, r);
    g_assert_cmpuint(AUX_SIZE(ctl), ==, 1);
    g_assert_cmphex(r[0], ==, 0x00);
    aux(h, 3, read_train, 4, r);
    g_assert_cmphex(r[1], ==, 0x21);

    /* Nothing on AUX A. */
    ctl = aux(h, 0, read_caps, 4, r);
    g_assert_cmphex(ctl & ((1u << 30) | (1u << 28)), ==, (1u << 30) | (1u << 28));

    /* A bad message size is a receive error, reported. */
    ctl = aux(h, 3, read_caps, 2, r);
    g_assert_cmphex(ctl & (1u << 25), ==, 1u << 25);
    g_assert_true(fake_host_logged(h, "message size 2"));
    fake_host_free(h);
}

static void test_aux_edid(void)
{
    FakeHost *h = fake_host_new();
    const uint8_t start[] = { 0x40, 0x00, 0x50 };           /* write, MOT */
    const uint8_t offset0[] = { 0x40, 0x00, 0x50, 0, 0x00 };
    const uint8_t read16[] = { 0x50, 0x00, 0x50, 15 };      /* read, MOT */
    const uint8_t stop[] = { 0x10, 0x00, 0x50 };
    const uint8_t other[] = { 0x50, 0x00, 0x37, 0 };
    uint8_t edid[32], r[20];
    uint32_t ctl;

    aux(h, 3, start, 3, r);
    g_assert_cmphex(r[0], ==, 0x00);
    aux(h, 3, offset0, 5, r);
    for (int blk = 0; blk < 2; blk++) {
        ctl = aux(h, 3, read16, 4, r);
        g_assert_cmpuint(AUX_SIZE(ctl), ==, 17);
        g_assert_cmphex(r[0], ==, 0x00);
        memcpy(edid + 16 * blk, r + 1, 16);
    }
    aux(h, 3, stop, 3, r);
    /* The fake host's EDID: header, then 1280x800. */
    g_assert_cmphex(edid[0], ==, 0x00);
    g_assert_cmphex(edid[1], ==, 0xff);
    g_assert_cmphex(edid[8] << 8 | edid[9], ==, 1280);
    g_assert_cmphex(edid[10] << 8 | edid[11], ==, 800);
    g_assert_cmphex(edid[31], ==, 0xee);

    /* Another slave NACKs. */
    aux(h, 3, other, 4, r);
    g_assert_cmphex(r[0], ==, 0x40);
    fake_host_free(h);
}

static void test_aux_interrupt(void)
{
    FakeHost *h = fake_host_new();
    const uint8_t read_caps[] = { 0x90, 0x00, 0x00, 0 };

    wr(h, GEN8_DE_PORT_IMR, ~GEN9_AUX_CHANNEL_D);
    wr(h, GEN8_DE_PORT_IER, GEN9_AUX_CHANNEL_D);
    wr(h, GEN8_MASTER_IRQ, GEN8_MASTER_IRQ_CONTROL);
    for (unsigned i = 0; i < 5; i++) {
        wr(h, DP_AUX_CH_DATA(3, i), i ? 0 : 0x90000000);
    }
    wr(h, DP_AUX_CH_CTL(3), (1u << 31) | (1u << 29) | (4u << 20));
    g_assert_cmphex(rd(h, GEN8_DE_PORT_IIR), ==, GEN9_AUX_CHANNEL_D);
    g_assert_cmpuint(h->msis, ==, 1);
    (void)read_caps;
    fake_host_free(h);
}

static void test_gmbus_nak(void)
{
    FakeHost *h = fake_host_new();

    wr(h, GMBUS0, 6);                                   /* port D pins */
    wr(h, GMBUS1, GMBUS_SW_RDY | (1u << 25) | (128u << 16) | (0x50 << 1) | 1);
    g_assert_cmphex(rd(h, GMBUS2) & GMBUS_SATOER, ==, GMBUS_SATOER);
    g_assert_cmphex(rd(h, GMBUS2) & GMBUS_ACTIVE, ==, 0);
    wr(h, GMBUS1, GMBUS_SW_CLR_INT);
    wr(h, GMBUS1, 0);
    g_assert_cmphex(rd(h, GMBUS2) & GMBUS_SATOER, ==, 0);
    fake_host_free(h);
}

static void test_hotplug(void)
{
    FakeHost *h = fake_host_new();
    const uint8_t offset0[] = { 0x40, 0x00, 0x50, 0, 0x00 };
    const uint8_t read16[] = { 0x50, 0x00, 0x50, 15 };
    uint8_t r[20];
    unsigned before = h->edids_generated;

    wr(h, SDEIMR, ~SDE_PORTD_HOTPLUG_CPT);
    wr(h, SDEIER, SDE_PORTD_HOTPLUG_CPT);
    wr(h, GEN8_MASTER_IRQ, GEN8_MASTER_IRQ_CONTROL);

    /* Same mode: nothing happens. */
    mvgpu_core_set_monitor_mode(h->core, 1280, 800);
    g_assert_cmpuint(h->msis, ==, 0);
    g_assert_cmpuint(h->edids_generated, ==, before);

    mvgpu_core_set_monitor_mode(h->core, 1920, 1080);
    g_assert_cmpuint(h->edids_generated, ==, before + 1);
    g_assert_cmphex(rd(h, SDEIIR), ==, SDE_PORTD_HOTPLUG_CPT);
    g_assert_cmphex(rd(h, PCH_PORT_HOTPLUG) & (3u << 16), ==,
                    PORTD_HOTPLUG_LONG_DETECT);
    g_assert_cmpuint(h->msis, ==, 1);
    /* The guest acks the status by writing it back. */
    wr(h, PCH_PORT_HOTPLUG, rd(h, PCH_PORT_HOTPLUG));
    g_assert_cmphex(rd(h, PCH_PORT_HOTPLUG) & (3u << 16), ==, 0);
    /* The new EDID is what AUX serves. */
    aux(h, 3, offset0, 5, r);
    aux(h, 3, read16, 4, r);
    g_assert_cmpuint(r[1 + 8] << 8 | r[1 + 9], ==, 1920);
    g_assert_cmpuint(r[1 + 10] << 8 | r[1 + 11], ==, 1080);

    /* Requests beyond what the monitor lists are clamped. */
    mvgpu_core_set_monitor_mode(h->core, 10000, 100);
    aux(h, 3, offset0, 5, r);
    aux(h, 3, read16, 4, r);
    g_assert_cmpuint(r[1 + 8] << 8 | r[1 + 9], ==, 4096);
    g_assert_cmpuint(r[1 + 10] << 8 | r[1 + 11], ==, 480);
    fake_host_free(h);
}

static void test_pcode(void)
{
    FakeHost *h = fake_host_new();

    wr(h, GEN6_PCODE_DATA, 3);      /* PREPARE_FOR_CHANGE */
    wr(h, GEN6_PCODE_MAILBOX, PCODE_READY | SKL_PCODE_CDCLK_CONTROL);
    /* READY clears and the low byte holds the status: 0, success. */
    g_assert_cmphex(rd(h, GEN6_PCODE_MAILBOX), ==, 0);
    g_assert_cmphex(rd(h, GEN6_PCODE_DATA), ==, SKL_CDCLK_READY_FOR_CHANGE);

    wr(h, GEN6_PCODE_DATA, 0);
    wr(h, GEN6_PCODE_MAILBOX, PCODE_READY | GEN9_PCODE_READ_MEM_LATENCY);
    g_assert_cmphex(rd(h, GEN6_PCODE_DATA), ==, 0x1e1a1100);
    wr(h, GEN6_PCODE_DATA, 1);
    wr(h, GEN6_PCODE_MAILBOX, PCODE_READY | GEN9_PCODE_READ_MEM_LATENCY);
    g_assert_cmphex(rd(h, GEN6_PCODE_DATA), ==, 0x61514b3d);

    /* Unknown commands complete without error and leave the data. */
    wr(h, GEN6_PCODE_DATA, 0x55);
    wr(h, GEN6_PCODE_MAILBOX, PCODE_READY | 0x21);
    g_assert_cmphex(rd(h, GEN6_PCODE_MAILBOX) & (PCODE_READY | 0xff), ==, 0);
    g_assert_cmphex(rd(h, GEN6_PCODE_DATA), ==, 0x55);
    fake_host_free(h);
}

static void test_engine_reset_handshakes(void)
{
    FakeHost *h = fake_host_new();
    uint32_t reset_ctl = BCS_BASE + RING_RESET_CTL;

    wr(h, reset_ctl, (RESET_CTL_REQUEST << 16) | RESET_CTL_REQUEST);
    g_assert_cmphex(rd(h, reset_ctl), ==, RESET_CTL_REQUEST | RESET_CTL_READY);
    wr(h, reset_ctl, RESET_CTL_REQUEST << 16);
    g_assert_cmphex(rd(h, reset_ctl), ==, 0);
    /* READY cannot be set by the guest. */
    wr(h, reset_ctl, (RESET_CTL_READY << 16) | RESET_CTL_READY);
    g_assert_cmphex(rd(h, reset_ctl), ==, 0);

    wr(h, GEN8_RTCR + 12, 1);       /* BCS TLB invalidation */
    g_assert_cmphex(rd(h, GEN8_RTCR + 12), ==, 0);
    fake_host_free(h);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/mvgpu/display/power-wells", test_power_wells);
    g_test_add_func("/mvgpu/display/plls", test_plls);
    g_test_add_func("/mvgpu/display/ddi-and-link", test_ddi_and_link);
    g_test_add_func("/mvgpu/display/pipe-and-vblank", test_pipe_and_vblank);
    g_test_add_func("/mvgpu/display/vblank-from-mode", test_vblank_from_mode);
    g_test_add_func("/mvgpu/display/flip-done", test_flip_done);
    g_test_add_func("/mvgpu/display/aux-dpcd", test_aux_dpcd);
    g_test_add_func("/mvgpu/display/aux-edid", test_aux_edid);
    g_test_add_func("/mvgpu/display/aux-interrupt", test_aux_interrupt);
    g_test_add_func("/mvgpu/display/gmbus-nak", test_gmbus_nak);
    g_test_add_func("/mvgpu/display/hotplug", test_hotplug);
    g_test_add_func("/mvgpu/gt/pcode", test_pcode);
    g_test_add_func("/mvgpu/gt/engine-reset-handshakes",
                    test_engine_reset_handshakes);
    return g_test_run();
}
