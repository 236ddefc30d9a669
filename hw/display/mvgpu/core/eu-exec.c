/*
 * mvgpu core: the Gen9 EU interpreter.
 *
 * Control flow: per-channel instruction pointers (Skylake PRM vol. 7,
 * "Structured Control Flow"/"Per-channel instruction pointer"). Each live
 * channel waits at pcip[c]; an instruction runs for the channels waiting
 * at its IP (and in its execution group, and passing its predicate).
 * IF sends the channels that fail it to JIP, ELSE its channels to JIP
 * (the ENDIF), WHILE its passing channels back to JIP, BREAK/CONT/HALT
 * their passing channels to UIP; every other channel at the IP moves to
 * the next instruction. The thread then continues at the lowest IP a
 * live channel waits at: for the structured programs compilers emit
 * (forward branches, and WHILE the only backward one) this is where the
 * hardware's JIP walk arrives, with the same channels enabled.
 *
 * Values: each element is read with its source type and modifiers into
 * an int64 (integer types) or a double (F, HF, DF, VF), computed, and
 * converted to the destination type (float to integer: round toward
 * zero, clamped to the type's range; saturate clamps floats to [0, 1]
 * and integers to the destination's range). Single-precision results
 * are computed in double and rounded once to float: exact for add, mul
 * and the correctly rounded math functions, and MAD is fused up to that
 * rounding. The extended math functions are computed exactly, not with
 * the hardware's approximations. Accumulators are plain registers here
 * (acc0..acc3, no extra precision): MACH computes its whole product.
 *
 * Anything else is refused, the instruction named: align16 2-source
 * instructions, swizzled 64-bit 3-source operands, the packed/vector
 * opcodes (dp*, line, pln, sad2), cmpn, madm, the overflow modifier.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <glib.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "bytes.h"
#include "eu-exec.h"


const char *mvgpu_eu_fault(MvgpuEuThread *t, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(t->msg, sizeof(t->msg), fmt, ap);
    va_end(ap);
    t->error = t->msg;
    return t->error;
}

void mvgpu_eu_thread_init(MvgpuEuThread *t, uint32_t ip,
                          uint32_t dispatch_mask)
{
    memset(t->grf, 0, sizeof(t->grf));
    memset(t->arf, 0, sizeof(t->arf));
    t->ip = ip;
    for (unsigned c = 0; c < MVGPU_EU_MAX_CHANNELS; c++) {
        t->pcip[c] = ip;
    }
    t->live = dispatch_mask;
    t->done = dispatch_mask == 0;
    t->waiting = false;
    t->error = NULL;
    t->msg[0] = 0;
}

/* ---- flags and predication ---- */

static uint32_t flag_reg(const MvgpuEuThread *t, unsigned nr)
{
    return mvgpu_le_load(t->arf[MVGPU_EU_ARF_F][nr & 1], 4);
}

static bool flag_bit(const MvgpuEuThread *t, const MvgpuEuInst *in,
                     unsigned c)
{
    unsigned b = c + 16 * in->flag_subreg;
    return b < 32 && (flag_reg(t, in->flag_reg) >> b) & 1;
}

static void set_flag_bit(MvgpuEuThread *t, const MvgpuEuInst *in,
                         unsigned c, bool v)
{
    unsigned b = c + 16 * in->flag_subreg;
    uint32_t f = flag_reg(t, in->flag_reg);

    if (b >= 32) {
        return;
    }
    f = v ? f | (1u << b) : f & ~(1u << b);
    mvgpu_le_store(t->arf[MVGPU_EU_ARF_F][in->flag_reg & 1], f, 4);
}

/* The predicate of channel @c (true when there is none). */
static bool pred_of(const MvgpuEuThread *t, const MvgpuEuInst *in,
                    unsigned c)
{
    bool p;

    if (in->pred_ctrl == MVGPU_EU_PRED_NONE) {
        return true;
    }
    if (in->pred_ctrl == MVGPU_EU_PRED_NORMAL) {
        p = flag_bit(t, in, c);
    } else {
        /* anyNh / allNh: N = 2, 4, 8, 16, 32 for 4..13 */
        unsigned n = 2u << ((in->pred_ctrl - MVGPU_EU_PRED_ANY2H) / 2);
        bool all = (in->pred_ctrl - MVGPU_EU_PRED_ANY2H) & 1;
        unsigned first = c / n * n;
        p = all;
        for (unsigned i = first; i < first + n; i++) {
            if (all) {
                p = p && flag_bit(t, in, i);
            } else {
                p = p || flag_bit(t, in, i);
            }
        }
    }
    return p != in->pred_inv;
}

/* Channels that execute @in: the group, then its predicate. */
static uint32_t exec_mask(const MvgpuEuThread *t, const MvgpuEuInst *in,
                          bool predicate)
{
    uint32_t m = 0;

    for (unsigned i = 0; i < in->exec_size; i++) {
        unsigned c = t->cur.off + i;
        if (!((t->cur.group >> c) & 1)) {
            continue;
        }
        if (predicate && !pred_of(t, in, c)) {
            continue;
        }
        m |= 1u << c;
    }
    return m;
}

/* ---- operands ---- */

typedef union Val {
    int64_t i;
    double f;
} Val;

