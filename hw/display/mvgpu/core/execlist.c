/*
 * mvgpu core: execlist submission.
 *
 * The guest writes two context descriptors to an engine's ELSP. An idle
 * engine takes them at once (CSB: idle to active) and runs them over
 * time, in slices from the engine's timer, through the backend
 * (backend.h); the vCPUs, the display and MMIO go on between slices. A
 * submission written while the engine runs is handled as Gen9 hardware
 * and GVT-g (Linux drivers/gpu/drm/i915/gvt/execlist.c,
 * emulate_execlist_schedule_in()) do:
 *  - if its element 0 is the context running now (the running element 0
 *    with no element 1, or element 1 once element 0 is done), it is a
 *    lite restore: the context keeps running towards the new TAIL from
 *    its image, and the CSB says preempted + lite restore;
 *  - otherwise it waits until the running submission completes, then
 *    starts (CSB: active to idle, then idle to active).
 * i915 in vGPU mode never preempts one context by another (no preemption,
 * timeslicing or semaphores: see intel_execlists_submission.c,
 * logical_ring_default_vfuncs() and intel_vgpu_active() callers), so a
 * waiting submission does not interrupt the running one.
 *
 * A context carries its engine state with it: every register user batches
 * may load (GPRs, predicates, statistics, BCS_SWCTRL, ...) is saved into
 * the image when the context completes and loaded when it starts, so what
 * one context loads never leaks into another (IGT's gem_ctx_isolation
 * leaves BCS_SWCTRL's Y bits set in a context it destroys; gem_blits then
 * ran X-tiled copies as Y), as the hardware's context image keeps them.
 *
 * On completion HEAD goes back into the image and the ring registers,
 * then the user interrupt, the CSB entries in the HWSP and the
 * context-switch interrupt, in the order i915's process_csb() expects. A
 * context that breaks a rule (a command the audit refuses, memory that is
 * not RAM) stops its engine: no completion, as on hardware; the guest's
 * hang detection resets the engine through GDRST. An endless context is
 * not broken: it runs, a slice at a time, until that reset.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "internal.h"
#include "engine.h"
#include "bytes.h"
#include "cmd.h"
#include "cmd-regs.h"
#include "gen9-regs.h"
#include "irq.h"

static uint32_t ereg(MvgpuEngineId id, uint32_t reg)
{
    return mvgpu_engines[id].base + reg;
}

static void engine_irq(MvgpuCore *c, MvgpuEngineId id, uint32_t bits)
{
    mvgpu_irq_raise(c, mvgpu_engines[id].irq_bank,
                    bits << mvgpu_engines[id].irq_shift);
}

static void arm(MvgpuCore *c, MvgpuEngineId id, uint64_t delay_ns)
{
    mvgpu_timer_arm(c, MVGPU_TIMER_ENGINE_RCS + id, mvgpu_now_ns(c) + delay_ns);
}

static bool desc_valid(uint64_t desc)
{
    return desc & MVGPU_DESC_VALID;
}

/* The same context: the same image and the same id (GVT-g's same_context()). */
static bool same_context(uint64_t a, uint64_t b)
{
    return desc_valid(a) && desc_valid(b) &&
           (a & MVGPU_DESC_LRCA_MASK) == (b & MVGPU_DESC_LRCA_MASK) &&
           a >> MVGPU_DESC_CTX_ID_SHIFT == b >> MVGPU_DESC_CTX_ID_SHIFT;
}

/* ---- the context image, through the GGTT */

static bool ggtt_rw(MvgpuCore *c, uint64_t gma, void *buf, uint32_t len,
                    bool write)
{
    uint64_t gpa;

    /* Image slots and CSB entries never cross a page. */
    return mvgpu_ggtt_translate(c, gma, &gpa) &&
           (write ? c->host.mem_write(c->host.opaque, gpa, buf, len)
                  : c->host.mem_read(c->host.opaque, gpa, buf, len));
}

