/*
 * mvgpu core: Gen9 EU instructions as text.
 *
 * The syntax follows the one Mesa's disassembler prints (and Intel's
 * documentation uses): "(+f0.0) add.sat(16) g10<1>F g4<8,8,1>F 0x3f800000F
 * { align1 1H };": registers g<n>, subregisters in units of the type,
 * regions <vstride,width,hstride>, the type after each operand.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <string.h>

#include "eu-decode.h"

static const char *const sfid_names[16] = {
    [MVGPU_EU_SFID_NULL] = "null",
    [MVGPU_EU_SFID_SAMPLER] = "sampler",
    [MVGPU_EU_SFID_GATEWAY] = "gateway",
    [MVGPU_EU_SFID_DP_SAMPLER] = "dp_sampler",
    [MVGPU_EU_SFID_DP_RC] = "render",
    [MVGPU_EU_SFID_URB] = "urb",
    [MVGPU_EU_SFID_THREAD_SPAWNER] = "thread_spawner",
    [MVGPU_EU_SFID_VME] = "vme",
    [MVGPU_EU_SFID_DP_CC] = "const",
    [MVGPU_EU_SFID_DP_DC0] = "data",
    [MVGPU_EU_SFID_PI] = "pixel interp",
    [MVGPU_EU_SFID_DP_DC1] = "dp data 1",
    [MVGPU_EU_SFID_CRE] = "cre",
};

static void reg_name(GString *o, const MvgpuEuOperand *r, bool dst)
{
    unsigned size = mvgpu_eu_type_size(r->type);

    if (r->indirect) {
        g_string_append_printf(o, "g[a0.%u", r->addr_subreg);
        if (r->addr_imm) {
            g_string_append_printf(o, " %d", r->addr_imm);
        }
        g_string_append_c(o, ']');
        return;
    }
    if (r->file == MVGPU_EU_FILE_GRF) {
        g_string_append_printf(o, "g%u", r->reg);
    } else {
        unsigned n = r->reg & 15;
        switch (r->reg >> 4) {
        case MVGPU_EU_ARF_NULL:
            g_string_append(o, "null");
            return;
        case MVGPU_EU_ARF_A:
            g_string_append_printf(o, "a%u", n);
            break;
        case MVGPU_EU_ARF_ACC:
            g_string_append_printf(o, "acc%u", n);
            break;
        case MVGPU_EU_ARF_F:
            g_string_append_printf(o, "f%u", n);
            break;
        case MVGPU_EU_ARF_CE:
            g_string_append(o, "ce0");
            break;
        case MVGPU_EU_ARF_MSG:
            g_string_append_printf(o, "msg%u", n);
            break;
        case MVGPU_EU_ARF_SP:
            g_string_append(o, "sp");
            break;
        case MVGPU_EU_ARF_SR:
            g_string_append_printf(o, "sr%u", n);
            break;
        case MVGPU_EU_ARF_CR:
            g_string_append_printf(o, "cr%u", n);
            break;
        case MVGPU_EU_ARF_N:
            g_string_append_printf(o, "n%u", n);
            break;
        case MVGPU_EU_ARF_IP:
            g_string_append(o, "ip");
            break;
        case MVGPU_EU_ARF_TDR:
            g_string_append(o, "tdr0");
            break;
        case MVGPU_EU_ARF_TM:
            g_string_append_printf(o, "tm%u", n);
            break;
        default:
            g_string_append_printf(o, "arf0x%02x", r->reg);
            break;
        }
        if ((r->reg >> 4) == MVGPU_EU_ARF_F || (r->reg >> 4) == MVGPU_EU_ARF_A
            || (r->reg >> 4) == MVGPU_EU_ARF_SR
            || (r->reg >> 4) == MVGPU_EU_ARF_CR) {
            g_string_append_printf(o, ".%u", size ? r->subreg / size : 0);
            return;
        }
    }
    if (r->subreg && size) {
        g_string_append_printf(o, ".%u", r->subreg / size);
    }
    (void)dst;
}

static void imm_text(GString *o, MvgpuEuType t, uint64_t v)
{
    union { uint32_t u; float f; } f32;
    union { uint64_t u; double d; } f64;

    switch (t) {
    case MVGPU_EU_TYPE_UD:
        g_string_append_printf(o, "0x%08xUD", (uint32_t)v);
        break;
    case MVGPU_EU_TYPE_D:
        g_string_append_printf(o, "%dD", (int32_t)v);
        break;
    case MVGPU_EU_TYPE_UW:
        g_string_append_printf(o, "0x%04xUW", (uint16_t)v);
        break;
    case MVGPU_EU_TYPE_W:
        g_string_append_printf(o, "%dW", (int16_t)v);
        break;
    case MVGPU_EU_TYPE_UV:
        g_string_append_printf(o, "0x%08xUV", (uint32_t)v);
        break;
    case MVGPU_EU_TYPE_V:
        g_string_append_printf(o, "0x%08xV", (uint32_t)v);
        break;
    case MVGPU_EU_TYPE_VF:
        g_string_append_printf(o, "[0x%02x, 0x%02x, 0x%02x, 0x%02x]VF",
                               (unsigned)v & 0xff, (unsigned)(v >> 8) & 0xff,
                               (unsigned)(v >> 16) & 0xff,
                               (unsigned)(v >> 24) & 0xff);
        break;
    case MVGPU_EU_TYPE_F:
        f32.u = v;
        g_string_append_printf(o, "0x%08xF /* %gF */", (uint32_t)v, f32.f);
        break;
    case MVGPU_EU_TYPE_DF:
        f64.u = v;
        g_string_append_printf(o, "0x%016" G_GINT64_MODIFIER "xDF /* %gDF */",
                               v, f64.d);
        break;
    case MVGPU_EU_TYPE_HF:
        g_string_append_printf(o, "0x%04xHF", (uint16_t)v);
        break;
    case MVGPU_EU_TYPE_UQ:
        g_string_append_printf(o, "0x%016" G_GINT64_MODIFIER "xUQ", v);
        break;
    case MVGPU_EU_TYPE_Q:
        g_string_append_printf(o, "%" G_GINT64_MODIFIER "dQ", (int64_t)v);
        break;
    default:
        g_string_append(o, "?");
        break;
    }
}

