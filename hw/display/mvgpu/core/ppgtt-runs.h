/*
 * mvgpu core: every mapping of a guest PPGTT, as runs of contiguous
 * memory (backend drm mirrors them into a host address space).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef MVGPU_CORE_PPGTT_RUNS_H
#define MVGPU_CORE_PPGTT_RUNS_H

#include <glib.h>
#include <stdbool.h>
#include <stdint.h>

typedef struct MvgpuCore MvgpuCore;

/* [va, va + len) of the PPGTT maps [gpa, gpa + len) of guest memory. */
typedef struct MvgpuPpgttRun {
    uint64_t va;
    uint64_t gpa;
    uint64_t len;
} MvgpuPpgttRun;

typedef struct MvgpuPpgttWalk {
    /* in: bounds that keep a hostile guest's tables from costing more */
    uint32_t max_tables;        /* table pages read */
    uint32_t max_runs;
    /* out */
    GArray *runs;               /* MvgpuPpgttRun, ascending va */
    uint32_t tables;            /* table pages read */
    uint64_t bytes;             /* mapped, scratch excepted */
    uint64_t scratch_gpa;       /* the guest's scratch page; ~0: none */
} MvgpuPpgttWalk;

/*
 * Walks the 4-level PPGTT at guest-physical @pml4 (4 KiB, 64 KiB, 2 MiB
 * and 1 GiB pages) into w->runs (created, or emptied first): each run is
 * as long as both its graphics and its guest-physical addresses go on
 * contiguously. Entries that point at the guest driver's scratch tables
 * or scratch page are not mappings and are left out. Returns false and
 * sets *why when a table is not guest RAM or a bound is reached.
 */
bool mvgpu_ppgtt_runs(MvgpuCore *c, uint64_t pml4, MvgpuPpgttWalk *w,
                      const char **why);

void mvgpu_ppgtt_walk_free(MvgpuPpgttWalk *w);

#endif
