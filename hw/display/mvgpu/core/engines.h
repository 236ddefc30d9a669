/*
 * mvgpu core: the engines of a Gen9 GT2, as one table.
 *
 * Every fact about an engine that more than one file needs — its names,
 * its MMIO base, its bit in the command table's engine masks, where its
 * interrupts sit and which GDRST domain resets it — is one row here.
 * Facts from Linux drivers/gpu/drm/i915/gt/intel_engine_cs.c
 * (intel_engines[]), intel_gt_irq.c (gen8_gt_irq_handler()) and
 * intel_reset.c (gen6_reset_engines()).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef MVGPU_CORE_ENGINES_H
#define MVGPU_CORE_ENGINES_H

#include <stdint.h>

typedef enum MvgpuEngineId {
    MVGPU_RCS,
    MVGPU_VCS0,
    MVGPU_VECS,
    MVGPU_BCS,
    MVGPU_NENGINES
} MvgpuEngineId;

typedef struct MvgpuEngineInfo {
    const char *name;           /* "RCS": log lines */
    const char *short_name;     /* "rcs": recordings, traces, tools */
    uint32_t base;              /* MMIO base of its ring registers */
    uint8_t irq_bank;           /* MvgpuIrqBank of its GT interrupts */
    uint8_t irq_shift;          /* of its bits in that bank */
    uint32_t gdrst_bit;         /* its GEN6_GDRST domain */
} MvgpuEngineInfo;

/* By MvgpuEngineId. An engine's command-table bit is 1 << its id. */
extern const MvgpuEngineInfo mvgpu_engines[MVGPU_NENGINES];

/* The engine whose ring registers hold @offset; MVGPU_NENGINES if none. */
MvgpuEngineId mvgpu_engine_of_reg(uint32_t offset);

#endif
