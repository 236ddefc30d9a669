/*
 * mvgpu core: the display engine. Registers as the Kaby Lake PRM vol. 12
 * (Display) and vol. 2c (Command Reference: Registers) describe them; what
 * the guest waits on is in Linux drivers/gpu/drm/i915/display/
 * (intel_display_power_well.c, intel_cdclk.c, intel_dpll_mgr.c,
 * intel_ddi.c, skl_universal_plane.c); the virtual monitor follows GVT-g
 * (gvt/display.c, gvt/handlers.c).
 *
 * Only registers whose value the guest waits on or that drive scan-out have
 * handlers: power wells and their acks, DBUF, PLL locks, DDI idle state,
 * link-training idle patterns, pipe state, the frame and scanline counters,
 * plane flips. The monitor is a virtual DisplayPort sink on port D; its AUX
 * channel is in dp-aux.c. Vblank comes from a virtual-clock timer per
 * enabled pipe, so it follows the VM's time, paused or stepped.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "internal.h"
#include "display.h"
#include "irq.h"

static MvgpuDisplay *dpy(MvgpuCore *c)
{
    return &c->display;
}

/* Power well requests are the odd bits; each state bit follows its request. */
static void pwr_well_ctl_write(MvgpuCore *c, uint32_t off, uint32_t raw,
                               uint32_t old)
{
    uint32_t req = raw & 0xaaaaaaaa;

    mvgpu_reg_set(c, off, req | (req >> 1));
}

static void dbuf_ctl_write(MvgpuCore *c, uint32_t off, uint32_t raw,
                           uint32_t old)
{
    uint32_t v = raw & ~DBUF_POWER_STATE;

    mvgpu_reg_set(c, off, v | ((raw & DBUF_POWER_REQUEST) ? DBUF_POWER_STATE : 0));
}

/* LCPLL: locked as soon as enabled. */
static void lcpll_write(MvgpuCore *c, uint32_t off, uint32_t raw, uint32_t old)
{
    uint32_t v = raw & ~LCPLL_PLL_LOCK;

    mvgpu_reg_set(c, off, v | ((raw & LCPLL_PLL_ENABLE) ? LCPLL_PLL_LOCK : 0));
}

/* DPLL id -> its enable register; DPLL_STATUS bit 8 * id is its lock. */
static const uint32_t dpll_enable_regs[] = {
    LCPLL1_CTL, LCPLL2_CTL, WRPLL_CTL1, WRPLL_CTL2,
};

static uint32_t dpll_status_read(MvgpuCore *c, uint32_t off)
{
    uint32_t v = 0;

    for (unsigned id = 0; id < G_N_ELEMENTS(dpll_enable_regs); id++) {
        if (mvgpu_reg_get(c, dpll_enable_regs[id]) & LCPLL_PLL_ENABLE) {
            v |= 1u << (8 * id);
        }
    }
    return v;
}

static void ddi_buf_ctl_write(MvgpuCore *c, uint32_t off, uint32_t raw,
                              uint32_t old)
{
    uint32_t v = raw & ~DDI_BUF_IS_IDLE;

    mvgpu_reg_set(c, off, v | ((raw & DDI_BUF_CTL_ENABLE) ? 0 : DDI_BUF_IS_IDLE));
}

/* Selecting the idle pattern is acknowledged at once by DP_TP_STATUS. */
static void dp_tp_ctl_write(MvgpuCore *c, uint32_t off, uint32_t raw,
                            uint32_t old)
{
    uint32_t status = off + (DP_TP_STATUS(0) - DP_TP_CTL(0));
    uint32_t v = mvgpu_reg_get(c, status) & ~DP_TP_STATUS_IDLE_DONE;

    if ((raw & DP_TP_CTL_LINK_TRAIN_MASK) == DP_TP_CTL_LINK_TRAIN_IDLE) {
        v |= DP_TP_STATUS_IDLE_DONE;
    }
    mvgpu_reg_set(c, status, v);
}