static void dst_text(GString *o, const MvgpuEuInst *in)
{
    const MvgpuEuOperand *d = &in->dst;

    reg_name(o, d, true);
    if (in->align16) {
        if (in->writemask != 0xf) {
            g_string_append_c(o, '.');
            for (unsigned i = 0; i < 4; i++) {
                if (in->writemask & (1u << i)) {
                    g_string_append_c(o, "xyzw"[i]);
                }
            }
        }
    } else {
        g_string_append_printf(o, "<%u>", d->hstride ? d->hstride : 1);
    }
    g_string_append(o, mvgpu_eu_type_name(d->type));
}

static void src_text(GString *o, const MvgpuEuInst *in, unsigned n)
{
    const MvgpuEuOperand *s = &in->src[n];

    if (s->file == MVGPU_EU_FILE_IMM) {
        imm_text(o, s->type, in->imm);
        return;
    }
    if (s->neg) {
        g_string_append_c(o, '-');
    }
    if (s->abs) {
        g_string_append(o, "(abs)");
    }
    reg_name(o, s, false);
    if (in->three_src) {
        if (s->rep) {
            g_string_append(o, "<0,1,0>");
        } else {
            g_string_append(o, "<4,4,1>");
            if (s->swizzle != 0xe4) {
                g_string_append_c(o, '.');
                for (unsigned i = 0; i < 4; i++) {
                    g_string_append_c(o, "xyzw"[(s->swizzle >> (2 * i)) & 3]);
                }
            }
        }
    } else if (s->vstride == MVGPU_EU_VXH) {
        g_string_append_printf(o, "<%u,%u>", s->width, s->hstride);
    } else {
        g_string_append_printf(o, "<%u,%u,%u>", s->vstride, s->width,
                               s->hstride);
    }
    g_string_append(o, mvgpu_eu_type_name(s->type));
}

