/*
 * The Gen9 EU decoder, disassembler and interpreter (core/eu-*.c):
 * hand-encoded instructions (tests/include/mvgpu-eu-asm.h) of each class
 * run on hand-made register contents, checked against results computed
 * here; compacted encodings against their native equivalents.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <glib.h>
#include <math.h>
#include <string.h>

#include "eu-decode.h"
#include "eu-exec.h"
#include "eu-send.h"
#include "mvgpu-eu-asm.h"

static MvgpuEuThread *thread_new(EuAsm *a, uint32_t mask)
{
    MvgpuEuThread *t = g_new0(MvgpuEuThread, 1);

    mvgpu_eu_thread_init(t, 0, mask);
    t->fetch = eu_asm_fetch;
    t->opaque = a;
    return t;
}

/* Runs to the end; the thread must end cleanly. */
static void run_ok(MvgpuEuThread *t)
{
    MvgpuEuStatus s = mvgpu_eu_run(t, 100000);

    g_assert_cmpstr(t->error, ==, NULL);
    if (s != MVGPU_EU_DONE) {
        g_test_message("status %d: %s", s, t->error ? t->error : "-");
    }
    g_assert_cmpint(s, ==, MVGPU_EU_DONE);
}

static uint32_t ud(const MvgpuEuThread *t, unsigned reg, unsigned i)
{
    const uint8_t *p = t->grf + reg * 32 + i * 4;
    return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24;
}

static float fl(const MvgpuEuThread *t, unsigned reg, unsigned i)
{
    union { uint32_t u; float f; } u = { .u = ud(t, reg, i) };
    return u.f;
}

static void set_ud(MvgpuEuThread *t, unsigned reg, unsigned i, uint32_t v)
{
    uint8_t *p = t->grf + reg * 32 + i * 4;
    p[0] = v;
    p[1] = v >> 8;
    p[2] = v >> 16;
    p[3] = v >> 24;
}

static void set_f(MvgpuEuThread *t, unsigned reg, unsigned i, float f)
{
    union { float f; uint32_t u; } u = { .f = f };
    set_ud(t, reg, i, u.u);
}

static char *disasm_one(const uint8_t *b, size_t n)
{
    MvgpuEuInst in;
    const char *why;
    GString *s = g_string_new(NULL);

    g_assert_cmpuint(mvgpu_eu_decode(b, n, &in, &why), >, 0);
    mvgpu_eu_disasm(&in, s);
    return g_string_free(s, false);
}

/* Collapses runs of spaces, for comparing text. */
static char *squeeze(char *s)
{
    char *o = s;

    for (char *p = s; *p; p++) {
        if (*p == ' ' && o > s && o[-1] == ' ') {
            continue;
        }
        *o++ = *p;
    }
    *o = 0;
    return s;
}

static void test_disasm_native(void)
{
    EuAsm a = { 0 };
    char *s;

    eu_alu(&a, MVGPU_EU_OP_ADD, 16, EU_G(10, EU_F), EU_G8(4, EU_F),
           eu_imm_f(1.0f));
    a.ctl.pred = MVGPU_EU_PRED_NORMAL;
    a.ctl.cond = MVGPU_EU_COND_L;
    a.ctl.flag_sub = 1;
    eu_alu(&a, MVGPU_EU_OP_CMP, 8, EU_NULL(EU_D), EU_G8(2, EU_D),
           EU_G0(3, 4, EU_D));
    s = squeeze(disasm_one(a.code, 16));
    g_assert_cmpstr(s, ==, "add(16) g10<1>F g4<8,8,1>F 0x3f800000F /* 1F */ "
                    "{ align1 1H };");
    g_free(s);
    s = squeeze(disasm_one(a.code + 16, 16));
    g_assert_cmpstr(s, ==, "(+f0.1) cmp.l.f0.1(8) null<1>D g2<8,8,1>D "
                    "g3.1<0,1,0>D { align1 1Q };");
    g_free(s);
}

/*
 * Compacted forms, built from the table indices: they must decode to
 * what the native encoder gives for the same instruction.
 */
static uint64_t compact(unsigned op, unsigned ctl, unsigned dt, unsigned sr,
                        unsigned s0, unsigned s1, unsigned dst, unsigned r0,
                        unsigned r1)
{
    return op | (uint64_t)ctl << 8 | (uint64_t)dt << 13 |
           (uint64_t)sr << 18 | 1ull << 29 | (uint64_t)s0 << 30 |
           (uint64_t)s1 << 35 | (uint64_t)dst << 40 | (uint64_t)r0 << 48 |
           (uint64_t)r1 << 56;
}

static void same_as_native(uint64_t c, const EuAsm *native)
{
    uint8_t b[8];
    MvgpuEuInst ci, ni;
    const char *why;

    for (unsigned i = 0; i < 8; i++) {
        b[i] = c >> (8 * i);
    }
    g_assert_cmpuint(mvgpu_eu_decode(b, 8, &ci, &why), ==, 8);
    g_assert_cmpuint(mvgpu_eu_decode(native->code, 16, &ni, &why), ==, 16);
    g_assert_true(ci.compact);
    ci.compact = false;
    memset(ci.raw, 0, sizeof(ci.raw));
    memset(ni.raw, 0, sizeof(ni.raw));
    g_assert_cmpmem(&ci, sizeof(ci), &ni, sizeof(ni));
}