/* The bytes of element @i of operand @r, or NULL out of its file. */
static uint8_t *elem(MvgpuEuThread *t, const MvgpuEuOperand *r, unsigned i,
                     bool is_dst)
{
    unsigned size = mvgpu_eu_type_size(r->type);
    int64_t base, at;
    uint8_t *file;
    size_t file_size;

    if (r->file == MVGPU_EU_FILE_GRF) {
        file = t->grf;
        file_size = sizeof(t->grf);
    } else {
        unsigned kind = r->reg >> 4;
        if (kind == MVGPU_EU_ARF_NULL) {
            return NULL;
        }
        file = (uint8_t *)&t->arf[kind];    /* its 4 registers in a row */
        file_size = sizeof(t->arf[0]);
    }
    if (r->indirect) {
        const uint8_t *a = t->arf[MVGPU_EU_ARF_A][0];
        unsigned row = r->vstride == MVGPU_EU_VXH && !is_dst ?
                       i / r->width : 0;
        unsigned sub = r->addr_subreg + row;
        if (sub >= 16) {
            return NULL;
        }
        base = (int64_t)mvgpu_le_load(a + 2 * sub, 2) + r->addr_imm;
        if (r->vstride == MVGPU_EU_VXH && !is_dst) {
            at = base + (i % r->width) * r->hstride * size;
            goto check;
        }
    } else {
        base = (r->file == MVGPU_EU_FILE_GRF ? r->reg : (r->reg & 15)) *
               MVGPU_EU_REG_BYTES + r->subreg;
    }
    if (is_dst) {
        at = base + (int64_t)i * (r->hstride ? r->hstride : 1) * size;
    } else if (r->swizzle != 0xe4 && !r->rep && r->width == 4 &&
               r->vstride == 4) {
        /* align16: channel i takes component swizzle[i % 4] of its group */
        at = base + ((int64_t)(i / 4) * 4 + ((r->swizzle >> (2 * (i % 4))) &
                                              3)) * size;
    } else {
        at = base + ((int64_t)(i / r->width) * r->vstride +
                     (int64_t)(i % r->width) * r->hstride) * size;
    }
check:
    if (at < 0 || at + size > (int64_t)file_size) {
        return NULL;
    }
    return file + at;
}

static float half_to_float(uint16_t h)
{
    unsigned s = h >> 15, e = (h >> 10) & 31, m = h & 1023;
    float v;

    if (e == 0) {
        v = ldexpf(m, -24);
    } else if (e == 31) {
        v = m ? NAN : INFINITY;
    } else {
        v = ldexpf(m + 1024, e - 25);
    }
    return s ? -v : v;
}

static uint16_t float_to_half(float f)
{
    union { float f; uint32_t u; } v = { .f = f };
    uint32_t s = (v.u >> 16) & 0x8000;
    float a = fabsf(f);

    if (isnan(f)) {
        return s | 0x7e00;
    }
    if (a >= 65520.0f) {
        return s | 0x7c00;
    }
    if (a < ldexpf(1, -14)) {
        /* denormal: multiples of 2^-24, to nearest even */
        return s | (uint16_t)nearbyintf(a * ldexpf(1, 24));
    }
    int e;
    float m = frexpf(a, &e);            /* a = m * 2^e, m in [0.5, 1) */
    uint32_t mant = (uint32_t)nearbyintf(ldexpf(m, 11));   /* 1024..2048 */
    if (mant == 2048) {
        mant = 1024;
        e++;
    }
    return s | (uint16_t)(((e + 14) << 10) | (mant - 1024));
}

static double vf_to_double(unsigned b)
{
    unsigned e = (b >> 4) & 7, m = b & 15;
    double v = (e == 0 && m == 0) ? 0.0 : ldexp(1.0 + m / 16.0, (int)e - 3);
    return (b & 0x80) ? -v : v;
}

/* Reads element @i of source @n; false if it lies outside its file. */
static bool read_src(MvgpuEuThread *t, const MvgpuEuInst *in, unsigned n,
                     unsigned i, Val *v, bool logic)
{
    const MvgpuEuOperand *s = &in->src[n];
    uint64_t bits;
    bool is_float = mvgpu_eu_type_is_float(s->type);

    if (s->file == MVGPU_EU_FILE_IMM) {
        switch (s->type) {
        case MVGPU_EU_TYPE_V:
            v->i = (int64_t)((int32_t)(in->imm << (28 - 4 * (i % 8))) >> 28);
            return true;
        case MVGPU_EU_TYPE_UV:
            v->i = (in->imm >> (4 * (i % 8))) & 15;
            return true;
        case MVGPU_EU_TYPE_VF:
            v->f = vf_to_double((in->imm >> (8 * (i % 4))) & 0xff);
            goto mods;
        default:
            bits = in->imm;
            break;
        }
    } else {
        const uint8_t *p = elem(t, s, i, false);
        if (!p) {
            if (s->file == MVGPU_EU_FILE_ARF && (s->reg >> 4) == 0) {
                bits = 0;       /* null reads as zero */
            } else {
                return false;
            }
        } else {
            bits = mvgpu_le_load(p, mvgpu_eu_type_size(s->type));
        }
    }
    switch (s->type) {
    case MVGPU_EU_TYPE_UD: v->i = (uint32_t)bits; break;
    case MVGPU_EU_TYPE_D: v->i = (int32_t)bits; break;
    case MVGPU_EU_TYPE_UW: v->i = (uint16_t)bits; break;
    case MVGPU_EU_TYPE_W: v->i = (int16_t)bits; break;
    case MVGPU_EU_TYPE_UB: v->i = (uint8_t)bits; break;
    case MVGPU_EU_TYPE_B: v->i = (int8_t)bits; break;
    case MVGPU_EU_TYPE_UQ:
    case MVGPU_EU_TYPE_Q: v->i = (int64_t)bits; break;
    case MVGPU_EU_TYPE_F: {
        union { uint32_t u; float f; } f = { .u = (uint32_t)bits };
        v->f = f.f;
        break;
    }
    case MVGPU_EU_TYPE_HF: v->f = half_to_float(bits); break;
    case MVGPU_EU_TYPE_DF: {
        union { uint64_t u; double d; } d = { .u = bits };
        v->f = d.d;
        break;
    }
    default:
        return false;
    }
mods:
    if (is_float) {
        if (s->abs) {
            v->f = fabs(v->f);
        }
        if (s->neg) {
            v->f = -v->f;
        }
    } else if (logic) {
        if (s->neg) {
            v->i = ~v->i;       /* Gen8+: on logic ops, "-" is NOT */
        }
    } else {
        if (s->abs && v->i < 0) {
            v->i = -(uint64_t)v->i;
        }
        if (s->neg) {
            v->i = -(uint64_t)v->i;
        }
    }
    return true;
}