static void options(GString *o, const MvgpuEuInst *in)
{
    g_string_append(o, in->align16 ? " { align16" : " { align1");
    if (in->thread_ctrl == 2) {
        g_string_append(o, " switch");
    }
    if (in->dep_ctrl & 1) {
        g_string_append(o, " NoDDClr");
    }
    if (in->dep_ctrl & 2) {
        g_string_append(o, " NoDDChk");
    }
    if (in->no_mask) {
        g_string_append(o, " WE_all");
    }
    if (in->exec_size == 16 || in->exec_size == 32) {
        g_string_append_printf(o, " %uH", in->qtr_ctrl / 2 + 1);
    } else if (in->exec_size == 8) {
        g_string_append_printf(o, " %uQ", in->qtr_ctrl + 1);
    } else {
        g_string_append_printf(o, " %uN", in->qtr_ctrl * 2 + in->nib_ctrl + 1);
    }
    if (in->acc_wr && mvgpu_eu_op(in->opcode)->kind != MVGPU_EU_KIND_FLOW) {
        g_string_append(o, " AccWrEnable");
    }
    if (in->compact) {
        g_string_append(o, " compacted");
    }
    if (in->eot) {
        g_string_append(o, " EOT");
    }
    g_string_append(o, " };");
}

/* Data port 1 message types (Skylake PRM vol. 7, "Data Port 1"). */
static const char *dc1_message(unsigned type)
{
    static const char *const n[32] = {
        [0x01] = "untyped surface read",
        [0x02] = "untyped atomic",
        [0x03] = "untyped atomic SIMD4x2",
        [0x04] = "media block read",
        [0x05] = "typed surface read",
        [0x06] = "typed atomic",
        [0x07] = "typed atomic SIMD4x2",
        [0x09] = "untyped surface write",
        [0x0a] = "media block write",
        [0x0b] = "atomic counter",
        [0x0c] = "atomic counter SIMD4x2",
        [0x0d] = "typed surface write",
        [0x10] = "A64 scattered read",
        [0x11] = "A64 untyped surface read",
        [0x12] = "A64 untyped atomic",
        [0x19] = "A64 untyped surface write",
        [0x1a] = "A64 scattered write",
        [0x1b] = "untyped atomic float",
    };
    return n[type & 31];
}

static void send_text(GString *o, const MvgpuEuInst *in)
{
    const char *sfid = sfid_names[in->sfid & 15];
    bool split = in->opcode == MVGPU_EU_OP_SENDS ||
                 in->opcode == MVGPU_EU_OP_SENDSC;

    if (split) {
        /* SENDS operands are whole registers: no regions */
        if (in->dst.file == MVGPU_EU_FILE_ARF) {
            g_string_append(o, "nullUD");
        } else {
            g_string_append_printf(o, "g%uUD", in->dst.reg);
        }
        g_string_append_printf(o, " g%uUD", in->src[0].reg);
        if (in->src1_reg) {
            g_string_append_printf(o, " g%uUD", in->src1_reg);
        } else {
            g_string_append(o, " nullUD");
        }
    } else {
        dst_text(o, in);
        g_string_append_c(o, ' ');
        src_text(o, in, 0);
    }
    if (in->desc_reg) {
        g_string_append(o, " a0.0UD");
    } else {
        /* a SEND's immediate holds EOT in bit 31 */
        g_string_append_printf(o, " 0x%08x", in->desc |
                               (split ? 0 : (uint32_t)in->eot << 31));
    }
    if (split) {
        if (in->ex_desc_reg) {
            g_string_append_printf(o, " a0.%uUD", in->ex_desc_subreg);
        } else {
            g_string_append_printf(o, " 0x%08x", in->ex_desc);
        }
    }
    g_string_append_printf(o, " %s", sfid ? sfid : "?");
    if (in->desc_reg) {
        return;
    }
    g_string_append(o, " MsgDesc:");
    if (in->sfid == MVGPU_EU_SFID_DP_DC1 && dc1_message(in->desc >> 14)) {
        static const char *const simd[4] = { "SIMD4x2", "SIMD16", "SIMD8",
                                             "?" };
        g_string_append_printf(o, " (%s, Surface = %u, %s, Mask = 0x%x)",
                               dc1_message(in->desc >> 14), in->desc & 0xff,
                               simd[(in->desc >> 12) & 3],
                               (in->desc >> 8) & 15);
    } else {
        g_string_append_printf(o, " ctrl 0x%05x", in->desc & 0x7ffff);
    }
    g_string_append_printf(o, " mlen %u", in->mlen);
    if (split) {
        g_string_append_printf(o, " ex_mlen %u", in->ex_mlen);
    }
    g_string_append_printf(o, " rlen %u", in->rlen);
}