static void test_compact(void)
{
    EuAsm a = { 0 };
    char *s;
    uint8_t b[8];
    /* mov(8) g10<1>UD g2<8,8,1>UD: control 11 (exec 8), datatype 2
     * (GRF UD <- GRF UD), src0 region 28 (<8;8,1>) */
    uint64_t mov = compact(MVGPU_EU_OP_MOV, 11, 2, 0, 28, 0, 10, 2, 0);

    eu_alu(&a, MVGPU_EU_OP_MOV, 8, EU_G(10, EU_UD), EU_G8(2, EU_UD),
           EU_NULL(EU_UD));
    same_as_native(mov, &a);
    for (unsigned i = 0; i < 8; i++) {
        b[i] = mov >> (8 * i);
    }
    s = squeeze(disasm_one(b, 8));
    g_assert_cmpstr(s, ==, "mov(8) g10<1>UD g2<8,8,1>UD "
                    "{ align1 1Q compacted };");
    g_free(s);

    /* mov(8) g4<1>F -0.5VF-ish: datatype 5 (GRF F <- IMM VF); the 13-bit
     * immediate is src1 index (high 5) and src1 register (low 8) */
    uint32_t vf = 0x0b0;    /* lanes 0.0 .. : one byte 0xb0 = -0.125 */
    uint64_t movi = compact(MVGPU_EU_OP_MOV, 11, 5, 0, 0, vf >> 8, 4, 0,
                            vf & 0xff);
    EuAsm n = { 0 };
    eu_alu(&n, MVGPU_EU_OP_MOV, 8, EU_G(4, EU_F), eu_imm(EU_IMM_VF, vf),
           EU_NONE);
    same_as_native(movi, &n);

    /* a negative 13-bit immediate is sign-extended to 32 bits */
    for (unsigned i = 0; i < 8; i++) {
        b[i] = compact(MVGPU_EU_OP_MOV, 11, 5, 0, 0, 0x1f, 4, 0, 0xff) >>
               (8 * i);
    }
    MvgpuEuInst in;
    const char *why;
    g_assert_cmpuint(mvgpu_eu_decode(b, 8, &in, &why), ==, 8);
    g_assert_cmphex(in.imm, ==, 0xffffffff);
}

static void test_compact_3src(void)
{
    /* mad(8) g5 g1 g2 g3, all F, control 1 (exec 8), source 0 (xyzw) */
    uint64_t c = MVGPU_EU_OP_MAD | 1ull << 8 | 0ull << 10 | 5ull << 12 |
                 1ull << 29 | 1ull << 43 | 2ull << 50 | 3ull << 57;
    uint8_t b[8];
    MvgpuEuInst in;
    const char *why;

    for (unsigned i = 0; i < 8; i++) {
        b[i] = c >> (8 * i);
    }
    g_assert_cmpuint(mvgpu_eu_decode(b, 8, &in, &why), ==, 8);
    g_assert_true(in.three_src && in.align16);
    g_assert_cmpuint(in.exec_size, ==, 8);
    g_assert_cmpuint(in.dst.reg, ==, 5);
    g_assert_cmpuint(in.src[0].reg, ==, 1);
    g_assert_cmpuint(in.src[1].reg, ==, 2);
    g_assert_cmpuint(in.src[2].reg, ==, 3);
    g_assert_cmpint(in.dst.type, ==, MVGPU_EU_TYPE_F);
    g_assert_cmpuint(in.src[0].swizzle, ==, 0xe4);
    g_assert_cmpuint(in.writemask, ==, 0xf);
}

static void test_alu_int(void)
{
    EuAsm a = { 0 };
    MvgpuEuThread *t;

    /* g10 = g2 + 5; g11 = g2 * scalar g3.1; g12 = -g2 (W, hstride 2) */
    eu_alu(&a, MVGPU_EU_OP_ADD, 8, EU_G(10, EU_D), EU_G8(2, EU_D),
           eu_imm_d(5));
    eu_alu(&a, MVGPU_EU_OP_MUL, 8, EU_G(11, EU_D), EU_G8(2, EU_D),
           EU_G0(3, 4, EU_D));
    eu_alu(&a, MVGPU_EU_OP_MOV, 8, eu_reg(12, 0, EU_W, 0, 1, 2),
           eu_neg(EU_G8(2, EU_D)), EU_NONE);
    /* g13 = shr(g2, 1) as UD of a D source; g14 = asr */
    eu_alu(&a, MVGPU_EU_OP_SHR, 8, EU_G(13, EU_UD), EU_G8(2, EU_UD),
           eu_imm_ud(1));
    eu_alu(&a, MVGPU_EU_OP_ASR, 8, EU_G(14, EU_D), EU_G8(2, EU_D),
           eu_imm_ud(1));
    /* g15 = and(g2, ~0xf) with the NOT modifier on an immediate-less src */
    eu_alu(&a, MVGPU_EU_OP_AND, 8, EU_G(15, EU_UD), EU_G8(2, EU_UD),
           eu_neg(EU_G0(3, 0, EU_UD)));
    /* saturated D -> UB */
    a.ctl.sat = true;
    eu_alu(&a, MVGPU_EU_OP_MOV, 8, eu_reg(16, 0, EU_UB, 0, 1, 4),
           EU_G8(2, EU_D), EU_NONE);
    /* <4;2,1> region: elements 0,1,4,5,8,9,12,13 */
    eu_alu(&a, MVGPU_EU_OP_MOV, 8, EU_G(17, EU_UD),
           eu_reg(20, 0, EU_UD, 4, 2, 1), EU_NONE);
    eu_eot(&a);

    t = thread_new(&a, 0xff);
    static const int32_t in[8] = { 0, 1, -1, 7, -8, 300, -300, 0x7fffffff };
    for (unsigned i = 0; i < 8; i++) {
        set_ud(t, 2, i, in[i]);
        set_ud(t, 20, i, 100 + i);
        set_ud(t, 21, i, 108 + i);
    }
    set_ud(t, 3, 0, 0xf);
    set_ud(t, 3, 1, 3);
    run_ok(t);
    for (unsigned i = 0; i < 8; i++) {
        int32_t x = in[i];
        g_assert_cmpint((int32_t)ud(t, 10, i), ==, (int32_t)((uint32_t)x + 5));
        g_assert_cmpint((int32_t)ud(t, 11, i), ==, (int32_t)((uint32_t)x * 3));
        uint16_t w = t->grf[12 * 32 + i * 4] | t->grf[12 * 32 + i * 4 + 1] << 8;
        g_assert_cmpint((int16_t)w, ==, (int16_t)(-(uint32_t)x));
        g_assert_cmphex(ud(t, 13, i), ==, (uint32_t)x >> 1);
        g_assert_cmpint((int32_t)ud(t, 14, i), ==, x >> 1);
        g_assert_cmphex(ud(t, 15, i), ==, (uint32_t)x & ~0xfu);
        uint8_t sat = x < 0 ? 0 : x > 255 ? 255 : x;
        g_assert_cmpuint(t->grf[16 * 32 + i * 4], ==, sat);
        g_assert_cmpuint(ud(t, 17, i), ==, 100 + (i / 2) * 4 + i % 2);
    }
    g_free(t);
}

