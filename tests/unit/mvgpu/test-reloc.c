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
#include "mvgpu-build.h"

#define MOVE    0x0000012345678000ull   /* XORed into every page address */

typedef struct Seen {
    unsigned calls;
    uint8_t dwords[64];         /* the dwords mapped, in order */
    bool refuse;
} Seen;

static bool move_page(void *opaque, const MvgpuShadowSeg *seg,
                      const MvgpuCmdDesc *d, unsigned dword, uint64_t *page)
{
    Seen *seen = opaque;

    g_assert_cmphex(*page & 0xfff, ==, 0);
    g_assert_cmpuint(seen->calls, <, G_N_ELEMENTS(seen->dwords));
    seen->dwords[seen->calls++] = dword;
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
        uint32_t len = d->len_min, *orig, *dw;
        MvgpuShadowSeg seg = { .ring = true };
        /* On the first engine that takes it: the key may be another's. */
        MvgpuScan sc = { .segs = g_ptr_array_new(),
                         .engine_bit = d->engines & -d->engines };
        Seen seen = { 0 };
        int64_t fields;

        if (!d->n_addr) {
            continue;
        }
        /* Long enough to hold every address field. */
        len = MAX(len, d->addr[d->n_addr - 1] + (wide ? 2u : 1u));
        g_assert_cmpuint(len, <=, max_len(d));
        orig = g_new(uint32_t, len);
        dw = seg.dw = g_new(uint32_t, len);
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
        g_assert_cmpuint(seen.calls, ==, d->n_addr);
        g_assert_cmpmem(seen.dwords, seen.calls, d->addr, d->n_addr);
        for (uint32_t i = 0; i < len; i++) {
            uint32_t want = orig[i];

            if (mvgpu_cmd_addr_at(d, i)) {
                want ^= (uint32_t)MOVE;
            } else if (wide && i && mvgpu_cmd_addr_at(d, i - 1)) {
                want ^= (uint32_t)(MOVE >> 32) & 0xffff;
            }
            g_assert_cmphex(dw[i], ==, want);
        }
        /* A map that refuses refuses the whole workload. */
        seen.refuse = true;
        seen.calls = 0;
        g_assert_cmpint(mvgpu_relocate(&sc, move_page, &seen), ==, -1);
        g_ptr_array_free(sc.segs, true);
        g_free(orig);
        g_free(dw);
        checked++;
    }
    return checked;
}

static void test_every_address_command(void)
{
    unsigned n = check_table(mvgpu_cmd_table, mvgpu_cmd_table_len) +
                 check_table(mvgpu_cmd_table_3d, mvgpu_cmd_table_3d_len);

    g_test_message("%u address-bearing commands relocated", n);
    g_assert_cmpuint(n, >, 60);
}

/*
 * The same dwords relocated for two engines: on RCS 0x70020002 is
 * MEDIA_INTERFACE_DESCRIPTOR_LOAD (4 dwords, offsets only), on VCS it is
 * MFX_PIPE_BUF_ADDR_STATE's opening, which the scan would not have
 * accepted at that length; so a 65-dword MFX command is used for VCS and
 * its first four dwords for RCS.
 */
static void test_engine_meaning(void)
{
    uint32_t mfx[65], media[4];
    MvgpuShadowSeg seg = { .ring = true };
    MvgpuScan sc = { .segs = g_ptr_array_new() };
    Seen seen = { 0 };

    for (unsigned i = 0; i < G_N_ELEMENTS(mfx); i++) {
        mfx[i] = 0x1000u * i;
    }
    mfx[0] = 0x70020000 | (65 - 2);
    memcpy(media, mfx, sizeof(media));
    media[0] = 0x70020000 | (4 - 2);
    g_ptr_array_add(sc.segs, &seg);

    seg.dw = media;
    seg.len = seg.avail = G_N_ELEMENTS(media);
    sc.engine_bit = MVGPU_CMD_RCS;
    g_assert_cmpint(mvgpu_relocate(&sc, move_page, &seen), ==, 0);
    g_assert_cmphex(media[1], ==, 0x1000);

    seg.dw = mfx;
    seg.len = seg.avail = G_N_ELEMENTS(mfx);
    sc.engine_bit = MVGPU_CMD_VCS;
    g_assert_cmpint(mvgpu_relocate(&sc, move_page, &seen), ==, 26);
    g_assert_cmphex(mfx[1], ==, 0x1000 ^ (uint32_t)MOVE);
    g_assert_cmphex(mfx[62], ==, 62 * 0x1000 ^ (uint32_t)MOVE);
    g_assert_cmphex(mfx[3], ==, 0x3000);            /* attributes */

    /* Not an engine: nothing is in the table, relocation refuses. */
    sc.engine_bit = 0;
    g_assert_cmpint(mvgpu_relocate(&sc, move_page, &seen), ==, -1);
    g_ptr_array_free(sc.segs, true);
}

/* Commands in sequence: each decoded at its own length, across segments. */
static void test_stream(void)
{
    uint32_t ring[] = {
        MB_MI_NOOP,
        MB_STORE_DWORD_GGTT(0x00001004, 0x1234),
        MB_LRI(0x2000, 0x1000),                         /* no address */
        MB_BB_START_PPGTT(0x00002000),
    };
    uint32_t batch[] = {
        /* An address with bits above 31 set: they move too. */
        MB_MI_FLUSH_DW | MB_LEN(5), 0x00003004, 0x0000ffff, 0, 0,
        MB_MI_BATCH_BUFFER_END,
    };
    MvgpuShadowSeg r = { .ring = true, .dw = ring, .len = G_N_ELEMENTS(ring) };
    MvgpuShadowSeg b = { .ppgtt = true, .addr = 0x2000, .dw = batch,
                         .len = G_N_ELEMENTS(batch) };
    MvgpuScan sc = { .segs = g_ptr_array_new(),
                     .engine_bit = MVGPU_CMD_VCS };
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
    g_test_add_func("/mvgpu/reloc/engine-meaning", test_engine_meaning);
    return g_test_run();
}