static bool ctx_read(MvgpuCore *c, uint64_t lrca, unsigned slot, uint32_t *v)
{
    uint8_t b[4];

    if (!ggtt_rw(c, lrca + MVGPU_CTX_STATE_PAGE + 4 * slot, b, 4, false)) {
        return false;
    }
    *v = mvgpu_le_load(b, 4);
    return true;
}

static bool ctx_write(MvgpuCore *c, uint64_t lrca, unsigned slot, uint32_t v)
{
    uint8_t b[4];

    mvgpu_le_store(b, v, 4);
    return ggtt_rw(c, lrca + MVGPU_CTX_STATE_PAGE + 4 * slot, b, 4, true);
}

/*
 * Per engine, the registers a context carries: each dword the register
 * table lets user batches write on that engine, in table order.
 */
typedef struct CtxRegs {
    uint32_t reg[MVGPU_CTX_ENGINE_REGS_MAX];
    unsigned n;
} CtxRegs;

static gpointer ctx_regs_build(gpointer data)
{
    CtxRegs *cr = g_new0(CtxRegs, MVGPU_NENGINES);

    for (unsigned e = 0; e < MVGPU_NENGINES; e++) {
        for (size_t i = 0; i < mvgpu_cmd_regs_len; i++) {
            const MvgpuCmdReg *r = &mvgpu_cmd_regs[i];
            uint32_t base = r->per_engine ? mvgpu_engines[e].base : 0;

            if (!(r->engines & (1u << e)) || r->access != MVGPU_CMD_REG_USER) {
                continue;
            }
            for (unsigned d = 0; d < r->dwords; d++) {
                g_assert(cr[e].n < MVGPU_CTX_ENGINE_REGS_MAX);
                cr[e].reg[cr[e].n++] = base + r->offset + 4 * d;
            }
        }
    }
    return cr;
}

static const CtxRegs *ctx_regs(MvgpuEngineId id)
{
    static GOnce once = G_ONCE_INIT;

    return &((const CtxRegs *)g_once(&once, ctx_regs_build, NULL))[id];
}

static uint64_t ctx_regs_gma(uint64_t lrca)
{
    return lrca + MVGPU_CTX_STATE_PAGE + 4 * MVGPU_CTX_ENGINE_REGS;
}

/*
 * A context starts: its saved engine registers are loaded, unless the
 * image asks not to be restored (i915's first context, before it has a
 * default image) or the device never saved it; the registers then keep
 * their values.
 */
static void ctx_load_regs(MvgpuCore *c, MvgpuEngineId id, uint64_t lrca)
{
    const CtxRegs *cr = ctx_regs(id);
    uint8_t b[4 * (MVGPU_CTX_ENGINE_REGS_MAX + 1)];
    uint32_t ctl;

    if (!ctx_read(c, lrca, MVGPU_CTX_CONTEXT_CONTROL, &ctl) ||
        (ctl & MVGPU_CTX_RESTORE_INHIBIT) ||
        !ggtt_rw(c, ctx_regs_gma(lrca), b, 4 * (cr->n + 1), false) ||
        mvgpu_le_load(b, 4) != (MVGPU_CTX_SAVED | cr->n)) {
        return;
    }
    for (unsigned i = 0; i < cr->n; i++) {
        mvgpu_reg_set(c, cr->reg[i], mvgpu_le_load(b + 4 * (i + 1), 4));
    }
}

/* A context completes: its engine registers go into its image. */
static void ctx_save_regs(MvgpuCore *c, MvgpuEngineId id, uint64_t lrca)
{
    const CtxRegs *cr = ctx_regs(id);
    uint8_t b[4 * (MVGPU_CTX_ENGINE_REGS_MAX + 1)];

    mvgpu_le_store(b, MVGPU_CTX_SAVED | cr->n, 4);
    for (unsigned i = 0; i < cr->n; i++) {
        mvgpu_le_store(b + 4 * (i + 1), mvgpu_reg_get(c, cr->reg[i]), 4);
    }
    ggtt_rw(c, ctx_regs_gma(lrca), b, 4 * (cr->n + 1), true);
}

