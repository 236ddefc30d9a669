/*
 * Unit tests of the Gen9 command table: the tables are well formed, every
 * entry's length rule holds against hand-built DW0s at and beyond its
 * bounds, engines and privilege are enforced, unknown commands are
 * refused, names come out for diagnostics.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <glib.h>

#include "cmd.h"

static const struct {
    const MvgpuCmdDesc *t;
    const size_t *n;
} tables[] = {
    { mvgpu_cmd_table, &mvgpu_cmd_table_len },
    { mvgpu_cmd_table_3d, &mvgpu_cmd_table_3d_len },
};

static uint32_t key_mask(uint32_t key)
{
    switch (key >> 29) {
    case 0:
        return MVGPU_CMD_MI_MASK;
    case 2:
        return MVGPU_CMD_2D_MASK;
    default:
        return MVGPU_CMD_3D_MASK;
    }
}

/* The largest length an entry may have: its own bound or its field's. */
static uint32_t max_len(const MvgpuCmdDesc *d)
{
    if (d->len_max) {
        return d->len_max;
    }
    return d->len_bits ? (1u << d->len_bits) + 1 : d->len_min;
}

static unsigned first_engine(const MvgpuCmdDesc *d)
{
    return d->engines & -d->engines;
}

/* A DW0 for @d asking for @len dwords (the length field, if any). */
static uint32_t dw0_of(const MvgpuCmdDesc *d, uint32_t len)
{
    return d->key | (d->len_bits ? len - 2 : 0);
}

static void test_well_formed(void)
{
    for (size_t t = 0; t < G_N_ELEMENTS(tables); t++) {
        const MvgpuCmdDesc *tab = tables[t].t;

        g_assert_cmpuint(*tables[t].n, >, 20);
        for (size_t i = 0; i < *tables[t].n; i++) {
            const MvgpuCmdDesc *d = &tab[i];
            unsigned width = d->flags & MVGPU_CMD_A32 ? 1 : 2;
            uint32_t type = d->key >> 29;

            g_test_message("%s", d->name);
            g_assert_nonnull(d->name);
            g_assert_true(type == 0 || type == 2 || type == 3);
            g_assert_true(t == 0 ? type != 3 : type == 3);
            g_assert_cmphex(d->key & ~key_mask(d->key), ==, 0);
            if (i) {
                g_assert_cmphex(tab[i - 1].key, <, d->key);
            }
            g_assert_cmpuint(d->engines, !=, 0);
            g_assert_cmphex(d->engines & ~MVGPU_CMD_ALL, ==, 0);
            g_assert_cmpuint(d->len_min, >=, 1);
            g_assert_cmpuint(d->len_min, <=, max_len(d));
            if (!d->len_bits) {
                g_assert_cmpuint(d->len_min, ==, d->len_max);
            } else {
                g_assert_cmpuint(d->len_min, >=, 2);
                g_assert_cmpuint(max_len(d), <=, (1u << d->len_bits) + 1);
            }
            /* Addresses lie inside the command, never in DW0. */
            g_assert_cmphex(d->addr & 1, ==, 0);
            for (unsigned b = 0; b < 32; b++) {
                if (d->addr & (1u << b)) {
                    g_assert_cmpuint(b + width, <=, max_len(d));
                }
            }
            /* The index finds this entry, not another with the same key. */
            g_assert_true(mvgpu_cmd_lookup(d->key) == d);
        }
    }
}

static void test_length_rules(void)
{
    unsigned checked = 0;

    for (size_t t = 0; t < G_N_ELEMENTS(tables); t++) {
        for (size_t i = 0; i < *tables[t].n; i++) {
            const MvgpuCmdDesc *d = &tables[t].t[i];
            unsigned e = first_engine(d);
            uint32_t lo = d->len_min, hi = max_len(d);
            MvgpuCmd cmd;

            /* Both bounds are accepted, with the length they say. */
            g_assert_cmpint(mvgpu_cmd_decode(dw0_of(d, lo), e, true, &cmd),
                            ==, MVGPU_CMD_OK);
            g_assert_cmpuint(cmd.len, ==, lo);
            g_assert_true(cmd.desc == d);
            g_assert_cmpint(mvgpu_cmd_decode(dw0_of(d, hi), e, true, &cmd),
                            ==, MVGPU_CMD_OK);
            g_assert_cmpuint(cmd.len, ==, hi);
            if (!d->len_bits) {
                continue;
            }
            /* One dword short of the minimum or over the maximum is not. */
            if (lo > 2) {
                g_assert_cmpint(mvgpu_cmd_decode(dw0_of(d, lo - 1), e, true,
                                                 &cmd), ==,
                                MVGPU_CMD_BAD_LENGTH);
                g_assert_cmpuint(cmd.len, ==, lo - 1);
                checked++;
            }
            if (hi < (1u << d->len_bits) + 1) {
                g_assert_cmpint(mvgpu_cmd_decode(dw0_of(d, hi + 1), e, true,
                                                 &cmd), ==,
                                MVGPU_CMD_BAD_LENGTH);
                checked++;
            }
        }
    }
    /* Most commands have a bound to break. */
    g_assert_cmpuint(checked, >, 50);
}

