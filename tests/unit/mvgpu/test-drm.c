/*
 * Unit tests of backend drm against a fake i915 (fake-i915.c): the
 * device opens its render node and refuses to start without one; the
 * walk of a guest PPGTT finds its mappings as runs, without i915's
 * scratch; a user batch is mirrored into a host VM and submitted with an
 * out-fence, its stores reach guest RAM, and completion comes through the
 * host's fd watch or a poll; the mirror follows a page-table change; a
 * refused, failed or hung batch faults; host VMs are kept per PPGTT root
 * up to their bound. Today a context run through the execlist still runs
 * its user batch in soft.c (the hook is not there yet).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <errno.h>

#include <libdrm/i915_drm.h>

#include "fake-host.h"
#include "fake-i915.h"
#include "guest-ppgtt.h"
#include "drm.h"
#include "gen9-regs.h"
#include "ppgtt-runs.h"

#define NODE            "/dev/dri/renderD128"

/* The batch of guest-ppgtt.c, and a store to an unmapped VA after it. */
static void make_batch(FakeHost *h)
{
    gp_make_batch(h, 0xc0ffee01, 0xc0ffee02);
    mb_put_list(&h->mem, 0x300020, MB_STORE_DWORD_PPGTT(0x10000, 0xdead),
                MB_MI_BATCH_BUFFER_END);
}

static MvgpuConfig drm_config(void)
{
    MvgpuConfig cfg = fake_host_default_config();

    cfg.backend = "drm";
    cfg.render_node = NODE;
    return cfg;
}

static FakeHost *drm_host(FakeI915 *f, bool watch)
{
    MvgpuConfig cfg = drm_config();

    fake_i915_add_node(f, NODE);
    return fake_host_new_drm(&cfg, &f->ops, watch);
}

static MvgpuBatchStatus user_batch(FakeHost *h, uint64_t pml4, uint64_t va,
                                   bool again, const char **why)
{
    MvgpuUserBatch b = {
        .engine = MVGPU_RCS, .pml4 = pml4, .addr = va, .again = again,
    };

    *why = NULL;
    return mvgpu_drm_user_batch(h->core, &b, why);
}

static void test_open_close(void)
{
    FakeI915 *f = fake_i915_new();
    FakeHost *h = drm_host(f, true);

    g_assert_nonnull(mvgpu_drm_node(h->core));
    g_assert_cmpstr(mvgpu_drm_node(h->core)->path, ==, NODE);
    g_assert_cmpint(f->open_fds, ==, 1);
    fake_host_free(h);
    g_assert_cmpint(f->open_fds, ==, 0);
    fake_i915_free(f);
}

/* A node that fails its checks stops the device with the reason. */
static void test_refused(void)
{
    FakeI915 *f = fake_i915_new();
    FakeHost *h = fake_host_new();
    MvgpuConfig cfg = drm_config();
    MvgpuHost host = h->host;
    g_autofree char *msg = NULL;

    fake_i915_add_node(f, NODE)->driver = "vgem";
    host.drm_ops = &f->ops;
    g_assert_true(mvgpu_config_check(&cfg, &msg));
    g_assert_null(mvgpu_core_new(&cfg, &host, &msg));
    g_assert_nonnull(strstr(msg, NODE ": its driver is 'vgem', not i915"));
    g_clear_pointer(&msg, g_free);
    cfg.render_node = NULL;
    g_assert_null(mvgpu_core_new(&cfg, &host, &msg));
    g_assert_nonnull(strstr(msg, "no usable render node: " NODE));
    g_assert_cmpint(f->open_fds, ==, 0);
    fake_host_free(h);
    fake_i915_free(f);
}

/* Memory backends as a host would list them; "nvdimm0" read-only or not. */
static bool nvdimm_writable;

static void two_backends(void *opaque,
                         void (*fn)(void *data, const char *name,
                                    bool writable),
                         void *data)
{
    fn(data, "pc.ram", true);
    fn(data, "nvdimm0", nvdimm_writable);
}

