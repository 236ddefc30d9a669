/*
 * mvgpu: a mediated virtual Intel Gen9 GT2 GPU (Kaby Lake / Skylake) that a
 * guest's i915 drives in its GVT-g guest mode.
 *
 * This file is the QEMU glue: the PCI device, its BARs and capabilities,
 * MSI, guest memory access and logging. It translates; the device model in
 * core/ decides. Usage:
 *
 *   -M q35 -vga none -device mvgpu,addr=02.0[,device-id=0x5912]
 *                                           [,aperture-size=256M]
 *
 * The guest driver and firmware expect the GPU at 00:02.0, hence addr=02.0
 * and -vga none (which frees that slot on both q35 and pc).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "qemu/osdep.h"
#include "qemu/error-report.h"
#include "qemu/log.h"
#include "qemu/main-loop.h"
#include "qemu/rcu.h"
#include "qemu/timer.h"
#include "qemu/units.h"
#include "qapi/error.h"
#include "qapi/visitor.h"
#include "hw/display/edid.h"
#include "hw/nvram/fw_cfg.h"
#include "hw/pci/msi.h"
#include "hw/pci/pci_device.h"
#include "hw/pci/pcie.h"
#include "hw/qdev-properties.h"
#include "migration/vmstate.h"
#include "exec/memory.h"
#include "qom/object.h"
#include "trace.h"

#include "core/core.h"
#include "core/drm.h"
#include "core/opregion.h"

#include "mvgpu.h"

/*
 * Guest memory for the device model: only guest RAM, never MMIO, through the
 * device's bus-master address space (so bus mastering and a vIOMMU apply).
 */
static bool mvgpu_ram_rw(MvgpuState *s, uint64_t gpa, void *buf, size_t len,
                         bool is_write)
{
    AddressSpace *as = pci_get_address_space(&s->parent_obj);

    while (len) {
        hwaddr xlat, seg = len;
        MemoryRegion *mr;
        MemTxResult r;

        RCU_READ_LOCK_GUARD();
        mr = address_space_translate(as, gpa, &xlat, &seg, is_write,
                                     MEMTXATTRS_UNSPECIFIED);
        if (!memory_region_is_ram(mr) || memory_region_is_ram_device(mr) ||
            (is_write && mr->readonly) || seg == 0) {
            return false;
        }
        r = address_space_rw(as, gpa, MEMTXATTRS_UNSPECIFIED, buf, seg,
                             is_write);
        if (r != MEMTX_OK) {
            return false;
        }
        gpa += seg;
        buf = (uint8_t *)buf + seg;
        len -= seg;
    }
    return true;
}

static bool mvgpu_host_mem_read(void *opaque, uint64_t gpa, void *buf,
                                size_t len)
{
    return mvgpu_ram_rw(opaque, gpa, buf, len, false);
}

static bool mvgpu_host_mem_write(void *opaque, uint64_t gpa, const void *buf,
                                 size_t len)
{
    return mvgpu_ram_rw(opaque, gpa, (void *)buf, len, true);
}

static void mvgpu_msi(PCIDevice *pdev)
{
    /* A Gen9 vGPU interrupts through MSI only, as GVT-g does. */
    if (msi_enabled(pdev)) {
        trace_mvgpu_msi();
        msi_notify(pdev, 0);
    }
}

static void mvgpu_msi_bh(void *opaque)
{
    mvgpu_msi(PCI_DEVICE(opaque));
}

/*
 * From MMIO and timers the BQL is held: notify at once. From the engines'
 * worker it is not, and the worker must not take it (a vCPU may hold it
 * while it waits for the core lock): the main loop sends the MSI instead.
 */
static void mvgpu_host_raise_msi(void *opaque)
{
    MvgpuState *s = opaque;

    if (bql_locked()) {
        mvgpu_msi(PCI_DEVICE(s));
    } else {
        qemu_bh_schedule(s->msi_bh);
    }
}

static uint64_t mvgpu_host_now_ns(void *opaque)
{
    return qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL);
}

static void mvgpu_timer_cb(void *opaque)
{
    MvgpuTimer *t = opaque;

    mvgpu_core_timer_expired(t->s->core, t->id);
}

static void mvgpu_host_timer_mod(void *opaque, MvgpuTimerId id,
                                 uint64_t expire_ns)
{
    MvgpuState *s = opaque;

    timer_mod(s->timers[id].timer, expire_ns);
}

static void mvgpu_host_timer_del(void *opaque, MvgpuTimerId id)
{
    MvgpuState *s = opaque;

    timer_del(s->timers[id].timer);
}

