/*
 * mvgpu core: the Gen9 EU instruction set as data.
 *
 * Opcode numbers, register files, types and the fields' encodings are
 * those of the Skylake PRM vol. 7 ("3D-Media-GPGPU", EU instruction set:
 * "Instruction Set Summary", "Opcode Encoding", "Register Region") and
 * vol. 2a (the instructions). What one opcode is, and which handler of
 * eu-exec.c runs it, is a row of the table in eu-isa.c.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef MVGPU_CORE_EU_ISA_H
#define MVGPU_CORE_EU_ISA_H

#include <stdbool.h>
#include <stdint.h>

/* Gen9 hardware opcodes (bits 6:0 of every instruction). */
enum {
    MVGPU_EU_OP_ILLEGAL = 0x00,
    MVGPU_EU_OP_MOV = 0x01,
    MVGPU_EU_OP_SEL = 0x02,
    MVGPU_EU_OP_MOVI = 0x03,
    MVGPU_EU_OP_NOT = 0x04,
    MVGPU_EU_OP_AND = 0x05,
    MVGPU_EU_OP_OR = 0x06,
    MVGPU_EU_OP_XOR = 0x07,
    MVGPU_EU_OP_SHR = 0x08,
    MVGPU_EU_OP_SHL = 0x09,
    MVGPU_EU_OP_SMOV = 0x0a,
    MVGPU_EU_OP_ASR = 0x0c,
    MVGPU_EU_OP_CMP = 0x10,
    MVGPU_EU_OP_CMPN = 0x11,
    MVGPU_EU_OP_CSEL = 0x12,
    MVGPU_EU_OP_BFREV = 0x17,
    MVGPU_EU_OP_BFE = 0x18,
    MVGPU_EU_OP_BFI1 = 0x19,
    MVGPU_EU_OP_BFI2 = 0x1a,
    MVGPU_EU_OP_JMPI = 0x20,
    MVGPU_EU_OP_BRD = 0x21,
    MVGPU_EU_OP_IF = 0x22,
    MVGPU_EU_OP_BRC = 0x23,
    MVGPU_EU_OP_ELSE = 0x24,
    MVGPU_EU_OP_ENDIF = 0x25,
    MVGPU_EU_OP_WHILE = 0x27,
    MVGPU_EU_OP_BREAK = 0x28,
    MVGPU_EU_OP_CONT = 0x29,
    MVGPU_EU_OP_HALT = 0x2a,
    MVGPU_EU_OP_CALLA = 0x2b,
    MVGPU_EU_OP_CALL = 0x2c,
    MVGPU_EU_OP_RET = 0x2d,
    MVGPU_EU_OP_GOTO = 0x2e,
    MVGPU_EU_OP_JOIN = 0x2f,
    MVGPU_EU_OP_WAIT = 0x30,
    MVGPU_EU_OP_SEND = 0x31,
    MVGPU_EU_OP_SENDC = 0x32,
    MVGPU_EU_OP_SENDS = 0x33,
    MVGPU_EU_OP_SENDSC = 0x34,
    MVGPU_EU_OP_MATH = 0x38,
    MVGPU_EU_OP_ADD = 0x40,
    MVGPU_EU_OP_MUL = 0x41,
    MVGPU_EU_OP_AVG = 0x42,
    MVGPU_EU_OP_FRC = 0x43,
    MVGPU_EU_OP_RNDU = 0x44,
    MVGPU_EU_OP_RNDD = 0x45,
    MVGPU_EU_OP_RNDE = 0x46,
    MVGPU_EU_OP_RNDZ = 0x47,
    MVGPU_EU_OP_MAC = 0x48,
    MVGPU_EU_OP_MACH = 0x49,
    MVGPU_EU_OP_LZD = 0x4a,
    MVGPU_EU_OP_FBH = 0x4b,
    MVGPU_EU_OP_FBL = 0x4c,
    MVGPU_EU_OP_CBIT = 0x4d,
    MVGPU_EU_OP_ADDC = 0x4e,
    MVGPU_EU_OP_SUBB = 0x4f,
    MVGPU_EU_OP_SAD2 = 0x50,
    MVGPU_EU_OP_SADA2 = 0x51,
    MVGPU_EU_OP_DP4 = 0x54,
    MVGPU_EU_OP_DPH = 0x55,
    MVGPU_EU_OP_DP3 = 0x56,
    MVGPU_EU_OP_DP2 = 0x57,
    MVGPU_EU_OP_LINE = 0x59,
    MVGPU_EU_OP_PLN = 0x5a,
    MVGPU_EU_OP_MAD = 0x5b,
    MVGPU_EU_OP_LRP = 0x5c,
    MVGPU_EU_OP_MADM = 0x5d,
    MVGPU_EU_OP_NOP = 0x7e,
};