/* Guest RAM the host GPU cannot write stops the device before it runs. */
static void test_read_only_ram(void)
{
    FakeI915 *f = fake_i915_new();
    FakeHost *h = fake_host_new();
    MvgpuConfig cfg = drm_config();
    MvgpuHost host = h->host;
    g_autofree char *msg = NULL;
    MvgpuCore *c;

    fake_i915_add_node(f, NODE);
    host.drm_ops = &f->ops;
    host.ram_backends = two_backends;
    nvdimm_writable = false;
    g_assert_null(mvgpu_core_new(&cfg, &host, &msg));
    g_assert_nonnull(strstr(msg, "guest memory 'nvdimm0' is mapped "
                                 "read-only"));
    g_assert_nonnull(strstr(msg, "memory-backend-memfd"));
    g_assert_cmpint(f->open_fds, ==, 0);
    g_clear_pointer(&msg, g_free);
    nvdimm_writable = true;
    c = mvgpu_core_new(&cfg, &host, &msg);
    g_assert_nonnull(c);
    mvgpu_core_free(c);
    g_assert_cmpint(f->open_fds, ==, 0);
    fake_host_free(h);
    fake_i915_free(f);
}

static void test_runs(void)
{
    FakeHost *h = fake_host_new();
    MvgpuPpgttWalk w = { .max_tables = 64, .max_runs = 64 };
    static const MvgpuPpgttRun want[] = {
        { 0x0, 0x300000, 0x4000 },
        { 0x5000, 0x310000, 0x1000 },
        { 0x6000, 0x305000, 0x1000 },
        { 0x200000, 0x400000, 0x200000 },
        { 0x400000, 0x700000, 0x20000 },
        { GP_HI_VA, 0x320000, 0x1000 },
    };
    const char *why = NULL;

    gp_make_ppgtt(h);
    g_assert_true(mvgpu_ppgtt_runs(h->core, GP_PML4, &w, &why));
    g_assert_cmpuint(w.runs->len, ==, G_N_ELEMENTS(want));
    for (unsigned i = 0; i < G_N_ELEMENTS(want); i++) {
        MvgpuPpgttRun *r = &g_array_index(w.runs, MvgpuPpgttRun, i);

        g_assert_cmphex(r->va, ==, want[i].va);
        g_assert_cmphex(r->gpa, ==, want[i].gpa);
        g_assert_cmphex(r->len, ==, want[i].len);
    }
    g_assert_cmphex(w.scratch_gpa, ==, GP_S0);
    g_assert_cmpuint(w.bytes, ==, 0x4000 + 0x2000 + 0x200000 + 0x20000 +
                     0x1000);
    /* PML4, 3 scratch tables, PDP, PD, PT, PT64K, HI_PDP, HI_PD, HI_PT. */
    g_assert_cmpuint(w.tables, ==, 11);

    /* The bounds hold. */
    w.max_runs = 3;
    g_assert_false(mvgpu_ppgtt_runs(h->core, GP_PML4, &w, &why));
    g_assert_nonnull(strstr(why, "more discontiguous runs"));
    w.max_runs = 64;
    w.max_tables = 6;
    g_assert_false(mvgpu_ppgtt_runs(h->core, GP_PML4, &w, &why));
    g_assert_nonnull(strstr(why, "more table pages"));
    /* A table outside RAM. */
    w.max_tables = 64;
    mb_write64(&h->mem, GP_PD + 24, 0x7fff0000000ull | MB_PPGTT_PRESENT);
    g_assert_false(mvgpu_ppgtt_runs(h->core, GP_PML4, &w, &why));
    g_assert_nonnull(strstr(why, "not guest RAM"));
    mvgpu_ppgtt_walk_free(&w);
    fake_host_free(h);
}

static void check_stores(FakeHost *h, FakeI915 *f)
{
    g_assert_cmphex(gp_ram32(h, 0x310010), ==, 0xc0ffee01);
    g_assert_cmphex(gp_ram32(h, 0x320020), ==, 0xc0ffee02);
    g_assert_cmpuint(f->stores, ==, 2);
    g_assert_cmpuint(f->stray_stores, ==, 1);
}

