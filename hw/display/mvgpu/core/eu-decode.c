/*
 * mvgpu core: decoding Gen9 EU instructions.
 *
 * A compacted instruction (CmptCtrl, bit 29, set) is first expanded to
 * its native 128 bits through the compaction tables below, then decoded
 * as a native one. The tables and the bits each one fills are those of
 * the Skylake PRM vol. 7, "EU Compact Instruction Format" (Gen8 and Gen9
 * share them); Mesa's src/intel/compiler/brw_eu_compact.c has the same
 * facts for a reader who wants to compare.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <string.h>

#include "bytes.h"
#include "eu-decode.h"

/* Bits hi..lo of a 128-bit instruction (hi - lo < 64). */
static uint64_t bits(const uint64_t *w, unsigned hi, unsigned lo)
{
    unsigned n = hi - lo + 1;
    uint64_t v;

    if (lo >= 64) {
        v = w[1] >> (lo - 64);
    } else if (hi < 64) {
        v = w[0] >> lo;
    } else {
        v = (w[0] >> lo) | (w[1] << (64 - lo));
    }
    return n == 64 ? v : v & ((1ull << n) - 1);
}

static void set_bits(uint64_t *w, unsigned hi, unsigned lo, uint64_t v)
{
    for (unsigned b = lo; b <= hi; b++, v >>= 1) {
        uint64_t m = 1ull << (b & 63);
        if (v & 1) {
            w[b >> 6] |= m;
        } else {
            w[b >> 6] &= ~m;
        }
    }
}

/*
 * Compaction tables (2-source instructions). ControlIndex fills bits
 * 33:31, 23:12, 10:9, 34 and 8 (from the value's top bit down);
 * DataTypeIndex 63:61, 94:89 and 46:35; SubRegIndex 100:96, 68:64 and
 * 52:48; Src0Index bits 88:77 and Src1Index bits 120:109.
 */
static const uint32_t control_table[32] = {
    0x00002, 0x04000, 0x04001, 0x04002,
    0x04003, 0x04004, 0x04005, 0x04007,
    0x04008, 0x04009, 0x0400d, 0x06000,
    0x06001, 0x06002, 0x06003, 0x06004,
    0x06005, 0x06007, 0x06009, 0x0600d,
    0x06010, 0x06100, 0x08000, 0x08002,
    0x08004, 0x08100, 0x16000, 0x16010,
    0x18000, 0x18100, 0x28000, 0x28100,
};

static const uint32_t datatype_table[32] = {
    0x040001, 0x040040, 0x040041, 0x0400c1,
    0x04015d, 0x0405dd, 0x040741, 0x040745,
    0x04075d, 0x041041, 0x043040, 0x043041,
    0x045145, 0x047144, 0x047145, 0x05c75d,
    0x05d71d, 0x05d75c, 0x05d75d, 0x05f75c,
    0x00040c, 0x04005d, 0x040145, 0x041040,
    0x045144, 0x047104, 0x049209, 0x05775d,
    0x05f75d, 0x04f34c, 0x049248, 0x04b248,
};

static const uint16_t subreg_table[32] = {
    0x0000, 0x0001, 0x0008, 0x000f,
    0x0010, 0x0080, 0x0100, 0x0180,
    0x0200, 0x0210, 0x0280, 0x1000,
    0x1001, 0x1081, 0x1082, 0x1083,
    0x1084, 0x1087, 0x1088, 0x108e,
    0x108f, 0x1180, 0x11e8, 0x2000,
    0x2180, 0x3000, 0x3c87, 0x4000,
    0x5000, 0x6000, 0x7000, 0x701c,
};

static const uint16_t src_table[32] = {
    0x000, 0x002, 0x010, 0x012,
    0x018, 0x020, 0x028, 0x048,
    0x050, 0x070, 0x078, 0x300,
    0x302, 0x308, 0x310, 0x312,
    0x320, 0x328, 0x338, 0x340,
    0x342, 0x348, 0x350, 0x360,
    0x368, 0x370, 0x371, 0x378,
    0x468, 0x469, 0x46a, 0x588,
};

/*
 * 3-source compaction: ControlIndex fills bits 34:32 and 28:8 (and 36:35
 * on parts with the wider form: zero here); SourceIndex 83, 114:107,
 * 93:86, 72:65 and 55:37 (and 126:125, 105:104, 84: zero here).
 */
