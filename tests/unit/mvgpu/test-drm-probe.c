/*
 * Unit tests of backend drm's start-up checks (drm-probe.c) against a
 * fake i915 (fake-i915.c): a good node is accepted; each thing that can
 * be wrong with a node refuses it with a sentence naming it, and nothing
 * stays open; without render-node the first good node of renderD128..191
 * is taken, and when none is, every refusal is listed. The host GPU table
 * accepts exactly the Gen9 GT2 and larger parts.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <errno.h>

#include <libdrm/i915_drm.h>

#include "internal.h"
#include "drm-probe.h"
#include "fake-i915.h"

#define NODE "/dev/dri/renderD128"

/* Probes @path, expecting a refusal that contains every one of @needles. */
static void expect_refused(FakeI915 *f, const char *path,
                           const char *const *needles)
{
    MvgpuDrmNode node;
    g_autofree char *why = NULL;

    g_assert_false(mvgpu_drm_probe(&f->ops, path, &node, &why));
    g_assert_nonnull(why);
    if (g_test_verbose()) {
        g_test_message("%s", why);
    }
    g_assert_true(g_str_has_prefix(why, path));
    for (unsigned i = 0; needles[i]; i++) {
        if (!strstr(why, needles[i])) {
            g_error("'%s' not in: %s", needles[i], why);
        }
    }
    /* A refused node leaves nothing behind. */
    g_assert_cmpint(f->open_fds, ==, 0);
    g_assert_cmpuint(f->userptr_objects, ==, 0);
    g_assert_cmpuint(f->vms, ==, 0);
}

static void test_accepts(void)
{
    FakeI915 *f = fake_i915_new();
    MvgpuDrmNode node;
    g_autofree char *why = NULL;

    fake_i915_add_node(f, NODE);
    g_assert_true(mvgpu_drm_probe(&f->ops, NODE, &node, &why));
    g_assert_null(why);
    g_assert_cmpstr(node.path, ==, NODE);
    g_assert_cmphex(node.gpu->id, ==, 0x5912);
    g_assert_cmpstr(node.gpu->name, ==, "Kaby Lake GT2");
    g_assert_cmpuint(node.gtt_size, ==, 1ull << 48);
    g_assert_true(node.userptr_probe);
    g_assert_cmphex(f->last_userptr_flags, ==, I915_USERPTR_PROBE);
    /* The node stays open; the checks' userptr object and VM are gone. */
    g_assert_cmpint(f->open_fds, ==, 1);
    g_assert_cmpuint(f->userptr_objects, ==, 0);
    g_assert_cmpuint(f->vms, ==, 0);
    mvgpu_drm_node_close(&node);
    g_assert_cmpint(f->open_fds, ==, 0);
    g_assert_null(node.path);
    fake_i915_free(f);
}

/* A kernel before 5.14 has no I915_USERPTR_PROBE: plain userptr then. */
static void test_userptr_without_probe(void)
{
    FakeI915 *f = fake_i915_new();
    MvgpuDrmNode node;
    g_autofree char *why = NULL;

    fake_i915_add_node(f, NODE)->userptr_probe = 0;
    g_assert_true(mvgpu_drm_probe(&f->ops, NODE, &node, &why));
    g_assert_false(node.userptr_probe);
    g_assert_cmphex(f->last_userptr_flags, ==, 0);
    mvgpu_drm_node_close(&node);
    fake_i915_free(f);
}

static void test_open_refusals(void)
{
    FakeI915 *f = fake_i915_new();

    expect_refused(f, "/dev/dri/renderD200", (const char *[]) {
        "no such device node", "/dev/dri/renderD128 and up", NULL });
    fake_i915_add_node(f, NODE)->open_errno = EACCES;
    expect_refused(f, NODE, (const char *[]) {
        "permission denied", "'render'", "cgroup_device_acl",
        "seclabel", NULL });
    f->nodes[0].open_errno = ENXIO;
    expect_refused(f, NODE, (const char *[]) { "no device behind", NULL });
    f->nodes[0].open_errno = EMFILE;
    expect_refused(f, NODE, (const char *[]) { "cannot be opened", NULL });
    fake_i915_free(f);
}