/* Register files (2-bit field). */
enum {
    MVGPU_EU_FILE_ARF = 0,
    MVGPU_EU_FILE_GRF = 1,
    MVGPU_EU_FILE_IMM = 3,
};

/*
 * Our types (not the hardware encodings, which differ between register
 * and immediate operands and again for 3-source instructions).
 */
typedef enum MvgpuEuType {
    MVGPU_EU_TYPE_UD, MVGPU_EU_TYPE_D, MVGPU_EU_TYPE_UW, MVGPU_EU_TYPE_W,
    MVGPU_EU_TYPE_UB, MVGPU_EU_TYPE_B, MVGPU_EU_TYPE_DF, MVGPU_EU_TYPE_F,
    MVGPU_EU_TYPE_UQ, MVGPU_EU_TYPE_Q, MVGPU_EU_TYPE_HF,
    MVGPU_EU_TYPE_UV, MVGPU_EU_TYPE_V, MVGPU_EU_TYPE_VF,  /* immediates */
    MVGPU_EU_TYPE_INVALID,
} MvgpuEuType;

/* Architecture registers: the high nibble of an ARF register number. */
enum {
    MVGPU_EU_ARF_NULL = 0x0,
    MVGPU_EU_ARF_A = 0x1,
    MVGPU_EU_ARF_ACC = 0x2,
    MVGPU_EU_ARF_F = 0x3,
    MVGPU_EU_ARF_CE = 0x4,
    MVGPU_EU_ARF_MSG = 0x5,
    MVGPU_EU_ARF_SP = 0x6,
    MVGPU_EU_ARF_SR = 0x7,
    MVGPU_EU_ARF_CR = 0x8,
    MVGPU_EU_ARF_N = 0x9,
    MVGPU_EU_ARF_IP = 0xa,
    MVGPU_EU_ARF_TDR = 0xb,
    MVGPU_EU_ARF_TM = 0xc,
};

/* Conditional modifiers (also the math function field for MATH). */
enum {
    MVGPU_EU_COND_NONE = 0,
    MVGPU_EU_COND_Z = 1,
    MVGPU_EU_COND_NZ = 2,
    MVGPU_EU_COND_G = 3,
    MVGPU_EU_COND_GE = 4,
    MVGPU_EU_COND_L = 5,
    MVGPU_EU_COND_LE = 6,
    MVGPU_EU_COND_O = 8,
    MVGPU_EU_COND_U = 9,
};

/* Predicate control, align1. */
enum {
    MVGPU_EU_PRED_NONE = 0,
    MVGPU_EU_PRED_NORMAL = 1,
    MVGPU_EU_PRED_ANYV = 2,
    MVGPU_EU_PRED_ALLV = 3,
    MVGPU_EU_PRED_ANY2H = 4,    /* then ALL2H, ANY4H ... ALL32H */
    MVGPU_EU_PRED_ALL32H = 13,
};

