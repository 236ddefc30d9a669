/*
 * Unit tests of relocation: every address-bearing command of the table, in
 * a shadow segment, has exactly its address fields rewritten through the
 * mapping — page bits moved, flag bits below the page and bits above 47
 * kept — and nothing else touched; a refusing map refuses the workload.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <glib.h>

#include "reloc.h"

#define MOVE    0x0000012345678000ull   /* XORed into every page address */

typedef struct Seen {
    unsigned calls;
    uint32_t dwords;            /* bit i: dword i was mapped */
    bool refuse;
} Seen;

static bool move_page(void *opaque, const MvgpuShadowSeg *seg,
                      const MvgpuCmdDesc *d, unsigned dword, uint64_t *page)
{
    Seen *seen = opaque;

    g_assert_cmphex(*page & 0xfff, ==, 0);
    seen->calls++;
    seen->dwords |= 1u << dword;
    *page = (*page ^ MOVE) & 0xfffffffff000ull;
    return !seen->refuse;
}

static uint32_t max_len(const MvgpuCmdDesc *d)
{
    return d->len_max ? d->len_max : d->len_min + 32;
}

static unsigned check_table(const MvgpuCmdDesc *t, size_t n)
{
    unsigned checked = 0;

    for (size_t e = 0; e < n; e++) {
        const MvgpuCmdDesc *d = &t[e];
        bool wide = !(d->flags & MVGPU_CMD_A32);
        uint32_t len = d->len_min, orig[64], dw[64];
        MvgpuShadowSeg seg = { .ring = true, .dw = dw };
        MvgpuScan sc = { .segs = g_ptr_array_new() };
        Seen seen = { 0 };
        int64_t fields;

        if (!d->addr) {
            continue;
        }
        /* Long enough to hold every address field. */
        for (unsigned i = 0; i < 32; i++) {
            if (d->addr & (1u << i)) {
                len = MAX(len, i + (wide ? 2 : 1));
            }
        }
        g_assert_cmpuint(len, <=, max_len(d));
        g_assert_cmpuint(len, <=, G_N_ELEMENTS(dw));
        orig[0] = d->key | (d->len_bits ? len - 2 : 0);
        for (uint32_t i = 1; i < len; i++) {
            /* Page bits, flag bits 0x5a5, and a high dword with top bits. */
            orig[i] = 0xabcd0000u | (i << 12) | 0x5a5;
        }
        memcpy(dw, orig, len * 4);
        seg.len = seg.avail = len;
        g_ptr_array_add(sc.segs, &seg);
        g_test_message("%s", d->name);
        fields = mvgpu_relocate(&sc, move_page, &seen);
        g_assert_cmpint(fields, ==, seen.calls);
        g_assert_cmphex(seen.dwords, ==, d->addr);
        for (uint32_t i = 0; i < len; i++) {
            uint32_t want = orig[i];

            if (d->addr & (1u << i)) {
                want ^= (uint32_t)MOVE;
            } else if (wide && i && (d->addr & (1u << (i - 1)))) {
                want ^= (uint32_t)(MOVE >> 32) & 0xffff;
            }
            g_assert_cmphex(dw[i], ==, want);
        }
        /* A map that refuses refuses the whole workload. */
        seen.refuse = true;
        g_assert_cmpint(mvgpu_relocate(&sc, move_page, &seen), ==, -1);
        g_ptr_array_free(sc.segs, true);
        checked++;
    }
    return checked;
}

static void test_every_address_command(void)
{
    unsigned n = check_table(mvgpu_cmd_table, mvgpu_cmd_table_len) +
                 check_table(mvgpu_cmd_table_3d, mvgpu_cmd_table_3d_len);

    g_test_message("%u address-bearing commands relocated", n);
    g_assert_cmpuint(n, >, 40);
}

/* Commands in sequence: each decoded at its own length, across segments. */
static void test_stream(void)
{
    uint32_t ring[] = {
        0x00000000,                                     /* MI_NOOP */
        0x10400002, 0x00001004, 0, 0x1234,              /* SDI */
        0x11000001, 0x2000, 0x1000,                     /* LRI: no address */
        0x18800101, 0x00002000, 0,                      /* BB_START */
    };
    uint32_t batch[] = {
        0x13000003, 0x00003004, 0x0000ffff, 0, 0,       /* MI_FLUSH_DW */
        0x05000000,                                     /* BB_END */
    };
    MvgpuShadowSeg r = { .ring = true, .dw = ring, .len = G_N_ELEMENTS(ring) };
    MvgpuShadowSeg b = { .ppgtt = true, .addr = 0x2000, .dw = batch,
                         .len = G_N_ELEMENTS(batch) };
    MvgpuScan sc = { .segs = g_ptr_array_new() };
    Seen seen = { 0 };

    g_ptr_array_add(sc.segs, &r);
    g_ptr_array_add(sc.segs, &b);
    g_assert_cmpint(mvgpu_relocate(&sc, move_page, &seen), ==, 3);
    g_assert_cmphex(ring[2], ==, 0x00001004 ^ (uint32_t)MOVE);
    g_assert_cmphex(ring[3], ==, 0x0123);
    g_assert_cmphex(ring[6], ==, 0x2000);               /* LRI untouched */
    g_assert_cmphex(ring[9], ==, 0x00002000 ^ (uint32_t)MOVE);
    g_assert_cmphex(batch[1], ==, 0x00003004 ^ (uint32_t)MOVE);
    g_assert_cmphex(batch[2], ==, 0x0000ffff ^ 0x0123);
    g_ptr_array_free(sc.segs, true);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/mvgpu/reloc/every-address-command",
                    test_every_address_command);
    g_test_add_func("/mvgpu/reloc/stream", test_stream);
    return g_test_run();
}