static bool mvgpu_host_timer_pending(void *opaque, MvgpuTimerId id,
                                     uint64_t *expire_ns)
{
    MvgpuState *s = opaque;
    int64_t at = timer_expire_time_ns(s->timers[id].timer);

    *expire_ns = at;
    return at >= 0;
}

static void mvgpu_host_edid_generate(void *opaque, uint8_t *buf, size_t size,
                                     uint32_t xres, uint32_t yres,
                                     uint32_t xmax, uint32_t ymax)
{
    qemu_edid_info info = {
        .prefx = xres, .prefy = yres,
        .maxx = xmax, .maxy = ymax,
    };

    qemu_edid_generate(buf, size, &info);
}

static void mvgpu_host_log(void *opaque, MvgpuLogKind kind, const char *msg)
{
    if (kind == MVGPU_LOG_GUEST_ERROR) {
        trace_mvgpu_guest_error(msg);
        qemu_log_mask(LOG_GUEST_ERROR, "mvgpu: %s\n", msg);
    } else {
        trace_mvgpu_unimp(msg);
        qemu_log_mask(LOG_UNIMP, "mvgpu: %s\n", msg);
    }
}

static uint64_t mvgpu_bar0_read(void *opaque, hwaddr addr, unsigned size)
{
    MvgpuState *s = opaque;
    uint64_t val = mvgpu_core_bar0_read(s->core, addr, size);

    trace_mvgpu_bar0_read(addr, size, val);
    return val;
}

static void mvgpu_bar0_write(void *opaque, hwaddr addr, uint64_t val,
                             unsigned size)
{
    MvgpuState *s = opaque;

    trace_mvgpu_bar0_write(addr, size, val);
    mvgpu_core_bar0_write(s->core, addr, val, size);
}

static const MemoryRegionOps mvgpu_bar0_ops = {
    .read = mvgpu_bar0_read,
    .write = mvgpu_bar0_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid = { .min_access_size = 1, .max_access_size = 8 },
    .impl = { .min_access_size = 1, .max_access_size = 8 },
};

/*
 * x-record: one file per scanned workload, for mvgpu-decode and the scan
 * benchmark. A debugging aid: a failed write is reported, not fatal.
 */
static void mvgpu_host_record_workload(void *opaque, const char *engine,
                                       const void *data, size_t len)
{
    MvgpuState *s = opaque;
    g_autofree char *path = g_strdup_printf("%s/%06u-%s.mvwl", s->record_dir,
                                            s->records++, engine);
    g_autoptr(GError) err = NULL;

    if (!g_file_set_contents(path, data, len, &err)) {
        warn_report_once("mvgpu: x-record: %s", err->message);
    }
}

/* The core's events, as QEMU trace events (trace-events lists them). */
static void mvgpu_host_trace(void *opaque, MvgpuTraceKind kind,
                             unsigned engine, uint64_t a, uint64_t b)
{
    switch (kind) {
    case MVGPU_TRACE_ELSP:
        trace_mvgpu_elsp(engine, a, b);
        break;
    case MVGPU_TRACE_START:
        trace_mvgpu_ctx_start(engine, a, b >> 32, (uint32_t)b);
        break;
    case MVGPU_TRACE_SCAN:
        if (a) {
            trace_mvgpu_scan_ok(engine, b);
        } else {
            trace_mvgpu_scan_refused(engine, b);
        }
        break;
    case MVGPU_TRACE_DONE:
        trace_mvgpu_ctx_done(engine, a, b);
        break;
    case MVGPU_TRACE_FLIP:
        trace_mvgpu_flip(engine, a, b);
        break;
    case MVGPU_TRACE_HOTPLUG:
        trace_mvgpu_hotplug((char)a, b);
        break;
    case MVGPU_TRACE_CSB:
        trace_mvgpu_csb(engine, a, b);
        break;
    case MVGPU_TRACE_SLICE:
        trace_mvgpu_slice(engine, a, b);
        break;
    case MVGPU_TRACE_HANG:
        trace_mvgpu_hang(engine, a, b);
        break;
    case MVGPU_TRACE_RESET:
        trace_mvgpu_engine_reset(engine, a);
        break;
    }
}