/* MATH function control. */
enum {
    MVGPU_EU_MATH_INV = 1,
    MVGPU_EU_MATH_LOG = 2,
    MVGPU_EU_MATH_EXP = 3,
    MVGPU_EU_MATH_SQRT = 4,
    MVGPU_EU_MATH_RSQ = 5,
    MVGPU_EU_MATH_SIN = 6,
    MVGPU_EU_MATH_COS = 7,
    MVGPU_EU_MATH_FDIV = 9,
    MVGPU_EU_MATH_POW = 10,
    MVGPU_EU_MATH_IDIV_QR = 11,
    MVGPU_EU_MATH_IDIV_Q = 12,
    MVGPU_EU_MATH_IDIV_R = 13,
    MVGPU_EU_MATH_INVM = 14,
    MVGPU_EU_MATH_RSQRTM = 15,
};

/* Shared function IDs of SEND (Skylake PRM vol. 7, "Shared Functions"). */
enum {
    MVGPU_EU_SFID_NULL = 0,
    MVGPU_EU_SFID_SAMPLER = 2,
    MVGPU_EU_SFID_GATEWAY = 3,
    MVGPU_EU_SFID_DP_SAMPLER = 4,   /* data port sampler cache */
    MVGPU_EU_SFID_DP_RC = 5,        /* data port render cache */
    MVGPU_EU_SFID_URB = 6,
    MVGPU_EU_SFID_THREAD_SPAWNER = 7,
    MVGPU_EU_SFID_VME = 8,
    MVGPU_EU_SFID_DP_CC = 9,        /* data port constant cache */
    MVGPU_EU_SFID_DP_DC0 = 10,      /* data cache, data port 0 */
    MVGPU_EU_SFID_PI = 11,          /* pixel interpolator */
    MVGPU_EU_SFID_DP_DC1 = 12,      /* data cache, data port 1 */
    MVGPU_EU_SFID_CRE = 13,
};

/* How an opcode is executed. */
typedef enum MvgpuEuKind {
    MVGPU_EU_KIND_NONE,         /* not an instruction we know */
    MVGPU_EU_KIND_ALU,
    MVGPU_EU_KIND_MATH,
    MVGPU_EU_KIND_SEND,
    MVGPU_EU_KIND_FLOW,
    MVGPU_EU_KIND_NOP,
} MvgpuEuKind;

typedef struct MvgpuEuThread MvgpuEuThread;
typedef struct MvgpuEuInst MvgpuEuInst;

/*
 * Runs one instruction on a thread (eu-exec.c); NULL for opcodes the
 * interpreter refuses. Returns NULL, or why the workload is refused.
 */
typedef const char *(*MvgpuEuHandler)(MvgpuEuThread *t, const MvgpuEuInst *in);

typedef struct MvgpuEuOpInfo {
    const char *name;           /* the mnemonic, NULL if unused */
    uint8_t nsrc;               /* sources read */
    MvgpuEuKind kind;
    MvgpuEuHandler handler;     /* eu-exec.c, NULL if refused */
} MvgpuEuOpInfo;

/* The row of hardware opcode @op (0..127); never NULL. */
const MvgpuEuOpInfo *mvgpu_eu_op(unsigned op);

/* Types: their size in bytes (an immediate vector: 4) and name ("UD"). */
unsigned mvgpu_eu_type_size(MvgpuEuType t);
const char *mvgpu_eu_type_name(MvgpuEuType t);
bool mvgpu_eu_type_is_float(MvgpuEuType t);
bool mvgpu_eu_type_is_signed(MvgpuEuType t);

/* Hardware type encodings (Gen8+) to ours: register, immediate, 3-source. */
MvgpuEuType mvgpu_eu_type_reg(unsigned hw);
MvgpuEuType mvgpu_eu_type_imm(unsigned hw);
MvgpuEuType mvgpu_eu_type_3src(unsigned hw);

const char *mvgpu_eu_cond_name(unsigned cond);     /* "l", "" for none */
const char *mvgpu_eu_math_name(unsigned fn);       /* NULL if unknown */

#endif