/* The host watches the fence: PENDING, then a kick, then DONE. */
static void test_batch_watched(void)
{
    FakeI915 *f = fake_i915_new();
    FakeHost *h = drm_host(f, true);
    const MvgpuDrmStats *st = mvgpu_drm_stats(h->core);
    const char *why;

    gp_make_ppgtt(h);
    make_batch(h);
    f->hold_fences = true;
    g_assert_cmpint(user_batch(h, GP_PML4, 0, false, &why), ==,
                    MVGPU_BATCH_PENDING);
    /* One host VM and context for the root; one object per run, pinned. */
    g_assert_cmpuint(f->vms, ==, 1);
    g_assert_cmpuint(f->contexts, ==, 1);
    g_assert_cmpuint(f->userptr_objects, ==, 6);
    g_assert_cmpuint(f->last_buffer_count, ==, 6);
    g_assert_cmpuint(f->last_ring, ==, I915_EXEC_RENDER);
    g_assert_cmphex(f->last_userptr_flags, ==, I915_USERPTR_PROBE);
    g_assert_cmpuint(h->nwatches, ==, 1);
    g_assert_cmpuint(st->walk_runs, ==, 6);
    g_assert_cmpuint(st->objects, ==, 6);

    /* Not signalled: still pending, nothing to dispatch. */
    g_assert_cmpint(user_batch(h, GP_PML4, 0, true, &why), ==,
                    MVGPU_BATCH_PENDING);
    g_assert_cmpuint(fake_host_poll_fds(h, 0), ==, 0);
    g_assert_cmpuint(h->timer_expiry[MVGPU_TIMER_ENGINE_RCS], ==, 0);

    /* Signalled: the watch fires once, kicks the engine, and goes. */
    fake_i915_signal(f);
    g_assert_cmpuint(fake_host_poll_fds(h, 1000), ==, 1);
    g_assert_cmpuint(h->nwatches, ==, 0);
    g_assert_cmpuint(h->timer_expiry[MVGPU_TIMER_ENGINE_RCS], !=, 0);
    g_assert_cmpint(user_batch(h, GP_PML4, 0, true, &why), ==,
                    MVGPU_BATCH_DONE);
    g_assert_cmpuint(fake_i915_open_fences(f), ==, 0);
    check_stores(h, f);
    g_assert_cmpuint(st->batches, ==, 1);
    g_assert_cmpuint(st->batches_done, ==, 1);

    fake_host_free(h);
    /* The device took everything it made on the host with it. */
    g_assert_cmpuint(f->userptr_objects, ==, 0);
    g_assert_cmpuint(f->vms, ==, 0);
    g_assert_cmpuint(f->contexts, ==, 0);
    g_assert_cmpint(f->open_fds, ==, 0);
    fake_i915_free(f);
}

/* Without fd_watch the engine polls: WAIT until the fence has signalled. */
static void test_batch_polled(void)
{
    FakeI915 *f = fake_i915_new();
    FakeHost *h = drm_host(f, false);
    const char *why;

    gp_make_ppgtt(h);
    make_batch(h);
    f->hold_fences = true;
    g_assert_cmpint(user_batch(h, GP_PML4, 0, false, &why), ==,
                    MVGPU_BATCH_WAIT);
    g_assert_cmpint(user_batch(h, GP_PML4, 0, true, &why), ==,
                    MVGPU_BATCH_WAIT);
    fake_i915_signal(f);
    g_assert_cmpint(user_batch(h, GP_PML4, 0, true, &why), ==,
                    MVGPU_BATCH_DONE);
    check_stores(h, f);
    g_assert_cmpuint(fake_i915_open_fences(f), ==, 0);
    fake_host_free(h);
    fake_i915_free(f);
}

