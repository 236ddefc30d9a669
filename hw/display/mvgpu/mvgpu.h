/*
 * mvgpu: the QEMU device's state, shared by the glue's files.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef HW_DISPLAY_MVGPU_H
#define HW_DISPLAY_MVGPU_H

#include "hw/pci/pci_device.h"
#include "qemu/timer.h"
#include "ui/console.h"

#include "core/core.h"
#include "core/savestate.h"
#include "core/scanout.h"

#define TYPE_MVGPU "mvgpu"
OBJECT_DECLARE_SIMPLE_TYPE(MvgpuState, MVGPU)

/* A run of aperture pages mapped straight onto guest RAM. */
typedef struct MvgpuApertureMap {
    MemoryRegion mr;
    uint64_t offset, len;
    uint64_t last_used;
    bool used;
} MvgpuApertureMap;

#define MVGPU_APERTURE_MAPS     32

typedef struct MvgpuTimer {
    struct MvgpuState *s;
    MvgpuTimerId id;
    QEMUTimer *timer;
} MvgpuTimer;

struct MvgpuState {
    PCIDevice parent_obj;

    /* properties */
    uint32_t device_id;
    uint64_t aperture_size;
    uint32_t xres, yres, xmax, ymax;
    char *backend;              /* backend: what runs GPU work ("soft") */
    char *render_node;          /* render-node: backend drm's host node */
    char *record_dir;           /* x-record: keep every scanned workload */
    char *engine_thread;        /* x-engine-thread: on (default), off, sync */
    bool opregion;              /* opregion: offer etc/igd-opregion */
    char *cursor_mode;          /* cursor: frame (default) or pointer */
    bool cursor_pointer;        /* cursor=pointer: the client draws it */
    uint8_t *opregion_blob;     /* what fw_cfg serves, for the VM's life */
    uint32_t records;           /* recordings written so far */

    MvgpuTimer timers[MVGPU_TIMER_COUNT];
    QEMUBH *msi_bh;             /* MSIs raised by the engines' worker */

    MemoryRegion bar0;          /* registers + GGTT PTEs */
    MvgpuCore *core;
    MvgpuSavedState saved;      /* the core's state in a migration stream */

    /* aperture (mvgpu-aperture.c) */
    MemoryRegion aperture;      /* BAR2: CPU view of the GGTT */
    MemoryRegion aperture_io;   /* under the maps: every access trapped */
    MvgpuApertureMap maps[MVGPU_APERTURE_MAPS];
    unsigned long *aperture_tried;  /* per chunk: a map was attempted */
    uint64_t aperture_clock;

    /* console (mvgpu-console.c) */
    QemuConsole *con;
    MvgpuPlane shown;           /* what the console surface holds */
    bool showing;
    bool composing;             /* sprites on: the composed pipe is shown */
    uint32_t composed_w, composed_h;
    uint8_t *staging;           /* copy path: the converted frame */
    size_t staging_size;
    MemoryRegion *direct_mr;    /* zero-copy path: guest RAM shown in place */
    hwaddr direct_offset;
    uint64_t shown_ggtt;        /* GGTT generation the console shows */
    MemoryRegion *watched[8];   /* copy path: RAM logged for writes */
    unsigned nwatched;
    /*
     * The cursor as the client was last given it: its pointer
     * (cursor=pointer), or what the copy path drew into the frame.
     */
    MvgpuCursor cursor;
    bool cursor_shown;
    uint32_t *cursor_image;     /* last image sent, 256 x 256 at most */
    uint32_t *cursor_next;      /* the image read this refresh */
    uint8_t *framed;            /* copy path: staging + the cursor */
    size_t framed_size;
};

void mvgpu_aperture_init(MvgpuState *s);
void mvgpu_aperture_fini(MvgpuState *s);
void mvgpu_aperture_changed(void *opaque, uint64_t offset, uint64_t len);

/* mvgpu-host-ram.c: the host callbacks backend drm uses. */
void mvgpu_host_ram_init(MvgpuHost *host);
/* Keeps guest RAM out of QEMU's children (backend drm: userptr pins it). */
void mvgpu_host_ram_dontfork(void);

/* mvgpu-migration.c */
extern const VMStateDescription mvgpu_vmstate;

void mvgpu_console_init(MvgpuState *s);
void mvgpu_console_fini(MvgpuState *s);
void mvgpu_console_reset(MvgpuState *s);


#endif
