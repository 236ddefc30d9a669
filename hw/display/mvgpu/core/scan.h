/*
 * mvgpu core: scanning a workload into shadow buffers before it runs.
 *
 * The ring segment and every batch it reaches are read once, decoded and
 * audited through the command table, and kept as shadow segments. What
 * executes afterwards comes from the shadows only, so a guest CPU that
 * rewrites a batch after the audit changes nothing. For execution the
 * scan stops at user (PPGTT) batches (ppgtt_live): the engine reads those
 * as it reaches them, as hardware does, auditing each command at fetch
 * through mvgpu_scan_command(); recordings, replays and the benchmarks
 * scan them too. The audit's rules are what Linux i915's command parser
 * (drivers/gpu/drm/i915/i915_cmd_parser.c) and GVT-g's
 * (drivers/gpu/drm/i915/gvt/cmd_parser.c) check.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef MVGPU_CORE_SCAN_H
#define MVGPU_CORE_SCAN_H

#include <glib.h>
#include <stdbool.h>
#include <stdint.h>

#include "cmd.h"
#include "cmd-mem.h"

/* Budgets: what scanning one workload may consume. */
#define MVGPU_SCAN_MAX_DWORDS       (4u << 20)  /* 16 MiB of shadows */
#define MVGPU_SCAN_MAX_COMMANDS     (1u << 20)
#define MVGPU_SCAN_MAX_DEPTH        2           /* ring -> first -> second */
#define MVGPU_SCAN_MAX_SEGMENTS     1024

/*
 * One shadow segment: the ring from HEAD to TAIL, or a batch from where a
 * MI_BATCH_BUFFER_START entered it to its end or its next jump.
 */
typedef struct MvgpuShadowSeg {
    bool ring;
    bool ppgtt;                 /* batch: in the context's PPGTT, else GGTT */
    uint64_t addr;              /* batch: graphics address of dword 0 */
    uint32_t *dw;               /* host-endian copy */
    uint32_t len;               /* dwords of whole audited commands */
    uint32_t avail;             /* dwords read (len, plus the page's rest) */
    uint64_t key;               /* batch: addr | ppgtt (addresses are 4-aligned) */
} MvgpuShadowSeg;

/* Reads @n dwords (within one 4 KiB page) at @addr; false if not RAM. */
typedef bool (*MvgpuScanRead)(void *opaque, bool ppgtt, uint64_t addr,
                              uint32_t *dw, uint32_t n);

/*
 * Whether all of a command's memory operand @op lies in guest RAM; the
 * scan refuses the workload if not.
 */
typedef bool (*MvgpuScanProbe)(void *opaque, const MvgpuMemOperand *op);

typedef struct MvgpuScan {
    unsigned engine_bit;        /* MVGPU_CMD_RCS ... */
    MvgpuScanRead read;
    MvgpuScanProbe probe;
    void *opaque;               /* for read and probe */
    /*
     * PPGTT batches are not followed: execution reads them live. Else
     * (recordings, replays, benchmarks) every batch is scanned.
     */
    bool ppgtt_live;
    GPtrArray *segs;            /* MvgpuShadowSeg *; [0] is the ring */
    GHashTable *batches;        /* &seg->key -> batch segment */
    uint64_t dwords, commands;
    /* Why the scan stopped, if it did. */
    bool refused;               /* by the command audit (else a fault) */
    char error[160];
    uint64_t error_addr;
} MvgpuScan;

/*
 * Scans the ring segment @ring (@len dwords, taken over) and all it
 * reaches. False if the workload must not run; @sc->error says why.
 */
bool mvgpu_scan(MvgpuScan *sc, uint32_t *ring, uint32_t len);
/* The segment a batch start at (@ppgtt, @addr) enters, or NULL. */
const MvgpuShadowSeg *mvgpu_scan_find(const MvgpuScan *sc, bool ppgtt,
                                      uint64_t addr);
void mvgpu_scan_free(MvgpuScan *sc);

/*
 * The audit of one command at @at whose first @avail dwords are at @c
 * (@avail >= 1): decodes DW0 for the scan's engine into @cmd, then, when
 * @avail covers what the command's operands need (min(cmd->len, @avail)
 * dwords are checked), its register and memory operands. False, with
 * @sc->error and @sc->refused set, if the command must not run.
 */
bool mvgpu_scan_command(MvgpuScan *sc, uint64_t at, const uint32_t *c,
                        uint32_t avail, bool privileged, MvgpuCmd *cmd);

/* MI_BATCH_BUFFER_START fields (Gen8+, three dwords). */
#define MVGPU_BB_SECOND_LEVEL   (1u << 22)
#define MVGPU_BB_PPGTT          (1u << 8)
static inline uint64_t mvgpu_bb_addr(const uint32_t *dw)
{
    return ((uint64_t)(dw[2] & 0xffff) << 32 | dw[1]) & ~3ull;
}

#endif
