/*
 * mvgpu core: finding and checking the host's i915 render node
 * (drm-probe.h).
 *
 * The checks use only i915's stable uAPI (Linux include/uapi/drm/
 * i915_drm.h, as Debian's libdrm-dev ships it); what each parameter
 * means is documented there and in Linux drivers/gpu/drm/i915/
 * i915_getparam.c, i915_getparam_ioctl().
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <glib.h>
#include <libdrm/i915_drm.h>

#include "drm-probe.h"

/* ---- the system's calls */

static int sys_open(void *opaque, const char *path)
{
    int fd = open(path, O_RDWR | O_CLOEXEC);

    return fd < 0 ? -errno : fd;
}

static int sys_ioctl(void *opaque, int fd, unsigned long request, void *arg)
{
    int ret;

    /* As libdrm's drmIoctl(): i915 restarts on a signal or a busy GPU. */
    do {
        ret = ioctl(fd, request, arg);
    } while (ret == -1 && (errno == EINTR || errno == EAGAIN));
    return ret == -1 ? -errno : 0;
}

static void sys_close(void *opaque, int fd)
{
    close(fd);
}

const MvgpuDrmOps mvgpu_drm_sys_ops = {
    .open = sys_open,
    .ioctl = sys_ioctl,
    .close = sys_close,
};

int mvgpu_drm_ioctl(const MvgpuDrmNode *node, unsigned long request,
                    void *arg)
{
    return node->ops->ioctl(node->ops->opaque, node->fd, request, arg);
}

/* ---- the checks */

typedef struct Probe {
    const MvgpuDrmOps *ops;
    const char *path;
    int fd;
    char *why;
} Probe;

static bool refuse(Probe *p, const char *fmt, ...) G_GNUC_PRINTF(2, 3);

static bool refuse(Probe *p, const char *fmt, ...)
{
    va_list ap;
    char *what;

    va_start(ap, fmt);
    what = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    p->why = g_strdup_printf("%s: %s", p->path, what);
    g_free(what);
    return false;
}

static int probe_ioctl(Probe *p, unsigned long request, void *arg)
{
    return p->ops->ioctl(p->ops->opaque, p->fd, request, arg);
}

static bool open_node(Probe *p, bool *missing)
{
    int fd = p->ops->open(p->ops->opaque, p->path);

    if (fd >= 0) {
        p->fd = fd;
        return true;
    }
    switch (-fd) {
    case ENOENT:
        *missing = true;
        return refuse(p, "no such device node; the host's GPU render "
                      "nodes are /dev/dri/renderD128 and up (ls -l "
                      "/dev/dri), and an Intel GPU has one once i915 is "
                      "loaded");
    case EACCES:
    case EPERM:
        return refuse(p, "%s; QEMU's user needs read and write access to "
                      "the node: add it to the node's group (usually "
                      "'render'), or under libvirt list the node in "
                      "cgroup_device_acl in /etc/libvirt/qemu.conf and let "
                      "its seclabel allow it (docs/drm-backend.md)",
                      fd == -EACCES ? "permission denied"
                                    : "operation not permitted");
    case ENXIO:
    case ENODEV:
        return refuse(p, "no device behind the node (%s); its GPU's driver "
                      "is not bound", g_strerror(-fd));
    default:
        return refuse(p, "cannot be opened (%s)", g_strerror(-fd));
    }
}

static bool check_driver(Probe *p)
{
    char name[32] = "";
    struct drm_version v = { .name = name, .name_len = sizeof(name) - 1 };
    int ret = probe_ioctl(p, DRM_IOCTL_VERSION, &v);

    if (ret) {
        return refuse(p, "not a DRM device (DRM_IOCTL_VERSION: %s); "
                      "backend drm needs an i915 render node",
                      g_strerror(-ret));
    }
    name[MIN(v.name_len, sizeof(name) - 1)] = 0;
    if (strcmp(name, "i915")) {
        return refuse(p, "its driver is '%s', not i915; backend drm needs "
                      "the render node of an Intel Gen9 GPU ("
                      MVGPU_HOST_GPU_FAMILIES ") driven by i915", name);
    }
    return true;
}

