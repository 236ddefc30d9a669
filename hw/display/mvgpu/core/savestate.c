/*
 * mvgpu core: saving and loading the whole device (savestate.h).
 *
 * A save waits for the engines' worker, so that every engine is between
 * two slices, and copies the state; a context on an engine is parked where
 * its last slice stopped (the backend's ctx_save). A load checks the whole
 * stream against the configuration and the limits the core runs with
 * before it changes anything, then replaces the state, starts each parked
 * context again at its position (the backend's ctx_resume, which audits
 * the ring again from guest memory) and re-arms the timers at their saved
 * virtual-time deadlines. Design: docs/architecture.md, "Saving the
 * device".
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "internal.h"
#include "bytes.h"
#include "lrc.h"
#include "savestate.h"

G_STATIC_ASSERT(MVGPU_SAVED_MAX_ROOTS == MVGPU_MAX_PPGTT_ROOTS);
G_STATIC_ASSERT(MVGPU_SAVED_MAX_DEPTH == MVGPU_BATCH_MAX_DEPTH + 1);
G_STATIC_ASSERT(sizeof(MvgpuEngineStats) == 8 * MVGPU_SAVED_NSTATS);
G_STATIC_ASSERT(MVGPU_SAVED_EDID_SIZE == MVGPU_EDID_SIZE);
G_STATIC_ASSERT(MVGPU_SAVED_DPCD_SIZE == MVGPU_DPCD_SIZE);
G_STATIC_ASSERT(MVGPU_TIMER_COUNT <= 32);

/* A mode's frame period is kept in these bounds (display.c). */
#define FRAME_NS_MIN    1000000ull
#define FRAME_NS_MAX    1000000000ull

void mvgpu_saved_state_clear(MvgpuSavedState *s)
{
    g_free(s->regs);
    g_free(s->ggtt);
    s->regs = s->ggtt = NULL;
    s->regs_bytes = s->ggtt_bytes = 0;
}

static uint32_t backend_id(MvgpuCore *c)
{
    return c->backend == &mvgpu_backend_drm ? MVGPU_SAVED_BACKEND_DRM
                                            : MVGPU_SAVED_BACKEND_SOFT;
}

static const char *backend_name(uint32_t id)
{
    return id == MVGPU_SAVED_BACKEND_DRM ? "drm" :
           id == MVGPU_SAVED_BACKEND_SOFT ? "soft" : "unknown";
}

static gint root_cmp(gconstpointer a, gconstpointer b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

    return x < y ? -1 : x > y;
}

/* ---- save */

static bool save_engine(MvgpuCore *c, MvgpuEngineId id, MvgpuSavedEngine *o,
                        char **msg)
{
    const MvgpuEngine *e = &c->engines[id];
    const MvgpuBlitState *b = &e->blit;
    const char *why = NULL;

    /* Field by field over zeroes: the same state gives the same bytes. */
    memset(o, 0, sizeof(*o));
    o->elsp_count = e->elsp_count;
    o->running[0] = e->running[0];
    o->running[1] = e->running[1];
    o->pending[0] = e->pending[0];
    o->pending[1] = e->pending[1];
    o->element = e->element;
    o->busy = e->busy;
    o->hung = e->hung;
    o->csb_event = e->csb_event;
    o->csb_write = e->csb_write;
    o->blit_valid = b->valid;
    o->blit_br00 = b->br00;
    o->blit_br13 = b->br13;
    o->blit_dst = b->dst;
    o->blit_clip[0] = b->clip_x1;
    o->blit_clip[1] = b->clip_y1;
    o->blit_clip[2] = b->clip_x2;
    o->blit_clip[3] = b->clip_y2;
    o->blit_bg = b->bg;
    o->blit_fg = b->fg;
    o->blit_pat_bg = b->pat_bg;
    o->blit_pat_fg = b->pat_fg;
    o->blit_pat_mono = b->pat_mono;
    o->blit_pat_addr = b->pat_addr;
    o->blit_pat = b->pat;
    memcpy(o->elsp, e->elsp, sizeof(o->elsp));
    memcpy(o->stats, &e->stats, sizeof(o->stats));
    if (!e->run) {
        return true;
    }
    if (!c->backend->ctx_save) {
        *msg = g_strdup_printf("mvgpu: backend %s cannot park the context "
                               "running on %s; let it finish, or use "
                               "backend=soft", c->backend->name,
                               mvgpu_engines[id].name);
        return false;
    }
    if (!c->backend->ctx_save(e->run, &o->run, &why)) {
        *msg = g_strdup_printf("mvgpu: the context on %s cannot be parked: "
                               "%s", mvgpu_engines[id].name, why);
        return false;
    }
    return true;
}

