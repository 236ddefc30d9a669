/*
 * mvgpu-decode: print a command stream (a ring or batch dump of
 * little-endian dwords) through mvgpu's Gen9 command table: each
 * command's offset, name, length, the audit's verdict and its graphics
 * addresses. For reading what a guest submitted, and the fuzz corpus.
 *
 *   mvgpu-decode [--engine rcs|vcs|vecs|bcs] [--unprivileged] FILE
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <glib.h>
#include <stdio.h>
#include <string.h>

#include "bytes.h"
#include "cmd.h"

static const char *const engine_names[] = { "rcs", "vcs", "vecs", "bcs" };

int main(int argc, char **argv)
{
    g_autofree char *engine = NULL;
    gboolean unprivileged = FALSE;
    GOptionEntry options[] = {
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
    gsize size, n, at = 0;
    int refused = 0;

    g_option_context_add_main_entries(ctx, options, NULL);
    if (!g_option_context_parse(ctx, &argc, &argv, &err) || argc != 2) {
        fprintf(stderr, "%s\n", err ? err->message
                : "usage: mvgpu-decode [--engine E] [--unprivileged] FILE");
        return 2;
    }
    if (engine) {
        unsigned i;

        for (i = 0; i < G_N_ELEMENTS(engine_names); i++) {
            if (!strcmp(engine, engine_names[i])) {
                break;
            }
        }
        if (i == G_N_ELEMENTS(engine_names)) {
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
    n = size / 4;
    dw = g_new(uint32_t, n + 1);
    for (gsize i = 0; i < n; i++) {
        dw[i] = mvgpu_le_load((const uint8_t *)data + 4 * i, 4);
    }
    dw[n] = 0;                  /* an address's high dword past the end */
    while (at < n) {
        MvgpuCmd cmd;
        MvgpuCmdVerdict v = mvgpu_cmd_decode(dw[at], engine_bit, !unprivileged,
                                             &cmd);

        printf("%06zx  %08x  %-34s", 4 * at, dw[at],
               mvgpu_cmd_name_on(dw[at], engine_bit));
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