static void test_alu_float(void)
{
    EuAsm a = { 0 };
    MvgpuEuThread *t;
    static const float x[8] = { 0.5f, -1.5f, 2.25f, -0.0f, 100.0f, -3e9f,
                                1e-3f, 7.75f };

    eu_alu(&a, MVGPU_EU_OP_MUL, 8, EU_G(10, EU_F), EU_G8(2, EU_F),
           EU_G8(3, EU_F));
    /* mad: src0 + src1 * src2 */
    eu_alu3(&a, MVGPU_EU_OP_MAD, 8, 0, EU_G(11, EU_F), EU_G0(4, 0, EU_F),
            EU_G8(2, EU_F), EU_G8(3, EU_F));
    a.ctl.sat = true;
    eu_alu(&a, MVGPU_EU_OP_ADD, 8, EU_G(12, EU_F), eu_abs(EU_G8(2, EU_F)),
           eu_imm_f(-0.25f));
    eu_alu(&a, MVGPU_EU_OP_MOV, 8, EU_G(13, EU_D), EU_G8(2, EU_F), EU_NONE);
    eu_alu(&a, MVGPU_EU_OP_RNDD, 8, EU_G(14, EU_F), EU_G8(2, EU_F), EU_NONE);
    eu_alu(&a, MVGPU_EU_OP_FRC, 8, EU_G(15, EU_F), EU_G8(2, EU_F), EU_NONE);
    eu_math(&a, MVGPU_EU_MATH_SQRT, 8, EU_G(16, EU_F),
            eu_abs(EU_G8(2, EU_F)), EU_NONE);
    eu_math(&a, MVGPU_EU_MATH_FDIV, 8, EU_G(17, EU_F), EU_G8(2, EU_F),
            EU_G8(3, EU_F));
    eu_eot(&a);

    t = thread_new(&a, 0xff);
    for (unsigned i = 0; i < 8; i++) {
        set_f(t, 2, i, x[i]);
        set_f(t, 3, i, (float)i - 2.5f);
    }
    set_f(t, 4, 0, 10.0f);
    run_ok(t);
    for (unsigned i = 0; i < 8; i++) {
        float y = (float)i - 2.5f;
        g_assert_cmpfloat(fl(t, 10, i), ==, x[i] * y);
        g_assert_cmpfloat(fl(t, 11, i), ==, (float)(10.0 + (double)x[i] * y));
        float s = fabsf(x[i]) - 0.25f;
        g_assert_cmpfloat(fl(t, 12, i), ==, s < 0 ? 0 : s > 1 ? 1 : s);
        int32_t d = x[i] <= -2147483648.0f ? INT32_MIN : (int32_t)x[i];
        g_assert_cmpint((int32_t)ud(t, 13, i), ==, d);
        g_assert_cmpfloat(fl(t, 14, i), ==, floorf(x[i]));
        g_assert_cmpfloat(fl(t, 15, i), ==, x[i] - floorf(x[i]));
        g_assert_cmpfloat(fl(t, 16, i), ==, sqrtf(fabsf(x[i])));
        g_assert_cmpfloat(fl(t, 17, i), ==, x[i] / y);
    }
    g_free(t);
}

static void test_bits(void)
{
    EuAsm a = { 0 };
    MvgpuEuThread *t;
    static const uint32_t x[8] = { 0, 1, 0x80000000u, 0xf0f0, 0xffffffffu,
                                   0x12345678, 0x00010000, 0x7fffffff };

    eu_alu(&a, MVGPU_EU_OP_CBIT, 8, EU_G(10, EU_UD), EU_G8(2, EU_UD),
           EU_NONE);
    eu_alu(&a, MVGPU_EU_OP_FBL, 8, EU_G(11, EU_UD), EU_G8(2, EU_UD),
           EU_NONE);
    eu_alu(&a, MVGPU_EU_OP_FBH, 8, EU_G(12, EU_UD), EU_G8(2, EU_UD),
           EU_NONE);
    eu_alu(&a, MVGPU_EU_OP_BFREV, 8, EU_G(13, EU_UD), EU_G8(2, EU_UD),
           EU_NONE);
    eu_alu(&a, MVGPU_EU_OP_LZD, 8, EU_G(14, EU_UD), EU_G8(2, EU_UD),
           EU_NONE);
    /* bfe: 8 bits from bit 4, signed */
    eu_alu3(&a, MVGPU_EU_OP_BFE, 8, 1, EU_G(15, EU_D), EU_G0(3, 0, EU_D),
            EU_G0(3, 4, EU_D), EU_G8(2, EU_D));
    /* addc and the carry in acc0 */
    eu_alu(&a, MVGPU_EU_OP_ADDC, 8, EU_G(16, EU_UD), EU_G8(2, EU_UD),
           EU_G8(2, EU_UD));
    eu_alu(&a, MVGPU_EU_OP_MOV, 8, EU_G(17, EU_UD),
           eu_arf(0x20, 0, EU_UD, 8, 8, 1), EU_NONE);
    eu_eot(&a);

    t = thread_new(&a, 0xff);
    for (unsigned i = 0; i < 8; i++) {
        set_ud(t, 2, i, x[i]);
    }
    set_ud(t, 3, 0, 8);
    set_ud(t, 3, 1, 4);
    run_ok(t);
    for (unsigned i = 0; i < 8; i++) {
        uint32_t v = x[i], rev = 0;
        for (unsigned b = 0; b < 32; b++) {
            rev |= ((v >> b) & 1) << (31 - b);
        }
        g_assert_cmpuint(ud(t, 10, i), ==, __builtin_popcount(v));
        g_assert_cmphex(ud(t, 11, i), ==, v ? (uint32_t)__builtin_ctz(v) : 0xffffffffu);
        g_assert_cmphex(ud(t, 12, i), ==, v ? (uint32_t)__builtin_clz(v) : 0xffffffffu);
        g_assert_cmphex(ud(t, 13, i), ==, rev);
        g_assert_cmpuint(ud(t, 14, i), ==, v ? __builtin_clz(v) : 32);
        g_assert_cmpint((int32_t)ud(t, 15, i), ==, (int8_t)(v >> 4));
        g_assert_cmphex(ud(t, 16, i), ==, v + v);
        g_assert_cmpuint(ud(t, 17, i), ==, ((uint64_t)v + v) >> 32);
    }
    g_free(t);
}