static const uint32_t control3_table[4] = {
    0x0806001, 0x0006001, 0x0008001, 0x0008021,
};

static const uint64_t source3_table[4] = {
    0x007272720f000ull, 0x007272720f002ull,
    0x007272720f008ull, 0x007272720f020ull,
};

static bool is_3src(unsigned op)
{
    return mvgpu_eu_op(op)->nsrc == 3;
}

/* A 64-bit compacted instruction @c to its native form @w. */
static void uncompact(uint64_t c, uint64_t *w)
{
    uint64_t cw[2] = { c, 0 };
    unsigned op = c & 0x7f;

    w[0] = w[1] = 0;
    set_bits(w, 6, 0, op);
    if (is_3src(op)) {
        uint32_t ctl = control3_table[bits(cw, 9, 8)];
        uint64_t src = source3_table[bits(cw, 11, 10)];

        set_bits(w, 34, 32, ctl >> 21);
        set_bits(w, 28, 8, ctl & 0x1fffff);
        set_bits(w, 83, 83, src >> 43);
        set_bits(w, 114, 107, src >> 35);
        set_bits(w, 93, 86, src >> 27);
        set_bits(w, 72, 65, src >> 19);
        set_bits(w, 55, 37, src);
        set_bits(w, 63, 56, bits(cw, 18, 12));          /* dst reg */
        set_bits(w, 64, 64, bits(cw, 28, 28));          /* src0 rep */
        set_bits(w, 30, 30, bits(cw, 30, 30));          /* debug */
        set_bits(w, 31, 31, bits(cw, 31, 31));          /* saturate */
        set_bits(w, 85, 85, bits(cw, 32, 32));          /* src1 rep */
        set_bits(w, 106, 106, bits(cw, 33, 33));        /* src2 rep */
        set_bits(w, 75, 73, bits(cw, 36, 34));          /* src0 subreg */
        set_bits(w, 96, 94, bits(cw, 39, 37));          /* src1 subreg */
        set_bits(w, 117, 115, bits(cw, 42, 40));        /* src2 subreg */
        set_bits(w, 83, 76, bits(cw, 49, 43));          /* src0 reg */
        set_bits(w, 104, 97, bits(cw, 56, 50));         /* src1 reg */
        set_bits(w, 125, 118, bits(cw, 63, 57));        /* src2 reg */
        return;
    }

    uint32_t ctl = control_table[bits(cw, 12, 8)];
    uint32_t dt = datatype_table[bits(cw, 17, 13)];
    uint16_t sr = subreg_table[bits(cw, 22, 18)];

    set_bits(w, 33, 31, ctl >> 16);
    set_bits(w, 23, 12, ctl >> 4);
    set_bits(w, 10, 9, ctl >> 2);
    set_bits(w, 34, 34, ctl >> 1);
    set_bits(w, 8, 8, ctl);
    set_bits(w, 63, 61, dt >> 18);
    set_bits(w, 94, 89, dt >> 12);
    set_bits(w, 46, 35, dt);
    set_bits(w, 100, 96, sr >> 10);
    set_bits(w, 68, 64, sr >> 5);
    set_bits(w, 52, 48, sr);
    set_bits(w, 88, 77, src_table[bits(cw, 34, 30)]);
    set_bits(w, 30, 30, bits(cw, 7, 7));                /* debug */
    set_bits(w, 28, 28, bits(cw, 23, 23));              /* AccWrEn */
    set_bits(w, 27, 24, bits(cw, 27, 24));              /* cond */
    set_bits(w, 60, 53, bits(cw, 47, 40));              /* dst reg */
    set_bits(w, 76, 69, bits(cw, 55, 48));              /* src0 reg */
    if (bits(w, 42, 41) == MVGPU_EU_FILE_IMM ||
        bits(w, 90, 89) == MVGPU_EU_FILE_IMM) {
        /* 13 bits, the top one replicated through the high 19 */
        uint32_t imm = (bits(cw, 39, 35) << 8) | bits(cw, 63, 56);
        imm = (uint32_t)((int32_t)(imm << 19) >> 19);
        set_bits(w, 127, 96, imm);
    } else {
        set_bits(w, 120, 109, src_table[bits(cw, 39, 35)]);
        set_bits(w, 108, 101, bits(cw, 63, 56));        /* src1 reg */
    }
}

static const uint8_t vstrides[16] = {
    0, 1, 2, 4, 8, 16, 32, 0xfe, 0xfe, 0xfe, 0xfe, 0xfe, 0xfe, 0xfe, 0xfe,
    MVGPU_EU_VXH,
};

