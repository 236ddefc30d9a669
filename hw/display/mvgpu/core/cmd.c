/*
 * mvgpu core: decoding commands through the Gen9 command table.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <glib.h>
#include <stdio.h>

#include "cmd.h"

#define CMD_TYPE(dw)    ((dw) >> 29)

/*
 * Direct indexes from the identifying DW0 bits to descriptors, one per
 * engine: 6 bits for MI, 7 for 2D, 13 for 3D/media/video. A key means
 * at most one command on each engine (a unit test checks it); different
 * engines may give it different meanings. Built once, on first use; the
 * tables are constant, so a second build would produce the same.
 */
static const MvgpuCmdDesc *index_mi[MVGPU_NENGINES][1 << 6];
static const MvgpuCmdDesc *index_2d[MVGPU_NENGINES][1 << 7];
static const MvgpuCmdDesc *index_3d[MVGPU_NENGINES][1 << 13];

static const MvgpuCmdDesc **slot(uint32_t dw0, unsigned e)
{
    switch (CMD_TYPE(dw0)) {
    case 0:
        return &index_mi[e][(dw0 >> 23) & 0x3f];
    case 2:
        return &index_2d[e][(dw0 >> 22) & 0x7f];
    case 3:
        return &index_3d[e][(dw0 >> 16) & 0x1fff];
    default:
        return NULL;
    }
}

static void build_index(const MvgpuCmdDesc *t, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        for (unsigned e = 0; e < MVGPU_NENGINES; e++) {
            const MvgpuCmdDesc **s;

            if (!(t[i].engines & (1u << e))) {
                continue;
            }
            s = slot(t[i].key, e);
            if (s && !*s) {
                *s = &t[i];
            }
        }
    }
}

/* Once, whichever thread decodes first (engines may run off the main loop). */
static void ensure_index(void)
{
    static gsize indexed;

    if (g_once_init_enter(&indexed)) {
        build_index(mvgpu_cmd_table, mvgpu_cmd_table_len);
        build_index(mvgpu_cmd_table_3d, mvgpu_cmd_table_3d_len);
        g_once_init_leave(&indexed, 1);
    }
}

/* The engine's number for a single engine bit; MVGPU_NENGINES if not one. */
static unsigned engine_of(unsigned engine_bit)
{
    if (!engine_bit || (engine_bit & (engine_bit - 1)) ||
        engine_bit > MVGPU_CMD_ALL) {
        return MVGPU_NENGINES;
    }
    return __builtin_ctz(engine_bit);
}

const MvgpuCmdDesc *mvgpu_cmd_lookup_on(uint32_t dw0, unsigned engine_bit)
{
    unsigned e = engine_of(engine_bit);
    const MvgpuCmdDesc **s;

    if (e == MVGPU_NENGINES) {
        return NULL;
    }
    ensure_index();
    s = slot(dw0, e);
    return s ? *s : NULL;
}

const MvgpuCmdDesc *mvgpu_cmd_lookup(uint32_t dw0)
{
    ensure_index();
    for (unsigned e = 0; e < MVGPU_NENGINES; e++) {
        const MvgpuCmdDesc **s = slot(dw0, e);

        if (!s) {
            return NULL;
        }
        if (*s) {
            return *s;
        }
    }
    return NULL;
}

uint32_t mvgpu_cmd_length(const MvgpuCmdDesc *d, uint32_t dw0)
{
    if (!d->len_bits) {
        return d->len_min;
    }
    return (dw0 & ((1u << d->len_bits) - 1)) + 2;
}

MvgpuCmdVerdict mvgpu_cmd_decode(uint32_t dw0, unsigned engine_bit,
                                 bool privileged, MvgpuCmd *cmd)
{
    const MvgpuCmdDesc *d = mvgpu_cmd_lookup_on(dw0, engine_bit);

    if (!d) {
        /* Not this engine's: someone else's, or nobody's. */
        d = mvgpu_cmd_lookup(dw0);
        cmd->desc = d;
        cmd->len = d ? mvgpu_cmd_length(d, dw0) : 0;
        return d ? MVGPU_CMD_BAD_ENGINE : MVGPU_CMD_UNKNOWN;
    }
    cmd->desc = d;
    cmd->len = mvgpu_cmd_length(d, dw0);
    if (cmd->len < d->len_min || (d->len_max && cmd->len > d->len_max)) {
        return MVGPU_CMD_BAD_LENGTH;
    }
    if ((d->flags & MVGPU_CMD_PRIV) && !privileged) {
        return MVGPU_CMD_PRIVILEGED;
    }
    return MVGPU_CMD_OK;
}

const char *mvgpu_cmd_verdict_str(MvgpuCmdVerdict v)
{
    static const char *const str[] = {
        [MVGPU_CMD_OK] = "ok",
        [MVGPU_CMD_UNKNOWN] = "not in the command table",
        [MVGPU_CMD_BAD_ENGINE] = "not accepted on this engine",
        [MVGPU_CMD_BAD_LENGTH] = "length outside what the command allows",
        [MVGPU_CMD_PRIVILEGED] = "privileged command in an unprivileged batch",
    };

    return (unsigned)v < sizeof(str) / sizeof(str[0]) ? str[v] : "?";
}

static const char *name_of(const MvgpuCmdDesc *d, uint32_t dw0)
{
    static const char *const unknown[8] = {
        "unknown MI command", "reserved command type 1",
        "unknown 2D command", "unknown 3D/media command",
        "reserved command type 4", "reserved command type 5",
        "reserved command type 6", "reserved command type 7",
    };

    return d ? d->name : unknown[CMD_TYPE(dw0)];
}

const char *mvgpu_cmd_name_on(uint32_t dw0, unsigned engine_bit)
{
    const MvgpuCmdDesc *d = mvgpu_cmd_lookup_on(dw0, engine_bit);

    /* Another engine's command is named as such, for diagnostics. */
    return name_of(d ? d : mvgpu_cmd_lookup(dw0), dw0);
}

const char *mvgpu_cmd_name(uint32_t dw0)
{
    return name_of(mvgpu_cmd_lookup(dw0), dw0);
}
