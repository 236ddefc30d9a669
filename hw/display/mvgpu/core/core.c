/*
 * mvgpu core: lifecycle and the BAR0 / BAR2 access paths.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "internal.h"
#include "bytes.h"
#include "opregion.h"

MvgpuCore *mvgpu_core_new(const MvgpuConfig *cfg, const MvgpuHost *host,
                          char **msg)
{
    MvgpuCore *c = g_new0(MvgpuCore, 1);

    g_rec_mutex_init(&c->lock);
    c->host = *host;
    c->cfg = *cfg;
    c->platform = mvgpu_platform_for_device(cfg->device_id, &c->device);
    if (!c->platform) {
        c->platform = mvgpu_platform_for_device(mvgpu_gen9.default_device_id,
                                                &c->device);
    }

    if (!mvgpu_regfile_init(&c->rf, c->platform->reg_tables,
                            c->platform->nreg_tables, msg)) {
        char *why = *msg;

        *msg = g_strdup_printf("internal register table error: %s", why);
        g_free(why);
        g_rec_mutex_clear(&c->lock);
        g_free(c);
        return NULL;
    }

    c->ggtt_entries = MVGPU_GGTT_PTE_BYTES / 8;
    c->ggtt = g_new0(uint64_t, c->ggtt_entries);
    c->ppgtt_roots = g_hash_table_new(g_direct_hash, g_direct_equal);
    c->log_limiter.tokens = MVGPU_LOG_BURST;
    c->backend = mvgpu_backend_find(cfg->backend ? cfg->backend : "soft");
    if (!c->backend) {
        c->backend = &mvgpu_backend_soft;
    }
    if (c->backend->open && !c->backend->open(c, msg)) {
        g_hash_table_destroy(c->ppgtt_roots);
        g_free(c->ggtt);
        mvgpu_regfile_destroy(&c->rf);
        g_rec_mutex_clear(&c->lock);
        g_free(c);
        return NULL;
    }

    mvgpu_display_init(c);
    mvgpu_core_reset(c);
    if (cfg->engines != MVGPU_ENGINES_INLINE) {
        mvgpu_worker_start(c);
    }
    return c;
}

void mvgpu_core_free(MvgpuCore *c)
{
    if (!c) {
        return;
    }
    mvgpu_worker_stop(c);
    mvgpu_engines_reset(c, ~0u);
    if (c->backend->close) {
        c->backend->close(c);
    }
    mvgpu_regfile_destroy(&c->rf);
    g_hash_table_destroy(c->ppgtt_roots);
    g_free(c->ggtt);
    for (unsigned i = 0; i < MVGPU_PIXELS_COUNT; i++) {
        g_free(c->pixels[i]);
    }
    g_rec_mutex_clear(&c->lock);
    g_free(c);
}

MvgpuPciIdentity mvgpu_core_pci_identity(const MvgpuCore *c)
{
    return (MvgpuPciIdentity) {
        .vendor_id = 0x8086,
        .device_id = c->device->id,
        .revision = c->device->revision,
        .class_id = 0x0300,         /* VGA: i915's IGD is the primary GPU */
    };
}

void mvgpu_core_reset(MvgpuCore *c)
{
    MVGPU_LOCKED(c);

    mvgpu_regfile_reset(&c->rf);
    mvgpu_fence_reset(c);
    memset(c->ggtt, 0, c->ggtt_entries * sizeof(uint64_t));
    c->ggtt_generation++;
    if (c->host.aperture_changed) {
        c->host.aperture_changed(c->host.opaque, 0, c->cfg.aperture_size);
    }
    mvgpu_pvinfo_reset(c);
    mvgpu_display_reset(c);
    mvgpu_engines_reset(c, ~0u);
    c->gdrst_count = 0;
}

void mvgpu_timer_arm(MvgpuCore *c, MvgpuTimerId id, uint64_t expire_ns)
{
    c->timers_armed |= 1u << id;
    c->timer_deadline[id] = expire_ns;
    if (c->host.timer_mod) {
        c->host.timer_mod(c->host.opaque, id, expire_ns);
    }
}

void mvgpu_timer_cancel(MvgpuCore *c, MvgpuTimerId id)
{
    c->timers_armed &= ~(1u << id);
    c->timer_deadline[id] = 0;
    if (c->host.timer_del) {
        c->host.timer_del(c->host.opaque, id);
    }
}