/* What the image says about the context @desc; false if it is not RAM. */
static bool ctx_info(MvgpuCore *c, MvgpuEngineId id, uint64_t desc,
                     MvgpuCtxInfo *ci, uint32_t *ctl)
{
    uint64_t lrca = desc & MVGPU_DESC_LRCA_MASK;
    uint32_t head, tail, start, udw, ldw;

    if (!ctx_read(c, lrca, MVGPU_CTX_RING_HEAD, &head) ||
        !ctx_read(c, lrca, MVGPU_CTX_RING_TAIL, &tail) ||
        !ctx_read(c, lrca, MVGPU_CTX_RING_START, &start) ||
        !ctx_read(c, lrca, MVGPU_CTX_RING_CTL, ctl) ||
        !ctx_read(c, lrca, MVGPU_CTX_PDP0_UDW, &udw) ||
        !ctx_read(c, lrca, MVGPU_CTX_PDP0_LDW, &ldw)) {
        return false;
    }
    *ci = (MvgpuCtxInfo) {
        .engine = id, .lrca = lrca, .pml4 = (uint64_t)udw << 32 | ldw,
        .ring_start = start & ~0xfffu,
        .ring_size = (*ctl & MVGPU_RING_CTL_SIZE_MASK) + 4096,
        .head = head & MVGPU_RING_HEAD_MASK,
        .tail = tail & MVGPU_RING_TAIL_MASK,
    };
    return true;
}

/* ---- the CSB */

/* One CSB entry into the HWSP and the MMIO copy, pointer last. */
static void csb_write(MvgpuCore *c, MvgpuEngineId id, uint32_t status,
                      uint32_t ctx_id)
{
    MvgpuEngine *e = &c->engines[id];
    uint64_t hwsp = mvgpu_reg_get(c, ereg(id, RING_HWS_PGA)) & ~0xfffull;
    uint8_t slot = e->csb_write >= MVGPU_CSB_ENTRIES ? 0
                   : (e->csb_write + 1) % MVGPU_CSB_ENTRIES;
    uint8_t entry[8], ptr[4];
    uint32_t reg;

    e->csb_write = slot;
    e->csb_event = true;
    mvgpu_trace(c, MVGPU_TRACE_CSB, id, slot, (uint64_t)ctx_id << 32 | status);
    mvgpu_reg_set(c, ereg(id, RING_CSB_BASE + 8 * slot), status);
    mvgpu_reg_set(c, ereg(id, RING_CSB_BASE + 8 * slot + 4), ctx_id);
    mvgpu_le_store(entry, (uint64_t)ctx_id << 32 | status, 8);
    mvgpu_le_store(ptr, slot, 4);
    if (!ggtt_rw(c, hwsp + MVGPU_HWSP_CSB + 8 * slot, entry, 8, true) ||
        !ggtt_rw(c, hwsp + MVGPU_HWSP_CSB_WRITE_PTR, ptr, 4, true)) {
        mvgpu_guest_error(c, "%s: status page at GGTT 0x%" G_GINT64_MODIFIER
                          "x is not guest RAM", mvgpu_engines[id].name, hwsp);
    }
    reg = mvgpu_reg_get(c, ereg(id, RING_CONTEXT_STATUS_PTR));
    mvgpu_reg_set(c, ereg(id, RING_CONTEXT_STATUS_PTR), (reg & ~7u) | slot);
}

static void csb_flush_irq(MvgpuCore *c, MvgpuEngineId id)
{
    MvgpuEngine *e = &c->engines[id];

    if (e->csb_event) {
        e->csb_event = false;
        engine_irq(c, id, GT_CONTEXT_SWITCH_INTERRUPT);
    }
}

/*
 * RING_EXECLIST_STATUS_HI: the context id (descriptor bits 63:32) of the
 * element on the engine, 0 when idle. i915's reset reads it to find the
 * request to blame (intel_execlists_submission.c, execlists_reset_active()
 * via active_ccid()).
 */