/* The next submission sees a page-table change; what did not change stays. */
static void test_mirror_follows(void)
{
    FakeI915 *f = fake_i915_new();
    FakeHost *h = drm_host(f, true);
    /* The start-up checks made one userptr object and one VM. */
    unsigned made = f->userptrs_made, vms = f->vms_made;
    const char *why;

    gp_make_ppgtt(h);
    make_batch(h);
    g_assert_cmpint(user_batch(h, GP_PML4, 0, false, &why), ==,
                    MVGPU_BATCH_PENDING);
    g_assert_cmpuint(fake_host_poll_fds(h, 1000), ==, 1);
    g_assert_cmpint(user_batch(h, GP_PML4, 0, true, &why), ==,
                    MVGPU_BATCH_DONE);
    g_assert_cmpuint(f->userptrs_made - made, ==, 6);

    /* The guest moves VA 0x5000 to another page. */
    mb_write64(&h->mem, GP_PT + 8 * 5, 0x311000 | MB_PPGTT_PRESENT_RW);
    g_assert_cmpint(user_batch(h, GP_PML4, 0, false, &why), ==,
                    MVGPU_BATCH_PENDING);
    g_assert_cmpuint(fake_host_poll_fds(h, 1000), ==, 1);
    g_assert_cmpint(user_batch(h, GP_PML4, 0, true, &why), ==,
                    MVGPU_BATCH_DONE);
    g_assert_cmpuint(f->userptrs_made - made, ==, 7);
    g_assert_cmpuint(f->userptr_objects, ==, 6);
    g_assert_cmphex(gp_ram32(h, 0x311010), ==, 0xc0ffee01);
    /* The same root is the same host VM and context. */
    g_assert_cmpuint(f->vms_made - vms, ==, 1);
    g_assert_cmpuint(f->contexts_made, ==, 1);
    g_assert_cmpuint(mvgpu_drm_stats(h->core)->batches_done, ==, 2);
    fake_host_free(h);
    fake_i915_free(f);
}

static void expect_fault(FakeHost *h, uint64_t va, const char *needle)
{
    MvgpuBatchStatus st;
    const char *why;

    st = user_batch(h, GP_PML4, va, false, &why);
    if (st == MVGPU_BATCH_PENDING) {
        g_assert_cmpuint(fake_host_poll_fds(h, 1000), ==, 1);
        st = user_batch(h, GP_PML4, va, true, &why);
    }
    g_assert_cmpint(st, ==, MVGPU_BATCH_FAULT);
    if (!strstr(why, needle)) {
        g_error("'%s' not in: %s", needle, why);
    }
}

static void test_faults(void)
{
    FakeI915 *f = fake_i915_new();
    FakeHost *h = drm_host(f, true);
    const char *why;

    gp_make_ppgtt(h);
    make_batch(h);
    expect_fault(h, 0x10000, "not mapped to guest RAM by its PPGTT");
    expect_fault(h, 0x4, "not 8-byte aligned");
    /* A batch the host GPU hangs on (an unknown command, here). */
    mb_write32(&h->mem, 0x310000, 0x7fffffff);
    expect_fault(h, 0x5000, "the host GPU failed the user batch at 0x5000");
    /* A fence that reports an error. */
    f->fence_error = -EIO;
    expect_fault(h, 0, "fence status");
    f->fence_error = 0;
    /* A banned context: refused at once, and the next batch gets another. */
    f->execbuf_errno = EIO;
    expect_fault(h, 0, "DRM_IOCTL_I915_GEM_EXECBUFFER2");
    g_assert_cmpuint(f->contexts, ==, 0);
    g_assert_cmpint(user_batch(h, GP_PML4, 0, false, &why), ==,
                    MVGPU_BATCH_PENDING);
    g_assert_cmpuint(fake_host_poll_fds(h, 1000), ==, 1);
    g_assert_cmpint(user_batch(h, GP_PML4, 0, true, &why), ==,
                    MVGPU_BATCH_DONE);
    g_assert_cmpuint(f->contexts_made, ==, 2);
    g_assert_cmpuint(mvgpu_drm_stats(h->core)->batches_failed, ==, 5);
    g_assert_cmpuint(fake_i915_open_fences(f), ==, 0);
    fake_host_free(h);
    fake_i915_free(f);
}

/* More runs than objects a VM may have: the batch faults, nothing leaks. */
static void test_object_bound(void)
{
    FakeI915 *f = fake_i915_new();
    FakeHost *h = drm_host(f, true);
    unsigned pts = MVGPU_DRM_MAX_OBJECTS / 512 + 1;

    gp_make_ppgtt(h);
    make_batch(h);
    /* PD entries 3.. each a PT whose every page is 0x330000: no run joins. */
    for (unsigned t = 0; t < pts; t++) {
        uint64_t pt = 0x800000 + 0x1000ull * t;

        gp_fill_table(h, pt, 0x330000 | MB_PPGTT_PRESENT_RW);
        mb_write64(&h->mem, GP_PD + 8 * (3 + t), pt | MB_PPGTT_PRESENT_RW);
    }
    expect_fault(h, 0, "backend drm");
    g_assert_cmpuint(f->execbufs, ==, 0);
    fake_host_free(h);
    g_assert_cmpuint(f->userptr_objects, ==, 0);
    fake_i915_free(f);
}

