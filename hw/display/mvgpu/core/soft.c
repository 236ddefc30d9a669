/*
 * mvgpu core: the `soft` backend — a command streamer on the CPU.
 *
 * A context runs over time, a slice at a time, from where the last slice
 * stopped. What it reads, and when, is what a Gen9 command streamer
 * reads:
 *  - the ring from HEAD to TAIL and the privileged (GGTT) batches it
 *    reaches are scanned, audited and shadowed when the engine reaches
 *    that stretch of ring (scan.c), and run from the shadows only: they
 *    are the guest kernel's, and a rewrite after the audit changes
 *    nothing;
 *  - user (PPGTT) batches are read from guest memory as the engine
 *    reaches each command, decoded and audited then through the same
 *    table (mvgpu_scan_command()), so a batch the CPU or an earlier batch
 *    rewrites runs as rewritten (IGT's igt_spin and gem_exec_whisper
 *    rely on it).
 * A slice ends after a bounded amount of work, at an MI_ARB_CHECK when a
 * submission waits, or at an MI_SEMAPHORE_WAIT whose condition does not
 * hold yet (the command is retried at the next slice). A batch that loops
 * forever runs forever, a slice at a time, until the guest resets the
 * engine: only the guest's hang detection decides that it hangs.
 *
 * Each command's row in the command table names its operation
 * (MvgpuCmdDesc.exec); soft_handlers[] has one handler per operation.
 *
 * Command semantics from the Skylake PRM vol. 2a (command reference:
 * instructions) and Linux drivers/gpu/drm/i915/gt/intel_gpu_commands.h.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "internal.h"
#include "backend.h"
#include "bytes.h"
#include "cmd.h"
#include "cmd-regs.h"
#include "eu-dispatch.h"
#include "gen9-regs.h"
#include "lrc.h"
#include "record.h"
#include "reloc.h"
#include "savestate.h"
#include "scan.h"


/* Commands with an 8-bit length field fit whole; longer ones are skipped. */
#define MAX_EXECUTED_DWORDS (0xff + 2)

/* Where one level of execution is. */
typedef struct Frame {
    const MvgpuShadowSeg *seg;  /* a shadowed stream; NULL: a live batch */
    uint32_t pos;               /* shadow: the next dword */
    uint64_t addr;              /* live: PPGTT address of the next command */
} Frame;

struct MvgpuCtxRun {
    MvgpuCore *c;
    MvgpuEngineId id;
    uint64_t lrca, pml4;
    uint32_t ring_start, ring_size;
    uint32_t chunk_head;        /* ring offset where the shadowed ring starts */
    uint32_t tail;              /* ... and ends */
    uint32_t next_tail;         /* the TAIL of the latest lite restore */
    bool scanned;               /* sc holds the chunk [chunk_head, tail) */
    MvgpuScan sc;               /* the ring chunk's shadows */
    MvgpuScan live;             /* the audit of live commands */
    Frame stack[MVGPU_BATCH_MAX_DEPTH + 1];     /* [0] is the ring */
    unsigned depth;
    MvgpuSlice *slice;          /* the slice being run */
    /*
     * The last PPGTT translation, for this slice only (a TLB of one entry:
     * a page-table change the guest makes between slices is always seen).
     */
    bool tlb_valid;
    uint64_t tlb_va, tlb_gpa;
    /*
     * A 2D command that did not finish in its slice: its dwords as fetched
     * (a live batch may be rewritten meanwhile; the command was read once)
     * and how far it got. The next slice goes on with it.
     */
    struct {
        bool active;
        bool privileged;
        uint32_t len;
        MvgpuBlitCursor cur;
        uint32_t dw[MAX_EXECUTED_DWORDS];
    } blit;
    const char *error;
    uint64_t error_addr;
    /*
     * GPGPU state and the dispatch being run (eu-dispatch.c), in the
     * address space of the batch that gave the commands; like a 2D
     * command, a dispatch goes on at the next slice.
     */
    MvgpuCompute *compute;
    bool compute_ppgtt;
    bool walker_active;
    char resumed_error[MVGPU_SAVED_ERROR_LEN];  /* a saved fault's text */
    /* A backend's hook: user batches run elsewhere (backend.h). */
    MvgpuUserBatchFn user_batch;
    bool batch_out;             /* the hook has one running: ask again */
    MvgpuUserBatch out;
};

/* What a command's handler says about the stream. */
typedef enum Flow {
    FLOW_NEXT,                  /* on to the next command */
    FLOW_YIELD,                 /* the slice ends after this command */
    FLOW_WAIT,                  /* the slice ends; retry this command */
} Flow;

static void fail(MvgpuCtxRun *r, const char *why, uint64_t addr)
{
    if (!r->error) {
        r->error = why;
        r->error_addr = addr;
    }
}

static MvgpuEngine *engine(MvgpuCtxRun *r)
{
    return &r->c->engines[r->id];
}

/* ---- memory through the GGTT or the context's PPGTT */

static bool translate(MvgpuCtxRun *r, bool ppgtt, uint64_t addr, uint64_t *gpa)
{
    uint64_t page = addr & ~0xfffull;

    if (!ppgtt) {
        return mvgpu_ggtt_translate(r->c, addr, gpa);
    }
    if (!r->tlb_valid || r->tlb_va != page) {
        if (!mvgpu_ppgtt_translate(r->c, r->pml4, page, &r->tlb_gpa)) {
            r->tlb_valid = false;
            return false;
        }
        r->tlb_valid = true;
        r->tlb_va = page;
    }
    *gpa = r->tlb_gpa | (addr & 0xfff);
    return true;
}

/* Guest memory through a graphics address space; false if any page is not RAM. */
static bool gfx_rw(MvgpuCtxRun *r, bool ppgtt, uint64_t addr, void *buf,
                   uint32_t len, bool write)
{
    uint8_t *p = buf;

    while (len) {
        uint32_t chunk = MIN(len, 4096 - (addr & 0xfff));
        uint64_t gpa;

        if (!translate(r, ppgtt, addr, &gpa) ||
            !(write ? r->c->host.mem_write(r->c->host.opaque, gpa, p, chunk)
                    : r->c->host.mem_read(r->c->host.opaque, gpa, p, chunk))) {
            return false;
        }
        addr += chunk;
        p += chunk;
        len -= chunk;
    }
    return true;
}

/* Whole little-endian dwords into host order; false if not RAM. */
static bool read_dwords(MvgpuCtxRun *r, bool ppgtt, uint64_t addr,
                        uint32_t *dw, uint32_t n)
{
    if (!gfx_rw(r, ppgtt, addr, dw, n * 4, false)) {
        return false;
    }
    for (uint32_t i = 0; i < n; i++) {
        dw[i] = GUINT32_FROM_LE(dw[i]);
    }
    return true;
}

/*
 * A command's memory operand (cmd-mem.c decoded its space; a user batch's
 * "use global GTT" and "store index" bits are already ignored there): the
 * address space and graphics address it reaches. In execlist mode a
 * store-index offset is into the context's own status page (PPHWSP, the
 * first page of the context image), not the engine's global one: i915's
 * flushes store to its scratch dword there.
 */
static bool operand_ppgtt(MvgpuCtxRun *r, const MvgpuMemOperand *op,
                          uint64_t *addr)
{
    *addr = op->addr;
    if (op->space == MVGPU_MEM_HWSP) {
        *addr += r->lrca;
    }
    return op->space == MVGPU_MEM_PPGTT;
}

/* Largest operand the soft backend reads or writes (MI_ATOMIC's qword). */
#define OPERAND_MAX_BYTES   8