static void mvgpu_free_state(MvgpuState *s)
{
    mvgpu_saved_state_clear(&s->saved);
    mvgpu_console_fini(s);
    /* Stops the worker first: nothing below is used after this. */
    mvgpu_core_free(s->core);
    mvgpu_aperture_fini(s);
    s->core = NULL;
    for (int i = 0; i < MVGPU_TIMER_COUNT; i++) {
        if (s->timers[i].timer) {
            timer_free(s->timers[i].timer);
            s->timers[i].timer = NULL;
        }
    }
    if (s->msi_bh) {
        qemu_bh_delete(s->msi_bh);
        s->msi_bh = NULL;
    }
}

/* x-engine-thread: where the engines' slices run (core.h). */
static bool mvgpu_engine_thread(const char *value, MvgpuEngineThread *out)
{
    static const struct {
        const char *name;
        MvgpuEngineThread mode;
    } modes[] = {
        { "on", MVGPU_ENGINES_WORKER },
        { "off", MVGPU_ENGINES_INLINE },
        { "sync", MVGPU_ENGINES_WORKER_SYNC },
    };

    /* The worker by default: a slice never delays the vCPUs or QMP. */
    for (size_t i = 0; i < ARRAY_SIZE(modes); i++) {
        if (!strcmp(value ? value : "on", modes[i].name)) {
            *out = modes[i].mode;
            return true;
        }
    }
    return false;
}

/* The IGD-specific part of configuration space (see core.h). */
static void mvgpu_init_config(MvgpuState *s)
{
    uint8_t *conf = s->parent_obj.config;
    uint8_t *wmask = s->parent_obj.wmask;

    pci_set_word(conf + MVGPU_PCI_GMCH_CTRL, MVGPU_GMCH_CTRL_VALUE);
    pci_set_word(wmask + MVGPU_PCI_GMCH_CTRL, 0);
    /* Firmware stores the OpRegion address here; i915 reads it back. */
    pci_set_long(conf + MVGPU_PCI_ASLS, 0);
    pci_set_long(wmask + MVGPU_PCI_ASLS, 0xffffffff);
    pci_config_set_interrupt_pin(conf, 1);
}

/*
 * The OpRegion goes to the firmware as fw_cfg file etc/igd-opregion (QEMU
 * docs/igd-assign.txt): SeaBIOS (src/fw/pciinit.c, intel_igd_setup()) and
 * OVMF copy it into reserved RAM and write its address to ASLS, a copy for
 * each Intel VGA device. The file is one per VM and every device's would be
 * the same, so the first device that offers one offers it for all.
 */
static void mvgpu_offer_opregion(MvgpuState *s)
{
    static bool offered;
    FWCfgState *fw_cfg = fw_cfg_find();

    if (!s->opregion || offered) {
        return;
    }
    if (!fw_cfg) {
        /* A machine without fw_cfg has no firmware to place it. */
        trace_mvgpu_opregion(0);
        return;
    }
    s->opregion_blob = g_malloc(MVGPU_OPREGION_SIZE);
    mvgpu_core_build_opregion(s->core, s->opregion_blob);
    fw_cfg_add_file(fw_cfg, "etc/igd-opregion", s->opregion_blob,
                    MVGPU_OPREGION_SIZE);
    offered = true;
    trace_mvgpu_opregion(MVGPU_OPREGION_SIZE);
}