static void status_update(MvgpuCore *c, MvgpuEngineId id)
{
    MvgpuEngine *e = &c->engines[id];

    mvgpu_reg_set(c, ereg(id, RING_EXECLIST_STATUS_HI),
                  e->busy ? e->running[e->element] >> MVGPU_DESC_CTX_ID_SHIFT
                          : 0);
}

/* ---- running */

static void free_run(MvgpuCore *c, MvgpuEngine *e)
{
    if (e->run) {
        c->backend->ctx_free(e->run);
        e->run = NULL;
    }
}

/* The context broke a rule: it stays active and never completes. */
static void hang(MvgpuCore *c, MvgpuEngineId id, const char *why,
                 uint64_t addr)
{
    MvgpuEngine *e = &c->engines[id];

    mvgpu_guest_error(c, "%s: context 0x%" G_GINT64_MODIFIER "x hangs the "
                      "engine: %s at 0x%" G_GINT64_MODIFIER "x; waiting for "
                      "the guest to reset it", mvgpu_engines[id].name,
                      (uint64_t)(e->running[e->element] & MVGPU_DESC_LRCA_MASK),
                      why, addr);
    mvgpu_trace(c, MVGPU_TRACE_HANG, id,
                e->running[e->element] & MVGPU_DESC_LRCA_MASK, addr);
    free_run(c, e);
    e->hung = true;
    e->stats.hangs++;
}

/* Takes @desc as the running submission: CSB idle to active. */
static void begin(MvgpuCore *c, MvgpuEngineId id, const uint64_t desc[2])
{
    MvgpuEngine *e = &c->engines[id];

    e->running[0] = desc[0];
    e->running[1] = desc_valid(desc[1]) ? desc[1] : 0;
    e->element = 0;
    e->busy = true;
    status_update(c, id);
    csb_write(c, id, CSB_IDLE_TO_ACTIVE, 0);
    arm(c, id, 0);
}

/* HEAD reached TAIL in the running element. */
static void complete(MvgpuCore *c, MvgpuEngineId id, uint32_t head)
{
    MvgpuEngine *e = &c->engines[id];
    uint64_t desc = e->running[e->element];
    uint64_t lrca = desc & MVGPU_DESC_LRCA_MASK;

    free_run(c, e);
    mvgpu_trace(c, MVGPU_TRACE_DONE, id, lrca, head);
    ctx_write(c, lrca, MVGPU_CTX_RING_HEAD, head);
    ctx_save_regs(c, id, lrca);
    mvgpu_reg_set(c, ereg(id, RING_HEAD), head);
    mvgpu_reg_set(c, ereg(id, RING_TAIL), head);
    e->stats.workloads++;
    if (e->element == 0 && e->running[1]) {
        csb_write(c, id, CSB_CONTEXT_COMPLETE | CSB_ELEMENT_SWITCH,
                  desc >> MVGPU_DESC_CTX_ID_SHIFT);
        e->element = 1;
        status_update(c, id);
        return;
    }
    csb_write(c, id, CSB_CONTEXT_COMPLETE | CSB_ACTIVE_TO_IDLE,
              desc >> MVGPU_DESC_CTX_ID_SHIFT);
    e->busy = false;
    e->running[0] = e->running[1] = 0;
    status_update(c, id);
    if (e->pending[0]) {
        uint64_t next[2] = { e->pending[0], e->pending[1] };

        e->pending[0] = e->pending[1] = 0;
        begin(c, id, next);
    }
}

