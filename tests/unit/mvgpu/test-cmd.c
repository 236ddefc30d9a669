/*
 * Unit tests of the Gen9 command table: the tables are well formed (no key
 * twice on one engine, every entry found by lookup on each of its
 * engines), every entry's length rule holds against hand-built DW0s at
 * and beyond its bounds, engines and privilege are enforced, a key shared
 * between engines decodes as each engine's own command, a dozen commands
 * match lengths and address dwords written here by hand from Mesa's
 * genxml and Intel's media driver, unknown commands are refused, names
 * come out for diagnostics.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <glib.h>

#include "cmd.h"
#include "backend.h"

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
    /* For each engine, the keys already seen: none may come twice. */
    GHashTable *seen[4];
    unsigned shared = 0;

    for (unsigned e = 0; e < 4; e++) {
        seen[e] = g_hash_table_new(g_direct_hash, g_direct_equal);
    }
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
            /* Sorted by key, then engines; one key on disjoint engines. */
            if (i && tab[i - 1].key == d->key) {
                g_assert_cmphex(tab[i - 1].engines, <, d->engines);
                g_assert_cmphex(tab[i - 1].engines & d->engines, ==, 0);
                shared++;
            } else if (i) {
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
                g_assert_cmpuint(d->len_bits, <=, 16);
                g_assert_cmpuint(max_len(d), <=, (1u << d->len_bits) + 1);
            }
            /*
             * Addresses ascend, lie inside the command, never in DW0,
             * and do not overlap.
             */
            g_assert_true(d->n_addr == 0 || d->addr != NULL);
            for (unsigned k = 0; k < d->n_addr; k++) {
                g_assert_cmpuint(d->addr[k], >=, 1);
                g_assert_cmpuint(d->addr[k] + width, <=, max_len(d));
                if (k) {
                    g_assert_cmpuint(d->addr[k - 1] + width, <=, d->addr[k]);
                }
                g_assert_true(mvgpu_cmd_addr_at(d, d->addr[k]));
                g_assert_false(mvgpu_cmd_addr_at(d, d->addr[k] + 1) &&
                               width == 2);
            }
            for (unsigned e = 0; e < 4; e++) {
                unsigned bit = 1u << e;

                if (!(d->engines & bit)) {
                    continue;
                }
                /* No other entry has this key on this engine ... */
                g_assert_false(g_hash_table_contains(
                    seen[e], GUINT_TO_POINTER(d->key)));
                g_hash_table_add(seen[e], GUINT_TO_POINTER(d->key));
                /* ... and the index finds this one there. */
                g_assert_true(mvgpu_cmd_lookup_on(d->key, bit) == d);
                g_assert_cmpstr(mvgpu_cmd_name_on(d->key, bit), ==,
                                d->name);
            }
        }
    }
    /*
     * Each meaning has its own entry: media/MFX at pipeline 2 opcode 0
     * (subs 0, 1, 2, 4) and 1 (0, 2, 3, 5), MFX VP8/VEBOX at 2.4.0.0.
     */
    g_assert_cmpuint(shared, ==, 9);
    for (unsigned e = 0; e < 4; e++) {
        g_hash_table_unref(seen[e]);
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
    unsigned priv = 0, other = 0;

    for (size_t t = 0; t < G_N_ELEMENTS(tables); t++) {
        for (size_t i = 0; i < *tables[t].n; i++) {
            const MvgpuCmdDesc *d = &tables[t].t[i];
            uint32_t dw0 = dw0_of(d, d->len_min);
            MvgpuCmd cmd;

            for (unsigned e = 1; e <= MVGPU_CMD_BCS; e <<= 1) {
                const MvgpuCmdDesc *there = mvgpu_cmd_lookup_on(dw0, e);
                MvgpuCmdVerdict v = mvgpu_cmd_decode(dw0, e, true, &cmd);

                if (d->engines & e) {
                    g_assert_cmpint(v, ==, MVGPU_CMD_OK);
                    g_assert_true(cmd.desc == d);
                } else if (there) {
                    /* The key is another command on that engine. */
                    g_assert_true(there != d);
                    g_assert_true(cmd.desc == there);
                    other++;
                } else {
                    g_assert_cmpint(v, ==, MVGPU_CMD_BAD_ENGINE);
                    g_assert_true(cmd.desc == mvgpu_cmd_lookup(dw0));
                    g_assert_cmpuint(cmd.len, ==, d->len_min);
                }
            }
            g_assert_cmpint(mvgpu_cmd_decode(dw0, first_engine(d), false,
                                             &cmd), ==,
                            d->flags & MVGPU_CMD_PRIV ? MVGPU_CMD_PRIVILEGED
                                                      : MVGPU_CMD_OK);
            priv += !!(d->flags & MVGPU_CMD_PRIV);
        }
    }
    g_assert_cmpuint(priv, >=, 5);
    /* The 9 shared keys, each seen from both of its commands. */
    g_assert_cmpuint(other, ==, 18);
    /* Not one engine: nothing is this engine's. */
    g_assert_null(mvgpu_cmd_lookup_on(0x7a000004, 0));
    g_assert_null(mvgpu_cmd_lookup_on(0x7a000004,
                                      MVGPU_CMD_RCS | MVGPU_CMD_VCS));
    g_assert_null(mvgpu_cmd_lookup_on(0x7a000004, 1u << 4));
}

