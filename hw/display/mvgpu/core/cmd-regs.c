/*
 * mvgpu core: the register table for command buffers.
 *
 * Offsets checked against i915's register headers and GVT-g's tracked
 * MMIO (gvt/handlers.c, F_CMD_ACCESS) and its FORCE_TO_NONPRIV list
 * (force_nonpriv_white_list[]); the user-writable set follows what Gen9
 * leaves to non-privileged batches and what Mesa's Gen9 drivers load
 * (predicates, indirect draw/dispatch parameters, GPRs, stream-output
 * offsets, L3 and cache-mode configuration) and every register IGT's
 * tests/i915/gem_ctx_isolation.c (nonpriv_registers[]) loads from and
 * stores to a user batch on Gen9. The kernel-writable set is the
 * context workarounds i915 loads from its rings (observed with x-record on
 * the 6.1 and 6.12 guests) plus their Gen9 relatives, page directory
 * pointers, MOCS and L3CC tables.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <glib.h>

#include "cmd.h"
#include "cmd-regs.h"
#include "gen9-regs.h"

#define ALL         MVGPU_CMD_ALL
#define RCS         MVGPU_CMD_RCS
#define VCS         MVGPU_CMD_VCS
#define VECS        MVGPU_CMD_VECS
#define BCS         MVGPU_CMD_BCS
#define READ        MVGPU_CMD_REG_READ
#define KERNEL      MVGPU_CMD_REG_KERNEL
#define USER        MVGPU_CMD_REG_USER

/* Absolute and per-engine ranges. */
#define R(nm, off, n, eng, acc) \
    { .name = nm, .offset = off, .dwords = n, .engines = eng, .access = acc }
#define E(nm, off, n, eng, acc) \
    { .name = nm, .offset = off, .dwords = n, .engines = eng, \
      .per_engine = true, .access = acc }