/* Starts the backend on the running element; false if the engine hangs. */
static bool start(MvgpuCore *c, MvgpuEngineId id)
{
    MvgpuEngine *e = &c->engines[id];
    uint64_t desc = e->running[e->element];
    MvgpuCtxInfo ci;
    const char *why = NULL;
    uint32_t ctl;

    if (!ctx_info(c, id, desc, &ci, &ctl)) {
        hang(c, id, "context image that is not guest RAM",
             desc & MVGPU_DESC_LRCA_MASK);
        return false;
    }
    if (ci.head >= ci.ring_size || ci.tail >= ci.ring_size) {
        hang(c, id, "ring HEAD or TAIL beyond the ring", ci.lrca);
        return false;
    }
    mvgpu_reg_set(c, ereg(id, RING_HEAD), ci.head);
    mvgpu_reg_set(c, ereg(id, RING_TAIL), ci.tail);
    mvgpu_reg_set(c, ereg(id, RING_START), ci.ring_start);
    mvgpu_reg_set(c, ereg(id, RING_CTL), ctl);
    ctx_load_regs(c, id, ci.lrca);
    mvgpu_trace(c, MVGPU_TRACE_START, id, ci.lrca,
                (uint64_t)ci.head << 32 | ci.tail);
    e->run = c->backend->ctx_start(c, &ci, &why);
    if (!e->run) {
        hang(c, id, why ? why : "the backend cannot run it", ci.lrca);
        return false;
    }
    return true;
}

void mvgpu_engine_step(MvgpuCore *c, MvgpuEngineId id)
{
    MvgpuEngine *e = &c->engines[id];
    uint32_t left = MVGPU_SLICE_BUDGET;

    while (e->busy && !e->hung) {
        MvgpuSlice slice = { .budget = left, .arbitrate = e->pending[0] != 0 };
        MvgpuRunStatus st;

        if (!e->run && !start(c, id)) {
            break;
        }
        st = c->backend->ctx_run(e->run, &slice);
        e->stats.slices++;
        mvgpu_trace(c, MVGPU_TRACE_SLICE, id, st, slice.head);
        left -= MIN(left, slice.used);
        mvgpu_reg_set(c, ereg(id, RING_HEAD), slice.head);
        mvgpu_reg_set(c, ereg(id, RING_ACTHD), slice.head);
        if (slice.user_interrupt) {
            engine_irq(c, id, GT_RENDER_USER_INTERRUPT);
        }
        if (slice.pipe_control_notify) {
            engine_irq(c, id, GT_RENDER_PIPECTL_NOTIFY);
        }
        if (st == MVGPU_RUN_DONE) {
            complete(c, id, slice.head);
            if (left) {
                continue;
            }
            st = MVGPU_RUN_YIELD;
        }
        switch (st) {
        case MVGPU_RUN_YIELD:
            arm(c, id, MVGPU_SLICE_GAP_NS);
            break;
        case MVGPU_RUN_WAIT:
            arm(c, id, MVGPU_SEMAPHORE_POLL_NS);
            break;
        case MVGPU_RUN_FAULT:
            hang(c, id, slice.error ? slice.error : "fault", slice.error_addr);
            break;
        default:
            break;              /* PENDING: the backend kicks the engine */
        }
        break;
    }
    csb_flush_irq(c, id);
}

void mvgpu_engine_kick(MvgpuCore *c, MvgpuEngineId id)
{
    if (c->worker) {
        mvgpu_worker_post(c, id, false);
    } else {
        arm(c, id, 0);
    }
}

/* ---- submission */

