/*
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "guest-ppgtt.h"
#include "gen9-regs.h"

/* The slot @slot of the context image at GP_CTX_GMA, in guest RAM. */
#define GP_CTX_SLOT(slot)   (GP_RAM_OF(GP_CTX_GMA) + MB_CTX_SLOT(slot))

uint32_t gp_ram32(FakeHost *h, uint64_t gpa)
{
    uint32_t v;

    memcpy(&v, &h->ram[gpa], 4);
    return GUINT32_FROM_LE(v);
}

void gp_fill_table(FakeHost *h, uint64_t table, uint64_t entry)
{
    for (unsigned i = 0; i < 512; i++) {
        mb_write64(&h->mem, table + 8 * i, entry);
    }
}

void gp_make_ppgtt(FakeHost *h)
{
    const uint64_t dir = MB_PPGTT_PRESENT_RW;
    const MbWriter *mem = &h->mem;

    /* i915's scratch chain, and every table filled with the next scratch. */
    gp_fill_table(h, GP_S1, GP_S0 | MB_PPGTT_PRESENT);
    gp_fill_table(h, GP_S2, GP_S1 | dir);
    gp_fill_table(h, GP_S3, GP_S2 | dir);
    gp_fill_table(h, GP_PML4, GP_S3 | dir);
    gp_fill_table(h, GP_PDP, GP_S2 | dir);
    gp_fill_table(h, GP_PD, GP_S1 | dir);
    gp_fill_table(h, GP_PT, GP_S0 | MB_PPGTT_PRESENT);
    gp_fill_table(h, GP_PT64K, GP_S0 | MB_PPGTT_PRESENT);
    gp_fill_table(h, GP_HI_PDP, GP_S2 | dir);
    gp_fill_table(h, GP_HI_PD, GP_S1 | dir);
    gp_fill_table(h, GP_HI_PT, GP_S0 | MB_PPGTT_PRESENT);
    mb_ppgtt_entry(mem, GP_PML4, 0, 3, GP_PDP | dir);
    mb_ppgtt_entry(mem, GP_PML4, GP_HI_VA, 3, GP_HI_PDP | dir);
    mb_ppgtt_entry(mem, GP_PDP, 0, 2, GP_PD | dir);
    mb_ppgtt_entry(mem, GP_PD, 0, 1, GP_PT | dir);
    mb_ppgtt_entry(mem, GP_PD, 0x200000, 1, 0x400000 | MB_PPGTT_PS | dir);
    mb_ppgtt_entry(mem, GP_PD, 0x400000, 1,
                   GP_PT64K | MB_PPGTT_IPS_64K | dir);
    for (unsigned i = 0; i < 4; i++) {
        mb_ppgtt_entry(mem, GP_PT, 0x1000 * i, 0,
                       (0x300000 + 0x1000 * i) | dir);
    }
    mb_ppgtt_entry(mem, GP_PT, 0x5000, 0, 0x310000 | dir);
    mb_ppgtt_entry(mem, GP_PT, 0x6000, 0, 0x305000 | dir);
    /* 64 KiB pages: every 16th entry of the table counts. */
    mb_ppgtt_entry(mem, GP_PT64K, 0x400000, 0, 0x700000 | dir);
    mb_ppgtt_entry(mem, GP_PT64K, 0x410000, 0, 0x710000 | dir);
    mb_ppgtt_entry(mem, GP_HI_PDP, GP_HI_VA, 2, GP_HI_PD | dir);
    mb_ppgtt_entry(mem, GP_HI_PD, GP_HI_VA, 1, GP_HI_PT | dir);
    mb_ppgtt_entry(mem, GP_HI_PT, GP_HI_VA, 0, 0x320000 | dir);
}

void gp_make_batch(FakeHost *h, uint32_t v1, uint32_t v2)
{
    mb_put_list(&h->mem, 0x300000,
                MB_STORE_DWORD_PPGTT(0x5010, v1),
                MB_STORE_DWORD_PPGTT(GP_HI_VA + 0x20, v2),
                MB_MI_BATCH_BUFFER_END, MB_MI_NOOP);
}

void gp_setup_execlist(FakeHost *h)
{
    mb_ggtt_map(&h->bar0, 0, GP_RAM_OF(0), 64);
    wr(h, RCS_BASE + RING_HWS_PGA, 0);
    mb_context(&h->mem, GP_RAM_OF(GP_CTX_GMA), &(MbContext) {
        .ring = GP_RING_GMA, .pml4 = GP_PML4,
    });
}

void gp_submit(FakeHost *h, uint32_t ctx_id)
{
    uint32_t tail = gp_ctx_tail(h);

    /* The user batch at VA 0, then MI_USER_INTERRUPT: GP_SUBMIT_BYTES. */
    mb_put_list(&h->mem, GP_RAM_OF(GP_RING_GMA) + tail,
                MB_BB_START_PPGTT(0), MB_MI_USER_INTERRUPT, MB_MI_NOOP,
                MB_MI_NOOP);
    mb_write32(&h->mem, GP_CTX_SLOT(MVGPU_CTX_RING_TAIL),
               tail + GP_SUBMIT_BYTES);
    mb_submit(&h->bar0, RCS_BASE, mb_desc(GP_CTX_GMA, ctx_id), 0);
}

uint32_t gp_ctx_head(FakeHost *h)
{
    return gp_ram32(h, GP_CTX_SLOT(MVGPU_CTX_RING_HEAD));
}

uint32_t gp_ctx_tail(FakeHost *h)
{
    return gp_ram32(h, GP_CTX_SLOT(MVGPU_CTX_RING_TAIL));
}