static void test_predication(void)
{
    EuAsm a = { 0 };
    MvgpuEuThread *t;

    /* f0.0 = g2 < g3; (+f0.0) mov g10 = 1; (-f0.0) mov g10 = 2;
     * sel g11 = f0.0 ? g2 : g3; sel.l g12 = min(g2, g3) */
    a.ctl.cond = MVGPU_EU_COND_L;
    eu_alu(&a, MVGPU_EU_OP_CMP, 16, EU_G(20, EU_D), EU_G8(2, EU_D),
           EU_G8(4, EU_D));
    a.ctl.pred = MVGPU_EU_PRED_NORMAL;
    eu_alu(&a, MVGPU_EU_OP_MOV, 16, EU_G(10, EU_D), eu_imm_d(1), EU_NONE);
    a.ctl.pred = MVGPU_EU_PRED_NORMAL;
    a.ctl.inv = true;
    eu_alu(&a, MVGPU_EU_OP_MOV, 16, EU_G(10, EU_D), eu_imm_d(2), EU_NONE);
    a.ctl.pred = MVGPU_EU_PRED_NORMAL;
    eu_alu(&a, MVGPU_EU_OP_SEL, 16, EU_G(12, EU_D), EU_G8(2, EU_D),
           EU_G8(4, EU_D));
    a.ctl.cond = MVGPU_EU_COND_GE;
    eu_alu(&a, MVGPU_EU_OP_SEL, 16, EU_G(14, EU_D), EU_G8(2, EU_D),
           EU_G8(4, EU_D));
    /* any4h: a group of 4 passes if one of its channels does */
    a.ctl.pred = MVGPU_EU_PRED_ANY2H + 2;
    eu_alu(&a, MVGPU_EU_OP_MOV, 16, EU_G(16, EU_D), eu_imm_d(9), EU_NONE);
    eu_eot(&a);

    t = thread_new(&a, 0xffff);
    for (unsigned i = 0; i < 16; i++) {
        set_ud(t, 2 + i / 8, i % 8, i);
        set_ud(t, 4 + i / 8, i % 8, 15 - i - (i == 3 ? 5 : 0));
    }
    run_ok(t);
    uint32_t flags = 0;
    for (unsigned i = 0; i < 16; i++) {
        int32_t x = i, y = 15 - i - (i == 3 ? 5 : 0);
        bool lt = x < y;
        flags |= (uint32_t)lt << i;
        g_assert_cmphex(ud(t, 20 + i / 8, i % 8), ==, lt ? 0xffffffff : 0);
        g_assert_cmpint(ud(t, 10 + i / 8, i % 8), ==, lt ? 1 : 2);
        g_assert_cmpint(ud(t, 12 + i / 8, i % 8), ==, lt ? x : y);
        g_assert_cmpint(ud(t, 14 + i / 8, i % 8), ==, x >= y ? x : y);
    }
    g_assert_cmphex(t->arf[MVGPU_EU_ARF_F][0][0] |
                    t->arf[MVGPU_EU_ARF_F][0][1] << 8, ==, flags);
    for (unsigned i = 0; i < 16; i++) {
        bool any = (flags >> (i / 4 * 4)) & 0xf;
        g_assert_cmpint(ud(t, 16 + i / 8, i % 8), ==, any ? 9 : 0);
    }
    g_free(t);
}

static void test_indirect(void)
{
    EuAsm a = { 0 };
    MvgpuEuThread *t;

    /* a0.0 = 2 * 32 + 8; mov g10 = g[a0.0]<8,8,1>UD (g2.2 on) */
    a.ctl.nomask = true;
    eu_alu(&a, MVGPU_EU_OP_MOV, 1, eu_arf(0x10, 0, EU_UW, 0, 1, 1),
           eu_imm(EU_IMM_UW, 2 * 32 + 8), EU_NONE);
    EuOp s = EU_G8(0, EU_UD);
    s.indirect = true;
    s.a_sub = 0;
    s.a_imm = 0;
    eu_alu(&a, MVGPU_EU_OP_MOV, 8, EU_G(10, EU_UD), s, EU_NONE);
    /* and with an offset of -8 bytes */
    s.a_imm = -8;
    eu_alu(&a, MVGPU_EU_OP_MOV, 8, EU_G(11, EU_UD), s, EU_NONE);
    eu_eot(&a);

    t = thread_new(&a, 0xff);
    for (unsigned i = 0; i < 16; i++) {
        set_ud(t, 2 + i / 8, i % 8, 1000 + i);
    }
    run_ok(t);
    for (unsigned i = 0; i < 8; i++) {
        g_assert_cmpuint(ud(t, 10, i), ==, 1002 + i);
        g_assert_cmpuint(ud(t, 11, i), ==, 1000 + i);
    }
    g_free(t);
}

/*
 * Divergent control flow: if/else/endif on odd channels, then a loop whose
 * trip count is the channel's own (while + break), with a continue.
 */