/* Transcoder (0x6xxxx) and pipe (0x7xxxx) registers: bits 15:12 are the pipe. */
static unsigned pipe_of(uint32_t off)
{
    return (off >> 12) & 0xf;
}

/*
 * The DP port clock (kHz) for DPLL_CTRL1's link rate field, as i915 reads
 * it back (Linux display/intel_dpll_mgr.c, skl_ddi_lcpll_get_freq(): the
 * field's nominal rate, doubled); 0: a reserved value.
 */
static const uint32_t dp_port_khz[8] = {
    540000, 270000, 162000, 324000, 216000, 432000,
};

/*
 * The frame period of the mode programmed on @pipe's transcoder: htotal x
 * vtotal pixels at the dot clock, which for DP is the port clock times the
 * link M/N ratio (i915's intel_dotclock_calculate()); the port's clock is
 * the DPLL that DPLL_CTRL2 selects for the transcoder's DDI. A mode that
 * does not give one runs at MVGPU_REFRESH_HZ.
 */
static uint64_t mode_frame_ns(MvgpuCore *c, unsigned pipe)
{
    const uint64_t fallback = 1000000000ull / MVGPU_REFRESH_HZ;
    uint32_t htotal = ((mvgpu_reg_get(c, TRANS_HTOTAL(pipe)) >> 16) & 0x1fff) + 1;
    uint32_t vtotal = ((mvgpu_reg_get(c, TRANS_VTOTAL(pipe)) >> 16) & 0x1fff) + 1;
    uint32_t m = mvgpu_reg_get(c, TRANS_LINK_M1(pipe)) & TRANS_LINK_M_N_MASK;
    uint32_t n = mvgpu_reg_get(c, TRANS_LINK_N1(pipe)) & TRANS_LINK_M_N_MASK;
    unsigned port = (mvgpu_reg_get(c, TRANS_DDI_FUNC_CTL(pipe)) >>
                     TRANS_DDI_PORT_SHIFT) & 7;
    uint32_t ctrl1 = mvgpu_reg_get(c, DPLL_CTRL1);
    uint32_t ctrl2 = mvgpu_reg_get(c, DPLL_CTRL2);
    uint64_t dot_khz, ns;
    unsigned id;

    if (port > 4 || !(ctrl2 & DPLL_CTRL2_DDI_SEL_OVERRIDE(port)) ||
        m == 0 || n == 0) {
        return fallback;
    }
    id = (ctrl2 >> DPLL_CTRL2_DDI_CLK_SEL_SHIFT(port)) & 3;
    if (ctrl1 & DPLL_CTRL1_HDMI_MODE(id)) {
        return fallback;            /* an HDMI PLL: no DP port here */
    }
    dot_khz = (uint64_t)m * dp_port_khz[(ctrl1 >>
                                          DPLL_CTRL1_LINK_RATE_SHIFT(id)) & 7] / n;
    if (dot_khz == 0) {
        return fallback;
    }
    ns = (uint64_t)htotal * vtotal * 1000000ull / dot_khz;
    /* Bounded so that a guest's odd mode cannot flood or stop vblanks. */
    if (ns < 1000000ull || ns > 1000000000ull) {
        mvgpu_guest_error(c, "pipe %c: its mode gives a %" G_GUINT64_FORMAT
                          " ns frame; running it at %u Hz", 'A' + pipe, ns,
                          MVGPU_REFRESH_HZ);
        return fallback;
    }
    return ns;
}

static void arm_vblank(MvgpuCore *c, unsigned pipe)
{
    MvgpuPipe *p = &dpy(c)->pipes[pipe];

    mvgpu_timer_arm(c, MVGPU_TIMER_VBLANK_A + pipe,
                    p->frame_start_ns + p->frame_ns);
}