/* A submission while the engine runs: lite restore, or wait (see above). */
static void submit_busy(MvgpuCore *c, MvgpuEngineId id, const uint64_t d[2])
{
    MvgpuEngine *e = &c->engines[id];
    uint64_t now = e->running[e->element];
    bool alone = e->element == 1 || !e->running[1];
    uint32_t tail;

    if (!(alone && same_context(now, d[0]))) {
        if (e->pending[0]) {
            mvgpu_guest_error(c, "%s: ELSP written with a submission already "
                              "waiting; the earlier one is dropped",
                              mvgpu_engines[id].name);
        }
        e->pending[0] = d[0];
        e->pending[1] = desc_valid(d[1]) ? d[1] : 0;
        return;
    }
    e->running[0] = d[0];
    e->running[1] = desc_valid(d[1]) ? d[1] : 0;
    e->element = 0;
    e->stats.lite_restores++;
    status_update(c, id);
    if (e->run && ctx_read(c, d[0] & MVGPU_DESC_LRCA_MASK,
                           MVGPU_CTX_RING_TAIL, &tail)) {
        c->backend->ctx_set_tail(e->run, tail & MVGPU_RING_TAIL_MASK);
        mvgpu_reg_set(c, ereg(id, RING_TAIL), tail & MVGPU_RING_TAIL_MASK);
    }
    csb_write(c, id, CSB_PREEMPTED | CSB_LITE_RESTORE,
              d[0] >> MVGPU_DESC_CTX_ID_SHIFT);
    arm(c, id, 0);
}

/* Four dword writes make one submission: element 1 hi, lo, element 0 hi, lo. */
static void elsp_write(MvgpuCore *c, uint32_t offset, uint32_t raw, uint32_t old)
{
    MvgpuEngineId id = mvgpu_engine_of_reg(offset);
    MvgpuEngine *e = &c->engines[id];
    uint64_t d[2];

    e->elsp[e->elsp_count++] = raw;
    if (e->elsp_count < 4) {
        return;
    }
    e->elsp_count = 0;
    d[0] = (uint64_t)e->elsp[2] << 32 | e->elsp[3];
    d[1] = (uint64_t)e->elsp[0] << 32 | e->elsp[1];
    if (!desc_valid(d[0])) {
        mvgpu_guest_error(c, "%s: ELSP submission without a valid element 0 "
                          "ignored", mvgpu_engines[id].name);
        return;
    }
    mvgpu_trace(c, MVGPU_TRACE_ELSP, id, d[0], d[1]);
    if (e->hung) {
        return;         /* the guest resets the engine first */
    }
    if (e->busy) {
        submit_busy(c, id, d);
    } else {
        begin(c, id, d);
    }
    csb_flush_irq(c, id);
}

/* The guest resets its CSB read and write pointers at engine resume. */
static void csb_ptr_write(MvgpuCore *c, uint32_t offset, uint32_t raw,
                          uint32_t old)
{
    if (raw & (7u << 16)) {
        c->engines[mvgpu_engine_of_reg(offset)].csb_write = raw & 7;
    }
}

void mvgpu_engines_reset(MvgpuCore *c, uint32_t mask)
{
    for (int i = 0; i < MVGPU_NENGINES; i++) {
        if (mask & (1u << 0 | mvgpu_engines[i].gdrst_bit)) {
            MvgpuEngine *e = &c->engines[i];
            MvgpuEngineStats stats = e->stats;

            mvgpu_trace(c, MVGPU_TRACE_RESET, i, mask, 0);
            free_run(c, e);
            memset(e, 0, sizeof(*e));
            e->stats = stats;
            e->csb_write = MVGPU_CSB_PTR_RESET;
            status_update(c, i);
            mvgpu_timer_cancel(c, MVGPU_TIMER_ENGINE_RCS + i);
        }
    }
}

#define EXECLIST_REGS(e, base) \
    { .name = e "_ELSP", .offset = (base) + RING_ELSP, .size = 4, \
      .ro_mask = MVGPU_RO_ALL, .write = elsp_write }, \
    { .name = e "_CONTEXT_STATUS_PTR", .offset = (base) + RING_CONTEXT_STATUS_PTR, \
      .size = 4, .flags = MVGPU_REG_MASKED, .write = csb_ptr_write }

static const MvgpuRegDesc execlist_regs[] = {
    EXECLIST_REGS("RCS", RCS_BASE),
    EXECLIST_REGS("VCS0", VCS0_BASE),
    EXECLIST_REGS("VECS", VECS_BASE),
    EXECLIST_REGS("BCS", BCS_BASE),
};

const MvgpuRegTable mvgpu_execlist_regs = MVGPU_REG_TABLE(execlist_regs);
