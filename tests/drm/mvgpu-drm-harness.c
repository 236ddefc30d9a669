/*
 * mvgpu-drm-harness: backend drm against a real i915, inside a guest.
 *
 * A guest on mvgpu has an Intel Gen9 GPU: its i915 drives our vGPU
 * (the `soft` backend of the outer QEMU), with the whole i915 uAPI on
 * /dev/dri/renderD128. This program links the mvgpu core and the unit
 * tests' fake host (tests/unit/mvgpu/fake-host.c: guest RAM in a buffer)
 * and runs backend drm's code against that i915 with the system's calls:
 *
 *   probe    the start-up checks accept the node; they refuse a node that
 *            does not exist and the vgem node (the scenario loads vgem);
 *            the scan without render-node takes the i915 node; a core
 *            with backend=drm starts on it and refuses to on vgem.
 *   exec     user batches through mvgpu_drm_user_batch(): the inner
 *            guest's PPGTT (tests/unit/mvgpu/guest-ppgtt.c: 4 KiB, 64 KiB
 *            and 2 MiB pages, a VA with bit 47 set, i915's scratch chain)
 *            is mirrored into a host VM as userptr objects, the batch's
 *            stores land in the fake guest RAM, completion comes through
 *            the fd watch (and, on a host without one, by polling); the
 *            mirror follows a page-table change; the same on BCS, VCS and
 *            VECS; a run of batches gives the submit-to-done time; two
 *            devices share the node, each with its own host VM.
 *   execlist whole submissions through the core's ELSP: the ring runs on
 *            soft.c's interpreter, HEAD reaches TAIL, the stores land; the
 *            step says whether the user batch ran on the host i915 (once
 *            soft.c hands user batches over) or in soft.c.
 *   memory   which memory userptr takes, as QEMU's memory backends would
 *            give it: anonymous, memfd, hugetlb memfd and tmpfs file
 *            mappings must work; a read-only mapping and a device
 *            mapping (an i915 GEM mmap, VM_PFNMAP) must be refused.
 *   hang     a batch that jumps to itself forever: i915's hang detection
 *            ends it, its fence fails and the batch FAULTs; a batch after
 *            it runs. Leaves a GPU hang in the kernel log (not run by
 *            default).
 *
 * Prints "RESULT drm-<step> PASS|FAIL <detail>" lines (the guest harness's
 * format), exits 1 when a step failed, 2 when the node is unusable.
 *
 *   mvgpu-drm-harness [-d /dev/dri/renderDN]
 *                     [-c probe|exec|execlist|memory|hang]...
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include <libdrm/i915_drm.h>

#define RESULT_PREFIX "drm-"
#include "mvgpu-result.h"

#include "drm.h"
#include "drm-probe.h"
#include "drm-vm.h"
#include "fake-host.h"
#include "guest-ppgtt.h"
#include "ppgtt-runs.h"

/* How long a batch may take under TCG, two levels of emulation deep. */
#define BATCH_TIMEOUT_MS    60000
/* ... and a hang, which i915's heartbeat finds in some seconds. */
#define HANG_TIMEOUT_MS     120000

static const char *dev = "/dev/dri/renderD128";

static uint64_t now_us(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1000000ull + ts.tv_nsec / 1000;
}

/* The DRM driver's name behind @path, or "" (raw DRM_IOCTL_VERSION). */
static void driver_name(const char *path, char *name, size_t size)
{
    struct drm_version v = { .name = name, .name_len = size - 1 };
    int fd = open(path, O_RDWR | O_CLOEXEC);

    name[0] = 0;
    if (fd < 0) {
        return;
    }
    if (ioctl(fd, DRM_IOCTL_VERSION, &v) == 0) {
        name[MIN(v.name_len, size - 1)] = 0;
    }
    close(fd);
}

static MvgpuConfig drm_config(const char *node)
{
    MvgpuConfig cfg = mvgpu_config_default();

    cfg.backend = "drm";
    cfg.render_node = node;
    return cfg;
}

