/*
 * mvgpu core: a host i915 address space mirroring a guest PPGTT
 * (drm-vm.h).
 *
 * i915 uAPI as Linux include/uapi/drm/i915_drm.h documents it: VMs and
 * contexts (DRM_IOCTL_I915_GEM_VM_CREATE, I915_CONTEXT_PARAM_VM given at
 * DRM_IOCTL_I915_GEM_CONTEXT_CREATE_EXT), userptr objects, execbuffer2
 * with EXEC_OBJECT_PINNED (softpin: the offset is the object's graphics
 * address, in canonical form) and I915_EXEC_FENCE_OUT; the checks it
 * makes are in Linux drivers/gpu/drm/i915/gem/i915_gem_execbuffer.c
 * (i915_gem_check_execbuffer(), eb_validate_vma()).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <errno.h>
#include <string.h>

#include <glib.h>
#include <libdrm/i915_drm.h>
#include <linux/sync_file.h>

#include "drm-vm.h"

typedef struct DrmObj {
    uint64_t va;
    uint64_t len;
    void *hva;
    uint32_t handle;
} DrmObj;

struct MvgpuDrmVm {
    const MvgpuDrmNode *node;
    uint32_t vm_id;
    uint32_t ctx_id;            /* 0: to be made (banned, or not yet) */
    GArray *objs;               /* DrmObj, ascending va */
    GArray *exec;               /* struct drm_i915_gem_exec_object2 */
    MvgpuDrmVmStats stats;
};

static int vm_ioctl(MvgpuDrmVm *vm, unsigned long request, void *arg)
{
    return mvgpu_drm_ioctl(vm->node, request, arg);
}

static int make_context(MvgpuDrmVm *vm)
{
    struct drm_i915_gem_context_create_ext_setparam p_vm = {
        .base = { .name = I915_CONTEXT_CREATE_EXT_SETPARAM },
        .param = { .param = I915_CONTEXT_PARAM_VM, .value = vm->vm_id },
    };
    struct drm_i915_gem_context_create_ext create = {
        .flags = I915_CONTEXT_CREATE_FLAGS_USE_EXTENSIONS,
        .extensions = (uintptr_t)&p_vm,
    };
    int ret = vm_ioctl(vm, DRM_IOCTL_I915_GEM_CONTEXT_CREATE_EXT, &create);

    if (!ret) {
        vm->ctx_id = create.ctx_id;
    }
    return ret;
}

static void destroy_context(MvgpuDrmVm *vm)
{
    struct drm_i915_gem_context_destroy d = { .ctx_id = vm->ctx_id };

    if (vm->ctx_id) {
        vm_ioctl(vm, DRM_IOCTL_I915_GEM_CONTEXT_DESTROY, &d);
        vm->ctx_id = 0;
    }
}

MvgpuDrmVm *mvgpu_drm_vm_new(const MvgpuDrmNode *node, char **why)
{
    MvgpuDrmVm *vm = g_new0(MvgpuDrmVm, 1);
    struct drm_i915_gem_vm_control ctl = { 0 };
    int ret;

    vm->node = node;
    ret = vm_ioctl(vm, DRM_IOCTL_I915_GEM_VM_CREATE, &ctl);
    if (ret) {
        *why = g_strdup_printf("the host cannot make an address space "
                               "(DRM_IOCTL_I915_GEM_VM_CREATE: %s)",
                               g_strerror(-ret));
        g_free(vm);
        return NULL;
    }
    vm->vm_id = ctl.vm_id;
    ret = make_context(vm);
    if (ret) {
        *why = g_strdup_printf("the host cannot make a context on its "
                               "address space "
                               "(DRM_IOCTL_I915_GEM_CONTEXT_CREATE_EXT: %s)",
                               g_strerror(-ret));
        vm_ioctl(vm, DRM_IOCTL_I915_GEM_VM_DESTROY, &ctl);
        g_free(vm);
        return NULL;
    }
    vm->objs = g_array_new(FALSE, FALSE, sizeof(DrmObj));
    vm->exec = g_array_new(FALSE, TRUE,
                           sizeof(struct drm_i915_gem_exec_object2));
    return vm;
}

