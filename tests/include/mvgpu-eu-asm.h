/*
 * A tiny encoder of Gen9 EU instructions (native 128-bit form) for tests:
 * the field positions of the Skylake PRM vol. 7, "Native Instruction
 * Format", written independently of the decoder under test.
 *
 *   EuAsm a = { 0 };
 *   eu_alu(&a, MVGPU_EU_OP_ADD, 8, EU_G(10, EU_D), EU_G8(2, EU_D),
 *          eu_imm_d(5));
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef MVGPU_EU_ASM_H
#define MVGPU_EU_ASM_H

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "hw/display/mvgpu/core/eu-isa.h"

/* Hardware register type encodings (Gen8+). */
enum {
    EU_UD = 0, EU_D = 1, EU_UW = 2, EU_W = 3, EU_UB = 4, EU_B = 5,
    EU_DF = 6, EU_F = 7, EU_UQ = 8, EU_Q = 9, EU_HF = 10,
};
/* Immediate type encodings. */
enum {
    EU_IMM_UD = 0, EU_IMM_D = 1, EU_IMM_UW = 2, EU_IMM_W = 3, EU_IMM_UV = 4,
    EU_IMM_VF = 5, EU_IMM_V = 6, EU_IMM_F = 7, EU_IMM_DF = 10,
};

typedef struct EuOp {
    unsigned file;              /* 0 ARF, 1 GRF, 3 IMM */
    unsigned type;              /* hardware encoding for the file */
    unsigned nr, sub;           /* register, byte offset */
    unsigned vs, w, hs;         /* region in elements (dst: hs only) */
    bool neg, abs;
    bool indirect;
    unsigned a_sub;
    int a_imm;
    uint64_t imm;
} EuOp;

/* Options of the next instruction (cleared after each one). */
typedef struct EuCtl {
    unsigned pred;              /* MVGPU_EU_PRED_* */
    bool inv;
    unsigned flag, flag_sub;
    unsigned cond;
    bool sat, nomask;
    unsigned qtr, nib;
    bool acc_wr;
} EuCtl;

typedef struct EuAsm {
    uint8_t code[4096];
    unsigned len;
    EuCtl ctl;
} EuAsm;

static inline EuOp eu_reg(unsigned nr, unsigned sub, unsigned type,
                          unsigned vs, unsigned w, unsigned hs)
{
    EuOp o = { .file = 1, .type = type, .nr = nr, .sub = sub,
               .vs = vs, .w = w, .hs = hs };
    return o;
}

/* g<nr> as a destination <1>, and as <8;8,1>, <0;1,0> sources. */
#define EU_G(nr, t)     eu_reg((nr), 0, (t), 0, 1, 1)
#define EU_G8(nr, t)    eu_reg((nr), 0, (t), 8, 8, 1)
#define EU_G0(nr, sub, t) eu_reg((nr), (sub), (t), 0, 1, 0)

static inline EuOp eu_arf(unsigned nr, unsigned sub, unsigned type,
                          unsigned vs, unsigned w, unsigned hs)
{
    EuOp o = eu_reg(nr, sub, type, vs, w, hs);
    o.file = 0;
    return o;
}

#define EU_NULL(t)      eu_arf(0x00, 0, (t), 0, 1, 0)

static inline EuOp eu_imm(unsigned type, uint64_t v)
{
    EuOp o = { .file = 3, .type = type, .imm = v, .w = 1 };
    return o;
}

static inline EuOp eu_imm_d(int32_t v)
{
    return eu_imm(EU_IMM_D, (uint32_t)v);
}

static inline EuOp eu_imm_ud(uint32_t v)
{
    return eu_imm(EU_IMM_UD, v);
}

static inline EuOp eu_imm_f(float f)
{
    union { float f; uint32_t u; } u = { .f = f };
    return eu_imm(EU_IMM_F, u.u);
}

static inline EuOp eu_neg(EuOp o)
{
    o.neg = true;
    return o;
}

static inline EuOp eu_abs(EuOp o)
{
    o.abs = true;
    return o;
}

static inline void eu_bits(uint64_t *w, unsigned hi, unsigned lo, uint64_t v)
{
    for (unsigned b = lo; b <= hi; b++, v >>= 1) {
        if (v & 1) {
            w[b / 64] |= 1ull << (b % 64);
        } else {
            w[b / 64] &= ~(1ull << (b % 64));
        }
    }
}

static inline unsigned eu_log2(unsigned v)
{
    unsigned l = 0;

    while ((1u << l) < v) {
        l++;
    }
    return l;
}

/* Region encodings: strides 0, 1, 2, 4 ... -> 0, 1, 2, 3 ... */
static inline unsigned eu_stride(unsigned s)
{
    return s ? eu_log2(s) + 1 : 0;
}

