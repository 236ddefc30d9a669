/*
 * What our raw i915 uAPI guest programs (tests/guest/src) share: the
 * device they open, the ioctl wrappers (GEM objects, CPU maps, waits,
 * contexts, reset statistics) and the MI command encodings their batches
 * are made of. No libdrm: the kernel's uAPI header (i915_drm.h) and
 * ioctl() only. Define RESULT_PREFIX before including this (it includes
 * mvgpu-result.h); gem_open() reports a device it cannot open as
 * "RESULT <prefix>open FAIL".
 *
 * Not every program uses every helper, so they are static inline (no
 * unused-function warning where one goes unused).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef MVGPU_GUEST_GEM_H
#define MVGPU_GUEST_GEM_H

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <i915_drm.h>

#include "mvgpu-result.h"

/*
 * MI commands, Gen8+ forms (the length field is the dword count - 2);
 * Skylake PRM vol. 2a, "MI_*".
 */
#define MI_NOOP                 0u
#define MI_ARB_CHECK            (0x05u << 23)
#define MI_BATCH_BUFFER_END     (0x0au << 23)
#define MI_SEMAPHORE_WAIT       (0x1cu << 23 | 2)       /* 4 dwords */
#define MI_SEMAPHORE_POLL       (1u << 15)
#define MI_SEMAPHORE_SAD_EQ_SDD (4u << 12)
#define MI_STORE_DWORD_IMM      (0x20u << 23 | 2)       /* 4 dwords */
#define MI_LOAD_REGISTER_IMM_1  (0x22u << 23 | 1)   /* one register: 3 dwords */
#define MI_FLUSH_DW_4           (0x26u << 23 | 2)       /* 4 dwords */
/* First-level start in the PPGTT (bit 8), 3 dwords: a jump inside a batch. */
#define MI_BATCH_BUFFER_START   (0x31u << 23 | 1u << 8 | 1)
/* Ends the batch when the dword at the address is <= DW1 (bit 21: compare). */
#define MI_COND_BB_END          (0x36u << 23 | 1u << 21 | 2)

#define NS_PER_S                (1000ull * 1000 * 1000)

/* A case's reason for failing, for its RESULT line's detail. */
#define WHY     char why[400] = ""

/* The device node gem_open() opened. */
static int gem_fd = -1;

/* Opens @dev; false (and RESULT open FAIL) when it cannot. */
static inline bool gem_open(const char *dev)
{
    gem_fd = open(dev, O_RDWR | O_CLOEXEC);
    if (gem_fd < 0) {
        result("open", false, "%s: %s", dev, strerror(errno));
        return false;
    }
    return true;
}

/* ioctl() on the device, restarted when interrupted: 0 or -errno. */
static inline int xioctl(unsigned long req, void *arg)
{
    int r;

    do {
        r = ioctl(gem_fd, req, arg);
    } while (r == -1 && (errno == EINTR || errno == EAGAIN));
    return r == -1 ? -errno : 0;
}

static inline int getparam(int param, int *value)
{
    struct drm_i915_getparam gp = { .param = param, .value = value };

    return xioctl(DRM_IOCTL_I915_GETPARAM, &gp);
}

/* -ETIME by name (strerror's "Timer expired" hides it), else strerror. */
static inline const char *err_name(int err)
{
    return err == -ETIME ? "ETIME" : strerror(-err);
}

/* ------------------------------------------------------------ objects -- */

/* A new object of @size bytes, or 0 (and a line saying why). */
static inline uint32_t gem_create(uint64_t size)
{
    struct drm_i915_gem_create c = { .size = size };
    int r = xioctl(DRM_IOCTL_I915_GEM_CREATE, &c);

    if (r) {
        printf("gem_create(%" PRIu64 "): %s\n", size, strerror(-r));
        return 0;
    }
    return c.handle;
}

static inline void gem_close(uint32_t handle)
{
    struct drm_gem_close c = { .handle = handle };

    if (handle) {
        xioctl(DRM_IOCTL_GEM_CLOSE, &c);
    }
}

static inline int gem_pwrite(uint32_t handle, uint64_t off, const void *p,
                             uint64_t n)
{
    struct drm_i915_gem_pwrite w = {
        .handle = handle, .offset = off, .size = n,
        .data_ptr = (uintptr_t)p,
    };

    return xioctl(DRM_IOCTL_I915_GEM_PWRITE, &w);
}