static int64_t clamp_i(int64_t v, int64_t lo, int64_t hi)
{
    return v < lo ? lo : v > hi ? hi : v;
}

static void type_range(MvgpuEuType t, int64_t *lo, int64_t *hi)
{
    switch (t) {
    case MVGPU_EU_TYPE_UD: *lo = 0; *hi = UINT32_MAX; break;
    case MVGPU_EU_TYPE_D: *lo = INT32_MIN; *hi = INT32_MAX; break;
    case MVGPU_EU_TYPE_UW: *lo = 0; *hi = UINT16_MAX; break;
    case MVGPU_EU_TYPE_W: *lo = INT16_MIN; *hi = INT16_MAX; break;
    case MVGPU_EU_TYPE_UB: *lo = 0; *hi = UINT8_MAX; break;
    case MVGPU_EU_TYPE_B: *lo = INT8_MIN; *hi = INT8_MAX; break;
    case MVGPU_EU_TYPE_UQ: *lo = 0; *hi = INT64_MAX; break;
    default: *lo = INT64_MIN; *hi = INT64_MAX; break;
    }
}

/* The destination bits of a value (@fl: computed as a float). */
static uint64_t convert(const MvgpuEuInst *in, Val v, bool fl)
{
    MvgpuEuType dt = in->dst.type;
    int64_t lo, hi;

    if (mvgpu_eu_type_is_float(dt)) {
        double d = fl ? v.f : (double)v.i;
        if (fl && in->sat) {
            d = isnan(d) ? 0.0 : d < 0.0 ? 0.0 : d > 1.0 ? 1.0 : d;
        }
        if (dt == MVGPU_EU_TYPE_DF) {
            union { double d; uint64_t u; } u = { .d = d };
            return u.u;
        }
        if (dt == MVGPU_EU_TYPE_HF) {
            return float_to_half((float)d);
        }
        union { float f; uint32_t u; } u = { .f = (float)d };
        return u.u;
    }
    type_range(dt, &lo, &hi);
    if (fl) {
        double d = trunc(v.f);
        if (isnan(d)) {
            return 0;
        }
        if (dt == MVGPU_EU_TYPE_UQ && d >= 9223372036854775808.0) {
            return d >= 18446744073709551616.0 ? UINT64_MAX : (uint64_t)d;
        }
        if (d <= (double)lo) {
            return (uint64_t)lo;
        }
        if (d >= (double)hi) {
            return (uint64_t)hi;
        }
        return (uint64_t)(int64_t)d;
    }
    if (in->sat) {
        return (uint64_t)clamp_i(v.i, lo, hi);
    }
    return (uint64_t)v.i;
}

static bool write_dst(MvgpuEuThread *t, const MvgpuEuInst *in, unsigned i,
                      uint64_t bits)
{
    const MvgpuEuOperand *d = &in->dst;
    uint8_t *p;

    if (d->file == MVGPU_EU_FILE_ARF && (d->reg >> 4) == MVGPU_EU_ARF_NULL) {
        return true;
    }
    if (in->align16 && !((in->writemask >> (i % 4)) & 1)) {
        return true;
    }
    p = elem(t, d, i, true);
    if (!p) {
        return false;
    }
    mvgpu_le_store(p, bits, mvgpu_eu_type_size(d->type));
    return true;
}

/* The accumulator element of channel @c, as type @ty. */
static uint8_t *acc_elem(MvgpuEuThread *t, unsigned c, MvgpuEuType ty)
{
    unsigned size = mvgpu_eu_type_size(ty);

    if ((c + 1) * size > sizeof(t->arf[0])) {
        return NULL;
    }
    return (uint8_t *)&t->arf[MVGPU_EU_ARF_ACC] + c * size;
}

/* A condition on a result (cmp: a - b compared with 0, done directly). */
static bool cond_true(unsigned cond, Val a, Val b, bool fl, bool *ok)
{
    *ok = true;
    if (fl) {
        double x = a.f, y = b.f;
        switch (cond) {
        case MVGPU_EU_COND_Z: return x == y;
        case MVGPU_EU_COND_NZ: return !(x == y);
        case MVGPU_EU_COND_G: return x > y;
        case MVGPU_EU_COND_GE: return x >= y;
        case MVGPU_EU_COND_L: return x < y;
        case MVGPU_EU_COND_LE: return x <= y;
        case MVGPU_EU_COND_U: return isnan(x) || isnan(y);
        }
    } else {
        int64_t x = a.i, y = b.i;
        switch (cond) {
        case MVGPU_EU_COND_Z: return x == y;
        case MVGPU_EU_COND_NZ: return x != y;
        case MVGPU_EU_COND_G: return x > y;
        case MVGPU_EU_COND_GE: return x >= y;
        case MVGPU_EU_COND_L: return x < y;
        case MVGPU_EU_COND_LE: return x <= y;
        }
    }
    *ok = false;
    return false;
}