/*
 * One DW0, two engines, two commands: the length field's width, the
 * length rule and the addresses are each engine's own.
 */
static void test_shared_keys(void)
{
    MvgpuCmd cmd;

    /* 9 dwords: MEDIA_VFE_STATE's length, not MFX_PIPE_MODE_SELECT's. */
    g_assert_cmpint(mvgpu_cmd_decode(0x70000007, MVGPU_CMD_RCS, false, &cmd),
                    ==, MVGPU_CMD_OK);
    g_assert_cmpstr(cmd.desc->name, ==, "MEDIA_VFE_STATE");
    g_assert_cmpuint(cmd.len, ==, 9);
    g_assert_cmpint(mvgpu_cmd_decode(0x70000007, MVGPU_CMD_VCS, false, &cmd),
                    ==, MVGPU_CMD_BAD_LENGTH);
    g_assert_cmpstr(cmd.desc->name, ==, "MFX_PIPE_MODE_SELECT");
    g_assert_cmpint(mvgpu_cmd_decode(0x70000003, MVGPU_CMD_VCS, false, &cmd),
                    ==, MVGPU_CMD_OK);
    g_assert_cmpuint(cmd.len, ==, 5);
    g_assert_cmpint(mvgpu_cmd_decode(0x70000003, MVGPU_CMD_RCS, false, &cmd),
                    ==, MVGPU_CMD_BAD_LENGTH);
    g_assert_cmpstr(mvgpu_cmd_name_on(0x70000007, MVGPU_CMD_RCS), ==,
                    "MEDIA_VFE_STATE");
    g_assert_cmpstr(mvgpu_cmd_name_on(0x70000007, MVGPU_CMD_VCS), ==,
                    "MFX_PIPE_MODE_SELECT");
    /* Without an engine: the first engine's (RCS). */
    g_assert_cmpstr(mvgpu_cmd_name(0x70000007), ==, "MEDIA_VFE_STATE");

    /* The length field: 16 bits for media, 12 for MFX. */
    g_assert_cmpint(mvgpu_cmd_decode(0x7100f004, MVGPU_CMD_RCS, false, &cmd),
                    ==, MVGPU_CMD_OK);
    g_assert_cmpstr(cmd.desc->name, ==, "MEDIA_OBJECT");
    g_assert_cmpuint(cmd.len, ==, 0xf004 + 2);
    g_assert_cmpint(mvgpu_cmd_decode(0x7100f013, MVGPU_CMD_VCS, false, &cmd),
                    ==, MVGPU_CMD_OK);
    g_assert_cmpstr(cmd.desc->name, ==, "MFX_AVC_IMG_STATE");
    g_assert_cmpuint(cmd.len, ==, 21);

    /* Addresses: none in the media descriptor load, 27 in the MFX one. */
    g_assert_nonnull(mvgpu_cmd_lookup_on(0x70020002, MVGPU_CMD_RCS));
    g_assert_cmpuint(mvgpu_cmd_lookup_on(0x70020002, MVGPU_CMD_RCS)->n_addr,
                     ==, 0);
    g_assert_cmpuint(mvgpu_cmd_lookup_on(0x70020002, MVGPU_CMD_VCS)->n_addr,
                     ==, 27);

    /* Opcode 4: VP8 on the video engine, VEBOX on the enhancement one. */
    g_assert_cmpint(mvgpu_cmd_decode(0x74000024, MVGPU_CMD_VCS, false, &cmd),
                    ==, MVGPU_CMD_OK);
    g_assert_cmpstr(cmd.desc->name, ==, "MFX_VP8_PIC_STATE");
    g_assert_cmpint(mvgpu_cmd_decode(0x74000007, MVGPU_CMD_VECS, false,
                                     &cmd), ==, MVGPU_CMD_OK);
    g_assert_cmpstr(cmd.desc->name, ==, "VEBOX_SURFACE_STATE");
    g_assert_cmpuint(cmd.len, ==, 9);
    /* On the render engine it is neither: another engine's command. */
    g_assert_cmpint(mvgpu_cmd_decode(0x74000007, MVGPU_CMD_RCS, false, &cmd),
                    ==, MVGPU_CMD_BAD_ENGINE);
    g_assert_cmpstr(mvgpu_cmd_name_on(0x74000007, MVGPU_CMD_VECS), ==,
                    "VEBOX_SURFACE_STATE");
    /* SFC is the video engine's and the enhancement engine's alike. */
    g_assert_cmpint(mvgpu_cmd_decode(0x75010020, MVGPU_CMD_VCS, false, &cmd),
                    ==, MVGPU_CMD_OK);
    g_assert_true(cmd.desc == mvgpu_cmd_lookup_on(0x75010020,
                                                  MVGPU_CMD_VECS));
}