static bool getparam(Probe *p, int param, int *value, int *err)
{
    drm_i915_getparam_t gp = { .param = param, .value = value };

    *value = 0;
    *err = probe_ioctl(p, DRM_IOCTL_I915_GETPARAM, &gp);
    return *err == 0;
}

static bool check_gpu(Probe *p, MvgpuDrmNode *node)
{
    const char *why;
    int id, err;

    if (!getparam(p, I915_PARAM_CHIPSET_ID, &id, &err)) {
        return refuse(p, "i915 does not say which GPU it drives "
                      "(I915_PARAM_CHIPSET_ID: %s)", g_strerror(-err));
    }
    node->gpu = mvgpu_host_gpu_find(id);
    if (!node->gpu) {
        return refuse(p, "the GPU's device id 0x%04x is not one the drm "
                      "backend knows; it runs the guest's work only on a "
                      "Gen9 GT2 or larger (" MVGPU_HOST_GPU_FAMILIES ")",
                      id & 0xffff);
    }
    if (!mvgpu_host_gpu_usable(node->gpu, &why)) {
        return refuse(p, "its GPU (%s, 0x%04x, Gen%u) is not one backend "
                      "drm can use: %s; it needs a Gen9 GT2 or larger "
                      "(" MVGPU_HOST_GPU_FAMILIES ")", node->gpu->name,
                      node->gpu->id, node->gpu->gen, why);
    }
    return true;
}

static bool check_params(Probe *p, MvgpuDrmNode *node)
{
    int v, err;

    if (!getparam(p, I915_PARAM_HAS_ALIASING_PPGTT, &v, &err) ||
        v < I915_GEM_PPGTT_FULL) {
        return refuse(p, "i915 does not give each context its own full "
                      "PPGTT (I915_PARAM_HAS_ALIASING_PPGTT is %d, %d "
                      "needed), so guest address spaces cannot be "
                      "separate host ones; a Gen9 GPU has it unless i915 "
                      "is told otherwise (i915.enable_ppgtt on kernels "
                      "before 5.2)", err ? -1 : v, I915_GEM_PPGTT_FULL);
    }
    if (!getparam(p, I915_PARAM_HAS_EXEC_SOFTPIN, &v, &err) || v < 1) {
        return refuse(p, "i915 has no softpin "
                      "(I915_PARAM_HAS_EXEC_SOFTPIN), which keeps the "
                      "guest's GPU addresses unchanged on the host; "
                      "Linux 4.5 and later have it");
    }
    if (!getparam(p, I915_PARAM_HAS_EXEC_FENCE, &v, &err) || v < 1) {
        return refuse(p, "i915 has no execbuffer out-fences "
                      "(I915_PARAM_HAS_EXEC_FENCE), by which the drm "
                      "backend learns without waiting that host work "
                      "finished; Linux 4.10 and later have them");
    }
    node->userptr_probe =
        getparam(p, I915_PARAM_HAS_USERPTR_PROBE, &v, &err) && v > 0;
    return true;
}

static bool check_userptr(Probe *p, MvgpuDrmNode *node)
{
    struct drm_i915_gem_userptr up = { .user_size = 4096 };
    struct drm_gem_close cl = { 0 };
    void *page = NULL;
    int ret;

    if (posix_memalign(&page, 4096, 4096)) {
        return refuse(p, "out of memory while checking userptr");
    }
    memset(page, 0, 4096);
    up.user_ptr = (uintptr_t)page;
    up.flags = node->userptr_probe ? I915_USERPTR_PROBE : 0;
    ret = probe_ioctl(p, DRM_IOCTL_I915_GEM_USERPTR, &up);
    if (ret) {
        free(page);
        return refuse(p, "i915 cannot make userptr objects "
                      "(DRM_IOCTL_I915_GEM_USERPTR: %s), through which "
                      "guest RAM reaches the host GPU without copies; a "
                      "kernel built with CONFIG_DRM_I915_USERPTR has them",
                      g_strerror(-ret));
    }
    cl.handle = up.handle;
    probe_ioctl(p, DRM_IOCTL_GEM_CLOSE, &cl);
    free(page);
    return true;
}

