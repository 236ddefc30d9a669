/*
 * mvgpu: the device's migration stream (savevm/loadvm, migrate).
 *
 * The core fills a plain MvgpuSavedState (core/savestate.h) before the
 * state is sent and loads it after it arrived; this file describes that
 * struct field by field for QEMU's vmstate. A load the core refuses (a
 * configuration that differs, a corrupt or hostile stream) fails the
 * incoming migration with the core's sentence. After a load the glue's
 * own state is rebuilt, not migrated: the aperture's direct maps (the
 * core's load reports the whole aperture changed) and the console surface.
 * Design: docs/architecture.md, "Saving the device".
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "qemu/osdep.h"
#include "qemu/error-report.h"
#include "hw/pci/pci_device.h"
#include "migration/vmstate.h"

#include "core/savestate.h"

#include "mvgpu.h"

static const VMStateDescription vmstate_mvgpu_saved_run = {
    .name = "mvgpu/run",
    .version_id = 1,
    .minimum_version_id = 1,
    .fields = (const VMStateField[]) {
        VMSTATE_UINT8(present, MvgpuSavedRun),
        VMSTATE_UINT64(lrca, MvgpuSavedRun),
        VMSTATE_UINT64(pml4, MvgpuSavedRun),
        VMSTATE_UINT32(ring_start, MvgpuSavedRun),
        VMSTATE_UINT32(ring_size, MvgpuSavedRun),
        VMSTATE_UINT32(chunk_head, MvgpuSavedRun),
        VMSTATE_UINT32(tail, MvgpuSavedRun),
        VMSTATE_UINT32(next_tail, MvgpuSavedRun),
        VMSTATE_UINT32(depth, MvgpuSavedRun),
        VMSTATE_UINT32_ARRAY(frame_kind, MvgpuSavedRun, MVGPU_SAVED_MAX_DEPTH),
        VMSTATE_UINT32_ARRAY(frame_pos, MvgpuSavedRun, MVGPU_SAVED_MAX_DEPTH),
        VMSTATE_UINT64_ARRAY(frame_addr, MvgpuSavedRun, MVGPU_SAVED_MAX_DEPTH),
        VMSTATE_UINT8(blit_active, MvgpuSavedRun),
        VMSTATE_UINT8(blit_privileged, MvgpuSavedRun),
        VMSTATE_UINT32(blit_len, MvgpuSavedRun),
        VMSTATE_UINT32(blit_row, MvgpuSavedRun),
        VMSTATE_UINT32_ARRAY(blit_dw, MvgpuSavedRun, MVGPU_SAVED_BLIT_DWORDS),
        VMSTATE_UINT8(faulted, MvgpuSavedRun),
        VMSTATE_UINT64(error_addr, MvgpuSavedRun),
        VMSTATE_BUFFER(error, MvgpuSavedRun),
        VMSTATE_END_OF_LIST()
    },
};

static const VMStateDescription vmstate_mvgpu_saved_engine = {
    .name = "mvgpu/engine",
    .version_id = 1,
    .minimum_version_id = 1,
    .fields = (const VMStateField[]) {
        VMSTATE_UINT32_ARRAY(elsp, MvgpuSavedEngine, 4),
        VMSTATE_UINT32(elsp_count, MvgpuSavedEngine),
        VMSTATE_UINT64_ARRAY(running, MvgpuSavedEngine, 2),
        VMSTATE_UINT64_ARRAY(pending, MvgpuSavedEngine, 2),
        VMSTATE_UINT32(element, MvgpuSavedEngine),
        VMSTATE_UINT8(busy, MvgpuSavedEngine),
        VMSTATE_UINT8(hung, MvgpuSavedEngine),
        VMSTATE_UINT8(csb_event, MvgpuSavedEngine),
        VMSTATE_UINT8(csb_write, MvgpuSavedEngine),
        VMSTATE_UINT8(blit_valid, MvgpuSavedEngine),
        VMSTATE_UINT32(blit_br00, MvgpuSavedEngine),
        VMSTATE_UINT32(blit_br13, MvgpuSavedEngine),
        VMSTATE_UINT64(blit_dst, MvgpuSavedEngine),
        VMSTATE_INT32_ARRAY(blit_clip, MvgpuSavedEngine, 4),
        VMSTATE_UINT32(blit_bg, MvgpuSavedEngine),
        VMSTATE_UINT32(blit_fg, MvgpuSavedEngine),
        VMSTATE_UINT32(blit_pat_bg, MvgpuSavedEngine),
        VMSTATE_UINT32(blit_pat_fg, MvgpuSavedEngine),
        VMSTATE_UINT64(blit_pat_mono, MvgpuSavedEngine),
        VMSTATE_UINT64(blit_pat_addr, MvgpuSavedEngine),
        VMSTATE_UINT32(blit_pat, MvgpuSavedEngine),
        VMSTATE_UINT64_ARRAY(stats, MvgpuSavedEngine, MVGPU_SAVED_NSTATS),
        VMSTATE_STRUCT(run, MvgpuSavedEngine, 1, vmstate_mvgpu_saved_run,
                       MvgpuSavedRun),
        VMSTATE_END_OF_LIST()
    },
};

static const VMStateDescription vmstate_mvgpu_saved_pipe = {
    .name = "mvgpu/pipe",
    .version_id = 1,
    .minimum_version_id = 1,
    .fields = (const VMStateField[]) {
        VMSTATE_UINT8(enabled, MvgpuSavedPipe),
        VMSTATE_UINT64(frame_ns, MvgpuSavedPipe),
        VMSTATE_UINT64(frame_start_ns, MvgpuSavedPipe),
        VMSTATE_UINT32(frame_count, MvgpuSavedPipe),
        VMSTATE_UINT32(pending_flip_done, MvgpuSavedPipe),
        VMSTATE_END_OF_LIST()
    },
};

/*
 * The buffers' sizes are checked before vmstate allocates and fills them:
 * a stream names its own lengths.
 */
