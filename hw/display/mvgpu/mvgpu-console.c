/*
 * mvgpu: the QEMU console the device's monitor appears on.
 *
 * On each refresh the core says what the monitor shows (mvgpu_scanout_head);
 * this file hands it to the console as a plain 2D surface, so SDL, SPICE,
 * VNC and screendump all work without GL:
 *  - zero-copy when the core reports the surface as one run of guest RAM in
 *    the console's own format: the surface points into guest memory and
 *    only rows that the guest's CPU dirtied are reported;
 *  - otherwise the core converts (de-tiles, changes format) into a staging
 *    frame and only rows that differ from what the console holds are copied
 *    and reported; a frame whose pages the guest did not write (and whose
 *    GGTT did not change) is not read at all.
 *  - the cursor plane is drawn into the frame (cursor=frame, the default),
 *    so screendumps and every client show what the pipe sends: the primary
 *    then goes through the copy path while the cursor is on; or it becomes
 *    the client's mouse pointer (cursor=pointer), which leaves the primary
 *    on the zero-copy path and moves without redrawing the frame, but is
 *    missing from screendumps and from clients that draw no pointer.
 * The console's size request becomes the monitor's preferred mode.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "qemu/osdep.h"
#include "qemu/rcu.h"
#include "exec/memory.h"
#include "hw/pci/pci_device.h"
#include "ui/console.h"
#include "trace.h"

#include "mvgpu.h"

#define MAX_CURSOR 256

/* Stops showing guest RAM in place and watching it for writes. */
static void mvgpu_release_guest_ram(MvgpuState *s)
{
    for (unsigned i = 0; i < s->nwatched; i++) {
        memory_region_set_log(s->watched[i], false, DIRTY_MEMORY_VGA);
        memory_region_unref(s->watched[i]);
    }
    s->nwatched = 0;
    if (s->direct_mr) {
        memory_region_set_log(s->direct_mr, false, DIRTY_MEMORY_VGA);
        memory_region_unref(s->direct_mr);
        s->direct_mr = NULL;
    }
}

/*
 * Whether the guest wrote any page the plane reads since the last check.
 * Pages are tested (and cleared) in runs of one RAM region; RAM seen for
 * the first time starts being logged and counts as written.
 */
typedef struct DirtyScan {
    MvgpuState *s;
    MemoryRegion *mr;
    hwaddr start, end;
    bool dirty;
} DirtyScan;

static void dirty_flush(DirtyScan *d)
{
    if (d->mr) {
        DirtyBitmapSnapshot *snap =
            memory_region_snapshot_and_clear_dirty(d->mr, d->start,
                                                   d->end - d->start,
                                                   DIRTY_MEMORY_VGA);

        d->dirty |= memory_region_snapshot_get_dirty(d->mr, snap, d->start,
                                                     d->end - d->start);
        g_free(snap);
        d->mr = NULL;
    }
}

static bool watching(MvgpuState *s, MemoryRegion *mr)
{
    for (unsigned i = 0; i < s->nwatched; i++) {
        if (s->watched[i] == mr) {
            return true;
        }
    }
    return false;
}

static void dirty_page(void *opaque, uint64_t gpa)
{
    DirtyScan *d = opaque;
    MvgpuState *s = d->s;
    AddressSpace *as = pci_get_address_space(&s->parent_obj);
    hwaddr xlat, len = 4096;
    MemoryRegion *mr;

    RCU_READ_LOCK_GUARD();
    mr = address_space_translate(as, gpa, &xlat, &len, false,
                                 MEMTXATTRS_UNSPECIFIED);
    if (!memory_region_is_ram(mr)) {
        return;
    }
    if (!watching(s, mr)) {
        d->dirty = true;
        if (s->nwatched == G_N_ELEMENTS(s->watched)) {
            return;         /* too many regions: always redraw */
        }
        memory_region_ref(mr);
        memory_region_set_log(mr, true, DIRTY_MEMORY_VGA);
        s->watched[s->nwatched++] = mr;
    }
    if (mr == d->mr && xlat == d->end) {
        d->end += 4096;
        return;
    }
    dirty_flush(d);
    d->mr = mr;
    d->start = xlat;
    d->end = xlat + 4096;
}

static bool mvgpu_frame_written(MvgpuState *s)
{
    DirtyScan d = { .s = s };

    mvgpu_scanout_pages(s->core, &s->shown, dirty_page, &d);
    dirty_flush(&d);
    return d.dirty || s->nwatched == G_N_ELEMENTS(s->watched);
}

