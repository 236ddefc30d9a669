/*
 * Unit tests of the PVINFO page and of the configuration check.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "fake-host.h"
#include "gen9-regs.h"

#define PV(f) (PVINFO_BASE + (f))

static void test_magic_and_version(void)
{
    FakeHost *h = fake_host_new();

    g_assert_false(h->core->pv_notified);
    g_assert_cmphex(mvgpu_core_bar0_read(h->core, PV(PV_MAGIC), 8), ==,
                    0x4776544776544776ull);
    g_assert_true(h->core->pv_notified);
    g_assert_cmphex(rd(h, PV(PV_MAGIC)), ==, 0x76544776);
    g_assert_cmphex(rd(h, PV(PV_MAGIC + 4)), ==, 0x47765447);
    g_assert_cmphex(mvgpu_core_bar0_read(h->core, PV(PV_VERSION_MAJOR), 2),
                    ==, 1);
    g_assert_cmphex(mvgpu_core_bar0_read(h->core, PV(PV_VERSION_MAJOR + 2), 2),
                    ==, 0);
    g_assert_cmphex(rd(h, PV(PV_VGT_CAPS)), ==,
                    VGT_CAPS_FULL_PPGTT | VGT_CAPS_HWSP_EMULATION);
    g_assert_cmpuint(rd(h, PV(PV_FENCE_NUM)), ==, 32);
    g_assert_cmphex(rd(h, PV(PV_CURSOR_X_HOT)), ==, 0xffffffff);
    g_assert_cmpuint(h->guest_errors + h->unimp, ==, 0);
    fake_host_free(h);
}

static void check_ballooning(uint64_t aperture)
{
    MvgpuConfig cfg = fake_host_default_config();
    FakeHost *h;
    const uint64_t ggtt = 4ull << 30;
    uint64_t mb, ms, nb, ns;

    cfg.device_id = 0x1912;
    cfg.aperture_size = aperture;
    h = fake_host_new_with(&cfg);
    mb = rd(h, PV(PV_MAPPABLE_BASE));
    ms = rd(h, PV(PV_MAPPABLE_SIZE));
    nb = rd(h, PV(PV_NONMAPPABLE_BASE));
    ns = rd(h, PV(PV_NONMAPPABLE_SIZE));

    /*
     * The guest's own checks (Linux drivers/gpu/drm/i915/i915_vgpu.c,
     * intel_vgt_balloon()), and nothing ballooned.
     */
    g_assert_cmpuint(mb, ==, 0);
    g_assert_cmpuint(ms, ==, aperture);
    g_assert_cmpuint(nb, ==, aperture);
    g_assert_cmpuint(nb + ns, ==, ggtt);
    fake_host_free(h);
}

static void test_ballooning(void)
{
    check_ballooning(64ull << 20);
    check_ballooning(256ull << 20);
    check_ballooning(1ull << 30);
}

static void test_writes(void)
{
    FakeHost *h = fake_host_new();

    wr(h, PV(PV_DISPLAY_READY), 1);
    g_assert_cmpuint(rd(h, PV(PV_DISPLAY_READY)), ==, 1);
    wr(h, PV(PV_CURSOR_X_HOT), 7);
    g_assert_cmpuint(rd(h, PV(PV_CURSOR_X_HOT)), ==, 7);
    g_assert_cmpuint(h->guest_errors, ==, 0);

    /* Read-only fields keep their value; the write is reported. */
    wr(h, PV(PV_MAGIC), 0);
    wr(h, PV(PV_VGT_CAPS), 0);
    wr(h, PV(PV_MAPPABLE_SIZE), 0x1000);
    g_assert_cmphex(rd(h, PV(PV_MAGIC)), ==, 0x76544776);
    g_assert_cmphex(rd(h, PV(PV_VGT_CAPS)), ==,
                    VGT_CAPS_FULL_PPGTT | VGT_CAPS_HWSP_EMULATION);
    g_assert_cmphex(rd(h, PV(PV_MAPPABLE_SIZE)), ==, MVGPU_APERTURE_DEFAULT);
    g_assert_cmpuint(h->guest_errors, ==, 3);

    /* The guest's "ballooning failed" signal is reported as such. */
    wr(h, PV(PV_RSV5), 1);
    g_assert_true(fake_host_logged(h, "could not use the resources"));

    /* A reset forgets what the guest wrote. */
    mvgpu_core_reset(h->core);
    g_assert_cmpuint(rd(h, PV(PV_DISPLAY_READY)), ==, 0);
    fake_host_free(h);
}