void mvgpu_core_timer_expired(MvgpuCore *c, MvgpuTimerId id)
{
    switch (id) {
    case MVGPU_TIMER_VBLANK_A:
    case MVGPU_TIMER_VBLANK_B:
    case MVGPU_TIMER_VBLANK_C: {
        MVGPU_LOCKED(c);

        mvgpu_display_vblank(c, id - MVGPU_TIMER_VBLANK_A);
        break;
    }
    case MVGPU_TIMER_ENGINE_RCS:
    case MVGPU_TIMER_ENGINE_VCS0:
    case MVGPU_TIMER_ENGINE_VECS:
    case MVGPU_TIMER_ENGINE_BCS:
        if (c->worker) {
            /* Without the core lock: the worker needs it to run the slice. */
            mvgpu_worker_post(c, id - MVGPU_TIMER_ENGINE_RCS,
                              c->cfg.engines == MVGPU_ENGINES_WORKER_SYNC);
        } else {
            MVGPU_LOCKED(c);

            mvgpu_engine_step(c, id - MVGPU_TIMER_ENGINE_RCS);
        }
        break;
    default:
        break;
    }
}

void mvgpu_core_drain(MvgpuCore *c)
{
    mvgpu_worker_drain(c);
}

void mvgpu_core_set_monitor_mode(MvgpuCore *c, uint32_t xres, uint32_t yres)
{
    MVGPU_LOCKED(c);

    mvgpu_display_set_mode(c, xres, yres);
}

void mvgpu_core_build_opregion(MvgpuCore *c, uint8_t *buf)
{
    mvgpu_opregion_build(buf, MVGPU_BOARD_PORTS);
}

/* An offset nothing describes: plain storage, reported once per dword. */
static void note_unknown(MvgpuCore *c, uint32_t offset, const char *what)
{
    uint32_t dw = offset >> 2;
    uint8_t bit = 1u << (dw & 7);

    if (!(c->rf.unknown_seen[dw >> 3] & bit)) {
        c->rf.unknown_seen[dw >> 3] |= bit;
        mvgpu_log(c, MVGPU_LOG_UNIMP, "unmodelled register 0x%05x %s; "
                  "kept as plain storage", offset, what);
    }
}

uint32_t mvgpu_reg_read(MvgpuCore *c, uint32_t offset)
{
    const MvgpuRegDesc *d = mvgpu_reg_desc(&c->rf, offset);

    if (!d) {
        note_unknown(c, offset, "read");
    } else if (d->read) {
        return d->read(c, offset);
    }
    return mvgpu_reg_get(c, offset);
}

void mvgpu_reg_write(MvgpuCore *c, uint32_t offset, uint32_t value)
{
    const MvgpuRegDesc *d = mvgpu_reg_desc(&c->rf, offset);
    uint32_t *p = mvgpu_reg_ptr(&c->rf, offset);
    uint32_t old = *p;

    if (!d) {
        note_unknown(c, offset, "written");
        *p = value;
        return;
    }
    *p = mvgpu_reg_apply_write(d, old, value);
    if (d->write) {
        d->write(c, offset, value, old);
    }
}

static bool access_ok(MvgpuCore *c, const char *bar, uint64_t offset,
                      unsigned size, const char *dir)
{
    if ((size != 1 && size != 2 && size != 4 && size != 8) ||
        (offset & (size - 1))) {
        mvgpu_guest_error(c, "%s: %s of %u bytes at 0x%" G_GINT64_MODIFIER
                          "x is not a naturally aligned 1/2/4/8-byte access; "
                          "ignored", bar, dir, size, offset);
        return false;
    }
    return true;
}