/* ---- probe */

static bool check_probe(void)
{
    MvgpuDrmNode node;
    char *why = NULL;
    char vgem[32] = "";

    if (!mvgpu_drm_probe(&mvgpu_drm_sys_ops, dev, &node, &why)) {
        result("probe", false, "%s", why);
        g_clear_pointer(&why, g_free);
        return false;
    }
    result("probe", true, "%s: %s (0x%04x, Gen%u), address spaces of %"
           G_GUINT64_FORMAT " TiB, I915_USERPTR_PROBE %s", dev,
           node.gpu->name, node.gpu->id, node.gpu->gen,
           (guint64)(node.gtt_size >> 40), node.userptr_probe ? "yes" : "no");
    mvgpu_drm_node_close(&node);

    /* renderD199 is past the scan's range: it cannot exist. */
    if (mvgpu_drm_probe(&mvgpu_drm_sys_ops, "/dev/dri/renderD199", &node,
                        &why)) {
        result("refuse-missing", false, "a node that cannot exist passed");
        mvgpu_drm_node_close(&node);
    } else {
        result("refuse-missing", strstr(why, "no such device node") != NULL,
               "%s", why);
        g_clear_pointer(&why, g_free);
    }

    for (unsigned i = 0; i < MVGPU_DRM_RENDER_MINOR_COUNT && !vgem[0]; i++) {
        char path[32], name[32];

        snprintf(path, sizeof(path), "/dev/dri/renderD%u",
                 MVGPU_DRM_RENDER_MINOR_FIRST + i);
        driver_name(path, name, sizeof(name));
        if (!strcmp(name, "vgem")) {
            g_strlcpy(vgem, path, sizeof(vgem));
        }
    }
    if (!vgem[0]) {
        result("refuse-vgem", false, "no vgem render node (modprobe vgem?)");
    } else if (mvgpu_drm_probe(&mvgpu_drm_sys_ops, vgem, &node, &why)) {
        result("refuse-vgem", false, "%s passed the checks", vgem);
        mvgpu_drm_node_close(&node);
    } else {
        result("refuse-vgem",
               strstr(why, "its driver is 'vgem', not i915") != NULL, "%s",
               why);
        g_clear_pointer(&why, g_free);
    }

    /* Without render-node: the scan takes the i915 node, not vgem. */
    if (!mvgpu_drm_open(&mvgpu_drm_sys_ops, NULL, &node, &why)) {
        result("scan", false, "%s", why);
        g_clear_pointer(&why, g_free);
    } else {
        result("scan", !strcmp(node.path, dev), "took %s", node.path);
        mvgpu_drm_node_close(&node);
    }

    /* A device with backend=drm: starts on the node, not on vgem. */
    {
        FakeHost *h = fake_host_new(); /* only for its host table */
        MvgpuConfig cfg = drm_config(dev);
        MvgpuCore *c = mvgpu_core_new(&cfg, &h->host, &why);

        result("core-open", c && mvgpu_drm_node(c), "%s",
               c ? "mvgpu_core_new with backend=drm started" : why);
        mvgpu_core_free(c);
        g_clear_pointer(&why, g_free);
        if (vgem[0]) {
            cfg = drm_config(vgem);
            c = mvgpu_core_new(&cfg, &h->host, &why);
            result("core-refuse", !c && why && strstr(why, "'vgem'"), "%s",
                   c ? "started on vgem" : why);
            mvgpu_core_free(c);
            g_clear_pointer(&why, g_free);
        }
        fake_host_free(h);
    }
    return true;
}

/* ---- exec */

/*
 * One user batch at VA 0 of the guest PPGTT through the core, to its end:
 * DONE, FAULT (why in *why) or a timeout. Returns its status.
 */