/* An operand as dwords in host order; a failure stops the context. */
static bool operand_rw(MvgpuCtxRun *r, const MvgpuMemOperand *op, uint32_t *dw,
                       bool write)
{
    uint8_t b[OPERAND_MAX_BYTES];
    uint32_t n = op->bytes / 4;
    uint64_t addr;
    bool ppgtt = operand_ppgtt(r, op, &addr);

    if (op->bytes > sizeof(b) || op->bytes % 4) {
        fail(r, "memory operand larger than the soft backend models", addr);
        return false;
    }
    if (write) {
        for (uint32_t i = 0; i < n; i++) {
            mvgpu_le_store(b + 4 * i, dw[i], 4);
        }
    }
    if (!gfx_rw(r, ppgtt, addr, b, op->bytes, write)) {
        fail(r, write ? "write to an address that is not guest RAM"
                      : "read of an address that is not guest RAM", addr);
        return false;
    }
    if (!write) {
        for (uint32_t i = 0; i < n; i++) {
            dw[i] = mvgpu_le_load(b + 4 * i, 4);
        }
    }
    return true;
}

/*
 * The audit's check of an operand: every byte translates to guest RAM.
 * Reading it has no side effect (only RAM is ever read); a write into
 * read-only RAM still fails later, at execution.
 */
static bool probe(void *opaque, const MvgpuMemOperand *op)
{
    MvgpuCtxRun *r = opaque;
    uint8_t b[64];
    uint64_t addr;
    bool ppgtt = operand_ppgtt(r, op, &addr);

    for (uint32_t done = 0; done < op->bytes; done += sizeof(b)) {
        if (!gfx_rw(r, ppgtt, addr + done, b,
                    MIN(sizeof(b), op->bytes - done), false)) {
            return false;
        }
    }
    return true;
}

/* The scan's view of batches. */
static bool scan_read(void *opaque, bool ppgtt, uint64_t addr, uint32_t *dw,
                      uint32_t n)
{
    return read_dwords(opaque, ppgtt, addr, dw, n);
}

/* The soft backend runs in the guest's own address spaces: identity. */
static bool reloc_in_place(void *opaque, const MvgpuShadowSeg *seg,
                           const MvgpuCmdDesc *desc, unsigned dword,
                           uint64_t *page)
{
    return true;
}

/* ---- registers from command buffers */

/*
 * The audit refused every register operand cmd-regs.c does not allow;
 * execution checks again, so nothing but the table decides.
 */
static void cmd_reg_write(MvgpuCtxRun *r, bool privileged, uint32_t reg,
                          uint32_t v)
{
    const char *name;

    if (mvgpu_cmd_reg_allowed(reg, 1u << r->id, privileged, true, &name)) {
        mvgpu_reg_write(r->c, reg, v);
    } else {
        fail(r, "register write the audit did not allow", reg);
    }
}

static uint32_t cmd_reg_read(MvgpuCtxRun *r, uint32_t reg)
{
    const char *name;

    if (mvgpu_cmd_reg_allowed(reg, 1u << r->id, false, false, &name)) {
        return mvgpu_reg_read(r->c, reg);
    }
    fail(r, "register read the audit did not allow", reg);
    return 0;
}

/* The command streamer's general purpose registers, 16 x 64 bit. */
#define CS_GPR(n)           (0x600 + 8 * (n))

/* ---- the command handlers, one per MvgpuExecOp */

/* One decoded command, as its handler sees it. */
typedef struct Cmd {
    const uint32_t *dw;
    uint32_t len;               /* dwords present in dw (its length, or 257) */
    bool privileged;            /* ring or GGTT batch */
    MvgpuMemOperand mem[MVGPU_MEM_MAX_OPERANDS];
    unsigned n_mem;
    uint64_t at;                /* its address, for errors */
} Cmd;

typedef Flow (*Handler)(MvgpuCtxRun *r, Frame *f, const Cmd *cmd);

static Flow exec_none(MvgpuCtxRun *r, Frame *f, const Cmd *cmd)
{
    engine(r)->stats.skipped++;
    return FLOW_NEXT;
}

static Flow exec_noop(MvgpuCtxRun *r, Frame *f, const Cmd *cmd)
{
    return FLOW_NEXT;
}

static Flow exec_user_interrupt(MvgpuCtxRun *r, Frame *f, const Cmd *cmd)
{
    r->slice->user_interrupt = true;
    return FLOW_NEXT;
}

/* An arbitration point: the engine's turn to look at waiting submissions. */
static Flow exec_arb_check(MvgpuCtxRun *r, Frame *f, const Cmd *cmd)
{
    return r->slice->arbitrate ? FLOW_YIELD : FLOW_NEXT;
}

/* Back to the level that started this batch; in the ring it ends the ring. */
static void batch_return(MvgpuCtxRun *r)
{
    if (r->depth) {
        r->depth--;
    }
}

static Flow exec_batch_buffer_end(MvgpuCtxRun *r, Frame *f, const Cmd *cmd)
{
    batch_return(r);
    return FLOW_NEXT;
}

/* MI_MATH: the ALU over the GPRs, two source registers and an accumulator. */
static Flow exec_math(MvgpuCtxRun *r, Frame *f, const Cmd *cmd)
{
    uint32_t base = mvgpu_engines[r->id].base;
    uint64_t src[2] = { 0, 0 }, acc = 0;
    bool zf = false, cf = false;

    for (uint32_t i = 1; i < cmd->len; i++) {
        uint32_t dw = cmd->dw[i];
        unsigned opcode = dw >> 20, op1 = (dw >> 10) & 0x3ff, op2 = dw & 0x3ff;
        uint64_t value = 0;

        /* Operand 2 names a register: GPR0-15, or the flags / accumulator. */
        if (op2 < 16) {
            value = mvgpu_reg_get(r->c, base + CS_GPR(op2)) |
                    (uint64_t)mvgpu_reg_get(r->c, base + CS_GPR(op2) + 4) << 32;
        } else if (op2 == 0x20 || op2 == 0x31) {
            value = acc;
        } else if (op2 == 0x32) {
            value = zf;
        } else if (op2 == 0x33) {
            value = cf;
        }
        switch (opcode) {
        case 0x080: src[op1 & 1] = value; break;            /* LOAD */
        case 0x480: src[op1 & 1] = ~value; break;           /* LOADINV */
        case 0x081: src[op1 & 1] = 0; break;                /* LOAD0 */
        case 0x481: src[op1 & 1] = 1; break;                /* LOAD1 */
        case 0x100: acc = src[0] + src[1]; cf = acc < src[0]; break;
        case 0x101: acc = src[0] - src[1]; cf = src[0] < src[1]; break;
        case 0x102: acc = src[0] & src[1]; break;
        case 0x103: acc = src[0] | src[1]; break;
        case 0x104: acc = src[0] ^ src[1]; break;
        case 0x180: case 0x580:                             /* STORE(INV) */
            if (op1 < 16) {
                uint64_t out = op2 == 0x32 ? zf : op2 == 0x33 ? cf : acc;

                if (opcode == 0x580) {
                    out = ~out;
                }
                mvgpu_reg_set(r->c, base + CS_GPR(op1), (uint32_t)out);
                mvgpu_reg_set(r->c, base + CS_GPR(op1) + 4, out >> 32);
            }
            break;
        default:
            break;                                          /* NOOP */
        }
        zf = acc == 0;
    }
    return FLOW_NEXT;
}

/*
 * MI_SEMAPHORE_WAIT compares memory with DW1 (DW0 bits 14:12 the compare,
 * bit 15 poll mode). Until the condition holds the engine waits: the
 * slice ends and the command runs again at the next one, so it proceeds
 * once the CPU or another engine writes the value.
 */
