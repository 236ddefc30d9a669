/*
 * mvgpu core: Gen9 EU instructions, native (128-bit) and compacted
 * (64-bit), decoded to one struct; and their text (eu-disasm.c).
 *
 * Field positions: Skylake PRM vol. 7, "Native Instruction Format" and
 * "EU Compact Instruction Format" (the compaction tables are in
 * eu-decode.c). Only Gen9 encodings are decoded.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef MVGPU_CORE_EU_DECODE_H
#define MVGPU_CORE_EU_DECODE_H

#include <glib.h>
#include <stdbool.h>
#include <stdint.h>

#include "eu-isa.h"

/* A region's vertical stride meaning "VxH" (one address per row). */
#define MVGPU_EU_VXH    0xff

typedef struct MvgpuEuOperand {
    uint8_t file;               /* MVGPU_EU_FILE_* */
    MvgpuEuType type;
    uint8_t reg;                /* register number (ARF: with its nibble) */
    uint8_t subreg;             /* byte offset in the register */
    bool indirect;              /* address from a0.addr_subreg + addr_imm */
    uint8_t addr_subreg;        /* a0 word */
    int16_t addr_imm;
    uint8_t vstride, width, hstride;    /* elements (dst: hstride only) */
    bool neg, abs;
    /* 3-source (align16) sources */
    uint8_t swizzle;            /* 2 bits per channel, x in bits 1:0 */
    bool rep;                   /* replicate channel 0: scalar */
} MvgpuEuOperand;

struct MvgpuEuInst {
    uint8_t opcode;
    bool compact;               /* was 8 bytes */
    bool align16;
    bool three_src;
    uint8_t exec_size;          /* 1, 2, 4, 8, 16 or 32 */
    uint8_t pred_ctrl, pred_inv;
    uint8_t flag_reg, flag_subreg;
    uint8_t cond;               /* conditional modifier, or math function */
    bool sat;
    bool no_mask;               /* WE_all */
    uint8_t qtr_ctrl, nib_ctrl; /* channel group: qtr * 8 + nib * 4 */
    bool acc_wr;                /* AccWrEn (also branch control) */
    uint8_t thread_ctrl;
    bool debug;
    uint8_t dep_ctrl;           /* NoDDClr (bit 0), NoDDChk (bit 1) */
    uint8_t writemask;          /* align16 destination channels */
    MvgpuEuOperand dst, src[3];
    uint64_t imm;               /* the immediate source's bits */
    int32_t jip, uip;           /* flow control, bytes from this IP */
    /* SEND / SENDS */
    uint8_t sfid;
    bool eot;
    bool desc_reg;              /* descriptor in a0.0, not desc */
    bool ex_desc_reg;           /* extended descriptor in a0.N (SENDS) */
    uint8_t ex_desc_subreg;
    uint32_t desc, ex_desc;
    uint8_t src1_reg;           /* SENDS: the second payload */
    uint8_t mlen, rlen, ex_mlen;
    bool header;
    uint32_t raw[4];            /* native form (uncompacted) */
};

/*
 * Decodes the instruction at @bytes (@avail bytes readable: 8 suffice for
 * a compacted one). Returns its length (8 or 16), or 0 with @why set when
 * the bits are not a Gen9 instruction we can represent.
 */
unsigned mvgpu_eu_decode(const uint8_t *bytes, size_t avail,
                         MvgpuEuInst *in, const char **why);

/* Appends one line of assembly (no newline) in the style of Mesa's. */
void mvgpu_eu_disasm(const MvgpuEuInst *in, GString *out);

/*
 * Disassembles @len bytes of a kernel at @code, one instruction a line
 * prefixed with its offset; stops at the end, at an undecodable
 * instruction, or after a SEND with EOT followed only by zeroes.
 */
void mvgpu_eu_disasm_kernel(const uint8_t *code, size_t len, GString *out);

#endif