static bool mvgpu_regs_size_ok(void *opaque, int version_id)
{
    MvgpuSavedState *s = opaque;

    if (s->regs_bytes != MVGPU_MMIO_SIZE) {
        error_report("mvgpu: migration stream refused: register file of %u "
                     "bytes, not %u", s->regs_bytes, MVGPU_MMIO_SIZE);
        return false;
    }
    return true;
}

static bool mvgpu_ggtt_size_ok(void *opaque, int version_id)
{
    MvgpuSavedState *s = opaque;

    if (s->ggtt_bytes != MVGPU_GGTT_PTE_BYTES) {
        error_report("mvgpu: migration stream refused: GGTT of %u bytes, "
                     "not %u", s->ggtt_bytes, MVGPU_GGTT_PTE_BYTES);
        return false;
    }
    return true;
}

static const VMStateDescription vmstate_mvgpu_saved = {
    .name = "mvgpu/core",
    .version_id = 1,
    .minimum_version_id = 1,
    .fields = (const VMStateField[]) {
        VMSTATE_UINT32(device_id, MvgpuSavedState),
        VMSTATE_UINT64(aperture_size, MvgpuSavedState),
        VMSTATE_UINT32(xmax, MvgpuSavedState),
        VMSTATE_UINT32(ymax, MvgpuSavedState),
        VMSTATE_UINT32(backend, MvgpuSavedState),
        VMSTATE_UINT32(regs_bytes, MvgpuSavedState),
        VMSTATE_VALIDATE("regs_bytes is the register file's",
                         mvgpu_regs_size_ok),
        VMSTATE_VBUFFER_ALLOC_UINT32(regs, MvgpuSavedState, 1, NULL,
                                     regs_bytes),
        VMSTATE_UINT32(ggtt_bytes, MvgpuSavedState),
        VMSTATE_VALIDATE("ggtt_bytes is the GGTT's", mvgpu_ggtt_size_ok),
        VMSTATE_VBUFFER_ALLOC_UINT32(ggtt, MvgpuSavedState, 1, NULL,
                                     ggtt_bytes),
        VMSTATE_UINT8(pv_notified, MvgpuSavedState),
        VMSTATE_UINT32(g2v_notifications, MvgpuSavedState),
        VMSTATE_UINT32(nroots, MvgpuSavedState),
        VMSTATE_UINT64_ARRAY(roots, MvgpuSavedState, MVGPU_SAVED_MAX_ROOTS),
        VMSTATE_UINT32(gdrst_count, MvgpuSavedState),
        VMSTATE_UINT64(msi_count, MvgpuSavedState),
        VMSTATE_UINT32(timers_armed, MvgpuSavedState),
        VMSTATE_UINT64_ARRAY(timer_deadline, MvgpuSavedState,
                             MVGPU_TIMER_COUNT),
        VMSTATE_STRUCT_ARRAY(pipes, MvgpuSavedState, MVGPU_NPIPES, 1,
                             vmstate_mvgpu_saved_pipe, MvgpuSavedPipe),
        VMSTATE_UINT32(xres, MvgpuSavedState),
        VMSTATE_UINT32(yres, MvgpuSavedState),
        VMSTATE_BUFFER(edid, MvgpuSavedState),
        VMSTATE_BUFFER(dpcd, MvgpuSavedState),
        VMSTATE_UINT32_ARRAY(scanout_reported, MvgpuSavedState, MVGPU_NPIPES),
        VMSTATE_UINT8(i2c_slave, MvgpuSavedState),
        VMSTATE_UINT32(edid_offset, MvgpuSavedState),
        VMSTATE_STRUCT_ARRAY(engines, MvgpuSavedState, MVGPU_NENGINES, 1,
                             vmstate_mvgpu_saved_engine, MvgpuSavedEngine),
        VMSTATE_END_OF_LIST()
    },
};