static void test_divergent(void)
{
    EuAsm a = { 0 };
    MvgpuEuThread *t;

    /* 0: and.nz f0.0 null g2&1 */
    a.ctl.cond = MVGPU_EU_COND_NZ;
    eu_alu(&a, MVGPU_EU_OP_AND, 8, EU_NULL(EU_UD), EU_G8(2, EU_UD),
           eu_imm_ud(1));
    /* 16: (+f0.0) if  JIP -> 64 (after else) UIP -> 80 */
    a.ctl.pred = MVGPU_EU_PRED_NORMAL;
    eu_flow(&a, MVGPU_EU_OP_IF, 8, 48, 64);
    /* 32: mov g10 = 111 (odd) */
    eu_alu(&a, MVGPU_EU_OP_MOV, 8, EU_G(10, EU_D), eu_imm_d(111), EU_NONE);
    /* 48: else JIP -> 80 (endif) */
    eu_flow(&a, MVGPU_EU_OP_ELSE, 8, 32, 32);
    /* 64: mov g10 = 222 (even) */
    eu_alu(&a, MVGPU_EU_OP_MOV, 8, EU_G(10, EU_D), eu_imm_d(222), EU_NONE);
    /* 80: endif */
    eu_flow(&a, MVGPU_EU_OP_ENDIF, 8, 16, 0);
    /* 96: mov g11 = 0 (counter), g12 = 0 (sum of i where i != 2) */
    eu_alu(&a, MVGPU_EU_OP_MOV, 8, EU_G(11, EU_D), eu_imm_d(0), EU_NONE);
    eu_alu(&a, MVGPU_EU_OP_MOV, 8, EU_G(12, EU_D), eu_imm_d(0), EU_NONE);
    /* loop body at 128: cmp.ge f0.0 g11 >= g2 */
    a.ctl.cond = MVGPU_EU_COND_GE;
    eu_alu(&a, MVGPU_EU_OP_CMP, 8, EU_NULL(EU_D), EU_G8(11, EU_D),
           EU_G8(2, EU_D));
    /* 144: (+f0.0) break JIP/UIP -> 240 (after while) */
    a.ctl.pred = MVGPU_EU_PRED_NORMAL;
    eu_flow(&a, MVGPU_EU_OP_BREAK, 8, 96, 96);
    /* 160: add g11 += 1 */
    eu_alu(&a, MVGPU_EU_OP_ADD, 8, EU_G(11, EU_D), EU_G8(11, EU_D),
           eu_imm_d(1));
    /* 176: cmp.z f0.0 g11 == 2 ; 192: (+f0.0) cont UIP -> 224 (while) */
    a.ctl.cond = MVGPU_EU_COND_Z;
    eu_alu(&a, MVGPU_EU_OP_CMP, 8, EU_NULL(EU_D), EU_G8(11, EU_D),
           eu_imm_d(2));
    a.ctl.pred = MVGPU_EU_PRED_NORMAL;
    eu_flow(&a, MVGPU_EU_OP_CONT, 8, 32, 32);
    /* 208: add g12 += g11 */
    eu_alu(&a, MVGPU_EU_OP_ADD, 8, EU_G(12, EU_D), EU_G8(12, EU_D),
           EU_G8(11, EU_D));
    /* 224: while JIP -> 128 */
    eu_flow(&a, MVGPU_EU_OP_WHILE, 8, 128 - 224, 0);
    /* 240: end */
    eu_eot(&a);
    g_assert_cmpuint(a.len, ==, 256);

    t = thread_new(&a, 0xbf);   /* channel 6 not dispatched */
    for (unsigned i = 0; i < 8; i++) {
        set_ud(t, 2, i, i);
        set_ud(t, 10, i, 0xdead);
    }
    run_ok(t);
    for (unsigned i = 0; i < 8; i++) {
        if (i == 6) {
            g_assert_cmphex(ud(t, 10, i), ==, 0xdead);
            continue;
        }
        g_assert_cmpint(ud(t, 10, i), ==, i & 1 ? 111 : 222);
        g_assert_cmpint(ud(t, 11, i), ==, i);
        unsigned sum = 0;
        for (unsigned k = 1; k <= i; k++) {
            sum += k == 2 ? 0 : k;
        }
        g_assert_cmpint(ud(t, 12, i), ==, sum);
    }
    g_free(t);
}

/* An endless kernel costs its budget and stays resumable. */
static void test_budget(void)
{
    EuAsm a = { 0 };
    MvgpuEuThread *t;

    eu_alu(&a, MVGPU_EU_OP_ADD, 8, EU_G(10, EU_D), EU_G8(10, EU_D),
           eu_imm_d(1));
    eu_flow(&a, MVGPU_EU_OP_WHILE, 8, -16, 0);
    t = thread_new(&a, 0xff);
    g_assert_cmpint(mvgpu_eu_run(t, 1000), ==, MVGPU_EU_RUNNING);
    g_assert_null(t->error);
    g_assert_cmpuint(t->executed, ==, 1000);
    g_assert_cmpint(mvgpu_eu_run(t, 1000), ==, MVGPU_EU_RUNNING);
    g_assert_cmpuint(ud(t, 10, 3), ==, 1000);
    g_free(t);
}

/* What is not implemented is refused, named; wild operands too. */
static void test_refused(void)
{
    EuAsm a = { 0 };
    MvgpuEuThread *t;

    eu_alu(&a, MVGPU_EU_OP_DP4, 8, EU_G(10, EU_F), EU_G8(2, EU_F),
           EU_G8(3, EU_F));
    t = thread_new(&a, 0xff);
    g_assert_cmpint(mvgpu_eu_run(t, 10), ==, MVGPU_EU_FAULT);
    g_assert_nonnull(strstr(t->error, "dp4"));
    g_assert_nonnull(strstr(t->error, "not implemented"));
    g_free(t);

    /* a region running past g127 */
    memset(&a, 0, sizeof(a));
    eu_alu(&a, MVGPU_EU_OP_MOV, 16, EU_G(10, EU_UD), EU_G8(127, EU_UD),
           EU_NONE);
    t = thread_new(&a, 0xffff);
    g_assert_cmpint(mvgpu_eu_run(t, 10), ==, MVGPU_EU_FAULT);
    g_assert_nonnull(strstr(t->error, "outside"));
    g_free(t);

    /* falling off the end of the kernel */
    memset(&a, 0, sizeof(a));
    eu_alu(&a, MVGPU_EU_OP_MOV, 8, EU_G(10, EU_UD), EU_G8(2, EU_UD),
           EU_NONE);
    t = thread_new(&a, 0xff);
    g_assert_cmpint(mvgpu_eu_run(t, 10), ==, MVGPU_EU_FAULT);
    g_assert_nonnull(strstr(t->error, "fetch"));
    g_free(t);
}

/*
 * A real kernel: what Mesa 22.3's anv compiled (SIMD16) for the compute
 * shader of tests/guest/src-mesa/mvgpu-vk-compute.c, data[i] = data[i] * 3
 * + push constant, dumped in the guest with INTEL_DEBUG=cs,hex. It mixes
 * native and compacted instructions, an untyped surface read (SEND), an
 * untyped surface write (SENDS) and EOT. The messages are carried out by
 * the test's callback on a buffer of its own; the payload is anv's: the
 * workgroup id in g0.1, push constants from g1 (field 0 in g1.0, the base
 * workgroup id at byte 504, g16.6), the subgroup id in g17.1.
 */