static void announce(FakeHost *h, uint64_t root, uint32_t code)
{
    wr(h, PV(PV_PDP_BASE), (uint32_t)root);
    wr(h, PV(PV_PDP_BASE + 4), (uint32_t)(root >> 32));
    wr(h, PV(PV_G2V_NOTIFY), code);
}

static void test_g2v_ppgtt(void)
{
    FakeHost *h = fake_host_new();
    GHashTable *roots = h->core->ppgtt_roots;

    announce(h, 0x1234000, VGT_G2V_PPGTT_L4_CREATE);
    announce(h, 0x100005000ull, VGT_G2V_PPGTT_L4_CREATE);
    g_assert_cmpuint(g_hash_table_size(roots), ==, 2);
    g_assert_true(g_hash_table_contains(roots, GSIZE_TO_POINTER(0x100005000ull)));
    g_assert_cmpuint(rd(h, PV(PV_G2V_NOTIFY)), ==, VGT_G2V_PPGTT_L4_CREATE);
    announce(h, 0x1234000, VGT_G2V_PPGTT_L4_DESTROY);
    g_assert_cmpuint(g_hash_table_size(roots), ==, 1);
    g_assert_false(g_hash_table_contains(roots, GSIZE_TO_POINTER(0x1234000)));
    g_assert_cmpuint(h->core->g2v_notifications, ==, 3);
    g_assert_cmpuint(h->guest_errors, ==, 0);

    /* Unknown codes are reported; execlist codes are accepted quietly. */
    wr(h, PV(PV_G2V_NOTIFY), VGT_G2V_EXECLIST_CREATE);
    g_assert_cmpuint(h->guest_errors, ==, 0);
    wr(h, PV(PV_G2V_NOTIFY), 99);
    g_assert_true(fake_host_logged(h, "unknown g2v notification 99"));
    fake_host_free(h);
}

static void test_g2v_bounded(void)
{
    FakeHost *h = fake_host_new();

    for (uint64_t i = 0; i < MVGPU_MAX_PPGTT_ROOTS + 10; i++) {
        announce(h, (i + 1) << 12, VGT_G2V_PPGTT_L4_CREATE);
    }
    g_assert_cmpuint(g_hash_table_size(h->core->ppgtt_roots), ==,
                     MVGPU_MAX_PPGTT_ROOTS);
    g_assert_true(fake_host_logged(h, "PPGTTs announced"));
    fake_host_free(h);
}

