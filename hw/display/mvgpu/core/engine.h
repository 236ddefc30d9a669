/*
 * mvgpu core: an engine's execlist state, and the budgets of its slices.
 *
 * The submission protocol (ELSP, the two ports, the CSB) is execlist.c's;
 * what runs a context is a backend's (backend.h). Layouts in lrc.h, the
 * engines themselves in engines.h.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef MVGPU_CORE_ENGINE_H
#define MVGPU_CORE_ENGINE_H

#include <stdbool.h>
#include <stdint.h>

#include "backend.h"
#include "blit.h"
#include "engines.h"
#include "lrc.h"

typedef struct MvgpuCore MvgpuCore;

/* What an engine did, kept across resets. */
typedef struct MvgpuEngineStats {
    uint64_t workloads;         /* contexts run to completion */
    uint64_t commands;          /* commands executed or skipped */
    uint64_t skipped;           /* accepted, but not executed in software */
    uint64_t refused;           /* workloads the command audit refused */
    uint64_t relocated;         /* address fields relocated in shadows */
    uint64_t blits;             /* 2D commands executed */
    uint64_t hangs;             /* contexts that broke a rule */
    uint64_t slices;            /* slices run */
    uint64_t lite_restores;     /* ELSP writes that moved a running TAIL */
} MvgpuEngineStats;

/*
 * The engine's execlist: the submission it runs (two elements, the
 * second optional) and one that waits for it to finish. A descriptor of
 * 0 is an empty element.
 */
typedef struct MvgpuEngine {
    uint32_t elsp[4];           /* dwords as written: element 1 hi, lo, 0 hi, lo */
    unsigned elsp_count;
    uint64_t running[2];        /* the running submission */
    uint64_t pending[2];        /* the next one, queued while it runs */
    unsigned element;           /* of running[] on the engine */
    bool busy;                  /* running[] holds a submission */
    MvgpuCtxRun *run;           /* the backend's state of running[element] */
    bool hung;                  /* a context broke a rule: wait for GDRST */
    uint8_t csb_write;          /* last CSB slot written, or the reset value */
    bool csb_event;             /* CSB written: raise the ctx-switch interrupt */
    MvgpuBlitState blit;        /* XY_SETUP_BLT state (BCS) */
    MvgpuEngineStats stats;
} MvgpuEngine;

/* Bounds that protect the host (the guest's hang detection does the rest). */
#define MVGPU_BATCH_MAX_DEPTH   2       /* ring -> first -> second level */
#define MVGPU_SLICE_BUDGET      1024    /* work units per slice (commands) */
/*
 * A 2D command costs one unit per this many bytes it reads or writes: a
 * slice moves at most 256 KiB, about a millisecond of Y-tiled copying,
 * which is also the longest an MMIO access waits for the core lock.
 */
#define MVGPU_BLIT_BYTES_PER_UNIT 256
/* Virtual time between slices, and between polls of an unmet semaphore. */
#define MVGPU_SLICE_GAP_NS      20000
#define MVGPU_SEMAPHORE_POLL_NS 50000

void mvgpu_engines_reset(MvgpuCore *c, uint32_t engine_mask);
/* The engine's timer: one step (some slices) of its running context. */
void mvgpu_engine_step(MvgpuCore *c, MvgpuEngineId id);

/* ppgtt.c: a 4-level walk from the PML4 at guest-physical @pml4. */
bool mvgpu_ppgtt_translate(MvgpuCore *c, uint64_t pml4, uint64_t va,
                           uint64_t *gpa);

#endif
