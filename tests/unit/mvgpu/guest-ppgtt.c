/*
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "guest-ppgtt.h"
#include "gen9-regs.h"

void gp_put32(FakeHost *h, uint64_t gpa, uint32_t v)
{
    v = GUINT32_TO_LE(v);
    memcpy(&h->ram[gpa], &v, 4);
}

uint32_t gp_ram32(FakeHost *h, uint64_t gpa)
{
    uint32_t v;

    memcpy(&v, &h->ram[gpa], 4);
    return GUINT32_FROM_LE(v);
}

void gp_put64(FakeHost *h, uint64_t gpa, uint64_t v)
{
    v = GUINT64_TO_LE(v);
    memcpy(&h->ram[gpa], &v, 8);
}

void gp_fill_table(FakeHost *h, uint64_t table, uint64_t entry)
{
    for (unsigned i = 0; i < 512; i++) {
        gp_put64(h, table + 8 * i, entry);
    }
}

void gp_make_ppgtt(FakeHost *h)
{
    const uint64_t dir = GP_P | GP_RW;

    /* i915's scratch chain, and every table filled with the next scratch. */
    gp_fill_table(h, GP_S1, GP_S0 | GP_P);
    gp_fill_table(h, GP_S2, GP_S1 | dir);
    gp_fill_table(h, GP_S3, GP_S2 | dir);
    gp_fill_table(h, GP_PML4, GP_S3 | dir);
    gp_fill_table(h, GP_PDP, GP_S2 | dir);
    gp_fill_table(h, GP_PD, GP_S1 | dir);
    gp_fill_table(h, GP_PT, GP_S0 | GP_P);
    gp_fill_table(h, GP_PT64K, GP_S0 | GP_P);
    gp_fill_table(h, GP_HI_PDP, GP_S2 | dir);
    gp_fill_table(h, GP_HI_PD, GP_S1 | dir);
    gp_fill_table(h, GP_HI_PT, GP_S0 | GP_P);
    gp_put64(h, GP_PML4, GP_PDP | dir);
    gp_put64(h, GP_PML4 + 8 * 256, GP_HI_PDP | dir);
    gp_put64(h, GP_PDP, GP_PD | dir);
    gp_put64(h, GP_PD, GP_PT | dir);
    gp_put64(h, GP_PD + 8, 0x400000 | GP_PS | dir);
    gp_put64(h, GP_PD + 16, GP_PT64K | GP_IPS | dir);
    for (unsigned i = 0; i < 4; i++) {
        gp_put64(h, GP_PT + 8 * i, (0x300000 + 0x1000 * i) | dir);
    }
    gp_put64(h, GP_PT + 8 * 5, 0x310000 | dir);
    gp_put64(h, GP_PT + 8 * 6, 0x305000 | dir);
    gp_put64(h, GP_PT64K, 0x700000 | dir);
    gp_put64(h, GP_PT64K + 8 * 16, 0x710000 | dir);
    gp_put64(h, GP_HI_PDP, GP_HI_PD | dir);
    gp_put64(h, GP_HI_PD, GP_HI_PT | dir);
    gp_put64(h, GP_HI_PT, 0x320000 | dir);
}

void gp_make_batch(FakeHost *h, uint32_t v1, uint32_t v2)
{
    const uint32_t b[] = {
        GP_MI_STORE, 0x5010, 0, v1,
        GP_MI_STORE, 0x20, GP_HI_VA >> 32, v2,
        GP_MI_BB_END, 0,
    };

    for (unsigned i = 0; i < G_N_ELEMENTS(b); i++) {
        gp_put32(h, 0x300000 + 4 * i, b[i]);
    }
}

void gp_setup_execlist(FakeHost *h)
{
    for (unsigned i = 0; i < 64; i++) {
        mvgpu_core_bar0_write(h->core, MVGPU_GGTT_PTE_OFFSET + 8 * i,
                              GP_RAM_OF(i * 4096ull) | 1, 8);
    }
    wr(h, RCS_BASE + RING_HWS_PGA, 0);
    gp_put32(h, GP_CTX_STATE + 4 * 0x05, 0);
    gp_put32(h, GP_CTX_STATE + 4 * 0x07, 0);
    gp_put32(h, GP_CTX_STATE + 4 * 0x09, GP_RING_GMA);
    gp_put32(h, GP_CTX_STATE + 4 * 0x0b, 0x1);
    gp_put32(h, GP_CTX_STATE + 4 * 0x31, GP_PML4 >> 32);
    gp_put32(h, GP_CTX_STATE + 4 * 0x33, (uint32_t)GP_PML4);
}

void gp_submit(FakeHost *h, uint32_t ctx_id)
{
    const uint32_t cmds[GP_SUBMIT_BYTES / 4] = {
        GP_MI_BB_START, 0, 0,       /* the user batch at VA 0 */
        0x01000000, 0, 0,           /* MI_USER_INTERRUPT, MI_NOOPs */
    };
    uint32_t tail = gp_ctx_tail(h);

    for (unsigned i = 0; i < G_N_ELEMENTS(cmds); i++) {
        gp_put32(h, GP_RAM_OF(GP_RING_GMA) + tail + 4 * i, cmds[i]);
    }
    gp_put32(h, GP_CTX_STATE + 4 * 0x07, tail + GP_SUBMIT_BYTES);
    wr(h, RCS_BASE + RING_ELSP, 0);
    wr(h, RCS_BASE + RING_ELSP, 0);
    wr(h, RCS_BASE + RING_ELSP, ctx_id);
    wr(h, RCS_BASE + RING_ELSP, GP_CTX_GMA | (3u << 3) | (1u << 8) | 1);
}

uint32_t gp_ctx_head(FakeHost *h)
{
    return gp_ram32(h, GP_CTX_STATE + 4 * 0x05);
}

uint32_t gp_ctx_tail(FakeHost *h)
{
    return gp_ram32(h, GP_CTX_STATE + 4 * 0x07);
}
