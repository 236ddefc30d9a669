/*
 * mvgpu core: scanning a workload into audited shadow segments.
 *
 * The scan follows the same control flow the execution will: a batch
 * start from the ring or a second-level start is a call (a new segment
 * one level deeper), a first-level start inside a batch is a jump (the
 * segment ends there and the target goes on at the same level), and
 * MI_BATCH_BUFFER_END ends a segment. Conditional ends only shorten what
 * runs, so scanning past them covers everything that can execute. A start
 * whose target is already a segment reuses it; a target in the middle of
 * another segment gets its own, because the commands there decode
 * differently from that point.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <string.h>

#include "scan.h"
#include "cmd-regs.h"

static bool stop(MvgpuScan *sc, uint64_t at, const char *fmt, ...)
    G_GNUC_PRINTF(3, 4);

static bool stop(MvgpuScan *sc, uint64_t at, const char *fmt, ...)
{
    va_list ap;

    if (!sc->error[0]) {
        va_start(ap, fmt);
        g_vsnprintf(sc->error, sizeof(sc->error), fmt, ap);
        va_end(ap);
        sc->error_addr = at;
    }
    return false;
}

static void seg_free(gpointer p)
{
    MvgpuShadowSeg *seg = p;

    g_free(seg->dw);
    g_free(seg);
}

static uint64_t seg_at(const MvgpuShadowSeg *seg, uint32_t pos)
{
    return seg->ring ? pos * 4ull : seg->addr + pos * 4ull;
}

/* Makes dwords [0, @want) of @seg present, reading batches a page at a time. */
static bool have(MvgpuScan *sc, MvgpuShadowSeg *seg, uint32_t want)
{
    while (seg->avail < want) {
        uint64_t addr = seg->addr + 4ull * seg->avail;
        uint32_t n = (4096 - (addr & 0xfff)) / 4;

        if (seg->ring) {
            return stop(sc, seg_at(seg, seg->len),
                        "command runs past the ring's TAIL");
        }
        if (sc->dwords + n > MVGPU_SCAN_MAX_DWORDS) {
            return stop(sc, addr, "batch buffers exceed the shadow budget");
        }
        seg->dw = g_renew(uint32_t, seg->dw, seg->avail + n);
        if (!sc->read(sc->opaque, seg->ppgtt, addr, seg->dw + seg->avail, n)) {
            return stop(sc, addr, "batch buffer not in guest RAM");
        }
        seg->avail += n;
        sc->dwords += n;
    }
    return true;
}

/* What one command's register check needs. */
typedef struct RegAudit {
    MvgpuScan *sc;
    uint64_t at;
    bool privileged;
} RegAudit;

static bool reg_ok(void *opaque, const uint32_t *c, unsigned dw, bool write)
{
    RegAudit *a = opaque;
    MvgpuScan *sc = a->sc;
    uint32_t reg = MVGPU_CMD_REG_OFFSET(c[dw]);
    const char *name;

    if (mvgpu_cmd_reg_allowed(reg, sc->engine_bit, a->privileged, write,
                              &name)) {
        return true;
    }
    sc->refused = true;
    if (name) {
        return stop(sc, a->at, "%s (DW0 0x%08x) %s %s (0x%x), which %s may "
                    "not write", mvgpu_cmd_name_on(c[0], sc->engine_bit), c[0],
                    write ? "loads" : "reads", name, reg,
                    a->privileged ? "command buffers" : "unprivileged batches");
    }
    return stop(sc, a->at, "%s (DW0 0x%08x) %s register 0x%x, which command "
                "buffers may not access on this engine",
                mvgpu_cmd_name_on(c[0], sc->engine_bit), c[0],
                write ? "writes" : "reads", reg);
}

/*
 * The register operands of a command: loads only into
 * registers the table lets this stream write, stores only from listed ones.
 */
static bool audit_registers(MvgpuScan *sc, uint64_t at, const uint32_t *c,
                            uint32_t len, bool privileged)
{
    RegAudit a = { .sc = sc, .at = at, .privileged = privileged };

    if ((c[0] & MVGPU_CMD_MI_MASK) == MVGPU_MI_LOAD_REGISTER_IMM && !(len & 1)) {
        sc->refused = true;
        return stop(sc, at, "MI_LOAD_REGISTER_IMM (DW0 0x%08x) with a "
                    "register but no value", c[0]);
    }
    return mvgpu_cmd_reg_operands(c, len, reg_ok, &a);
}

/*
 * The memory operands of a command: every address a
 * store, load, post-sync write, atomic, copy or semaphore uses must be
 * guest RAM in the space the command really uses, checked before anything
 * runs, so a wild address is a refusal naming the command rather than a
 * fault in the middle of a workload.
 */
static bool audit_memory(MvgpuScan *sc, uint64_t at, const uint32_t *c,
                         uint32_t len, bool privileged)
{
    MvgpuMemOperand ops[MVGPU_MEM_MAX_OPERANDS];
    unsigned n = mvgpu_cmd_mem_operands(c, len, privileged, ops);

    for (unsigned i = 0; i < n; i++) {
        if (!sc->probe(sc->opaque, &ops[i])) {
            sc->refused = true;
            return stop(sc, at, "%s (DW0 0x%08x) %s %u bytes at %s 0x%"
                        G_GINT64_MODIFIER "x, which is not guest RAM",
                        mvgpu_cmd_name_on(c[0], sc->engine_bit), c[0],
                        ops[i].access & MVGPU_MEM_WRITE ? "writes" : "reads",
                        ops[i].bytes, mvgpu_mem_space_name(ops[i].space),
                        ops[i].addr);
        }
    }
    return true;
}