const MvgpuCmdReg mvgpu_cmd_regs[] = {
    /* Every engine's own registers. */
    E("RING_NOPID", 0x094, 1, ALL, KERNEL),
    E("RING_MI_MODE", 0x09c, 1, ALL, KERNEL),
    /* INSTPM: render's is the user's to load (gem_ctx_isolation). */
    E("RING_INSTPM", 0x0c0, 1, VCS | VECS | BCS, KERNEL),
    R("INSTPM", 0x20c0, 1, RCS, USER),
    E("RING_CONTEXT_CONTROL", 0x244, 1, ALL, KERNEL),
    E("RING_PDP", 0x270, 8, ALL, KERNEL),
    E("RING_TIMESTAMP", 0x358, 2, ALL, READ),
    E("RING_CTX_TIMESTAMP", 0x3a8, 1, ALL, READ),
    E("CS_GPR", 0x600, 32, ALL, USER),

    /* Render: predication and indirect parameters. */
    R("MI_PREDICATE_RESULT_2", 0x2214, 1, RCS, USER),
    R("MI_PREDICATE_SRC0/SRC1/DATA/RESULT/RESULT_1", 0x2400, 8, RCS, USER),
    R("3DPRIM_END_OFFSET..BASE_VERTEX", 0x2420, 9, RCS, USER),
    R("GPGPU_DISPATCHDIM_X/Y/Z", 0x2500, 3, RCS, USER),
    R("BB_OFFSET", 0x2158, 1, RCS, USER),
    /*
     * Render: statistics, read by queries. The hardware lets user batches
     * load them too, and gem_ctx_isolation does (the 64-bit pixel-shader
     * counters of slices 0-2 at 0x22c8/0x22d8, 0x22f0/0x22f8 and
     * 0x2448/0x2450; the pipeline counters at 0x2300).
     */
    R("CS_INVOCATION_COUNT", 0x2290, 2, RCS, USER),
    R("PS_INVOCATION_COUNT_0", 0x22c8, 2, RCS, USER),
    R("PS_DEPTH_COUNT_0", 0x22d8, 2, RCS, USER),
    R("PS_INVOCATION_COUNT_1/PS_DEPTH_COUNT_1", 0x22f0, 4, RCS, USER),
    R("HS..PS_DEPTH_COUNT statistics", 0x2300, 22, RCS, USER),
    R("OA_CTX_CONTROL/OACTXID", 0x2360, 2, RCS, USER),
    R("PS_INVOCATION_COUNT_2/PS_DEPTH_COUNT_2", 0x2448, 4, RCS, USER),
    /*
     * Four 64-bit counters each, with a gap between them (i915's
     * GEN7_SO_NUM_PRIMS_WRITTEN(n) 0x5200 + 8n, GEN7_SO_PRIM_STORAGE_NEEDED(n)
     * 0x5240 + 8n; GVT-g: 32 bytes at each, F_CMD_ACCESS). iris reads both
     * for the transform-feedback overflow query; gem_ctx_isolation loads
     * them.
     */
    R("SO_NUM_PRIMS_WRITTEN0-3", 0x5200, 8, RCS, USER),
    R("SO_PRIM_STORAGE_NEEDED0-3", 0x5240, 8, RCS, USER),
    R("SO_WRITE_OFFSET0-3", 0x5280, 4, RCS, USER),
    /*
     * Render: per-context modes Mesa's Gen9 drivers load from their own
     * batches: CS_DEBUG_MODE2's constant-buffer address-offset disable
     * (iris's and anv's context set-up), GT_MODE's slice/subslice hashing
     * (iris, per framebuffer size). GVT-g lets command buffers write both
     * (F_CMD_ACCESS: GT_MODE on every platform, 0x20d8 in its Broxton list).
     */
    R("CS_DEBUG_MODE2", 0x20d8, 1, RCS, USER),
    R("GT_MODE", 0x7008, 1, RCS, USER),
    /* Render: chicken bits user mode may set (Gen9 FORCE_TO_NONPRIV). */
    R("GEN9_CTX_PREEMPT_REG", 0x2248, 1, RCS, USER),
    R("GEN8_CS_CHICKEN1", 0x2580, 1, RCS, USER),
    R("CACHE_MODE_0/CACHE_MODE_1", 0x7000, 2, RCS, USER),
    R("L3CNTLREG", 0x7034, 1, RCS, USER),
    R("HDC_CHICKEN1", 0x7304, 1, RCS, USER),
    R("GEN9_SLICE_COMMON_ECO_CHICKEN1", 0x731c, 1, RCS, USER),
    R("GEN8_L3SQCREG4", 0xb118, 1, RCS, USER),
    R("COMMON_SLICE_CHICKEN2", 0x7014, 1, RCS, USER),
    /* Render: thread debug controls (gem_ctx_isolation, Gen8-11). */
    R("TD_CTL/TD_CTL2", 0xe400, 2, RCS, USER),
    /* Render: context workarounds the kernel loads. */
    R("GEN9_CSFE_CHICKEN1_RCS", 0x20d4, 1, RCS, KERNEL),
    R("GEN7_FF_SLICE_CS_CHICKEN1", 0x20e0, 1, RCS, KERNEL),
    R("GEN9_CS_DEBUG_MODE1", 0x20ec, 1, RCS, KERNEL),
    R("GEN9_WM_CHICKEN3", 0x5588, 1, RCS, KERNEL),
    R("COMMON_SLICE_CHICKEN1", 0x7010, 1, RCS, KERNEL),
    R("HIZ_CHICKEN..0x701c", 0x7018, 2, RCS, KERNEL),
    R("HDC_CHICKEN0", 0x7300, 1, RCS, KERNEL),
    R("GEN9_SLICE_COMMON_ECO_CHICKEN0", 0x7308, 1, RCS, KERNEL),
    R("GEN9_SCRATCH_LNCF1", 0xb008, 1, RCS, KERNEL),
    R("GEN8_L3SQCREG1", 0xb100, 1, RCS, KERNEL),
    R("HALF_SLICE_CHICKEN*", 0xe100, 64, RCS, KERNEL),
    R("GEN8_ROW_CHICKEN/ROW_CHICKEN2", 0xe4f0, 2, RCS, KERNEL),
    /* Memory object control state and the L3 cache control table. */
    R("L3CC table", 0xb020, 32, RCS, KERNEL),
    R("MOCS tables", 0xc800, 512, ALL, KERNEL),

    /* Video: MFX/HCP status and byte counters the media driver reads. */
    E("MFX status and counters", 0x800, 128, VCS, READ),

    /* Blitter: Y tiling of XY_SRC_COPY_BLT / XY_COLOR_BLT surfaces. */
    R("BCS_SWCTRL", 0x22200, 1, BCS, USER),
};

