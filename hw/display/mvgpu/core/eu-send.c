/*
 * mvgpu core: the data-port and gateway messages of Gen9 compute kernels.
 *
 * What Mesa's compiler emits for compute on Gen9 (brw_eu_emit.c and
 * brw_fs_generator.cpp: SSBO and shared-memory access, atomics, barriers)
 * and the recorded anv kernels use: data port 1 (SFID 12) untyped
 * surface read, write and atomic, SIMD8 and SIMD16, through the binding
 * table, shared local memory (BTI 254) or stateless A32 (BTI 255); the
 * data cache memory fence; the gateway barrier; EOT. Everything else is
 * refused with the message named.
 *
 * Surfaces: a binding table entry is an offset from Surface State Base
 * Address to a RENDER_SURFACE_STATE (Skylake PRM vol. 2d); only buffers
 * (SURFTYPE_BUFFER) are accepted, their size from Width/Height/Depth and
 * the pitch (RAW: bytes). Out-of-bounds dwords read as zero and are not
 * written, as the PRM says for buffer surfaces (vol. 7, "Out-of-Bounds
 * Accesses"); an address the PPGTT does not map refuses the workload.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <string.h>

#include "bytes.h"
#include "eu-send.h"

/* Message types of data port 1 (descriptor bits 18:14). */
#define DC1_UNTYPED_READ        0x01
#define DC1_UNTYPED_ATOMIC      0x02
#define DC1_UNTYPED_WRITE       0x09
/* Data port 0 (data cache) */
#define DC0_MEMORY_FENCE        0x07
/* Gateway subfunction (descriptor bits 2:0). */
#define GATEWAY_BARRIER         4

#define SURFTYPE_BUFFER         4
#define FORMAT_RAW              0x1ff

typedef struct Surface {
    bool slm;
    uint64_t base;
    uint64_t size;              /* bytes */
} Surface;

static const char *surface(MvgpuEuThread *t, MvgpuEuMem *m, unsigned bti,
                           Surface *s)
{
    uint8_t ss[40];
    uint8_t e[4];
    uint32_t dw0, dw2, dw3, entries, pitch, format;
    uint64_t at;

    memset(s, 0, sizeof(*s));
    if (bti == MVGPU_EU_BTI_SLM) {
        s->slm = true;
        s->size = m->slm_size;
        return NULL;
    }
    if (bti == MVGPU_EU_BTI_STATELESS) {
        s->base = m->general_state_base;
        s->size = 1ull << 32;
        return NULL;
    }
    at = m->surface_state_base + m->binding_table + 4 * bti;
    if (!m->read(m->opaque, at, e, 4)) {
        return mvgpu_eu_fault(t, "binding table entry %u unmapped", bti);
    }
    at = m->surface_state_base + (mvgpu_le_load(e, 4) & ~0x3fu);
    if (!m->read(m->opaque, at, ss, sizeof(ss))) {
        return mvgpu_eu_fault(t, "surface state of BTI %u unmapped", bti);
    }
    dw0 = mvgpu_le_load(ss, 4);
    dw2 = mvgpu_le_load(ss + 8, 4);
    dw3 = mvgpu_le_load(ss + 12, 4);
    if (dw0 >> 29 != SURFTYPE_BUFFER) {
        return mvgpu_eu_fault(t, "BTI %u: surface type %u (not a buffer)",
                              bti, dw0 >> 29);
    }
    format = (dw0 >> 18) & 0x1ff;
    entries = ((dw2 & 0x7f) | ((dw2 >> 16) & 0x3fff) << 7 |
               ((dw3 >> 21) & 0x3ff) << 21) + 1;
    pitch = format == FORMAT_RAW ? 1 : (dw3 & 0x3ffff) + 1;
    s->size = (uint64_t)entries * pitch;
    s->base = mvgpu_le_load(ss + 32, 8) & ((1ull << 48) - 1);
    return NULL;
}

/* One dword of a surface: false (and a fault) if memory is unmapped. */
static bool load(MvgpuEuThread *t, MvgpuEuMem *m, const Surface *s,
                 uint32_t off, uint32_t *v)
{
    uint8_t b[4];

    *v = 0;
    if ((uint64_t)off + 4 > s->size) {
        return true;            /* out of bounds: zero */
    }
    if (s->slm) {
        *v = mvgpu_le_load(m->slm + off, 4);
        return true;
    }
    if (!m->read(m->opaque, s->base + off, b, 4)) {
        mvgpu_eu_fault(t, "read of unmapped 0x%" G_GINT64_MODIFIER "x",
                       s->base + off);
        return false;
    }
    *v = mvgpu_le_load(b, 4);
    return true;
}