static void test_config_check(void)
{
    MvgpuConfig good = fake_host_default_config();
    MvgpuConfig cfg;
    char *msg = NULL;

    g_assert_true(mvgpu_config_check(&good, &msg));
    g_assert_null(msg);

    cfg = good;
    cfg.device_id = 0x1234;
    g_assert_false(mvgpu_config_check(&cfg, &msg));
    g_assert_nonnull(strstr(msg, "device-id 0x1234"));
    g_assert_nonnull(strstr(msg, "0x5912"));
    g_assert_nonnull(strstr(msg, "0x1916"));
    g_clear_pointer(&msg, g_free);

    cfg = good;
    cfg.device_id = 0x1906;     /* Skylake GT1: not a GT2 */
    g_assert_false(mvgpu_config_check(&cfg, &msg));
    g_clear_pointer(&msg, g_free);

    const uint64_t bad[] = { 0, 32ull << 20, 96ull << 20, 2ull << 30,
                             (256ull << 20) + 4096 };
    for (size_t i = 0; i < G_N_ELEMENTS(bad); i++) {
        cfg = good;
        cfg.aperture_size = bad[i];
        g_assert_false(mvgpu_config_check(&cfg, &msg));
        g_assert_nonnull(strstr(msg, "aperture-size"));
        g_assert_nonnull(strstr(msg, "power of two from 64M to 1G"));
        g_clear_pointer(&msg, g_free);
    }
    const uint64_t ok[] = { 64ull << 20, 128ull << 20, 512ull << 20, 1ull << 30 };
    for (size_t i = 0; i < G_N_ELEMENTS(ok); i++) {
        cfg = good;
        cfg.aperture_size = ok[i];
        g_assert_true(mvgpu_config_check(&cfg, &msg));
    }

    /* Backends: the known ones, or an error that lists them. */
    cfg = good;
    cfg.backend = NULL;
    g_assert_true(mvgpu_config_check(&cfg, &msg));
    cfg.backend = "soft";
    g_assert_true(mvgpu_config_check(&cfg, &msg));
    cfg.backend = "drm";
    g_assert_true(mvgpu_config_check(&cfg, &msg));
    cfg.render_node = "/dev/dri/renderD128";
    g_assert_true(mvgpu_config_check(&cfg, &msg));
    cfg.backend = "gpu";
    g_assert_false(mvgpu_config_check(&cfg, &msg));
    g_assert_nonnull(strstr(msg, "backend 'gpu' is not known; accepted: "
                            "soft, drm"));
    g_clear_pointer(&msg, g_free);
    /* A render node is the drm backend's only. */
    cfg.backend = NULL;
    g_assert_false(mvgpu_config_check(&cfg, &msg));
    g_assert_nonnull(strstr(msg, "render-node is for backend=drm only; "
                            "backend 'soft' uses no render node"));
    g_clear_pointer(&msg, g_free);
    cfg.backend = "soft";
    g_assert_false(mvgpu_config_check(&cfg, &msg));
    g_clear_pointer(&msg, g_free);

    /* Monitor modes. */
    cfg = good;
    cfg.xres = 4096;
    cfg.yres = 2160;
    g_assert_true(mvgpu_config_check(&cfg, &msg));
    cfg.xres = 4097;
    g_assert_false(mvgpu_config_check(&cfg, &msg));
    g_assert_nonnull(strstr(msg, "xres x yres 4097x2160"));
    g_clear_pointer(&msg, g_free);
    cfg = good;
    cfg.yres = 100;
    g_assert_false(mvgpu_config_check(&cfg, &msg));
    g_clear_pointer(&msg, g_free);
    cfg = good;
    cfg.xmax = 8192;
    g_assert_false(mvgpu_config_check(&cfg, &msg));
    g_assert_nonnull(strstr(msg, "xmax x ymax 8192x2160"));
    g_clear_pointer(&msg, g_free);
}

static void test_device_table(void)
{
    const MvgpuDeviceInfo *dev = NULL;

    g_assert_true(mvgpu_platform_for_device(0x5912, &dev) == &mvgpu_gen9);
    g_assert_cmphex(dev->id, ==, 0x5912);
    g_assert_nonnull(strstr(dev->name, "Kaby Lake"));
    g_assert_null(mvgpu_platform_for_device(0x3e92, NULL));
    g_assert_cmpuint(mvgpu_gen9.default_device_id, ==, 0x5912);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/mvgpu/pvinfo/magic-and-version", test_magic_and_version);
    g_test_add_func("/mvgpu/pvinfo/ballooning", test_ballooning);
    g_test_add_func("/mvgpu/pvinfo/writes", test_writes);
    g_test_add_func("/mvgpu/pvinfo/g2v-ppgtt", test_g2v_ppgtt);
    g_test_add_func("/mvgpu/pvinfo/g2v-bounded", test_g2v_bounded);
    g_test_add_func("/mvgpu/config/check", test_config_check);
    g_test_add_func("/mvgpu/config/device-table", test_device_table);
    return g_test_run();
}
