/*
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <errno.h>
#include <string.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <libdrm/i915_drm.h>
#include <linux/sync_file.h>

#include "fake-i915.h"

/* Descriptors the fake hands out for nodes: node n is FAKE_FD_BASE + n. */
#define FAKE_FD_BASE    1000

typedef struct FakeI915Obj {
    uint8_t *ptr;
    uint64_t size;
} FakeI915Obj;

typedef struct FakeI915Fence {
    bool signalled;
    int error;
} FakeI915Fence;

static FakeI915Node *node_of(FakeI915 *f, int fd)
{
    unsigned n = fd - FAKE_FD_BASE;

    g_assert_cmpuint(n, <, f->nnodes);
    return &f->nodes[n];
}

static FakeI915Fence *fence_of(FakeI915 *f, int fd)
{
    return g_hash_table_lookup(f->fences, GINT_TO_POINTER(fd));
}

static int fake_open(void *opaque, const char *path)
{
    FakeI915 *f = opaque;

    for (unsigned i = 0; i < f->nnodes; i++) {
        if (!strcmp(f->nodes[i].path, path)) {
            if (f->nodes[i].open_errno) {
                return -f->nodes[i].open_errno;
            }
            f->open_fds++;
            f->opens++;
            return FAKE_FD_BASE + i;
        }
    }
    return -ENOENT;
}

static void fake_close(void *opaque, int fd)
{
    FakeI915 *f = opaque;

    if (fence_of(f, fd)) {
        g_hash_table_remove(f->fences, GINT_TO_POINTER(fd));
        close(fd);
        return;
    }
    node_of(f, fd);
    g_assert_cmpint(f->open_fds, >, 0);
    f->open_fds--;
}

static int getparam(FakeI915Node *n, drm_i915_getparam_t *gp)
{
    switch (gp->param) {
    case I915_PARAM_CHIPSET_ID:
        *gp->value = n->chipset_id;
        return 0;
    case I915_PARAM_HAS_ALIASING_PPGTT:
        *gp->value = n->ppgtt;
        return 0;
    case I915_PARAM_HAS_EXEC_SOFTPIN:
        *gp->value = n->softpin;
        return 0;
    case I915_PARAM_HAS_EXEC_FENCE:
        *gp->value = n->exec_fence;
        return 0;
    case I915_PARAM_HAS_USERPTR_PROBE:
        if (!n->userptr_probe) {
            return -EINVAL;     /* what a kernel before 5.14 answers */
        }
        *gp->value = 1;
        return 0;
    default:
        return -EINVAL;
    }
}

static void signal_fence(int fd, FakeI915Fence *fc)
{
    uint64_t one = 1;

    fc->signalled = true;
    g_assert_cmpint(write(fd, &one, sizeof(one)), ==, sizeof(one));
}

/* The object of the execbuffer that holds graphics address @va. */
static uint8_t *exec_ptr(FakeI915 *f,
                         const struct drm_i915_gem_execbuffer2 *eb,
                         uint64_t va, unsigned bytes)
{
    const struct drm_i915_gem_exec_object2 *x =
        (void *)(uintptr_t)eb->buffers_ptr;

    for (unsigned i = 0; i < eb->buffer_count; i++) {
        FakeI915Obj *o = g_hash_table_lookup(f->objects,
                                             GUINT_TO_POINTER(x[i].handle));
        uint64_t start = x[i].offset & ((1ull << 48) - 1);

        if (va >= start && va + bytes <= start + o->size) {
            return o->ptr + (va - start);
        }
    }
    return NULL;
}

/* Runs the batch; false if it hangs. */
static bool run_batch(FakeI915 *f, const struct drm_i915_gem_execbuffer2 *eb,
                      uint64_t va)
{
    for (unsigned n = 0; n < 4096; n++) {
        uint32_t *dw = (uint32_t *)exec_ptr(f, eb, va, 4);

        if (!dw) {
            return false;
        }
        if (dw[0] == 0) {
            va += 4;
        } else if (dw[0] == 0x05000000) {
            return true;
        } else if (dw[0] == 0x10000002) {
            uint32_t *cmd = (uint32_t *)exec_ptr(f, eb, va, 16);
            uint8_t *dst;

            if (!cmd) {
                return false;
            }
            dst = exec_ptr(f, eb, cmd[1] | (uint64_t)cmd[2] << 32, 4);
            if (dst) {
                memcpy(dst, &cmd[3], 4);
                f->stores++;
            } else {
                f->stray_stores++;
            }
            va += 16;
        } else {
            return false;
        }
    }
    return false;
}