static MvgpuBatchStatus run_batch(FakeHost *h, MvgpuEngineId engine,
                                  int timeout_ms, const char **why,
                                  uint64_t *us)
{
    MvgpuUserBatch b = { .engine = engine, .pml4 = GP_PML4, .addr = 0 };
    uint64_t t0 = now_us();
    MvgpuBatchStatus st = mvgpu_drm_user_batch(h->core, &b, why);

    b.again = true;
    while (st == MVGPU_BATCH_PENDING || st == MVGPU_BATCH_WAIT) {
        if (now_us() - t0 > timeout_ms * 1000ull) {
            *why = "timed out";
            return st;
        }
        if (st == MVGPU_BATCH_PENDING) {
            /* The engine hears of it through the fd watch. */
            if (!fake_host_poll_fds(h, 1000)) {
                continue;
            }
        } else {
            /* No fd watch: the engine would poll in virtual time. */
            struct timespec ms = { 0, 1000000 };

            nanosleep(&ms, NULL);
        }
        st = mvgpu_drm_user_batch(h->core, &b, why);
    }
    *us = now_us() - t0;
    return st;
}

static const char *status_name(MvgpuBatchStatus st)
{
    static const char *const names[] = {
        "HERE", "DONE", "PENDING", "WAIT", "FAULT",
    };

    return st < G_N_ELEMENTS(names) ? names[st] : "?";
}

static void check_store(FakeHost *h, const char *step, MvgpuEngineId engine,
                        uint32_t v1, uint32_t v2, uint64_t gpa1)
{
    const MvgpuDrmStats *s = mvgpu_drm_stats(h->core);
    const char *why = NULL;
    uint64_t us = 0;
    MvgpuBatchStatus st;

    gp_make_batch(h, v1, v2);
    st = run_batch(h, engine, BATCH_TIMEOUT_MS, &why, &us);
    if (st != MVGPU_BATCH_DONE) {
        result(step, false, "batch %s: %s", status_name(st), why);
        return;
    }
    result(step, gp_ram32(h, gpa1) == v1 && gp_ram32(h, 0x320020) == v2,
           "0x%08x at guest 0x%" G_GINT64_MODIFIER "x and 0x%08x at "
           "0x320020 (VA 0x%" G_GINT64_MODIFIER "x), expected 0x%08x and "
           "0x%08x; %" G_GUINT64_FORMAT " us; walk %u tables %u runs in %"
           G_GUINT64_FORMAT " us, %u objects (%" G_GUINT64_FORMAT
           " made so far) in %" G_GUINT64_FORMAT " us",
           gp_ram32(h, gpa1), (guint64)gpa1, gp_ram32(h, 0x320020),
           (guint64)(GP_HI_VA + 0x20), v1, v2, (guint64)us, s->walk_tables,
           s->walk_runs, (guint64)s->walk_ns / 1000, s->objects,
           (guint64)s->objects_made, (guint64)s->mirror_ns / 1000);
}

