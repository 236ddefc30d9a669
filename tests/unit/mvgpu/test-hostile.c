/*
 * A hostile guest against the whole core: a seeded random mix of register
 * and GGTT writes, aperture accesses, random command streams submitted on
 * every engine, GT resets, clock ticks and scan-out of whatever the planes
 * say. The core must survive every step (the sanitizer build of make
 * check-unit watches memory), keep PVINFO intact and keep answering.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "fake-host.h"
#include "scanout.h"
#include "cmd.h"

#define STEPS 40000
#define RAM_BASE 0x400000       /* where GGTT pages 0..63 start out */

static const uint32_t engine_bases[] = { RCS_BASE, VCS0_BASE, VECS_BASE, BCS_BASE };

/* Mostly registers that do something, sometimes anywhere in the window. */
static uint32_t pick_register(GRand *r)
{
    static const uint32_t hot[] = {
        GEN6_GDRST, GEN8_MASTER_IRQ, GEN8_GT_IIR(0), GEN8_GT_IMR(1),
        GEN8_DE_PIPE_IER(0), TRANSCONF(0), TRANSCONF(2), PLANE_CTL(0, 1),
        PLANE_STRIDE(0, 1), PLANE_SIZE(0, 1), PLANE_OFFSET(0, 1),
        PLANE_SURF(0, 1), CURCNTR(1), CURBASE(1), DP_AUX_CH_CTL(3),
        DP_AUX_CH_DATA(3, 0), GMBUS1, GEN6_PCODE_MAILBOX, HSW_PWR_WELL_CTL2,
        PVINFO_BASE + PV_G2V_NOTIFY, PVINFO_BASE + PV_PDP_BASE,
        RCS_BASE + RING_CONTEXT_STATUS_PTR, BCS_BASE + RING_HWS_PGA,
    };

    if (g_rand_int_range(r, 0, 4)) {
        return hot[g_rand_int_range(r, 0, G_N_ELEMENTS(hot))];
    }
    return g_rand_int_range(r, 0, MVGPU_MMIO_SIZE / 4) * 4;
}

/* One dword: mostly plausible commands and addresses, some noise. */
static uint32_t random_dword(GRand *r)
{
    uint32_t v = g_rand_int(r);

    switch (g_rand_int_range(r, 0, 10)) {
    case 0: return MB_MI_BATCH_BUFFER_START |
                   (v & (MB_BB_SECOND_LEVEL | MB_BB_PPGTT));
    case 1: return MB_MI_STORE_DWORD_IMM | MB_MI_USE_GGTT;
    case 2: return MB_MI_BATCH_BUFFER_END;
    case 3: return v & 0x00fff000;                      /* addresses */
    case 4: case 5: return v & 0x1f80003f;              /* any MI */
    case 6: return 0x78000000 | (v & 0x07ff003f);       /* 3D */
    case 7: return MB_MI_NOOP;
    default: return v;
    }
}

/*
 * A page of commands. Most pages are whole commands from the command table
 * that every engine takes (with hostile payloads), so that they pass the
 * audit and run; one in four is noise, mostly refused by the audit.
 */
static void random_page(FakeHost *h, GRand *r, uint64_t gpa)
{
    bool noise = g_rand_int_range(r, 0, 4) == 0;
    uint32_t i = 0;

    while (i < 1024) {
        const MvgpuCmdDesc *d =
            &mvgpu_cmd_table[g_rand_int_range(r, 0, mvgpu_cmd_table_len)];
        uint32_t len = 1, v;

        if (noise || d->engines != MVGPU_CMD_ALL || (d->flags & MVGPU_CMD_PRIV)) {
            v = random_dword(r);
        } else {
            uint32_t max = d->len_max ? d->len_max : d->len_min + 8;

            len = d->len_bits ? g_rand_int_range(r, d->len_min, max + 1) : 1;
            v = d->key | (d->len_bits ? len - 2 : 0) |
                (g_rand_int(r) & 0x007fff00 & ~((1u << d->len_bits) - 1));
        }
        for (uint32_t j = 0; j < len && i < 1024; j++, i++) {
            uint32_t put = j ? random_dword(r) : v;

            memcpy(&h->ram[gpa + 4 * i], &put, 4);
        }
    }
}