/*
 * Spot checks, written by hand from genxml gen9.xml and the media
 * driver's Gen9 headers (not from our table): DW0 with the length field
 * set, the engine, the name, the length and the address dwords inside
 * that length. Fixed-length ones also refuse one dword more.
 */
static const struct {
    uint32_t dw0;
    unsigned engine;
    const char *name;
    uint32_t len;
    bool fixed;
    uint8_t addr[40];
} spots[] = {
    { 0x781d0009, MVGPU_CMD_RCS, "3DSTATE_DS", 11, true, { 0 } },
    { 0x781f0004, MVGPU_CMD_RCS, "3DSTATE_SBE", 6, true, { 0 } },
    { 0x784e0002, MVGPU_CMD_RCS, "3DSTATE_WM_DEPTH_STENCIL", 4, true,
      { 0 } },
    { 0x78170009, MVGPU_CMD_RCS, "3DSTATE_CONSTANT_PS", 11, true,
      { 3, 5, 7, 9 } },
    { 0x61010011, MVGPU_CMD_RCS, "STATE_BASE_ADDRESS", 19, true,
      { 1, 4, 6, 8, 10, 16 } },
    /*
     * IGT's Gen9 render copy (lib/rendercopy_gen9.c) says 18 dwords and
     * writes 19: the last, zero, runs as MI_NOOP. Bindless base inside.
     */
    { 0x61010010, MVGPU_CMD_RCS, "STATE_BASE_ADDRESS", 18, false,
      { 1, 4, 6, 8, 10, 16 } },
    { 0x79180006, MVGPU_CMD_RCS, "3DSTATE_SO_BUFFER", 8, true, { 2, 5 } },
    { 0x78540002, MVGPU_CMD_RCS, "3DSTATE_RS_CONSTANT_POINTER", 4, true,
      { 2 } },
    /* A 9-bit length field: 0x100 + 2 dwords. */
    { 0x78470100, MVGPU_CMD_RCS, "3DSTATE_BINDING_TABLE_EDIT_PS", 0x102,
      false, { 0 } },
    /* Three vertex buffers. */
    { 0x7808000b, MVGPU_CMD_RCS, "3DSTATE_VERTEX_BUFFERS", 13, false,
      { 2, 6, 10 } },
    { 0x70000007, MVGPU_CMD_RCS, "MEDIA_VFE_STATE", 9, true, { 0 } },
    { 0x7105000d, MVGPU_CMD_RCS, "GPGPU_WALKER", 15, true, { 0 } },
    { 0x68000100, MVGPU_CMD_VCS, "MFX_WAIT", 1, true, { 0 } },
    /* SKL's 65 dwords: the KBL slice-size stream-out is past the end. */
    { 0x7002003f, MVGPU_CMD_VCS, "MFX_PIPE_BUF_ADDR_STATE", 65, false,
      { 1, 4, 7, 10, 13, 16, 19, 21, 23, 25, 27, 29, 31, 33, 35, 37, 39,
        41, 43, 45, 47, 49, 52, 55, 58, 62 } },
    { 0x70030018, MVGPU_CMD_VCS, "MFX_IND_OBJ_BASE_ADDR_STATE", 26, true,
      { 1, 4, 6, 9, 11, 14, 16, 19, 21, 24 } },
    { 0x71000013, MVGPU_CMD_VCS, "MFX_AVC_IMG_STATE", 21, true, { 0 } },
    { 0x71020045, MVGPU_CMD_VCS, "MFX_AVC_DIRECTMODE_STATE", 71, true,
      { 1, 3, 5, 7, 9, 11, 13, 15, 17, 19, 21, 23, 25, 27, 29, 31, 34 } },
    { 0x7382005d, MVGPU_CMD_VCS, "HCP_PIPE_BUF_ADDR_STATE", 95, false,
      { 1, 4, 7, 10, 13, 16, 19, 22, 25, 28, 31, 37, 39, 41, 43, 45, 47,
        49, 51, 54, 57, 60, 63, 66, 68, 70, 72, 74, 76, 78, 80, 83, 86, 89,
        92 } },
    { 0x7584002f, MVGPU_CMD_VCS, "HUC_VIRTUAL_ADDR_STATE", 49, true,
      { 1, 4, 7, 10, 13, 16, 19, 22, 25, 28, 31, 34, 37, 40, 43, 46 } },
    { 0x74030016, MVGPU_CMD_VECS, "VEB_DI_IECP", 24, true,
      { 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22 } },
};

