/*
 * mvgpu core: execlist submission and the ring interpreter (reference §8).
 *
 * The guest writes two context descriptors to an engine's ELSP. Execution
 * is deferred to the engine's timer (the guest never expects a submission
 * to complete inside its ELSP write). Each context is then run: its image
 * (through the GGTT) gives the ring and the PPGTT root; the ring from HEAD
 * to TAIL and the batches it starts are interpreted — MI commands are
 * executed (memory and register stores, flushes and their post-sync writes,
 * user interrupts), 3D/media/blitter commands are skipped by length and
 * counted. On completion HEAD goes back into the image, then the user
 * interrupt, the CSB entries in the HWSP and the context-switch interrupt,
 * in the order i915 expects. A workload that breaks a rule or its budget
 * hangs its engine: no completion is reported, and the guest's reset (GDRST)
 * brings the engine back.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "internal.h"
#include "engine.h"
#include "bytes.h"
#include "cmd.h"
#include "cmd-regs.h"
#include "scan.h"
#include "reloc.h"
#include "record.h"
#include "gen9-regs.h"
#include "irq.h"

typedef struct EngineInfo {
    const char *name;
    uint32_t base;
    MvgpuIrqBank bank;
    unsigned shift;             /* of the engine's bits in its bank */
    uint32_t gdrst_bit;         /* its GDRST domain */
} EngineInfo;

static const EngineInfo engines[MVGPU_NENGINES] = {
    [MVGPU_RCS] = { "RCS", RCS_BASE, MVGPU_IRQ_GT0, 0, 1u << 1 },
    [MVGPU_VCS0] = { "VCS0", VCS0_BASE, MVGPU_IRQ_GT1, 0, 1u << 2 },
    [MVGPU_VECS] = { "VECS", VECS_BASE, MVGPU_IRQ_GT3, 0, 1u << 4 },
    [MVGPU_BCS] = { "BCS", BCS_BASE, MVGPU_IRQ_GT0, 16, 1u << 3 },
};

/* Context image: register-state page dwords (value slots), §8.3. */
#define CTX_STATE_PAGE      0x1000
#define CTX_RING_HEAD       0x05
#define CTX_RING_TAIL       0x07
#define CTX_RING_START      0x09
#define CTX_RING_CTL        0x0b
#define CTX_PDP0_UDW        0x31
#define CTX_PDP0_LDW        0x33

/* Descriptor fields, §8.2. */
#define DESC_VALID          (1ull << 0)
#define DESC_LRCA_MASK      0xfffff000ull

/* HWSP layout: CSB at dword 0x10, its write pointer at dword 0x1f. */
#define HWSP_CSB            0x40
#define HWSP_CSB_WRITE_PTR  0x7c

typedef struct Workload {
    MvgpuCore *c;
    MvgpuEngineId id;
    uint64_t pml4;
    uint64_t lrca;              /* the context image; page 0 is its PPHWSP */
    uint32_t commands;
    unsigned starts;
    bool user_interrupt;
    const char *error;          /* set when the workload breaks a rule */
    uint64_t error_addr;
    const MvgpuScan *scan;      /* the audited shadows it runs from */
} Workload;

static const EngineInfo *info(MvgpuEngineId id)
{
    return &engines[id];
}

static uint32_t ereg(MvgpuEngineId id, uint32_t reg)
{
    return engines[id].base + reg;
}

static void fail(Workload *w, const char *why, uint64_t addr)
{
    if (!w->error) {
        w->error = why;
        w->error_addr = addr;
    }
}

/* ---- memory through the GGTT or the context's PPGTT */

static bool translate(Workload *w, bool ppgtt, uint64_t addr, uint64_t *gpa)
{
    return ppgtt ? mvgpu_ppgtt_translate(w->c, w->pml4, addr, gpa)
                 : mvgpu_ggtt_translate(w->c, addr, gpa);
}

/* Guest memory through a graphics address space; false if any page is not RAM. */
static bool gfx_rw(Workload *w, bool ppgtt, uint64_t addr, void *buf,
                   uint32_t len, bool write)
{
    uint8_t *p = buf;

    while (len) {
        uint32_t chunk = MIN(len, 4096 - (addr & 0xfff));
        uint64_t gpa;

        if (!translate(w, ppgtt, addr, &gpa) ||
            !(write ? w->c->host.mem_write(w->c->host.opaque, gpa, p, chunk)
                    : w->c->host.mem_read(w->c->host.opaque, gpa, p, chunk))) {
            return false;
        }
        addr += chunk;
        p += chunk;
        len -= chunk;
    }
    return true;
}