static void pipe_enable(MvgpuCore *c, unsigned pipe, bool on)
{
    MvgpuPipe *p = &dpy(c)->pipes[pipe];

    if (on == p->enabled) {
        return;
    }
    p->enabled = on;
    if (on) {
        p->frame_ns = mode_frame_ns(c, pipe);
        p->frame_start_ns = mvgpu_now_ns(c);
        arm_vblank(c, pipe);
    } else {
        p->pending_flip_done = 0;
        mvgpu_timer_cancel(c, MVGPU_TIMER_VBLANK_A + pipe);
    }
}

/* The pipe runs as soon as it is enabled: state follows enable. */
static void transconf_write(MvgpuCore *c, uint32_t off, uint32_t raw,
                            uint32_t old)
{
    bool on = raw & TRANSCONF_ENABLE;
    uint32_t v = raw & ~TRANSCONF_STATE_ENABLE;

    mvgpu_reg_set(c, off, v | (on ? TRANSCONF_STATE_ENABLE : 0));
    pipe_enable(c, pipe_of(off), on);
}

void mvgpu_display_vblank(MvgpuCore *c, unsigned pipe)
{
    MvgpuDisplay *d = dpy(c);
    MvgpuPipe *p;
    uint64_t now, frames;

    if (pipe >= MVGPU_NPIPES || !d->pipes[pipe].enabled) {
        return;
    }
    p = &d->pipes[pipe];
    now = mvgpu_now_ns(c);
    /* A late timer (a paused or stepped clock) accounts for every frame. */
    frames = now > p->frame_start_ns ? (now - p->frame_start_ns) / p->frame_ns : 0;
    frames = MAX(frames, 1);
    p->frame_start_ns += frames * p->frame_ns;
    p->frame_count += frames;

    if (p->pending_flip_done) {
        uint32_t bits = p->pending_flip_done;

        p->pending_flip_done = 0;
        mvgpu_irq_raise(c, MVGPU_IRQ_DE_PIPE_A + pipe, bits);
    }
    mvgpu_pipe_crc_vblank(c, pipe);
    mvgpu_irq_raise(c, MVGPU_IRQ_DE_PIPE_A + pipe, GEN8_PIPE_VBLANK);
    arm_vblank(c, pipe);
}

static uint32_t frmcount_read(MvgpuCore *c, uint32_t off)
{
    return dpy(c)->pipes[pipe_of(off)].frame_count;
}

/* The scanline moves through the frame with virtual time. */
static uint32_t pipedsl_read(MvgpuCore *c, uint32_t off)
{
    unsigned pipe = pipe_of(off);
    MvgpuPipe *p = &dpy(c)->pipes[pipe];
    uint32_t vtotal = ((mvgpu_reg_get(c, TRANS_VTOTAL(pipe)) >> 16) & 0x1fff) + 1;
    uint64_t into;

    if (!p->enabled) {
        return 0;
    }
    into = (mvgpu_now_ns(c) - p->frame_start_ns) % p->frame_ns;
    return (uint32_t)(into * vtotal / p->frame_ns);
}

/* Writing the surface address latches a flip, done at the next vblank. */
static void plane_surf_write(MvgpuCore *c, uint32_t off, uint32_t raw,
                             uint32_t old)
{
    unsigned pipe = pipe_of(off);
    unsigned plane = ((off - PLANE_SURF(pipe, 1)) / 0x100) + 1;
    uint32_t done = GEN9_PIPE_PLANE1_FLIP_DONE << (plane - 1);

    mvgpu_trace(c, MVGPU_TRACE_FLIP, pipe, plane, raw & ~0xfffu);
    mvgpu_reg_set(c, PLANE_SURFLIVE(pipe, plane), raw & ~0xfffu);
    mvgpu_reg_set(c, PIPE_FLIPCOUNT(pipe),
                  mvgpu_reg_get(c, PIPE_FLIPCOUNT(pipe)) + 1);
    if (mvgpu_reg_get(c, PLANE_CTL(pipe, plane)) & PLANE_CTL_ASYNC_FLIP) {
        mvgpu_irq_raise(c, MVGPU_IRQ_DE_PIPE_A + pipe, done);
    } else if (dpy(c)->pipes[pipe].enabled) {
        dpy(c)->pipes[pipe].pending_flip_done |= done;
    }
}

