/*
 * mvgpu: what backend drm needs from QEMU (core/host.h "for backend drm"):
 * host pointers of guest RAM for i915 userptr objects, the memory backends
 * behind guest RAM, and fence fds watched by the main loop.
 *
 * These may be called from the engines' worker thread, which holds the
 * core lock and never the BQL (docs/architecture.md "Threads and locks"):
 * the RAM lookup runs under RCU, and qemu_set_fd_handler() takes the main
 * AioContext's list lock, so neither needs the BQL.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "qemu/osdep.h"
#include "qemu/madvise.h"
#include "qemu/main-loop.h"
#include "exec/ramlist.h"
#include "qemu/rcu.h"
#include "exec/memory.h"
#include "qom/object.h"
#include "system/hostmem.h"

#include "mvgpu.h"

/*
 * The host address of guest RAM at @gpa, seen through the device's
 * bus-master address space (so a vIOMMU applies), and how many bytes from
 * there are contiguous in this process. The pointer stays valid while the
 * RAM exists: guest RAM is not unplugged under a running vGPU (memory
 * hot-unplug with backend drm is not supported, docs/drm-backend.md).
 */
static void *mvgpu_host_ram_ptr(void *opaque, uint64_t gpa, uint64_t *len)
{
    MvgpuState *s = opaque;
    AddressSpace *as = pci_get_address_space(&s->parent_obj);
    hwaddr xlat, seg = UINT64_MAX - gpa;
    MemoryRegion *mr;

    RCU_READ_LOCK_GUARD();
    mr = address_space_translate(as, gpa, &xlat, &seg, true,
                                 MEMTXATTRS_UNSPECIFIED);
    if (!memory_region_is_ram(mr) || memory_region_is_ram_device(mr) ||
        mr->readonly || seg == 0) {
        return NULL;
    }
    *len = MIN(seg, memory_region_size(mr) - xlat);
    return (uint8_t *)memory_region_get_ram_ptr(mr) + xlat;
}

static void mvgpu_host_fd_watch(void *opaque, int fd, void (*ready)(void *),
                                void *data)
{
    qemu_set_fd_handler(fd, ready, NULL, data);
}

static void mvgpu_host_fd_unwatch(void *opaque, int fd)
{
    qemu_set_fd_handler(fd, NULL, NULL, NULL);
}

typedef struct RamBackendWalk {
    void (*fn)(void *data, const char *name, bool writable);
    void *data;
} RamBackendWalk;

static int ram_backend_one(Object *obj, void *opaque)
{
    RamBackendWalk *w = opaque;
    HostMemoryBackend *b;
    MemoryRegion *mr;
    const char *name;

    if (!object_dynamic_cast(obj, TYPE_MEMORY_BACKEND)) {
        return 0;
    }
    b = MEMORY_BACKEND(obj);
    if (!host_memory_backend_is_mapped(b)) {
        return 0;           /* not guest RAM (yet): nothing maps it */
    }
    mr = host_memory_backend_get_memory(b);
    name = object_get_canonical_path_component(obj);
    w->fn(w->data, name ? name : "(unnamed)", mr && !mr->readonly);
    return 0;
}

/* Every memory backend mapped as guest RAM; the core decides (drm.c). */
static void mvgpu_host_ram_backends(void *opaque,
                                    void (*fn)(void *data, const char *name,
                                               bool writable),
                                    void *data)
{
    RamBackendWalk w = { .fn = fn, .data = data };

    object_child_foreach_recursive(object_get_objects_root(),
                                   ram_backend_one, &w);
}

/*
 * Guest RAM that i915 userptr objects pin must not be shared with a child
 * of QEMU (the exec: migration transport forks to run its command): on a
 * 6.1 host the parent's next CPU write to such a page went to a copy while
 * the host GPU kept reading the pinned original, so a spinner never saw
 * the MI_BATCH_BUFFER_END written into it (tests/guest/drm-qtest.sh,
 * /mvgpu/migrate/in-flight). The child never needs guest RAM:
 * MADV_DONTFORK on every RAM block, present and to come.
 */
static void dontfork_ram_added(RAMBlockNotifier *n, void *host, size_t size,
                               size_t max_size)
{
    qemu_madvise(host, max_size, QEMU_MADV_DONTFORK);
}

static RAMBlockNotifier dontfork_notifier = {
    .ram_block_added = dontfork_ram_added,
};

void mvgpu_host_ram_dontfork(void)
{
    static bool added;

    if (!added) {
        ram_block_notifier_add(&dontfork_notifier);
        added = true;
    }
}

void mvgpu_host_ram_init(MvgpuHost *host)
{
    host->ram_ptr = mvgpu_host_ram_ptr;
    host->fd_watch = mvgpu_host_fd_watch;
    host->fd_unwatch = mvgpu_host_fd_unwatch;
    host->ram_backends = mvgpu_host_ram_backends;
}