static void close_obj(MvgpuDrmVm *vm, const DrmObj *o)
{
    struct drm_gem_close cl = { .handle = o->handle };

    vm_ioctl(vm, DRM_IOCTL_GEM_CLOSE, &cl);
    vm->stats.closed++;
}

void mvgpu_drm_vm_free(MvgpuDrmVm *vm)
{
    struct drm_i915_gem_vm_control ctl = { 0 };

    if (!vm) {
        return;
    }
    ctl.vm_id = vm->vm_id;
    /* i915 keeps what in-flight work uses until that work retires. */
    for (guint i = 0; i < vm->objs->len; i++) {
        close_obj(vm, &g_array_index(vm->objs, DrmObj, i));
    }
    destroy_context(vm);
    vm_ioctl(vm, DRM_IOCTL_I915_GEM_VM_DESTROY, &ctl);
    g_array_free(vm->objs, TRUE);
    g_array_free(vm->exec, TRUE);
    g_free(vm);
}

/* The objects @runs need: each run cut where its host memory is not
 * contiguous, or is not RAM. */
static GArray *wanted_objects(MvgpuDrmVm *vm, const GArray *runs,
                              MvgpuRamPtrFn ram_ptr, void *opaque)
{
    GArray *want = g_array_new(FALSE, FALSE, sizeof(DrmObj));

    vm->stats.not_ram = 0;
    for (guint i = 0; i < runs->len; i++) {
        const MvgpuPpgttRun *run = &g_array_index(runs, MvgpuPpgttRun, i);
        uint64_t done = 0;

        while (done < run->len) {
            uint64_t len = 0;
            void *p = ram_ptr(opaque, run->gpa + done, &len);

            len = MIN(len, run->len - done) & ~4095ull;
            if (!p || !len || ((uintptr_t)p & 4095)) {
                vm->stats.not_ram += 4096;
                done += 4096;
                continue;
            }
            g_array_append_val(want, ((DrmObj) {
                .va = run->va + done, .len = len, .hva = p,
            }));
            done += len;
        }
    }
    return want;
}

static int make_obj(MvgpuDrmVm *vm, DrmObj *o)
{
    struct drm_i915_gem_userptr up = {
        .user_ptr = (uintptr_t)o->hva, .user_size = o->len,
        .flags = vm->node->userptr_probe ? I915_USERPTR_PROBE : 0,
    };
    int ret = vm_ioctl(vm, DRM_IOCTL_I915_GEM_USERPTR, &up);

    if (!ret) {
        o->handle = up.handle;
        vm->stats.made++;
    }
    return ret;
}

bool mvgpu_drm_vm_mirror(MvgpuDrmVm *vm, const GArray *runs,
                         uint32_t max_objects, MvgpuRamPtrFn ram_ptr,
                         void *opaque, char **why)
{
    GArray *want = wanted_objects(vm, runs, ram_ptr, opaque);
    GArray *old = vm->objs;
    guint i = 0, j = 0;
    int ret = 0;

    if (want->len > max_objects) {
        *why = g_strdup_printf("the guest PPGTT needs %u host objects, more "
                               "than backend drm's bound of %u per address "
                               "space", want->len, max_objects);
        g_array_free(want, TRUE);
        return false;
    }
    /* Both ascending: keep equal objects, close stale ones, make new. */
    while (i < old->len || j < want->len) {
        DrmObj *o = i < old->len ? &g_array_index(old, DrmObj, i) : NULL;
        DrmObj *w = j < want->len ? &g_array_index(want, DrmObj, j) : NULL;

        if (o && w && o->va == w->va && o->len == w->len &&
            o->hva == w->hva) {
            w->handle = o->handle;
            vm->stats.kept++;
            i++, j++;
        } else if (o && (!w || o->va <= w->va)) {
            close_obj(vm, o);
            i++;
        } else {
            if (!ret) {
                ret = make_obj(vm, w);
            }
            j++;
        }
    }
    if (ret) {
        /* Keep only what exists, so that a later update is exact. */
        for (j = 0; j < want->len;) {
            if (!g_array_index(want, DrmObj, j).handle) {
                g_array_remove_index(want, j);
            } else {
                j++;
            }
        }
        *why = g_strdup_printf("the host refused a userptr object over guest "
                               "RAM (DRM_IOCTL_I915_GEM_USERPTR: %s)",
                               g_strerror(-ret));
    }
    g_array_free(old, TRUE);
    vm->objs = want;
    vm->stats.objects = want->len;
    vm->stats.bytes = 0;
    for (j = 0; j < want->len; j++) {
        vm->stats.bytes += g_array_index(want, DrmObj, j).len;
    }
    return ret == 0;
}