/* A 2-source instruction's source operand (@n 0 or 1). */
static const char *decode_src(const uint64_t *w, unsigned n,
                              MvgpuEuOperand *s)
{
    /* bit offsets of src1 are those of src0 plus 32 */
    unsigned o = n ? 32 : 0;
    unsigned file = n ? bits(w, 90, 89) : bits(w, 42, 41);
    unsigned hw = n ? bits(w, 94, 91) : bits(w, 46, 43);

    memset(s, 0, sizeof(*s));
    s->file = file;
    if (file == MVGPU_EU_FILE_IMM) {
        s->type = mvgpu_eu_type_imm(hw);
        s->width = 1;
        return s->type == MVGPU_EU_TYPE_INVALID ? "bad immediate type" : NULL;
    }
    if (file == 2) {
        return "bad register file";
    }
    s->type = mvgpu_eu_type_reg(hw);
    if (s->type == MVGPU_EU_TYPE_INVALID) {
        return "bad source type";
    }
    s->abs = bits(w, 77 + o, 77 + o);
    s->neg = bits(w, 78 + o, 78 + o);
    s->indirect = bits(w, 79 + o, 79 + o);
    if (s->indirect) {
        unsigned imm9 = n ? bits(w, 121, 121) : bits(w, 95, 95);
        unsigned imm = bits(w, 72 + o, 64 + o) | (imm9 << 9);
        s->addr_imm = (int16_t)(imm << 6) >> 6;
        s->addr_subreg = bits(w, 76 + o, 73 + o);
    } else {
        s->reg = bits(w, 76 + o, 69 + o);
        s->subreg = bits(w, 68 + o, 64 + o);
    }
    s->hstride = (1u << bits(w, 81 + o, 80 + o)) >> 1;
    if (bits(w, 84 + o, 82 + o) > 4) {
        return "bad region width";
    }
    s->width = 1u << bits(w, 84 + o, 82 + o);
    s->vstride = vstrides[bits(w, 88 + o, 85 + o)];
    if (s->vstride == 0xfe) {
        return "bad vertical stride";
    }
    s->swizzle = 0xe4;
    return NULL;
}

static const char *decode_3src(const uint64_t *w, MvgpuEuInst *in)
{
    MvgpuEuType st = mvgpu_eu_type_3src(bits(w, 45, 43));

    if (!in->align16) {
        return "3-source instruction in align1 (Gen10+ form)";
    }
    in->flag_subreg = bits(w, 32, 32);
    in->flag_reg = bits(w, 33, 33);
    in->no_mask = bits(w, 34, 34);
    if (bits(w, 36, 35) || bits(w, 84, 84) || bits(w, 105, 105) ||
        bits(w, 127, 126)) {
        return "3-source mixed half-float or reserved bits";
    }
    in->dst.file = MVGPU_EU_FILE_GRF;
    in->dst.type = mvgpu_eu_type_3src(bits(w, 48, 46));
    in->dst.reg = bits(w, 63, 56);
    in->dst.subreg = bits(w, 55, 53) * 4;
    in->dst.hstride = 1;
    in->writemask = bits(w, 52, 49);
    if (in->dst.type == MVGPU_EU_TYPE_INVALID ||
        st == MVGPU_EU_TYPE_INVALID) {
        return "bad 3-source type";
    }
    static const unsigned rep[3] = { 64, 85, 106 };
    static const unsigned swz[3] = { 65, 86, 107 };
    static const unsigned sub[3] = { 73, 94, 115 };
    static const unsigned reg[3] = { 76, 97, 118 };
    for (unsigned i = 0; i < 3; i++) {
        MvgpuEuOperand *s = &in->src[i];
        s->file = MVGPU_EU_FILE_GRF;
        s->type = st;
        s->abs = bits(w, 37 + 2 * i, 37 + 2 * i);
        s->neg = bits(w, 38 + 2 * i, 38 + 2 * i);
        s->rep = bits(w, rep[i], rep[i]);
        s->swizzle = bits(w, swz[i] + 7, swz[i]);
        s->subreg = bits(w, sub[i] + 2, sub[i]) * 4;
        s->reg = bits(w, reg[i] + 7, reg[i]);
        if (s->rep) {
            s->vstride = 0;
            s->width = 1;
            s->hstride = 0;
        } else {
            s->vstride = 4;
            s->width = 4;
            s->hstride = 1;
        }
    }
    return NULL;
}