/* One host VM per root; past the bound the least recently used goes. */
static void test_vm_per_root(void)
{
    FakeI915 *f = fake_i915_new();
    FakeHost *h = drm_host(f, true);
    unsigned vms = f->vms_made;
    const char *why;

    gp_make_ppgtt(h);
    make_batch(h);
    /* Empty PPGTTs (zero pages): a VM each, their batch not mapped. */
    for (unsigned i = 0; i < MVGPU_DRM_MAX_VMS + 1; i++) {
        g_assert_cmpint(user_batch(h, 0x900000 + 0x1000 * i, 0, false, &why),
                        ==, MVGPU_BATCH_FAULT);
    }
    g_assert_cmpuint(f->vms_made - vms, ==, MVGPU_DRM_MAX_VMS + 1);
    g_assert_cmpuint(f->vms, ==, MVGPU_DRM_MAX_VMS);
    g_assert_cmpuint(mvgpu_drm_stats(h->core)->vms_evicted, ==, 1);
    /* The root used last is still there: no new VM for it. */
    g_assert_cmpint(user_batch(h, 0x900000 + 0x1000 * MVGPU_DRM_MAX_VMS, 0,
                               false, &why), ==, MVGPU_BATCH_FAULT);
    g_assert_cmpuint(f->vms_made - vms, ==, MVGPU_DRM_MAX_VMS + 1);
    fake_host_free(h);
    g_assert_cmpuint(f->vms, ==, 0);
    fake_i915_free(f);
}

/* The guest announces a PPGTT's end (PVINFO g2v): its host VM goes. */
static void g2v_destroy(FakeHost *h, uint64_t pml4)
{
    mvgpu_core_bar0_write(h->core, PVINFO_BASE + PV_PDP_BASE, (uint32_t)pml4,
                          4);
    mvgpu_core_bar0_write(h->core, PVINFO_BASE + PV_PDP_BASE + 4, pml4 >> 32,
                          4);
    mvgpu_core_bar0_write(h->core, PVINFO_BASE + PV_G2V_NOTIFY,
                          VGT_G2V_PPGTT_L4_DESTROY, 4);
}

static void test_ppgtt_destroyed(void)
{
    FakeI915 *f = fake_i915_new();
    FakeHost *h = drm_host(f, true);
    const char *why;

    gp_make_ppgtt(h);
    make_batch(h);
    g_assert_cmpint(user_batch(h, 0x900000, 0, false, &why), ==,
                    MVGPU_BATCH_FAULT);
    g_assert_cmpint(user_batch(h, 0x901000, 0, false, &why), ==,
                    MVGPU_BATCH_FAULT);
    g_assert_cmpuint(f->vms, ==, 2);
    /* Another root: nothing goes. */
    g2v_destroy(h, 0x902000);
    g_assert_cmpuint(f->vms, ==, 2);
    g2v_destroy(h, 0x900000);
    g_assert_cmpuint(f->vms, ==, 1);
    g_assert_cmpuint(f->contexts, ==, 1);
    g_assert_cmpuint(mvgpu_drm_stats(h->core)->vms_destroyed, ==, 1);
    /* Used again: a new VM. */
    g_assert_cmpint(user_batch(h, 0x900000, 0, false, &why), ==,
                    MVGPU_BATCH_FAULT);
    g_assert_cmpuint(f->vms, ==, 2);
    fake_host_free(h);
    fake_i915_free(f);
}