static Flow exec_semaphore_wait(MvgpuCtxRun *r, Frame *f, const Cmd *cmd)
{
    uint32_t mem, data = cmd->dw[1];
    bool ok;

    if (!cmd->n_mem || !operand_rw(r, &cmd->mem[0], &mem, false)) {
        return FLOW_NEXT;
    }
    switch ((cmd->dw[0] >> 12) & 7) {
    case 0: ok = mem > data; break;
    case 1: ok = mem >= data; break;
    case 2: ok = mem < data; break;
    case 3: ok = mem <= data; break;
    case 4: ok = mem == data; break;
    default: ok = mem != data; break;
    }
    return ok ? FLOW_NEXT : FLOW_WAIT;
}

static Flow exec_store_data_imm(MvgpuCtxRun *r, Frame *f, const Cmd *cmd)
{
    if (cmd->n_mem) {
        operand_rw(r, &cmd->mem[0], (uint32_t *)cmd->dw + 3, true);
    }
    return FLOW_NEXT;
}

static Flow exec_store_data_index(MvgpuCtxRun *r, Frame *f, const Cmd *cmd)
{
    if (cmd->n_mem) {
        operand_rw(r, &cmd->mem[0], (uint32_t *)cmd->dw + 2, true);
    }
    return FLOW_NEXT;
}

static Flow exec_load_register_imm(MvgpuCtxRun *r, Frame *f, const Cmd *cmd)
{
    for (uint32_t i = 1; i + 1 < cmd->len; i += 2) {
        cmd_reg_write(r, cmd->privileged, MVGPU_CMD_REG_OFFSET(cmd->dw[i]),
                      cmd->dw[i + 1]);
    }
    return FLOW_NEXT;
}

static Flow exec_store_register_mem(MvgpuCtxRun *r, Frame *f, const Cmd *cmd)
{
    if (cmd->n_mem) {
        uint32_t v = cmd_reg_read(r, MVGPU_CMD_REG_OFFSET(cmd->dw[1]));

        operand_rw(r, &cmd->mem[0], &v, true);
    }
    return FLOW_NEXT;
}

static Flow exec_load_register_mem(MvgpuCtxRun *r, Frame *f, const Cmd *cmd)
{
    uint32_t v;

    if (cmd->n_mem && operand_rw(r, &cmd->mem[0], &v, false)) {
        cmd_reg_write(r, cmd->privileged, MVGPU_CMD_REG_OFFSET(cmd->dw[1]), v);
    }
    return FLOW_NEXT;
}

static Flow exec_load_register_reg(MvgpuCtxRun *r, Frame *f, const Cmd *cmd)
{
    if (cmd->len == 3) {
        cmd_reg_write(r, cmd->privileged, MVGPU_CMD_REG_OFFSET(cmd->dw[2]),
                      cmd_reg_read(r, MVGPU_CMD_REG_OFFSET(cmd->dw[1])));
    }
    return FLOW_NEXT;
}

/*
 * A post-sync operation of PIPE_CONTROL or MI_FLUSH_DW (@op, bits 15:14):
 * 1 writes the immediate @data, 3 the timestamp, 2 the depth count (0:
 * the soft backend draws no pixel).
 */
static void post_sync(MvgpuCtxRun *r, unsigned op, const MvgpuMemOperand *mem,
                      const uint32_t *data)
{
    uint64_t q = op == 3 ? mvgpu_cs_timestamp(r->c) : 0;
    uint32_t v[2] = { (uint32_t)q, q >> 32 };

    operand_rw(r, mem, op == 1 ? (uint32_t *)data : v, true);
}

static Flow exec_flush_dw(MvgpuCtxRun *r, Frame *f, const Cmd *cmd)
{
    /* Post-sync op in DW0 bits 15:14, data from DW3; bit 8 notifies. */
    if (cmd->n_mem) {
        post_sync(r, (cmd->dw[0] >> 14) & 3, &cmd->mem[0], cmd->dw + 3);
    }
    if (cmd->dw[0] & (1u << 8)) {
        r->slice->user_interrupt = true;
    }
    return FLOW_NEXT;
}

static Flow exec_pipe_control(MvgpuCtxRun *r, Frame *f, const Cmd *cmd)
{
    /* Post-sync op in DW1 bits 15:14, data in DW4-5; bit 8 notifies. */
    if (cmd->len < 6) {
        return FLOW_NEXT;
    }
    if (cmd->n_mem) {
        post_sync(r, (cmd->dw[1] >> 14) & 3, &cmd->mem[0], cmd->dw + 4);
    }
    if (cmd->dw[1] & (1u << 8)) {
        r->slice->pipe_control_notify = true;
    }
    return FLOW_NEXT;
}

static Flow exec_copy_mem_mem(MvgpuCtxRun *r, Frame *f, const Cmd *cmd)
{
    uint32_t v;

    /* Operands in table order: destination, then source. */
    if (cmd->n_mem == 2 && operand_rw(r, &cmd->mem[1], &v, false)) {
        operand_rw(r, &cmd->mem[0], &v, true);
    }
    return FLOW_NEXT;
}

/* MI_ATOMIC: DW0 bits 15:8 the operation, inline operands in DW3-4. */
static Flow exec_atomic(MvgpuCtxRun *r, Frame *f, const Cmd *cmd)
{
    const uint32_t *dw = cmd->dw;
    unsigned op = (dw[0] >> 8) & 0xff;
    uint64_t old, v, src = cmd->len > 3 ? dw[3] : 0;
    uint32_t v32[2] = { 0, 0 };

    if (!cmd->n_mem) {
        return FLOW_NEXT;
    }
    if (cmd->mem[0].bytes > 8) {
        mvgpu_log(r->c, MVGPU_LOG_UNIMP, "%s: %u-byte MI_ATOMIC not modelled",
                  mvgpu_engines[r->id].name, cmd->mem[0].bytes);
        return FLOW_NEXT;
    }
    if (cmd->len > 4) {
        src |= (uint64_t)dw[4] << 32;
    }
    if (!operand_rw(r, &cmd->mem[0], v32, false)) {
        return FLOW_NEXT;
    }
    old = (uint64_t)v32[1] << 32 | v32[0];
    switch (op & 0x0f) {
    case 0x7: v = old + src; break;                 /* ADD */
    case 0x8: v = old - src; break;                 /* SUB */
    case 0x9: v = old + 1; break;                   /* INC */
    case 0xa: v = old - 1; break;                   /* DEC */
    case 0x1: v = old & src; break;                 /* AND */
    case 0x2: v = old | src; break;                 /* OR */
    case 0x3: v = old ^ src; break;                 /* XOR */
    case 0x4: v = src; break;                       /* MOVE */
    default:
        mvgpu_log(r->c, MVGPU_LOG_UNIMP, "%s: MI_ATOMIC operation 0x%x not "
                  "modelled", mvgpu_engines[r->id].name, op);
        return FLOW_NEXT;
    }
    v32[0] = v;
    v32[1] = v >> 32;
    operand_rw(r, &cmd->mem[0], v32, true);
    return FLOW_NEXT;
}

/*
 * MI_BATCH_BUFFER_START. From the ring, and as a second-level start, it
 * calls (the batch returns at its end); a first-level start inside a
 * batch jumps (the batch goes on there). From a user batch every start
 * stays in its PPGTT, and PPGTT batches run live.
 */