static void test_spot_checks(void)
{
    for (size_t s = 0; s < G_N_ELEMENTS(spots); s++) {
        MvgpuCmd cmd;
        unsigned k = 0, width;

        g_test_message("%s", spots[s].name);
        g_assert_cmpint(mvgpu_cmd_decode(spots[s].dw0, spots[s].engine, false,
                                         &cmd), ==, MVGPU_CMD_OK);
        g_assert_cmpstr(cmd.desc->name, ==, spots[s].name);
        g_assert_cmpuint(cmd.len, ==, spots[s].len);
        width = mvgpu_cmd_addr_dwords(cmd.desc);
        /* The address fields inside the length, exactly those listed. */
        for (unsigned i = 0; i < cmd.desc->n_addr; i++) {
            if (cmd.desc->addr[i] + width > cmd.len) {
                break;
            }
            g_assert_cmpuint(cmd.desc->addr[i], ==, spots[s].addr[k]);
            k++;
        }
        g_assert_cmpuint(spots[s].addr[k], ==, 0);
        if (spots[s].fixed && cmd.desc->len_bits) {
            g_assert_cmpint(mvgpu_cmd_decode(spots[s].dw0 + 1,
                                             spots[s].engine, false, &cmd),
                            ==, MVGPU_CMD_BAD_LENGTH);
        }
    }
    /* STATE_BASE_ADDRESS: no shorter than IGT's 18 dwords. */
    {
        MvgpuCmd cmd;

        g_assert_cmpint(mvgpu_cmd_decode(0x61010000 | (17 - 2),
                                         MVGPU_CMD_RCS, false, &cmd),
                        ==, MVGPU_CMD_BAD_LENGTH);
    }
    /* 33 vertex buffers fit, a 34th does not (Gen9 has 33). */
    {
        MvgpuCmd cmd;

        g_assert_cmpint(mvgpu_cmd_decode(0x78080000 | (133 - 2),
                                         MVGPU_CMD_RCS, false, &cmd),
                        ==, MVGPU_CMD_OK);
        g_assert_cmpuint(cmd.desc->n_addr, ==, 33);
        g_assert_cmpint(mvgpu_cmd_decode(0x78080000 | (137 - 2),
                                         MVGPU_CMD_RCS, false, &cmd),
                        ==, MVGPU_CMD_BAD_LENGTH);
    }
}

