/*
 * mvgpu core: compute dispatch on the EU interpreter (eu-dispatch.c).
 *
 * The soft backend hands this the GPGPU state commands of a workload as
 * it executes them (STATE_BASE_ADDRESS, MEDIA_VFE_STATE,
 * MEDIA_CURBE_LOAD, MEDIA_INTERFACE_DESCRIPTOR_LOAD) and runs
 * GPGPU_WALKER's thread groups a budget of instructions at a time. Guest
 * memory is the backend's: GPU virtual addresses of the workload's
 * address space, every access bounded by the callback.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef MVGPU_CORE_EU_DISPATCH_H
#define MVGPU_CORE_EU_DISPATCH_H

#include <stdbool.h>
#include <stdint.h>

/* Guest memory by GPU virtual address; false if any byte is unmapped. */
typedef bool (*MvgpuComputeRw)(void *opaque, uint64_t va, void *buf,
                               uint32_t len, bool write);

typedef struct MvgpuComputeMem {
    MvgpuComputeRw rw;
    void *opaque;
} MvgpuComputeMem;

typedef struct MvgpuCompute MvgpuCompute;

/*
 * EU instructions a work unit of the slice budget stands for: a slice
 * interprets about 2000, a millisecond or so, like the blitter's bound
 * (engine.h).
 */
#define MVGPU_EU_INSTS_PER_UNIT 2

MvgpuCompute *mvgpu_compute_new(void);
void mvgpu_compute_free(MvgpuCompute *c);

/*
 * The four bases STATE_BASE_ADDRESS sets (general, surface, dynamic,
 * instruction): what a context keeps across its submissions. Setting them
 * counts as a STATE_BASE_ADDRESS seen.
 */
void mvgpu_compute_get_bases(const MvgpuCompute *c, uint64_t bases[4]);
void mvgpu_compute_set_bases(MvgpuCompute *c, const uint64_t bases[4]);

/*
 * The media state: what MEDIA_VFE_STATE set (its DW1-8) and where
 * MEDIA_CURBE_LOAD and MEDIA_INTERFACE_DESCRIPTOR_LOAD said the CURBE and
 * the interface descriptors are (Dynamic State Base Address + the
 * command's offset, when the command ran), not their bytes: GPGPU_WALKER
 * reads its descriptor and the CURBE from there. Context state, like the
 * bases: a context that dispatches the same kernel again need not load
 * them again.
 */
#define MVGPU_MEDIA_VFE     (1u << 0)
#define MVGPU_MEDIA_CURBE   (1u << 1)
#define MVGPU_MEDIA_IDD     (1u << 2)

typedef struct MvgpuMediaState {
    uint32_t valid;             /* MVGPU_MEDIA_*: which commands ran */
    uint32_t vfe[8];            /* MEDIA_VFE_STATE DW1-8 */
    uint64_t curbe_addr;        /* GPU VA */
    uint32_t curbe_len;         /* bytes */
    uint64_t idd_addr;          /* GPU VA */
    uint32_t idd_len;           /* bytes: whole 32-byte descriptors */
} MvgpuMediaState;

void mvgpu_compute_get_media(const MvgpuCompute *c, MvgpuMediaState *ms);
/*
 * Sets the media state kept by an earlier workload of the context. NULL,
 * or why @ms is not a state the commands can set (an unknown flag, a
 * length over the commands' bounds, an address past 48 bits); nothing is
 * set then.
 */
const char *mvgpu_compute_set_media(MvgpuCompute *c, const MvgpuMediaState *ms);

/* The state commands; NULL, or why the workload is refused. */
const char *mvgpu_compute_state_base(MvgpuCompute *c, const uint32_t *dw,
                                     uint32_t len);
const char *mvgpu_compute_vfe(MvgpuCompute *c, const uint32_t *dw,
                              uint32_t len);
const char *mvgpu_compute_curbe(MvgpuCompute *c, const uint32_t *dw,
                                uint32_t len);
const char *mvgpu_compute_idl(MvgpuCompute *c, const uint32_t *dw,
                              uint32_t len);

/*
 * GPGPU_WALKER: prepares the dispatch, reading its interface descriptor
 * and the CURBE where the media state says they are; @dims are
 * GPGPU_DISPATCHDIMX/Y/Z, used when the command asks for indirect
 * parameters. If it refuses, *guest says whether for the guest's state
 * (no such descriptor, descriptor or CURBE not mapped) rather than for
 * what the interpreter does not implement.
 */
const char *mvgpu_compute_walker(MvgpuCompute *c, const MvgpuComputeMem *m,
                                 const uint32_t *dw, uint32_t len,
                                 const uint32_t dims[3], bool *guest);

/*
 * Runs the prepared dispatch for at most @budget instructions (all
 * threads together); *used says how many ran. Returns NULL with *more
 * set while groups are left, or why the workload is refused.
 */
const char *mvgpu_compute_run(MvgpuCompute *c, const MvgpuComputeMem *m,
                              uint64_t budget, uint64_t *used, bool *more);

/*
 * Whether STATE_BASE_ADDRESS was set, by this workload or (through
 * mvgpu_compute_set_bases()) by an earlier one of the context. Without it
 * the backend skips a walker: its bases would be guesses.
 */
bool mvgpu_compute_has_state(const MvgpuCompute *c);

/* Thread groups run to their end and EU instructions run, in total. */
uint64_t mvgpu_compute_groups(const MvgpuCompute *c);
uint64_t mvgpu_compute_instructions(const MvgpuCompute *c);

#endif