/* Integer comparisons happen in the sources' common type. */
static void int_cmp_operands(const MvgpuEuInst *in, Val *a, Val *b)
{
    MvgpuEuType t0 = in->src[0].type, t1 = in->src[1].type;
    bool unsig = !mvgpu_eu_type_is_signed(t0) || !mvgpu_eu_type_is_signed(t1);
    unsigned size = MAX(mvgpu_eu_type_size(t0), mvgpu_eu_type_size(t1));

    if (unsig && size < 8) {
        uint64_t m = (1ull << (8 * size)) - 1;
        a->i = (uint64_t)a->i & m;
        b->i = (uint64_t)b->i & m;
    } else if (unsig && (a->i < 0 || b->i < 0)) {
        /* 64-bit unsigned: order by flipping the sign bit */
        a->i ^= INT64_MIN;
        b->i ^= INT64_MIN;
    }
}

static bool is_float_op(const MvgpuEuInst *in)
{
    return mvgpu_eu_type_is_float(in->src[0].type);
}

static const char *bad_operand(MvgpuEuThread *t, const char *what)
{
    return mvgpu_eu_fault(t, "%s outside its register file", what);
}

/* Flags of the conditional modifier, from result @r against zero. */
static const char *cond_flags(MvgpuEuThread *t, const MvgpuEuInst *in,
                              unsigned c, Val r, bool fl)
{
    Val zero;
    bool ok, v;

    if (!in->cond) {
        return NULL;
    }
    if (fl) {
        zero.f = 0.0;
    } else {
        zero.i = 0;
    }
    v = cond_true(in->cond, r, zero, fl, &ok);
    if (!ok) {
        return mvgpu_eu_fault(t, "conditional modifier .%s",
                              mvgpu_eu_cond_name(in->cond));
    }
    set_flag_bit(t, in, c, v);
    return NULL;
}

static uint32_t bitrev32(uint32_t v)
{
    uint32_t r = 0;

    for (unsigned i = 0; i < 32; i++) {
        r |= ((v >> i) & 1) << (31 - i);
    }
    return r;
}

/* One element of an ALU opcode; false if the types are not supported. */
static bool alu(MvgpuEuThread *t, const MvgpuEuInst *in, unsigned c,
                Val a, Val b, Val s2, bool fl, Val *r)
{
    unsigned size0 = mvgpu_eu_type_size(in->src[0].type);
    bool sig0 = mvgpu_eu_type_is_signed(in->src[0].type);
    unsigned bits = size0 == 8 ? 64 : 32;

    switch (in->opcode) {
    case MVGPU_EU_OP_MOV:
        *r = a;
        return true;
    case MVGPU_EU_OP_ADD:
        if (fl) {
            r->f = a.f + b.f;
        } else {
            r->i = (uint64_t)a.i + (uint64_t)b.i;
        }
        return true;
    case MVGPU_EU_OP_MUL:
        if (fl) {
            r->f = a.f * b.f;
        } else {
            r->i = (uint64_t)a.i * (uint64_t)b.i;
        }
        return true;
    case MVGPU_EU_OP_MAD:
        if (fl) {
            r->f = in->src[0].type == MVGPU_EU_TYPE_DF ?
                   fma(b.f, s2.f, a.f) : a.f + b.f * s2.f;
        } else {
            r->i = (uint64_t)a.i + (uint64_t)b.i * (uint64_t)s2.i;
        }
        return true;
    case MVGPU_EU_OP_LRP:
        if (!fl) {
            return false;
        }
        r->f = a.f * b.f + (1.0 - a.f) * s2.f;
        return true;
    case MVGPU_EU_OP_AVG:
        if (fl) {
            return false;
        }
        r->i = (a.i + b.i + 1) >> 1;
        return true;
    case MVGPU_EU_OP_MAC: {
        uint8_t *p = acc_elem(t, c, in->dst.type);
        Val acc;
        if (!p) {
            return false;
        }
        if (fl) {
            union { uint32_t u; float f; } f = { .u = mvgpu_le_load(p, 4) };
            r->f = f.f + a.f * b.f;
        } else {
            acc.i = (int32_t)mvgpu_le_load(p, 4);
            r->i = (uint64_t)acc.i + (uint64_t)a.i * (uint64_t)b.i;
        }
        return true;
    }
    case MVGPU_EU_OP_MACH:
        if (fl || size0 == 8) {
            return false;
        }
        if (sig0) {
            r->i = (int64_t)(int32_t)a.i * (int32_t)b.i >> 32;
        } else {
            r->i = (int64_t)(((uint64_t)(uint32_t)a.i *
                              (uint32_t)b.i) >> 32);
        }
        return true;
    case MVGPU_EU_OP_ADDC:
    case MVGPU_EU_OP_SUBB: {
        uint64_t x = (uint32_t)a.i, y = (uint32_t)b.i;
        uint8_t *p = acc_elem(t, c, MVGPU_EU_TYPE_UD);
        bool carry;
        if (fl || !p) {
            return false;
        }
        if (in->opcode == MVGPU_EU_OP_ADDC) {
            r->i = x + y;
            carry = (x + y) >> 32;
        } else {
            r->i = (uint32_t)(x - y);
            carry = x < y;
        }
        mvgpu_le_store(p, carry, 4);
        return true;
    }
    case MVGPU_EU_OP_FRC:
    case MVGPU_EU_OP_RNDD:
    case MVGPU_EU_OP_RNDU:
    case MVGPU_EU_OP_RNDE:
    case MVGPU_EU_OP_RNDZ:
        if (!fl) {
            return false;
        }
        switch (in->opcode) {
        case MVGPU_EU_OP_FRC: r->f = a.f - floor(a.f); break;
        case MVGPU_EU_OP_RNDD: r->f = floor(a.f); break;
        case MVGPU_EU_OP_RNDU: r->f = ceil(a.f); break;
        case MVGPU_EU_OP_RNDE: r->f = nearbyint(a.f); break;
        default: r->f = trunc(a.f); break;
        }
        return true;
    default:
        break;
    }
    /* integer-only opcodes */
    if (fl) {
        return false;
    }
    uint64_t x = a.i, y = b.i, z = s2.i;
    uint64_t m = bits == 64 ? UINT64_MAX : 0xffffffffull;
    switch (in->opcode) {
    case MVGPU_EU_OP_NOT: r->i = ~x; return true;
    case MVGPU_EU_OP_AND: r->i = x & y; return true;
    case MVGPU_EU_OP_OR: r->i = x | y; return true;
    case MVGPU_EU_OP_XOR: r->i = x ^ y; return true;
    case MVGPU_EU_OP_SHL: r->i = x << (y & (bits - 1)); return true;
    case MVGPU_EU_OP_SHR:
        if (size0 < 4) {
            x &= (1ull << (8 * size0)) - 1;
        }
        r->i = (x & m) >> (y & (bits - 1));
        return true;
    case MVGPU_EU_OP_ASR:
        if (bits == 32) {
            r->i = (int64_t)(int32_t)x >> (y & 31);
        } else {
            r->i = (int64_t)x >> (y & 63);
        }
        return true;
    case MVGPU_EU_OP_LZD:
        x &= 0xffffffff;
        r->i = x ? __builtin_clz((uint32_t)x) : 32;
        return true;
    case MVGPU_EU_OP_FBH:
        x &= 0xffffffff;
        if (sig0 && (x >> 31)) {
            x = ~x & 0xffffffff;
        }
        r->i = x ? (int64_t)__builtin_clz((uint32_t)x) : 0xffffffff;
        return true;
    case MVGPU_EU_OP_FBL:
        x &= 0xffffffff;
        r->i = x ? (int64_t)__builtin_ctz((uint32_t)x) : 0xffffffff;
        return true;
    case MVGPU_EU_OP_CBIT:
        r->i = __builtin_popcount((uint32_t)x);
        return true;
    case MVGPU_EU_OP_BFREV:
        r->i = bitrev32(x);
        return true;
    case MVGPU_EU_OP_BFI1: {
        unsigned w = x & 31, o = y & 31;
        r->i = (uint32_t)((((1ull << w) - 1) << o));
        return true;
    }
    case MVGPU_EU_OP_BFI2:
        r->i = (uint32_t)((y & x) | (z & ~x));
        return true;
    case MVGPU_EU_OP_BFE: {
        unsigned w = x & 31, o = y & 31;
        bool sig = mvgpu_eu_type_is_signed(in->src[2].type);
        if (w == 0) {
            r->i = 0;
        } else if (w + o < 32) {
            uint32_t v = (uint32_t)z << (32 - w - o);
            r->i = sig ? (int64_t)((int32_t)v >> (32 - w)) :
                   (int64_t)(v >> (32 - w));
        } else {
            r->i = sig ? (int64_t)((int32_t)z >> o) :
                   (int64_t)((uint32_t)z >> o);
        }
        return true;
    }
    default:
        return false;
    }
}