/*
 * The command headers IGT's Gen9 batches emit on RCS, with their lengths:
 * lib/rendercopy_gen9.c (gem_render_copy, gem_render_*_blits) and the
 * Gen9 media and GPGPU fills of lib/gpu_cmds.c. DW0s computed from IGT
 * 1.27.1's lib/gen*_render.h definitions. Every one must pass the audit
 * at that length.
 */
static void test_igt_gen9_batches(void)
{
    static const struct {
        uint32_t dw0;
        uint32_t len;
    } cmds[] = {
        { 0x78090005, 7 },   /* 3DSTATE_VERTEX_ELEMENTS */
        { 0x78080003, 5 },   /* 3DSTATE_VERTEX_BUFFERS */
        { 0x61020001, 3 },   /* STATE_SIP */
        { 0x79120000, 2 },   /* 3DSTATE_PUSH_CONSTANT_ALLOC_VS */
        { 0x79130000, 2 },   /* 3DSTATE_PUSH_CONSTANT_ALLOC_HS */
        { 0x79140000, 2 },   /* 3DSTATE_PUSH_CONSTANT_ALLOC_DS */
        { 0x79150000, 2 },   /* 3DSTATE_PUSH_CONSTANT_ALLOC_GS */
        { 0x79160000, 2 },   /* 3DSTATE_PUSH_CONSTANT_ALLOC_PS */
        { 0x61010010, 18 },   /* STATE_BASE_ADDRESS */
        { 0x78300000, 2 },   /* 3DSTATE_URB_VS */
        { 0x78330000, 2 },   /* 3DSTATE_URB_GS */
        { 0x78310000, 2 },   /* 3DSTATE_URB_HS */
        { 0x78320000, 2 },   /* 3DSTATE_URB_DS */
        { 0x78240000, 2 },   /* 3DSTATE_BLEND_STATE_POINTERS */
        { 0x780e0000, 2 },   /* 3DSTATE_CC_STATE_POINTERS */
        { 0x780d0000, 2 },   /* 3DSTATE_MULTISAMPLE */
        { 0x78180000, 2 },   /* 3DSTATE_SAMPLE_MASK */
        { 0x78150009, 11 },   /* 3DSTATE_CONSTANT_VS */
        { 0x78260000, 2 },   /* 3DSTATE_BINDING_TABLE_POINTERS_VS */
        { 0x782b0000, 2 },   /* 3DSTATE_SAMPLER_STATE_POINTERS_VS */
        { 0x78100007, 9 },   /* 3DSTATE_VS */
        { 0x78190009, 11 },   /* 3DSTATE_CONSTANT_HS */
        { 0x781b0007, 9 },   /* 3DSTATE_HS */
        { 0x78270000, 2 },   /* 3DSTATE_BINDING_TABLE_POINTERS_HS */
        { 0x782c0000, 2 },   /* 3DSTATE_SAMPLER_STATE_POINTERS_HS */
        { 0x78160009, 11 },   /* 3DSTATE_CONSTANT_GS */
        { 0x78110008, 10 },   /* 3DSTATE_GS */
        { 0x78290000, 2 },   /* 3DSTATE_BINDING_TABLE_POINTERS_GS */
        { 0x782e0000, 2 },   /* 3DSTATE_SAMPLER_STATE_POINTERS_GS */
        { 0x781a0009, 11 },   /* 3DSTATE_CONSTANT_DS */
        { 0x781d0009, 11 },   /* 3DSTATE_DS */
        { 0x78280000, 2 },   /* 3DSTATE_BINDING_TABLE_POINTERS_DS */
        { 0x782d0000, 2 },   /* 3DSTATE_SAMPLER_STATE_POINTERS_DS */
        { 0x78520003, 5 },   /* 3DSTATE_WM_HZ_OP */
        { 0x781c0002, 4 },   /* 3DSTATE_TE */
        { 0x78120002, 4 },   /* 3DSTATE_CLIP */
        { 0x781f0004, 6 },   /* 3DSTATE_SBE */
        { 0x78510009, 11 },   /* 3DSTATE_SBE_SWIZ */
        { 0x78500003, 5 },   /* 3DSTATE_RASTER */
        { 0x78130002, 4 },   /* 3DSTATE_SF */
        { 0x78140000, 2 },   /* 3DSTATE_WM */
        { 0x78170009, 11 },   /* 3DSTATE_CONSTANT_PS */
        { 0x7820000a, 12 },   /* 3DSTATE_PS */
        { 0x784d0000, 2 },   /* 3DSTATE_PS_BLEND */
        { 0x784f0000, 2 },   /* 3DSTATE_PS_EXTRA */
        { 0x782a0000, 2 },   /* 3DSTATE_BINDING_TABLE_POINTERS_PS */
        { 0x782f0000, 2 },   /* 3DSTATE_SAMPLER_STATE_POINTERS_PS */
        { 0x784e0002, 4 },   /* 3DSTATE_WM_DEPTH_STENCIL */
        { 0x78050006, 8 },   /* 3DSTATE_DEPTH_BUFFER */
        { 0x78070003, 5 },   /* 3DSTATE_HIER_DEPTH_BUFFER */
        { 0x78060003, 5 },   /* 3DSTATE_STENCIL_BUFFER */
        { 0x78040001, 3 },   /* 3DSTATE_CLEAR_PARAMS */
        { 0x79000002, 4 },   /* 3DSTATE_DRAWING_RECTANGLE */
        { 0x784b0000, 2 },   /* 3DSTATE_VF_TOPOLOGY */
        { 0x780c0000, 2 },   /* 3DSTATE_VF */
        { 0x78490001, 3 },   /* 3DSTATE_VF_INSTANCING */
        { 0x7b000005, 7 },   /* 3DPRIMITIVE */
        { 0x79190002, 4 },   /* 3DSTATE_BINDING_TABLE_POOL_ALLOC */
        { 0x69040300, 1 },   /* PIPELINE_SELECT */
        { 0x78230000, 2 },   /* 3DSTATE_VIEWPORT_STATE_POINTERS_CC */
        { 0x78210000, 2 },   /* 3DSTATE_VIEWPORT_STATE_POINTERS_SF_CL */
        { 0x784a0000, 2 },   /* 3DSTATE_VF_SGVS */
        { 0x71000006, 8 },   /* MEDIA_OBJECT */
        { 0x70000007, 9 },   /* MEDIA_VFE_STATE */
        { 0x70010002, 4 },   /* MEDIA_CURBE_LOAD */
        { 0x70020002, 4 },   /* MEDIA_INTERFACE_DESCRIPTOR_LOAD */
        { 0x70040000, 2 },   /* MEDIA_STATE_FLUSH */
        { 0x7105000d, 15 },   /* GPGPU_WALKER */
        { 0x61010011, 19 },   /* STATE_BASE_ADDRESS (gpu_cmds.c) */
    };

    for (size_t i = 0; i < G_N_ELEMENTS(cmds); i++) {
        MvgpuCmd cmd;

        g_test_message("0x%08x", cmds[i].dw0);
        g_assert_cmpint(mvgpu_cmd_decode(cmds[i].dw0, MVGPU_CMD_RCS, false,
                                         &cmd), ==, MVGPU_CMD_OK);
        g_assert_cmpuint(cmd.len, ==, cmds[i].len);
    }
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
    static const struct { uint32_t op, len, n_addr; uint8_t addr[2]; } cmds[] = {
        { 0x26, 5, 1, { 3 } },                  /* XY_TEXT_BLT */
        { 0x51, 8, 2, { 4, 6 } },               /* XY_PAT_BLT */
        { 0x54, 10, 2, { 4, 6 } },              /* XY_MONO_SRC_COPY_BLT */
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
        g_assert_cmpuint(cmd.desc->exec, ==, MVGPU_EXEC_BLIT);
        g_assert_cmpuint(cmd.desc->n_addr, ==, cmds[i].n_addr);
        g_assert_cmpmem(cmd.desc->addr, cmd.desc->n_addr, cmds[i].addr,
                        cmds[i].n_addr);
    }
}