static int execbuf(FakeI915 *f, struct drm_i915_gem_execbuffer2 *eb)
{
    const struct drm_i915_gem_exec_object2 *x =
        (void *)(uintptr_t)eb->buffers_ptr;
    GHashTable *seen = g_hash_table_new(g_direct_hash, g_direct_equal);
    FakeI915Fence *fc = g_new0(FakeI915Fence, 1);
    const struct drm_i915_gem_exec_object2 *batch;
    int fd;

    if (f->execbuf_errno) {
        int err = f->execbuf_errno;

        f->execbuf_errno = 0;
        g_hash_table_destroy(seen);
        g_free(fc);
        return -err;
    }
    /* What i915_gem_check_execbuffer() and eb_validate_vma() insist on. */
    g_assert_cmpuint(eb->buffer_count, >, 0);
    g_assert_cmpuint((eb->batch_start_offset | eb->batch_len) & 7, ==, 0);
    g_assert_true(eb->flags & I915_EXEC_FENCE_OUT);
    g_assert_true(eb->flags & I915_EXEC_NO_RELOC);
    g_assert_true(g_hash_table_contains(f->ctx_vm,
                                        GUINT_TO_POINTER(eb->rsvd1)));
    for (unsigned i = 0; i < eb->buffer_count; i++) {
        FakeI915Obj *o = g_hash_table_lookup(f->objects,
                                             GUINT_TO_POINTER(x[i].handle));
        uint64_t va = x[i].offset;

        g_assert_nonnull(o);
        g_assert_false(g_hash_table_contains(seen,
                                             GUINT_TO_POINTER(x[i].handle)));
        g_hash_table_add(seen, GUINT_TO_POINTER(x[i].handle));
        g_assert_cmphex(x[i].flags, ==,
                        EXEC_OBJECT_PINNED | EXEC_OBJECT_SUPPORTS_48B_ADDRESS);
        g_assert_cmphex(va & 4095, ==, 0);
        g_assert_cmphex(va, ==, (uint64_t)((int64_t)(va << 16) >> 16));
    }
    g_hash_table_destroy(seen);
    batch = &x[eb->buffer_count - 1];
    f->execbufs++;
    f->last_buffer_count = eb->buffer_count;
    f->last_ring = eb->flags & I915_EXEC_RING_MASK;
    f->last_ctx = eb->rsvd1;
    if (!run_batch(f, eb, (batch->offset & ((1ull << 48) - 1)) +
                   eb->batch_start_offset)) {
        fc->error = -EIO;
    } else {
        fc->error = f->fence_error;
    }
    fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
    g_assert_cmpint(fd, >=, 0);
    g_hash_table_insert(f->fences, GINT_TO_POINTER(fd), fc);
    if (!f->hold_fences) {
        signal_fence(fd, fc);
    }
    eb->rsvd2 = (uint64_t)fd << 32;
    return 0;
}

static int context_create(FakeI915 *f,
                          struct drm_i915_gem_context_create_ext *c)
{
    uint32_t vm = 0;

    g_assert_cmphex(c->flags, ==, I915_CONTEXT_CREATE_FLAGS_USE_EXTENSIONS);
    for (uint64_t p = c->extensions; p; ) {
        struct drm_i915_gem_context_create_ext_setparam *sp =
            (void *)(uintptr_t)p;

        g_assert_cmpuint(sp->base.name, ==, I915_CONTEXT_CREATE_EXT_SETPARAM);
        if (sp->param.param == I915_CONTEXT_PARAM_VM) {
            vm = sp->param.value;
        }
        p = sp->base.next_extension;
    }
    g_assert_cmpuint(vm, !=, 0);
    c->ctx_id = ++f->next_ctx;
    g_hash_table_insert(f->ctx_vm, GUINT_TO_POINTER(c->ctx_id),
                        GUINT_TO_POINTER(vm));
    f->contexts++;
    f->contexts_made++;
    return 0;
}