/* Without host RAM pointers user batches stay with the interpreter. */
static void test_no_ram_ptr(void)
{
    FakeI915 *f = fake_i915_new();
    FakeHost *h = drm_host(f, true);
    const char *why;

    h->core->host.ram_ptr = NULL;
    g_assert_cmpint(user_batch(h, GP_PML4, 0, false, &why), ==,
                    MVGPU_BATCH_HERE);
    g_assert_cmpint(user_batch(h, GP_PML4, 0, false, &why), ==,
                    MVGPU_BATCH_HERE);
    g_assert_cmpuint(mvgpu_drm_stats(h->core)->soft_batches, ==, 2);
    g_assert_cmpuint(h->unimp, ==, 1);
    g_assert_cmpuint(f->execbufs, ==, 0);
    fake_host_free(h);
    fake_i915_free(f);
}

/* ---- through the execlist: a context starts, its root gets a host VM */

static void test_execlist(void)
{
    FakeI915 *f = fake_i915_new();
    FakeHost *h = drm_host(f, true);

    gp_make_ppgtt(h);
    make_batch(h);
    gp_setup_execlist(h);
    gp_submit(h, 0x42);
    fake_host_run_until(h, h->now_ns + 1000000);

    /* The context's root got its host VM and context when it started. */
    g_assert_cmpuint(f->vms, ==, 1);
    g_assert_cmpuint(f->contexts, ==, 1);
    /* The batch ran on the host; the ring around it in soft.c. */
    g_assert_cmphex(gp_ram32(h, 0x310010), ==, 0xc0ffee01);
    g_assert_cmphex(gp_ram32(h, 0x320020), ==, 0xc0ffee02);
    g_assert_cmpuint(f->execbufs, ==, 1);
    g_assert_cmphex(gp_ctx_head(h), ==, GP_SUBMIT_BYTES);
    g_assert_cmpuint(h->guest_errors, ==, 0);

    /* A fence held: the engine waits (PENDING) until the kick. */
    f->hold_fences = true;
    gp_make_batch(h, 0x11, 0x22);
    gp_submit(h, 0x43);
    fake_host_run_until(h, h->now_ns + 10000000);
    g_assert_cmpuint(f->execbufs, ==, 2);
    g_assert_cmphex(gp_ctx_head(h), ==, GP_SUBMIT_BYTES);
    g_assert_cmpuint(h->nwatches, ==, 1);
    fake_i915_signal(f);
    g_assert_cmpuint(fake_host_poll_fds(h, 1000), ==, 1);
    /* The kick runs the engine (on the worker, when there is one). */
    mvgpu_core_drain(h->core);
    fake_host_run_until(h, h->now_ns + 1000000);
    g_assert_cmphex(gp_ctx_head(h), ==, 2 * GP_SUBMIT_BYTES);
    g_assert_cmphex(gp_ram32(h, 0x310010), ==, 0x11);

    /* A batch the host hangs on: the engine hangs, as soft's would. */
    f->hold_fences = false;
    mb_write32(&h->mem, 0x300000, 0x7fffffff);
    gp_submit(h, 0x44);
    fake_host_run_until(h, h->now_ns + 1000000);
    g_assert_cmpuint(h->nwatches, ==, 0);
    g_assert_true(fake_host_logged(h, "the host GPU failed the user batch"));
    g_assert_cmphex(gp_ctx_head(h), ==, 2 * GP_SUBMIT_BYTES);
    fake_host_free(h);
    fake_i915_free(f);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/mvgpu/drm/open-close", test_open_close);
    g_test_add_func("/mvgpu/drm/refused", test_refused);
    g_test_add_func("/mvgpu/drm/read-only-ram", test_read_only_ram);
    g_test_add_func("/mvgpu/drm/ppgtt-destroyed", test_ppgtt_destroyed);
    g_test_add_func("/mvgpu/drm/ppgtt-runs", test_runs);
    g_test_add_func("/mvgpu/drm/batch-watched", test_batch_watched);
    g_test_add_func("/mvgpu/drm/batch-polled", test_batch_polled);
    g_test_add_func("/mvgpu/drm/mirror-follows", test_mirror_follows);
    g_test_add_func("/mvgpu/drm/faults", test_faults);
    g_test_add_func("/mvgpu/drm/object-bound", test_object_bound);
    g_test_add_func("/mvgpu/drm/vm-per-root", test_vm_per_root);
    g_test_add_func("/mvgpu/drm/no-ram-ptr", test_no_ram_ptr);
    g_test_add_func("/mvgpu/drm/execlist", test_execlist);
    return g_test_run();
}