static bool check_vm(Probe *p, MvgpuDrmNode *node)
{
    struct drm_i915_gem_vm_control vm = { 0 };
    struct drm_i915_gem_context_param cp = {
        .ctx_id = 0, .param = I915_CONTEXT_PARAM_GTT_SIZE,
    };
    int ret = probe_ioctl(p, DRM_IOCTL_I915_GEM_VM_CREATE, &vm);

    if (ret) {
        return refuse(p, "i915 cannot make address spaces "
                      "(DRM_IOCTL_I915_GEM_VM_CREATE: %s), one of which "
                      "each guest PPGTT gets; Linux 5.2 and later with "
                      "full PPGTT have them", g_strerror(-ret));
    }
    ret = probe_ioctl(p, DRM_IOCTL_I915_GEM_VM_DESTROY, &vm);
    if (ret) {
        return refuse(p, "i915 made an address space but cannot destroy "
                      "it (DRM_IOCTL_I915_GEM_VM_DESTROY: %s)",
                      g_strerror(-ret));
    }
    ret = probe_ioctl(p, DRM_IOCTL_I915_GEM_CONTEXT_GETPARAM, &cp);
    if (ret) {
        return refuse(p, "i915 does not say how large its address spaces "
                      "are (I915_CONTEXT_PARAM_GTT_SIZE: %s)",
                      g_strerror(-ret));
    }
    if (cp.value < MVGPU_DRM_GTT_SIZE_MIN) {
        return refuse(p, "the host's address spaces span %" G_GUINT64_FORMAT
                      " MiB, not 48 bits (256 TiB) as the guest's PPGTTs "
                      "do", (guint64)(cp.value >> 20));
    }
    node->gtt_size = cp.value;
    return true;
}

static bool probe(const MvgpuDrmOps *ops, const char *path,
                  MvgpuDrmNode *node, char **why, bool *missing)
{
    Probe p = { .ops = ops, .path = path, .fd = -1 };
    MvgpuDrmNode n = { .ops = ops, .fd = -1 };

    *missing = false;
    if (!open_node(&p, missing)) {
        *why = p.why;
        return false;
    }
    n.fd = p.fd;
    if (!check_driver(&p) || !check_gpu(&p, &n) || !check_params(&p, &n) ||
        !check_userptr(&p, &n) || !check_vm(&p, &n)) {
        ops->close(ops->opaque, p.fd);
        *why = p.why;
        return false;
    }
    n.path = g_strdup(path);
    *node = n;
    return true;
}

bool mvgpu_drm_probe(const MvgpuDrmOps *ops, const char *path,
                     MvgpuDrmNode *node, char **why)
{
    bool missing;

    return probe(ops, path, node, why, &missing);
}

bool mvgpu_drm_open(const MvgpuDrmOps *ops, const char *path,
                    MvgpuDrmNode *node, char **msg)
{
    g_autoptr(GString) refused = NULL;
    unsigned missing = 0;

    if (path) {
        return mvgpu_drm_probe(ops, path, node, msg);
    }
    refused = g_string_new(NULL);
    for (unsigned i = 0; i < MVGPU_DRM_RENDER_MINOR_COUNT; i++) {
        g_autofree char *p = g_strdup_printf("/dev/dri/renderD%u",
                                             MVGPU_DRM_RENDER_MINOR_FIRST + i);
        g_autofree char *why = NULL;
        bool absent;

        if (probe(ops, p, node, &why, &absent)) {
            return true;
        }
        /* A node that does not exist is no candidate, not a refusal. */
        if (absent) {
            missing++;
            continue;
        }
        g_string_append_printf(refused, "%s%s", refused->len ? "; " : "",
                               why);
    }
    if (missing == MVGPU_DRM_RENDER_MINOR_COUNT) {
        *msg = g_strdup("backend drm found no render node "
                        "(/dev/dri/renderD128 to renderD191 do not exist): "
                        "it needs a host Intel Gen9 GPU ("
                        MVGPU_HOST_GPU_FAMILIES ") with i915 loaded");
    } else {
        *msg = g_strdup_printf("backend drm found no usable render node: "
                               "%s. Fix one of them, or name another with "
                               "render-node=/dev/dri/renderDNNN",
                               refused->str);
    }
    return false;
}

void mvgpu_drm_node_close(MvgpuDrmNode *node)
{
    if (node->fd >= 0) {
        node->ops->close(node->ops->opaque, node->fd);
    }
    node->fd = -1;
    g_clear_pointer(&node->path, g_free);
}