static bool store(MvgpuEuThread *t, MvgpuEuMem *m, const Surface *s,
                  uint32_t off, uint32_t v)
{
    uint8_t b[4];

    if ((uint64_t)off + 4 > s->size) {
        return true;            /* out of bounds: dropped */
    }
    if (s->slm) {
        mvgpu_le_store(m->slm + off, v, 4);
        return true;
    }
    mvgpu_le_store(b, v, 4);
    if (!m->write(m->opaque, s->base + off, b, 4)) {
        mvgpu_eu_fault(t, "write of unmapped 0x%" G_GINT64_MODIFIER "x",
                       s->base + off);
        return false;
    }
    return true;
}

/* Dword @c of the registers from @reg (8 a register). */
static uint8_t *dword(MvgpuEuThread *t, unsigned reg, unsigned c)
{
    unsigned at = reg * MVGPU_EU_REG_BYTES + 4 * c;

    return at + 4 <= sizeof(t->grf) ? t->grf + at : NULL;
}

static uint32_t atomic_op(unsigned op, uint32_t old, uint32_t a, uint32_t b)
{
    switch (op) {
    case 1: return old & a;
    case 2: return old | a;
    case 3: return old ^ a;
    case 4: return a;
    case 5: return old + 1;
    case 6: return old - 1;
    case 7: return old + a;
    case 8: return old - a;
    case 9: return a - old;
    case 10: return (int32_t)a > (int32_t)old ? a : old;
    case 11: return (int32_t)a < (int32_t)old ? a : old;
    case 12: return a > old ? a : old;
    case 13: return a < old ? a : old;
    case 14: return old == a ? b : old;
    default: return old - 1;    /* 15: PREDEC */
    }
}

static const char *untyped(MvgpuEuThread *t, MvgpuEuMem *m,
                           const MvgpuEuInst *in, uint32_t desc,
                           unsigned ex_mlen, uint32_t mask)
{
    unsigned type = (desc >> 14) & 31;
    unsigned mlen = (desc >> 25) & 15, rlen = (desc >> 20) & 31;
    unsigned header = (desc >> 19) & 1;
    unsigned simd, regs, ncomp = 0, comp[4];
    unsigned addr = in->src[0].reg + header, data;
    bool split = in->opcode == MVGPU_EU_OP_SENDS ||
                 in->opcode == MVGPU_EU_OP_SENDSC;
    bool ret = true;
    unsigned op = 0, nops = 1;
    Surface s;
    const char *why;

    if (type == DC1_UNTYPED_ATOMIC) {
        simd = (desc >> 12) & 1 ? 8 : 16;
        op = (desc >> 8) & 15;
        ret = (desc >> 13) & 1;
        nops = op == 14 ? 2 : (op == 5 || op == 6 || op == 15) ? 0 : 1;
        if (op == 0) {
            return mvgpu_eu_fault(t, "untyped atomic op 0");
        }
        ncomp = 1;
        comp[0] = 0;
    } else {
        unsigned mode = (desc >> 12) & 3;
        if (mode != 1 && mode != 2) {
            return mvgpu_eu_fault(t, "untyped message in SIMD4x2 mode");
        }
        simd = mode == 1 ? 16 : 8;
        for (unsigned k = 0; k < 4; k++) {
            if (!((desc >> (8 + k)) & 1)) {     /* mask bits disable */
                comp[ncomp++] = k;
            }
        }
    }
    regs = simd / 8;
    why = surface(t, m, desc & 0xff, &s);
    if (why) {
        return why;
    }
    /* the lengths must be what the message needs: nothing read past */
    if (type == DC1_UNTYPED_READ) {
        if (mlen != header + regs || rlen != ncomp * regs) {
            return mvgpu_eu_fault(t, "untyped read: mlen %u rlen %u", mlen,
                                  rlen);
        }
    } else {
        unsigned nd = type == DC1_UNTYPED_ATOMIC ? nops : ncomp;
        if ((split ? mlen != header + regs || ex_mlen != nd * regs :
             mlen != header + (1 + nd) * regs) ||
            (type == DC1_UNTYPED_ATOMIC ? rlen != (ret ? regs : 0) :
             rlen != 0)) {
            return mvgpu_eu_fault(t, "untyped %s: mlen %u ex_mlen %u rlen %u",
                                  type == DC1_UNTYPED_WRITE ? "write" :
                                  "atomic", mlen, ex_mlen, rlen);
        }
    }
    data = split ? in->src1_reg : addr + regs;
    for (unsigned c = 0; c < simd; c++) {
        uint8_t *pa = dword(t, addr, c);
        uint32_t off;
        if (!((mask >> c) & 1)) {
            continue;
        }
        if (!pa) {
            return mvgpu_eu_fault(t, "payload past g127");
        }
        off = mvgpu_le_load(pa, 4);
        for (unsigned j = 0; j < ncomp; j++) {
            uint32_t o = off + 4 * comp[j], v;
            uint8_t *pd = dword(t, in->dst.reg + j * regs, c);
            uint8_t *ps = dword(t, data + j * regs, c);
            if (type == DC1_UNTYPED_READ) {
                if (!pd || !load(t, m, &s, o, &v)) {
                    return t->error ? t->error :
                           mvgpu_eu_fault(t, "reply past g127");
                }
                if (in->dst.file == MVGPU_EU_FILE_GRF) {
                    mvgpu_le_store(pd, v, 4);
                }
            } else if (type == DC1_UNTYPED_WRITE) {
                if (!ps) {
                    return mvgpu_eu_fault(t, "payload past g127");
                }
                if (!store(t, m, &s, o, mvgpu_le_load(ps, 4))) {
                    return t->error;
                }
            } else {
                uint32_t a = 0, b = 0, old;
                uint8_t *p1 = dword(t, data + regs, c);
                if (nops >= 1) {
                    if (!ps) {
                        return mvgpu_eu_fault(t, "payload past g127");
                    }
                    a = mvgpu_le_load(ps, 4);
                }
                if (nops == 2) {
                    if (!p1) {
                        return mvgpu_eu_fault(t, "payload past g127");
                    }
                    b = mvgpu_le_load(p1, 4);
                }
                if (!load(t, m, &s, o, &old) ||
                    !store(t, m, &s, o, atomic_op(op, old, a, b))) {
                    return t->error;
                }
                if (ret && in->dst.file == MVGPU_EU_FILE_GRF) {
                    if (!pd) {
                        return mvgpu_eu_fault(t, "reply past g127");
                    }
                    mvgpu_le_store(pd, old, 4);
                }
            }
        }
    }
    return NULL;
}