/* The same for the command streamer: a failure hangs the workload. */
static bool mem_rw(Workload *w, bool ppgtt, uint64_t addr, void *buf,
                   uint32_t len, bool write)
{
    if (!gfx_rw(w, ppgtt, addr, buf, len, write)) {
        fail(w, write ? "write to an address that is not guest RAM"
                      : "read of an address that is not guest RAM", addr);
        return false;
    }
    return true;
}

static bool write_le(Workload *w, bool ppgtt, uint64_t addr, uint64_t v,
                     unsigned bytes)
{
    uint8_t b[8];

    mvgpu_le_store(b, v, bytes);
    return mem_rw(w, ppgtt, addr, b, bytes, true);
}

/*
 * A command's memory operand (cmd-mem.c decoded its space; a user batch's
 * "use global GTT" and "store index" bits are already ignored there): the
 * address space and graphics address it reaches. In execlist mode a
 * store-index offset is into the context's own status page (PPHWSP, the
 * first page of the context image), not the engine's global one: i915's
 * flushes store to its scratch dword there.
 */
static bool operand_ppgtt(Workload *w, const MvgpuMemOperand *op,
                          uint64_t *addr)
{
    *addr = op->addr;
    if (op->space == MVGPU_MEM_HWSP) {
        *addr += w->lrca;
    }
    return op->space == MVGPU_MEM_PPGTT;
}

/* Largest operand the soft backend reads or writes (MI_ATOMIC's qword). */
#define OPERAND_MAX_BYTES   8