static bool is_logic(unsigned op)
{
    return op == MVGPU_EU_OP_NOT || op == MVGPU_EU_OP_AND ||
           op == MVGPU_EU_OP_OR || op == MVGPU_EU_OP_XOR;
}

static const char *check_form(MvgpuEuThread *t, const MvgpuEuInst *in)
{
    if (in->align16 && !in->three_src) {
        return mvgpu_eu_fault(t, "align16 2-source instruction");
    }
    if (in->three_src) {
        for (unsigned n = 0; n < 3; n++) {
            const MvgpuEuOperand *s = &in->src[n];
            if (s->swizzle != 0xe4 && !s->rep &&
                mvgpu_eu_type_size(s->type) != 4) {
                return mvgpu_eu_fault(t, "swizzled %s 3-source operand",
                                      mvgpu_eu_type_name(s->type));
            }
        }
    }
    if (in->cond == MVGPU_EU_COND_O || in->cond == 7 || in->cond > 9) {
        return mvgpu_eu_fault(t, "conditional modifier %u", in->cond);
    }
    return NULL;
}

/*
 * The element loop of an ALU instruction: reads all sources first (a
 * destination may overlap them), computes, writes.
 */
const char *mvgpu_eu_do_alu(MvgpuEuThread *t, const MvgpuEuInst *in)
{
    const MvgpuEuOpInfo *info = mvgpu_eu_op(in->opcode);
    uint32_t mask = exec_mask(t, in, true);
    bool fl = is_float_op(in);
    bool logic = is_logic(in->opcode);
    uint64_t out[MVGPU_EU_MAX_CHANNELS];
    Val res[MVGPU_EU_MAX_CHANNELS];
    const char *why = check_form(t, in);

    if (why) {
        return why;
    }
    for (unsigned i = 0; i < in->exec_size; i++) {
        unsigned c = t->cur.off + i;
        Val v[3] = { { 0 } };
        if (!((mask >> c) & 1)) {
            continue;
        }
        for (unsigned n = 0; n < info->nsrc; n++) {
            if (!read_src(t, in, n, i, &v[n], logic)) {
                return bad_operand(t, n ? "source" : "source 0");
            }
            if (n && mvgpu_eu_type_is_float(in->src[n].type) != fl &&
                in->opcode != MVGPU_EU_OP_BFE) {
                return mvgpu_eu_fault(t, "mixed float and integer sources");
            }
        }
        if (!alu(t, in, c, v[0], v[1], v[2], fl, &res[i])) {
            return mvgpu_eu_fault(t, "%s on %s", info->name,
                                  mvgpu_eu_type_name(in->src[0].type));
        }
        if (fl && mvgpu_eu_type_is_float(in->dst.type) && in->sat) {
            double d = res[i].f;
            res[i].f = isnan(d) ? 0.0 : d < 0.0 ? 0.0 : d > 1.0 ? 1.0 : d;
        }
        out[i] = convert(in, res[i], fl);
    }
    for (unsigned i = 0; i < in->exec_size; i++) {
        unsigned c = t->cur.off + i;
        if (!((mask >> c) & 1)) {
            continue;
        }
        if (!write_dst(t, in, i, out[i])) {
            return bad_operand(t, "destination");
        }
        if (in->acc_wr) {
            uint8_t *p = acc_elem(t, c, in->dst.type);
            if (p) {
                mvgpu_le_store(p, out[i], mvgpu_eu_type_size(in->dst.type));
            }
        }
        why = cond_flags(t, in, c, res[i], fl);
        if (why) {
            return why;
        }
    }
    return NULL;
}