static int fake_ioctl(void *opaque, int fd, unsigned long request, void *arg)
{
    FakeI915 *f = opaque;
    FakeI915Fence *fc = fence_of(f, fd);
    FakeI915Node *n;

    f->ioctls++;
    if (fc) {
        struct sync_file_info *info = arg;

        g_assert_cmphex(request, ==, SYNC_IOC_FILE_INFO);
        info->status = !fc->signalled ? 0 : fc->error ? fc->error : 1;
        return 0;
    }
    n = node_of(f, fd);
    if (request == DRM_IOCTL_VERSION) {
        struct drm_version *v = arg;
        size_t len;

        if (!n->driver) {
            return -ENOTTY;
        }
        len = strlen(n->driver);
        memcpy(v->name, n->driver, MIN(len, v->name_len));
        v->name_len = len;
        return 0;
    }
    if (!n->driver || strcmp(n->driver, "i915")) {
        return -ENOTTY;
    }
    switch (request) {
    case DRM_IOCTL_I915_GETPARAM:
        return getparam(n, arg);
    case DRM_IOCTL_I915_GEM_USERPTR: {
        struct drm_i915_gem_userptr *up = arg;
        FakeI915Obj *o;

        if (n->userptr_errno) {
            return -n->userptr_errno;
        }
        g_assert_cmpuint(up->user_ptr & 4095, ==, 0);
        g_assert_cmpuint(up->user_size & 4095, ==, 0);
        g_assert_cmpuint(up->user_size, >, 0);
        f->last_userptr_flags = up->flags;
        o = g_new0(FakeI915Obj, 1);
        o->ptr = (uint8_t *)(uintptr_t)up->user_ptr;
        o->size = up->user_size;
        up->handle = ++f->next_handle;
        g_hash_table_insert(f->objects, GUINT_TO_POINTER(up->handle), o);
        f->userptr_objects++;
        f->userptrs_made++;
        return 0;
    }
    case DRM_IOCTL_GEM_CLOSE: {
        struct drm_gem_close *cl = arg;

        g_assert_true(g_hash_table_remove(f->objects,
                                          GUINT_TO_POINTER(cl->handle)));
        f->userptr_objects--;
        return 0;
    }
    case DRM_IOCTL_I915_GEM_VM_CREATE: {
        struct drm_i915_gem_vm_control *vm = arg;

        if (n->vm_create_errno) {
            return -n->vm_create_errno;
        }
        vm->vm_id = ++f->vms_made;
        f->vms++;
        return 0;
    }
    case DRM_IOCTL_I915_GEM_VM_DESTROY:
        g_assert_cmpuint(f->vms, >, 0);
        f->vms--;
        return 0;
    case DRM_IOCTL_I915_GEM_CONTEXT_CREATE_EXT:
        return context_create(f, arg);
    case DRM_IOCTL_I915_GEM_CONTEXT_DESTROY: {
        struct drm_i915_gem_context_destroy *d = arg;

        g_assert_true(g_hash_table_remove(f->ctx_vm,
                                          GUINT_TO_POINTER(d->ctx_id)));
        f->contexts--;
        return 0;
    }
    case DRM_IOCTL_I915_GEM_CONTEXT_GETPARAM: {
        struct drm_i915_gem_context_param *cp = arg;

        if (cp->param != I915_CONTEXT_PARAM_GTT_SIZE) {
            return -EINVAL;
        }
        cp->value = n->gtt_size;
        return 0;
    }
    case DRM_IOCTL_I915_GEM_EXECBUFFER2_WR:
        return execbuf(f, arg);
    default:
        return -ENOTTY;
    }
}

FakeI915 *fake_i915_new(void)
{
    FakeI915 *f = g_new0(FakeI915, 1);

    f->ops = (MvgpuDrmOps) {
        .opaque = f, .open = fake_open, .ioctl = fake_ioctl,
        .close = fake_close,
    };
    f->objects = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL,
                                       g_free);
    f->ctx_vm = g_hash_table_new(g_direct_hash, g_direct_equal);
    f->fences = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL,
                                      g_free);
    return f;
}

void fake_i915_free(FakeI915 *f)
{
    GHashTableIter it;
    gpointer fd;

    g_hash_table_iter_init(&it, f->fences);
    while (g_hash_table_iter_next(&it, &fd, NULL)) {
        close(GPOINTER_TO_INT(fd));
    }
    g_hash_table_destroy(f->objects);
    g_hash_table_destroy(f->ctx_vm);
    g_hash_table_destroy(f->fences);
    g_free(f);
}

FakeI915Node *fake_i915_add_node(FakeI915 *f, const char *path)
{
    FakeI915Node *n;

    g_assert_cmpuint(f->nnodes, <, FAKE_I915_MAX_NODES);
    n = &f->nodes[f->nnodes++];
    *n = (FakeI915Node) {
        .driver = "i915", .chipset_id = 0x5912,
        .ppgtt = I915_GEM_PPGTT_FULL, .softpin = 1, .exec_fence = 1,
        .userptr_probe = 1, .gtt_size = 1ull << 48,
    };
    g_strlcpy(n->path, path, sizeof(n->path));
    return n;
}

void fake_i915_signal(FakeI915 *f)
{
    GHashTableIter it;
    gpointer fd, fc;

    g_hash_table_iter_init(&it, f->fences);
    while (g_hash_table_iter_next(&it, &fd, &fc)) {
        if (!((FakeI915Fence *)fc)->signalled) {
            signal_fence(GPOINTER_TO_INT(fd), fc);
        }
    }
}

unsigned fake_i915_open_fences(FakeI915 *f)
{
    return g_hash_table_size(f->fences);
}
