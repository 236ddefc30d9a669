/*
 * mvgpu core: which platform a device id belongs to.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "internal.h"

static const MvgpuPlatform *const platforms[] = {
    &mvgpu_gen9,
};

const MvgpuPlatform *mvgpu_platform_for_device(uint32_t device_id,
                                               const MvgpuDeviceInfo **dev)
{
    for (size_t p = 0; p < G_N_ELEMENTS(platforms); p++) {
        for (size_t i = 0; i < platforms[p]->ndevices; i++) {
            if (platforms[p]->devices[i].id == device_id) {
                if (dev) {
                    *dev = &platforms[p]->devices[i];
                }
                return platforms[p];
            }
        }
    }
    return NULL;
}

char *mvgpu_accepted_device_ids(void)
{
    GString *s = g_string_new(NULL);

    for (size_t p = 0; p < G_N_ELEMENTS(platforms); p++) {
        for (size_t i = 0; i < platforms[p]->ndevices; i++) {
            g_string_append_printf(s, "%s0x%04x", s->len ? ", " : "",
                                   platforms[p]->devices[i].id);
        }
    }
    return g_string_free(s, FALSE);
}

MvgpuConfig mvgpu_config_default(void)
{
    return (MvgpuConfig) {
        .device_id = mvgpu_gen9.default_device_id,
        .aperture_size = MVGPU_APERTURE_DEFAULT,
        .xres = MVGPU_XRES_DEFAULT, .yres = MVGPU_YRES_DEFAULT,
        .xmax = MVGPU_XMAX_DEFAULT, .ymax = MVGPU_YMAX_DEFAULT,
        .backend = "soft",
    };
}

bool mvgpu_config_check(const MvgpuConfig *cfg, char **msg)
{
    uint64_t ap = cfg->aperture_size;

    if (cfg->backend && !mvgpu_backend_find(cfg->backend)) {
        *msg = g_strdup_printf("backend '%s' is not known; accepted: %s",
                               cfg->backend, MVGPU_BACKEND_NAMES);
        return false;
    }

    if (cfg->render_node &&
        (!cfg->backend || strcmp(cfg->backend, "drm"))) {
        *msg = g_strdup_printf("render-node is for backend=drm only; "
                               "backend '%s' uses no render node",
                               cfg->backend ? cfg->backend : "soft");
        return false;
    }

    if (!mvgpu_platform_for_device(cfg->device_id, NULL)) {
        g_autofree char *ids = mvgpu_accepted_device_ids();
        *msg = g_strdup_printf("device-id 0x%x is not a supported Gen9 GT2 "
                               "device; accepted: %s", cfg->device_id, ids);
        return false;
    }
    if (ap < MVGPU_APERTURE_MIN || ap > MVGPU_APERTURE_MAX || (ap & (ap - 1))) {
        *msg = g_strdup_printf("aperture-size %" G_GUINT64_FORMAT " is not "
                               "valid; it must be a power of two from 64M "
                               "to 1G (64M, 128M, 256M, 512M or 1G)", ap);
        return false;
    }
    if (cfg->xmax < MVGPU_MODE_MIN_X || cfg->xmax > MVGPU_MODE_MAX_X ||
        cfg->ymax < MVGPU_MODE_MIN_Y || cfg->ymax > MVGPU_MODE_MAX_Y) {
        *msg = g_strdup_printf("xmax x ymax %ux%u is not valid; the largest "
                               "mode must be from %ux%u to %ux%u", cfg->xmax,
                               cfg->ymax, MVGPU_MODE_MIN_X, MVGPU_MODE_MIN_Y,
                               MVGPU_MODE_MAX_X, MVGPU_MODE_MAX_Y);
        return false;
    }
    if (cfg->xres < MVGPU_MODE_MIN_X || cfg->xres > cfg->xmax ||
        cfg->yres < MVGPU_MODE_MIN_Y || cfg->yres > cfg->ymax) {
        *msg = g_strdup_printf("xres x yres %ux%u is not valid; the preferred "
                               "mode must be from %ux%u to xmax x ymax "
                               "(%ux%u)", cfg->xres, cfg->yres,
                               MVGPU_MODE_MIN_X, MVGPU_MODE_MIN_Y,
                               cfg->xmax, cfg->ymax);
        return false;
    }
    return true;
}
