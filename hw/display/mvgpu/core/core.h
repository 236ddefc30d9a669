/*
 * mvgpu core: the QEMU-independent device model of a Gen9 GT2 vGPU.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef MVGPU_CORE_CORE_H
#define MVGPU_CORE_CORE_H

#include "host.h"

typedef struct MvgpuCore MvgpuCore;

/*
 * Where the engines' slices run.
 *
 * INLINE: inside mvgpu_core_timer_expired(), on the caller's thread.
 * WORKER: on the core's own worker thread; the engine timer's expiry only
 *   hands the slice over, so the host's thread (QEMU's main loop) never
 *   runs GPU work. The host callbacks that a slice uses (mem_read,
 *   mem_write, raise_msi, now_ns, timer_mod, timer_del, trace, log,
 *   record_workload) are then also called from that thread, one at a time.
 * WORKER_SYNC: as WORKER, but the expiry waits until the slice has run, so
 *   that a test sees the same order of events as INLINE.
 *
 * In every mode the core serialises itself: each entry point below takes
 * the core's lock, and a slice holds it while it runs (a slice is bounded,
 * see MVGPU_SLICE_BUDGET in engine.h), so an entry point waits for at most
 * one slice.
 */
typedef enum MvgpuEngineThread {
    MVGPU_ENGINES_INLINE,
    MVGPU_ENGINES_WORKER,
    MVGPU_ENGINES_WORKER_SYNC,
} MvgpuEngineThread;

/* What the user chose on the command line; checked by mvgpu_config_check(). */
typedef struct MvgpuConfig {
    uint32_t device_id;
    uint64_t aperture_size;
    uint32_t xres, yres;            /* the monitor's preferred mode */
    uint32_t xmax, ymax;            /* the largest mode its EDID lists */
    const char *backend;            /* what runs GPU work: "soft" (NULL too) */
    const char *render_node;        /* backend drm: the host's i915 node */
    MvgpuEngineThread engines;      /* where slices run (INLINE default) */
} MvgpuConfig;

#define MVGPU_MODE_MIN_X           640
#define MVGPU_MODE_MIN_Y           480
#define MVGPU_MODE_MAX_X           4096     /* a Gen9 pipe's largest source */
#define MVGPU_MODE_MAX_Y           4096
#define MVGPU_XRES_DEFAULT         1280
#define MVGPU_YRES_DEFAULT         800
#define MVGPU_XMAX_DEFAULT         4096
#define MVGPU_YMAX_DEFAULT         2160

/* BAR layout and PCI facts the glue needs to build the device. */
#define MVGPU_BAR0_SIZE            (16u << 20)
#define MVGPU_MMIO_SIZE            (2u << 20)    /* register window in BAR0 */
#define MVGPU_GGTT_PTE_OFFSET      (8u << 20)    /* PTE array in BAR0 */
#define MVGPU_GGTT_PTE_BYTES       (8u << 20)    /* 1 Mi entries = 4 GiB GGTT */
#define MVGPU_APERTURE_MIN         (64ull << 20)
#define MVGPU_APERTURE_MAX         (1ull << 30)
#define MVGPU_APERTURE_DEFAULT     (256ull << 20)

/*
 * PCI configuration space registers an IGD has: GMCH control (Linux
 * include/drm/i915_drm.h SNB_GMCH_CTRL, read by gt/intel_ggtt.c
 * gen8_gmch_probe()), ASLS (intel_opregion.c intel_opregion_setup());
 * the capability offsets are those of a Kaby Lake IGD (PRM vol. 2c).
 */
#define MVGPU_PCI_GMCH_CTRL        0x50    /* 16 bit: GGMS 7:6, GMS 15:8 */
#define MVGPU_PCI_ASLS             0xfc    /* OpRegion address, written by firmware */
#define MVGPU_PCI_PCIE_CAP         0x70
#define MVGPU_PCI_MSI_CAP          0xac
#define MVGPU_PCI_PM_CAP           0xd0