/*
 * Every operation a row names has its handler in the soft backend, and
 * the commands execution depends on name theirs.
 */
static void test_exec_handlers(void)
{
    static const struct {
        uint32_t dw0;
        unsigned engine_bit;
        MvgpuExecOp op;
    } spot[] = {
        { 0x02800000, MVGPU_CMD_RCS, MVGPU_EXEC_ARB_CHECK },
        { 0x05000000, MVGPU_CMD_BCS, MVGPU_EXEC_BATCH_BUFFER_END },
        { 0x0e400002, MVGPU_CMD_VCS, MVGPU_EXEC_SEMAPHORE_WAIT },
        { 0x18800101, MVGPU_CMD_RCS, MVGPU_EXEC_BATCH_BUFFER_START },
        { 0x1b000002, MVGPU_CMD_RCS, MVGPU_EXEC_CONDITIONAL_BATCH_BUFFER_END },
        { 0x7a000004, MVGPU_CMD_RCS, MVGPU_EXEC_PIPE_CONTROL },
        { 0x78090001, MVGPU_CMD_RCS, MVGPU_EXEC_NONE },
    };

    for (unsigned op = 0; op < MVGPU_EXEC_COUNT; op++) {
        g_assert_true(mvgpu_soft_handles(op));
    }
    g_assert_false(mvgpu_soft_handles(MVGPU_EXEC_COUNT));
    for (size_t i = 0; i < mvgpu_cmd_table_len; i++) {
        g_assert_cmpuint(mvgpu_cmd_table[i].exec, <, MVGPU_EXEC_COUNT);
    }
    for (size_t i = 0; i < mvgpu_cmd_table_3d_len; i++) {
        g_assert_cmpuint(mvgpu_cmd_table_3d[i].exec, <, MVGPU_EXEC_COUNT);
    }
    for (size_t i = 0; i < G_N_ELEMENTS(spot); i++) {
        const MvgpuCmdDesc *d = mvgpu_cmd_lookup_on(spot[i].dw0,
                                                    spot[i].engine_bit);

        g_assert_nonnull(d);
        g_assert_cmpuint(d->exec, ==, spot[i].op);
    }
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/mvgpu/cmd/well-formed", test_well_formed);
    g_test_add_func("/mvgpu/cmd/exec-handlers", test_exec_handlers);
    g_test_add_func("/mvgpu/cmd/length-rules", test_length_rules);
    g_test_add_func("/mvgpu/cmd/engines-and-privilege",
                    test_engines_and_privilege);
    g_test_add_func("/mvgpu/cmd/shared-keys", test_shared_keys);
    g_test_add_func("/mvgpu/cmd/spot-checks", test_spot_checks);
    g_test_add_func("/mvgpu/cmd/unknown-and-names", test_unknown_and_names);
    g_test_add_func("/mvgpu/cmd/igt-gen9-batches", test_igt_gen9_batches);
    g_test_add_func("/mvgpu/cmd/blit-memory-commands",
                    test_blit_memory_commands);
    return g_test_run();
}