const size_t mvgpu_cmd_regs_len = G_N_ELEMENTS(mvgpu_cmd_regs);

/* Per engine, the table resolved to absolute, sorted, disjoint ranges. */
typedef struct Range {
    uint32_t start, end;        /* [start, end) in bytes */
    const MvgpuCmdReg *reg;
} Range;

typedef struct EngineRanges {
    Range *r;
    unsigned n;
} EngineRanges;

static int range_cmp(const void *a, const void *b)
{
    const Range *x = a, *y = b;

    return x->start < y->start ? -1 : x->start > y->start;
}

static gpointer build(gpointer data)
{
    EngineRanges *er = g_new0(EngineRanges, 4);

    for (unsigned e = 0; e < 4; e++) {
        er[e].r = g_new(Range, mvgpu_cmd_regs_len);
        for (size_t i = 0; i < mvgpu_cmd_regs_len; i++) {
            const MvgpuCmdReg *reg = &mvgpu_cmd_regs[i];
            uint32_t start = reg->offset +
                             (reg->per_engine ? mvgpu_engines[e].base : 0);

            if (reg->engines & (1u << e)) {
                er[e].r[er[e].n++] = (Range) {
                    start, start + 4u * reg->dwords, reg,
                };
            }
        }
        qsort(er[e].r, er[e].n, sizeof(Range), range_cmp);
    }
    return er;
}

static const EngineRanges *ranges(void)
{
    static GOnce once = G_ONCE_INIT;

    return g_once(&once, build, NULL);
}

bool mvgpu_cmd_reg_allowed(uint32_t reg, unsigned engine_bit, bool privileged,
                           bool write, const char **name)
{
    const EngineRanges *er;
    unsigned lo = 0, hi, e = g_bit_nth_lsf(engine_bit, -1);

    *name = NULL;
    if (e >= 4 || (reg & 3)) {
        return false;
    }
    er = &ranges()[e];
    hi = er->n;
    while (lo < hi) {
        unsigned mid = (lo + hi) / 2;
        const Range *r = &er->r[mid];

        if (reg < r->start) {
            hi = mid;
        } else if (reg >= r->end) {
            lo = mid + 1;
        } else {
            *name = r->reg->name;
            if (!write) {
                return true;
            }
            return r->reg->access == MVGPU_CMD_REG_USER ||
                   (privileged && r->reg->access == MVGPU_CMD_REG_KERNEL);
        }
    }
    return false;
}

#define PIPE_CONTROL_LRI_POST_SYNC  (1u << 23)

bool mvgpu_cmd_reg_operands(const uint32_t *c, uint32_t len,
                            MvgpuCmdRegFn fn, void *opaque)
{
    switch (c[0] & MVGPU_CMD_MI_MASK) {
    case MVGPU_MI_LOAD_REGISTER_IMM:
        for (uint32_t i = 1; i + 1 < len; i += 2) {
            if (!fn(opaque, c, i, true)) {
                return false;
            }
        }
        return true;
    case MVGPU_MI_LOAD_REGISTER_MEM:
        return len < 2 || fn(opaque, c, 1, true);
    case MVGPU_MI_STORE_REGISTER_MEM:
        return len < 2 || fn(opaque, c, 1, false);
    case MVGPU_MI_LOAD_REGISTER_REG:
        return len < 3 || (fn(opaque, c, 1, false) && fn(opaque, c, 2, true));
    }
    if ((c[0] & MVGPU_CMD_3D_MASK) == MVGPU_PIPE_CONTROL && len >= 3 &&
        (c[1] & PIPE_CONTROL_LRI_POST_SYNC)) {
        return fn(opaque, c, 2, true);
    }
    return true;
}
