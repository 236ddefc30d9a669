/*
 * mvgpu-decode: print a command stream (a ring or batch dump of
 * little-endian dwords) through mvgpu's Gen9 command table: each
 * command's offset, name, length, the audit's verdict, its graphics
 * addresses and its memory operands (r/w, bytes, space and address, as
 * "w 4@GGTT:0x1000"). For reading what a guest submitted, and the fuzz
 * corpus.
 * A workload recording (x-record, *.mvwl) is replayed through the scan and
 * each of its segments printed: the ring, then every batch it reached.
 *
 *   mvgpu-decode [--engine rcs|vcs|vecs|bcs] [--unprivileged] FILE
 *
 * With --eu, FILE is a Gen9 EU kernel (raw instruction bytes, e.g. from
 * an INTEL_DEBUG=hex dump) and its instructions are printed (eu-disasm.c).
 * Recordings hold command streams only, not the kernels they point to.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <glib.h>
#include <stdio.h>
#include <string.h>

#include "bytes.h"
#include "cmd.h"
#include "cmd-mem.h"
#include "cmd-regs.h"
#include "eu-decode.h"
#include "record.h"


/* How one command's register operands are printed. */
typedef struct RegPrint {
    unsigned engine_bit;
    bool privileged;
} RegPrint;

/*
 * One register operand: ">" loaded or "<" read, the offset, the table's
 * name, "!" if refused; an LRI's value after "=".
 */
static bool print_reg(void *opaque, const uint32_t *c, unsigned dw,
                      bool write)
{
    const RegPrint *p = opaque;
    uint32_t reg = MVGPU_CMD_REG_OFFSET(c[dw]);
    const char *name;
    bool ok = mvgpu_cmd_reg_allowed(reg, p->engine_bit, p->privileged, write,
                                    &name);

    printf(" %s0x%x(%s)%s", write ? ">" : "<", reg, name ? name : "?",
           ok ? "" : "!");
    if ((c[0] & MVGPU_CMD_MI_MASK) == MVGPU_MI_LOAD_REGISTER_IMM) {
        printf("=0x%x", c[dw + 1]);
    }
    return true;
}

/*
 * Prints @n dwords (@dw[n] readable) as commands at graphics address
 * @base; 0 if all pass the audit, 1 otherwise.
 */
static int decode_stream(const uint32_t *dw, gsize n, uint64_t base,
                         unsigned engine_bit, bool privileged)
{
    gsize at = 0;
    int refused = 0;

    while (at < n) {
        MvgpuCmd cmd;
        MvgpuCmdVerdict v = mvgpu_cmd_decode(dw[at], engine_bit, privileged,
                                             &cmd);

        printf("%06" G_GINT64_MODIFIER "x  %08x  %-34s", base + 4 * at,
               dw[at], mvgpu_cmd_name_on(dw[at], engine_bit));
        if (v == MVGPU_CMD_UNKNOWN) {
            /* Nothing says how long it is: the rest cannot be decoded. */
            printf("  REFUSED: %s\n", mvgpu_cmd_verdict_str(v));
            return 1;
        }
        printf(" len %u", cmd.len);
        for (unsigned k = 0; k < cmd.desc->n_addr; k++) {
            unsigned i = cmd.desc->addr[k];

            if (i >= cmd.len || at + i >= n) {
                break;
            }
            printf(" addr[%u]=0x%" G_GINT64_MODIFIER "x", i,
                   mvgpu_cmd_addr_get(cmd.desc, dw + at + i));
        }
        if (at + cmd.len <= n) {
            /* The whole command is there: its operands too. */
            RegPrint rp = { .engine_bit = engine_bit,
                            .privileged = privileged };
            MvgpuMemOperand ops[MVGPU_MEM_MAX_OPERANDS];
            unsigned n_ops = mvgpu_cmd_mem_operands(dw + at, cmd.len,
                                                    privileged, ops);

            mvgpu_cmd_reg_operands(dw + at, cmd.len, print_reg, &rp);
            for (unsigned k = 0; k < n_ops; k++) {
                printf(" %s%s %u@%s:0x%" G_GINT64_MODIFIER "x",
                       ops[k].access & MVGPU_MEM_READ ? "r" : "",
                       ops[k].access & MVGPU_MEM_WRITE ? "w" : "",
                       ops[k].bytes, mvgpu_mem_space_name(ops[k].space),
                       ops[k].addr);
            }
        }
        if (v != MVGPU_CMD_OK) {
            printf("  REFUSED: %s", mvgpu_cmd_verdict_str(v));
            refused = 1;
        }
        printf("\n");
        at += cmd.len;
    }
    if (at > n) {
        printf("last command runs %zu dwords past the end\n", at - n);
        return 1;
    }
    return refused;
}