static void cursor_base_write(MvgpuCore *c, uint32_t off, uint32_t raw,
                              uint32_t old)
{
    unsigned pipe = pipe_of(off);

    mvgpu_reg_set(c, CURSURFLIVE(pipe), raw & ~0xfffu);
}

static void regen_edid(MvgpuCore *c)
{
    MvgpuDisplay *d = dpy(c);

    memset(d->edid, 0, sizeof(d->edid));
    if (c->host.edid_generate) {
        c->host.edid_generate(c->host.opaque, d->edid, sizeof(d->edid),
                              d->xres, d->yres, c->cfg.xmax, c->cfg.ymax);
    }
}

void mvgpu_display_set_mode(MvgpuCore *c, uint32_t xres, uint32_t yres)
{
    MvgpuDisplay *d = dpy(c);

    xres = CLAMP(xres, MVGPU_MODE_MIN_X, c->cfg.xmax);
    yres = CLAMP(yres, MVGPU_MODE_MIN_Y, c->cfg.ymax);
    if (xres == d->xres && yres == d->yres) {
        return;
    }
    d->xres = xres;
    d->yres = yres;
    regen_edid(c);
    /* A long pulse on port D: the guest re-reads DPCD and EDID. */
    mvgpu_trace(c, MVGPU_TRACE_HOTPLUG, 0, 'D', 1);
    mvgpu_reg_set(c, PCH_PORT_HOTPLUG,
                  mvgpu_reg_get(c, PCH_PORT_HOTPLUG) | PORTD_HOTPLUG_LONG_DETECT);
    mvgpu_irq_raise(c, MVGPU_IRQ_SDE, SDE_PORTD_HOTPLUG_CPT);
}

void mvgpu_display_init(MvgpuCore *c)
{
    MvgpuDisplay *d = dpy(c);

    d->xres = c->cfg.xres;
    d->yres = c->cfg.yres;
    regen_edid(c);
}

void mvgpu_display_reset(MvgpuCore *c)
{
    MvgpuDisplay *d = dpy(c);

    for (unsigned p = 0; p < MVGPU_NPIPES; p++) {
        pipe_enable(c, p, false);
        d->pipes[p].frame_count = 0;
    }
    /* The monitor is plugged in: live status on port D. */
    mvgpu_reg_set(c, SDEISR, mvgpu_reg_get(c, SDEISR) | SDE_PORTD_HOTPLUG_CPT);
    mvgpu_dp_aux_reset(c);
}

#define REG MVGPU_REG

#define DDI_PORT_REGS(n, port) \
    REG("DDI_BUF_CTL_" n, DDI_BUF_CTL(port), .reset = DDI_BUF_IS_IDLE, \
        .write = ddi_buf_ctl_write), \
    REG("DP_TP_CTL_" n, DP_TP_CTL(port), .write = dp_tp_ctl_write), \
    REG("DP_TP_STATUS_" n, DP_TP_STATUS(port), \
        .w1c_mask = (3u << 26) | (1u << 24), .ro_mask = DP_TP_STATUS_IDLE_DONE)

#define PLANE_REGS(n, p, pl) \
    REG("PLANE_SURF_" n, PLANE_SURF(p, pl), .flags = MVGPU_REG_GMADR, \
        .write = plane_surf_write), \
    REG("PLANE_SURFLIVE_" n, PLANE_SURFLIVE(p, pl), .ro_mask = MVGPU_RO_ALL)