const char *mvgpu_eu_do_cmp(MvgpuEuThread *t, const MvgpuEuInst *in)
{
    uint32_t mask = exec_mask(t, in, true);
    bool fl = is_float_op(in);
    bool r[MVGPU_EU_MAX_CHANNELS];
    unsigned dsize = mvgpu_eu_type_size(in->dst.type);
    const char *why = check_form(t, in);

    if (why) {
        return why;
    }
    for (unsigned i = 0; i < in->exec_size; i++) {
        unsigned c = t->cur.off + i;
        Val a, b;
        bool ok;
        if (!((mask >> c) & 1)) {
            continue;
        }
        if (!read_src(t, in, 0, i, &a, false) ||
            !read_src(t, in, 1, i, &b, false)) {
            return bad_operand(t, "source");
        }
        if (mvgpu_eu_type_is_float(in->src[1].type) != fl) {
            return mvgpu_eu_fault(t, "mixed float and integer sources");
        }
        if (!fl) {
            int_cmp_operands(in, &a, &b);
        }
        r[i] = cond_true(in->cond, a, b, fl, &ok);
        if (!ok) {
            return mvgpu_eu_fault(t, "cmp.%s", mvgpu_eu_cond_name(in->cond));
        }
    }
    for (unsigned i = 0; i < in->exec_size; i++) {
        unsigned c = t->cur.off + i;
        if (!((mask >> c) & 1)) {
            continue;
        }
        /* true is all ones in the destination's size, whatever its type */
        if (!write_dst(t, in, i, r[i] ? (dsize == 8 ? UINT64_MAX :
                                          (1ull << (8 * dsize)) - 1) : 0)) {
            return bad_operand(t, "destination");
        }
        set_flag_bit(t, in, c, r[i]);
    }
    return NULL;
}

const char *mvgpu_eu_do_sel(MvgpuEuThread *t, const MvgpuEuInst *in)
{
    /* the predicate selects; it does not disable channels */
    uint32_t mask = exec_mask(t, in, false);
    bool fl = is_float_op(in);
    uint64_t out[MVGPU_EU_MAX_CHANNELS];
    const char *why = check_form(t, in);

    if (why) {
        return why;
    }
    if (in->cond && in->cond != MVGPU_EU_COND_L &&
        in->cond != MVGPU_EU_COND_GE) {
        return mvgpu_eu_fault(t, "sel.%s", mvgpu_eu_cond_name(in->cond));
    }
    for (unsigned i = 0; i < in->exec_size; i++) {
        unsigned c = t->cur.off + i;
        Val a, b, r;
        bool first, ok;
        if (!((mask >> c) & 1)) {
            continue;
        }
        if (!read_src(t, in, 0, i, &a, false) ||
            !read_src(t, in, 1, i, &b, false)) {
            return bad_operand(t, "source");
        }
        if (in->cond) {
            Val x = a, y = b;
            if (fl && (isnan(a.f) || isnan(b.f))) {
                first = isnan(b.f);     /* min/max return the number */
            } else {
                if (!fl) {
                    int_cmp_operands(in, &x, &y);
                }
                first = cond_true(in->cond, x, y, fl, &ok);
            }
        } else {
            first = pred_of(t, in, c);
        }
        r = first ? a : b;
        if (fl && in->sat) {
            r.f = isnan(r.f) ? 0.0 : r.f < 0.0 ? 0.0 : r.f > 1.0 ? 1.0 : r.f;
        }
        out[i] = convert(in, r, fl);
    }
    for (unsigned i = 0; i < in->exec_size; i++) {
        if ((mask >> (t->cur.off + i)) & 1 && !write_dst(t, in, i, out[i])) {
            return bad_operand(t, "destination");
        }
    }
    return NULL;
}

const char *mvgpu_eu_do_csel(MvgpuEuThread *t, const MvgpuEuInst *in)
{
    uint32_t mask = exec_mask(t, in, true);
    bool fl = is_float_op(in);
    uint64_t out[MVGPU_EU_MAX_CHANNELS];
    const char *why = check_form(t, in);

    if (why) {
        return why;
    }
    for (unsigned i = 0; i < in->exec_size; i++) {
        unsigned c = t->cur.off + i;
        Val v[3], zero = { 0 };
        bool ok, first;
        if (!((mask >> c) & 1)) {
            continue;
        }
        for (unsigned n = 0; n < 3; n++) {
            if (!read_src(t, in, n, i, &v[n], false)) {
                return bad_operand(t, "source");
            }
        }
        if (fl) {
            zero.f = 0.0;
        }
        first = cond_true(in->cond, v[2], zero, fl, &ok);
        if (!ok) {
            return mvgpu_eu_fault(t, "csel.%s", mvgpu_eu_cond_name(in->cond));
        }
        out[i] = convert(in, first ? v[0] : v[1], fl);
    }
    for (unsigned i = 0; i < in->exec_size; i++) {
        if ((mask >> (t->cur.off + i)) & 1 && !write_dst(t, in, i, out[i])) {
            return bad_operand(t, "destination");
        }
    }
    return NULL;
}