static Flow exec_batch_buffer_start(MvgpuCtxRun *r, Frame *f, const Cmd *cmd)
{
    const uint32_t *dw = cmd->dw;
    bool live = !f->seg;
    bool ppgtt = (dw[0] & MVGPU_BB_PPGTT) || live;
    bool call = r->depth == 0 || (dw[0] & MVGPU_BB_SECOND_LEVEL);
    uint64_t addr = mvgpu_bb_addr(dw);
    Frame next = { .addr = addr };

    if (cmd->len != 3) {
        return FLOW_NEXT;
    }
    if (ppgtt && !live && r->user_batch) {
        MvgpuUserBatch b = { .engine = r->id, .pml4 = r->pml4, .addr = addr };
        const char *why = NULL;

        switch (r->user_batch(r->c, &b, &why)) {
        case MVGPU_BATCH_HERE:
            break;
        case MVGPU_BATCH_DONE:
            return FLOW_NEXT;
        case MVGPU_BATCH_FAULT:
            fail(r, why, addr);
            return FLOW_NEXT;
        default:
            r->out = b;
            r->out.again = true;
            r->batch_out = true;
            return FLOW_NEXT;
        }
    }
    if (!ppgtt) {
        next.seg = mvgpu_scan_find(&r->sc, false, addr);
        if (!next.seg) {
            fail(r, "batch buffer start the scan did not see", addr);
            return FLOW_NEXT;
        }
    }
    if (!call) {
        *f = next;
        return FLOW_NEXT;
    }
    if (r->depth >= MVGPU_BATCH_MAX_DEPTH) {
        fail(r, "batch buffers nested too deep", addr);
        return FLOW_NEXT;
    }
    r->stack[++r->depth] = next;
    return FLOW_NEXT;
}

/* Ends the batch when the memory dword is <= DW1 (compare mask clear). */
static Flow exec_conditional_batch_buffer_end(MvgpuCtxRun *r, Frame *f,
                                              const Cmd *cmd)
{
    uint32_t v;

    if (cmd->n_mem && r->depth &&
        operand_rw(r, &cmd->mem[0], &v, false) && v <= cmd->dw[1]) {
        batch_return(r);
    }
    return FLOW_NEXT;
}

typedef struct BlitAccess {
    MvgpuCtxRun *r;
    bool ppgtt;
} BlitAccess;

static bool blit_rw(void *opaque, uint64_t addr, void *buf, uint32_t len,
                    bool write)
{
    BlitAccess *a = opaque;

    return gfx_rw(a->r, a->ppgtt, addr, buf, len, write);
}

/*
 * 2D commands: the soft blitter, in the stream's address space, as many
 * rows as the slice has room for; the rest at the next slice.
 */
static Flow blit_rows(MvgpuCtxRun *r)
{
    MvgpuEngine *e = engine(r);
    MvgpuSlice *s = r->slice;
    uint32_t swctrl = mvgpu_reg_get(r->c, BCS_SWCTRL);
    BlitAccess a = { .r = r, .ppgtt = !r->blit.privileged };
    MvgpuBlitMem mem = {
        .rw = blit_rw, .opaque = &a,
        .src_y_tiled = swctrl & BCS_SRC_Y, .dst_y_tiled = swctrl & BCS_DST_Y,
    };
    uint32_t left = s->budget > s->used ? s->budget - s->used : 1;
    const char *why;
    bool ok;

    r->blit.cur.max_bytes = (uint64_t)left * MVGPU_BLIT_BYTES_PER_UNIT;
    ok = mvgpu_blit_rows(&mem, &e->blit, r->blit.dw, r->blit.len,
                         &r->blit.cur, &why);
    s->used += r->blit.cur.bytes / MVGPU_BLIT_BYTES_PER_UNIT;
    if (ok && r->blit.cur.more) {
        return FLOW_YIELD;
    }
    r->blit.active = false;
    if (ok) {
        e->stats.blits++;
    } else if (why) {
        /* A bad rectangle is the guest's bug, not a reason to stop. */
        mvgpu_guest_error(r->c, "BCS: 2D command 0x%08x not executed: %s",
                          r->blit.dw[0], why);
    } else {
        e->stats.skipped++;
    }
    return FLOW_NEXT;
}

static Flow exec_blit(MvgpuCtxRun *r, Frame *f, const Cmd *cmd)
{
    r->blit.active = true;
    r->blit.privileged = cmd->privileged;
    r->blit.len = cmd->len;
    r->blit.cur = (MvgpuBlitCursor) { 0 };
    memcpy(r->blit.dw, cmd->dw, cmd->len * 4);
    return blit_rows(r);
}

/* ---- GPGPU: state and dispatch on the EU interpreter (eu-dispatch.c) */

#define GPGPU_DISPATCHDIM_X     0x2500
#define MI_PREDICATE_RESULT     0x2418
#define WALKER_PREDICATE        (1u << 8)

static bool compute_rw(void *opaque, uint64_t va, void *buf, uint32_t len,
                       bool write)
{
    MvgpuCtxRun *r = opaque;

    return gfx_rw(r, r->compute_ppgtt, va, buf, len, write);
}

/* The device's blocks of the context image (core/lrc.h) do not overlap. */
G_STATIC_ASSERT(MVGPU_CTX_COMPUTE_BASES + 1 + MVGPU_CTX_COMPUTE_BASES_N <=
                MVGPU_CTX_MEDIA_STATE);
G_STATIC_ASSERT(MVGPU_CTX_MEDIA_STATE + 1 + MVGPU_CTX_MEDIA_STATE_N <=
                MVGPU_CTX_ENGINE_REGS);
G_STATIC_ASSERT(MVGPU_CTX_MEDIA_IDD_VA + 3 == 1 + MVGPU_CTX_MEDIA_STATE_N);

static uint64_t compute_bases_gma(MvgpuCtxRun *r)
{
    return r->lrca + MVGPU_CTX_STATE_PAGE + 4 * MVGPU_CTX_COMPUTE_BASES;
}

static uint64_t media_state_gma(MvgpuCtxRun *r)
{
    return r->lrca + MVGPU_CTX_STATE_PAGE + 4 * MVGPU_CTX_MEDIA_STATE;
}

/*
 * Whether the engine state in the context's image is loaded: not when the
 * context is RESTORE_INHIBIT, as execlist.c's ctx_load_regs() does for
 * the engine registers.
 */
static bool ctx_restored(MvgpuCtxRun *r)
{
    uint8_t ctl[4];

    return gfx_rw(r, false, r->lrca + MVGPU_CTX_STATE_PAGE +
                  4 * MVGPU_CTX_CONTEXT_CONTROL, ctl, sizeof(ctl), false) &&
           !(mvgpu_le_load(ctl, 4) & MVGPU_CTX_RESTORE_INHIBIT);
}

/*
 * The context's bases from its image (core/lrc.h), if it has kept some
 * and is restored.
 */
static void compute_bases_load(MvgpuCtxRun *r)
{
    uint8_t b[4 * (MVGPU_CTX_COMPUTE_BASES_N + 1)];
    uint64_t bases[4];

    if (!ctx_restored(r) ||
        !gfx_rw(r, false, compute_bases_gma(r), b, sizeof(b), false) ||
        mvgpu_le_load(b, 4) != (MVGPU_CTX_SAVED | MVGPU_CTX_COMPUTE_BASES_N)) {
        return;
    }
    for (unsigned i = 0; i < 4; i++) {
        bases[i] = mvgpu_le_load(b + 4 + 8 * i, 8);
    }
    mvgpu_compute_set_bases(r->compute, bases);
}

static void compute_bases_save(MvgpuCtxRun *r)
{
    uint8_t b[4 * (MVGPU_CTX_COMPUTE_BASES_N + 1)];
    uint64_t bases[4];

    mvgpu_compute_get_bases(r->compute, bases);
    mvgpu_le_store(b, MVGPU_CTX_SAVED | MVGPU_CTX_COMPUTE_BASES_N, 4);
    for (unsigned i = 0; i < 4; i++) {
        mvgpu_le_store(b + 4 + 8 * i, bases[i], 8);
    }
    gfx_rw(r, false, compute_bases_gma(r), b, sizeof(b), true);
}