/* An operand as dwords in host order; a failure hangs the workload. */
static bool operand_rw(Workload *w, const MvgpuMemOperand *op, uint32_t *dw,
                       bool write)
{
    uint8_t b[OPERAND_MAX_BYTES];
    uint32_t n = op->bytes / 4;
    uint64_t addr;
    bool ppgtt = operand_ppgtt(w, op, &addr);

    if (op->bytes > sizeof(b) || op->bytes % 4) {
        fail(w, "memory operand larger than the soft backend models", addr);
        return false;
    }
    if (write) {
        for (uint32_t i = 0; i < n; i++) {
            mvgpu_le_store(b + 4 * i, dw[i], 4);
        }
    }
    if (!mem_rw(w, ppgtt, addr, b, op->bytes, write)) {
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
 * The scan's check of an operand: every byte translates to guest RAM.
 * Reading it has no side effect (only RAM is ever read); a write into
 * read-only RAM still fails later, at execution.
 */
static bool scan_probe(void *opaque, const MvgpuMemOperand *op)
{
    Workload *w = opaque;
    uint8_t b[64];
    uint64_t addr;
    bool ppgtt = operand_ppgtt(w, op, &addr);

    for (uint32_t done = 0; done < op->bytes; done += sizeof(b)) {
        if (!gfx_rw(w, ppgtt, addr + done, b,
                    MIN(sizeof(b), op->bytes - done), false)) {
            return false;
        }
    }
    return true;
}

/* The soft backend runs in the guest's own address spaces: identity. */
static bool reloc_in_place(void *opaque, const MvgpuShadowSeg *seg,
                           const MvgpuCmdDesc *desc, unsigned dword,
                           uint64_t *page)
{
    return true;
}

/* The scan's view of batches: whole dwords, little-endian in memory. */
static bool scan_read(void *opaque, bool ppgtt, uint64_t addr, uint32_t *dw,
                      uint32_t n)
{
    if (!gfx_rw(opaque, ppgtt, addr, dw, n * 4, false)) {
        return false;
    }
    for (uint32_t i = 0; i < n; i++) {
        dw[i] = GUINT32_FROM_LE(dw[i]);
    }
    return true;
}

static bool read_le32(Workload *w, bool ppgtt, uint64_t addr, uint32_t *v)
{
    uint8_t b[4];

    if (!mem_rw(w, ppgtt, addr, b, 4, false)) {
        return false;
    }
    *v = mvgpu_le_load(b, 4);
    return true;
}

/* ---- registers from command buffers */

/*
 * The scan refused every register operand cmd-regs.c does not allow;
 * execution checks again, so nothing but the table decides.
 */
static void cmd_reg_write(Workload *w, bool privileged, uint32_t reg,
                          uint32_t v)
{
    const char *name;

    if (mvgpu_cmd_reg_allowed(reg, 1u << w->id, privileged, true, &name)) {
        mvgpu_reg_write(w->c, reg, v);
    } else {
        fail(w, "register write the scan did not allow", reg);
    }
}

static uint32_t cmd_reg_read(Workload *w, uint32_t reg)
{
    const char *name;

    if (mvgpu_cmd_reg_allowed(reg, 1u << w->id, false, false, &name)) {
        return mvgpu_reg_read(w->c, reg);
    }
    fail(w, "register read the scan did not allow", reg);
    return 0;
}

/* ---- commands the soft backend executes (cmd-table.c has them all) */

#define MI_OPCODE(dw)       (((dw) >> 23) & 0x3f)
#define CMD_TYPE(dw)        ((dw) >> 29)

enum {
    MI_NOOP = 0x00, MI_USER_INTERRUPT = 0x02, MI_BATCH_BUFFER_END = 0x0a,
    MI_MATH = 0x1a, MI_SEMAPHORE_WAIT = 0x1c,
    MI_STORE_DATA_IMM = 0x20, MI_STORE_DATA_INDEX = 0x21,
    MI_LOAD_REGISTER_IMM = 0x22, MI_STORE_REGISTER_MEM = 0x24,
    MI_FLUSH_DW = 0x26, MI_LOAD_REGISTER_MEM = 0x29,
    MI_LOAD_REGISTER_REG = 0x2a, MI_COPY_MEM_MEM = 0x2e, MI_ATOMIC = 0x2f,
    MI_BATCH_BUFFER_START = 0x31, MI_CONDITIONAL_BATCH_BUFFER_END = 0x36,
};

/* The command streamer's general purpose registers, 16 x 64 bit. */
#define CS_GPR(n)           (0x600 + 8 * (n))

/* ---- the interpreter */

/* Where execution is: a position in an audited shadow segment. */
typedef struct Stream {
    const MvgpuShadowSeg *seg;
    uint32_t pos;
} Stream;

static uint64_t stream_at(const Stream *s)
{
    return s->seg->ring ? s->pos * 4ull : s->seg->addr + s->pos * 4ull;
}

static bool fetch(Workload *w, Stream *s, uint32_t *dw, uint32_t n)
{
    if (s->pos + n > s->seg->len) {
        /* The scan stops segments at whole commands: cannot happen. */
        fail(w, "command runs past its shadow", stream_at(s));
        return false;
    }
    memcpy(dw, s->seg->dw + s->pos, n * 4);
    s->pos += n;
    return true;
}

static bool stream_done(Stream *s)
{
    return s->pos >= s->seg->len;
}

static void run_stream(Workload *w, Stream *s, unsigned depth);

static void batch_start(Workload *w, Stream *s, const uint32_t *dw,
                        unsigned depth)
{
    bool ppgtt = dw[0] & MVGPU_BB_PPGTT;
    uint64_t addr = mvgpu_bb_addr(dw);
    Stream b = { .seg = mvgpu_scan_find(w->scan, ppgtt, addr) };

    if (!b.seg) {
        fail(w, "batch buffer start the scan did not see", addr);
        return;
    }
    if (++w->starts > MVGPU_BATCH_MAX_STARTS) {
        fail(w, "too many batch buffer starts", addr);
        return;
    }
    if (s->seg->ring || (dw[0] & MVGPU_BB_SECOND_LEVEL)) {
        /* From the ring, or a second-level batch: returns when it ends. */
        if (depth >= MVGPU_BATCH_MAX_DEPTH) {
            fail(w, "batch buffers nested too deep", addr);
            return;
        }
        run_stream(w, &b, depth + 1);
    } else {
        /* In a batch, a first-level start is a jump: this batch goes on there. */
        *s = b;
    }
}

/*
 * A post-sync operation of PIPE_CONTROL or MI_FLUSH_DW (@op, bits 15:14):
 * 1 writes the immediate @data, 3 the timestamp, 2 the depth count (0:
 * the soft backend draws no pixel).
 */
static void post_sync(Workload *w, unsigned op, const MvgpuMemOperand *mem,
                      uint32_t *data)
{
    uint64_t q = op == 3 ? mvgpu_cs_timestamp(w->c) : 0;
    uint32_t v[2] = { (uint32_t)q, q >> 32 };

    operand_rw(w, mem, op == 1 ? data : v, true);
}

/* MI_ATOMIC (DW0 bits 15:8 the operation), reference §9.4. */
static void mi_atomic(Workload *w, const uint32_t *dw, uint32_t len,
                      const MvgpuMemOperand *mem)
{
    unsigned op = (dw[0] >> 8) & 0xff;
    uint64_t old, src = len > 3 ? dw[3] : 0;
    uint32_t v32[2] = { 0, 0 };
    uint64_t v;

    if (mem->bytes > 8) {
        mvgpu_log(w->c, MVGPU_LOG_UNIMP, "%s: %u-byte MI_ATOMIC not modelled",
                  info(w->id)->name, mem->bytes);
        return;
    }
    if (len > 4) {
        src |= (uint64_t)dw[4] << 32;
    }
    if (!operand_rw(w, mem, v32, false)) {
        return;
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
        mvgpu_log(w->c, MVGPU_LOG_UNIMP, "%s: MI_ATOMIC operation 0x%x not "
                  "modelled", info(w->id)->name, op);
        return;
    }
    v32[0] = v;
    v32[1] = v >> 32;
    operand_rw(w, mem, v32, true);
}

/* MI_MATH: the ALU over the GPRs, with two source registers and an accumulator. */
static void mi_math(Workload *w, const uint32_t *dw, uint32_t len)
{
    uint32_t base = info(w->id)->base;
    uint64_t src[2] = { 0, 0 }, acc = 0;
    bool zf = false, cf = false;

    for (uint32_t i = 1; i < len; i++) {
        unsigned opcode = dw[i] >> 20, op1 = (dw[i] >> 10) & 0x3ff;
        unsigned op2 = dw[i] & 0x3ff;
        uint64_t value = 0;

        /* Operand 2 names a register: GPR0-15, or the flags / accumulator. */
        if (op2 < 16) {
            value = mvgpu_reg_get(w->c, base + CS_GPR(op2)) |
                    (uint64_t)mvgpu_reg_get(w->c, base + CS_GPR(op2) + 4) << 32;
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
                mvgpu_reg_set(w->c, base + CS_GPR(op1), (uint32_t)out);
                mvgpu_reg_set(w->c, base + CS_GPR(op1) + 4, out >> 32);
            }
            break;
        default:
            break;                                          /* NOOP */
        }
        zf = acc == 0;
    }
}

/*
 * MI_SEMAPHORE_WAIT polls memory against DW1 (DW0 bits 14:12 the compare,
 * bit 15 poll mode). The software engine runs a workload in one go, so a
 * wait that is not already satisfied can never become so: it is a hang.
 */
static void mi_semaphore_wait(Workload *w, const uint32_t *dw,
                              const MvgpuMemOperand *op)
{
    uint32_t mem, data = dw[1];
    bool ok;

    if (!operand_rw(w, op, &mem, false)) {
        return;
    }
    switch ((dw[0] >> 12) & 7) {
    case 0: ok = mem > data; break;
    case 1: ok = mem >= data; break;
    case 2: ok = mem < data; break;
    case 3: ok = mem <= data; break;
    case 4: ok = mem == data; break;
    default: ok = mem != data; break;
    }
    if (!ok) {
        fail(w, "MI_SEMAPHORE_WAIT on a value nothing else will write",
             op->addr);
    }
}

typedef struct BlitAccess {
    Workload *w;
    bool ppgtt;
} BlitAccess;

static bool blit_rw(void *opaque, uint64_t addr, void *buf, uint32_t len,
                    bool write)
{
    BlitAccess *a = opaque;

    return gfx_rw(a->w, a->ppgtt, addr, buf, len, write);
}

/* 2D commands: run by the soft blitter in the stream's address space. */
static void run_blit(Workload *w, Stream *s, const uint32_t *dw, uint32_t len)
{
    MvgpuEngine *e = &w->c->engines[w->id];
    uint32_t swctrl = mvgpu_reg_get(w->c, BCS_SWCTRL);
    BlitAccess a = { .w = w, .ppgtt = s->seg->ppgtt };
    MvgpuBlitMem mem = {
        .rw = blit_rw, .opaque = &a,
        .src_y_tiled = swctrl & BCS_SRC_Y, .dst_y_tiled = swctrl & BCS_DST_Y,
    };
    const char *why;

    if (mvgpu_blit(&mem, &e->blit, dw, len, &why)) {
        e->stats.blits++;
    } else if (why) {
        /* A bad rectangle is the guest's bug, not a reason to stop. */
        mvgpu_guest_error(w->c, "BCS: 2D command 0x%08x not executed: %s",
                          dw[0], why);
    } else {
        e->stats.skipped++;
    }
}

static bool run_command(Workload *w, Stream *s, uint32_t *dw, uint32_t len,
                        unsigned depth)
{
    MvgpuEngine *e = &w->c->engines[w->id];
    bool privileged = s->seg->ring || !s->seg->ppgtt;
    MvgpuMemOperand mem[MVGPU_MEM_MAX_OPERANDS];
    unsigned n_mem;

    if (CMD_TYPE(dw[0]) == 2) {
        run_blit(w, s, dw, len);
        return true;
    }
    /* Where this command reads or writes memory: one table, as audited. */
    n_mem = mvgpu_cmd_mem_operands(dw, len, privileged, mem);
    if ((dw[0] & MVGPU_CMD_3D_MASK) == MVGPU_PIPE_CONTROL && len >= 6) {
        /* PIPE_CONTROL: post-sync op in DW1 bits 15:14, data in DW4-5. */
        uint32_t flags = dw[1];

        if (n_mem) {
            post_sync(w, (flags >> 14) & 3, &mem[0], dw + 4);
        }
        if (flags & (1u << 8)) {
            mvgpu_irq_raise(w->c, info(w->id)->bank,
                            GT_RENDER_PIPECTL_NOTIFY << info(w->id)->shift);
        }
        return true;
    }
    if (CMD_TYPE(dw[0]) != 0) {
        e->stats.skipped++;
        return true;
    }
    switch (MI_OPCODE(dw[0])) {
    case MI_USER_INTERRUPT:
        w->user_interrupt = true;
        break;
    case MI_BATCH_BUFFER_END:
        return false;
    case MI_STORE_DATA_IMM:
        if (n_mem) {
            operand_rw(w, &mem[0], dw + 3, true);
        }
        break;
    case MI_STORE_DATA_INDEX:
        if (n_mem) {
            operand_rw(w, &mem[0], dw + 2, true);
        }
        break;
    case MI_LOAD_REGISTER_IMM:
        for (uint32_t i = 1; i + 1 < len; i += 2) {
            cmd_reg_write(w, privileged, MVGPU_CMD_REG_OFFSET(dw[i]), dw[i + 1]);
        }
        break;
    case MI_STORE_REGISTER_MEM:
        if (n_mem) {
            uint32_t v = cmd_reg_read(w, MVGPU_CMD_REG_OFFSET(dw[1]));

            operand_rw(w, &mem[0], &v, true);
        }
        break;
    case MI_LOAD_REGISTER_MEM:
        if (n_mem) {
            uint32_t v;

            if (operand_rw(w, &mem[0], &v, false)) {
                cmd_reg_write(w, privileged, MVGPU_CMD_REG_OFFSET(dw[1]), v);
            }
        }
        break;
    case MI_LOAD_REGISTER_REG:
        if (len == 3) {
            cmd_reg_write(w, privileged, MVGPU_CMD_REG_OFFSET(dw[2]),
                          cmd_reg_read(w, MVGPU_CMD_REG_OFFSET(dw[1])));
        }
        break;
    case MI_FLUSH_DW:
        /* Post-sync op in DW0 bits 15:14, data from DW3. */
        if (n_mem) {
            post_sync(w, (dw[0] >> 14) & 3, &mem[0], dw + 3);
        }
        if (dw[0] & (1u << 8)) {
            w->user_interrupt = true;
        }
        break;
    case MI_BATCH_BUFFER_START:
        if (len == 3) {
            batch_start(w, s, dw, depth);
        }
        break;
    case MI_CONDITIONAL_BATCH_BUFFER_END:
        /* Ends the batch when the memory dword is <= DW1. */
        if (n_mem && !s->seg->ring) {
            uint32_t v;

            if (operand_rw(w, &mem[0], &v, false) && v <= dw[1]) {
                return false;
            }
        }
        break;
    case MI_COPY_MEM_MEM:
        /* Operands in table order: destination, then source. */
        if (n_mem == 2) {
            uint32_t v;

            if (operand_rw(w, &mem[1], &v, false)) {
                operand_rw(w, &mem[0], &v, true);
            }
        }
        break;
    case MI_ATOMIC:
        if (n_mem) {
            mi_atomic(w, dw, len, &mem[0]);
        }
        break;
    case MI_MATH:
        mi_math(w, dw, len);
        break;
    case MI_SEMAPHORE_WAIT:
        if (n_mem) {
            mi_semaphore_wait(w, dw, &mem[0]);
        }
        break;
    default:
        /* Arbitration and predication: nothing to do in software. Commands
         * of a length their kind cannot have are skipped above; refusing
         * them is the command audit's job. */
        break;
    }
    return true;
}

/* Commands with an 8-bit length field fit whole; longer ones are skipped. */
#define MAX_EXECUTED_DWORDS (0xff + 2)

static void run_stream(Workload *w, Stream *s, unsigned depth)
{
    uint32_t dw[MAX_EXECUTED_DWORDS];

    while (!w->error && !stream_done(s)) {
        uint64_t at = stream_at(s);
        bool privileged = s->seg->ring || !s->seg->ppgtt;
        MvgpuCmd cmd;
        uint32_t len, keep;

        /* The scan audited every command here; decoding again is a lookup. */
        if (mvgpu_cmd_decode(s->seg->dw[s->pos], 1u << w->id, privileged,
                             &cmd) != MVGPU_CMD_OK) {
            fail(w, "shadow command not as audited", at);
            return;
        }
        len = cmd.len;
        keep = MIN(len, G_N_ELEMENTS(dw));
        if (++w->commands > MVGPU_WORKLOAD_MAX_COMMANDS) {
            fail(w, "command budget exhausted (endless batch?)", at);
            return;
        }
        w->c->engines[w->id].stats.commands++;
        if (!fetch(w, s, dw, keep)) {
            return;
        }
        /* Longer commands are never executed, only skipped. */
        s->pos += len - keep;
        if (!(cmd.desc->flags & MVGPU_CMD_EXEC)) {
            w->c->engines[w->id].stats.skipped++;
            continue;
        }
        if (!run_command(w, s, dw, keep, depth)) {
            return;         /* batch buffer end */
        }
    }
}

/* ---- execlists */

static uint32_t ctx_read(Workload *w, uint64_t lrca, unsigned dword)
{
    uint32_t v = 0;

    read_le32(w, false, lrca + CTX_STATE_PAGE + 4 * dword, &v);
    return v;
}

/* The scan, recorded for the host when it asks for recordings. */
static bool scan_workload(MvgpuCore *c, MvgpuScan *sc, uint32_t *ring,
                          uint32_t len)
{
    MvgpuRecorder rec;
    const char *engine;
    g_autofree uint8_t *data = NULL;
    size_t size;
    bool ok;

    if (!c->host.record_workload) {
        return mvgpu_scan(sc, ring, len);
    }
    mvgpu_record_begin(&rec, sc, ring, len);
    ok = mvgpu_scan(sc, ring, len);
    data = mvgpu_record_end(&rec, sc, &size);
    engine = mvgpu_cmd_engine_name[g_bit_nth_lsf(sc->engine_bit, -1)];
    c->host.record_workload(c->host.opaque, engine, data, size);
    return ok;
}

/* Runs one context to its TAIL; false if it hung. */
static bool run_context(MvgpuCore *c, MvgpuEngineId id, uint64_t desc)
{
    Workload w = { .c = c, .id = id };
    MvgpuScan sc = { .engine_bit = 1u << id, .read = scan_read,
                     .probe = scan_probe, .opaque = &w };
    uint64_t lrca = desc & DESC_LRCA_MASK;
    uint32_t head, tail, start, ctl, size;

    w.lrca = lrca;
    g_autofree uint32_t *ring = NULL;
    Stream s = { 0 };

    head = ctx_read(&w, lrca, CTX_RING_HEAD) & 0x1ffffc;
    tail = ctx_read(&w, lrca, CTX_RING_TAIL) & 0x1ffff8;
    start = ctx_read(&w, lrca, CTX_RING_START) & ~0xfffu;
    ctl = ctx_read(&w, lrca, CTX_RING_CTL);
    w.pml4 = (uint64_t)ctx_read(&w, lrca, CTX_PDP0_UDW) << 32 |
             ctx_read(&w, lrca, CTX_PDP0_LDW);
    size = (ctl & 0x1ff000) + 4096;
    if (!w.error && (head >= size || tail >= size)) {
        fail(&w, "ring HEAD or TAIL beyond the ring", lrca);
    }
    if (!w.error) {
        /* The ring from HEAD to TAIL, wrapping. */
        uint32_t bytes = (tail + size - head) % size;

        ring = g_malloc(bytes + 4);
        if (head + bytes <= size) {
            mem_rw(&w, false, start + head, ring, bytes, false);
        } else {
            mem_rw(&w, false, start + head, ring, size - head, false);
            mem_rw(&w, false, start, (uint8_t *)ring + (size - head),
                   bytes - (size - head), false);
        }
        for (uint32_t i = 0; i < bytes / 4; i++) {
            ring[i] = GUINT32_FROM_LE(ring[i]);
        }
        /* Audit and shadow everything first; then run the shadows only. */
        if (scan_workload(c, &sc, g_steal_pointer(&ring), bytes / 4)) {
            /* Relocation runs here too, so every workload exercises it. */
            int64_t fields = mvgpu_relocate(&sc, reloc_in_place, NULL);

            if (fields < 0) {
                fail(&w, "relocation refused the workload", lrca);
            } else {
                c->engines[id].stats.relocated += fields;
                s.seg = g_ptr_array_index(sc.segs, 0);
                w.scan = &sc;
                run_stream(&w, &s, 0);
            }
        } else if (!w.error) {
            if (sc.refused) {
                c->engines[id].stats.refused++;
            }
            fail(&w, sc.error, sc.error_addr);
        }
    }
    mvgpu_scan_free(&sc);
    if (w.error) {
        mvgpu_guest_error(c, "%s: context 0x%" G_GINT64_MODIFIER "x hangs the "
                          "engine: %s at 0x%" G_GINT64_MODIFIER "x; waiting "
                          "for the guest to reset it", info(id)->name, lrca,
                          w.error, w.error_addr);
        return false;
    }
    /* HEAD reached TAIL: into the image and the ring registers. */
    write_le(&w, false, lrca + CTX_STATE_PAGE + 4 * CTX_RING_HEAD, tail, 4);
    mvgpu_reg_set(c, ereg(id, RING_HEAD), tail);
    mvgpu_reg_set(c, ereg(id, RING_TAIL), tail);
    mvgpu_reg_set(c, ereg(id, RING_START), start);
    mvgpu_reg_set(c, ereg(id, RING_CTL), ctl);
    if (w.user_interrupt) {
        mvgpu_irq_raise(c, info(id)->bank,
                        GT_RENDER_USER_INTERRUPT << info(id)->shift);
    }
    c->engines[id].stats.workloads++;
    return true;
}

/* One CSB entry into the HWSP and the MMIO copy, pointer last. */
static void csb_write(MvgpuCore *c, MvgpuEngineId id, uint32_t status,
                      uint32_t ctx_id)
{
    MvgpuEngine *e = &c->engines[id];
    uint64_t hwsp = mvgpu_reg_get(c, ereg(id, RING_HWS_PGA)) & ~0xfffull;
    uint8_t slot = e->csb_write >= MVGPU_CSB_ENTRIES ? 0
                   : (e->csb_write + 1) % MVGPU_CSB_ENTRIES;
    Workload w = { .c = c, .id = id };
    uint32_t ptr;

    e->csb_write = slot;
    mvgpu_reg_set(c, ereg(id, RING_CSB_BASE + 8 * slot), status);
    mvgpu_reg_set(c, ereg(id, RING_CSB_BASE + 8 * slot + 4), ctx_id);
    write_le(&w, false, hwsp + HWSP_CSB + 8 * slot,
             (uint64_t)ctx_id << 32 | status, 8);
    write_le(&w, false, hwsp + HWSP_CSB_WRITE_PTR, slot, 4);
    ptr = mvgpu_reg_get(c, ereg(id, RING_CONTEXT_STATUS_PTR));
    mvgpu_reg_set(c, ereg(id, RING_CONTEXT_STATUS_PTR), (ptr & ~7u) | slot);
    if (w.error) {
        mvgpu_guest_error(c, "%s: status page at GGTT 0x%" G_GINT64_MODIFIER
                          "x is not guest RAM", info(id)->name, hwsp);
    }
}

void mvgpu_engine_run(MvgpuCore *c, MvgpuEngineId id)
{
    MvgpuEngine *e = &c->engines[id];
    uint64_t desc[2] = { e->queued[0], e->queued[1] };

    if (!e->busy || e->hung) {
        return;
    }
    e->busy = false;
    csb_write(c, id, CSB_IDLE_TO_ACTIVE, 0);
    for (int i = 0; i < 2; i++) {
        bool last = i == 1 || !(desc[1] & DESC_VALID);

        if (!run_context(c, id, desc[i])) {
            /*
             * A hang: the context went active and never completes, as on
             * hardware; the guest's hang detection resets the engine.
             */
            e->hung = true;
            e->stats.hangs++;
            mvgpu_irq_raise(c, info(id)->bank,
                            GT_CONTEXT_SWITCH_INTERRUPT << info(id)->shift);
            return;
        }
        csb_write(c, id, CSB_CONTEXT_COMPLETE |
                  (last ? CSB_ACTIVE_TO_IDLE : CSB_ELEMENT_SWITCH),
                  desc[i] >> 32);
        if (last) {
            break;
        }
    }
    mvgpu_irq_raise(c, info(id)->bank,
                    GT_CONTEXT_SWITCH_INTERRUPT << info(id)->shift);
}

static MvgpuEngineId engine_of(uint32_t offset)
{
    for (int i = 0; i < MVGPU_NENGINES; i++) {
        if ((offset & ~0xfffu) == engines[i].base) {
            return i;
        }
    }
    return MVGPU_RCS;   /* unreachable: only engine registers get here */
}

/* Four dword writes make one submission: element 1 hi, lo, element 0 hi, lo. */
static void elsp_write(MvgpuCore *c, uint32_t offset, uint32_t raw, uint32_t old)
{
    MvgpuEngineId id = engine_of(offset);
    MvgpuEngine *e = &c->engines[id];

    e->elsp[e->elsp_count++] = raw;
    if (e->elsp_count < 4) {
        return;
    }
    e->elsp_count = 0;
    e->queued[0] = (uint64_t)e->elsp[2] << 32 | e->elsp[3];
    e->queued[1] = (uint64_t)e->elsp[0] << 32 | e->elsp[1];
    if (!(e->queued[0] & DESC_VALID)) {
        mvgpu_guest_error(c, "%s: ELSP submission without a valid element 0 "
                          "ignored", info(id)->name);
        return;
    }
    if (e->hung) {
        return;         /* the guest resets the engine first */
    }
    e->busy = true;
    if (c->host.timer_mod) {
        c->host.timer_mod(c->host.opaque, MVGPU_TIMER_ENGINE_RCS + id,
                          mvgpu_now_ns(c));
    }
}

/* The guest resets its CSB read and write pointers at engine resume. */
static void csb_ptr_write(MvgpuCore *c, uint32_t offset, uint32_t raw,
                          uint32_t old)
{
    if (raw & (7u << 16)) {
        c->engines[engine_of(offset)].csb_write = raw & 7;
    }
}

void mvgpu_engines_reset(MvgpuCore *c, uint32_t mask)
{
    for (int i = 0; i < MVGPU_NENGINES; i++) {
        if (mask & (1u << 0 | engines[i].gdrst_bit)) {
            MvgpuEngine *e = &c->engines[i];
            MvgpuEngineStats stats = e->stats;

            memset(e, 0, sizeof(*e));
            e->stats = stats;
            e->csb_write = MVGPU_CSB_PTR_RESET;
            if (c->host.timer_del) {
                c->host.timer_del(c->host.opaque, MVGPU_TIMER_ENGINE_RCS + i);
            }
        }
    }
}

#define EXECLIST_REGS(e, base) \
    { .name = e "_ELSP", .offset = (base) + RING_ELSP, .size = 4, \
      .ro_mask = MVGPU_RO_ALL, .write = elsp_write }, \
    { .name = e "_CONTEXT_STATUS_PTR", .offset = (base) + RING_CONTEXT_STATUS_PTR, \
      .size = 4, .flags = MVGPU_REG_MASKED, .write = csb_ptr_write }

static const MvgpuRegDesc execlist_regs[] = {
    EXECLIST_REGS("RCS", RCS_BASE),
    EXECLIST_REGS("VCS0", VCS0_BASE),
    EXECLIST_REGS("VECS", VECS_BASE),
    EXECLIST_REGS("BCS", BCS_BASE),
};

const MvgpuRegTable mvgpu_execlist_regs = MVGPU_REG_TABLE(execlist_regs);
