/*
 * Unit tests of the OpRegion and its VBT, read back the way Linux i915
 * reads them: display/intel_opregion.c intel_opregion_setup() for the
 * header, display/intel_bios.c intel_bios_is_valid_vbt(), find_raw_section()
 * and parse_general_definitions() for the VBT.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <string.h>

#include "fake-host.h"
#include "opregion.h"

static unsigned le16(const uint8_t *p)
{
    return p[0] | p[1] << 8;
}

static unsigned le32(const uint8_t *p)
{
    return le16(p) | (unsigned)le16(p + 2) << 16;
}

/* The VBT in @op after i915's validity checks, or NULL. */
static const uint8_t *valid_vbt(const uint8_t *op, unsigned *vbt_size)
{
    const uint8_t *vbt = op + MVGPU_OPREGION_VBT_OFFSET;
    unsigned room = MVGPU_OPREGION_SIZE - MVGPU_OPREGION_VBT_OFFSET;
    unsigned size, bdb;

    if (memcmp(vbt, "$VBT", 4)) {
        return NULL;
    }
    size = le16(vbt + 0x18);
    bdb = le32(vbt + 0x1c);
    if (size > room || bdb + 22 > size || bdb + le16(vbt + bdb + 0x14) > size) {
        return NULL;
    }
    *vbt_size = size;
    return vbt;
}

/* Block @id of the BDB: its data and size, or NULL. */
static const uint8_t *find_block(const uint8_t *vbt, unsigned id,
                                 unsigned *size)
{
    const uint8_t *bdb = vbt + le32(vbt + 0x1c);
    unsigned end = le16(bdb + 0x14), at = le16(bdb + 0x12);

    while (at + 3 <= end) {
        unsigned bid = bdb[at], bsize = le16(bdb + at + 1);

        g_assert_cmpuint(at + 3 + bsize, <=, end);
        if (bid == id) {
            *size = bsize;
            return bdb + at + 3;
        }
        at += 3 + bsize;
    }
    return NULL;
}

typedef struct Child {
    unsigned device_type, dvo_port, aux, dp, integrated;
} Child;

/* The child devices of block 2; returns how many. */
static unsigned children(const uint8_t *vbt, Child *out, unsigned max)
{
    unsigned size, n;
    const uint8_t *defs = find_block(vbt, 2, &size);

    g_assert_nonnull(defs);
    /* BDB 186 has the 33-byte legacy child device config. */
    g_assert_cmpuint(le16(le32(vbt + 0x1c) + vbt + 0x10), ==, 186);
    g_assert_cmpuint(defs[4], ==, 33);
    n = (size - 5) / 33;
    g_assert_cmpuint((size - 5) % 33, ==, 0);
    g_assert_cmpuint(n, <=, max);
    for (unsigned i = 0; i < n; i++) {
        const uint8_t *c = defs + 5 + 33 * i;

        out[i] = (Child) {
            .device_type = le16(c + 2), .dvo_port = c[16], .aux = c[25],
            .dp = (c[24] >> 1) & 1, .integrated = (c[27] >> 5) & 1,
        };
    }
    return n;
}

static void test_header(void)
{
    uint8_t op[MVGPU_OPREGION_SIZE];
    unsigned vbt_size;
    const uint8_t *vbt;
    uint8_t sum = 0;

    memset(op, 0xa5, sizeof(op));
    mvgpu_opregion_build(op, 1u << 3);
    g_assert_cmpmem(op, 16, "IntelGraphicsMem", 16);
    g_assert_cmpuint(le32(op + 0x10), ==, 8);              /* KiB */
    g_assert_cmpuint(op[0x17], ==, 2);                     /* major */
    g_assert_cmphex(le32(op + 0x58), ==, 1u << 3);         /* VBT only */
    vbt = valid_vbt(op, &vbt_size);
    g_assert_nonnull(vbt);
    for (unsigned i = 0; i < vbt_size; i++) {
        sum += vbt[i];
    }
    g_assert_cmpuint(sum, ==, 0);
    /* Nothing of the 0xa5 fill survives past the VBT. */
    for (unsigned i = MVGPU_OPREGION_VBT_OFFSET + vbt_size;
         i < MVGPU_OPREGION_SIZE; i++) {
        g_assert_cmpuint(op[i], ==, 0);
    }
}

static void test_ports(void)
{
    static const struct {
        uint32_t mask;
        unsigned n;
        unsigned dvo[4], aux[4];
    } cases[] = {
        { 1u << 3, 1, { 9 }, { 0x30 } },
        { (1u << 1) | (1u << 3), 2, { 7, 9 }, { 0x10, 0x30 } },
        { 0xf, 4, { 10, 7, 8, 9 }, { 0x40, 0x10, 0x20, 0x30 } },
        { 0, 0, { 0 }, { 0 } },
    };

    for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
        uint8_t op[MVGPU_OPREGION_SIZE];
        Child ch[4];
        unsigned vbt_size, n, size;
        const uint8_t *vbt;

        mvgpu_opregion_build(op, cases[i].mask);
        vbt = valid_vbt(op, &vbt_size);
        g_assert_nonnull(vbt);
        n = children(vbt, ch, 4);
        g_assert_cmpuint(n, ==, cases[i].n);
        for (unsigned j = 0; j < n; j++) {
            g_assert_cmphex(ch[j].device_type, ==, 0x68c6);  /* DP */
            g_assert_cmpuint(ch[j].dvo_port, ==, cases[i].dvo[j]);
            g_assert_cmphex(ch[j].aux, ==, cases[i].aux[j]);
            g_assert_cmpuint(ch[j].dp, ==, 1);
            g_assert_cmpuint(ch[j].integrated, ==, 1);
        }
        /* No LVDS: the driver features block says so. */
        g_assert_nonnull(find_block(vbt, 12, &size));
        g_assert_cmpuint((le16(find_block(vbt, 12, &size) + 7) >> 11) & 3,
                         ==, 0);
    }
}

/* The device's OpRegion declares DP on ports B, C and D, and no port A. */
static void test_core_ports(void)
{
    FakeHost *h = fake_host_new();
    uint8_t op[MVGPU_OPREGION_SIZE];
    unsigned vbt_size;
    Child ch[4];

    mvgpu_core_build_opregion(h->core, op);
    g_assert_cmpuint(children(valid_vbt(op, &vbt_size), ch, 4), ==, 3);
    g_assert_cmpuint(ch[0].dvo_port, ==, 7);
    g_assert_cmpuint(ch[1].dvo_port, ==, 8);
    g_assert_cmpuint(ch[2].dvo_port, ==, 9);
    g_assert_cmphex(ch[2].aux, ==, 0x30);
    fake_host_free(h);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/mvgpu/opregion/header", test_header);
    g_test_add_func("/mvgpu/opregion/ports", test_ports);
    g_test_add_func("/mvgpu/opregion/core-ports", test_core_ports);
    return g_test_run();
}