static const char *decode_send(const uint64_t *w, MvgpuEuInst *in)
{
    bool split = in->opcode == MVGPU_EU_OP_SENDS ||
                 in->opcode == MVGPU_EU_OP_SENDSC;

    in->sfid = bits(w, 27, 24);
    in->cond = 0;
    in->eot = bits(w, 127, 127);
    if (split) {
        memset(&in->dst, 0, sizeof(in->dst));
        memset(&in->src[0], 0, sizeof(in->src[0]));
        in->dst.file = bits(w, 35, 35) ? MVGPU_EU_FILE_GRF : MVGPU_EU_FILE_ARF;
        in->dst.type = mvgpu_eu_type_reg(bits(w, 40, 37));
        in->dst.reg = bits(w, 60, 53);
        in->dst.subreg = bits(w, 52, 52) * 16;
        in->dst.hstride = 1;
        in->src[0].file = MVGPU_EU_FILE_GRF;
        in->src[0].type = MVGPU_EU_TYPE_UD;
        in->src[0].reg = bits(w, 76, 69);
        in->src[0].width = 8;
        in->src[0].vstride = 8;
        in->src[0].hstride = 1;
        in->src1_reg = bits(w, 51, 44);
        in->desc_reg = bits(w, 77, 77);
        in->ex_desc_reg = bits(w, 61, 61);
        in->ex_desc_subreg = bits(w, 82, 80);
        in->ex_desc = in->ex_desc_reg ? 0 :
            (uint32_t)(bits(w, 95, 80) << 16 | bits(w, 67, 64) << 6);
        if (bits(w, 36, 36) == 0) {
            in->src1_reg = 0;   /* src1 is null: no second payload */
        }
        in->ex_mlen = (in->ex_desc >> 6) & 0xf;
    } else {
        /*
         * SEND: src0 is the payload with a region of its own; src1 the
         * descriptor (immediate, or a0.0). Gen9 compilers put extended
         * descriptors only in SENDS: the bits the PRM lends them here
         * (src0's region) are read as the region.
         */
        const char *why = decode_src(w, 0, &in->src[0]);
        if (why) {
            return why;
        }
        memset(&in->src[1], 0, sizeof(in->src[1]));
        in->desc_reg = bits(w, 90, 89) != MVGPU_EU_FILE_IMM;
        in->src[1].file = bits(w, 90, 89);
        in->src[1].type = MVGPU_EU_TYPE_UD;
        if (in->desc_reg) {
            in->src[1].reg = bits(w, 108, 101);
        }
        in->src[1].width = 1;
        if (in->src[0].file != MVGPU_EU_FILE_GRF || in->src[0].indirect) {
            return "SEND payload not in the GRF";
        }
    }
    if (!in->desc_reg) {
        in->desc = bits(w, 126, 96);
        in->mlen = (in->desc >> 25) & 0xf;
        in->rlen = (in->desc >> 20) & 0x1f;
        in->header = (in->desc >> 19) & 1;
    }
    return NULL;
}