static void check_exec(void)
{
    MvgpuConfig cfg = drm_config(dev);
    FakeHost *h = fake_host_new_drm(&cfg, NULL, true);
    static const struct {
        MvgpuEngineId id;
        const char *step;
    } engines[] = {
        { MVGPU_BCS, "store-bcs" }, { MVGPU_VCS0, "store-vcs" },
        { MVGPU_VECS, "store-vecs" },
    };
    uint64_t total = 0;
    unsigned ok = 0, n = 32;

    gp_make_ppgtt(h);
    check_store(h, "store", MVGPU_RCS, 0xc0ffee01, 0xc0ffee02, 0x310010);

    /* The guest moves VA 0x5000 to another page: the next batch sees it. */
    mb_write64(&h->mem, GP_PT + 8 * 5, 0x311000 | MB_PPGTT_PRESENT_RW);
    check_store(h, "mirror-update", MVGPU_RCS, 0xc0ffee03, 0xc0ffee04,
                0x311010);
    for (unsigned i = 0; i < G_N_ELEMENTS(engines); i++) {
        check_store(h, engines[i].step, engines[i].id, 0xbeef0000 + i,
                    0xbeef0100 + i, 0x311010);
    }

    /* Batch after batch: the time from submission to done. */
    for (unsigned i = 0; i < n; i++) {
        const char *why = NULL;
        uint64_t us = 0;

        gp_make_batch(h, 0x5eed0000 + i, 0x5eed1000 + i);
        if (run_batch(h, MVGPU_RCS, BATCH_TIMEOUT_MS, &why, &us) ==
            MVGPU_BATCH_DONE && gp_ram32(h, 0x311010) == 0x5eed0000 + i) {
            ok++;
            total += us;
        }
    }
    result("repeat", ok == n, "%u of %u batches stored, %" G_GUINT64_FORMAT
           " us each on average (%" G_GUINT64_FORMAT " host objects made in "
           "all)", ok, n, ok ? (guint64)(total / ok) : 0,
           (guint64)mvgpu_drm_stats(h->core)->objects_made);
    for (guint i = 0; i < h->logs->len; i++) {
        printf("core log: %s\n", (char *)h->logs->pdata[i]);
    }
    fake_host_free(h);

    /*
     * Two devices on one render node, as two VMs would be: each has its
     * own host VM and context; both batches are in flight at once.
     */
    {
        FakeHost *a = fake_host_new_drm(&cfg, NULL, true);
        FakeHost *b = fake_host_new_drm(&cfg, NULL, true);
        MvgpuUserBatch ub = { .engine = MVGPU_RCS, .pml4 = GP_PML4 };
        MvgpuBatchStatus sa, sb;
        const char *why = NULL;
        uint64_t t0 = now_us();

        gp_make_ppgtt(a);
        gp_make_ppgtt(b);
        gp_make_batch(a, 0xaaaa0001, 0xaaaa0002);
        gp_make_batch(b, 0xbbbb0001, 0xbbbb0002);
        sa = mvgpu_drm_user_batch(a->core, &ub, &why);
        sb = mvgpu_drm_user_batch(b->core, &ub, &why);
        ub.again = true;
        while ((sa == MVGPU_BATCH_PENDING || sb == MVGPU_BATCH_PENDING) &&
               now_us() - t0 < BATCH_TIMEOUT_MS * 1000ull) {
            if (sa == MVGPU_BATCH_PENDING && fake_host_poll_fds(a, 100)) {
                sa = mvgpu_drm_user_batch(a->core, &ub, &why);
            }
            if (sb == MVGPU_BATCH_PENDING && fake_host_poll_fds(b, 100)) {
                sb = mvgpu_drm_user_batch(b->core, &ub, &why);
            }
        }
        result("two-devices", sa == MVGPU_BATCH_DONE &&
               sb == MVGPU_BATCH_DONE &&
               gp_ram32(a, 0x310010) == 0xaaaa0001 &&
               gp_ram32(a, 0x320020) == 0xaaaa0002 &&
               gp_ram32(b, 0x310010) == 0xbbbb0001 &&
               gp_ram32(b, 0x320020) == 0xbbbb0002,
               "device A %s, 0x%08x 0x%08x; device B %s, 0x%08x 0x%08x; "
               "each its own fd, host VM and context on %s",
               status_name(sa), gp_ram32(a, 0x310010),
               gp_ram32(a, 0x320020), status_name(sb),
               gp_ram32(b, 0x310010), gp_ram32(b, 0x320020), dev);
        fake_host_free(a);
        fake_host_free(b);
    }

    /* A host without an fd watch: the engine polls the fence. */
    h = fake_host_new_drm(&cfg, NULL, false);
    gp_make_ppgtt(h);
    check_store(h, "polled", MVGPU_RCS, 0xc0ffee05, 0xc0ffee06, 0x310010);
    fake_host_free(h);
}

/*
 * Whole submissions through the core's execlist (ELSP, the ring on
 * soft.c's interpreter, HEAD and CSB): the user batch runs on the host
 * i915 once soft.c hands it over (docs/drm-backend.md), in soft.c until
 * then; the step says which.
 */