static inline void eu_common(const EuAsm *a, uint64_t *w, unsigned op,
                             unsigned exec)
{
    const EuCtl *c = &a->ctl;

    eu_bits(w, 6, 0, op);
    eu_bits(w, 11, 11, c->nib);
    eu_bits(w, 13, 12, c->qtr);
    eu_bits(w, 19, 16, c->pred);
    eu_bits(w, 20, 20, c->inv);
    eu_bits(w, 23, 21, eu_log2(exec));
    eu_bits(w, 27, 24, c->cond);
    eu_bits(w, 28, 28, c->acc_wr);
    eu_bits(w, 31, 31, c->sat);
    eu_bits(w, 32, 32, c->flag_sub);
    eu_bits(w, 33, 33, c->flag);
    eu_bits(w, 34, 34, c->nomask);
}

static inline void eu_emit(EuAsm *a, const uint64_t *w)
{
    for (unsigned i = 0; i < 16; i++) {
        a->code[a->len + i] = (uint8_t)(w[i / 8] >> (8 * (i % 8)));
    }
    a->len += 16;
    memset(&a->ctl, 0, sizeof(a->ctl));
}

/* A 1- or 2-source align1 instruction (src1 may be an immediate). */
static inline void eu_alu(EuAsm *a, unsigned op, unsigned exec, EuOp dst,
                          EuOp s0, EuOp s1)
{
    uint64_t w[2] = { 0, 0 };

    eu_common(a, w, op, exec);
    eu_bits(w, 36, 35, dst.file);
    eu_bits(w, 40, 37, dst.type);
    if (dst.indirect) {
        eu_bits(w, 63, 63, 1);
        eu_bits(w, 56, 48, dst.a_imm & 0x1ff);
        eu_bits(w, 47, 47, (dst.a_imm >> 9) & 1);
        eu_bits(w, 60, 57, dst.a_sub);
    } else {
        eu_bits(w, 52, 48, dst.sub);
        eu_bits(w, 60, 53, dst.nr);
    }
    eu_bits(w, 62, 61, eu_stride(dst.hs ? dst.hs : 1));

    const EuOp *s[2] = { &s0, &s1 };
    for (unsigned n = 0; n < 2; n++) {
        unsigned o = 32 * n;
        const EuOp *x = s[n];
        if (n == 1 && s0.file == 3) {
            break;              /* src1's bits hold the immediate */
        }
        if (n == 0) {
            eu_bits(w, 42, 41, x->file);
            eu_bits(w, 46, 43, x->type);
        } else {
            eu_bits(w, 90, 89, x->file);
            eu_bits(w, 94, 91, x->type);
        }
        if (x->file == 3) {
            if (x->type == EU_IMM_DF || x->type == 8 || x->type == 9) {
                eu_bits(w, 127, 64, x->imm);
            } else {
                eu_bits(w, 127, 96, x->imm);
            }
            continue;
        }
        if (x->indirect) {
            eu_bits(w, 79 + o, 79 + o, 1);
            eu_bits(w, 72 + o, 64 + o, x->a_imm & 0x1ff);
            if (n == 0) {
                eu_bits(w, 95, 95, (x->a_imm >> 9) & 1);
            } else {
                eu_bits(w, 121, 121, (x->a_imm >> 9) & 1);
            }
            eu_bits(w, 76 + o, 73 + o, x->a_sub);
        } else {
            eu_bits(w, 68 + o, 64 + o, x->sub);
            eu_bits(w, 76 + o, 69 + o, x->nr);
        }
        eu_bits(w, 77 + o, 77 + o, x->abs);
        eu_bits(w, 78 + o, 78 + o, x->neg);
        eu_bits(w, 81 + o, 80 + o, x->hs ? eu_log2(x->hs) + 1 : 0);
        eu_bits(w, 84 + o, 82 + o, eu_log2(x->w));
        eu_bits(w, 88 + o, 85 + o, x->vs == 0xf ? 0xf : eu_stride(x->vs));
    }
    eu_emit(a, w);
}

#define EU_NONE         EU_NULL(EU_UD)

