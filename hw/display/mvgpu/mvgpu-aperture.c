/*
 * mvgpu: BAR2, the CPU's view of the GGTT.
 *
 * Every access can be served by translating it through the GGTT in the core
 * (mvgpu_core_aperture_*), but fbcon and GTT mmaps write here constantly and
 * a trap per access is slow. So where the GGTT maps a run of aperture pages
 * onto contiguous guest RAM, that run is mapped straight through with an
 * alias of the RAM region laid over the trapping region; the guest's CPU
 * then reaches RAM without leaving the guest (or TCG's fast path). A map is
 * tried the first time a chunk is touched, dropped as soon as the core says
 * a GGTT entry or a fence over it changed, and the number of maps is
 * bounded. Fenced ranges are never mapped (the core's runs stop at them):
 * the core detiles each of their accesses.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "qemu/osdep.h"
#include "qemu/bitmap.h"
#include "qemu/units.h"
#include "qemu/rcu.h"
#include "exec/memory.h"
#include "hw/pci/pci_device.h"
#include "trace.h"

#include "mvgpu.h"

#define CHUNK           (64 * KiB)      /* unit of map attempts */
#define MIN_RUN         CHUNK           /* shorter runs stay trapped */
#define MAX_RUN         (16 * MiB)

static void map_drop(MvgpuState *s, MvgpuApertureMap *m)
{
    trace_mvgpu_aperture_unmap(m->offset, m->len);
    memory_region_del_subregion(&s->aperture, &m->mr);
    object_unparent(OBJECT(&m->mr));
    bitmap_clear(s->aperture_tried, m->offset / CHUNK,
                 DIV_ROUND_UP(m->len, CHUNK));
    m->used = false;
}

static MvgpuApertureMap *map_slot(MvgpuState *s)
{
    MvgpuApertureMap *lru = &s->maps[0];

    for (int i = 0; i < MVGPU_APERTURE_MAPS; i++) {
        if (!s->maps[i].used) {
            return &s->maps[i];
        }
        if (s->maps[i].last_used < lru->last_used) {
            lru = &s->maps[i];
        }
    }
    map_drop(s, lru);
    return lru;
}

/* After a trapped access at @addr: map the run of pages from its chunk on. */
static void map_around(MvgpuState *s, hwaddr addr)
{
    AddressSpace *as = pci_get_address_space(&s->parent_obj);
    uint64_t chunk = addr / CHUNK, offset = chunk * CHUNK, gpa, len;
    MvgpuApertureMap *m;
    MemoryRegion *mr;
    hwaddr xlat, avail;

    if (test_and_set_bit(chunk, s->aperture_tried) ||
        !mvgpu_core_aperture_run(s->core, offset, MAX_RUN, &gpa, &len) ||
        len < MIN_RUN) {
        return;
    }
    RCU_READ_LOCK_GUARD();
    avail = len;
    mr = address_space_translate(as, gpa, &xlat, &avail, true,
                                 MEMTXATTRS_UNSPECIFIED);
    if (!memory_region_is_ram(mr) || memory_region_is_ram_device(mr) ||
        mr->readonly || avail < MIN_RUN) {
        return;
    }
    len = QEMU_ALIGN_DOWN(MIN(len, avail), 4096);

    m = map_slot(s);
    m->offset = offset;
    m->len = len;
    m->used = true;
    m->last_used = ++s->aperture_clock;
    memory_region_init_alias(&m->mr, OBJECT(s), "mvgpu-aperture-direct", mr,
                             xlat, len);
    memory_region_add_subregion_overlap(&s->aperture, offset, &m->mr, 1);
    bitmap_set(s->aperture_tried, chunk, DIV_ROUND_UP(len, CHUNK));
    trace_mvgpu_aperture_map(offset, len, gpa);
}

void mvgpu_aperture_changed(void *opaque, uint64_t offset, uint64_t len)
{
    MvgpuState *s = opaque;
    /* Every chunk the range touches (a fence need not be chunk aligned). */
    uint64_t first = offset / CHUNK;
    uint64_t end = MIN(DIV_ROUND_UP(offset + len, CHUNK),
                       s->aperture_size / CHUNK);

    if (!s->aperture_tried) {
        return;             /* called while the core is created */
    }
    for (int i = 0; i < MVGPU_APERTURE_MAPS; i++) {
        MvgpuApertureMap *m = &s->maps[i];

        if (m->used && offset < m->offset + m->len && m->offset < offset + len) {
            map_drop(s, m);
        }
    }
    if (first < end) {
        bitmap_clear(s->aperture_tried, first, end - first);
    }
}

static uint64_t mvgpu_aperture_read(void *opaque, hwaddr addr, unsigned size)
{
    MvgpuState *s = opaque;
    uint64_t v = mvgpu_core_aperture_read(s->core, addr, size);

    map_around(s, addr);
    return v;
}

static void mvgpu_aperture_write(void *opaque, hwaddr addr, uint64_t val,
                                 unsigned size)
{
    MvgpuState *s = opaque;

    mvgpu_core_aperture_write(s->core, addr, val, size);
    map_around(s, addr);
}

static const MemoryRegionOps mvgpu_aperture_ops = {
    .read = mvgpu_aperture_read,
    .write = mvgpu_aperture_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid = { .min_access_size = 1, .max_access_size = 8 },
    .impl = { .min_access_size = 1, .max_access_size = 8 },
};

void mvgpu_aperture_init(MvgpuState *s)
{
    memory_region_init(&s->aperture, OBJECT(s), "mvgpu-aperture",
                       s->aperture_size);
    memory_region_init_io(&s->aperture_io, OBJECT(s), &mvgpu_aperture_ops, s,
                          "mvgpu-aperture-trap", s->aperture_size);
    memory_region_add_subregion(&s->aperture, 0, &s->aperture_io);
    s->aperture_tried = bitmap_new(s->aperture_size / CHUNK);
}

void mvgpu_aperture_fini(MvgpuState *s)
{
    if (!s->aperture_tried) {
        return;
    }
    for (int i = 0; i < MVGPU_APERTURE_MAPS; i++) {
        if (s->maps[i].used) {
            map_drop(s, &s->maps[i]);
        }
    }
    g_free(s->aperture_tried);
    s->aperture_tried = NULL;
}