bool mvgpu_core_save_state(MvgpuCore *c, MvgpuSavedState *s, char **msg)
{
    uint32_t n_regs = MVGPU_MMIO_SIZE / 4;
    GHashTableIter it;
    gpointer key;
    uint32_t n = 0;

    /* Every slice handed to the worker has run: the engines are parked. */
    mvgpu_core_drain(c);
    MVGPU_LOCKED(c);

    mvgpu_saved_state_clear(s);
    memset(s, 0, sizeof(*s));
    s->device_id = c->device->id;
    s->aperture_size = c->cfg.aperture_size;
    s->xmax = c->cfg.xmax;
    s->ymax = c->cfg.ymax;
    s->backend = backend_id(c);

    s->regs_bytes = MVGPU_MMIO_SIZE;
    s->regs = g_malloc(s->regs_bytes);
    for (uint32_t i = 0; i < n_regs; i++) {
        mvgpu_le_store(s->regs + 4 * i, c->rf.values[i], 4);
    }
    s->ggtt_bytes = c->ggtt_entries * 8;
    s->ggtt = g_malloc(s->ggtt_bytes);
    for (uint32_t i = 0; i < c->ggtt_entries; i++) {
        mvgpu_le_store(s->ggtt + 8 * i, c->ggtt[i], 8);
    }

    s->pv_notified = c->pv_notified;
    s->g2v_notifications = c->g2v_notifications;
    g_hash_table_iter_init(&it, c->ppgtt_roots);
    while (g_hash_table_iter_next(&it, &key, NULL) &&
           n < MVGPU_SAVED_MAX_ROOTS) {
        s->roots[n++] = GPOINTER_TO_SIZE(key);
    }
    /* Sorted, so that the same state always gives the same bytes. */
    qsort(s->roots, n, sizeof(s->roots[0]), (void *)root_cmp);
    s->nroots = n;
    s->gdrst_count = c->gdrst_count;
    s->msi_count = c->msi_count;

    /* The host knows which timers are still pending; else the core's view. */
    s->timers_armed = c->timers_armed;
    memcpy(s->timer_deadline, c->timer_deadline, sizeof(s->timer_deadline));
    if (c->host.timer_pending) {
        s->timers_armed = 0;
        for (unsigned t = 0; t < MVGPU_TIMER_COUNT; t++) {
            uint64_t at = 0;

            if (c->host.timer_pending(c->host.opaque, t, &at)) {
                s->timers_armed |= 1u << t;
            }
            s->timer_deadline[t] = s->timers_armed & (1u << t) ? at : 0;
        }
    }

    for (unsigned p = 0; p < MVGPU_NPIPES; p++) {
        const MvgpuPipe *pp = &c->display.pipes[p];

        s->pipes[p].enabled = pp->enabled;
        s->pipes[p].frame_ns = pp->frame_ns;
        s->pipes[p].frame_start_ns = pp->frame_start_ns;
        s->pipes[p].frame_count = pp->frame_count;
        s->pipes[p].pending_flip_done = pp->pending_flip_done;
        s->scanout_reported[p] = c->display.scanout_reported[p];
    }
    s->xres = c->display.xres;
    s->yres = c->display.yres;
    memcpy(s->edid, c->display.edid, sizeof(s->edid));
    memcpy(s->dpcd, c->display.dpcd, sizeof(s->dpcd));
    s->i2c_slave = c->display.i2c_slave;
    s->edid_offset = c->display.edid_offset;

    for (unsigned i = 0; i < MVGPU_NENGINES; i++) {
        if (!save_engine(c, i, &s->engines[i], msg)) {
            mvgpu_saved_state_clear(s);
            return false;
        }
    }
    return true;
}

