/*
 * A guest PPGTT in a FakeHost's RAM, laid out the way i915 makes one
 * (scratch chain included), and a user batch in it: shared by the unit
 * tests of backend drm (test-drm.c) and its guest harness
 * (tests/drm/mvgpu-drm-harness.c).
 *
 * The mappings: VA 0x0-0x4000 -> 0x300000 (4 KiB pages, one run),
 * 0x5000 -> 0x310000, 0x6000 -> 0x305000, 0x200000 -> 2 MiB at 0x400000,
 * 0x400000 -> 64 KiB pages at 0x700000 and 0x710000, HI_VA -> 0x320000;
 * every other VA is the scratch page's.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef MVGPU_TEST_GUEST_PPGTT_H
#define MVGPU_TEST_GUEST_PPGTT_H

#include "fake-host.h"

#define GP_PML4         0x200000ull
#define GP_S0           0x201000ull     /* scratch page */
#define GP_S1           0x202000ull     /* scratch PT */
#define GP_S2           0x203000ull     /* scratch PD */
#define GP_S3           0x204000ull     /* scratch PDP */
#define GP_PDP          0x205000ull
#define GP_PD           0x206000ull
#define GP_PT           0x207000ull
#define GP_PT64K        0x208000ull
#define GP_HI_PDP       0x209000ull
#define GP_HI_PD        0x20a000ull
#define GP_HI_PT        0x20b000ull
#define GP_HI_VA        0x800000000000ull   /* PML4 entry 256: bit 47 */
#define GP_RUNS         6               /* the runs the walk finds */

/*
 * Entries and commands come from mvgpu-build.h (MB_PPGTT_*, MB_*), and
 * are written through the host's h->mem writer (mb_write32/64()).
 */
uint32_t gp_ram32(FakeHost *h, uint64_t gpa);
/* Every entry of the table at @table is @entry. */
void gp_fill_table(FakeHost *h, uint64_t table, uint64_t entry);

/* The PPGTT at GP_PML4. */
void gp_make_ppgtt(FakeHost *h);

/*
 * At VA 0 (guest 0x300000): stores of @v1 to VA 0x5010 (guest 0x310010)
 * and @v2 to GP_HI_VA + 0x20 (guest 0x320020), then MI_BATCH_BUFFER_END.
 */
void gp_make_batch(FakeHost *h, uint32_t v1, uint32_t v2);

/*
 * Through the execlist: a GGTT over guest 0x100000 (64 pages), an RCS
 * context at GP_CTX_GMA on GP_PML4 whose ring (GP_RING_GMA) gets, per
 * gp_submit(), an MI_BATCH_BUFFER_START of the user batch at VA 0 and an
 * MI_USER_INTERRUPT; gp_submit() writes the new TAIL and ELSP.
 */
#define GP_RING_GMA     0x1000
#define GP_CTX_GMA      0x4000
#define GP_RAM_OF(gma)  (0x100000 + (gma))
#define GP_SUBMIT_BYTES 24          /* what one gp_submit() adds */

void gp_setup_execlist(FakeHost *h);
void gp_submit(FakeHost *h, uint32_t ctx_id);
/* HEAD and TAIL of the context's image. */
uint32_t gp_ctx_head(FakeHost *h);
uint32_t gp_ctx_tail(FakeHost *h);

#endif
