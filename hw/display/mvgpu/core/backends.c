/*
 * mvgpu core: the backends a device may use (backend.h), by name.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "internal.h"
#include "backend.h"

const MvgpuBackend *mvgpu_backend_find(const char *name)
{
    static const MvgpuBackend *const backends[] = {
        &mvgpu_backend_soft, &mvgpu_backend_drm,
    };

    for (size_t i = 0; i < G_N_ELEMENTS(backends); i++) {
        if (!strcmp(backends[i]->name, name)) {
            return backends[i];
        }
    }
    return NULL;
}
