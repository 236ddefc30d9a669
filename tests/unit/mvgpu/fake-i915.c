/*
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <errno.h>
#include <string.h>

#include <libdrm/i915_drm.h>

#include "fake-i915.h"

/* Descriptors the fake hands out: node n is FAKE_FD_BASE + n. */
#define FAKE_FD_BASE    1000

static FakeI915Node *node_of(FakeI915 *f, int fd)
{
    unsigned n = fd - FAKE_FD_BASE;

    g_assert_cmpuint(n, <, f->nnodes);
    return &f->nodes[n];
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

static int fake_ioctl(void *opaque, int fd, unsigned long request, void *arg)
{
    FakeI915 *f = opaque;
    FakeI915Node *n = node_of(f, fd);

    f->ioctls++;
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

        if (n->userptr_errno) {
            return -n->userptr_errno;
        }
        g_assert_cmpuint(up->user_ptr & 4095, ==, 0);
        g_assert_cmpuint(up->user_size & 4095, ==, 0);
        f->last_userptr_flags = up->flags;
        up->handle = ++f->userptr_objects;
        return 0;
    }
    case DRM_IOCTL_GEM_CLOSE:
        g_assert_cmpuint(f->userptr_objects, >, 0);
        f->userptr_objects--;
        return 0;
    case DRM_IOCTL_I915_GEM_VM_CREATE: {
        struct drm_i915_gem_vm_control *vm = arg;

        if (n->vm_create_errno) {
            return -n->vm_create_errno;
        }
        vm->vm_id = ++f->vms;
        return 0;
    }
    case DRM_IOCTL_I915_GEM_VM_DESTROY:
        g_assert_cmpuint(f->vms, >, 0);
        f->vms--;
        return 0;
    case DRM_IOCTL_I915_GEM_CONTEXT_GETPARAM: {
        struct drm_i915_gem_context_param *cp = arg;

        if (cp->param != I915_CONTEXT_PARAM_GTT_SIZE) {
            return -EINVAL;
        }
        cp->value = n->gtt_size;
        return 0;
    }
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
    return f;
}

void fake_i915_free(FakeI915 *f)
{
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