static const uint8_t anv_kernel[] = {
    0x01, 0x00, 0x60, 0x00, 0x4c, 0x36, 0x40, 0x20,
    0x00, 0x00, 0x00, 0x30, 0x10, 0x32, 0x54, 0x76,
    0x01, 0x56, 0x14, 0x20, 0x00, 0x15, 0x00, 0x00,
    0x09, 0x00, 0x80, 0x00, 0x28, 0x0a, 0xa0, 0x20,
    0x24, 0x02, 0x00, 0x06, 0x04, 0x00, 0x00, 0x00,
    0x40, 0x00, 0x60, 0x00, 0x4c, 0x12, 0x50, 0x20,
    0x40, 0x00, 0x8d, 0x16, 0x08, 0x00, 0x08, 0x00,
    0x40, 0x96, 0x75, 0x20, 0x07, 0x03, 0x15, 0x10,
    0x01, 0x00, 0x80, 0x00, 0x28, 0x12, 0xe0, 0x20,
    0x40, 0x00, 0x8d, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x09, 0x00, 0x80, 0x00, 0x28, 0x0a, 0xa0, 0x21,
    0x60, 0x00, 0x8d, 0x06, 0x06, 0x00, 0x00, 0x00,
    0x40, 0x96, 0x01, 0x20, 0xe7, 0x09, 0x07, 0x05,
    0x05, 0x76, 0x01, 0x20, 0x07, 0x0b, 0x09, 0x3f,
    0x40, 0x96, 0x01, 0x20, 0xe7, 0x0f, 0x0d, 0x0b,
    0x09, 0x00, 0x80, 0x00, 0x28, 0x0a, 0xe0, 0x22,
    0xe0, 0x01, 0x8d, 0x06, 0x02, 0x00, 0x00, 0x00,
    0x31, 0x00, 0x80, 0x0c, 0x48, 0x02, 0x20, 0x22,
    0xe0, 0x02, 0x00, 0x06, 0x02, 0x5e, 0x20, 0x04,
    0x41, 0xd6, 0x01, 0x20, 0x07, 0x13, 0x11, 0x03,
    0x40, 0x96, 0x01, 0x20, 0x07, 0x19, 0x13, 0x01,
    0x33, 0x00, 0x80, 0x0c, 0x10, 0x90, 0x01, 0x00,
    0xe2, 0x02, 0x00, 0x00, 0x02, 0x5e, 0x02, 0x04,
    0x01, 0x4d, 0x00, 0x20, 0x07, 0x7e, 0x00, 0x00,
    0x31, 0x00, 0x80, 0x07, 0x44, 0x12, 0x00, 0x20,
    0xc0, 0x0f, 0x8d, 0x06, 0x10, 0x00, 0x00, 0x82,
};

typedef struct Ssbo {
    uint32_t data[512];
    unsigned reads, writes;
} Ssbo;

static const char *ssbo_send(void *opaque, MvgpuEuThread *t,
                             const MvgpuEuInst *in, uint32_t mask)
{
    Ssbo *b = opaque;
    unsigned type = (in->desc >> 14) & 31;

    if (in->eot) {
        g_assert_cmpuint(in->sfid, ==, MVGPU_EU_SFID_THREAD_SPAWNER);
        return NULL;
    }
    g_assert_cmpuint(in->sfid, ==, MVGPU_EU_SFID_DP_DC1);
    g_assert_cmpuint(in->desc & 0xff, ==, 2);               /* BTI */
    g_assert_cmpuint((in->desc >> 8) & 15, ==, 0xe);        /* R only */
    g_assert_cmpuint((in->desc >> 12) & 3, ==, 1);          /* SIMD16 */
    g_assert_cmpuint(in->mlen, ==, 2);
    for (unsigned c = 0; c < 16; c++) {
        uint32_t off = ud(t, in->src[0].reg + c / 8, c % 8);
        if (!((mask >> c) & 1)) {
            continue;
        }
        g_assert_cmpuint(off % 4, ==, 0);
        g_assert_cmpuint(off / 4, <, G_N_ELEMENTS(b->data));
        if (type == 0x01) {                                 /* read */
            g_assert_cmpuint(in->rlen, ==, 2);
            set_ud(t, in->dst.reg + c / 8, c % 8, b->data[off / 4]);
        } else {
            g_assert_cmpuint(type, ==, 0x09);               /* write */
            g_assert_cmpuint(in->ex_mlen, ==, 2);
            b->data[off / 4] = ud(t, in->src1_reg + c / 8, c % 8);
        }
    }
    if (type == 0x01) {
        b->reads++;
    } else {
        b->writes++;
    }
    return NULL;
}

static size_t fetch_anv(void *opaque, uint32_t ip, uint8_t *buf)
{
    size_t n;

    if (ip >= sizeof(anv_kernel)) {
        return 0;
    }
    n = MIN(16, sizeof(anv_kernel) - ip);
    memcpy(buf, anv_kernel + ip, n);
    return n;
}

static void test_anv_kernel(void)
{
    Ssbo *b = g_new0(Ssbo, 1);
    const unsigned group = 1, push = 100;

    for (unsigned i = 0; i < G_N_ELEMENTS(b->data); i++) {
        b->data[i] = i * 7;
    }
    /* the 64 invocations of workgroup 1: four SIMD16 threads */
    for (unsigned sub = 0; sub < 4; sub++) {
        MvgpuEuThread *t = g_new0(MvgpuEuThread, 1);

        mvgpu_eu_thread_init(t, 0, 0xffff);
        t->fetch = fetch_anv;
        t->send = ssbo_send;
        t->opaque = b;
        set_ud(t, 0, 1, group);
        set_ud(t, 1, 0, push);
        set_ud(t, 16, 6, 0);
        set_ud(t, 17, 1, sub);
        run_ok(t);
        g_assert_cmpuint(t->executed, ==, 17);
        g_free(t);
    }
    g_assert_cmpuint(b->reads, ==, 4);
    g_assert_cmpuint(b->writes, ==, 4);
    for (unsigned i = 0; i < G_N_ELEMENTS(b->data); i++) {
        bool mine = i / 64 == group;
        g_assert_cmpuint(b->data[i], ==, mine ? i * 7 * 3 + push : i * 7);
    }
    g_free(b);
}