/* The image's flags and the core's (eu-dispatch.h): the same commands. */
static const struct {
    uint32_t image, core;
} media_flags[] = {
    { MVGPU_CTX_MEDIA_VFE, MVGPU_MEDIA_VFE },
    { MVGPU_CTX_MEDIA_CURBE, MVGPU_MEDIA_CURBE },
    { MVGPU_CTX_MEDIA_IDD, MVGPU_MEDIA_IDD },
};

/* The block's values; NULL, or why they are not a media state. */
static const char *media_decode(const uint8_t *b, MvgpuMediaState *ms)
{
    uint32_t flags = mvgpu_le_load(b + 4 * MVGPU_CTX_MEDIA_FLAGS, 4);
    const uint8_t *curbe = b + 4 * MVGPU_CTX_MEDIA_CURBE_VA;
    const uint8_t *idd = b + 4 * MVGPU_CTX_MEDIA_IDD_VA;

    *ms = (MvgpuMediaState) { 0 };
    for (unsigned i = 0; i < G_N_ELEMENTS(media_flags); i++) {
        if (flags & media_flags[i].image) {
            flags &= ~media_flags[i].image;
            ms->valid |= media_flags[i].core;
        }
    }
    if (flags) {
        return "unknown flags";
    }
    for (unsigned i = 0; i < 8; i++) {
        ms->vfe[i] = mvgpu_le_load(b + 4 * (MVGPU_CTX_MEDIA_VFE_DW + i), 4);
    }
    ms->curbe_addr = mvgpu_le_load(curbe, 8);
    ms->curbe_len = mvgpu_le_load(curbe + 8, 4);
    ms->idd_addr = mvgpu_le_load(idd, 8);
    ms->idd_len = mvgpu_le_load(idd + 8, 4);
    return NULL;
}

/*
 * The context's media state from its image, if it has kept one and the
 * context is restored (not RESTORE_INHIBIT). The image is the guest's: a
 * block the device could not have written is logged and ignored, as if
 * there were none, and a walker that needs it is not run.
 */
static void compute_media_load(MvgpuCtxRun *r)
{
    uint8_t b[4 * (MVGPU_CTX_MEDIA_STATE_N + 1)];
    MvgpuMediaState ms;
    uint32_t header;
    const char *why;

    if (!ctx_restored(r) ||
        !gfx_rw(r, false, media_state_gma(r), b, sizeof(b), false)) {
        return;
    }
    header = mvgpu_le_load(b, 4);
    if (!header) {
        return;                 /* never saved */
    }
    if (header != (MVGPU_CTX_SAVED | MVGPU_CTX_MEDIA_STATE_N)) {
        why = "bad header";
    } else {
        why = media_decode(b, &ms);
        if (!why) {
            why = mvgpu_compute_set_media(r->compute, &ms);
        }
    }
    if (why) {
        mvgpu_guest_error(r->c, "RCS: media state in the image of context "
                          "0x%" G_GINT64_MODIFIER "x ignored: %s (header "
                          "0x%08x)", r->lrca, why, header);
    }
}

static void compute_media_save(MvgpuCtxRun *r)
{
    uint8_t b[4 * (MVGPU_CTX_MEDIA_STATE_N + 1)] = { 0 };
    uint8_t *curbe = b + 4 * MVGPU_CTX_MEDIA_CURBE_VA;
    uint8_t *idd = b + 4 * MVGPU_CTX_MEDIA_IDD_VA;
    MvgpuMediaState ms;
    uint32_t flags = 0;

    mvgpu_compute_get_media(r->compute, &ms);
    for (unsigned i = 0; i < G_N_ELEMENTS(media_flags); i++) {
        if (ms.valid & media_flags[i].core) {
            flags |= media_flags[i].image;
        }
    }
    mvgpu_le_store(b, MVGPU_CTX_SAVED | MVGPU_CTX_MEDIA_STATE_N, 4);
    mvgpu_le_store(b + 4 * MVGPU_CTX_MEDIA_FLAGS, flags, 4);
    for (unsigned i = 0; i < 8; i++) {
        mvgpu_le_store(b + 4 * (MVGPU_CTX_MEDIA_VFE_DW + i), ms.vfe[i], 4);
    }
    mvgpu_le_store(curbe, ms.curbe_addr, 8);
    mvgpu_le_store(curbe + 8, ms.curbe_len, 4);
    mvgpu_le_store(idd, ms.idd_addr, 8);
    mvgpu_le_store(idd + 8, ms.idd_len, 4);
    gfx_rw(r, false, media_state_gma(r), b, sizeof(b), true);
}

static MvgpuCompute *compute_of(MvgpuCtxRun *r, const Cmd *cmd)
{
    if (!r->compute) {
        r->compute = mvgpu_compute_new();
        compute_bases_load(r);
        compute_media_load(r);
    }
    r->compute_ppgtt = !cmd->privileged;
    return r->compute;
}

static Flow compute_done(MvgpuCtxRun *r, const Cmd *cmd, const char *why)
{
    if (why) {
        mvgpu_guest_error(r->c, "RCS: GPGPU workload refused: %s", why);
        fail(r, why, cmd->at);
    }
    return FLOW_NEXT;
}

static Flow exec_state_base_address(MvgpuCtxRun *r, Frame *f, const Cmd *cmd)
{
    const char *why = mvgpu_compute_state_base(compute_of(r, cmd), cmd->dw,
                                               cmd->len);

    if (!why) {
        compute_bases_save(r);
    }
    return compute_done(r, cmd, why);
}

/* A media state command: kept in the image as it runs, like the bases. */
static Flow media_done(MvgpuCtxRun *r, const Cmd *cmd, const char *why)
{
    if (!why) {
        compute_media_save(r);
    }
    return compute_done(r, cmd, why);
}

static Flow exec_media_vfe_state(MvgpuCtxRun *r, Frame *f, const Cmd *cmd)
{
    return media_done(r, cmd, mvgpu_compute_vfe(compute_of(r, cmd),
                                                cmd->dw, cmd->len));
}

static Flow exec_media_curbe_load(MvgpuCtxRun *r, Frame *f, const Cmd *cmd)
{
    return media_done(r, cmd, mvgpu_compute_curbe(compute_of(r, cmd),
                                                  cmd->dw, cmd->len));
}

static Flow exec_media_idl(MvgpuCtxRun *r, Frame *f, const Cmd *cmd)
{
    return media_done(r, cmd, mvgpu_compute_idl(compute_of(r, cmd),
                                                cmd->dw, cmd->len));
}

/*
 * A dispatch the interpreter cannot run (an instruction or message it does
 * not implement, docs/status.md) is logged with what it is and not run, and
 * the engine goes on: a GL context hung by our gap would cost the guest more
 * than a result not computed, which is what the device did before it ran
 * kernels at all. One the guest's state does not allow (no such
 * descriptor, descriptor or CURBE not mapped: @guest) is skipped the same
 * way, logged as a guest error.
 */
static Flow walker_skip(MvgpuCtxRun *r, const char *why, bool guest)
{
    r->walker_active = false;
    mvgpu_log(r->c, guest ? MVGPU_LOG_GUEST_ERROR : MVGPU_LOG_UNIMP,
              "RCS: GPGPU_WALKER not run: %s", why);
    engine(r)->stats.skipped++;
    return FLOW_NEXT;
}