static void test_engines_and_privilege(void)
{
    unsigned priv = 0;

    for (size_t t = 0; t < G_N_ELEMENTS(tables); t++) {
        for (size_t i = 0; i < *tables[t].n; i++) {
            const MvgpuCmdDesc *d = &tables[t].t[i];
            uint32_t dw0 = dw0_of(d, d->len_min);
            MvgpuCmd cmd;

            for (unsigned e = 1; e <= MVGPU_CMD_BCS; e <<= 1) {
                g_assert_cmpint(mvgpu_cmd_decode(dw0, e, true, &cmd), ==,
                                d->engines & e ? MVGPU_CMD_OK
                                               : MVGPU_CMD_BAD_ENGINE);
            }
            g_assert_cmpint(mvgpu_cmd_decode(dw0, first_engine(d), false,
                                             &cmd), ==,
                            d->flags & MVGPU_CMD_PRIV ? MVGPU_CMD_PRIVILEGED
                                                      : MVGPU_CMD_OK);
            priv += !!(d->flags & MVGPU_CMD_PRIV);
        }
    }
    g_assert_cmpuint(priv, >=, 5);
}

static void test_unknown_and_names(void)
{
    static const uint32_t unknown[] = {
        0x04u << 23,                /* MI opcode 0x04: none on Gen9 */
        0x3fu << 23,
        1u << 29,                   /* type 1: reserved */
        2u << 29,                   /* 2D opcode 0 */
        (2u << 29) | (0x44u << 22) | 9, /* XY_FAST_COLOR_BLT: Gen12+ */
        MVGPU_CMD_3D(3, 7, 0xff),
        4u << 29, 0xffffffffu,
    };
    MvgpuCmd cmd;

    for (size_t i = 0; i < G_N_ELEMENTS(unknown); i++) {
        g_assert_cmpint(mvgpu_cmd_decode(unknown[i], MVGPU_CMD_RCS, true,
                                         &cmd), ==, MVGPU_CMD_UNKNOWN);
        g_assert_null(cmd.desc);
        g_assert_true(g_str_has_prefix(mvgpu_cmd_name(unknown[i]),
                                       "unknown") ||
                      g_str_has_prefix(mvgpu_cmd_name(unknown[i]),
                                       "reserved"));
    }
    /* Bits outside the key (flags, lengths) do not change the command. */
    g_assert_cmpstr(mvgpu_cmd_name(0x11000001), ==, "MI_LOAD_REGISTER_IMM");
    g_assert_cmpstr(mvgpu_cmd_name(0x10400002), ==, "MI_STORE_DATA_IMM");
    g_assert_cmpstr(mvgpu_cmd_name(0x0012abcd), ==, "MI_NOOP");
    g_assert_cmpstr(mvgpu_cmd_name(0x54f00008), ==, "XY_SRC_COPY_BLT");
    g_assert_cmpstr(mvgpu_cmd_name(0x7a000004), ==, "PIPE_CONTROL");
    g_assert_cmpstr(mvgpu_cmd_name(0x69040000), ==, "PIPELINE_SELECT");
    /* PIPELINE_SELECT is one dword whatever its low bits say. */
    g_assert_cmpint(mvgpu_cmd_decode(0x69040303, MVGPU_CMD_RCS, false, &cmd),
                    ==, MVGPU_CMD_OK);
    g_assert_cmpuint(cmd.len, ==, 1);
    /* The blitter is BCS's alone; PIPE_CONTROL is RCS's. */
    g_assert_cmpint(mvgpu_cmd_decode(0x54f00008, MVGPU_CMD_RCS, true, &cmd),
                    ==, MVGPU_CMD_BAD_ENGINE);
    g_assert_cmpint(mvgpu_cmd_decode(0x7a000004, MVGPU_CMD_BCS, true, &cmd),
                    ==, MVGPU_CMD_BAD_ENGINE);
    g_assert_cmpstr(mvgpu_cmd_verdict_str(MVGPU_CMD_BAD_LENGTH), ==,
                    "length outside what the command allows");
}

/*
 * The 2D commands that read a pattern or mono bitmap from memory have one
 * Gen8+ length each (two-dword addresses) and are executed.
 */
static void test_blit_memory_commands(void)
{
    static const struct { uint32_t op, len, addr; } cmds[] = {
        { 0x26, 5, 1u << 3 },                   /* XY_TEXT_BLT */
        { 0x51, 8, 1u << 4 | 1u << 6 },         /* XY_PAT_BLT */
        { 0x54, 10, 1u << 4 | 1u << 6 },        /* XY_MONO_SRC_COPY_BLT */
    };
    MvgpuCmd cmd;

    for (size_t i = 0; i < G_N_ELEMENTS(cmds); i++) {
        uint32_t dw0 = 2u << 29 | cmds[i].op << 22;

        for (uint32_t len = 3; len < 14; len++) {
            g_assert_cmpint(mvgpu_cmd_decode(dw0 | (len - 2), MVGPU_CMD_BCS,
                                             false, &cmd), ==,
                            len == cmds[i].len ? MVGPU_CMD_OK
                                               : MVGPU_CMD_BAD_LENGTH);
        }
        mvgpu_cmd_decode(dw0 | (cmds[i].len - 2), MVGPU_CMD_BCS, false, &cmd);
        g_assert_true(cmd.desc->flags & MVGPU_CMD_EXEC);
        g_assert_cmphex(cmd.desc->addr, ==, cmds[i].addr);
    }
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/mvgpu/cmd/well-formed", test_well_formed);
    g_test_add_func("/mvgpu/cmd/length-rules", test_length_rules);
    g_test_add_func("/mvgpu/cmd/engines-and-privilege",
                    test_engines_and_privilege);
    g_test_add_func("/mvgpu/cmd/unknown-and-names", test_unknown_and_names);
    g_test_add_func("/mvgpu/cmd/blit-memory-commands",
                    test_blit_memory_commands);
    return g_test_run();
}