static const char *decode_native(const uint64_t *w, MvgpuEuInst *in)
{
    const MvgpuEuOpInfo *info;
    const char *why;

    in->raw[0] = w[0];
    in->raw[1] = w[0] >> 32;
    in->raw[2] = w[1];
    in->raw[3] = w[1] >> 32;
    in->opcode = bits(w, 6, 0);
    info = mvgpu_eu_op(in->opcode);
    if (info->kind == MVGPU_EU_KIND_NONE) {
        return "unknown opcode";
    }
    in->align16 = bits(w, 8, 8);
    in->dep_ctrl = bits(w, 10, 9);
    in->nib_ctrl = bits(w, 11, 11);
    in->qtr_ctrl = bits(w, 13, 12);
    in->thread_ctrl = bits(w, 15, 14);
    in->pred_ctrl = bits(w, 19, 16);
    in->pred_inv = bits(w, 20, 20);
    if (in->pred_ctrl > MVGPU_EU_PRED_ALL32H) {
        return "bad predicate control";
    }
    if (bits(w, 23, 21) > 5) {
        return "bad execution size";
    }
    in->exec_size = 1u << bits(w, 23, 21);
    in->cond = bits(w, 27, 24);
    in->acc_wr = bits(w, 28, 28);
    in->debug = bits(w, 30, 30);
    in->sat = bits(w, 31, 31);
    in->writemask = 0xf;

    if (info->nsrc == 3) {
        in->three_src = true;
        return decode_3src(w, in);
    }
    if (in->opcode == MVGPU_EU_OP_SENDS || in->opcode == MVGPU_EU_OP_SENDSC) {
        in->flag_subreg = bits(w, 32, 32);
        in->flag_reg = bits(w, 33, 33);
        in->no_mask = bits(w, 34, 34);
        return decode_send(w, in);
    }

    in->flag_subreg = bits(w, 32, 32);
    in->flag_reg = bits(w, 33, 33);
    in->no_mask = bits(w, 34, 34);

    MvgpuEuOperand *d = &in->dst;
    d->file = bits(w, 36, 35);
    if (d->file == MVGPU_EU_FILE_IMM || d->file == 2) {
        return "bad destination register file";
    }
    d->type = mvgpu_eu_type_reg(bits(w, 40, 37));
    if (d->type == MVGPU_EU_TYPE_INVALID) {
        return "bad destination type";
    }
    d->indirect = bits(w, 63, 63);
    if (in->align16) {
        d->reg = bits(w, 60, 53);
        d->subreg = bits(w, 52, 52) * 16;
        in->writemask = bits(w, 51, 48);
    } else if (d->indirect) {
        unsigned imm = bits(w, 56, 48) | (bits(w, 47, 47) << 9);
        d->addr_imm = (int16_t)(imm << 6) >> 6;
        d->addr_subreg = bits(w, 60, 57);
    } else {
        d->reg = bits(w, 60, 53);
        d->subreg = bits(w, 52, 48);
    }
    d->hstride = (1u << bits(w, 62, 61)) >> 1;

    if (info->kind == MVGPU_EU_KIND_SEND) {
        return decode_send(w, in);
    }
    if (info->kind == MVGPU_EU_KIND_FLOW && in->opcode != MVGPU_EU_OP_JMPI &&
        in->opcode != MVGPU_EU_OP_CALL && in->opcode != MVGPU_EU_OP_RET) {
        /* UIP sits in src0's bits, JIP in the immediate's */
        in->src[0].file = MVGPU_EU_FILE_ARF;
        in->src[0].type = MVGPU_EU_TYPE_D;
        in->src[1].file = MVGPU_EU_FILE_IMM;
        in->src[1].type = MVGPU_EU_TYPE_D;
        in->jip = (int32_t)bits(w, 127, 96);
        in->uip = (int32_t)bits(w, 95, 64);
        return NULL;
    }
    why = decode_src(w, 0, &in->src[0]);
    if (!why && in->src[0].file != MVGPU_EU_FILE_IMM) {
        why = decode_src(w, 1, &in->src[1]);
    } else if (!why) {
        /* src1 absent: its fields hold the immediate's high bits */
        in->src[1].file = MVGPU_EU_FILE_ARF;
        in->src[1].type = MVGPU_EU_TYPE_UD;
    }
    if (why) {
        return why;
    }
    if (in->src[0].file == MVGPU_EU_FILE_IMM) {
        unsigned size = mvgpu_eu_type_size(in->src[0].type);
        in->imm = size == 8 ? bits(w, 127, 64) : bits(w, 127, 96);
    } else if (in->src[1].file == MVGPU_EU_FILE_IMM) {
        in->imm = bits(w, 127, 96);
    }
    if (info->kind == MVGPU_EU_KIND_FLOW) {
        in->jip = (int32_t)bits(w, 127, 96);    /* call's offset */
    }
    return NULL;
}

unsigned mvgpu_eu_decode(const uint8_t *bytes, size_t avail,
                         MvgpuEuInst *in, const char **why)
{
    uint64_t w[2];
    const char *err;

    memset(in, 0, sizeof(*in));
    *why = NULL;
    if (avail < 8) {
        *why = "truncated instruction";
        return 0;
    }
    w[0] = mvgpu_le_load(bytes, 8);
    if (w[0] & (1ull << 29)) {
        uncompact(w[0], w);
        in->compact = true;
    } else {
        if (avail < 16) {
            *why = "truncated instruction";
            return 0;
        }
        w[1] = mvgpu_le_load(bytes + 8, 8);
    }
    err = decode_native(w, in);
    if (err) {
        *why = err;
        return 0;
    }
    return in->compact ? 8 : 16;
}