/* The dispatch, as many instructions as the slice has room for. */
static Flow walker_run(MvgpuCtxRun *r)
{
    MvgpuSlice *s = r->slice;
    MvgpuComputeMem m = { compute_rw, r };
    uint32_t left = s->budget > s->used ? s->budget - s->used : 1;
    uint64_t used;
    bool more;
    const char *why = mvgpu_compute_run(r->compute, &m,
                                        (uint64_t)left *
                                        MVGPU_EU_INSTS_PER_UNIT, &used, &more);

    s->used += used / MVGPU_EU_INSTS_PER_UNIT;
    if (why) {
        return walker_skip(r, why, false);
    }
    if (more) {
        return FLOW_YIELD;
    }
    r->walker_active = false;
    return FLOW_NEXT;
}

static Flow exec_gpgpu_walker(MvgpuCtxRun *r, Frame *f, const Cmd *cmd)
{
    MvgpuCompute *c = compute_of(r, cmd);
    MvgpuComputeMem m = { compute_rw, r };
    uint32_t dims[3];
    const char *why;
    bool guest;

    if ((cmd->dw[0] & WALKER_PREDICATE) &&
        !(mvgpu_reg_read(r->c, MI_PREDICATE_RESULT) & 1)) {
        return FLOW_NEXT;
    }
    for (unsigned i = 0; i < 3; i++) {
        dims[i] = mvgpu_reg_read(r->c, GPGPU_DISPATCHDIM_X + 4 * i);
    }
    if (!mvgpu_compute_has_state(c)) {
        /* the context never set its bases: nothing to run with */
        mvgpu_guest_error(r->c, "RCS: GPGPU_WALKER skipped: the context "
                          "has set no STATE_BASE_ADDRESS");
        engine(r)->stats.skipped++;
        return FLOW_NEXT;
    }
    why = mvgpu_compute_walker(c, &m, cmd->dw, cmd->len, dims, &guest);
    if (why) {
        return walker_skip(r, why, guest);
    }
    r->walker_active = true;
    return walker_run(r);
}

#define HANDLER(op, fn)     [MVGPU_EXEC_##op] = fn

static const Handler soft_handlers[MVGPU_EXEC_COUNT] = {
    HANDLER(NONE, exec_none),
    HANDLER(NOOP, exec_noop),
    HANDLER(USER_INTERRUPT, exec_user_interrupt),
    HANDLER(ARB_CHECK, exec_arb_check),
    HANDLER(BATCH_BUFFER_END, exec_batch_buffer_end),
    HANDLER(MATH, exec_math),
    HANDLER(SEMAPHORE_WAIT, exec_semaphore_wait),
    HANDLER(STORE_DATA_IMM, exec_store_data_imm),
    HANDLER(STORE_DATA_INDEX, exec_store_data_index),
    HANDLER(LOAD_REGISTER_IMM, exec_load_register_imm),
    HANDLER(STORE_REGISTER_MEM, exec_store_register_mem),
    HANDLER(FLUSH_DW, exec_flush_dw),
    HANDLER(LOAD_REGISTER_MEM, exec_load_register_mem),
    HANDLER(LOAD_REGISTER_REG, exec_load_register_reg),
    HANDLER(COPY_MEM_MEM, exec_copy_mem_mem),
    HANDLER(ATOMIC, exec_atomic),
    HANDLER(BATCH_BUFFER_START, exec_batch_buffer_start),
    HANDLER(CONDITIONAL_BATCH_BUFFER_END, exec_conditional_batch_buffer_end),
    HANDLER(PIPE_CONTROL, exec_pipe_control),
    HANDLER(BLIT, exec_blit),
    HANDLER(STATE_BASE_ADDRESS, exec_state_base_address),
    HANDLER(MEDIA_VFE_STATE, exec_media_vfe_state),
    HANDLER(MEDIA_CURBE_LOAD, exec_media_curbe_load),
    HANDLER(MEDIA_INTERFACE_DESCRIPTOR_LOAD, exec_media_idl),
    HANDLER(GPGPU_WALKER, exec_gpgpu_walker),
};

bool mvgpu_soft_handles(unsigned op)
{
    return op < MVGPU_EXEC_COUNT && soft_handlers[op];
}

/* ---- fetching: from a shadow, or live from guest memory */

static uint64_t frame_at(MvgpuCtxRun *r, const Frame *f)
{
    if (!f->seg) {
        return f->addr;
    }
    return f->seg->ring ? (r->chunk_head + 4ull * f->pos) % r->ring_size
                        : f->seg->addr + 4ull * f->pos;
}

/* The next command of a shadowed stream, as audited. */
static bool fetch_shadow(MvgpuCtxRun *r, Frame *f, uint32_t *dw,
                         MvgpuCmd *cmd, uint32_t *keep)
{
    const MvgpuShadowSeg *seg = f->seg;
    bool privileged = true;

    if (f->pos >= seg->len ||
        mvgpu_cmd_decode(seg->dw[f->pos], 1u << r->id, privileged, cmd) !=
        MVGPU_CMD_OK || f->pos + cmd->len > seg->len) {
        /* The scan stops segments at whole audited commands. */
        fail(r, "command runs past its shadow", frame_at(r, f));
        return false;
    }
    *keep = MIN(cmd->len, MAX_EXECUTED_DWORDS);
    memcpy(dw, seg->dw + f->pos, *keep * 4);
    f->pos += cmd->len;
    return true;
}

/* The next command of a user batch: read now, audited now. */
static bool fetch_live(MvgpuCtxRun *r, Frame *f, uint32_t *dw, MvgpuCmd *cmd,
                       uint32_t *keep)
{
    MvgpuScan *a = &r->live;

    if (!read_dwords(r, true, f->addr, dw, 1)) {
        fail(r, "batch buffer not in guest RAM", f->addr);
        return false;
    }
    a->error[0] = 0;
    a->refused = false;
    if (mvgpu_cmd_decode(dw[0], 1u << r->id, false, cmd) == MVGPU_CMD_OK) {
        *keep = MIN(cmd->len, MAX_EXECUTED_DWORDS);
        if (*keep > 1 && !read_dwords(r, true, f->addr + 4, dw + 1, *keep - 1)) {
            fail(r, "batch buffer not in guest RAM", f->addr + 4);
            return false;
        }
    } else {
        *keep = 1;
    }
    if (!mvgpu_scan_command(a, f->addr, dw, *keep, false, cmd)) {
        if (a->refused) {
            engine(r)->stats.refused++;
        }
        fail(r, a->error, a->error_addr);
        return false;
    }
    f->addr += 4ull * cmd->len;
    return true;
}

/* ---- the ring, a stretch at a time */

/*
 * Scans the ring from chunk_head to tail and the GGTT batches it reaches
 * (the recording, when the host keeps them, covers user batches too).
 * @again: the chunk was scanned before migration; no recording or
 * counting a second time.
 */