/* Softpin takes addresses with bit 47 copied upwards (i915's canonical). */
static uint64_t canonical(uint64_t va)
{
    return (uint64_t)((int64_t)(va << 16) >> 16);
}

/* The object that maps @va, by bisection; -1 if none. */
static int find_obj(const MvgpuDrmVm *vm, uint64_t va)
{
    int lo = 0, hi = (int)vm->objs->len - 1;

    while (lo <= hi) {
        int mid = (lo + hi) / 2;
        const DrmObj *o = &g_array_index(vm->objs, DrmObj, mid);

        if (va < o->va) {
            hi = mid - 1;
        } else if (va >= o->va + o->len) {
            lo = mid + 1;
        } else {
            return mid;
        }
    }
    return -1;
}

int mvgpu_drm_vm_execbuf(MvgpuDrmVm *vm, unsigned ring, uint64_t va,
                         char **why)
{
    struct drm_i915_gem_execbuffer2 eb = { 0 };
    struct drm_i915_gem_exec_object2 *x;
    int batch = find_obj(vm, va);
    guint n = vm->objs->len;
    int ret;

    if (va & 7) {
        *why = g_strdup_printf("user batch at 0x%" G_GINT64_MODIFIER "x is "
                               "not 8-byte aligned, as execbuffer2 needs",
                               va);
        return -EINVAL;
    }
    if (batch < 0) {
        *why = g_strdup_printf("user batch at 0x%" G_GINT64_MODIFIER "x is "
                               "not mapped to guest RAM by its PPGTT", va);
        return -EFAULT;
    }
    if (!vm->ctx_id && (ret = make_context(vm))) {
        *why = g_strdup_printf("the host cannot make a context anew "
                               "(DRM_IOCTL_I915_GEM_CONTEXT_CREATE_EXT: %s)",
                               g_strerror(-ret));
        return ret;
    }
    g_array_set_size(vm->exec, n);
    x = (struct drm_i915_gem_exec_object2 *)vm->exec->data;
    for (guint i = 0, k = 0; i < n; i++) {
        const DrmObj *o = &g_array_index(vm->objs, DrmObj, i);
        /* The batch goes last, where execbuffer2 looks for it. */
        guint slot = (int)i == batch ? n - 1 : k++;

        x[slot] = (struct drm_i915_gem_exec_object2) {
            .handle = o->handle, .offset = canonical(o->va),
            .flags = EXEC_OBJECT_PINNED | EXEC_OBJECT_SUPPORTS_48B_ADDRESS,
        };
    }
    eb.buffers_ptr = (uintptr_t)x;
    eb.buffer_count = n;
    eb.batch_start_offset = va - g_array_index(vm->objs, DrmObj, batch).va;
    eb.flags = ring | I915_EXEC_NO_RELOC | I915_EXEC_FENCE_OUT;
    eb.rsvd1 = vm->ctx_id;
    ret = vm_ioctl(vm, DRM_IOCTL_I915_GEM_EXECBUFFER2_WR, &eb);
    if (ret == -EIO) {
        /* A banned context stays banned: the next batch gets a new one. */
        destroy_context(vm);
    }
    if (ret) {
        *why = g_strdup_printf("the host refused the user batch at 0x%"
                               G_GINT64_MODIFIER "x "
                               "(DRM_IOCTL_I915_GEM_EXECBUFFER2: %s)", va,
                               g_strerror(-ret));
        return ret;
    }
    vm->stats.execbufs++;
    return (int)(eb.rsvd2 >> 32);
}

int mvgpu_drm_fence_status(const MvgpuDrmNode *node, int fence)
{
    struct sync_file_info info = { 0 };
    int ret = node->ops->ioctl(node->ops->opaque, fence, SYNC_IOC_FILE_INFO,
                               &info);

    return ret ? ret : info.status;
}

const MvgpuDrmVmStats *mvgpu_drm_vm_stats(const MvgpuDrmVm *vm)
{
    return &vm->stats;
}
