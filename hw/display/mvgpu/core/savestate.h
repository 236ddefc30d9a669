/*
 * mvgpu core: the whole device's state as plain data, for migration and
 * snapshots (docs/architecture.md, "Saving the device").
 *
 * mvgpu_core_save_state() fills an MvgpuSavedState from a quiesced core;
 * mvgpu_core_load_state() loads one into a core of the same configuration.
 * The struct has fixed-size fields and two buffers (the register file and
 * the GGTT, little-endian) so that a host can describe it field by field
 * (the QEMU glue does so with VMSTATE_* in mvgpu-migration.c). A load
 * treats the data as hostile: every length, index, enum and position is
 * checked before use; flags are bytes (any non-zero value is true), so
 * that any byte a stream holds is a value of the struct.
 *
 * Work in flight is parked, not completed: a context on an engine is saved
 * where its last slice left it (ring offsets, the batch stack, a 2D
 * command's row cursor) and resumes from there on load, reading guest
 * memory afresh as the hardware would after a context restore.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef MVGPU_CORE_SAVESTATE_H
#define MVGPU_CORE_SAVESTATE_H

#include <stdbool.h>
#include <stdint.h>

#include "core.h"
#include "engines.h"
#include "gen9-regs.h"
#include "host.h"

#define MVGPU_SAVED_MAX_ROOTS       4096    /* MVGPU_MAX_PPGTT_ROOTS */
#define MVGPU_SAVED_MAX_DEPTH       3       /* ring + two batch levels */
#define MVGPU_SAVED_BLIT_DWORDS     257     /* the longest 2D command kept */
#define MVGPU_SAVED_ERROR_LEN       160
#define MVGPU_SAVED_NSTATS          9       /* MvgpuEngineStats' counters */
#define MVGPU_SAVED_EDID_SIZE       256
#define MVGPU_SAVED_DPCD_SIZE       0x800

/* The backend, by number: what a stream may name. */
typedef enum MvgpuSavedBackend {
    MVGPU_SAVED_BACKEND_SOFT,
    MVGPU_SAVED_BACKEND_DRM,
} MvgpuSavedBackend;

/* Where one level of a running context's stream is. */
typedef enum MvgpuSavedFrameKind {
    MVGPU_SAVED_FRAME_RING,     /* the ring's shadow: pos in dwords */
    MVGPU_SAVED_FRAME_GGTT,     /* a GGTT batch's shadow entered at addr */
    MVGPU_SAVED_FRAME_LIVE,     /* a user batch read live: addr is next */
} MvgpuSavedFrameKind;

/* The soft backend's context at a slice boundary (soft.c). */
typedef struct MvgpuSavedRun {
    uint8_t present;            /* the engine has a started context */
    uint64_t lrca, pml4;
    uint32_t ring_start, ring_size;
    uint32_t chunk_head, tail, next_tail;
    uint32_t depth;
    uint32_t frame_kind[MVGPU_SAVED_MAX_DEPTH];
    uint32_t frame_pos[MVGPU_SAVED_MAX_DEPTH];
    uint64_t frame_addr[MVGPU_SAVED_MAX_DEPTH];
    /* A 2D command part done: its dwords as fetched, rows done. */
    uint8_t blit_active;
    uint8_t blit_privileged;
    uint32_t blit_len, blit_row;
    uint32_t blit_dw[MVGPU_SAVED_BLIT_DWORDS];
    /* A fault found between slices: the next slice reports it. */
    uint8_t faulted;
    uint64_t error_addr;
    uint8_t error[MVGPU_SAVED_ERROR_LEN];
} MvgpuSavedRun;

typedef struct MvgpuSavedEngine {
    uint32_t elsp[4];
    uint32_t elsp_count;
    uint64_t running[2], pending[2];
    uint32_t element;
    uint8_t busy, hung, csb_event;
    uint8_t csb_write;
    /* MvgpuBlitState */
    uint8_t blit_valid;
    uint32_t blit_br00, blit_br13;
    uint64_t blit_dst;
    int32_t blit_clip[4];
    uint32_t blit_bg, blit_fg, blit_pat_bg, blit_pat_fg;
    uint64_t blit_pat_mono, blit_pat_addr;
    uint32_t blit_pat;
    uint64_t stats[MVGPU_SAVED_NSTATS];
    MvgpuSavedRun run;
} MvgpuSavedEngine;

typedef struct MvgpuSavedPipe {
    uint8_t enabled;
    uint64_t frame_ns, frame_start_ns;
    uint32_t frame_count, pending_flip_done;
} MvgpuSavedPipe;

typedef struct MvgpuSavedState {
    /* The configuration: a destination must have the same. */
    uint32_t device_id;
    uint64_t aperture_size;
    uint32_t xmax, ymax;
    uint32_t backend;           /* MvgpuSavedBackend */

    /* Buffers, little-endian; g_free'd by mvgpu_saved_state_clear(). */
    uint32_t regs_bytes;        /* MVGPU_MMIO_SIZE */
    uint8_t *regs;
    uint32_t ggtt_bytes;        /* MVGPU_GGTT_PTE_BYTES */
    uint8_t *ggtt;

    uint8_t pv_notified;
    uint32_t g2v_notifications;
    uint32_t nroots;
    uint64_t roots[MVGPU_SAVED_MAX_ROOTS];
    uint32_t gdrst_count;
    uint64_t msi_count;

    /* Virtual-time deadlines of the armed timers (bit i: MvgpuTimerId i). */
    uint32_t timers_armed;
    uint64_t timer_deadline[MVGPU_TIMER_COUNT];

    MvgpuSavedPipe pipes[MVGPU_NPIPES];
    uint32_t xres, yres;
    uint8_t edid[MVGPU_SAVED_EDID_SIZE];
    uint8_t dpcd[MVGPU_SAVED_DPCD_SIZE];
    uint32_t scanout_reported[MVGPU_NPIPES];
    uint8_t i2c_slave;
    uint32_t edid_offset;

    MvgpuSavedEngine engines[MVGPU_NENGINES];
} MvgpuSavedState;

/*
 * Fills @s (its buffers freed first) from @c, after waiting for the
 * engines' worker. False with *@msg set when the state cannot be saved
 * (a backend that cannot park its work).
 */
bool mvgpu_core_save_state(MvgpuCore *c, MvgpuSavedState *s, char **msg);

/*
 * Loads @s into @c, whose configuration must match the saved one. On
 * false *@msg is a sentence naming what was refused, and @c is reset.
 */
bool mvgpu_core_load_state(MvgpuCore *c, const MvgpuSavedState *s,
                           char **msg);

/*
 * Only the configuration part of @s (device-id, aperture size, the
 * monitor's limits, the backend) against @c's: a host may refuse a
 * stream early with it. mvgpu_core_load_state() checks it too.
 */
bool mvgpu_core_check_saved_config(MvgpuCore *c, const MvgpuSavedState *s,
                                   char **msg);

/* Frees @s's buffers. */
void mvgpu_saved_state_clear(MvgpuSavedState *s);

#endif