static void test_driver_refusals(void)
{
    FakeI915 *f = fake_i915_new();
    FakeI915Node *n = fake_i915_add_node(f, NODE);

    /* The guest's vgem: a DRM node, not i915. */
    n->driver = "vgem";
    expect_refused(f, NODE, (const char *[]) {
        "its driver is 'vgem', not i915", "Gen9", NULL });
    n->driver = NULL;
    expect_refused(f, NODE, (const char *[]) {
        "not a DRM device", "DRM_IOCTL_VERSION", NULL });
    /* A name longer than the buffer is cut, not overrun. */
    n->driver = "a-driver-name-far-longer-than-thirty-two-bytes";
    expect_refused(f, NODE, (const char *[]) {
        "its driver is 'a-driver-name-far-longer-than-t'", NULL });
    fake_i915_free(f);
}

static void test_gpu_refusals(void)
{
    static const struct {
        int id;
        const char *needles[3];
    } cases[] = {
        { 0x1616, { "(Broadwell GT2, 0x1616, Gen8)", "Gen8 and older" } },
        { 0x22b0, { "(Cherryview, 0x22b0, Gen8)", "Gen8 and older" } },
        { 0x5a51, { "(Cannon Lake, 0x5a51, Gen10)", "Gen10 and later" } },
        { 0x8a52, { "(Ice Lake, 0x8a52, Gen11)", "Gen10 and later" } },
        { 0x4e61, { "(Jasper Lake, 0x4e61, Gen11)", "Gen10 and later" } },
        { 0x9a49, { "(Tiger Lake, 0x9a49, Gen12)", "Gen10 and later" } },
        { 0x46a6, { "(Alder Lake-P, 0x46a6, Gen12)", "Gen10 and later" } },
        { 0x5a85, { "(Apollo Lake, 0x5a85, Gen9)", "Gen9 LP" } },
        { 0x3185, { "(Gemini Lake, 0x3185, Gen9)", "Gen9 LP" } },
        { 0x5902, { "(Kaby Lake GT1, 0x5902, Gen9)", "GT1 or GT1.5" } },
        { 0x1913, { "(Skylake GT1.5, 0x1913, Gen9)", "GT1 or GT1.5" } },
        { 0x9ba4, { "(Comet Lake GT1, 0x9ba4, Gen9)", "GT1 or GT1.5" } },
        { 0x1234, { "device id 0x1234 is not one the drm backend knows" } },
    };
    FakeI915 *f = fake_i915_new();
    FakeI915Node *n = fake_i915_add_node(f, NODE);

    for (unsigned i = 0; i < G_N_ELEMENTS(cases); i++) {
        const char *needles[4] = { cases[i].needles[0], cases[i].needles[1],
                                   "Gen9 GT2 or larger", NULL };

        n->chipset_id = cases[i].id;
        expect_refused(f, NODE, needles);
    }
    fake_i915_free(f);
}

static void test_gpu_accepted(void)
{
    static const int ids[] = {
        0x1912, 0x191b, 0x1926, 0x1932, 0x5912, 0x5917, 0x5927, 0x593b,
        0x591c, 0x87c0, 0x87ca, 0x3e92, 0x3e9b, 0x3ea0, 0x3ea5, 0x9bc5,
        0x9bc8, 0x9b41,
    };
    FakeI915 *f = fake_i915_new();
    FakeI915Node *n = fake_i915_add_node(f, NODE);

    for (unsigned i = 0; i < G_N_ELEMENTS(ids); i++) {
        MvgpuDrmNode node;
        g_autofree char *why = NULL;

        n->chipset_id = ids[i];
        if (!mvgpu_drm_probe(&f->ops, NODE, &node, &why)) {
            g_error("0x%04x refused: %s", ids[i], why);
        }
        g_assert_cmphex(node.gpu->id, ==, ids[i]);
        g_assert_cmpuint(node.gpu->gen, ==, 9);
        g_assert_cmpuint(node.gpu->gt, >=, 2);
        mvgpu_drm_node_close(&node);
    }
    fake_i915_free(f);
}

/* Every device the guest may be shown would also do as the host's GPU. */
static void test_guest_ids_are_host_gen9_gt2(void)
{
    for (size_t i = 0; i < mvgpu_gen9.ndevices; i++) {
        const MvgpuHostGpu *gpu =
            mvgpu_host_gpu_find(mvgpu_gen9.devices[i].id);
        const char *why;

        g_assert_nonnull(gpu);
        g_assert_cmpuint(gpu->gen, ==, 9);
        g_assert_cmpuint(gpu->gt, ==, 2);
        g_assert_true(mvgpu_host_gpu_usable(gpu, &why));
    }
}