/* ---- load: checks first */

#define REFUSE(...) \
    do { \
        *msg = g_strdup_printf("mvgpu: migration stream refused: " \
                               __VA_ARGS__); \
        return false; \
    } while (0)

bool mvgpu_core_check_saved_config(MvgpuCore *c, const MvgpuSavedState *s,
                                   char **msg)
{
    const char *what = "use the source's settings on the destination";

    if (s->device_id != c->device->id) {
        REFUSE("the source has device-id=0x%04x, this device 0x%04x; %s",
               s->device_id, c->device->id, what);
    }
    if (s->aperture_size != c->cfg.aperture_size) {
        REFUSE("the source has aperture-size=%" G_GUINT64_FORMAT
               " bytes, this device %" G_GUINT64_FORMAT "; %s",
               s->aperture_size, c->cfg.aperture_size, what);
    }
    if (s->xmax != c->cfg.xmax || s->ymax != c->cfg.ymax) {
        REFUSE("the source's monitor lists modes up to %ux%u (xmax, ymax), "
               "this one up to %ux%u; %s", s->xmax, s->ymax, c->cfg.xmax,
               c->cfg.ymax, what);
    }
    if (s->backend != backend_id(c)) {
        REFUSE("the source runs backend=%s, this device backend=%s; %s",
               backend_name(s->backend), c->backend->name, what);
    }
    return true;
}

static bool check_run(MvgpuCore *c, MvgpuEngineId id,
                      const MvgpuSavedEngine *e, char **msg)
{
    const MvgpuSavedRun *r = &e->run;
    const char *name = mvgpu_engines[id].name;

    if (!e->busy || e->hung) {
        REFUSE("%s has a running context but is %s", name,
               e->hung ? "hung" : "idle");
    }
    if (r->lrca != (e->running[e->element] & MVGPU_DESC_LRCA_MASK)) {
        REFUSE("%s runs context 0x%" G_GINT64_MODIFIER "x, not the element "
               "it submitted", name, r->lrca);
    }
    if (r->ring_size < 4096 || r->ring_size % 4096 ||
        r->ring_size > MVGPU_RING_CTL_SIZE_MASK + 4096 ||
        r->ring_start & 0xfff) {
        REFUSE("%s: ring of %u bytes at 0x%x is not a ring", name,
               r->ring_size, r->ring_start);
    }
    if (r->chunk_head >= r->ring_size || r->tail >= r->ring_size ||
        r->next_tail >= r->ring_size ||
        (r->chunk_head | r->tail | r->next_tail) & 3) {
        REFUSE("%s: ring HEAD 0x%x or TAIL 0x%x/0x%x outside its ring of %u "
               "bytes", name, r->chunk_head, r->tail, r->next_tail,
               r->ring_size);
    }
    if (r->faulted) {
        return true;
    }
    if (r->depth >= MVGPU_SAVED_MAX_DEPTH) {
        REFUSE("%s: batch stack of depth %u", name, r->depth);
    }
    for (unsigned i = 0; i <= r->depth; i++) {
        if (r->frame_kind[i] > MVGPU_SAVED_FRAME_LIVE) {
            REFUSE("%s: unknown stream kind %u", name, r->frame_kind[i]);
        }
    }
    if (r->blit_active &&
        (r->blit_len == 0 || r->blit_len > MVGPU_SAVED_BLIT_DWORDS)) {
        REFUSE("%s: 2D command of %u dwords", name, r->blit_len);
    }
    return true;
}

static bool check_engine(MvgpuCore *c, MvgpuEngineId id,
                         const MvgpuSavedEngine *e, char **msg)
{
    const char *name = mvgpu_engines[id].name;

    if (e->elsp_count >= 4 || e->element > 1) {
        REFUSE("%s: ELSP count %u or element %u out of range", name,
               e->elsp_count, e->element);
    }
    if (e->csb_write >= MVGPU_CSB_ENTRIES &&
        e->csb_write != MVGPU_CSB_PTR_RESET) {
        REFUSE("%s: CSB write pointer %u", name, e->csb_write);
    }
    if (e->busy && !(e->running[e->element] & MVGPU_DESC_VALID)) {
        REFUSE("%s: busy without a valid running element", name);
    }
    if (!e->busy && (e->running[0] || e->running[1] || e->pending[0] ||
                     e->pending[1] || e->element)) {
        REFUSE("%s: idle with submissions", name);
    }
    if (e->blit_pat > MVGPU_BLIT_PAT_COLOR) {
        REFUSE("%s: blitter pattern %u", name, e->blit_pat);
    }
    return !e->run.present || check_run(c, id, e, msg);
}