static bool same_plane(const MvgpuPlane *a, const MvgpuPlane *b)
{
    return a->gma == b->gma && a->format == b->format &&
           a->tiling == b->tiling && a->stride == b->stride &&
           a->width == b->width && a->height == b->height &&
           a->x == b->x && a->y == b->y;
}

static hwaddr frame_bytes(const MvgpuPlane *p)
{
    return (hwaddr)(p->height - 1) * p->stride + p->width * 4;
}

/*
 * The RAM region and offset that hold a frame at @gpa, if one RAM region
 * reached through the device's own address space holds all of it.
 */
static MemoryRegion *direct_target(MvgpuState *s, const MvgpuPlane *p,
                                   uint64_t gpa, hwaddr *xlat)
{
    AddressSpace *as = pci_get_address_space(&s->parent_obj);
    hwaddr len = frame_bytes(p);
    MemoryRegion *mr;

    RCU_READ_LOCK_GUARD();
    mr = address_space_translate(as, gpa, xlat, &len, false,
                                 MEMTXATTRS_UNSPECIFIED);
    if (!memory_region_is_ram(mr) || memory_region_is_ram_device(mr) ||
        len < frame_bytes(p)) {
        return NULL;
    }
    return mr;
}

/* Shows guest RAM in place: the surface points into the RAM region. */
static void mvgpu_show_direct(MvgpuState *s, const MvgpuPlane *p,
                              MemoryRegion *mr, hwaddr xlat)
{
    DisplaySurface *surface;

    mvgpu_release_guest_ram(s);
    memory_region_ref(mr);
    memory_region_set_log(mr, true, DIRTY_MEMORY_VGA);
    s->direct_mr = mr;
    s->direct_offset = xlat;
    surface = qemu_create_displaysurface_from(p->width, p->height,
                                              PIXMAN_x8r8g8b8, p->stride,
                                              memory_region_get_ram_ptr(mr) +
                                              xlat);
    dpy_gfx_replace_surface(s->con, surface);
    trace_mvgpu_scanout_mode(p->width, p->height, p->stride, true);
}

/* Reports the rows the guest's CPU wrote since the last refresh. */
static void mvgpu_update_direct(MvgpuState *s, bool full)
{
    const MvgpuPlane *p = &s->shown;
    hwaddr size = frame_bytes(p);
    DirtyBitmapSnapshot *snap;
    int first = -1;

    snap = memory_region_snapshot_and_clear_dirty(s->direct_mr,
                                                  s->direct_offset, size,
                                                  DIRTY_MEMORY_VGA);
    for (uint32_t y = 0; y <= p->height; y++) {
        bool dirty = y < p->height &&
            (full || memory_region_snapshot_get_dirty(s->direct_mr, snap,
                        s->direct_offset + (hwaddr)y * p->stride,
                        p->width * 4));

        if (dirty && first < 0) {
            first = y;
        } else if (!dirty && first >= 0) {
            dpy_gfx_update(s->con, 0, first, p->width, y - first);
            first = -1;
        }
    }
    g_free(snap);
}

/* *@buf, grown to hold @need bytes (*@size says what it holds). */
static uint8_t *grown(uint8_t **buf, size_t *size, size_t need)
{
    if (*size < need) {
        g_free(*buf);
        *buf = g_malloc(need);
        *size = need;
    }
    return *buf;
}

/* The staging buffer, grown to hold @need bytes. */
static uint8_t *staging_buffer(MvgpuState *s, size_t need)
{
    return grown(&s->staging, &s->staging_size, need);
}

/*
 * Copies the @w x @h x8r8g8b8 frame @src to the console surface, only the
 * rows that differ (all with @full), and reports each run of copied rows.
 */
static void copy_changed_rows(MvgpuState *s, const uint8_t *src, uint32_t w,
                              uint32_t h, bool full)
{
    DisplaySurface *surface = qemu_console_surface(s->con);
    size_t row = (size_t)w * 4;
    uint8_t *dst = surface_data(surface);
    int stride = surface_stride(surface), first = -1;

    for (uint32_t y = 0; y <= h; y++) {
        bool changed = false;

        if (y < h) {
            const uint8_t *from = src + y * row;
            uint8_t *to = dst + y * stride;

            changed = full || memcmp(from, to, row);
            if (changed) {
                memcpy(to, from, row);
            }
        }
        if (changed && first < 0) {
            first = y;
        } else if (!changed && first >= 0) {
            dpy_gfx_update(s->con, 0, first, w, y - first);
            first = -1;
        }
    }
}

/*
 * Reads the image of the cursor @cur (NULL: the cursor is off) into
 * s->cursor_next; whether that differs from what the client was last
 * given.
 */