static bool decode(MvgpuScan *sc, uint64_t at, uint32_t dw0, bool privileged,
                   MvgpuCmd *cmd)
{
    MvgpuCmdVerdict v = mvgpu_cmd_decode(dw0, sc->engine_bit, privileged, cmd);

    if (v != MVGPU_CMD_OK) {
        sc->refused = true;
        return stop(sc, at, "%s (DW0 0x%08x) %s",
                    mvgpu_cmd_name_on(dw0, sc->engine_bit), dw0,
                    mvgpu_cmd_verdict_str(v));
    }
    return true;
}

static bool audit_operands(MvgpuScan *sc, uint64_t at, const uint32_t *c,
                           uint32_t len, bool privileged)
{
    return audit_registers(sc, at, c, len, privileged) &&
           (!mvgpu_cmd_may_access_memory(c[0]) ||
            audit_memory(sc, at, c, len, privileged));
}

bool mvgpu_scan_command(MvgpuScan *sc, uint64_t at, const uint32_t *c,
                        uint32_t avail, bool privileged, MvgpuCmd *cmd)
{
    return decode(sc, at, c[0], privileged, cmd) &&
           audit_operands(sc, at, c, MIN(cmd->len, avail), privileged);
}

/* Batch addresses are 4-aligned: bit 0 of the key says which space. */
static uint64_t batch_key(bool ppgtt, uint64_t addr)
{
    return addr | ppgtt;
}

/* A hash lookup: a hostile stream may start the same batch a million times. */
const MvgpuShadowSeg *mvgpu_scan_find(const MvgpuScan *sc, bool ppgtt,
                                      uint64_t addr)
{
    uint64_t key = batch_key(ppgtt, addr);

    return sc->batches ? g_hash_table_lookup(sc->batches, &key) : NULL;
}

static MvgpuShadowSeg *new_batch(MvgpuScan *sc, bool ppgtt, uint64_t addr)
{
    MvgpuShadowSeg *seg = g_new0(MvgpuShadowSeg, 1);

    seg->ppgtt = ppgtt;
    seg->addr = addr;
    seg->key = batch_key(ppgtt, addr);
    g_ptr_array_add(sc->segs, seg);
    g_hash_table_insert(sc->batches, &seg->key, seg);
    return seg;
}

static bool scan_seg(MvgpuScan *sc, MvgpuShadowSeg *seg, unsigned depth)
{
    for (;;) {
        /* GGTT batches are the kernel's, privileged; PPGTT ones are not. */
        bool privileged = seg->ring || !seg->ppgtt;
        uint32_t pos = seg->len;
        const uint32_t *c;
        MvgpuCmd cmd;

        if (seg->ring && pos >= seg->avail) {
            return true;
        }
        if (!have(sc, seg, pos + 1)) {
            return false;
        }
        if (!decode(sc, seg_at(seg, pos), seg->dw[pos], privileged, &cmd)) {
            return false;
        }
        if (++sc->commands > MVGPU_SCAN_MAX_COMMANDS) {
            return stop(sc, seg_at(seg, pos),
                        "command budget exhausted (endless batch?)");
        }
        if (!have(sc, seg, pos + cmd.len)) {
            return false;
        }
        c = seg->dw + pos;
        if (!audit_operands(sc, seg_at(seg, pos), c, cmd.len, privileged)) {
            return false;
        }
        seg->len = pos + cmd.len;
        if ((c[0] & MVGPU_CMD_MI_MASK) == MVGPU_MI_BATCH_BUFFER_END) {
            return true;
        }
        if ((c[0] & MVGPU_CMD_MI_MASK) == MVGPU_MI_BATCH_BUFFER_START) {
            /* From a user batch, every start stays in its PPGTT. */
            bool ppgtt = (c[0] & MVGPU_BB_PPGTT) || seg->ppgtt;
            uint64_t addr = mvgpu_bb_addr(c);

            if (ppgtt && sc->ppgtt_live) {
                if (seg->ring || (c[0] & MVGPU_BB_SECOND_LEVEL)) {
                    continue;           /* a call: execution reads it */
                }
                return true;            /* a jump into it */
            }
            if (mvgpu_scan_find(sc, ppgtt, addr)) {
                if (seg->ring || (c[0] & MVGPU_BB_SECOND_LEVEL)) {
                    continue;           /* a call to a scanned batch */
                }
                return true;            /* a jump to one */
            }
            if (sc->segs->len > MVGPU_SCAN_MAX_SEGMENTS) {
                return stop(sc, addr, "too many batch buffer starts");
            }
            if (seg->ring || (c[0] & MVGPU_BB_SECOND_LEVEL)) {
                if (depth >= MVGPU_SCAN_MAX_DEPTH) {
                    return stop(sc, addr, "batch buffers nested too deep");
                }
                if (!scan_seg(sc, new_batch(sc, ppgtt, addr), depth + 1)) {
                    return false;
                }
                continue;
            }
            /* A jump: this segment ends, the target goes on at this level. */
            seg = new_batch(sc, ppgtt, addr);
        }
    }
}

bool mvgpu_scan(MvgpuScan *sc, uint32_t *ring, uint32_t len)
{
    MvgpuShadowSeg *seg = g_new0(MvgpuShadowSeg, 1);

    sc->segs = g_ptr_array_new_with_free_func(seg_free);
    sc->batches = g_hash_table_new(g_int64_hash, g_int64_equal);
    seg->ring = true;
    seg->dw = ring;
    seg->avail = len;
    g_ptr_array_add(sc->segs, seg);
    return scan_seg(sc, seg, 0);
}

void mvgpu_scan_free(MvgpuScan *sc)
{
    if (sc->batches) {
        g_hash_table_destroy(sc->batches);
        sc->batches = NULL;
    }
    if (sc->segs) {
        g_ptr_array_free(sc->segs, true);
        sc->segs = NULL;
    }
}