void mvgpu_eu_disasm(const MvgpuEuInst *in, GString *o)
{
    const MvgpuEuOpInfo *info = mvgpu_eu_op(in->opcode);
    size_t start = o->len;

    if (in->pred_ctrl) {
        static const char *const pred[16] = {
            "", "", ".anyv", ".allv", ".any2h", ".all2h", ".any4h", ".all4h",
            ".any8h", ".all8h", ".any16h", ".all16h", ".any32h", ".all32h",
            ".?", ".?",
        };
        g_string_append_printf(o, "(%cf%u.%u%s) ", in->pred_inv ? '-' : '+',
                               in->flag_reg, in->flag_subreg,
                               pred[in->pred_ctrl]);
    }
    if (in->opcode == MVGPU_EU_OP_MATH) {
        const char *fn = mvgpu_eu_math_name(in->cond);
        g_string_append_printf(o, "math %s", fn ? fn : "?");
    } else {
        g_string_append(o, info->name ? info->name : "?");
    }
    if (in->sat) {
        g_string_append(o, ".sat");
    }
    if (in->cond && info->kind == MVGPU_EU_KIND_ALU) {
        g_string_append_printf(o, ".%s", mvgpu_eu_cond_name(in->cond));
        if (in->opcode != MVGPU_EU_OP_SEL) {
            g_string_append_printf(o, ".f%u.%u", in->flag_reg,
                                   in->flag_subreg);
        }
    }
    g_string_append_printf(o, "(%u)", in->exec_size);
    while (o->len - start < 16) {
        g_string_append_c(o, ' ');
    }
    g_string_append_c(o, ' ');

    switch (info->kind) {
    case MVGPU_EU_KIND_SEND:
        send_text(o, in);
        break;
    case MVGPU_EU_KIND_FLOW:
        switch (in->opcode) {
        case MVGPU_EU_OP_JMPI:
            src_text(o, in, 1);
            break;
        case MVGPU_EU_OP_CALL:
            dst_text(o, in);
            g_string_append_c(o, ' ');
            src_text(o, in, 1);
            break;
        case MVGPU_EU_OP_RET:
            src_text(o, in, 0);
            break;
        case MVGPU_EU_OP_ENDIF:
        case MVGPU_EU_OP_WHILE:
            g_string_append_printf(o, "JIP: %d", in->jip);
            break;
        default:
            g_string_append_printf(o, "JIP: %d UIP: %d", in->jip, in->uip);
            break;
        }
        break;
    case MVGPU_EU_KIND_NOP:
        break;
    default:
        dst_text(o, in);
        for (unsigned i = 0; i < info->nsrc; i++) {
            g_string_append_c(o, ' ');
            src_text(o, in, i);
        }
        if (in->opcode == MVGPU_EU_OP_MATH &&
            in->src[1].file == MVGPU_EU_FILE_ARF &&
            (in->src[1].reg >> 4) == MVGPU_EU_ARF_NULL) {
            /* one-source functions print src1's null too, as Mesa does */
        }
        break;
    }
    options(o, in);
}

void mvgpu_eu_disasm_kernel(const uint8_t *code, size_t len, GString *out)
{
    size_t at = 0;

    while (at < len) {
        MvgpuEuInst in;
        const char *why;
        unsigned n = mvgpu_eu_decode(code + at, len - at, &in, &why);

        if (!n) {
            g_string_append_printf(out, "  %06zx: (%s)\n", at, why);
            return;
        }
        g_string_append_printf(out, "  %06zx: ", at);
        mvgpu_eu_disasm(&in, out);
        g_string_append_c(out, '\n');
        at += n;
        if (in.eot) {
            /* a kernel's end: stop if only padding follows */
            size_t z = at;
            while (z < len && z < at + 64 && code[z] == 0) {
                z++;
            }
            if (z == len || z == at + 64) {
                return;
            }
        }
    }
}