/* GMCH control: GMS = 0 (no stolen memory), GGMS = 3 (8 MiB of PTEs). */
#define MVGPU_GMCH_GGMS_8M         (3u << 6)
#define MVGPU_GMCH_CTRL_VALUE      MVGPU_GMCH_GGMS_8M

/* The defaults a host without its own settings starts from. */
MvgpuConfig mvgpu_config_default(void);

/*
 * Checks a configuration. On failure returns false and sets *msg to a
 * newly allocated sentence naming what was wrong and what is accepted.
 */
bool mvgpu_config_check(const MvgpuConfig *cfg, char **msg);

/* The device ids accepted for device-id, as "0x1912, 0x1916, ..." (g_free). */
char *mvgpu_accepted_device_ids(void);

/*
 * Creation needs a config that passed mvgpu_config_check(); the host table is
 * copied. Returns NULL and sets *msg (a sentence naming what is wrong and
 * what to do) when the platform tables are broken or the backend cannot
 * start (backend drm: no usable render node).
 */
MvgpuCore *mvgpu_core_new(const MvgpuConfig *cfg, const MvgpuHost *host,
                          char **msg);
void mvgpu_core_free(MvgpuCore *c);

/* What configuration space shows for the configured device. */
typedef struct MvgpuPciIdentity {
    uint16_t vendor_id;
    uint16_t device_id;
    uint8_t revision;
    uint16_t class_id;
} MvgpuPciIdentity;

MvgpuPciIdentity mvgpu_core_pci_identity(const MvgpuCore *c);

/* Device-model-level reset: registers, PVINFO and GGTT to their reset state. */
void mvgpu_core_reset(MvgpuCore *c);

/*
 * BAR0 accesses: offset inside the BAR, size 1, 2, 4 or 8. Bad offsets and
 * widths are logged and ignored (reads return 0); nothing aborts.
 */
uint64_t mvgpu_core_bar0_read(MvgpuCore *c, uint64_t offset, unsigned size);
void mvgpu_core_bar0_write(MvgpuCore *c, uint64_t offset, uint64_t value,
                           unsigned size);

/* A timer armed through MvgpuHost.timer_mod has expired. */
void mvgpu_core_timer_expired(MvgpuCore *c, MvgpuTimerId id);

/*
 * Waits until the worker has run every slice handed to it so far (at once
 * without a worker). The engines go on afterwards when their timers fire.
 */
void mvgpu_core_drain(MvgpuCore *c);

/*
 * The user's display asks for another mode (a resized window): the monitor
 * gets a new preferred mode, clamped to what it lists, and a hotplug pulse.
 */
void mvgpu_core_set_monitor_mode(MvgpuCore *c, uint32_t xres, uint32_t yres);

/*
 * The OpRegion the guest's firmware should place (MVGPU_OPREGION_SIZE bytes,
 * core/opregion.h): its VBT declares the board's DisplayPort connectors.
 */
void mvgpu_core_build_opregion(MvgpuCore *c, uint8_t *buf);

/*
 * The aperture bytes from @offset (page aligned) that the GGTT maps onto one
 * run of contiguous guest-physical pages, at most @max_len: returns false
 * when the first page is not mapped, else the run's start and length. The
 * host may map such a run directly instead of trapping each access; the
 * core tells it through aperture_changed when the run stops being valid.
 */
bool mvgpu_core_aperture_run(MvgpuCore *c, uint64_t offset, uint64_t max_len,
                             uint64_t *gpa, uint64_t *len);

/* BAR2 (aperture) accesses, translated through the GGTT to guest RAM. */
uint64_t mvgpu_core_aperture_read(MvgpuCore *c, uint64_t offset, unsigned size);
void mvgpu_core_aperture_write(MvgpuCore *c, uint64_t offset, uint64_t value,
                               unsigned size);

#endif