const char *mvgpu_eu_do_math(MvgpuEuThread *t, const MvgpuEuInst *in)
{
    uint32_t mask = exec_mask(t, in, true);
    unsigned fn = in->cond;
    bool idiv = fn == MVGPU_EU_MATH_IDIV_Q || fn == MVGPU_EU_MATH_IDIV_R;
    bool two = fn == MVGPU_EU_MATH_POW || fn == MVGPU_EU_MATH_FDIV || idiv;
    bool fl = is_float_op(in);
    uint64_t out[MVGPU_EU_MAX_CHANNELS];
    const char *name = mvgpu_eu_math_name(fn);

    if (!name || fn == MVGPU_EU_MATH_IDIV_QR || fn == MVGPU_EU_MATH_INVM ||
        fn == MVGPU_EU_MATH_RSQRTM) {
        return mvgpu_eu_fault(t, "math function %s", name ? name : "?");
    }
    if (idiv == fl) {
        return mvgpu_eu_fault(t, "math %s on %s", name,
                              mvgpu_eu_type_name(in->src[0].type));
    }
    if (in->align16) {
        return mvgpu_eu_fault(t, "align16 math");
    }
    for (unsigned i = 0; i < in->exec_size; i++) {
        unsigned c = t->cur.off + i;
        Val a, b = { 0 }, r;
        if (!((mask >> c) & 1)) {
            continue;
        }
        if (!read_src(t, in, 0, i, &a, false) ||
            (two && !read_src(t, in, 1, i, &b, false))) {
            return bad_operand(t, "source");
        }
        if (idiv) {
            bool sig = mvgpu_eu_type_is_signed(in->src[0].type);
            int64_t x = sig ? (int64_t)(int32_t)a.i : (int64_t)(uint32_t)a.i;
            int64_t y = sig ? (int64_t)(int32_t)b.i : (int64_t)(uint32_t)b.i;
            /* our choice for x / 0: quotient all ones, remainder x */
            if (y == 0) {
                r.i = fn == MVGPU_EU_MATH_IDIV_Q ? (int64_t)0xffffffff : x;
            } else {
                r.i = fn == MVGPU_EU_MATH_IDIV_Q ? x / y : x % y;
            }
            out[i] = (uint32_t)r.i;
            if (in->sat) {
                out[i] = convert(in, r, false);
            }
            continue;
        }
        switch (fn) {
        case MVGPU_EU_MATH_INV: r.f = 1.0 / a.f; break;
        case MVGPU_EU_MATH_LOG: r.f = log2(a.f); break;
        case MVGPU_EU_MATH_EXP: r.f = exp2(a.f); break;
        case MVGPU_EU_MATH_SQRT: r.f = sqrt(a.f); break;
        case MVGPU_EU_MATH_RSQ: r.f = 1.0 / sqrt(a.f); break;
        case MVGPU_EU_MATH_SIN: r.f = sin(a.f); break;
        case MVGPU_EU_MATH_COS: r.f = cos(a.f); break;
        case MVGPU_EU_MATH_FDIV: r.f = a.f / b.f; break;
        default: r.f = pow(a.f, b.f); break;
        }
        if (in->sat) {
            r.f = isnan(r.f) ? 0.0 : r.f < 0.0 ? 0.0 : r.f > 1.0 ? 1.0 : r.f;
        }
        out[i] = convert(in, r, true);
    }
    for (unsigned i = 0; i < in->exec_size; i++) {
        if ((mask >> (t->cur.off + i)) & 1 && !write_dst(t, in, i, out[i])) {
            return bad_operand(t, "destination");
        }
    }
    return NULL;
}

const char *mvgpu_eu_do_send(MvgpuEuThread *t, const MvgpuEuInst *in)
{
    uint32_t mask = exec_mask(t, in, true);
    const char *why;

    if (t->send) {
        why = t->send(t->opaque, t, in, mask);
        if (why) {
            return t->error ? t->error : mvgpu_eu_fault(t, "%s", why);
        }
    } else if (!in->eot || in->sfid != MVGPU_EU_SFID_THREAD_SPAWNER) {
        return mvgpu_eu_fault(t, "no message handler (SFID %u)", in->sfid);
    }
    if (in->eot) {
        t->done = true;
        t->live = 0;
    }
    return NULL;
}

const char *mvgpu_eu_do_nop(MvgpuEuThread *t, const MvgpuEuInst *in)
{
    (void)t;
    (void)in;
    return NULL;
}

static void jump(MvgpuEuThread *t, unsigned c, int64_t target)
{
    t->pcip[c] = (uint32_t)target;
    t->cur.jumped |= 1u << c;
}