static void test_hostile_mix(void)
{
    FakeHost *h = fake_host_new();
    g_autoptr(GRand) r = g_rand_new_with_seed(0x686f7374);
    g_autofree uint8_t *frame = g_malloc(1024 * 1024 * 4);
    g_autofree uint32_t *cursor = g_malloc(256 * 256 * 4);
    unsigned submitted = 0, shown = 0;

    mb_ggtt_map(&h->bar0, 0, RAM_BASE, 64);

    for (int step = 0; step < STEPS; step++) {
        uint64_t ram_page = g_rand_int_range(r, 0, FAKE_RAM_SIZE / 4096) * 4096ull;

        switch (g_rand_int_range(r, 0, 10)) {
        case 0: case 1: case 2:
            wr(h, pick_register(r), g_rand_int(r));
            break;
        case 3:
            rd(h, pick_register(r));
            break;
        case 4: {
            /* A PTE: to RAM, out of RAM, or garbage. */
            uint64_t pte = g_rand_boolean(r) ? ram_page | 1
                           : (uint64_t)g_rand_int(r) << 32 | g_rand_int(r);
            mvgpu_core_bar0_write(h->core, MVGPU_GGTT_PTE_OFFSET +
                                  g_rand_int_range(r, 0, 8192) * 8, pte, 8);
            break;
        }
        case 5: {
            uint64_t off = g_rand_int_range(r, 0, 16 << 20) & ~7u;

            if (g_rand_boolean(r)) {
                mvgpu_core_aperture_write(h->core, off, g_rand_int(r), 4);
            } else {
                mvgpu_core_aperture_read(h->core, off, 8);
            }
            break;
        }
        case 6: {
            /*
             * A context whose ring is a page of random commands (with some
             * plausible ones), submitted on a random engine. GGTT pages
             * 0..63 were mapped to RAM at the start; the guest may have
             * remapped them since.
             */
            uint32_t base = engine_bases[g_rand_int_range(r, 0, 4)];
            uint32_t ctx = g_rand_int_range(r, 0, 16) * 2;
            uint32_t ring = 40 + g_rand_int_range(r, 0, 8);
            uint32_t tail = g_rand_int_range(r, 0, 512) * 8;
            uint32_t pml4 = g_rand_int_range(r, 0, 4096) << 12;
            uint32_t ctx_id;

            mb_context(&h->mem, RAM_BASE + ctx * 4096ull, &(MbContext) {
                .tail = tail, .ring = ring << 12, .pml4 = pml4,
            });
            random_page(h, r, RAM_BASE + ring * 4096ull);
            ctx_id = g_rand_int(r) & 0xff;
            mb_submit(&h->bar0, base, mb_desc(ctx << 12, ctx_id), 0);
            submitted++;
            break;
        }
        case 7:
            fake_host_run_until(h, h->now_ns + g_rand_int_range(r, 1, 20000000));
            break;
        case 8:
            /* The guest's hang recovery. */
            wr(h, GEN6_GDRST, g_rand_int_range(r, 0, 32));
            break;
        default: {
            /* What the console would do on a refresh. */
            MvgpuPlane p;
            MvgpuCursor cur;
            unsigned pipe;

            if (g_rand_boolean(r)) {
                /* A plane that decodes, with random geometry and tiling. */
                static const uint32_t tiling[] = { 0, 1u << 10, 4u << 10, 5u << 10 };
                static const uint32_t format[] = { 4u << 24, 14u << 24, 2u << 24 };

                wr(h, TRANSCONF(0), TRANSCONF_ENABLE);
                wr(h, PLANE_CTL(0, 1), PLANE_CTL_ENABLE |
                   format[g_rand_int_range(r, 0, 3)] |
                   tiling[g_rand_int_range(r, 0, 4)]);
                wr(h, PLANE_STRIDE(0, 1), g_rand_int_range(r, 1, 64));
                wr(h, PLANE_SIZE(0, 1), g_rand_int_range(r, 0, 1024) << 16 |
                   g_rand_int_range(r, 0, 1024));
                wr(h, PLANE_OFFSET(0, 1), g_rand_int_range(r, 0, 64) << 16 |
                   g_rand_int_range(r, 0, 64));
                wr(h, PLANE_SURF(0, 1), g_rand_int(r));
            }
            if (mvgpu_scanout_head(h->core, &p, &pipe) &&
                (uint64_t)p.width * p.height <= 1024 * 1024) {
                mvgpu_scanout_read(h->core, &p, frame, p.width * 4);
                shown++;
            }
            if (mvgpu_scanout_cursor(h->core, g_rand_int_range(r, 0, 3), &cur)) {
                mvgpu_scanout_read_cursor(h->core, &cur, cursor);
            }
            break;
        }
        }
    }
    uint64_t commands = 0, workloads = 0;

    for (int e = 0; e < MVGPU_NENGINES; e++) {
        commands += h->core->engines[e].stats.commands;
        workloads += h->core->engines[e].stats.workloads;
    }
    g_test_message("%u submissions, %" G_GUINT64_FORMAT " completed, %"
                   G_GUINT64_FORMAT " commands interpreted, %u frames shown, "
                   "%u guest errors logged", submitted, workloads, commands,
                   shown, h->guest_errors);
    g_assert_cmpuint(submitted, >, 1000);
    g_assert_cmpuint(commands, >, 10000);
    g_assert_cmpuint(workloads, >, 10);
    g_assert_cmpuint(shown, >, 100);
    /* Still a vGPU, still answering, still able to run work after a reset. */
    g_assert_cmphex(mvgpu_core_bar0_read(h->core, PVINFO_BASE, 8), ==,
                    0x4776544776544776ull);
    wr(h, GEN6_GDRST, 1);
    g_assert_cmphex(rd(h, GEN6_GDRST), ==, 0);
    for (int e = 0; e < MVGPU_NENGINES; e++) {
        g_assert_false(h->core->engines[e].hung);
    }
    fake_host_free(h);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/mvgpu/hostile/mix", test_hostile_mix);
    return g_test_run();
}