/*
 * Before the PCI configuration space, whose own check would refuse a
 * different device-id with a register offset: the core's sentence.
 */
static bool mvgpu_config_matches(void *opaque, int version_id)
{
    MvgpuState *s = opaque;
    g_autofree char *msg = NULL;

    if (!mvgpu_core_check_saved_config(s->core, &s->saved, &msg)) {
        error_report("%s", msg);
        return false;
    }
    return true;
}

static int mvgpu_pre_save(void *opaque)
{
    MvgpuState *s = opaque;
    g_autofree char *msg = NULL;

    if (!mvgpu_core_save_state(s->core, &s->saved, &msg)) {
        error_report("%s", msg);
        return -EINVAL;
    }
    return 0;
}

static int mvgpu_post_save(void *opaque)
{
    MvgpuState *s = opaque;

    mvgpu_saved_state_clear(&s->saved);
    return 0;
}

static int mvgpu_pre_load(void *opaque)
{
    MvgpuState *s = opaque;

    mvgpu_saved_state_clear(&s->saved);
    memset(&s->saved, 0, sizeof(s->saved));
    return 0;
}

static int mvgpu_post_load(void *opaque, int version_id)
{
    MvgpuState *s = opaque;
    g_autofree char *msg = NULL;
    bool ok = mvgpu_core_load_state(s->core, &s->saved, &msg);

    mvgpu_saved_state_clear(&s->saved);
    /* The console shows the loaded planes from the next refresh on. */
    mvgpu_console_reset(s);
    if (!ok) {
        error_report("%s", msg);
        return -EINVAL;
    }
    return 0;
}

const VMStateDescription mvgpu_vmstate = {
    .name = "mvgpu",
    .version_id = 1,
    .minimum_version_id = 1,
    .pre_save = mvgpu_pre_save,
    .post_save = mvgpu_post_save,
    .pre_load = mvgpu_pre_load,
    .post_load = mvgpu_post_load,
    .fields = (const VMStateField[]) {
        VMSTATE_STRUCT(saved, MvgpuState, 1, vmstate_mvgpu_saved,
                       MvgpuSavedState),
        VMSTATE_VALIDATE("the source's configuration is this device's",
                         mvgpu_config_matches),
        VMSTATE_PCI_DEVICE(parent_obj, MvgpuState),
        VMSTATE_END_OF_LIST()
    },
};