/* A recording: the scan's verdict, then each shadow segment. */
static int decode_recording(const uint8_t *data, gsize size)
{
    MvgpuRecording r;
    MvgpuScan sc = { 0 };
    const char *why = NULL;
    int rc = 0;

    if (!mvgpu_recording_parse(&r, data, size, &why)) {
        fprintf(stderr, "bad recording: %s\n", why);
        mvgpu_recording_free(&r);
        return 2;
    }
    printf("workload on %s: %s\n",
           mvgpu_engines[g_bit_nth_lsf(r.engine_bit, -1)].short_name,
           mvgpu_recording_scan(&r, &sc) ? "scan passed"
           : sc.error[0] ? sc.error : "scan failed");
    if (sc.error[0]) {
        rc = 1;
    }
    for (guint i = 0; sc.segs && i < sc.segs->len; i++) {
        const MvgpuShadowSeg *seg = g_ptr_array_index(sc.segs, i);
        g_autofree uint32_t *dw = g_new0(uint32_t, seg->len + 1);

        if (seg->ring) {
            printf("-- ring, %u dwords (offsets from HEAD)\n", seg->len);
        } else {
            printf("-- %s batch at 0x%" G_GINT64_MODIFIER "x, %u dwords\n",
                   seg->ppgtt ? "PPGTT" : "GGTT", seg->addr, seg->len);
        }
        memcpy(dw, seg->dw, 4ull * seg->len);
        rc |= decode_stream(dw, seg->len, seg->ring ? 0 : seg->addr,
                            r.engine_bit, seg->ring || !seg->ppgtt);
    }
    mvgpu_scan_free(&sc);
    mvgpu_recording_free(&r);
    return rc;
}

int main(int argc, char **argv)
{
    g_autofree char *engine = NULL;
    gboolean unprivileged = FALSE;
    gboolean eu = FALSE;
    GOptionEntry options[] = {
        { "eu", 0, 0, G_OPTION_ARG_NONE, &eu,
          "FILE is an EU kernel: disassemble it", NULL },
        { "engine", 'e', 0, G_OPTION_ARG_STRING, &engine,
          "engine the stream runs on: rcs (default), vcs, vecs, bcs", "E" },
        { "unprivileged", 'u', 0, G_OPTION_ARG_NONE, &unprivileged,
          "decode as a PPGTT (unprivileged) batch", NULL },
        { NULL },
    };
    g_autoptr(GOptionContext) ctx = g_option_context_new("FILE");
    g_autoptr(GError) err = NULL;
    g_autofree gchar *data = NULL;
    g_autofree uint32_t *dw = NULL;
    unsigned engine_bit = MVGPU_CMD_RCS;
    gsize size, n;

    g_option_context_add_main_entries(ctx, options, NULL);
    if (!g_option_context_parse(ctx, &argc, &argv, &err) || argc != 2) {
        fprintf(stderr, "%s\n", err ? err->message
                : "usage: mvgpu-decode [--engine E] [--unprivileged] FILE");
        return 2;
    }
    if (engine) {
        unsigned i;

        for (i = 0; i < MVGPU_NENGINES; i++) {
            if (!strcmp(engine, mvgpu_engines[i].short_name)) {
                break;
            }
        }
        if (i == MVGPU_NENGINES) {
            fprintf(stderr, "unknown engine '%s': use rcs, vcs, vecs or bcs\n",
                    engine);
            return 2;
        }
        engine_bit = 1u << i;
    }
    if (!g_file_get_contents(argv[1], &data, &size, &err)) {
        fprintf(stderr, "%s\n", err->message);
        return 2;
    }
    if (eu) {
        g_autoptr(GString) text = g_string_new(NULL);

        mvgpu_eu_disasm_kernel((const uint8_t *)data, size, text);
        fputs(text->str, stdout);
        return 0;
    }
    /* Any format version: the parser says which it reads. */
    if (size >= 8 && !memcmp(data, MVGPU_RECORD_MAGIC, 7)) {
        return decode_recording((const uint8_t *)data, size);
    }
    n = size / 4;
    dw = g_new(uint32_t, n + 1);
    for (gsize i = 0; i < n; i++) {
        dw[i] = mvgpu_le_load((const uint8_t *)data + 4 * i, 4);
    }
    dw[n] = 0;                  /* an address's high dword past the end */
    return decode_stream(dw, n, 0, engine_bit, !unprivileged);
}