#define PIPE_REGS(n, p) \
    REG("PIPEDSL_" n, PIPEDSL(p), .ro_mask = MVGPU_RO_ALL, .read = pipedsl_read), \
    REG("TRANSCONF_" n, TRANSCONF(p), .write = transconf_write), \
    REG("PIPE_FRMCOUNT_" n, PIPE_FRMCOUNT(p), .ro_mask = MVGPU_RO_ALL, \
        .read = frmcount_read), \
    REG("PIPE_FLIPCOUNT_" n, PIPE_FLIPCOUNT(p), .ro_mask = MVGPU_RO_ALL), \
    REG("PIPE_CRC_CTL_" n, PIPE_CRC_CTL(p)), \
    REG("PIPE_CRC_RES_1_" n, PIPE_CRC_RES_1(p), .ro_mask = MVGPU_RO_ALL), \
    REG("CURBASE_" n, CURBASE(p), .flags = MVGPU_REG_GMADR, \
        .write = cursor_base_write), \
    REG("CURSURFLIVE_" n, CURSURFLIVE(p), .ro_mask = MVGPU_RO_ALL), \
    PLANE_REGS(n "_1", p, 1), \
    PLANE_REGS(n "_2", p, 2), \
    PLANE_REGS(n "_3", p, 3)

static const MvgpuRegDesc display_regs[] = {
    /* Fuses: all power gates distributed, no pipe or feature fused off. */
    REG("SKL_FUSE_STATUS", SKL_FUSE_STATUS, .ro_mask = MVGPU_RO_ALL,
        .reset = SKL_FUSE_DOWNLOAD_STATUS | SKL_FUSE_PG_DIST_STATUS(0) |
                 SKL_FUSE_PG_DIST_STATUS(1) | SKL_FUSE_PG_DIST_STATUS(2)),
    REG("SKL_DFSM", SKL_DFSM, .ro_mask = MVGPU_RO_ALL),
    REG("SFUSE_STRAP", SFUSE_STRAP, .ro_mask = MVGPU_RO_ALL,
        .reset = SFUSE_STRAP_DDID_DETECTED),

    /* Other requesters (BIOS, KVMR, debug) only store; state is in CTL2. */
    REG("HSW_PWR_WELL_CTL1", HSW_PWR_WELL_CTL1),
    REG("HSW_PWR_WELL_CTL2", HSW_PWR_WELL_CTL2, .write = pwr_well_ctl_write),
    REG("HSW_PWR_WELL_CTL3", HSW_PWR_WELL_CTL3),
    REG("HSW_PWR_WELL_CTL4", HSW_PWR_WELL_CTL4),
    REG("DBUF_CTL", DBUF_CTL, .write = dbuf_ctl_write),
    REG("DC_STATE_EN", DC_STATE_EN),
    REG("CDCLK_CTL", CDCLK_CTL),
    REG("LCPLL1_CTL", LCPLL1_CTL, .write = lcpll_write),
    REG("LCPLL2_CTL", LCPLL2_CTL, .write = lcpll_write),
    REG("WRPLL_CTL1", WRPLL_CTL1),
    REG("WRPLL_CTL2", WRPLL_CTL2),
    REG("DPLL_CTRL1", DPLL_CTRL1),
    /* Every DDI clock gated until the guest routes one. */
    REG("DPLL_CTRL2", DPLL_CTRL2, .reset = 0x1fu << 15),
    REG("DPLL_STATUS", DPLL_STATUS, .ro_mask = MVGPU_RO_ALL,
        .read = dpll_status_read),

    DDI_PORT_REGS("A", 0),
    DDI_PORT_REGS("B", 1),
    DDI_PORT_REGS("C", 2),
    DDI_PORT_REGS("D", 3),
    DDI_PORT_REGS("E", 4),

    /* Hotplug status fields (B 1:0, C 9:8, D 17:16) are write-1-to-clear. */
    REG("PCH_PORT_HOTPLUG", PCH_PORT_HOTPLUG, .w1c_mask = 0x00030303),
    REG("PCH_PORT_HOTPLUG2", PCH_PORT_HOTPLUG2),

    PIPE_REGS("A", 0),
    PIPE_REGS("B", 1),
    PIPE_REGS("C", 2),
};

const MvgpuRegTable mvgpu_display_regs = MVGPU_REG_TABLE(display_regs);