static bool cursor_fetch(MvgpuState *s, const MvgpuCursor *cur)
{
    if (!cur) {
        return s->cursor_shown;
    }
    mvgpu_scanout_read_cursor(s->core, cur, s->cursor_next);
    return !s->cursor_shown || cur->size != s->cursor.size ||
           cur->x != s->cursor.x || cur->y != s->cursor.y ||
           memcmp(s->cursor_next, s->cursor_image,
                  cur->size * cur->size * 4);
}

/* Records what the client was given: the cursor fetched, or none. */
static void cursor_given(MvgpuState *s, const MvgpuCursor *cur)
{
    s->cursor_shown = cur != NULL;
    if (cur) {
        uint32_t *img = s->cursor_image;

        s->cursor = *cur;
        s->cursor_image = s->cursor_next;
        s->cursor_next = img;
    }
}

/*
 * Converts the frame and copies only the rows that changed; when neither
 * the pages it reads nor the GGTT changed, nor the cursor drawn into it
 * (@cur, cursor=frame; NULL when off or the client's pointer), there is
 * nothing to do at all.
 */
static void mvgpu_update_copy(MvgpuState *s, const MvgpuCursor *cur,
                              bool full)
{
    const MvgpuPlane *p = &s->shown;
    uint64_t ggtt = mvgpu_scanout_ggtt_generation(s->core);
    bool written = mvgpu_frame_written(s);
    size_t row = (size_t)p->width * 4;
    bool convert = full || written || ggtt != s->shown_ggtt;
    bool cursor_moved = false;
    const uint8_t *src;

    if (!s->cursor_pointer) {
        cursor_moved = cursor_fetch(s, cur);
    }
    if (!convert && !cursor_moved) {
        return;
    }
    if (convert) {
        s->shown_ggtt = ggtt;
        mvgpu_scanout_read(s->core, p, staging_buffer(s, row * p->height),
                           row);
    }
    /* The staging frame stays the primary alone: the cursor moves over it. */
    src = s->staging;
    if (cur) {
        size_t need = row * p->height;

        memcpy(grown(&s->framed, &s->framed_size, need), s->staging, need);
        mvgpu_scanout_put_cursor(cur, s->cursor_next, (uint32_t *)s->framed,
                                 p->width, p->height);
        src = s->framed;
    }
    if (!s->cursor_pointer) {
        cursor_given(s, cur);
    }
    copy_changed_rows(s, src, p->width, p->height, full);
}

/*
 * A sprite shows above the primary: the console shows the pipe's composed
 * output (with the cursor unless cursor=pointer), converted every refresh
 * and sent row by row where it changed. Sprites are rare enough (video
 * overlays, a compositor's window) that this path keeps no dirty tracking.
 */
static void mvgpu_update_composed(MvgpuState *s, unsigned pipe)
{
    uint32_t w, h, *frame;
    bool full = false;

    mvgpu_scanout_pipe_size(s->core, pipe, &w, &h);
    if (!s->composing || w != s->composed_w || h != s->composed_h) {
        mvgpu_release_guest_ram(s);
        qemu_console_resize(s->con, w, h);
        s->composing = true;
        s->composed_w = w;
        s->composed_h = h;
        s->showing = false;         /* the primary path starts afresh */
        full = true;
    }
    frame = (uint32_t *)staging_buffer(s, (size_t)w * h * 4);
    mvgpu_scanout_compose(s->core, pipe, frame, w, h, !s->cursor_pointer);
    copy_changed_rows(s, (uint8_t *)frame, w, h, full);
}

/* cursor=pointer: the cursor plane as the client's mouse pointer. */
static void mvgpu_update_pointer(MvgpuState *s, unsigned pipe)
{
    MvgpuCursor cur;
    QEMUCursor *qc;

    if (!s->cursor_pointer) {
        return;
    }
    if (!mvgpu_scanout_cursor(s->core, pipe, &cur)) {
        if (s->cursor_shown) {
            dpy_mouse_set(s->con, 0, 0, false);
            s->cursor_shown = false;
        }
        return;
    }
    qc = cursor_alloc(cur.size, cur.size);
    if (!qc) {
        return;
    }
    mvgpu_scanout_read_cursor(s->core, &cur, qc->data);
    qc->hot_x = cur.hot_x;
    qc->hot_y = cur.hot_y;
    if (!s->cursor_shown || cur.size != s->cursor.size ||
        cur.hot_x != s->cursor.hot_x || cur.hot_y != s->cursor.hot_y ||
        memcmp(qc->data, s->cursor_image, cur.size * cur.size * 4)) {
        memcpy(s->cursor_image, qc->data, cur.size * cur.size * 4);
        dpy_cursor_define(s->con, qc);
    }
    cursor_unref(qc);
    if (!s->cursor_shown || cur.x != s->cursor.x || cur.y != s->cursor.y) {
        dpy_mouse_set(s->con, cur.x + cur.hot_x, cur.y + cur.hot_y, true);
    }
    s->cursor = cur;
    s->cursor_shown = true;
}