static void test_feature_refusals(void)
{
    FakeI915 *f = fake_i915_new();
    FakeI915Node *n = fake_i915_add_node(f, NODE);
    FakeI915Node good = *n;

    n->ppgtt = I915_GEM_PPGTT_ALIASING;
    expect_refused(f, NODE, (const char *[]) {
        "full PPGTT", "I915_PARAM_HAS_ALIASING_PPGTT is 1, 2 needed", NULL });
    *n = good;
    n->softpin = 0;
    expect_refused(f, NODE, (const char *[]) {
        "no softpin", "I915_PARAM_HAS_EXEC_SOFTPIN", NULL });
    *n = good;
    n->exec_fence = 0;
    expect_refused(f, NODE, (const char *[]) {
        "no execbuffer out-fences", "I915_PARAM_HAS_EXEC_FENCE", NULL });
    *n = good;
    n->userptr_errno = ENODEV;
    expect_refused(f, NODE, (const char *[]) {
        "cannot make userptr objects", "DRM_IOCTL_I915_GEM_USERPTR",
        "CONFIG_DRM_I915_USERPTR", NULL });
    *n = good;
    n->vm_create_errno = ENODEV;
    expect_refused(f, NODE, (const char *[]) {
        "cannot make address spaces", "DRM_IOCTL_I915_GEM_VM_CREATE", NULL });
    *n = good;
    n->gtt_size = 1ull << 32;
    expect_refused(f, NODE, (const char *[]) {
        "span 4096 MiB, not 48 bits", NULL });
    fake_i915_free(f);
}

static void test_scan(void)
{
    FakeI915 *f = fake_i915_new();
    MvgpuDrmNode node;
    g_autofree char *msg = NULL;

    /* No node at all. */
    g_assert_false(mvgpu_drm_open(&f->ops, NULL, &node, &msg));
    g_assert_nonnull(strstr(msg, "found no render node"));
    g_assert_nonnull(strstr(msg, "renderD128 to renderD191"));
    g_clear_pointer(&msg, g_free);

    /* vgem first, then a Broadwell: both refused, both named. */
    fake_i915_add_node(f, "/dev/dri/renderD128")->driver = "vgem";
    fake_i915_add_node(f, "/dev/dri/renderD130")->chipset_id = 0x1616;
    g_assert_false(mvgpu_drm_open(&f->ops, NULL, &node, &msg));
    if (g_test_verbose()) {
        g_test_message("%s", msg);
    }
    g_assert_nonnull(strstr(msg, "no usable render node: "
                            "/dev/dri/renderD128: its driver is 'vgem'"));
    g_assert_nonnull(strstr(msg, "; /dev/dri/renderD130: its GPU (Broadwell "
                            "GT2, 0x1616, Gen8)"));
    g_assert_nonnull(strstr(msg, "render-node=/dev/dri/renderDNNN"));
    g_assert_null(strstr(msg, "renderD129"));
    g_assert_cmpint(f->open_fds, ==, 0);
    g_clear_pointer(&msg, g_free);

    /* A good one after them is taken. */
    fake_i915_add_node(f, "/dev/dri/renderD131");
    g_assert_true(mvgpu_drm_open(&f->ops, NULL, &node, &msg));
    g_assert_null(msg);
    g_assert_cmpstr(node.path, ==, "/dev/dri/renderD131");
    g_assert_cmpint(f->open_fds, ==, 1);
    mvgpu_drm_node_close(&node);

    /* A named node is the only one tried. */
    g_assert_false(mvgpu_drm_open(&f->ops, "/dev/dri/renderD128", &node,
                                  &msg));
    g_assert_true(g_str_has_prefix(msg, "/dev/dri/renderD128: its driver"));
    g_clear_pointer(&msg, g_free);
    g_assert_true(mvgpu_drm_open(&f->ops, "/dev/dri/renderD131", &node,
                                 &msg));
    mvgpu_drm_node_close(&node);
    g_assert_cmpint(f->open_fds, ==, 0);
    fake_i915_free(f);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/mvgpu/drm-probe/accepts", test_accepts);
    g_test_add_func("/mvgpu/drm-probe/userptr-without-probe",
                    test_userptr_without_probe);
    g_test_add_func("/mvgpu/drm-probe/open", test_open_refusals);
    g_test_add_func("/mvgpu/drm-probe/driver", test_driver_refusals);
    g_test_add_func("/mvgpu/drm-probe/gpu-refused", test_gpu_refusals);
    g_test_add_func("/mvgpu/drm-probe/gpu-accepted", test_gpu_accepted);
    g_test_add_func("/mvgpu/drm-probe/guest-ids",
                    test_guest_ids_are_host_gen9_gt2);
    g_test_add_func("/mvgpu/drm-probe/features", test_feature_refusals);
    g_test_add_func("/mvgpu/drm-probe/scan", test_scan);
    return g_test_run();
}