/* Its text is what Mesa printed beside it (up to spacing). */
static void test_anv_disasm(void)
{
    GString *s = g_string_new(NULL);

    mvgpu_eu_disasm_kernel(anv_kernel, sizeof(anv_kernel), s);
    squeeze(s->str);
    static const char *const expect[] = {
        "000000: mov(8) g2<1>UW 0x76543210V { align1 WE_all 1Q };",
        "000010: mov(16) g21<1>UD g0.1<0,1,0>UD { align1 1H compacted };",
        "000018: shl(16) g5<1>D g17.1<0,1,0>D 0x00000004UD { align1 1H };",
        "000028: add(8) g2.8<1>UW g2<8,8,1>UW 0x0008UW "
        "{ align1 WE_all 1Q };",
        "000040: mov(16) g7<1>D g2<8,8,1>UW { align1 1H };",
        "000068: and(16) g11<1>UD g9<8,8,1>UD 0x0000003fUD "
        "{ align1 1H compacted };",
        "000088: send(16) g17<1>UW g23<0,1,0>UD 0x04205e02 dp data 1 "
        "MsgDesc: (untyped surface read, Surface = 2, SIMD16, Mask = 0xe) "
        "mlen 2 rlen 2 { align1 1H };",
        "000098: mul(16) g19<1>D g17<8,8,1>D 3D { align1 1H compacted };",
        "0000a8: sends(16) nullUD g23UD g25UD 0x04025e02 0x00000080 "
        "dp data 1 MsgDesc: (untyped surface write, Surface = 2, SIMD16, "
        "Mask = 0xe) mlen 2 ex_mlen 2 rlen 0 { align1 1H };",
        "0000c0: send(16) null<1>UW g126<8,8,1>UW 0x82000010 "
        "thread_spawner MsgDesc: ctrl 0x00010 mlen 1 rlen 0 "
        "{ align1 WE_all 1H EOT };",
    };
    for (unsigned i = 0; i < G_N_ELEMENTS(expect); i++) {
        if (!strstr(s->str, expect[i])) {
            g_test_message("missing: %s\nin:\n%s", expect[i], s->str);
        }
        g_assert_nonnull(strstr(s->str, expect[i]));
    }
    g_auto(GStrv) lines = g_strsplit(s->str, "\n", -1);
    g_assert_cmpuint(g_strv_length(lines), ==, 18);     /* 17 and "" */
    g_string_free(s, true);
}

/*
 * Messages (core/eu-send.c) against a flat fake GPU address space: a
 * binding table at 0x1100 (Surface State Base 0x1000 + 0x100), entry 0 a
 * RAW buffer of 256 bytes at 0x8000, entry 1 a 2D surface.
 */
#define VA_SIZE         0x10000
#define SSB             0x1000
#define BUF_VA          0x8000
#define BUF_SIZE        256

typedef struct FakeVa {
    uint8_t mem[VA_SIZE];
    MvgpuEuMem m;
    uint8_t slm[64];
} FakeVa;

static bool va_read(void *opaque, uint64_t va, void *buf, size_t len)
{
    FakeVa *f = opaque;

    if (va + len > VA_SIZE) {
        return false;
    }
    memcpy(buf, f->mem + va, len);
    return true;
}

static bool va_write(void *opaque, uint64_t va, const void *buf, size_t len)
{
    FakeVa *f = opaque;

    if (va + len > VA_SIZE) {
        return false;
    }
    memcpy(f->mem + va, buf, len);
    return true;
}

static void put32(uint8_t *p, uint32_t v)
{
    p[0] = v;
    p[1] = v >> 8;
    p[2] = v >> 16;
    p[3] = v >> 24;
}

static uint32_t get32(const uint8_t *p)
{
    return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24;
}

static FakeVa *fake_va_new(void)
{
    FakeVa *f = g_new0(FakeVa, 1);
    uint8_t *ss = f->mem + SSB + 0x200;

    f->m.read = va_read;
    f->m.write = va_write;
    f->m.opaque = f;
    f->m.surface_state_base = SSB;
    f->m.general_state_base = 0;
    f->m.binding_table = 0x100;
    f->m.slm = f->slm;
    f->m.slm_size = sizeof(f->slm);
    put32(f->mem + SSB + 0x100, 0x200);
    put32(f->mem + SSB + 0x104, 0x240);
    /* SURFTYPE_BUFFER, RAW; size - 1 = 255: width 127, height 1 */
    put32(ss, 4u << 29 | 0x1ffu << 18);
    put32(ss + 8, 127 | 1u << 16);
    put32(ss + 32, BUF_VA);
    /* a SURFTYPE_2D at 0x240 */
    put32(f->mem + SSB + 0x240, 1u << 29);
    for (unsigned i = 0; i < BUF_SIZE / 4; i++) {
        put32(f->mem + BUF_VA + 4 * i, 0x1000 + i);
    }
    return f;
}

/* A thread's opaque: its kernel and the memory its messages reach. */
typedef struct Both {
    EuAsm *a;
    FakeVa *f;
} Both;

static size_t both_fetch(void *opaque, uint32_t ip, uint8_t *buf)
{
    return eu_asm_fetch(((Both *)opaque)->a, ip, buf);
}

static const char *both_send(void *opaque, MvgpuEuThread *t,
                             const MvgpuEuInst *in, uint32_t mask)
{
    return mvgpu_eu_send(&((Both *)opaque)->f->m, t, in, mask);
}

static MvgpuEuThread *thread_both(Both *b, uint32_t mask)
{
    MvgpuEuThread *t = thread_new(b->a, mask);

    t->fetch = both_fetch;
    t->send = both_send;
    t->opaque = b;
    return t;
}

#define DESC(mlen, rlen, hdr, type, ctl, bti) \
    ((mlen) << 25 | (rlen) << 20 | (hdr) << 19 | (type) << 14 | \
     (ctl) << 8 | (bti))

static void test_send_untyped(void)
{
    FakeVa *f = fake_va_new();
    EuAsm a = { 0 };
    Both b = { &a, f };
    MvgpuEuThread *t;

    /* SIMD8 read of R and G (mask 0xc: B, A off) at the offsets of g2 */
    eu_send(&a, 8, 10, 2, MVGPU_EU_SFID_DP_DC1,
            DESC(1, 2, 0, 0x01, 0x2 << 4 | 0xc, 0), false);
    /* SIMD8 write of R from g4 at g2 + 0x80 (g3), payload g3..g4 */
    eu_sends(&a, 8, 0, 3, 4, MVGPU_EU_SFID_DP_DC1,
             DESC(1, 0, 0, 0x09, 0x2 << 4 | 0xe, 0), 1 << 6);
    eu_eot(&a);

    t = thread_both(&b, 0x7f);      /* lane 7 not dispatched */
    for (unsigned i = 0; i < 8; i++) {
        set_ud(t, 2, i, i == 6 ? 252 : 8 * i);
        set_ud(t, 3, i, i == 5 ? 256 : 0x80 + 4 * i);
        set_ud(t, 4, i, 0xab00 + i);
        set_ud(t, 10, i, 0xdead);
    }
    run_ok(t);
    for (unsigned i = 0; i < 7; i++) {
        uint32_t off = i == 6 ? 252 : 8 * i;
        g_assert_cmphex(ud(t, 10, i), ==, 0x1000 + off / 4);
        /* G of lane 6 is at 256: out of bounds reads zero */
        g_assert_cmphex(ud(t, 11, i), ==, i == 6 ? 0 : 0x1000 + off / 4 + 1);
    }
    g_assert_cmphex(ud(t, 10, 7), ==, 0xdead);
    for (unsigned i = 0; i < 8; i++) {
        uint32_t v = get32(f->mem + BUF_VA + 0x80 + 4 * i);
        /* lane 5 wrote out of bounds (dropped), lane 7 is not running */
        g_assert_cmphex(v, ==, i == 5 || i == 7 ? 0x1000 + 0x20 + i :
                        0xab00 + i);
    }
    g_assert_cmphex(get32(f->mem + BUF_VA + BUF_SIZE), ==, 0);
    g_free(t);
    g_free(f);
}