static inline int gem_pread(uint32_t handle, uint64_t off, void *p,
                            uint64_t n)
{
    struct drm_i915_gem_pread r = {
        .handle = handle, .offset = off, .size = n,
        .data_ptr = (uintptr_t)p,
    };

    return xioctl(DRM_IOCTL_I915_GEM_PREAD, &r);
}

/* A new object holding @n dwords from @dw (the rest zero), or 0. */
static inline uint32_t gem_new(uint64_t size, const uint32_t *dw, unsigned n)
{
    uint32_t h = gem_create(size);

    if (h && n && gem_pwrite(h, 0, dw, (uint64_t)n * 4)) {
        gem_close(h);
        return 0;
    }
    return h;
}

/* 1 busy, 0 idle, -errno when the ioctl fails. */
static inline int gem_busy(uint32_t handle)
{
    struct drm_i915_gem_busy b = { .handle = handle };
    int err = xioctl(DRM_IOCTL_I915_GEM_BUSY, &b);

    return err ? err : b.busy != 0;
}

/* 0 once idle, -ETIME when still busy after @ns, else -errno. */
static inline int gem_wait(uint32_t handle, uint64_t ns)
{
    struct drm_i915_gem_wait w = { .bo_handle = handle, .timeout_ns = ns };

    return xioctl(DRM_IOCTL_I915_GEM_WAIT, &w);
}

/*
 * A CPU map of the whole object for writes while the GPU uses it: pwrite
 * and SET_DOMAIN would first wait for the object to be idle, a store
 * through a map does not. DRM_IOCTL_I915_GEM_MMAP_OFFSET (write-back, then
 * write-combining), else the legacy DRM_IOCTL_I915_GEM_MMAP. @how says
 * which one it was.
 */
static inline volatile uint32_t *gem_map(uint32_t handle, size_t size,
                                         const char **how)
{
    static const struct {
        uint64_t flags;
        const char *name;
    } modes[] = {
        { I915_MMAP_OFFSET_WB, "mmap_offset WB" },
        { I915_MMAP_OFFSET_WC, "mmap_offset WC" },
    };
    struct drm_i915_gem_mmap legacy = { .handle = handle, .size = size };

    for (unsigned i = 0; i < sizeof(modes) / sizeof(modes[0]); i++) {
        struct drm_i915_gem_mmap_offset mo = {
            .handle = handle, .flags = modes[i].flags,
        };
        void *p;

        if (xioctl(DRM_IOCTL_I915_GEM_MMAP_OFFSET, &mo)) {
            continue;
        }
        p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, gem_fd,
                 mo.offset);
        if (p != MAP_FAILED) {
            *how = modes[i].name;
            return p;
        }
    }
    if (xioctl(DRM_IOCTL_I915_GEM_MMAP, &legacy)) {
        *how = "no CPU map";
        return NULL;
    }
    *how = "legacy mmap";
    return (volatile uint32_t *)(uintptr_t)legacy.addr_ptr;
}

static inline void gem_unmap(volatile uint32_t *p, size_t size)
{
    if (p) {
        munmap((void *)p, size);
    }
}

/* The CPU's store must reach memory the engine polls, in program order. */
static inline void cpu_write(volatile uint32_t *p, uint32_t v)
{
    *p = v;
    __sync_synchronize();
}

/* ----------------------------------------------------------- contexts -- */

/* A new context, or 0. */
static inline uint32_t ctx_create(void)
{
    struct drm_i915_gem_context_create c = { 0 };

    return xioctl(DRM_IOCTL_I915_GEM_CONTEXT_CREATE, &c) ? 0 : c.ctx_id;
}

static inline void ctx_destroy(uint32_t ctx)
{
    struct drm_i915_gem_context_destroy d = { .ctx_id = ctx };

    if (ctx) {
        xioctl(DRM_IOCTL_I915_GEM_CONTEXT_DESTROY, &d);
    }
}

/* The reset counts of context @ctx (0: the file's default one). */
static inline int reset_stats(uint32_t ctx, struct drm_i915_reset_stats *rs)
{
    memset(rs, 0, sizeof(*rs));
    rs->ctx_id = ctx;
    return xioctl(DRM_IOCTL_I915_GET_RESET_STATS, rs);
}

#endif