static void check_execlist(void)
{
    MvgpuConfig cfg = drm_config(dev);
    FakeHost *h = fake_host_new_drm(&cfg, NULL, true);
    const MvgpuDrmStats *s = mvgpu_drm_stats(h->core);
    unsigned ok = 0, n = 8;
    uint64_t t0 = now_us();

    gp_make_ppgtt(h);
    gp_setup_execlist(h);
    for (unsigned i = 0; i < n; i++) {
        uint64_t start = now_us();

        gp_make_batch(h, 0xe1e70000 + i, 0xe1e71000 + i);
        gp_submit(h, 0x42 + i);
        while (gp_ctx_head(h) != gp_ctx_tail(h) &&
               now_us() - start < BATCH_TIMEOUT_MS * 1000ull) {
            fake_host_run_until(h, h->now_ns + 100000);
            if (gp_ctx_head(h) != gp_ctx_tail(h) &&
                fake_host_poll_fds(h, 100)) {
                /* The kick runs the engine (on the worker, if any). */
                mvgpu_core_drain(h->core);
            }
        }
        if (gp_ctx_head(h) == gp_ctx_tail(h) &&
            gp_ram32(h, 0x310010) == 0xe1e70000 + i &&
            gp_ram32(h, 0x320020) == 0xe1e71000 + i) {
            ok++;
        }
    }
    result("execlist", ok == n && h->guest_errors == 0,
           "%u of %u submissions completed with their stores, %u guest "
           "errors, %" G_GUINT64_FORMAT " us each; user batches on the host "
           "i915: %" G_GUINT64_FORMAT ", in soft.c: %" G_GUINT64_FORMAT,
           ok, n, h->guest_errors, (guint64)((now_us() - t0) / n),
           (guint64)s->batches_done, (guint64)(n - s->batches_done));
    fake_host_free(h);
}

/* ---- memory */

#define MEM_SIZE        (2u << 20)
#define MEM_GPA         0x200000ull
#define MEM_VA          0x40000000ull
#define MEM_BATCH_VA    0x100000ull

typedef struct MemKind {
    const char *name;
    const char *as;             /* the QEMU memory backend it stands for */
    bool works;                 /* userptr should accept it */
} MemKind;

typedef struct MemRam {
    uint8_t *batch;             /* guest page 0 */
    uint8_t *mem;               /* guest MEM_GPA ... + MEM_SIZE */
} MemRam;

static void *mem_ram_ptr(void *opaque, uint64_t gpa, uint64_t *len)
{
    MemRam *m = opaque;

    if (gpa < 4096) {
        *len = 4096 - gpa;
        return m->batch + gpa;
    }
    if (gpa >= MEM_GPA && gpa < MEM_GPA + MEM_SIZE) {
        *len = MEM_GPA + MEM_SIZE - gpa;
        return m->mem + (gpa - MEM_GPA);
    }
    return NULL;
}