/* A 3-source align16 instruction (types: 0 F, 1 D, 2 UD, 3 DF, 4 HF). */
static inline void eu_alu3(EuAsm *a, unsigned op, unsigned exec,
                           unsigned type3, EuOp dst, EuOp s0, EuOp s1,
                           EuOp s2)
{
    uint64_t w[2] = { 0, 0 };
    const EuOp *s[3] = { &s0, &s1, &s2 };
    static const unsigned rep[3] = { 64, 85, 106 };
    static const unsigned swz[3] = { 65, 86, 107 };
    static const unsigned sub[3] = { 73, 94, 115 };
    static const unsigned reg[3] = { 76, 97, 118 };

    eu_common(a, w, op, exec);
    eu_bits(w, 8, 8, 1);                        /* align16 */
    eu_bits(w, 45, 43, type3);
    eu_bits(w, 48, 46, type3);
    eu_bits(w, 52, 49, 0xf);
    eu_bits(w, 55, 53, dst.sub / 4);
    eu_bits(w, 63, 56, dst.nr);
    for (unsigned n = 0; n < 3; n++) {
        eu_bits(w, 37 + 2 * n, 37 + 2 * n, s[n]->abs);
        eu_bits(w, 38 + 2 * n, 38 + 2 * n, s[n]->neg);
        eu_bits(w, rep[n], rep[n], s[n]->vs == 0 && s[n]->hs == 0);
        eu_bits(w, swz[n] + 7, swz[n], 0xe4);
        eu_bits(w, sub[n] + 2, sub[n], s[n]->sub / 4);
        eu_bits(w, reg[n] + 7, reg[n], s[n]->nr);
    }
    eu_emit(a, w);
}

/* A math instruction: function @fn (MVGPU_EU_MATH_*). */
static inline void eu_math(EuAsm *a, unsigned fn, unsigned exec, EuOp dst,
                           EuOp s0, EuOp s1)
{
    a->ctl.cond = fn;
    eu_alu(a, MVGPU_EU_OP_MATH, exec, dst, s0, s1);
}

/* Flow control: JIP and UIP in bytes from this instruction. */
static inline void eu_flow(EuAsm *a, unsigned op, unsigned exec, int32_t jip,
                           int32_t uip)
{
    uint64_t w[2] = { 0, 0 };

    eu_common(a, w, op, exec);
    eu_bits(w, 36, 35, 0);
    eu_bits(w, 40, 37, EU_D);
    eu_bits(w, 62, 61, 1);
    eu_bits(w, 42, 41, 0);
    eu_bits(w, 46, 43, EU_D);
    eu_bits(w, 90, 89, 3);
    eu_bits(w, 94, 91, EU_IMM_D);
    eu_bits(w, 95, 64, (uint32_t)uip);
    eu_bits(w, 127, 96, (uint32_t)jip);
    eu_emit(a, w);
}

/* send(exec) g<dst> g<payload> with an immediate descriptor. */
static inline void eu_send(EuAsm *a, unsigned exec, unsigned dst,
                           unsigned payload, unsigned sfid, uint32_t desc,
                           bool eot)
{
    uint64_t w[2] = { 0, 0 };

    eu_common(a, w, MVGPU_EU_OP_SEND, exec);
    eu_bits(w, 27, 24, sfid);
    eu_bits(w, 36, 35, dst ? 1 : 0);
    eu_bits(w, 40, 37, EU_UD);
    eu_bits(w, 60, 53, dst);
    eu_bits(w, 62, 61, 1);
    eu_bits(w, 42, 41, 1);
    eu_bits(w, 76, 69, payload);
    eu_bits(w, 90, 89, 3);
    eu_bits(w, 126, 96, desc);
    eu_bits(w, 127, 127, eot);
    eu_emit(a, w);
}

/* sends(exec) g<dst> g<src0> g<src1>, immediate descriptors (dst 0: null). */
static inline void eu_sends(EuAsm *a, unsigned exec, unsigned dst,
                            unsigned src0, unsigned src1, unsigned sfid,
                            uint32_t desc, uint32_t ex_desc)
{
    uint64_t w[2] = { 0, 0 };

    eu_common(a, w, MVGPU_EU_OP_SENDS, exec);
    eu_bits(w, 27, 24, sfid);
    eu_bits(w, 35, 35, dst ? 1 : 0);
    eu_bits(w, 36, 36, src1 ? 1 : 0);
    eu_bits(w, 40, 37, EU_UD);
    eu_bits(w, 51, 44, src1);
    eu_bits(w, 60, 53, dst);
    eu_bits(w, 76, 69, src0);
    eu_bits(w, 67, 64, ex_desc >> 6);
    eu_bits(w, 95, 80, ex_desc >> 16);
    eu_bits(w, 126, 96, desc);
    eu_emit(a, w);
}

/* The end of a thread: send to the thread spawner with EOT. */
static inline void eu_eot(EuAsm *a)
{
    a->ctl.nomask = true;
    eu_send(a, 8, 0, 127, MVGPU_EU_SFID_THREAD_SPAWNER,
            (1u << 25) | 0x10, true);
}

/* An MvgpuEuThread fetch over an assembled kernel (opaque: the EuAsm). */
static inline size_t eu_asm_fetch(void *opaque, uint32_t ip, uint8_t *buf)
{
    const EuAsm *a = opaque;
    size_t n;

    if (ip >= a->len) {
        return 0;
    }
    n = a->len - ip < 16 ? a->len - ip : 16;
    memcpy(buf, a->code + ip, n);
    return n;
}

#endif
