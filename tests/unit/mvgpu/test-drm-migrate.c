/*
 * Unit tests of saving and loading a backend drm device (savestate.h,
 * docs/drm-backend.md "Migration") against two fake i915s, one per side:
 * a user batch still on the host GPU refuses the save once the wait for
 * it is over; one that has ended is taken as ended (not run again on the
 * destination), one the host failed faults on the destination; the
 * destination makes its host VM and objects again for the next batch.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "fake-host.h"
#include "fake-i915.h"
#include "guest-ppgtt.h"
#include "drm.h"
#include "savestate.h"

#define NODE            "/dev/dri/renderD128"

static FakeHost *drm_host(FakeI915 *f)
{
    MvgpuConfig cfg = fake_host_default_config();

    cfg.backend = "drm";
    cfg.render_node = NODE;
    fake_i915_add_node(f, NODE);
    return fake_host_new_drm(&cfg, &f->ops, true);
}

/*
 * A started context whose user batch is on the host, its fence held; with
 * @hang one the fake hangs on (its fence fails with -EIO).
 */
static FakeHost *batch_in_flight(FakeI915 *f, bool hang)
{
    FakeHost *h = drm_host(f);

    gp_make_ppgtt(h);
    gp_make_batch(h, 0x5a1, 0x5a2);
    gp_setup_execlist(h);
    if (hang) {
        mb_write32(&h->mem, 0x300000, 0x7fffffff);
    }
    f->hold_fences = true;
    gp_submit(h, 0x51);
    fake_host_run_until(h, h->now_ns + 1000000);
    g_assert_cmpuint(f->execbufs, ==, 1);
    g_assert_cmphex(gp_ctx_head(h), ==, 0);
    return h;
}

static MvgpuSavedState *try_save(FakeHost *h, char **msg)
{
    MvgpuSavedState *s = g_new0(MvgpuSavedState, 1);

    if (!mvgpu_core_save_state(h->core, s, msg)) {
        mvgpu_saved_state_clear(s);
        g_free(s);
        return NULL;
    }
    return s;
}

/* A destination on its own fake i915 with the source's RAM and clock. */
static FakeHost *load_on(FakeI915 *f, FakeHost *src, MvgpuSavedState *s)
{
    FakeHost *h = drm_host(f);
    g_autofree char *msg = NULL;

    memcpy(h->ram, src->ram, FAKE_RAM_SIZE);
    h->now_ns = src->now_ns;
    if (!mvgpu_core_load_state(h->core, s, &msg)) {
        g_error("load refused: %s", msg);
    }
    mvgpu_saved_state_clear(s);
    g_free(s);
    return h;
}

/*
 * The batch in flight on @h ends on the host, but no slice takes it (no fd
 * poll) before the save: @h (and @f) go, the destination on @g is returned.
 */
static FakeHost *moved_after_end(FakeI915 *f, FakeHost *h, FakeI915 *g)
{
    g_autofree char *msg = NULL;
    MvgpuSavedState *s;
    FakeHost *d;

    fake_i915_signal(f);
    s = try_save(h, &msg);
    g_assert_nonnull(s);
    d = load_on(g, h, s);
    fake_host_free(h);
    fake_i915_free(f);
    return d;
}

static void test_batch_running_refuses(void)
{
    FakeI915 *f = fake_i915_new();
    FakeHost *h = batch_in_flight(f, false);
    g_autofree char *msg = NULL;

    mvgpu_drm_set_drain_ms(h->core, 0);
    g_assert_null(try_save(h, &msg));
    g_assert_nonnull(strstr(msg, "still running on the host GPU"));
    /* The source goes on: the batch ends, the context completes. */
    fake_i915_signal(f);
    g_assert_cmpuint(fake_host_poll_fds(h, 1000), ==, 1);
    mvgpu_core_drain(h->core);
    fake_host_run_until(h, h->now_ns + 1000000);
    g_assert_cmphex(gp_ctx_head(h), ==, GP_SUBMIT_BYTES);
    g_assert_cmphex(gp_ram32(h, 0x310010), ==, 0x5a1);
    g_assert_cmpuint(f->execbufs, ==, 1);
    fake_host_free(h);
    fake_i915_free(f);
}

/*
 * Runs the destination's timers for a millisecond and, with the worker,
 * waits for the slices they posted, then runs what those left.
 */
static void settle(FakeHost *d)
{
    fake_host_run_until(d, d->now_ns + 1000000);
    mvgpu_core_drain(d->core);
    fake_host_run_until(d, d->now_ns + 1000000);
}

static void test_batch_ended_not_rerun(void)
{
    FakeI915 *f = fake_i915_new(), *g = fake_i915_new();
    FakeHost *d = moved_after_end(f, batch_in_flight(f, false), g);

    /* The destination goes on after the batch: it does not run it again. */
    settle(d);
    g_assert_cmphex(gp_ctx_head(d), ==, GP_SUBMIT_BYTES);
    g_assert_cmphex(gp_ram32(d, 0x310010), ==, 0x5a1);
    g_assert_cmpuint(g->execbufs, ==, 0);
    g_assert_cmpuint(d->guest_errors, ==, 0);

    /* Its next batch runs on its own host: VM and objects made anew. */
    gp_make_batch(d, 0x6b1, 0x6b2);
    gp_submit(d, 0x52);
    fake_host_run_until(d, d->now_ns + 1000000);
    mvgpu_core_drain(d->core);
    fake_host_poll_fds(d, 1000);
    fake_host_run_until(d, d->now_ns + 1000000);
    g_assert_cmpuint(g->vms, ==, 1);
    g_assert_cmpuint(g->execbufs, ==, 1);
    g_assert_cmphex(gp_ram32(d, 0x310010), ==, 0x6b1);
    g_assert_cmphex(gp_ram32(d, 0x320020), ==, 0x6b2);
    g_assert_cmphex(gp_ctx_head(d), ==, 2 * GP_SUBMIT_BYTES);
    fake_host_free(d);
    fake_i915_free(g);
}

static void test_batch_failed_faults_on_destination(void)
{
    FakeI915 *f = fake_i915_new(), *g = fake_i915_new();
    FakeHost *d = moved_after_end(f, batch_in_flight(f, true), g);

    settle(d);
    g_assert_true(fake_host_logged(d, "the host GPU failed the user batch"));
    g_assert_cmphex(gp_ctx_head(d), ==, 0);
    g_assert_cmpuint(g->execbufs, ==, 0);
    fake_host_free(d);
    fake_i915_free(g);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/mvgpu/drm-migrate/batch-running-refuses",
                    test_batch_running_refuses);
    g_test_add_func("/mvgpu/drm-migrate/batch-ended-not-rerun",
                    test_batch_ended_not_rerun);
    g_test_add_func("/mvgpu/drm-migrate/batch-failed-faults-on-destination",
                    test_batch_failed_faults_on_destination);
    return g_test_run();
}