uint64_t mvgpu_core_bar0_read(MvgpuCore *c, uint64_t offset, unsigned size)
{
    MVGPU_LOCKED(c);
    if (!access_ok(c, "BAR0", offset, size, "read")) {
        return 0;
    }
    if (offset < MVGPU_MMIO_SIZE) {
        uint32_t off = offset;

        if (size == 8) {
            return mvgpu_reg_read(c, off) |
                   (uint64_t)mvgpu_reg_read(c, off + 4) << 32;
        }
        if (size == 4) {
            return mvgpu_reg_read(c, off);
        }
        /* Byte and word reads (PVINFO version) take part of the dword. */
        return (mvgpu_reg_read(c, off & ~3u) >> ((off & 3) * 8)) &
               ((1ull << (size * 8)) - 1);
    }
    if (offset >= MVGPU_GGTT_PTE_OFFSET &&
        offset < MVGPU_GGTT_PTE_OFFSET + MVGPU_GGTT_PTE_BYTES && size >= 4) {
        return mvgpu_ggtt_read(c, offset - MVGPU_GGTT_PTE_OFFSET, size);
    }
    mvgpu_guest_error(c, "BAR0: read of %u bytes at 0x%" G_GINT64_MODIFIER
                      "x hits neither registers nor a whole GGTT entry half; "
                      "reads 0", size, offset);
    return 0;
}

void mvgpu_core_bar0_write(MvgpuCore *c, uint64_t offset, uint64_t value,
                           unsigned size)
{
    MVGPU_LOCKED(c);
    if (!access_ok(c, "BAR0", offset, size, "write")) {
        return;
    }
    if (offset < MVGPU_MMIO_SIZE && size >= 4) {
        uint32_t off = offset;

        mvgpu_reg_write(c, off, (uint32_t)value);
        if (size == 8) {
            mvgpu_reg_write(c, off + 4, (uint32_t)(value >> 32));
        }
        return;
    }
    if (offset >= MVGPU_GGTT_PTE_OFFSET &&
        offset < MVGPU_GGTT_PTE_OFFSET + MVGPU_GGTT_PTE_BYTES && size >= 4) {
        mvgpu_ggtt_write(c, offset - MVGPU_GGTT_PTE_OFFSET, value, size);
        return;
    }
    mvgpu_guest_error(c, "BAR0: write of %u bytes (0x%" G_GINT64_MODIFIER
                      "x) at 0x%" G_GINT64_MODIFIER "x is not a 4/8-byte "
                      "register or GGTT write; ignored", size, value, offset);
}

/*
 * Aperture accesses never cross a page: they are naturally aligned, <= 8;
 * and never a tile's contiguous run (16 bytes at least) once a fence
 * detiles them.
 */
static bool aperture_gpa(MvgpuCore *c, uint64_t offset, unsigned size,
                         const char *dir, uint64_t *gpa)
{
    if (!access_ok(c, "aperture", offset, size, dir) ||
        offset >= c->cfg.aperture_size) {
        return false;
    }
    if (!mvgpu_ggtt_translate(c, mvgpu_fence_detile(c, offset), gpa)) {
        mvgpu_guest_error(c, "aperture: %s at 0x%" G_GINT64_MODIFIER "x: "
                          "GGTT entry not present", dir, offset);
        return false;
    }
    return true;
}

uint64_t mvgpu_core_aperture_read(MvgpuCore *c, uint64_t offset, unsigned size)
{
    MVGPU_LOCKED(c);
    uint64_t gpa;
    uint8_t b[8];

    if (!aperture_gpa(c, offset, size, "read", &gpa)) {
        return 0;
    }
    if (!c->host.mem_read(c->host.opaque, gpa, b, size)) {
        mvgpu_guest_error(c, "aperture: read at 0x%" G_GINT64_MODIFIER "x: "
                          "GGTT points at 0x%" G_GINT64_MODIFIER "x, outside "
                          "guest RAM; reads 0", offset, gpa);
        return 0;
    }
    return mvgpu_le_load(b, size);
}

void mvgpu_core_aperture_write(MvgpuCore *c, uint64_t offset, uint64_t value,
                               unsigned size)
{
    MVGPU_LOCKED(c);
    uint64_t gpa;
    uint8_t b[8];

    if (!aperture_gpa(c, offset, size, "write", &gpa)) {
        return;
    }
    mvgpu_le_store(b, value, size);
    if (!c->host.mem_write(c->host.opaque, gpa, b, size)) {
        mvgpu_guest_error(c, "aperture: write at 0x%" G_GINT64_MODIFIER "x: "
                          "GGTT points at 0x%" G_GINT64_MODIFIER "x, outside "
                          "guest RAM; dropped", offset, gpa);
    }
}
