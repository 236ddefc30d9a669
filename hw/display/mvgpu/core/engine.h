/*
 * mvgpu core: engines, execlist submission and the ring interpreter
 * (reference §8).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef MVGPU_CORE_ENGINE_H
#define MVGPU_CORE_ENGINE_H

#include <stdbool.h>
#include <stdint.h>

#include "blit.h"

typedef struct MvgpuCore MvgpuCore;

typedef enum MvgpuEngineId {
    MVGPU_RCS,
    MVGPU_VCS0,
    MVGPU_VECS,
    MVGPU_BCS,
    MVGPU_NENGINES
} MvgpuEngineId;

#define MVGPU_CSB_ENTRIES       6
#define MVGPU_CSB_PTR_RESET     7       /* next entry goes to slot 0 */

/* CSB status bits (reference §8.5). */
#define CSB_IDLE_TO_ACTIVE      (1u << 0)
#define CSB_PREEMPTED           (1u << 1)
#define CSB_ELEMENT_SWITCH      (1u << 2)
#define CSB_ACTIVE_TO_IDLE      (1u << 3)
#define CSB_CONTEXT_COMPLETE    (1u << 4)
#define CSB_LITE_RESTORE        (1u << 15)

/* What an engine did, kept across resets. */
typedef struct MvgpuEngineStats {
    uint64_t workloads;         /* contexts run to completion */
    uint64_t commands;          /* commands executed or skipped */
    uint64_t skipped;           /* accepted, but not executed in software */
    uint64_t refused;           /* workloads the command audit refused */
    uint64_t relocated;         /* address fields relocated in shadows */
    uint64_t blits;             /* 2D commands executed */
    uint64_t hangs;             /* workloads that hung the engine */
} MvgpuEngineStats;

typedef struct MvgpuEngine {
    uint32_t elsp[4];           /* dwords as written: element 1 hi, lo, 0 hi, lo */
    unsigned elsp_count;
    uint64_t queued[2];         /* submitted descriptors awaiting execution */
    bool busy;                  /* a submission is queued */
    bool hung;                  /* stopped by a bad or endless workload */
    uint8_t csb_write;          /* last CSB slot written, or the reset value */
    MvgpuBlitState blit;        /* XY_SETUP_BLT state (BCS) */
    MvgpuEngineStats stats;
} MvgpuEngine;

/* Budgets: what one workload may consume before it counts as hung. */
#define MVGPU_WORKLOAD_MAX_COMMANDS   (1u << 20)
#define MVGPU_BATCH_MAX_DEPTH         2       /* ring -> first -> second level */
#define MVGPU_BATCH_MAX_STARTS        1024    /* chained batch starts */

void mvgpu_engines_reset(MvgpuCore *c, uint32_t engine_mask);
void mvgpu_engine_run(MvgpuCore *c, MvgpuEngineId id);

/* ppgtt.c: a 4-level walk from the PML4 at guest-physical @pml4. */
bool mvgpu_ppgtt_translate(MvgpuCore *c, uint64_t pml4, uint64_t va,
                           uint64_t *gpa);

#endif
