/*
 * A host i915 for unit tests of backend drm: render nodes whose answers a
 * test sets (a Gen8 GPU, a vgem node, a kernel without softpin ...),
 * behind the MvgpuDrmOps of drm-probe.h.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef MVGPU_TEST_FAKE_I915_H
#define MVGPU_TEST_FAKE_I915_H

#include <glib.h>
#include "drm-probe.h"

#define FAKE_I915_MAX_NODES     8

typedef struct FakeI915Node {
    char path[32];
    int open_errno;             /* open fails with it; 0: it opens */
    const char *driver;         /* DRM_IOCTL_VERSION name; NULL: no DRM */
    int chipset_id;
    int ppgtt;                  /* I915_PARAM_HAS_ALIASING_PPGTT */
    int softpin;                /* I915_PARAM_HAS_EXEC_SOFTPIN */
    int exec_fence;             /* I915_PARAM_HAS_EXEC_FENCE */
    int userptr_probe;          /* I915_PARAM_HAS_USERPTR_PROBE */
    int userptr_errno;          /* DRM_IOCTL_I915_GEM_USERPTR fails */
    int vm_create_errno;        /* DRM_IOCTL_I915_GEM_VM_CREATE fails */
    uint64_t gtt_size;          /* I915_CONTEXT_PARAM_GTT_SIZE */
} FakeI915Node;

typedef struct FakeI915 {
    MvgpuDrmOps ops;
    FakeI915Node nodes[FAKE_I915_MAX_NODES];
    unsigned nnodes;
    int open_fds;               /* opened and not yet closed */
    unsigned opens;             /* open calls that succeeded */
    unsigned ioctls;
    unsigned userptr_objects;   /* made and not yet closed */
    unsigned userptrs_made;     /* ever */
    unsigned vms;               /* made and not yet destroyed */
    unsigned vms_made;          /* ever */
    unsigned contexts;          /* made and not yet destroyed */
    unsigned contexts_made;     /* ever */
    uint32_t last_userptr_flags;

    /*
     * Execution. An execbuffer is checked as i915 checks it (softpinned,
     * 48-bit, canonical, the batch last, 8-byte aligned start) and its
     * batch run at once: MI_NOOP, MI_STORE_DWORD_IMM (through the listed
     * objects to their user memory) up to MI_BATCH_BUFFER_END; anything
     * else hangs it (its fence reports -EIO). Its out-fence is an eventfd
     * that signals at once, or when the test says.
     */
    GHashTable *objects;        /* handle -> FakeI915Obj */
    GHashTable *ctx_vm;         /* context id -> VM id */
    GHashTable *fences;         /* fd -> FakeI915Fence */
    uint32_t next_handle, next_ctx;
    bool hold_fences;           /* signal only in fake_i915_signal() */
    int fence_error;            /* a signalled fence reports it */
    int execbuf_errno;          /* execbuffer fails with it (once) */
    unsigned execbufs;
    unsigned stores;            /* MI_STORE_DWORD_IMM that hit an object */
    unsigned stray_stores;      /* ... that hit no object (scratch) */
    unsigned last_buffer_count;
    unsigned last_ring;
    uint32_t last_ctx;
} FakeI915;

FakeI915 *fake_i915_new(void);
void fake_i915_free(FakeI915 *f);

/*
 * Adds a node at @path that passes every check: i915 on a Kaby Lake GT2
 * (0x5912) with full PPGTT, softpin, out-fences, userptr and 48-bit VMs.
 * The test then changes what it wants refused.
 */
FakeI915Node *fake_i915_add_node(FakeI915 *f, const char *path);

/* Signals every held fence (fake_i915.hold_fences). */
void fake_i915_signal(FakeI915 *f);

/* Fences handed out and not yet closed. */
unsigned fake_i915_open_fences(FakeI915 *f);

#endif