static bool scan_chunk(MvgpuCtxRun *r, bool again)
{
    MvgpuCore *c = r->c;
    uint32_t size = r->ring_size, head = r->chunk_head;
    uint32_t bytes = (r->tail + size - head) % size;
    uint32_t first = MIN(bytes, size - head);
    uint32_t *ring = g_malloc(bytes + 4);
    int64_t fields;

    if (r->scanned) {
        mvgpu_scan_free(&r->sc);
        r->scanned = false;
    }
    if (!read_dwords(r, false, r->ring_start + head, ring, first / 4) ||
        !read_dwords(r, false, r->ring_start, ring + first / 4,
                     (bytes - first) / 4)) {
        g_free(ring);
        fail(r, "ring is not guest RAM", r->ring_start + head);
        return false;
    }
    if (c->host.record_workload && !again) {
        MvgpuScan rec_sc = { .engine_bit = 1u << r->id, .read = scan_read,
                             .probe = probe, .opaque = r };
        uint32_t *copy = g_memdup2(ring, bytes + 4);
        MvgpuRecorder rec;
        g_autofree uint8_t *data = NULL;
        size_t len;

        mvgpu_record_begin(&rec, &rec_sc, copy, bytes / 4);
        mvgpu_scan(&rec_sc, copy, bytes / 4);
        data = mvgpu_record_end(&rec, &rec_sc, &len);
        c->host.record_workload(c->host.opaque, mvgpu_engines[r->id].short_name,
                                data, len);
        mvgpu_scan_free(&rec_sc);
    }
    r->sc = (MvgpuScan) {
        .engine_bit = 1u << r->id, .read = scan_read, .probe = probe,
        .opaque = r, .ppgtt_live = true,
    };
    r->scanned = true;
    r->depth = 0;
    r->stack[0] = (Frame) { 0 };
    if (!mvgpu_scan(&r->sc, ring, bytes / 4)) {
        if (r->sc.refused && !again) {
            engine(r)->stats.refused++;
        }
        mvgpu_trace(c, MVGPU_TRACE_SCAN, r->id, 0, r->sc.error_addr);
        fail(r, r->sc.error, r->sc.error_addr);
        return false;
    }
    mvgpu_trace(c, MVGPU_TRACE_SCAN, r->id, 1, r->ring_start + head);
    /* Relocation runs here too, so every workload exercises it. */
    fields = mvgpu_relocate(&r->sc, reloc_in_place, NULL);
    if (fields < 0) {
        fail(r, "relocation refused the workload", r->lrca);
        return false;
    }
    if (!again) {
        engine(r)->stats.relocated += fields;
    }
    r->stack[0].seg = g_ptr_array_index(r->sc.segs, 0);
    return true;
}

/* HEAD as the ring registers show it: past the command that runs now. */
static uint32_t ring_head(MvgpuCtxRun *r)
{
    return r->stack[0].seg ? frame_at(r, &r->stack[0]) : r->chunk_head;
}

static bool ring_done(MvgpuCtxRun *r)
{
    return r->depth == 0 && r->stack[0].pos >= r->stack[0].seg->len;
}

/* ---- the backend */

static MvgpuCtxRun *run_new(MvgpuCore *c, const MvgpuCtxInfo *ci,
                            MvgpuUserBatchFn user_batch)
{
    MvgpuCtxRun *r = g_new0(MvgpuCtxRun, 1);

    r->user_batch = user_batch;
    r->c = c;
    r->id = ci->engine;
    r->lrca = ci->lrca;
    r->pml4 = ci->pml4;
    r->ring_start = ci->ring_start;
    r->ring_size = ci->ring_size;
    r->chunk_head = ci->head;
    r->tail = r->next_tail = ci->tail;
    r->live = (MvgpuScan) { .engine_bit = 1u << r->id, .probe = probe,
                            .opaque = r };
    return r;
}

MvgpuCtxRun *mvgpu_soft_ctx_start_with(MvgpuCore *c, const MvgpuCtxInfo *ci,
                                       MvgpuUserBatchFn user_batch,
                                       const char **why)
{
    MvgpuCtxRun *r = run_new(c, ci, user_batch);

    /* A refusal surfaces as the first slice's fault, like any other. */
    scan_chunk(r, false);
    return r;
}

static MvgpuCtxRun *soft_ctx_start(MvgpuCore *c, const MvgpuCtxInfo *ci,
                                   const char **why)
{
    return mvgpu_soft_ctx_start_with(c, ci, NULL, why);
}

static void soft_ctx_set_tail(MvgpuCtxRun *r, uint32_t tail)
{
    /* The guest's new TAIL, checked as ctx_start's was (execlist.c). */
    if (tail >= r->ring_size) {
        fail(r, "ring TAIL beyond the ring", tail);
        return;
    }
    r->next_tail = tail;
}

static MvgpuRunStatus soft_ctx_run(MvgpuCtxRun *r, MvgpuSlice *s)
{
    MvgpuEngine *e = engine(r);
    uint32_t dw[MAX_EXECUTED_DWORDS];

    r->slice = s;
    r->tlb_valid = false;
    s->used = 0;
    for (;;) {
        Frame *f, saved;
        MvgpuCmd cmd;
        Cmd x;
        Flow flow;

        if (!r->error && r->batch_out) {
            const char *why = NULL;
            MvgpuBatchStatus st = r->user_batch(r->c, &r->out, &why);

            if (st == MVGPU_BATCH_PENDING || st == MVGPU_BATCH_WAIT) {
                s->head = ring_head(r);
                return st == MVGPU_BATCH_PENDING ? MVGPU_RUN_PENDING
                                                 : MVGPU_RUN_WAIT;
            }
            r->batch_out = false;
            if (st == MVGPU_BATCH_FAULT) {
                fail(r, why, r->out.addr);
            }
            continue;
        }
        if (!r->error && ring_done(r)) {
            if (r->next_tail == r->tail) {
                s->head = r->tail;
                return MVGPU_RUN_DONE;
            }
            /* A lite restore moved TAIL: the ring goes on from here. */
            r->chunk_head = r->tail;
            r->tail = r->next_tail;
            scan_chunk(r, false);
        }
        if (r->error) {
            s->error = r->error;
            s->error_addr = r->error_addr;
            s->head = ring_head(r);
            return MVGPU_RUN_FAULT;
        }
        if (s->used >= s->budget) {
            s->head = ring_head(r);
            return MVGPU_RUN_YIELD;
        }
        if (r->blit.active) {
            s->used++;
            if (blit_rows(r) == FLOW_YIELD) {
                s->head = ring_head(r);
                return MVGPU_RUN_YIELD;
            }
            continue;
        }
        if (r->walker_active) {
            s->used++;
            if (walker_run(r) == FLOW_YIELD) {
                s->head = ring_head(r);
                return MVGPU_RUN_YIELD;
            }
            continue;
        }
        f = &r->stack[r->depth];
        saved = *f;
        x.at = frame_at(r, f);
        x.privileged = f->seg != NULL;
        if (!(f->seg ? fetch_shadow(r, f, dw, &cmd, &x.len)
                     : fetch_live(r, f, dw, &cmd, &x.len))) {
            continue;
        }
        x.dw = dw;
        x.n_mem = mvgpu_cmd_may_access_memory(dw[0])
                  ? mvgpu_cmd_mem_operands(dw, x.len, x.privileged, x.mem) : 0;
        e->stats.commands++;
        s->used++;
        flow = soft_handlers[cmd.desc->exec](r, f, &x);
        if (flow == FLOW_WAIT) {
            *f = saved;
            s->head = ring_head(r);
            return MVGPU_RUN_WAIT;
        }
        if (flow == FLOW_YIELD) {
            s->head = ring_head(r);
            return MVGPU_RUN_YIELD;
        }
    }
}

/* ---- migration: a context parked at a slice boundary (savestate.h) */

static void soft_ctx_free(MvgpuCtxRun *r);

/*
 * A user batch the hook runs elsewhere (a host GPU) has no position the
 * device could save: let it finish first (the hook waits, bounded), and
 * take its end as the next slice would. The context then stands just
 * past the batch start, which is a position like any other.
 */