static void mvgpu_realize(PCIDevice *pdev, Error **errp)
{
    MvgpuState *s = MVGPU(pdev);
    MvgpuConfig cfg = {
        .device_id = s->device_id,
        .aperture_size = s->aperture_size,
        .xres = s->xres, .yres = s->yres,
        .xmax = s->xmax, .ymax = s->ymax,
        .backend = s->backend,
        .render_node = s->render_node,
    };
    MvgpuHost host = {
        .opaque = s,
        .mem_read = mvgpu_host_mem_read,
        .mem_write = mvgpu_host_mem_write,
        .raise_msi = mvgpu_host_raise_msi,
        .now_ns = mvgpu_host_now_ns,
        .timer_mod = mvgpu_host_timer_mod,
        .timer_del = mvgpu_host_timer_del,
        .timer_pending = mvgpu_host_timer_pending,
        .edid_generate = mvgpu_host_edid_generate,
        .aperture_changed = mvgpu_aperture_changed,
        .log = mvgpu_host_log,
        .trace = mvgpu_host_trace,
    };
    g_autofree char *msg = NULL;
    MvgpuPciIdentity ident;

    if (!mvgpu_config_check(&cfg, &msg)) {
        error_setg(errp, "%s", msg);
        return;
    }
    if (!mvgpu_engine_thread(s->engine_thread, &cfg.engines)) {
        error_setg(errp, "mvgpu: x-engine-thread '%s' is not known; "
                   "accepted: on, off, sync", s->engine_thread);
        return;
    }
    if (!s->cursor_mode || !strcmp(s->cursor_mode, "frame")) {
        s->cursor_pointer = false;
    } else if (!strcmp(s->cursor_mode, "pointer")) {
        s->cursor_pointer = true;
    } else {
        error_setg(errp, "mvgpu: cursor '%s' is not known; use cursor=frame "
                   "(the cursor plane drawn into the picture, as screendumps "
                   "and every client see it) or cursor=pointer (it becomes "
                   "the client's mouse pointer)", s->cursor_mode);
        return;
    }
    if (s->record_dir) {
        if (!g_file_test(s->record_dir, G_FILE_TEST_IS_DIR) ||
            access(s->record_dir, W_OK) != 0) {
            error_setg(errp, "mvgpu: x-record: '%s' is not a writable "
                       "directory (give an existing directory for the "
                       "workload recordings)", s->record_dir);
            return;
        }
        host.record_workload = mvgpu_host_record_workload;
    }
    mvgpu_host_ram_init(&host);
    if (s->backend && !strcmp(s->backend, "drm")) {
        mvgpu_host_ram_dontfork();
    }
    s->msi_bh = qemu_bh_new_guarded(mvgpu_msi_bh, s,
                                    &DEVICE(s)->mem_reentrancy_guard);
    /* The core may arm timers while it is created and reset. */
    for (int i = 0; i < MVGPU_TIMER_COUNT; i++) {
        s->timers[i] = (MvgpuTimer) {
            .s = s, .id = i,
            .timer = timer_new_ns(QEMU_CLOCK_VIRTUAL, mvgpu_timer_cb,
                                  &s->timers[i]),
        };
    }
    s->core = mvgpu_core_new(&cfg, &host, &msg);
    if (!s->core) {
        error_setg(errp, "mvgpu: %s", msg);
        goto fail;
    }
    ident = mvgpu_core_pci_identity(s->core);
    pci_config_set_vendor_id(pdev->config, ident.vendor_id);
    pci_config_set_device_id(pdev->config, ident.device_id);
    pci_config_set_revision(pdev->config, ident.revision);
    pci_config_set_class(pdev->config, ident.class_id);
    mvgpu_init_config(s);
    mvgpu_offer_opregion(s);
    mvgpu_console_init(s);

    memory_region_init_io(&s->bar0, OBJECT(s), &mvgpu_bar0_ops, s,
                          "mvgpu-gttmmadr", MVGPU_BAR0_SIZE);
    pci_register_bar(pdev, 0, PCI_BASE_ADDRESS_SPACE_MEMORY |
                     PCI_BASE_ADDRESS_MEM_TYPE_64, &s->bar0);
    mvgpu_aperture_init(s);
    pci_register_bar(pdev, 2, PCI_BASE_ADDRESS_SPACE_MEMORY |
                     PCI_BASE_ADDRESS_MEM_TYPE_64 |
                     PCI_BASE_ADDRESS_MEM_PREFETCH, &s->aperture);

    /*
     * Capabilities in the order a real IGD chains them: PCIe (on a PCIe bus,
     * making the GPU a root-complex integrated endpoint), MSI, PM. Each add
     * goes to the head of the list, so add them in reverse.
     */
    if (pci_pm_init(pdev, MVGPU_PCI_PM_CAP, errp) < 0) {
        goto fail;
    }
    /* 32-bit MSI without per-vector masking, like the hardware. */
    if (msi_init(pdev, MVGPU_PCI_MSI_CAP, 1, false, false, errp) < 0) {
        goto fail;
    }
    if (pci_bus_is_express(pci_get_bus(pdev))) {
        if (pcie_endpoint_cap_init(pdev, MVGPU_PCI_PCIE_CAP) < 0) {
            error_setg(errp, "mvgpu: cannot add the PCIe capability");
            goto fail;
        }
    } else {
        pdev->cap_present &= ~QEMU_PCI_CAP_EXPRESS;
    }
    return;

fail:
    mvgpu_free_state(s);
}

static void mvgpu_exit(PCIDevice *pdev)
{
    msi_uninit(pdev);
    mvgpu_free_state(MVGPU(pdev));
}

/* x-host-batches: user batches backend drm has run on the host GPU. */
static void mvgpu_get_host_batches(Object *obj, Visitor *v, const char *name,
                                   void *opaque, Error **errp)
{
    MvgpuState *s = MVGPU(obj);
    MvgpuDrmStats st = { 0 };
    uint64_t n;

    if (s->core) {
        mvgpu_drm_stats_copy(s->core, &st);
    }
    n = st.batches;
    visit_type_uint64(v, name, &n, errp);
}