static uint8_t *map_kind(const MvgpuDrmNode *node, unsigned kind, int *fd)
{
    void *p = MAP_FAILED;

    *fd = -1;
    switch (kind) {
    case 0:                             /* anonymous */
        p = mmap(NULL, MEM_SIZE, PROT_READ | PROT_WRITE,
                 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        break;
    case 1:                             /* memfd, shared */
        *fd = memfd_create("mvgpu-ram", MFD_CLOEXEC);
        break;
    case 2:                             /* hugetlb memfd */
        *fd = memfd_create("mvgpu-ram-huge", MFD_CLOEXEC | MFD_HUGETLB);
        break;
    case 3: {                           /* a file on tmpfs */
        char path[] = "/tmp/mvgpu-ram-XXXXXX";

        *fd = mkstemp(path);
        if (*fd >= 0) {
            unlink(path);
        }
        break;
    }
    case 4:                             /* read-only mapping */
        *fd = memfd_create("mvgpu-rom", MFD_CLOEXEC);
        break;
    case 5: {                           /* an i915 GEM mmap (VM_PFNMAP) */
        struct drm_i915_gem_create cr = { .size = MEM_SIZE };
        struct drm_i915_gem_mmap_offset mo = {
            .flags = I915_MMAP_OFFSET_WC,
        };

        if (ioctl(node->fd, DRM_IOCTL_I915_GEM_CREATE, &cr) ||
            (mo.handle = cr.handle,
             ioctl(node->fd, DRM_IOCTL_I915_GEM_MMAP_OFFSET, &mo))) {
            return NULL;
        }
        p = mmap(NULL, MEM_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED,
                 node->fd, mo.offset);
        break;
    }
    }
    if (*fd >= 0) {
        if (ftruncate(*fd, MEM_SIZE)) {
            close(*fd);
            return NULL;
        }
        p = mmap(NULL, MEM_SIZE, kind == 4 ? PROT_READ
                                           : PROT_READ | PROT_WRITE,
                 MAP_SHARED, *fd, 0);
    }
    return p == MAP_FAILED ? NULL : p;
}

static void check_memory_kind(const MvgpuDrmNode *node, unsigned kind,
                              const MemKind *k, uint8_t *batch)
{
    static const uint32_t bb[] = {
        MB_STORE_DWORD_PPGTT(MEM_VA + 0x1234 * 4, 0x600dda7a),
        MB_MI_BATCH_BUFFER_END, MB_MI_NOOP,
    };
    MvgpuPpgttRun runs[2] = {
        { MEM_BATCH_VA, 0, 4096 },
        { MEM_VA, MEM_GPA, MEM_SIZE },
    };
    GArray *ra = g_array_new(FALSE, FALSE, sizeof(MvgpuPpgttRun));
    char step[32], *why = NULL;
    MemRam m = { .batch = batch };
    const char *outcome;
    MvgpuDrmVm *vm;
    int fd, fence = -1, st = 0;
    bool stored = false;

    snprintf(step, sizeof(step), "mem-%s", k->name);
    m.mem = map_kind(node, kind, &fd);
    if (!m.mem) {
        result(step, false, "cannot map it here: %s", g_strerror(errno));
        g_array_free(ra, TRUE);
        return;
    }
    memcpy(batch, bb, sizeof(bb));
    g_array_append_vals(ra, runs, 2);
    vm = mvgpu_drm_vm_new(node, &why);
    if (!vm) {
        result(step, false, "%s", why);
        goto out;
    }
    if (!mvgpu_drm_vm_mirror(vm, ra, 16, mem_ram_ptr, &m, &why)) {
        outcome = "refused at DRM_IOCTL_I915_GEM_USERPTR";
    } else if ((fence = mvgpu_drm_vm_execbuf(vm, I915_EXEC_RENDER,
                                             MEM_BATCH_VA, &why)) < 0) {
        outcome = "refused at execbuffer";
    } else {
        struct pollfd p = { .fd = fence, .events = POLLIN };

        poll(&p, 1, BATCH_TIMEOUT_MS);
        st = mvgpu_drm_fence_status(node, fence);
        stored = st == 1 && *(volatile uint32_t *)(m.mem + 0x1234 * 4) ==
                 0x600dda7a;
        outcome = stored ? "accepted, the GPU's store landed"
                : st == 1 ? "accepted, but the store did not land"
                : "accepted, but the batch failed";
        close(fence);
    }
    result(step, k->works ? stored : !stored && st <= 0,
           "%s (stands for %s; expected %s): %s%s%s", k->name, k->as,
           k->works ? "to work" : "a refusal", outcome, why ? ": " : "",
           why ? why : "");
    mvgpu_drm_vm_free(vm);
out:
    g_free(why);
    munmap(m.mem, MEM_SIZE);
    if (fd >= 0) {
        close(fd);
    }
    g_array_free(ra, TRUE);
}

static void check_memory(void)
{
    static const MemKind kinds[] = {
        { "anonymous", "QEMU's default RAM, memory-backend-ram", true },
        { "memfd", "memory-backend-memfd", true },
        { "hugetlb", "memory-backend-memfd hugetlb=on, or "
                     "memory-backend-file on hugetlbfs", true },
        { "tmpfs-file", "memory-backend-file on /dev/shm", true },
        { "read-only", "memory-backend-file readonly=on, or ROM", false },
        { "device-pfnmap", "RAM that is a device mapping (VM_PFNMAP)",
          false },
    };
    MvgpuDrmNode node;
    void *batch = NULL;
    char *why = NULL;

    if (!mvgpu_drm_probe(&mvgpu_drm_sys_ops, dev, &node, &why) ||
        posix_memalign(&batch, 4096, 4096)) {
        result("memory", false, "%s", why ? why : "no memory");
        g_free(why);
        return;
    }
    for (unsigned i = 0; i < G_N_ELEMENTS(kinds); i++) {
        check_memory_kind(&node, i, &kinds[i], batch);
    }
    free(batch);
    mvgpu_drm_node_close(&node);
}

/* ---- hang */

static void check_hang(void)
{
    MvgpuConfig cfg = drm_config(dev);
    FakeHost *h = fake_host_new_drm(&cfg, NULL, true);
    const char *why = NULL;
    uint64_t us = 0;
    MvgpuBatchStatus st;

    gp_make_ppgtt(h);
    /* VA 0: MI_BATCH_BUFFER_START to VA 0, forever. */
    mb_put_list(&h->mem, 0x300000, MB_BB_START_PPGTT(0));
    st = run_batch(h, MVGPU_RCS, HANG_TIMEOUT_MS, &why, &us);
    result("hang", st == MVGPU_BATCH_FAULT && strstr(why, "fence status"),
           "batch %s after %" G_GUINT64_FORMAT " ms: %s", status_name(st),
           (guint64)us / 1000, why);
    check_store(h, "hang-recovery", MVGPU_RCS, 0xa11ce001, 0xa11ce002,
                0x310010);
    fake_host_free(h);
}

int main(int argc, char **argv)
{
    bool probe = false, exec = false, memory = false, hang = false;
    bool execlist = false;
    int opt;

    while ((opt = getopt(argc, argv, "d:c:")) != -1) {
        if (opt == 'd') {
            dev = optarg;
        } else if (opt == 'c' && !strcmp(optarg, "probe")) {
            probe = true;
        } else if (opt == 'c' && !strcmp(optarg, "exec")) {
            exec = true;
        } else if (opt == 'c' && !strcmp(optarg, "execlist")) {
            execlist = true;
        } else if (opt == 'c' && !strcmp(optarg, "memory")) {
            memory = true;
        } else if (opt == 'c' && !strcmp(optarg, "hang")) {
            hang = true;
        } else {
            fprintf(stderr, "usage: %s [-d /dev/dri/renderDN] "
                    "[-c probe|exec|execlist|memory|hang]...\n", argv[0]);
            return 2;
        }
    }
    if (!probe && !exec && !execlist && !memory && !hang) {
        probe = exec = execlist = memory = true;
    }
    setvbuf(stdout, NULL, _IOLBF, 0);
    if (probe) {
        if (!check_probe()) {
            return 2;
        }
    } else {
        MvgpuDrmNode node;
        char *why = NULL;

        /* Every other step needs the node: say so if it is unusable. */
        if (!mvgpu_drm_probe(&mvgpu_drm_sys_ops, dev, &node, &why)) {
            result("probe", false, "%s", why);
            return 2;
        }
        mvgpu_drm_node_close(&node);
    }
    if (exec) {
        check_exec();
    }
    if (execlist) {
        check_execlist();
    }
    if (memory) {
        check_memory();
    }
    if (hang) {
        check_hang();
    }
    return failures ? 1 : 0;
}
