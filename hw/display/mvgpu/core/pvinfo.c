/*
 * mvgpu core: the PVINFO page (struct vgt_if) that tells the guest's i915
 * it runs on a vGPU, what it may use of the GGTT, and through which it
 * announces PPGTTs: struct vgt_if of Linux drivers/gpu/drm/i915/i915_pvinfo.h,
 * read by i915_vgpu.c and written by gt/gen8_ppgtt.c gen8_ppgtt_notify_vgt().
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "internal.h"
#include "gen9-regs.h"

/* GGTT size given by GMCH control GGMS = 8 MiB of 8-byte PTEs. */
#define GGTT_SIZE ((uint64_t)(MVGPU_GGTT_PTE_BYTES / 8) << 12)

static inline uint32_t pv(uint32_t field)
{
    return PVINFO_BASE + field;
}

void mvgpu_pvinfo_reset(MvgpuCore *c)
{
    uint64_t ap = c->cfg.aperture_size;

    mvgpu_reg_set(c, pv(PV_MAGIC), (uint32_t)PVINFO_MAGIC);
    mvgpu_reg_set(c, pv(PV_MAGIC + 4), (uint32_t)(PVINFO_MAGIC >> 32));
    mvgpu_reg_set(c, pv(PV_VERSION_MAJOR), 1);          /* 1.0 */
    mvgpu_reg_set(c, pv(PV_VGT_ID), 1);
    mvgpu_reg_set(c, pv(PV_VGT_CAPS),
                  VGT_CAPS_FULL_PPGTT | VGT_CAPS_HWSP_EMULATION);
    /*
     * One VM owns the whole virtual GGTT: the aperture is the mappable
     * range and everything above it the non-mappable one, so nothing is
     * ballooned and every GGTT address the guest picks is valid.
     */
    mvgpu_reg_set(c, pv(PV_MAPPABLE_BASE), 0);
    mvgpu_reg_set(c, pv(PV_MAPPABLE_SIZE), (uint32_t)ap);
    mvgpu_reg_set(c, pv(PV_NONMAPPABLE_BASE), (uint32_t)ap);
    mvgpu_reg_set(c, pv(PV_NONMAPPABLE_SIZE), (uint32_t)(GGTT_SIZE - ap));
    mvgpu_reg_set(c, pv(PV_FENCE_NUM), c->platform->fence_count);
    mvgpu_reg_set(c, pv(PV_CURSOR_X_HOT), 0xffffffff);
    mvgpu_reg_set(c, pv(PV_CURSOR_Y_HOT), 0xffffffff);

    c->pv_notified = false;
    c->g2v_notifications = 0;
    g_hash_table_remove_all(c->ppgtt_roots);
}

static uint32_t pvinfo_read(MvgpuCore *c, uint32_t offset)
{
    c->pv_notified = true;
    return mvgpu_reg_get(c, offset);
}

static uint64_t pdp(MvgpuCore *c, unsigned i)
{
    return mvgpu_reg_get(c, pv(PV_PDP_BASE + 8 * i)) |
           (uint64_t)mvgpu_reg_get(c, pv(PV_PDP_BASE + 8 * i + 4)) << 32;
}

static void g2v_notify(MvgpuCore *c, uint32_t code)
{
    uint64_t root = pdp(c, 0);

    c->g2v_notifications++;
    switch (code) {
    case VGT_G2V_PPGTT_L4_CREATE:
        if (g_hash_table_size(c->ppgtt_roots) >= MVGPU_MAX_PPGTT_ROOTS) {
            mvgpu_guest_error(c, "PVINFO: more than %u PPGTTs announced, "
                              "0x%" G_GINT64_MODIFIER "x not recorded",
                              MVGPU_MAX_PPGTT_ROOTS, root);
            return;
        }
        g_hash_table_add(c->ppgtt_roots, GSIZE_TO_POINTER(root));
        return;
    case VGT_G2V_PPGTT_L4_DESTROY:
        g_hash_table_remove(c->ppgtt_roots, GSIZE_TO_POINTER(root));
        if (c->backend->ppgtt_destroyed) {
            c->backend->ppgtt_destroyed(c, root);
        }
        return;
    case VGT_G2V_PPGTT_L3_CREATE:
    case VGT_G2V_PPGTT_L3_DESTROY:
        mvgpu_log(c, MVGPU_LOG_UNIMP, "PVINFO: 3-level PPGTT notification "
                  "%u; Gen9 guests use 4-level tables", code);
        return;
    case VGT_G2V_EXECLIST_CREATE:
    case VGT_G2V_EXECLIST_DESTROY:
    case 1:                         /* legacy "execlist context" code */
        return;
    default:
        mvgpu_guest_error(c, "PVINFO: unknown g2v notification %u", code);
    }
}

static bool guest_writable(uint32_t field)
{
    return field == PV_DISPLAY_READY || field == PV_G2V_NOTIFY ||
           field == PV_CURSOR_X_HOT || field == PV_CURSOR_Y_HOT ||
           (field >= PV_PDP_BASE && field < PV_PDP_BASE + 32) ||
           field == PV_EXECLIST_DESC_LO || field == PV_EXECLIST_DESC_HI;
}

static void pvinfo_write(MvgpuCore *c, uint32_t offset, uint32_t raw,
                         uint32_t old)
{
    uint32_t field = offset - PVINFO_BASE;

    if (!guest_writable(field)) {
        if (field >= PV_RSV5 && field < PV_RSV5 + 16) {
            mvgpu_guest_error(c, "PVINFO: guest reports it could not use the "
                              "resources offered (rsv5 write 0x%x)", raw);
        } else {
            mvgpu_guest_error(c, "PVINFO: write 0x%x to read-only field "
                              "+0x%03x ignored", raw, field);
        }
        return;
    }
    mvgpu_reg_set(c, offset, raw);
    if (field == PV_G2V_NOTIFY) {
        g2v_notify(c, raw);
    }
}

static const MvgpuRegDesc pvinfo_regs[] = {
    { .name = "PVINFO", .offset = PVINFO_BASE, .size = PVINFO_SIZE,
      .ro_mask = MVGPU_RO_ALL, .read = pvinfo_read, .write = pvinfo_write },
};

const MvgpuRegTable mvgpu_pvinfo_regs = MVGPU_REG_TABLE(pvinfo_regs);