static void mvgpu_instance_init(Object *obj)
{
    /* Decided at realize, once the bus is known. */
    PCI_DEVICE(obj)->cap_present |= QEMU_PCI_CAP_EXPRESS;
    object_property_add(obj, "x-host-batches", "uint64",
                        mvgpu_get_host_batches, NULL, NULL, NULL);
}

static void mvgpu_reset_hold(Object *obj, ResetType type)
{
    MvgpuState *s = MVGPU(obj);

    if (s->core) {
        mvgpu_core_reset(s->core);
        mvgpu_console_reset(s);
    }
}

static const Property mvgpu_properties[] = {
    DEFINE_PROP_UINT32("device-id", MvgpuState, device_id, 0x5912),
    DEFINE_PROP_SIZE("aperture-size", MvgpuState, aperture_size,
                     MVGPU_APERTURE_DEFAULT),
    DEFINE_PROP_UINT32("xres", MvgpuState, xres, MVGPU_XRES_DEFAULT),
    DEFINE_PROP_UINT32("yres", MvgpuState, yres, MVGPU_YRES_DEFAULT),
    DEFINE_PROP_UINT32("xmax", MvgpuState, xmax, MVGPU_XMAX_DEFAULT),
    DEFINE_PROP_UINT32("ymax", MvgpuState, ymax, MVGPU_YMAX_DEFAULT),
    DEFINE_PROP_STRING("backend", MvgpuState, backend),
    DEFINE_PROP_STRING("render-node", MvgpuState, render_node),
    DEFINE_PROP_STRING("x-record", MvgpuState, record_dir),
    DEFINE_PROP_STRING("x-engine-thread", MvgpuState, engine_thread),
    DEFINE_PROP_BOOL("opregion", MvgpuState, opregion, true),
    DEFINE_PROP_STRING("cursor", MvgpuState, cursor_mode),
};

static void mvgpu_class_init(ObjectClass *klass, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(klass);
    PCIDeviceClass *k = PCI_DEVICE_CLASS(klass);
    ResettableClass *rc = RESETTABLE_CLASS(klass);

    k->realize = mvgpu_realize;
    k->exit = mvgpu_exit;
    k->vendor_id = PCI_VENDOR_ID_INTEL;
    k->device_id = 0x5912;
    k->class_id = PCI_CLASS_DISPLAY_VGA;
    rc->phases.hold = mvgpu_reset_hold;
    dc->desc = "Mediated virtual Intel Gen9 GT2 GPU (Kaby Lake/Skylake) for i915";
    dc->vmsd = &mvgpu_vmstate;
    dc->hotpluggable = false;
    set_bit(DEVICE_CATEGORY_DISPLAY, dc->categories);
    device_class_set_props(dc, mvgpu_properties);
    object_class_property_set_description(klass, "device-id",
        "PCI device id: a Gen9 GT2 (Skylake/Kaby Lake) id, default 0x5912");
    object_class_property_set_description(klass, "aperture-size",
        "BAR2 aperture: a power of two from 64M to 1G, default 256M");
    object_class_property_set_description(klass, "xres",
        "the monitor's preferred width in pixels (default 1280)");
    object_class_property_set_description(klass, "yres",
        "the monitor's preferred height in pixels (default 800)");
    object_class_property_set_description(klass, "xmax",
        "widest mode the monitor's EDID lists (default 4096)");
    object_class_property_set_description(klass, "ymax",
        "tallest mode the monitor's EDID lists (default 2160)");
    object_class_property_set_description(klass, "opregion",
        "offer the firmware an OpRegion whose VBT lists the monitor's port "
        "(fw_cfg etc/igd-opregion; default on)");
}

static const TypeInfo mvgpu_info = {
    .name = TYPE_MVGPU,
    .parent = TYPE_PCI_DEVICE,
    .instance_size = sizeof(MvgpuState),
    .instance_init = mvgpu_instance_init,
    .class_init = mvgpu_class_init,
    .interfaces = (InterfaceInfo[]) {
        { INTERFACE_PCIE_DEVICE },
        { INTERFACE_CONVENTIONAL_PCI_DEVICE },
        { },
    },
};

static void mvgpu_register_types(void)
{
    type_register_static(&mvgpu_info);
}

type_init(mvgpu_register_types)