static bool check_state(MvgpuCore *c, const MvgpuSavedState *s, char **msg)
{
    if (!mvgpu_core_check_saved_config(c, s, msg)) {
        return false;
    }
    if (!s->regs || s->regs_bytes != MVGPU_MMIO_SIZE) {
        REFUSE("register file of %u bytes, not %u", s->regs_bytes,
               MVGPU_MMIO_SIZE);
    }
    if (!s->ggtt || s->ggtt_bytes != c->ggtt_entries * 8) {
        REFUSE("GGTT of %u bytes, not %u", s->ggtt_bytes,
               c->ggtt_entries * 8);
    }
    if (s->nroots > MVGPU_SAVED_MAX_ROOTS) {
        REFUSE("%u PPGTT roots, more than %u", s->nroots,
               MVGPU_SAVED_MAX_ROOTS);
    }
    if (s->timers_armed >> MVGPU_TIMER_COUNT) {
        REFUSE("timer mask 0x%x", s->timers_armed);
    }
    for (unsigned p = 0; p < MVGPU_NPIPES; p++) {
        const MvgpuSavedPipe *pp = &s->pipes[p];

        if (pp->enabled && (pp->frame_ns < FRAME_NS_MIN ||
                            pp->frame_ns > FRAME_NS_MAX)) {
            REFUSE("pipe %c: frame of %" G_GUINT64_FORMAT " ns", 'A' + p,
                   pp->frame_ns);
        }
    }
    if (s->xres < MVGPU_MODE_MIN_X || s->xres > MVGPU_MODE_MAX_X ||
        s->yres < MVGPU_MODE_MIN_Y || s->yres > MVGPU_MODE_MAX_Y) {
        REFUSE("monitor mode %ux%u", s->xres, s->yres);
    }
    for (unsigned i = 0; i < MVGPU_NENGINES; i++) {
        if (!check_engine(c, i, &s->engines[i], msg)) {
            return false;
        }
    }
    return true;
}

/* ---- load: the state replaced */

static void load_engine(MvgpuCore *c, MvgpuEngineId id,
                        const MvgpuSavedEngine *o)
{
    MvgpuEngine *e = &c->engines[id];

    memcpy(e->elsp, o->elsp, sizeof(e->elsp));
    e->elsp_count = o->elsp_count;
    e->running[0] = o->running[0];
    e->running[1] = o->running[1];
    e->pending[0] = o->pending[0];
    e->pending[1] = o->pending[1];
    e->element = o->element;
    e->busy = o->busy;
    e->hung = o->hung;
    e->csb_event = o->csb_event;
    e->csb_write = o->csb_write;
    e->blit = (MvgpuBlitState) {
        .valid = o->blit_valid, .br00 = o->blit_br00, .br13 = o->blit_br13,
        .dst = o->blit_dst,
        .clip_x1 = o->blit_clip[0], .clip_y1 = o->blit_clip[1],
        .clip_x2 = o->blit_clip[2], .clip_y2 = o->blit_clip[3],
        .bg = o->blit_bg, .fg = o->blit_fg,
        .pat_bg = o->blit_pat_bg, .pat_fg = o->blit_pat_fg,
        .pat_mono = o->blit_pat_mono, .pat_addr = o->blit_pat_addr,
        .pat = o->blit_pat,
    };
    memcpy(&e->stats, o->stats, sizeof(e->stats));
}