static void test_send_atomic_slm(void)
{
    FakeVa *f = fake_va_new();
    EuAsm a = { 0 };
    Both b = { &a, f };
    MvgpuEuThread *t;

    /* SIMD8 atomic add (op 7) with return, on SLM offset 8 for all lanes */
    eu_sends(&a, 8, 10, 2, 3, MVGPU_EU_SFID_DP_DC1,
             DESC(1, 1, 0, 0x02, 1 << 5 | 1 << 4 | 7, MVGPU_EU_BTI_SLM),
             1 << 6);
    /* and a umax (op 12) on the buffer's dword 0 */
    eu_sends(&a, 8, 11, 4, 3, MVGPU_EU_SFID_DP_DC1,
             DESC(1, 1, 0, 0x02, 1 << 5 | 1 << 4 | 12, 0), 1 << 6);
    eu_eot(&a);

    t = thread_both(&b, 0xff);
    for (unsigned i = 0; i < 8; i++) {
        set_ud(t, 2, i, 8);
        set_ud(t, 3, i, i + 1);
        set_ud(t, 4, i, 0);
    }
    run_ok(t);
    uint32_t sum = 0;
    for (unsigned i = 0; i < 8; i++) {
        g_assert_cmpuint(ud(t, 10, i), ==, sum);
        sum += i + 1;
        g_assert_cmpuint(ud(t, 11, i), ==, MAX(0x1000, i));
    }
    g_assert_cmpuint(get32(f->slm + 8), ==, 36);
    g_assert_cmpuint(get32(f->mem + BUF_VA), ==, 0x1000);
    g_free(t);
    g_free(f);
}

static void test_send_barrier_refused(void)
{
    FakeVa *f = fake_va_new();
    EuAsm a = { 0 };
    Both b = { &a, f };
    MvgpuEuThread *t;

    a.ctl.nomask = true;
    eu_send(&a, 8, 0, 1, MVGPU_EU_SFID_GATEWAY, DESC(1, 0, 0, 0, 0, 4),
            false);
    eu_eot(&a);
    t = thread_both(&b, 0xff);
    g_assert_cmpint(mvgpu_eu_run(t, 100), ==, MVGPU_EU_WAITING);
    g_assert_cmpuint(t->executed, ==, 1);
    g_assert_cmpint(mvgpu_eu_run(t, 100), ==, MVGPU_EU_WAITING);
    t->waiting = false;             /* the whole group arrived */
    run_ok(t);
    g_free(t);

    /* a 2D surface, and a message we do not carry out */
    memset(&a, 0, sizeof(a));
    eu_send(&a, 8, 10, 2, MVGPU_EU_SFID_DP_DC1,
            DESC(1, 1, 0, 0x01, 0x2 << 4 | 0xe, 1), false);
    t = thread_both(&b, 0xff);
    g_assert_cmpint(mvgpu_eu_run(t, 100), ==, MVGPU_EU_FAULT);
    g_assert_nonnull(strstr(t->error, "not a buffer"));
    g_free(t);
    memset(&a, 0, sizeof(a));
    eu_send(&a, 8, 10, 2, MVGPU_EU_SFID_SAMPLER, DESC(1, 1, 0, 0, 0, 0),
            false);
    t = thread_both(&b, 0xff);
    g_assert_cmpint(mvgpu_eu_run(t, 100), ==, MVGPU_EU_FAULT);
    g_assert_nonnull(strstr(t->error, "SFID 2"));
    g_free(t);
    g_free(f);
}

/* Random bits never crash the decoder, disassembler or interpreter. */
static void test_random(void)
{
    GRand *r = g_rand_new_with_seed(17);
    FakeVa *f = fake_va_new();

    for (unsigned k = 0; k < 2000; k++) {
        EuAsm a = { 0 };
        Both b = { &a, f };
        MvgpuEuThread *t;

        a.len = 64;
        for (unsigned i = 0; i < a.len; i++) {
            a.code[i] = g_rand_int(r);
        }
        /* half of them with memory behind their messages */
        if (k & 1) {
            t = thread_both(&b, g_rand_int(r));
        } else {
            t = thread_new(&a, g_rand_int(r));
        }
        mvgpu_eu_run(t, 64);
        g_free(t);

        GString *s = g_string_new(NULL);
        mvgpu_eu_disasm_kernel(a.code, a.len, s);
        g_string_free(s, true);
    }
    g_free(f);
    g_rand_free(r);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/eu/disasm/native", test_disasm_native);
    g_test_add_func("/eu/decode/compact", test_compact);
    g_test_add_func("/eu/decode/compact-3src", test_compact_3src);
    g_test_add_func("/eu/alu/int", test_alu_int);
    g_test_add_func("/eu/alu/float", test_alu_float);
    g_test_add_func("/eu/alu/bits", test_bits);
    g_test_add_func("/eu/predication", test_predication);
    g_test_add_func("/eu/indirect", test_indirect);
    g_test_add_func("/eu/flow/divergent", test_divergent);
    g_test_add_func("/eu/budget", test_budget);
    g_test_add_func("/eu/refused", test_refused);
    g_test_add_func("/eu/anv/disasm", test_anv_disasm);
    g_test_add_func("/eu/anv/run", test_anv_kernel);
    g_test_add_func("/eu/send/untyped", test_send_untyped);
    g_test_add_func("/eu/send/atomic-slm", test_send_atomic_slm);
    g_test_add_func("/eu/send/barrier-refused", test_send_barrier_refused);
    g_test_add_func("/eu/random", test_random);
    return g_test_run();
}