static void mvgpu_gfx_update(void *opaque)
{
    MvgpuState *s = opaque;
    MemoryRegion *mr = NULL;
    hwaddr xlat = 0;
    MvgpuPlane p;
    MvgpuCursor cursor;
    const MvgpuCursor *drawn = NULL;    /* a cursor drawn into the frame */
    unsigned pipe;
    uint64_t gpa;
    bool full = false;

    if (!s->core || !mvgpu_scanout_head(s->core, &p, &pipe)) {
        if (s->showing || s->composing) {
            mvgpu_release_guest_ram(s);
            dpy_gfx_replace_surface(s->con, NULL);
            s->showing = false;
            s->composing = false;
        }
        return;
    }
    if (mvgpu_scanout_overlays(s->core, pipe)) {
        mvgpu_update_composed(s, pipe);
        mvgpu_update_pointer(s, pipe);
        return;
    }
    if (s->composing) {
        s->composing = false;
        s->showing = false;         /* back to the primary alone */
    }
    /*
     * GGTT writes can move the pages under unchanged plane registers. A
     * cursor drawn into the frame cannot be drawn into guest RAM: the copy
     * path shows the primary while it is on.
     */
    if (!s->cursor_pointer && mvgpu_scanout_cursor(s->core, pipe, &cursor)) {
        drawn = &cursor;
    }
    if (!drawn && mvgpu_scanout_contiguous(s->core, &p, &gpa)) {
        mr = direct_target(s, &p, gpa, &xlat);
    }
    if (!s->showing || !same_plane(&p, &s->shown) || mr != s->direct_mr ||
        (mr && xlat != s->direct_offset)) {
        s->shown = p;
        s->showing = true;
        full = true;
        if (mr) {
            mvgpu_show_direct(s, &p, mr, xlat);
        } else {
            mvgpu_release_guest_ram(s);
            qemu_console_resize(s->con, p.width, p.height);
            trace_mvgpu_scanout_mode(p.width, p.height, p.stride, false);
        }
    }
    if (s->direct_mr) {
        mvgpu_update_direct(s, full);
    } else {
        mvgpu_update_copy(s, drawn, full);
    }
    mvgpu_update_pointer(s, pipe);
}

static void mvgpu_invalidate(void *opaque)
{
    MvgpuState *s = opaque;

    s->showing = false;
    s->composing = false;
}

/* A resized window asks for a new mode; before the guest shows anything,
 * and for the size already shown, there is nothing to ask the guest. */
static void mvgpu_ui_info(void *opaque, uint32_t head, QemuUIInfo *info)
{
    MvgpuState *s = opaque;

    if (!s->core || !s->showing || !info->width || !info->height ||
        (info->width == s->shown.width && info->height == s->shown.height)) {
        return;
    }
    trace_mvgpu_ui_info(info->width, info->height);
    mvgpu_core_set_monitor_mode(s->core, info->width, info->height);
}

static const GraphicHwOps mvgpu_console_ops = {
    .invalidate = mvgpu_invalidate,
    .gfx_update = mvgpu_gfx_update,
    .ui_info = mvgpu_ui_info,
};

void mvgpu_console_init(MvgpuState *s)
{
    s->cursor_image = g_new0(uint32_t, MAX_CURSOR * MAX_CURSOR);
    s->cursor_next = g_new0(uint32_t, MAX_CURSOR * MAX_CURSOR);
    s->con = graphic_console_init(DEVICE(s), 0, &mvgpu_console_ops, s);
}

void mvgpu_console_reset(MvgpuState *s)
{
    mvgpu_release_guest_ram(s);
    if (s->con && (s->showing || s->composing)) {
        dpy_gfx_replace_surface(s->con, NULL);
    }
    s->showing = false;
    s->composing = false;
    s->cursor_shown = false;
}

void mvgpu_console_fini(MvgpuState *s)
{
    mvgpu_console_reset(s);
    if (s->con) {
        graphic_console_close(s->con);
        s->con = NULL;
    }
    g_free(s->staging);
    s->staging = NULL;
    s->staging_size = 0;
    g_free(s->cursor_image);
    s->cursor_image = NULL;
    g_free(s->cursor_next);
    s->cursor_next = NULL;
    g_free(s->framed);
    s->framed = NULL;
    s->framed_size = 0;
}