const char *mvgpu_eu_send(void *opaque, MvgpuEuThread *t,
                          const MvgpuEuInst *in, uint32_t mask)
{
    MvgpuEuMem *m = opaque;
    uint32_t desc = in->desc;
    unsigned ex_mlen = in->ex_mlen;
    unsigned type;

    if (in->desc_reg) {
        desc = mvgpu_le_load(t->arf[MVGPU_EU_ARF_A][0], 4);
    }
    if (in->ex_desc_reg) {
        unsigned sub = in->ex_desc_subreg * 2;
        ex_mlen = (mvgpu_le_load(t->arf[MVGPU_EU_ARF_A][0] + sub, 4) >> 6) &
                  15;
    }
    type = (desc >> 14) & 31;
    m->messages++;
    switch (in->sfid) {
    case MVGPU_EU_SFID_THREAD_SPAWNER:
        if (in->eot) {
            return NULL;
        }
        break;
    case MVGPU_EU_SFID_GATEWAY:
        if ((desc & 7) == GATEWAY_BARRIER) {
            t->waiting = true;
            return NULL;
        }
        break;
    case MVGPU_EU_SFID_DP_DC0:
        if (type == DC0_MEMORY_FENCE) {
            /* accesses are done when made: the reply is all there is */
            unsigned rlen = (desc >> 20) & 31;
            if (in->dst.reg + rlen > MVGPU_EU_GRFS) {
                return mvgpu_eu_fault(t, "reply past g127");
            }
            if (in->dst.file == MVGPU_EU_FILE_GRF) {
                memset(t->grf + in->dst.reg * MVGPU_EU_REG_BYTES, 0,
                       rlen * MVGPU_EU_REG_BYTES);
            }
            return NULL;
        }
        break;
    case MVGPU_EU_SFID_DP_DC1:
        if (type == DC1_UNTYPED_READ || type == DC1_UNTYPED_WRITE ||
            type == DC1_UNTYPED_ATOMIC) {
            return untyped(t, m, in, desc, ex_mlen, mask);
        }
        break;
    default:
        break;
    }
    return mvgpu_eu_fault(t, "message SFID %u type 0x%x (desc 0x%08x) not "
                          "implemented", in->sfid, type, desc);
}