static bool settle_batch_out(MvgpuCtxRun *r, const char **why)
{
    MvgpuBatchStatus st;

    if (!r->batch_out || r->error) {
        return true;
    }
    r->out.drain = true;
    st = r->user_batch(r->c, &r->out, why);
    r->out.drain = false;
    if (st == MVGPU_BATCH_PENDING || st == MVGPU_BATCH_WAIT) {
        *why = "a user batch is still running on the host GPU; migrate "
               "again once it ends";
        return false;
    }
    r->batch_out = false;
    if (st == MVGPU_BATCH_FAULT) {
        fail(r, *why, r->out.addr);
    }
    return true;
}

static bool soft_ctx_save(MvgpuCtxRun *r, MvgpuSavedRun *o, const char **why)
{
    if (!settle_batch_out(r, why)) {
        return false;
    }
    if (r->walker_active) {
        /*
         * The threads and their SLM are not in the saved state. The GPGPU
         * state is: the bases and the media state are in the context
         * image (guest RAM, core/lrc.h), written as their commands run,
         * and a resumed context loads them at its next compute command.
         */
        *why = "its submission runs a GPGPU dispatch; migrate again once "
               "the dispatch ends";
        return false;
    }
    /* Field by field over zeroes: the same state gives the same bytes. */
    memset(o, 0, sizeof(*o));
    o->present = true;
    o->lrca = r->lrca;
    o->pml4 = r->pml4;
    o->ring_start = r->ring_start;
    o->ring_size = r->ring_size;
    o->chunk_head = r->chunk_head;
    o->tail = r->tail;
    o->next_tail = r->next_tail;
    if (r->error || !r->scanned) {
        /* HEAD where the fault is reported: the resumed run has no stack. */
        o->chunk_head = ring_head((MvgpuCtxRun *)r);
        o->faulted = true;
        o->error_addr = r->error_addr;
        g_strlcpy((char *)o->error, r->error ? r->error : "fault",
                  sizeof(o->error));
        return true;
    }
    o->depth = r->depth;
    for (unsigned i = 0; i <= r->depth; i++) {
        const Frame *f = &r->stack[i];

        if (!f->seg) {
            o->frame_kind[i] = MVGPU_SAVED_FRAME_LIVE;
            o->frame_addr[i] = f->addr;
        } else {
            o->frame_kind[i] = f->seg->ring ? MVGPU_SAVED_FRAME_RING
                                            : MVGPU_SAVED_FRAME_GGTT;
            o->frame_addr[i] = f->seg->ring ? 0 : f->seg->addr;
            o->frame_pos[i] = f->pos;
        }
    }
    if (r->blit.active) {
        G_STATIC_ASSERT(MVGPU_SAVED_BLIT_DWORDS == MAX_EXECUTED_DWORDS);
        o->blit_active = true;
        o->blit_privileged = r->blit.privileged;
        o->blit_len = r->blit.len;
        o->blit_row = r->blit.cur.row;
        memcpy(o->blit_dw, r->blit.dw, r->blit.len * 4);
    }
    return true;
}

/* Whether @pos is where a whole audited command of @seg starts (or its end). */
static bool on_command(MvgpuCtxRun *r, const MvgpuShadowSeg *seg, uint32_t pos)
{
    uint32_t p = 0;

    if (pos > seg->len) {
        return false;
    }
    while (p < pos) {
        MvgpuCmd cmd;

        if (mvgpu_cmd_decode(seg->dw[p], 1u << r->id, true, &cmd) !=
            MVGPU_CMD_OK || cmd.len == 0) {
            return false;
        }
        p += cmd.len;
    }
    return p == pos;
}

/* The saved stack and 2D command onto a freshly scanned chunk. */
static const char *resume_position(MvgpuCtxRun *r, const MvgpuSavedRun *in)
{
    bool live = false;

    if (in->depth > MVGPU_BATCH_MAX_DEPTH) {
        return "batch stack deeper than the engine's";
    }
    for (unsigned i = 0; i <= in->depth; i++) {
        Frame *f = &r->stack[i];

        switch (in->frame_kind[i]) {
        case MVGPU_SAVED_FRAME_RING:
            if (i != 0) {
                return "the ring inside a batch";
            }
            f->seg = g_ptr_array_index(r->sc.segs, 0);
            break;
        case MVGPU_SAVED_FRAME_GGTT:
            f->seg = i ? mvgpu_scan_find(&r->sc, false, in->frame_addr[i])
                       : NULL;
            if (!f->seg || f->seg->ring || live) {
                return "a GGTT batch the ring does not reach";
            }
            break;
        case MVGPU_SAVED_FRAME_LIVE:
            if (i == 0 || in->frame_addr[i] & 3) {
                return "a user batch position that is not a command's";
            }
            f->seg = NULL;
            f->addr = in->frame_addr[i];
            live = true;
            break;
        default:
            return "an unknown kind of stream";
        }
        if (f->seg) {
            if (!on_command(r, f->seg, in->frame_pos[i])) {
                return "a position that is not a command of the stream";
            }
            f->pos = in->frame_pos[i];
        }
    }
    r->depth = in->depth;
    if (in->blit_active) {
        MvgpuCmd cmd;

        if (r->id != MVGPU_BCS || in->blit_len == 0 ||
            in->blit_len > MAX_EXECUTED_DWORDS ||
            mvgpu_cmd_decode(in->blit_dw[0], 1u << r->id, in->blit_privileged,
                             &cmd) != MVGPU_CMD_OK ||
            cmd.desc->exec != MVGPU_EXEC_BLIT ||
            MIN(cmd.len, MAX_EXECUTED_DWORDS) != in->blit_len) {
            return "a 2D command the blitter does not run";
        }
        r->blit.active = true;
        r->blit.privileged = in->blit_privileged;
        r->blit.len = in->blit_len;
        r->blit.cur = (MvgpuBlitCursor) { .row = in->blit_row };
        memcpy(r->blit.dw, in->blit_dw, in->blit_len * 4);
    }
    return NULL;
}

MvgpuCtxRun *mvgpu_soft_ctx_resume_with(MvgpuCore *c, const MvgpuCtxInfo *ci,
                                        const MvgpuSavedRun *in,
                                        MvgpuUserBatchFn user_batch,
                                        const char **why)
{
    MvgpuCtxRun *r = run_new(c, ci, user_batch);

    r->next_tail = in->next_tail;
    if (in->faulted) {
        /* The saved text need not end in a NUL. */
        G_STATIC_ASSERT(sizeof(r->resumed_error) == sizeof(in->error));
        memcpy(r->resumed_error, in->error, sizeof(in->error));
        r->resumed_error[sizeof(r->resumed_error) - 1] = 0;
        r->error = r->resumed_error;
        r->error_addr = in->error_addr;
        return r;
    }
    /* The ring and its GGTT batches, audited again from guest memory. */
    if (!scan_chunk(r, true)) {
        *why = "its ring no longer passes the audit";
    } else {
        *why = resume_position(r, in);
    }
    if (*why) {
        soft_ctx_free(r);
        return NULL;
    }
    return r;
}

static MvgpuCtxRun *soft_ctx_resume(MvgpuCore *c, const MvgpuCtxInfo *ci,
                                    const MvgpuSavedRun *in, const char **why)
{
    return mvgpu_soft_ctx_resume_with(c, ci, in, NULL, why);
}

static void soft_ctx_free(MvgpuCtxRun *r)
{
    if (r->scanned) {
        mvgpu_scan_free(&r->sc);
    }
    mvgpu_compute_free(r->compute);
    g_free(r);
}

const MvgpuBackend mvgpu_backend_soft = {
    .name = "soft",
    .ctx_start = soft_ctx_start,
    .ctx_set_tail = soft_ctx_set_tail,
    .ctx_run = soft_ctx_run,
    .ctx_free = soft_ctx_free,
    .ctx_save = soft_ctx_save,
    .ctx_resume = soft_ctx_resume,
};