static bool resume_engine(MvgpuCore *c, MvgpuEngineId id,
                          const MvgpuSavedRun *r, char **msg)
{
    MvgpuCtxInfo ci = {
        .engine = id, .lrca = r->lrca, .pml4 = r->pml4,
        .ring_start = r->ring_start, .ring_size = r->ring_size,
        .head = r->chunk_head, .tail = r->tail,
    };
    const char *why = "it has no saved position";

    if (!c->backend->ctx_resume ||
        !(c->engines[id].run = c->backend->ctx_resume(c, &ci, r, &why))) {
        REFUSE("the context on %s cannot resume: %s (backend %s)",
               mvgpu_engines[id].name, why, c->backend->name);
    }
    return true;
}

bool mvgpu_core_load_state(MvgpuCore *c, const MvgpuSavedState *s,
                           char **msg)
{
    uint32_t n_regs = MVGPU_MMIO_SIZE / 4;

    mvgpu_core_drain(c);
    MVGPU_LOCKED(c);

    if (!check_state(c, s, msg)) {
        mvgpu_core_reset(c);
        return false;
    }
    /* Nothing runs and no timer is armed while the state is replaced. */
    mvgpu_engines_reset(c, ~0u);
    for (unsigned t = 0; t < MVGPU_TIMER_COUNT; t++) {
        mvgpu_timer_cancel(c, t);
    }

    for (uint32_t i = 0; i < n_regs; i++) {
        c->rf.values[i] = mvgpu_le_load(s->regs + 4 * i, 4);
    }
    for (uint32_t i = 0; i < c->ggtt_entries; i++) {
        c->ggtt[i] = mvgpu_le_load(s->ggtt + 8 * i, 8);
    }
    c->ggtt_generation++;
    mvgpu_fence_reload(c);
    /* Whatever the host mapped of the aperture is stale. */
    if (c->host.aperture_changed) {
        c->host.aperture_changed(c->host.opaque, 0, c->cfg.aperture_size);
    }

    c->pv_notified = s->pv_notified;
    c->g2v_notifications = s->g2v_notifications;
    g_hash_table_remove_all(c->ppgtt_roots);
    for (uint32_t i = 0; i < s->nroots; i++) {
        g_hash_table_add(c->ppgtt_roots, GSIZE_TO_POINTER(s->roots[i]));
    }
    c->gdrst_count = s->gdrst_count;
    c->msi_count = s->msi_count;

    for (unsigned p = 0; p < MVGPU_NPIPES; p++) {
        const MvgpuSavedPipe *pp = &s->pipes[p];

        c->display.pipes[p] = (MvgpuPipe) {
            .enabled = pp->enabled, .frame_ns = pp->frame_ns,
            .frame_start_ns = pp->frame_start_ns,
            .frame_count = pp->frame_count,
            .pending_flip_done = pp->pending_flip_done,
        };
        c->display.scanout_reported[p] = s->scanout_reported[p];
    }
    c->display.xres = s->xres;
    c->display.yres = s->yres;
    memcpy(c->display.edid, s->edid, sizeof(s->edid));
    memcpy(c->display.dpcd, s->dpcd, sizeof(s->dpcd));
    c->display.i2c_slave = s->i2c_slave;
    c->display.edid_offset = s->edid_offset;

    for (unsigned i = 0; i < MVGPU_NENGINES; i++) {
        load_engine(c, i, &s->engines[i]);
    }
    /* Guest memory and the GGTT are in place: contexts resume from them. */
    for (unsigned i = 0; i < MVGPU_NENGINES; i++) {
        if (s->engines[i].run.present &&
            !resume_engine(c, i, &s->engines[i].run, msg)) {
            mvgpu_core_reset(c);
            return false;
        }
    }
    for (unsigned t = 0; t < MVGPU_TIMER_COUNT; t++) {
        if (s->timers_armed & (1u << t)) {
            mvgpu_timer_arm(c, t, s->timer_deadline[t]);
        }
    }
    /*
     * A context with no step armed was waiting for something outside the
     * device (a user batch on the host GPU, which the save let finish):
     * its next slice is due now.
     */
    for (unsigned i = 0; i < MVGPU_NENGINES; i++) {
        if (c->engines[i].run &&
            !(s->timers_armed & (1u << (MVGPU_TIMER_ENGINE_RCS + i)))) {
            mvgpu_engine_kick(c, i);
        }
    }
    return true;
}
