/*
 * mvgpu core: the Gen9 EU opcode table and type encodings.
 *
 * Opcodes: Skylake PRM vol. 7, "Opcode Encoding"; types: vol. 7, "Register
 * and Immediate Data Types" (Gen8+ encodings; 3-source instructions have
 * their own 3-bit field). An opcode whose row has no handler is decoded
 * and printed, and refused by the interpreter with its name.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <stddef.h>

#include "eu-exec.h"
#include "eu-isa.h"

#define ALU(n, s, h)    { n, s, MVGPU_EU_KIND_ALU, h }
#define FLOW(n, s, h)   { n, s, MVGPU_EU_KIND_FLOW, h }

static const MvgpuEuOpInfo ops[128] = {
    [MVGPU_EU_OP_ILLEGAL] = ALU("illegal", 0, NULL),
    [MVGPU_EU_OP_MOV] = ALU("mov", 1, mvgpu_eu_do_alu),
    [MVGPU_EU_OP_SEL] = ALU("sel", 2, mvgpu_eu_do_sel),
    [MVGPU_EU_OP_MOVI] = ALU("movi", 1, NULL),
    [MVGPU_EU_OP_NOT] = ALU("not", 1, mvgpu_eu_do_alu),
    [MVGPU_EU_OP_AND] = ALU("and", 2, mvgpu_eu_do_alu),
    [MVGPU_EU_OP_OR] = ALU("or", 2, mvgpu_eu_do_alu),
    [MVGPU_EU_OP_XOR] = ALU("xor", 2, mvgpu_eu_do_alu),
    [MVGPU_EU_OP_SHR] = ALU("shr", 2, mvgpu_eu_do_alu),
    [MVGPU_EU_OP_SHL] = ALU("shl", 2, mvgpu_eu_do_alu),
    [MVGPU_EU_OP_SMOV] = ALU("smov", 1, NULL),
    [MVGPU_EU_OP_ASR] = ALU("asr", 2, mvgpu_eu_do_alu),
    [MVGPU_EU_OP_CMP] = ALU("cmp", 2, mvgpu_eu_do_cmp),
    [MVGPU_EU_OP_CMPN] = ALU("cmpn", 2, NULL),
    [MVGPU_EU_OP_CSEL] = ALU("csel", 3, mvgpu_eu_do_csel),
    [MVGPU_EU_OP_BFREV] = ALU("bfrev", 1, mvgpu_eu_do_alu),
    [MVGPU_EU_OP_BFE] = ALU("bfe", 3, mvgpu_eu_do_alu),
    [MVGPU_EU_OP_BFI1] = ALU("bfi1", 2, mvgpu_eu_do_alu),
    [MVGPU_EU_OP_BFI2] = ALU("bfi2", 3, mvgpu_eu_do_alu),
    [MVGPU_EU_OP_JMPI] = FLOW("jmpi", 1, mvgpu_eu_do_flow),
    [MVGPU_EU_OP_BRD] = FLOW("brd", 0, NULL),
    [MVGPU_EU_OP_IF] = FLOW("if", 0, mvgpu_eu_do_flow),
    [MVGPU_EU_OP_BRC] = FLOW("brc", 0, NULL),
    [MVGPU_EU_OP_ELSE] = FLOW("else", 0, mvgpu_eu_do_flow),
    [MVGPU_EU_OP_ENDIF] = FLOW("endif", 0, mvgpu_eu_do_flow),
    [MVGPU_EU_OP_WHILE] = FLOW("while", 0, mvgpu_eu_do_flow),
    [MVGPU_EU_OP_BREAK] = FLOW("break", 0, mvgpu_eu_do_flow),
    [MVGPU_EU_OP_CONT] = FLOW("cont", 0, mvgpu_eu_do_flow),
    [MVGPU_EU_OP_HALT] = FLOW("halt", 0, mvgpu_eu_do_flow),
    [MVGPU_EU_OP_CALLA] = FLOW("calla", 0, NULL),
    [MVGPU_EU_OP_CALL] = FLOW("call", 1, mvgpu_eu_do_flow),
    [MVGPU_EU_OP_RET] = FLOW("ret", 1, mvgpu_eu_do_flow),
    [MVGPU_EU_OP_GOTO] = FLOW("goto", 0, NULL),
    [MVGPU_EU_OP_JOIN] = FLOW("join", 0, NULL),
    [MVGPU_EU_OP_WAIT] = FLOW("wait", 1, NULL),
    [MVGPU_EU_OP_SEND] = { "send", 1, MVGPU_EU_KIND_SEND, mvgpu_eu_do_send },
    [MVGPU_EU_OP_SENDC] = { "sendc", 1, MVGPU_EU_KIND_SEND, mvgpu_eu_do_send },
    [MVGPU_EU_OP_SENDS] = { "sends", 2, MVGPU_EU_KIND_SEND, mvgpu_eu_do_send },
    [MVGPU_EU_OP_SENDSC] = { "sendsc", 2, MVGPU_EU_KIND_SEND,
                             mvgpu_eu_do_send },
    [MVGPU_EU_OP_MATH] = { "math", 2, MVGPU_EU_KIND_MATH, mvgpu_eu_do_math },
    [MVGPU_EU_OP_ADD] = ALU("add", 2, mvgpu_eu_do_alu),
    [MVGPU_EU_OP_MUL] = ALU("mul", 2, mvgpu_eu_do_alu),
    [MVGPU_EU_OP_AVG] = ALU("avg", 2, mvgpu_eu_do_alu),
    [MVGPU_EU_OP_FRC] = ALU("frc", 1, mvgpu_eu_do_alu),
    [MVGPU_EU_OP_RNDU] = ALU("rndu", 1, mvgpu_eu_do_alu),
    [MVGPU_EU_OP_RNDD] = ALU("rndd", 1, mvgpu_eu_do_alu),
    [MVGPU_EU_OP_RNDE] = ALU("rnde", 1, mvgpu_eu_do_alu),
    [MVGPU_EU_OP_RNDZ] = ALU("rndz", 1, mvgpu_eu_do_alu),
    [MVGPU_EU_OP_MAC] = ALU("mac", 2, mvgpu_eu_do_alu),
    [MVGPU_EU_OP_MACH] = ALU("mach", 2, mvgpu_eu_do_alu),
    [MVGPU_EU_OP_LZD] = ALU("lzd", 1, mvgpu_eu_do_alu),
    [MVGPU_EU_OP_FBH] = ALU("fbh", 1, mvgpu_eu_do_alu),
    [MVGPU_EU_OP_FBL] = ALU("fbl", 1, mvgpu_eu_do_alu),
    [MVGPU_EU_OP_CBIT] = ALU("cbit", 1, mvgpu_eu_do_alu),
    [MVGPU_EU_OP_ADDC] = ALU("addc", 2, mvgpu_eu_do_alu),
    [MVGPU_EU_OP_SUBB] = ALU("subb", 2, mvgpu_eu_do_alu),
    [MVGPU_EU_OP_SAD2] = ALU("sad2", 2, NULL),
    [MVGPU_EU_OP_SADA2] = ALU("sada2", 2, NULL),
    [MVGPU_EU_OP_DP4] = ALU("dp4", 2, NULL),
    [MVGPU_EU_OP_DPH] = ALU("dph", 2, NULL),
    [MVGPU_EU_OP_DP3] = ALU("dp3", 2, NULL),
    [MVGPU_EU_OP_DP2] = ALU("dp2", 2, NULL),
    [MVGPU_EU_OP_LINE] = ALU("line", 2, NULL),
    [MVGPU_EU_OP_PLN] = ALU("pln", 2, NULL),
    [MVGPU_EU_OP_MAD] = ALU("mad", 3, mvgpu_eu_do_alu),
    [MVGPU_EU_OP_LRP] = ALU("lrp", 3, mvgpu_eu_do_alu),
    [MVGPU_EU_OP_MADM] = ALU("madm", 3, NULL),
    [MVGPU_EU_OP_NOP] = { "nop", 0, MVGPU_EU_KIND_NOP, mvgpu_eu_do_nop },
};

static const MvgpuEuOpInfo unknown = { NULL, 0, MVGPU_EU_KIND_NONE, NULL };

const MvgpuEuOpInfo *mvgpu_eu_op(unsigned op)
{
    if (op >= 128 || !ops[op].name) {
        return &unknown;
    }
    return &ops[op];
}

static const struct {
    const char *name;
    uint8_t size;
    bool is_float, is_signed;
} types[] = {
    [MVGPU_EU_TYPE_UD] = { "UD", 4, false, false },
    [MVGPU_EU_TYPE_D] = { "D", 4, false, true },
    [MVGPU_EU_TYPE_UW] = { "UW", 2, false, false },
    [MVGPU_EU_TYPE_W] = { "W", 2, false, true },
    [MVGPU_EU_TYPE_UB] = { "UB", 1, false, false },
    [MVGPU_EU_TYPE_B] = { "B", 1, false, true },
    [MVGPU_EU_TYPE_DF] = { "DF", 8, true, true },
    [MVGPU_EU_TYPE_F] = { "F", 4, true, true },
    [MVGPU_EU_TYPE_UQ] = { "UQ", 8, false, false },
    [MVGPU_EU_TYPE_Q] = { "Q", 8, false, true },
    [MVGPU_EU_TYPE_HF] = { "HF", 2, true, true },
    [MVGPU_EU_TYPE_UV] = { "UV", 4, false, false },
    [MVGPU_EU_TYPE_V] = { "V", 4, false, true },
    [MVGPU_EU_TYPE_VF] = { "VF", 4, true, true },
    [MVGPU_EU_TYPE_INVALID] = { "INVALID", 0, false, false },
};

unsigned mvgpu_eu_type_size(MvgpuEuType t)
{
    return types[t].size;
}

const char *mvgpu_eu_type_name(MvgpuEuType t)
{
    return types[t].name;
}

bool mvgpu_eu_type_is_float(MvgpuEuType t)
{
    return types[t].is_float;
}

bool mvgpu_eu_type_is_signed(MvgpuEuType t)
{
    return types[t].is_signed;
}

MvgpuEuType mvgpu_eu_type_reg(unsigned hw)
{
    static const MvgpuEuType t[16] = {
        MVGPU_EU_TYPE_UD, MVGPU_EU_TYPE_D, MVGPU_EU_TYPE_UW, MVGPU_EU_TYPE_W,
        MVGPU_EU_TYPE_UB, MVGPU_EU_TYPE_B, MVGPU_EU_TYPE_DF, MVGPU_EU_TYPE_F,
        MVGPU_EU_TYPE_UQ, MVGPU_EU_TYPE_Q, MVGPU_EU_TYPE_HF,
        MVGPU_EU_TYPE_INVALID, MVGPU_EU_TYPE_INVALID, MVGPU_EU_TYPE_INVALID,
        MVGPU_EU_TYPE_INVALID, MVGPU_EU_TYPE_INVALID,
    };
    return t[hw & 15];
}

MvgpuEuType mvgpu_eu_type_imm(unsigned hw)
{
    static const MvgpuEuType t[16] = {
        MVGPU_EU_TYPE_UD, MVGPU_EU_TYPE_D, MVGPU_EU_TYPE_UW, MVGPU_EU_TYPE_W,
        MVGPU_EU_TYPE_UV, MVGPU_EU_TYPE_VF, MVGPU_EU_TYPE_V, MVGPU_EU_TYPE_F,
        MVGPU_EU_TYPE_UQ, MVGPU_EU_TYPE_Q, MVGPU_EU_TYPE_DF, MVGPU_EU_TYPE_HF,
        MVGPU_EU_TYPE_INVALID, MVGPU_EU_TYPE_INVALID, MVGPU_EU_TYPE_INVALID,
        MVGPU_EU_TYPE_INVALID,
    };
    return t[hw & 15];
}

MvgpuEuType mvgpu_eu_type_3src(unsigned hw)
{
    static const MvgpuEuType t[8] = {
        MVGPU_EU_TYPE_F, MVGPU_EU_TYPE_D, MVGPU_EU_TYPE_UD, MVGPU_EU_TYPE_DF,
        MVGPU_EU_TYPE_HF, MVGPU_EU_TYPE_INVALID, MVGPU_EU_TYPE_INVALID,
        MVGPU_EU_TYPE_INVALID,
    };
    return t[hw & 7];
}

const char *mvgpu_eu_cond_name(unsigned cond)
{
    static const char *const n[16] = {
        "", "z", "nz", "g", "ge", "l", "le", "r", "o", "u",
    };
    return cond < 16 && n[cond] ? n[cond] : "?";
}

const char *mvgpu_eu_math_name(unsigned fn)
{
    static const char *const n[16] = {
        NULL, "inv", "log", "exp", "sqrt", "rsq", "sin", "cos", NULL,
        "fdiv", "pow", "intdivmod", "intdiv", "intmod", "invm", "rsqrtm",
    };
    return fn < 16 ? n[fn] : NULL;
}