const char *mvgpu_eu_do_flow(MvgpuEuThread *t, const MvgpuEuInst *in)
{
    uint32_t m = exec_mask(t, in, false);
    int64_t ip = t->ip;

    if (in->align16) {
        return mvgpu_eu_fault(t, "align16 flow control");
    }
    switch (in->opcode) {
    case MVGPU_EU_OP_JMPI: {
        /* uniform: from the instruction after the jmpi, for all waiting */
        bool taken = pred_of(t, in, t->cur.off);
        if (in->src[1].file != MVGPU_EU_FILE_IMM) {
            return mvgpu_eu_fault(t, "jmpi through a register");
        }
        if (taken) {
            for (unsigned c = 0; c < MVGPU_EU_MAX_CHANNELS; c++) {
                if ((t->cur.at_ip >> c) & 1) {
                    jump(t, c, ip + t->cur.len + (int32_t)in->imm);
                }
            }
        }
        return NULL;
    }
    case MVGPU_EU_OP_CALL:
    case MVGPU_EU_OP_RET: {
        int64_t target;
        if (in->opcode == MVGPU_EU_OP_CALL) {
            if (in->src[1].file != MVGPU_EU_FILE_IMM) {
                return mvgpu_eu_fault(t, "call through a register");
            }
            /* the return IP in the destination's first dword */
            uint8_t *p = elem(t, &in->dst, 0, true);
            if (!p || mvgpu_eu_type_size(in->dst.type) < 4) {
                return bad_operand(t, "destination");
            }
            mvgpu_le_store(p, ip + t->cur.len, 4);
            target = ip + (int32_t)in->imm;
        } else {
            Val v;
            if (!read_src(t, in, 0, 0, &v, false)) {
                return bad_operand(t, "source 0");
            }
            target = (uint32_t)v.i;
        }
        for (unsigned c = 0; c < MVGPU_EU_MAX_CHANNELS; c++) {
            if ((m >> c) & 1 && pred_of(t, in, c)) {
                jump(t, c, target);
            }
        }
        return NULL;
    }
    default:
        break;
    }
    for (unsigned c = 0; c < MVGPU_EU_MAX_CHANNELS; c++) {
        bool p;
        if (!((m >> c) & 1)) {
            continue;
        }
        p = pred_of(t, in, c);
        switch (in->opcode) {
        case MVGPU_EU_OP_IF:
            if (!p) {
                jump(t, c, ip + in->jip);
            }
            break;
        case MVGPU_EU_OP_ELSE:
            jump(t, c, ip + in->jip);
            break;
        case MVGPU_EU_OP_ENDIF:
            break;
        case MVGPU_EU_OP_WHILE:
            if (p) {
                jump(t, c, ip + in->jip);
            }
            break;
        case MVGPU_EU_OP_BREAK:
        case MVGPU_EU_OP_CONT:
        case MVGPU_EU_OP_HALT:
            if (p) {
                jump(t, c, ip + in->uip);
            }
            break;
        }
    }
    return NULL;
}

/* The IP the thread continues at: the lowest a live channel waits at. */
static void next_ip(MvgpuEuThread *t)
{
    uint32_t best = UINT32_MAX;

    for (unsigned c = 0; c < MVGPU_EU_MAX_CHANNELS; c++) {
        if ((t->live >> c) & 1 && t->pcip[c] < best) {
            best = t->pcip[c];
        }
    }
    if (best == UINT32_MAX) {
        t->done = true;
    } else {
        t->ip = best;
    }
}

static MvgpuEuStatus refuse(MvgpuEuThread *t, const MvgpuEuInst *in,
                            bool have_inst, const char *why)
{
    char copy[sizeof(t->msg)];

    g_strlcpy(copy, why, sizeof(copy));
    if (have_inst) {
        GString *s = g_string_new(NULL);
        mvgpu_eu_disasm(in, s);
        mvgpu_eu_fault(t, "EU ip 0x%x: %s: %s", t->ip, copy, s->str);
        g_string_free(s, true);
    } else {
        mvgpu_eu_fault(t, "EU ip 0x%x: %s", t->ip, copy);
    }
    return MVGPU_EU_FAULT;
}

MvgpuEuStatus mvgpu_eu_run(MvgpuEuThread *t, uint64_t budget)
{
    while (budget--) {
        uint8_t buf[16];
        MvgpuEuInst in;
        const MvgpuEuOpInfo *info;
        const char *why;
        size_t n;

        if (t->error) {
            return MVGPU_EU_FAULT;
        }
        if (t->done) {
            return MVGPU_EU_DONE;
        }
        if (t->waiting) {
            return MVGPU_EU_WAITING;
        }
        n = t->fetch ? t->fetch(t->opaque, t->ip, buf) : 0;
        if (!n) {
            return refuse(t, NULL, false, "instruction fetch out of bounds");
        }
        t->cur.len = mvgpu_eu_decode(buf, n, &in, &why);
        if (!t->cur.len) {
            return refuse(t, NULL, false, why);
        }
        info = mvgpu_eu_op(in.opcode);
        if (!info->handler) {
            return refuse(t, &in, true, "not implemented");
        }
        if (in.pred_ctrl == MVGPU_EU_PRED_ANYV ||
            in.pred_ctrl == MVGPU_EU_PRED_ALLV) {
            return refuse(t, &in, true, "align16 predicate");
        }
        t->cur.off = in.qtr_ctrl * 8 + in.nib_ctrl * 4;
        if (t->cur.off + in.exec_size > MVGPU_EU_MAX_CHANNELS) {
            return refuse(t, &in, true, "channels beyond 32");
        }
        t->cur.at_ip = 0;
        for (unsigned c = 0; c < MVGPU_EU_MAX_CHANNELS; c++) {
            if ((t->live >> c) & 1 && t->pcip[c] == t->ip) {
                t->cur.at_ip |= 1u << c;
            }
        }
        if (in.no_mask) {
            t->cur.group = (uint32_t)(((1ull << in.exec_size) - 1) << t->cur.off);
        } else {
            t->cur.group = t->cur.at_ip;
        }
        t->cur.jumped = 0;
        mvgpu_le_store(t->arf[MVGPU_EU_ARF_IP][0], t->ip, 4);
        why = info->handler(t, &in);
        t->executed++;
        if (why) {
            return refuse(t, &in, true, why);
        }
        if (t->done) {
            return MVGPU_EU_DONE;
        }
        for (unsigned c = 0; c < MVGPU_EU_MAX_CHANNELS; c++) {
            if ((t->cur.at_ip >> c) & 1 && !((t->cur.jumped >> c) & 1)) {
                t->pcip[c] = t->ip + t->cur.len;
            }
        }
        next_ip(t);
    }
    if (t->error) {
        return MVGPU_EU_FAULT;
    }
    return t->done ? MVGPU_EU_DONE :
           t->waiting ? MVGPU_EU_WAITING : MVGPU_EU_RUNNING;
}
