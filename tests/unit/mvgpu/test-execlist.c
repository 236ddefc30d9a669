/*
 * Unit tests of execlist submission and the ring interpreter: the CSB
 * sequence for one and two contexts, stores and post-sync writes reaching
 * memory, HEAD written back, interrupts, a batch through the PPGTT, a ring
 * that wraps; execution over time: an endless batch runs until GDRST, a
 * spinning user batch ends when the CPU rewrites it, a semaphore waits
 * for memory, one batch rewrites the next, ELSP while a context runs
 * (lite restore, a second context that waits).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "fake-host.h"
#include "gen9-regs.h"
#include "irq.h"

/* GGTT layout of the test: page n of the GGTT maps guest page 0x100 + n. */
#define GGTT_PAGES    64
#define HWSP_GMA      0x0000
#define RING_GMA      0x1000            /* one page of ring */
#define CTX_GMA       0x4000            /* LRCA; state page at +0x1000 */
#define CTX2_GMA      0x6000
#define BATCH_GMA     0x8000
#define DATA_GMA      0xa000
#define RAM_OF(gma)   (0x100000 + (gma))

#define MI_NOOP               0x00000000u
#define MI_USER_INTERRUPT     0x01000000u
#define MI_BATCH_BUFFER_END   0x05000000u
#define MI_STORE_DWORD_GGTT   (0x10000002u | (1u << 22))
#define MI_BB_START_GGTT      0x18800001u
#define MI_BB_START_PPGTT     (0x18800001u | (1u << 8))
#define PIPE_CONTROL_6        0x7a000004u

static void setup_ggtt(FakeHost *h)
{
    for (unsigned i = 0; i < GGTT_PAGES; i++) {
        mvgpu_core_bar0_write(h->core, MVGPU_GGTT_PTE_OFFSET + 8 * i,
                              RAM_OF(i * 4096ull) | 1, 8);
    }
    wr(h, RCS_BASE + RING_HWS_PGA, HWSP_GMA);
    wr(h, BCS_BASE + RING_HWS_PGA, HWSP_GMA + 0x800);
    /* What i915 does at engine resume: CSB pointers to 5, slots to ~0. */
    wr(h, RCS_BASE + RING_CONTEXT_STATUS_PTR, 0xffff0000 | 5 << 8 | 5);
    memset(&h->ram[RAM_OF(HWSP_GMA) + 0x40], 0xff, 48);
    wr(h, GEN8_GT_IMR(0), 0);
    wr(h, GEN8_GT_IER(0), 0xffffffff);
    wr(h, GEN8_MASTER_IRQ, GEN8_MASTER_IRQ_CONTROL);
}

static uint32_t ram32(FakeHost *h, uint64_t gpa)
{
    uint32_t v;

    memcpy(&v, &h->ram[gpa], 4);
    return GUINT32_FROM_LE(v);
}

static void put32(FakeHost *h, uint64_t gpa, uint32_t v)
{
    v = GUINT32_TO_LE(v);
    memcpy(&h->ram[gpa], &v, 4);
}

/* MI_STORE_DATA_IMM of @v to GGTT address @gma, written at @gpa. */
static void put_store(FakeHost *h, uint64_t gpa, uint32_t gma, uint32_t v)
{
    put32(h, gpa, MI_STORE_DWORD_GGTT);
    put32(h, gpa + 4, gma);
    put32(h, gpa + 8, 0);
    put32(h, gpa + 12, v);
}

/* A context image whose ring is the page at RING_GMA, HEAD to TAIL. */
static void make_context(FakeHost *h, uint32_t lrca, uint32_t head,
                         uint32_t tail, uint64_t pml4)
{
    uint64_t state = RAM_OF(lrca) + 0x1000;

    put32(h, state + 4 * 0x05, head);
    put32(h, state + 4 * 0x07, tail);
    put32(h, state + 4 * 0x09, RING_GMA);
    put32(h, state + 4 * 0x0b, 0x1);     /* one page, valid */
    put32(h, state + 4 * 0x31, pml4 >> 32);
    put32(h, state + 4 * 0x33, (uint32_t)pml4);
}

static void submit(FakeHost *h, uint32_t base, uint64_t d0, uint64_t d1)
{
    wr(h, base + RING_ELSP, d1 >> 32);
    wr(h, base + RING_ELSP, (uint32_t)d1);
    wr(h, base + RING_ELSP, d0 >> 32);
    wr(h, base + RING_ELSP, (uint32_t)d0);
}

static uint64_t desc(uint32_t lrca, uint32_t ctx_id)
{
    return (uint64_t)ctx_id << 32 | lrca | (3u << 3) | (1u << 8) | 1;
}

/* Runs what was submitted: the engine's deferred timer fires (one step). */
static void run(FakeHost *h)
{
    fake_host_run_until(h, h->now_ns + 1);
}

/* Lets the engines run for @ms of virtual time, slice after slice. */
static void run_ms(FakeHost *h, unsigned ms)
{
    fake_host_run_until(h, h->now_ns + ms * 1000000ull);
}

static void test_one_context(void)
{
    FakeHost *h = fake_host_new();
    uint64_t ring = RAM_OF(RING_GMA);
    const uint32_t cmds[] = {
        MI_STORE_DWORD_GGTT, DATA_GMA + 0x10, 0, 0xcafe0001,
        PIPE_CONTROL_6, (1u << 14) | (1u << 24), DATA_GMA + 0x20, 0, 77, 0,
        MI_USER_INTERRUPT, MI_NOOP,
    };

    setup_ggtt(h);
    for (unsigned i = 0; i < G_N_ELEMENTS(cmds); i++) {
        put32(h, ring + 0x100 + 4 * i, cmds[i]);
    }
    make_context(h, CTX_GMA, 0x100, 0x100 + sizeof(cmds), 0);
    submit(h, RCS_BASE, desc(CTX_GMA, 0x42), 0);
    /* Nothing happens inside the ELSP write itself. */
    g_assert_cmphex(ram32(h, RAM_OF(DATA_GMA) + 0x10), ==, 0);
    run(h);

    g_assert_cmphex(ram32(h, RAM_OF(DATA_GMA) + 0x10), ==, 0xcafe0001);
    g_assert_cmphex(ram32(h, RAM_OF(DATA_GMA) + 0x20), ==, 77);
    /* HEAD reached TAIL, in the image and the registers. */
    g_assert_cmphex(ram32(h, RAM_OF(CTX_GMA) + 0x1000 + 4 * 5), ==,
                    0x100 + sizeof(cmds));
    g_assert_cmphex(rd(h, RCS_BASE + RING_HEAD), ==, 0x100 + sizeof(cmds));
    /* CSB: first entry in slot 0 after the guest's reset to 5. */
    g_assert_cmphex(ram32(h, RAM_OF(HWSP_GMA) + 0x40), ==, CSB_IDLE_TO_ACTIVE);
    g_assert_cmphex(ram32(h, RAM_OF(HWSP_GMA) + 0x48), ==,
                    CSB_CONTEXT_COMPLETE | CSB_ACTIVE_TO_IDLE);
    g_assert_cmphex(ram32(h, RAM_OF(HWSP_GMA) + 0x4c), ==, 0x42);
    g_assert_cmphex(ram32(h, RAM_OF(HWSP_GMA) + 0x7c), ==, 1);
    g_assert_cmphex(rd(h, RCS_BASE + RING_CONTEXT_STATUS_PTR) & 7, ==, 1);
    g_assert_cmphex(rd(h, GEN8_GT_IIR(0)), ==,
                    GT_RENDER_USER_INTERRUPT | GT_CONTEXT_SWITCH_INTERRUPT);
    g_assert_cmpuint(h->msis, >=, 1);
    g_assert_cmpuint(h->guest_errors, ==, 0);

    /* The next submission continues from HEAD: only the new commands run. */
    put_store(h, ring + 0x100 + sizeof(cmds), DATA_GMA + 0x30, 0xcafe0002);
    put32(h, RAM_OF(DATA_GMA) + 0x10, 0);
    put32(h, RAM_OF(CTX_GMA) + 0x1000 + 4 * 7, 0x110 + sizeof(cmds));
    submit(h, RCS_BASE, desc(CTX_GMA, 0x43), 0);
    run(h);
    g_assert_cmphex(ram32(h, RAM_OF(DATA_GMA) + 0x30), ==, 0xcafe0002);
    g_assert_cmphex(ram32(h, RAM_OF(DATA_GMA) + 0x10), ==, 0);
    g_assert_cmphex(ram32(h, RAM_OF(HWSP_GMA) + 0x50), ==, CSB_IDLE_TO_ACTIVE);
    g_assert_cmphex(ram32(h, RAM_OF(HWSP_GMA) + 0x58), ==,
                    CSB_CONTEXT_COMPLETE | CSB_ACTIVE_TO_IDLE);
    g_assert_cmphex(ram32(h, RAM_OF(HWSP_GMA) + 0x7c), ==, 3);
    fake_host_free(h);
}

static void test_two_contexts_and_wrap(void)
{
    FakeHost *h = fake_host_new();
    uint64_t ring = RAM_OF(RING_GMA);

    setup_ggtt(h);
    /* Context 1: its ring wraps from the page's end to its start. */
    put32(h, ring + 0xff8, MI_STORE_DWORD_GGTT);
    put32(h, ring + 0xffc, DATA_GMA);
    put32(h, ring + 0x000, 0);
    put32(h, ring + 0x004, 0x1111);
    make_context(h, CTX_GMA, 0xff8, 0x008, 0);
    /* Context 2: a GGTT batch. */
    put32(h, ring + 0x200, MI_BB_START_GGTT);
    put32(h, ring + 0x204, BATCH_GMA);
    put32(h, ring + 0x208, 0);
    put32(h, ring + 0x20c, MI_NOOP);
    put_store(h, RAM_OF(BATCH_GMA), DATA_GMA + 4, 0x2222);
    put32(h, RAM_OF(BATCH_GMA) + 16, MI_BATCH_BUFFER_END);
    make_context(h, CTX2_GMA, 0x200, 0x210, 0);

    submit(h, RCS_BASE, desc(CTX_GMA, 1), desc(CTX2_GMA, 2));
    run(h);
    g_assert_cmphex(ram32(h, RAM_OF(DATA_GMA)), ==, 0x1111);
    g_assert_cmphex(ram32(h, RAM_OF(DATA_GMA) + 4), ==, 0x2222);
    /* idle->active, element switch for 1, complete + idle for 2. */
    g_assert_cmphex(ram32(h, RAM_OF(HWSP_GMA) + 0x40), ==, CSB_IDLE_TO_ACTIVE);
    g_assert_cmphex(ram32(h, RAM_OF(HWSP_GMA) + 0x48), ==,
                    CSB_CONTEXT_COMPLETE | CSB_ELEMENT_SWITCH);
    g_assert_cmphex(ram32(h, RAM_OF(HWSP_GMA) + 0x4c), ==, 1);
    g_assert_cmphex(ram32(h, RAM_OF(HWSP_GMA) + 0x50), ==,
                    CSB_CONTEXT_COMPLETE | CSB_ACTIVE_TO_IDLE);
    g_assert_cmphex(ram32(h, RAM_OF(HWSP_GMA) + 0x54), ==, 2);
    g_assert_cmphex(ram32(h, RAM_OF(HWSP_GMA) + 0x7c), ==, 2);
    fake_host_free(h);
}

static void test_ppgtt_batch(void)
{
    FakeHost *h = fake_host_new();
    const uint64_t pml4 = 0x200000, pdp = 0x201000, pd = 0x202000,
                   pt = 0x203000, batch = 0x204000, data2m = 0x400000;
    const uint64_t va = 0x12345678000ull, va2m = 0x40000000ull;
    uint64_t ring = RAM_OF(RING_GMA);

    setup_ggtt(h);
    /* va -> batch page (4 KiB); va2m -> a 2 MiB page at data2m. */
    *(uint64_t *)&h->ram[pml4 + 8 * ((va >> 39) & 511)] = pdp | 3;
    *(uint64_t *)&h->ram[pdp + 8 * ((va >> 30) & 511)] = pd | 3;
    *(uint64_t *)&h->ram[pd + 8 * ((va >> 21) & 511)] = pt | 3;
    *(uint64_t *)&h->ram[pt + 8 * ((va >> 12) & 511)] = batch | 3;
    *(uint64_t *)&h->ram[pml4 + 8 * ((va2m >> 39) & 511)] = pdp | 3;
    *(uint64_t *)&h->ram[pdp + 8 * ((va2m >> 30) & 511)] = pd | 3;
    *(uint64_t *)&h->ram[pd + 8 * ((va2m >> 21) & 511)] = data2m | 3 | (1 << 7);
    /* The batch stores through the PPGTT (no GGTT bit). */
    put32(h, batch, 0x10000002u);
    put32(h, batch + 4, (uint32_t)(va2m + 0x1234 * 4));
    put32(h, batch + 8, 0);
    put32(h, batch + 12, 0xbeef);
    put32(h, batch + 16, MI_BATCH_BUFFER_END);
    put32(h, ring, MI_BB_START_PPGTT);
    put32(h, ring + 4, (uint32_t)va);
    put32(h, ring + 8, va >> 32);
    put32(h, ring + 12, MI_NOOP);
    make_context(h, CTX_GMA, 0, 16, pml4);
    submit(h, RCS_BASE, desc(CTX_GMA, 7), 0);
    run(h);
    g_assert_cmphex(ram32(h, data2m + 0x1234 * 4), ==, 0xbeef);
    g_assert_cmpuint(h->guest_errors, ==, 0);
    fake_host_free(h);
}

/*
 * A batch that starts itself again runs forever, a slice at a time, and
 * is not declared hung: that is the guest's decision, by a reset.
 */
static void test_endless_batch_runs_until_reset(void)
{
    FakeHost *h = fake_host_new();
    uint64_t ring = RAM_OF(RING_GMA);
    uint64_t slices;

    setup_ggtt(h);
    put32(h, RAM_OF(BATCH_GMA), MI_NOOP);
    put32(h, RAM_OF(BATCH_GMA) + 4, MI_BB_START_GGTT);
    put32(h, RAM_OF(BATCH_GMA) + 8, BATCH_GMA);
    put32(h, RAM_OF(BATCH_GMA) + 12, 0);
    put32(h, ring, MI_BB_START_GGTT);
    put32(h, ring + 4, BATCH_GMA);
    put32(h, ring + 8, 0);
    put32(h, ring + 12, MI_NOOP);
    make_context(h, CTX_GMA, 0, 16, 0);
    submit(h, RCS_BASE, desc(CTX_GMA, 1), 0);
    run_ms(h, 10);
    slices = h->core->engines[MVGPU_RCS].stats.slices;
    /* Slice after slice, each within its budget, for all of the 10 ms. */
    g_assert_cmpuint(slices, >=, 10000000 / (MVGPU_SLICE_GAP_NS + 1));
    g_assert_cmpuint(h->core->engines[MVGPU_RCS].stats.commands, <=,
                     slices * MVGPU_SLICE_BUDGET);
    g_assert_false(h->core->engines[MVGPU_RCS].hung);
    g_assert_cmpuint(h->guest_errors, ==, 0);
    /* Active, never completed: only the idle->active entry. */
    g_assert_cmphex(ram32(h, RAM_OF(HWSP_GMA) + 0x40), ==, CSB_IDLE_TO_ACTIVE);
    g_assert_cmphex(ram32(h, RAM_OF(HWSP_GMA) + 0x48), ==, 0xffffffff);
    /* HEAD shows the ring past the batch start the engine is in. */
    g_assert_cmphex(rd(h, RCS_BASE + RING_HEAD), ==, 12);

    /* The blitter works meanwhile. */
    put_store(h, ring + 0x400, DATA_GMA + 8, 0xb1);
    make_context(h, CTX2_GMA, 0x400, 0x410, 0);
    submit(h, BCS_BASE, desc(CTX2_GMA, 3), 0);
    run_ms(h, 1);
    g_assert_cmphex(ram32(h, RAM_OF(DATA_GMA) + 8), ==, 0xb1);

    /* A render reset stops RCS; it takes work again. */
    wr(h, GEN6_GDRST, 1u << 1);
    slices = h->core->engines[MVGPU_RCS].stats.slices;
    run_ms(h, 1);
    g_assert_cmpuint(h->core->engines[MVGPU_RCS].stats.slices, ==, slices);
    wr(h, RCS_BASE + RING_CONTEXT_STATUS_PTR, 0xffff0000 | 5 << 8 | 5);
    put_store(h, ring + 0x500, DATA_GMA + 12, 0xab);
    make_context(h, CTX_GMA, 0x500, 0x510, 0);
    submit(h, RCS_BASE, desc(CTX_GMA, 4), 0);
    run(h);
    g_assert_cmphex(ram32(h, RAM_OF(DATA_GMA) + 12), ==, 0xab);
    g_assert_cmphex(ram32(h, RAM_OF(HWSP_GMA) + 0x40), ==, CSB_IDLE_TO_ACTIVE);
    g_assert_cmphex(ram32(h, RAM_OF(HWSP_GMA) + 0x48), ==,
                    CSB_CONTEXT_COMPLETE | CSB_ACTIVE_TO_IDLE);
    fake_host_free(h);
}

static void test_refused(void)
{
    FakeHost *h = fake_host_new();
    uint64_t ring = RAM_OF(RING_GMA);

    setup_ggtt(h);
    /* A context image outside the GGTT's mapped pages hangs, logged. */
    submit(h, RCS_BASE, desc(0x00800000, 1), 0);
    run(h);
    g_assert_true(fake_host_logged(h, "not guest RAM"));
    wr(h, GEN6_GDRST, 1);
    /* A write to a register cmd-regs.c does not list refuses the workload. */
    put32(h, ring, 0x11000001);              /* LRI, one pair */
    put32(h, ring + 4, GEN6_GDRST);
    put32(h, ring + 8, 1);
    put32(h, ring + 12, MI_NOOP);
    make_context(h, CTX_GMA, 0, 16, 0);
    fake_host_clear_log(h);
    submit(h, RCS_BASE, desc(CTX_GMA, 1), 0);
    run(h);
    g_assert_true(fake_host_logged(h, "MI_LOAD_REGISTER_IMM (DW0 0x11000001) "
                                   "writes register 0x941c, which command "
                                   "buffers may not access on this engine"));
    g_assert_cmpuint(h->core->gdrst_count, ==, 1);
    g_assert_cmpuint(h->core->engines[MVGPU_RCS].stats.refused, ==, 1);
    /* An element 0 without its valid bit is not a submission. */
    submit(h, RCS_BASE, 0, 0);
    g_assert_true(fake_host_logged(h, "without a valid element 0"));
    fake_host_free(h);
}

/* Runs @n ring dwords as one context on RCS. */
static void run_ring_on(FakeHost *h, uint32_t base, const uint32_t *cmds,
                        unsigned n)
{
    static uint32_t ctx_id;
    unsigned padded = (n + 1) & ~1u;

    for (unsigned i = 0; i < padded; i++) {
        put32(h, RAM_OF(RING_GMA) + 4 * i, i < n ? cmds[i] : MI_NOOP);
    }
    make_context(h, CTX_GMA, 0, 4 * padded, 0);
    submit(h, base, desc(CTX_GMA, ++ctx_id), 0);
    run(h);
}

static void run_ring(FakeHost *h, const uint32_t *cmds, unsigned n)
{
    run_ring_on(h, RCS_BASE, cmds, n);
}

static void test_mi_commands(void)
{
    FakeHost *h = fake_host_new();
    uint64_t data = RAM_OF(DATA_GMA);
    const uint32_t gpr0 = RCS_BASE + 0x600, gpr1 = RCS_BASE + 0x608;

    setup_ggtt(h);
    put32(h, data + 0x40, 5);
    put32(h, data + 0x44, 0x1234);
    {
        const uint32_t cmds[] = {
            /* SDI, qword */
            0x10400003, DATA_GMA, 0, 0x11111111, 0x22222222,
            /* STORE_DATA_INDEX: the context's PPHWSP (LRCA page) + 0x100 */
            0x10800001, 0x100, 0x33333333,
            /* LRI to a plain register (a GPR) */
            0x11000001, gpr0, 40,
            /* LRR GPR0 -> GPR1 */
            0x15000001, gpr0, gpr1,
            /* SRM GPR1 -> memory */
            0x12400002, gpr1, DATA_GMA + 0x10, 0,
            /* LRM memory (5) -> GPR0 */
            0x14c00002, gpr0, DATA_GMA + 0x40, 0,
            /* MI_MATH: GPR0 + GPR1 -> GPR0 (5 + 40) */
            0x0d000003, 0x08000000 | 0, 0x08000400 | 1, 0x10000000,
            0x18000000 | (0 << 10) | 0x20,
            /* SRM GPR0 -> memory */
            0x12400002, gpr0, DATA_GMA + 0x14, 0,
            /* COPY_MEM_MEM 0x44 -> 0x18, both GGTT */
            0x17600003, DATA_GMA + 0x18, 0, DATA_GMA + 0x44, 0,
            /* ATOMIC ADD 7 at 0x40 (5 -> 12), INC at 0x44 */
            0x17c00702 | (1u << 18), DATA_GMA + 0x40, 0, 7,
            0x17c00901, DATA_GMA + 0x44, 0,
            /* SEMAPHORE_WAIT: memory (12) == 12: satisfied */
            0x0e424002, 12, DATA_GMA + 0x40, 0,
        };
        run_ring(h, cmds, G_N_ELEMENTS(cmds));
    }
    {
        /* MI_FLUSH_DW post-sync store, GGTT: not a render command. */
        const uint32_t cmds[] = {
            0x13004002, (DATA_GMA + 0x20) | 4, 0, 0x44444444,
        };
        run_ring_on(h, BCS_BASE, cmds, G_N_ELEMENTS(cmds));
    }
    g_assert_cmpuint(h->guest_errors, ==, 0);
    g_assert_cmphex(ram32(h, data), ==, 0x11111111);
    g_assert_cmphex(ram32(h, data + 4), ==, 0x22222222);
    g_assert_cmphex(ram32(h, RAM_OF(CTX_GMA) + 0x100), ==, 0x33333333);
    g_assert_cmphex(ram32(h, RAM_OF(HWSP_GMA) + 0x100), ==, 0);
    g_assert_cmphex(ram32(h, data + 0x10), ==, 40);
    g_assert_cmphex(ram32(h, data + 0x14), ==, 45);
    g_assert_cmphex(ram32(h, data + 0x18), ==, 0x1234);
    g_assert_cmphex(ram32(h, data + 0x40), ==, 12);
    g_assert_cmphex(ram32(h, data + 0x44), ==, 0x1235);
    g_assert_cmphex(ram32(h, data + 0x20), ==, 0x44444444);
    g_assert_false(h->core->engines[MVGPU_RCS].hung);

    /* A conditional end stops the batch when memory <= the value. */
    put32(h, RAM_OF(BATCH_GMA), 0x1b400002);            /* COND_BB_END */
    put32(h, RAM_OF(BATCH_GMA) + 4, 100);
    put32(h, RAM_OF(BATCH_GMA) + 8, DATA_GMA + 0x40);   /* 12 <= 100 */
    put32(h, RAM_OF(BATCH_GMA) + 12, 0);
    put_store(h, RAM_OF(BATCH_GMA) + 16, DATA_GMA + 0x30, 0xdead);
    put32(h, RAM_OF(BATCH_GMA) + 32, MI_BATCH_BUFFER_END);
    {
        const uint32_t cmds[] = { MI_BB_START_GGTT, BATCH_GMA, 0 };
        run_ring(h, cmds, G_N_ELEMENTS(cmds));
    }
    g_assert_cmphex(ram32(h, data + 0x30), ==, 0);

    /*
     * A semaphore that does not hold yet waits, without a hang, and
     * proceeds once memory holds the value.
     */
    {
        const uint32_t cmds[] = {
            0x0e424002, 99, DATA_GMA + 0x40, 0,
            MI_STORE_DWORD_GGTT, DATA_GMA + 0x48, 0, 0x5e4a,
        };
        run_ring(h, cmds, G_N_ELEMENTS(cmds));
    }
    run_ms(h, 5);
    g_assert_cmphex(ram32(h, data + 0x48), ==, 0);
    g_assert_false(h->core->engines[MVGPU_RCS].hung);
    g_assert_true(h->core->engines[MVGPU_RCS].busy);
    put32(h, data + 0x40, 99);
    run_ms(h, 1);
    g_assert_cmphex(ram32(h, data + 0x48), ==, 0x5e4a);
    g_assert_false(h->core->engines[MVGPU_RCS].busy);
    g_assert_cmpuint(h->guest_errors, ==, 0);
    fake_host_free(h);
}

/* The longest commands: skipped or executed whole, the stream stays in step. */
static void test_long_commands(void)
{
    FakeHost *h = fake_host_new();
    g_autofree uint32_t *cmds = g_new0(uint32_t, 1200);
    unsigned n = 0;

    setup_ggtt(h);
    /* 3DSTATE_VERTEX_ELEMENTS of 257 dwords (8-bit length field, all ones). */
    cmds[n++] = 0x780900ff;
    n += 256;
    /* LRI of 127 pairs to GPRs and scratch registers. */
    cmds[n++] = 0x110000fd;
    for (unsigned i = 0; i < 127; i++) {
        cmds[n++] = RCS_BASE + 0x600 + 4 * (i % 32);
        cmds[n++] = i;
    }
    /* MI_CLFLUSH with a 10-bit length: 502 dwords, skipped. */
    cmds[n++] = 0x13800000 | 500;
    n += 501;
    /* ...then a store that must land. */
    cmds[n++] = MI_STORE_DWORD_GGTT;
    cmds[n++] = DATA_GMA + 0x50;
    cmds[n++] = 0;
    cmds[n++] = 0x5eed;
    g_assert_cmpuint(n * 4, <, 4096 - 8);
    run_ring(h, cmds, n);
    g_assert_cmphex(ram32(h, RAM_OF(DATA_GMA) + 0x50), ==, 0x5eed);
    g_assert_cmphex(rd(h, RCS_BASE + 0x600 + 4 * 30), ==, 126);
    g_assert_cmpuint(h->core->engines[MVGPU_RCS].stats.skipped, ==, 2);
    fake_host_free(h);
}

/* The vCPU's write: once the device has read the batch page, change it. */
static void rewrite_batch(FakeHost *h, uint64_t gpa, size_t len)
{
    uint64_t batch = RAM_OF(BATCH_GMA);

    if (gpa <= batch + 12 && gpa + len > batch + 12 && !h->test_data) {
        h->test_data = h;                       /* once */
        put32(h, batch + 12, 0xbad);            /* the stored value */
        put32(h, batch + 16, 0x02000000);       /* an unknown command */
    }
}

/*
 * What was audited is what runs: a guest that rewrites its batch right after
 * the device read it (between the scan and the execution) changes nothing.
 */
static void test_scan_modify_race(void)
{
    FakeHost *h = fake_host_new();
    uint64_t batch = RAM_OF(BATCH_GMA);
    const uint32_t cmds[] = { MI_BB_START_GGTT, BATCH_GMA, 0 };

    setup_ggtt(h);
    put_store(h, batch, DATA_GMA + 0x70, 0x900d);
    put32(h, batch + 16, MI_BATCH_BUFFER_END);
    h->after_read = rewrite_batch;
    run_ring(h, cmds, G_N_ELEMENTS(cmds));
    /* The guest did write: memory holds its new batch... */
    g_assert_nonnull(h->test_data);
    g_assert_cmphex(ram32(h, batch + 12), ==, 0xbad);
    /* ...but the engine ran the audited one, and nothing was refused. */
    g_assert_cmphex(ram32(h, RAM_OF(DATA_GMA) + 0x70), ==, 0x900d);
    /* The batch start's and the store's addresses went through relocation. */
    g_assert_cmpuint(h->core->engines[MVGPU_RCS].stats.relocated, ==, 2);
    g_assert_false(h->core->engines[MVGPU_RCS].hung);
    g_assert_cmpuint(h->guest_errors, ==, 0);
    h->after_read = NULL;
    /* Submitted again, the new batch is scanned and refused. */
    run_ring(h, cmds, G_N_ELEMENTS(cmds));
    g_assert_true(h->core->engines[MVGPU_RCS].hung);
    g_assert_true(fake_host_logged(h, "unknown MI command (DW0 0x02000000)"));
    fake_host_free(h);
}

/* A PPGTT at PML4_GPA mapping VA 0 to the page behind BATCH_GMA. */
#define PML4_GPA      0x200000
static void build_ppgtt(FakeHost *h)
{
    for (unsigned level = 0; level < 3; level++) {
        uint64_t table = PML4_GPA + level * 0x1000;

        put32(h, table, (table + 0x1000) | 3);
    }
    put32(h, PML4_GPA + 3 * 0x1000, RAM_OF(BATCH_GMA) | 3);
}

/*
 * The command audit: a command not in the table, on the wrong engine, of
 * a length it cannot have, or privileged in a PPGTT batch refuses the
 * workload; the log names the command and the rule, the engine hangs
 * until the guest resets it, and then works again.
 */
static void test_audit(void)
{
    static const struct {
        uint32_t base;
        uint32_t cmd[6];
        bool in_batch;
        const char *words;
    } cases[] = {
        { RCS_BASE, { 0x02000000 }, false,
          "unknown MI command (DW0 0x02000000) not in the command table" },
        { RCS_BASE, { 0x54300005 }, false,
          "XY_COLOR_BLT (DW0 0x54300005) not accepted on this engine" },
        { RCS_BASE, { 0x10000004 }, false,
          "MI_STORE_DATA_IMM (DW0 0x10000004) length outside" },
        { RCS_BASE, { 0x20000000 }, false, "reserved command type 1" },
        { RCS_BASE, { 0x11800001 }, true,
          "MI_UPDATE_GTT (DW0 0x11800001) privileged command in an "
          "unprivileged batch" },
        { BCS_BASE, { 0x7a000004 }, false,
          "PIPE_CONTROL (DW0 0x7a000004) not accepted" },
        /* Register operands (cmd-regs.c). */
        { RCS_BASE, { 0x11000001, 0xe4f0, 1 }, true,
          "MI_LOAD_REGISTER_IMM (DW0 0x11000001) loads GEN8_ROW_CHICKEN/"
          "ROW_CHICKEN2 (0xe4f0), which unprivileged batches may not write" },
        { RCS_BASE, { 0x11000001, 0x2358, 1 }, false,
          "loads RING_TIMESTAMP (0x2358), which command buffers may not "
          "write" },
        { RCS_BASE, { 0x11000002, 0x2600, 1, 0x2604 }, false,
          "MI_LOAD_REGISTER_IMM (DW0 0x11000002) with a register but no "
          "value" },
        { RCS_BASE, { 0x12000002, 0x941c, 0x1000, 0 }, true,
          "MI_STORE_REGISTER_MEM (DW0 0x12000002) reads register 0x941c" },
        { BCS_BASE, { 0x11000001, 0x2400, 1 }, false,
          "writes register 0x2400, which command buffers may not access on "
          "this engine" },
        { RCS_BASE, { 0x15000001, 0x2600, 0xe4f0 }, true,
          "MI_LOAD_REGISTER_REG (DW0 0x15000001) loads GEN8_ROW_CHICKEN" },
        /* Memory operands (cmd-mem.c): each must be guest RAM. */
        { RCS_BASE, { 0x10400002, GGTT_PAGES * 4096, 0, 1 }, false,
          "MI_STORE_DATA_IMM (DW0 0x10400002) writes 4 bytes at GGTT "
          "0x40000, which is not guest RAM" },
        { RCS_BASE, { 0x10400003, 0x1000, 0, 1, 2 }, true,
          "MI_STORE_DATA_IMM (DW0 0x10400003) writes 8 bytes at PPGTT "
          "0x1000, which is not guest RAM" },
        { RCS_BASE, { 0x7a000004, 1u << 14 | 1u << 24, 0x7ffffff0, 0x1 },
          false, "PIPE_CONTROL (DW0 0x7a000004) writes 8 bytes at GGTT "
          "0x17ffffff0, which is not guest RAM" },
        { RCS_BASE, { 0x7a000004, 1u << 14, 0x2000 }, true,
          "PIPE_CONTROL (DW0 0x7a000004) writes 8 bytes at PPGTT 0x2000" },
        { RCS_BASE, { 0x12400002, 0x2600, 0x10000, 0x8 }, false,
          "MI_STORE_REGISTER_MEM (DW0 0x12400002) writes 4 bytes at GGTT "
          "0x800010000" },
        { RCS_BASE, { 0x14800002, 0x2600, 0x123000, 0 }, true,
          "MI_LOAD_REGISTER_MEM (DW0 0x14800002) reads 4 bytes at PPGTT "
          "0x123000" },
        { RCS_BASE, { 0x17400003, 0x40, 0, GGTT_PAGES * 4096 + 8, 0 },
          false, "MI_COPY_MEM_MEM (DW0 0x17400003) reads 4 bytes at PPGTT "
          "0x40008" },
        { RCS_BASE, { 0x17600003, GGTT_PAGES * 4096, 0, 0x40, 0 },
          false, "MI_COPY_MEM_MEM (DW0 0x17600003) writes 4 bytes at GGTT "
          "0x40000" },
        /* A qword whose second half is past the GGTT's last page. */
        { RCS_BASE, { 0x17c80001, GGTT_PAGES * 4096 - 4, 0 }, false,
          "MI_ATOMIC (DW0 0x17c80001) writes 8 bytes at GGTT 0x3fffc" },
        { RCS_BASE, { 0x0e400002, 0, 0x5000, 0x1 }, false,
          "MI_SEMAPHORE_WAIT (DW0 0x0e400002) reads 4 bytes at GGTT "
          "0x100005000" },
        { RCS_BASE, { 0x1b000002, 0, 0x3000, 0 }, true,
          "MI_CONDITIONAL_BATCH_BUFFER_END (DW0 0x1b000002) reads 4 bytes "
          "at PPGTT 0x3000" },
        { BCS_BASE, { 0x13004002, GGTT_PAGES * 4096 | 4, 0, 7 }, false,
          "MI_FLUSH_DW (DW0 0x13004002) writes 4 bytes at GGTT 0x40000" },
    };
    FakeHost *h = fake_host_new();
    uint64_t ring = RAM_OF(RING_GMA);

    setup_ggtt(h);
    for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
        MvgpuEngineId id = cases[i].base == RCS_BASE ? MVGPU_RCS : MVGPU_BCS;
        uint64_t refused = h->core->engines[id].stats.refused;
        const uint32_t in_ring[] = {
            MI_NOOP, cases[i].cmd[0], cases[i].cmd[1], cases[i].cmd[2],
            cases[i].cmd[3], cases[i].cmd[4], cases[i].cmd[5], MI_NOOP,
        };
        const uint32_t via_batch[] = {
            MI_BB_START_PPGTT, 0, 0, MI_NOOP,
        };

        if (cases[i].in_batch) {
            build_ppgtt(h);
            for (unsigned j = 0; j < 6; j++) {
                put32(h, RAM_OF(BATCH_GMA) + 4 * j, cases[i].cmd[j]);
            }
            put32(h, RAM_OF(BATCH_GMA) + 24, MI_BATCH_BUFFER_END);
            for (unsigned j = 0; j < G_N_ELEMENTS(via_batch); j++) {
                put32(h, ring + 4 * j, via_batch[j]);
            }
            make_context(h, CTX_GMA, 0, 16, PML4_GPA);
        } else {
            for (unsigned j = 0; j < G_N_ELEMENTS(in_ring); j++) {
                put32(h, ring + 4 * j, in_ring[j]);
            }
            make_context(h, CTX_GMA, 0, 32, 0);
        }
        fake_host_clear_log(h);
        submit(h, cases[i].base, desc(CTX_GMA, 1), 0);
        run(h);
        g_test_message("case %zu", i);
        g_assert_true(fake_host_logged(h, cases[i].words));
        g_assert_true(fake_host_logged(h, "hangs the engine"));
        g_assert_true(h->core->engines[id].hung);
        g_assert_cmpuint(h->core->engines[id].stats.refused, ==, refused + 1);
        /* The guest's reset path: the engine takes work again. */
        wr(h, GEN6_GDRST, 1);
        g_assert_false(h->core->engines[id].hung);
    }
    /* A plain store after all that still runs. */
    put_store(h, ring, DATA_GMA + 0x60, 0xa0d17);
    make_context(h, CTX_GMA, 0, 16, 0);
    submit(h, RCS_BASE, desc(CTX_GMA, 1), 0);
    run(h);
    g_assert_cmphex(ram32(h, RAM_OF(DATA_GMA) + 0x60), ==, 0xa0d17);
    /* What the table allows runs: a user batch loads a GPR, the ring a
     * context workaround register. */
    build_ppgtt(h);
    put32(h, RAM_OF(BATCH_GMA), 0x11000001);
    put32(h, RAM_OF(BATCH_GMA) + 4, RCS_BASE + 0x600);
    put32(h, RAM_OF(BATCH_GMA) + 8, 0x5eed);
    put32(h, RAM_OF(BATCH_GMA) + 12, MI_BATCH_BUFFER_END);
    put32(h, ring, MI_BB_START_PPGTT);
    put32(h, ring + 4, 0);
    put32(h, ring + 8, 0);
    put32(h, ring + 12, 0x11000001);
    put32(h, ring + 16, 0xe4f0);
    put32(h, ring + 20, 0xc0de);
    put32(h, ring + 24, MI_NOOP);
    put32(h, ring + 28, MI_NOOP);
    make_context(h, CTX_GMA, 0, 32, PML4_GPA);
    submit(h, RCS_BASE, desc(CTX_GMA, 2), 0);
    run(h);
    g_assert_false(h->core->engines[MVGPU_RCS].hung);
    g_assert_cmphex(mvgpu_reg_get(h->core, RCS_BASE + 0x600), ==, 0x5eed);
    g_assert_cmphex(mvgpu_reg_get(h->core, 0xe4f0), ==, 0xc0de);
    /*
     * A user batch's "use global GTT" store goes to its PPGTT: where the
     * PPGTT maps nothing the scan refuses it (the GGTT address is RAM);
     * where it maps the batch page, the store lands there.
     */
    put32(h, RAM_OF(DATA_GMA) + 0x80, 0);
    put32(h, RAM_OF(BATCH_GMA), 0x10400002);
    put32(h, RAM_OF(BATCH_GMA) + 4, DATA_GMA + 0x80);
    put32(h, RAM_OF(BATCH_GMA) + 8, 0);
    put32(h, RAM_OF(BATCH_GMA) + 12, 0xfeed);
    put32(h, RAM_OF(BATCH_GMA) + 16, MI_BATCH_BUFFER_END);
    build_ppgtt(h);
    make_context(h, CTX_GMA, 0, 32, PML4_GPA);
    fake_host_clear_log(h);
    submit(h, RCS_BASE, desc(CTX_GMA, 3), 0);
    run(h);
    g_assert_cmphex(ram32(h, RAM_OF(DATA_GMA) + 0x80), ==, 0);
    g_assert_true(fake_host_logged(h, "writes 4 bytes at PPGTT 0xa080, "
                                   "which is not guest RAM"));
    wr(h, GEN6_GDRST, 1);
    put32(h, RAM_OF(BATCH_GMA) + 4, 0x80);
    make_context(h, CTX_GMA, 0, 32, PML4_GPA);
    submit(h, RCS_BASE, desc(CTX_GMA, 4), 0);
    run(h);
    g_assert_false(h->core->engines[MVGPU_RCS].hung);
    g_assert_cmphex(ram32(h, RAM_OF(BATCH_GMA) + 0x80), ==, 0xfeed);
    g_assert_cmphex(ram32(h, RAM_OF(DATA_GMA) + 0x80), ==, 0);
    fake_host_free(h);
}

#define MI_ARB_CHECK          0x02800000u

/*
 * IGT's igt_spin on Gen9, reduced: a user batch at VA 0 that loops back
 * to its start until the CPU writes MI_BATCH_BUFFER_END into dword 1.
 */
static void put_spinner(FakeHost *h)
{
    uint64_t batch = RAM_OF(BATCH_GMA);

    build_ppgtt(h);
    put32(h, batch, MI_ARB_CHECK);
    put32(h, batch + 4, MI_NOOP);
    put32(h, batch + 8, MI_BB_START_PPGTT);
    put32(h, batch + 12, 0);
    put32(h, batch + 16, 0);
}

static void end_spinner(FakeHost *h)
{
    put32(h, RAM_OF(BATCH_GMA) + 4, MI_BATCH_BUFFER_END);
}

/* The spinner runs until the CPU ends it, reading its batch live. */
static void test_spinner(void)
{
    FakeHost *h = fake_host_new();
    uint64_t ring = RAM_OF(RING_GMA);
    const uint32_t cmds[] = {
        MI_BB_START_PPGTT, 0, 0,
        MI_STORE_DWORD_GGTT, DATA_GMA + 0x90, 0, 0x5b1, MI_NOOP,
    };

    setup_ggtt(h);
    put_spinner(h);
    for (unsigned i = 0; i < G_N_ELEMENTS(cmds); i++) {
        put32(h, ring + 4 * i, cmds[i]);
    }
    make_context(h, CTX_GMA, 0, sizeof(cmds), PML4_GPA);
    submit(h, RCS_BASE, desc(CTX_GMA, 1), 0);
    run_ms(h, 5);
    g_assert_cmphex(ram32(h, RAM_OF(DATA_GMA) + 0x90), ==, 0);
    g_assert_true(h->core->engines[MVGPU_RCS].busy);
    g_assert_false(h->core->engines[MVGPU_RCS].hung);
    g_assert_cmpuint(h->core->engines[MVGPU_RCS].stats.slices, >=, 100);
    g_assert_cmphex(ram32(h, RAM_OF(HWSP_GMA) + 0x48), ==, 0xffffffff);

    end_spinner(h);
    run_ms(h, 1);
    g_assert_cmphex(ram32(h, RAM_OF(DATA_GMA) + 0x90), ==, 0x5b1);
    g_assert_false(h->core->engines[MVGPU_RCS].busy);
    g_assert_cmphex(ram32(h, RAM_OF(HWSP_GMA) + 0x48), ==,
                    CSB_CONTEXT_COMPLETE | CSB_ACTIVE_TO_IDLE);
    g_assert_cmpuint(h->guest_errors, ==, 0);
    fake_host_free(h);
}

/*
 * IGT's gem_exec_whisper pattern: the first user batch writes the
 * immediate of the second; the second runs as written, in one workload.
 */
static void test_whisper(void)
{
    FakeHost *h = fake_host_new();
    uint64_t batch = RAM_OF(BATCH_GMA);
    const uint32_t cmds[] = {
        MI_BB_START_PPGTT, 0, 0, MI_BB_START_PPGTT, 0x100, 0, MI_NOOP, MI_NOOP,
    };

    setup_ggtt(h);
    build_ppgtt(h);
    /* A (VA 0): the value 3 into B's immediate (VA 0x10c). */
    put32(h, batch, 0x10000002u);
    put32(h, batch + 4, 0x10c);
    put32(h, batch + 8, 0);
    put32(h, batch + 12, 3);
    put32(h, batch + 16, MI_BATCH_BUFFER_END);
    /* B (VA 0x100): its immediate (2 as the CPU wrote it) to VA 0x200. */
    put32(h, batch + 0x100, 0x10000002u);
    put32(h, batch + 0x104, 0x200);
    put32(h, batch + 0x108, 0);
    put32(h, batch + 0x10c, 2);
    put32(h, batch + 0x110, MI_BATCH_BUFFER_END);
    for (unsigned i = 0; i < G_N_ELEMENTS(cmds); i++) {
        put32(h, RAM_OF(RING_GMA) + 4 * i, cmds[i]);
    }
    make_context(h, CTX_GMA, 0, sizeof(cmds), PML4_GPA);
    submit(h, RCS_BASE, desc(CTX_GMA, 1), 0);
    run(h);
    g_assert_false(h->core->engines[MVGPU_RCS].busy);
    g_assert_cmphex(ram32(h, batch + 0x200), ==, 3);
    g_assert_cmpuint(h->guest_errors, ==, 0);
    fake_host_free(h);
}

/*
 * ELSP while a context runs: the same context again is a lite restore
 * (it goes on to the new TAIL); another context waits its turn.
 */
static void test_submit_while_running(void)
{
    FakeHost *h = fake_host_new();
    uint64_t ring = RAM_OF(RING_GMA), hwsp = RAM_OF(HWSP_GMA);
    const uint32_t spin[] = { MI_BB_START_PPGTT, 0, 0, MI_NOOP };

    setup_ggtt(h);
    put_spinner(h);
    for (unsigned i = 0; i < G_N_ELEMENTS(spin); i++) {
        put32(h, ring + 4 * i, spin[i]);
    }
    make_context(h, CTX_GMA, 0, 16, PML4_GPA);
    submit(h, RCS_BASE, desc(CTX_GMA, 5), 0);
    run_ms(h, 1);

    /* Lite restore: more ring, the new TAIL in the image, ELSP again. */
    put_store(h, ring + 16, DATA_GMA + 0x94, 0x11e);
    put32(h, RAM_OF(CTX_GMA) + 0x1000 + 4 * 7, 32);
    submit(h, RCS_BASE, desc(CTX_GMA, 5), 0);
    g_assert_cmphex(ram32(h, hwsp + 0x48), ==,
                    CSB_PREEMPTED | CSB_LITE_RESTORE);
    g_assert_cmphex(ram32(h, hwsp + 0x4c), ==, 5);
    g_assert_cmpuint(h->core->engines[MVGPU_RCS].stats.lite_restores, ==, 1);
    /* The running context's id, where i915's reset looks for it. */
    g_assert_cmphex(rd(h, RCS_BASE + RING_EXECLIST_STATUS_HI), ==, 5);

    /* Another context waits for this one: nothing of it runs yet. */
    put_store(h, ring + 0x400, DATA_GMA + 0x98, 0x2c);
    make_context(h, CTX2_GMA, 0x400, 0x410, 0);
    submit(h, RCS_BASE, desc(CTX2_GMA, 6), 0);
    run_ms(h, 1);
    g_assert_cmphex(ram32(h, RAM_OF(DATA_GMA) + 0x94), ==, 0);
    g_assert_cmphex(ram32(h, RAM_OF(DATA_GMA) + 0x98), ==, 0);
    g_assert_cmphex(ram32(h, hwsp + 0x50), ==, 0xffffffff);

    /* The spinner ends: the first context completes at its new TAIL. */
    end_spinner(h);
    run_ms(h, 1);
    g_assert_cmphex(ram32(h, RAM_OF(DATA_GMA) + 0x94), ==, 0x11e);
    g_assert_cmphex(ram32(h, RAM_OF(CTX_GMA) + 0x1000 + 4 * 5), ==, 32);
    g_assert_cmphex(ram32(h, hwsp + 0x50), ==,
                    CSB_CONTEXT_COMPLETE | CSB_ACTIVE_TO_IDLE);
    g_assert_cmphex(ram32(h, hwsp + 0x54), ==, 5);
    /* ...then the waiting one starts and completes. */
    g_assert_cmphex(ram32(h, hwsp + 0x58), ==, CSB_IDLE_TO_ACTIVE);
    g_assert_cmphex(ram32(h, hwsp + 0x60), ==,
                    CSB_CONTEXT_COMPLETE | CSB_ACTIVE_TO_IDLE);
    g_assert_cmphex(ram32(h, hwsp + 0x64), ==, 6);
    g_assert_cmphex(ram32(h, RAM_OF(DATA_GMA) + 0x98), ==, 0x2c);
    g_assert_cmphex(ram32(h, hwsp + 0x7c), ==, 4);
    g_assert_false(h->core->engines[MVGPU_RCS].busy);
    g_assert_cmphex(rd(h, RCS_BASE + RING_EXECLIST_STATUS_HI), ==, 0);
    g_assert_cmpuint(h->guest_errors, ==, 0);

    /* A lite restore's TAIL beyond the (one-page) ring stops the context. */
    put_spinner(h);
    make_context(h, CTX_GMA, 0, 16, PML4_GPA);
    submit(h, RCS_BASE, desc(CTX_GMA, 7), 0);
    run_ms(h, 1);
    put32(h, RAM_OF(CTX_GMA) + 0x1000 + 4 * 7, 0x2000);
    submit(h, RCS_BASE, desc(CTX_GMA, 7), 0);
    run_ms(h, 1);
    g_assert_true(h->core->engines[MVGPU_RCS].hung);
    g_assert_true(fake_host_logged(h, "ring TAIL beyond the ring"));
    fake_host_free(h);
}

/*
 * RING_TIMESTAMP counts at 12 MHz with the virtual clock, on every engine,
 * and a store of it from the ring sees the time the engine ran.
 */
static void test_timestamp(void)
{
    FakeHost *h = fake_host_new();
    const uint32_t cmds[] = {
        0x12400002, RCS_BASE + 0x358, DATA_GMA + 0x20, 0,   /* SRM, GGTT */
        /* PIPE_CONTROL post-syncs: timestamp at 0x28, depth count at 0x30 */
        0x7a000004, 3u << 14 | 1u << 24, DATA_GMA + 0x28, 0, 0, 0,
        0x7a000004, 2u << 14 | 1u << 24, DATA_GMA + 0x30, 0, 0, 0,
    };
    /* MI_FLUSH_DW's timestamp post-sync on BCS, a qword at 0x38. */
    const uint32_t flush[] = { 0x1300c002, (DATA_GMA + 0x38) | 4, 0, 0 };
    uint64_t ticks;

    setup_ggtt(h);
    g_assert_cmpuint(rd(h, RCS_BASE + 0x358), ==, 0);
    h->now_ns = 2000000000ull;                      /* 2 s */
    g_assert_cmpuint(rd(h, RCS_BASE + 0x358), ==, 24000000);
    g_assert_cmpuint(rd(h, BCS_BASE + 0x358), ==, 24000000);
    g_assert_cmpuint(rd(h, RCS_BASE + 0x35c), ==, 0);
    h->now_ns = 1000000000000ull;                   /* 1000 s: 12e9 ticks */
    g_assert_cmphex(rd(h, VCS0_BASE + 0x358), ==, (uint32_t)12000000000ull);
    g_assert_cmpuint(rd(h, VCS0_BASE + 0x35c), ==, 2);
    memset(&h->ram[RAM_OF(DATA_GMA) + 0x20], 0xff, 0x20);
    run_ring(h, cmds, G_N_ELEMENTS(cmds));
    ticks = h->now_ns * 3 / 250;
    g_assert_cmphex(ram32(h, RAM_OF(DATA_GMA) + 0x20), ==, (uint32_t)ticks);
    g_assert_cmphex(ram32(h, RAM_OF(DATA_GMA) + 0x28), ==, (uint32_t)ticks);
    g_assert_cmphex(ram32(h, RAM_OF(DATA_GMA) + 0x2c), ==, ticks >> 32);
    g_assert_cmphex(ram32(h, RAM_OF(DATA_GMA) + 0x30), ==, 0);
    g_assert_cmphex(ram32(h, RAM_OF(DATA_GMA) + 0x34), ==, 0);
    h->now_ns += 1000000;                           /* 1 ms: 12000 ticks */
    run_ring_on(h, BCS_BASE, flush, G_N_ELEMENTS(flush));
    g_assert_cmphex(ram32(h, RAM_OF(DATA_GMA) + 0x38), ==,
                    (uint32_t)(h->now_ns * 3 / 250));
    g_assert_cmpuint(h->now_ns * 3 / 250 - ticks, >=, 12000);
    g_assert_cmphex(ram32(h, RAM_OF(DATA_GMA) + 0x3c), ==,
                    h->now_ns * 3 / 250 >> 32);
    g_assert_cmpuint(h->guest_errors, ==, 0);
    fake_host_free(h);
}

/* The blitter runs on BCS, in the ring's (GGTT) address space. */
static void test_blit_on_bcs(void)
{
    FakeHost *h = fake_host_new();
    uint64_t ring = RAM_OF(RING_GMA);
    const uint32_t fill[] = {
        /* XY_COLOR_BLT, 32 bpp, PATCOPY: 4x2 pixels at (1,1) of DATA */
        0x54300005, (3u << 24) | (0xf0u << 16) | 64, (1u << 16) | 1,
        (3u << 16) | 5, DATA_GMA, 0, 0x00c0ffee, MI_NOOP,
    };

    setup_ggtt(h);
    for (unsigned i = 0; i < G_N_ELEMENTS(fill); i++) {
        put32(h, ring + 4 * i, fill[i]);
    }
    make_context(h, CTX2_GMA, 0, sizeof(fill), 0);
    submit(h, BCS_BASE, desc(CTX2_GMA, 9), 0);
    run(h);
    g_assert_cmphex(ram32(h, RAM_OF(DATA_GMA) + 64 + 4), ==, 0x00c0ffee);
    g_assert_cmphex(ram32(h, RAM_OF(DATA_GMA) + 128 + 16), ==, 0x00c0ffee);
    g_assert_cmphex(ram32(h, RAM_OF(DATA_GMA) + 128 + 20), ==, 0);
    g_assert_cmphex(ram32(h, RAM_OF(DATA_GMA)), ==, 0);
    g_assert_cmpuint(h->core->engines[MVGPU_BCS].stats.blits, ==, 1);

    /* On the render engine a 2D command is not valid: the engine hangs. */
    make_context(h, CTX_GMA, 0, sizeof(fill), 0);
    submit(h, RCS_BASE, desc(CTX_GMA, 10), 0);
    run(h);
    g_assert_true(h->core->engines[MVGPU_RCS].hung);
    fake_host_free(h);
}

static void test_ppgtt_walk(void)
{
    FakeHost *h = fake_host_new();
    const uint64_t pml4 = 0x300000, pdp = 0x301000, pd = 0x302000,
                   pt = 0x303000, pt64 = 0x304000;
    uint64_t gpa;

    *(uint64_t *)&h->ram[pml4] = pdp | 1;
    *(uint64_t *)&h->ram[pdp] = pd | 1;
    *(uint64_t *)&h->ram[pdp + 8] = 0x40000000ull | 1 | (1 << 7);   /* 1 GiB */
    *(uint64_t *)&h->ram[pd] = pt | 1;
    *(uint64_t *)&h->ram[pd + 8] = 0x600000 | 1 | (1 << 7);        /* 2 MiB */
    *(uint64_t *)&h->ram[pd + 16] = pt64 | 1 | (1 << 11);          /* 64 KiB */
    *(uint64_t *)&h->ram[pt + 8 * 3] = 0x7000 | 1;
    *(uint64_t *)&h->ram[pt64 + 8 * 16] = 0x880000 | 1;

    g_assert_true(mvgpu_ppgtt_translate(h->core, pml4, 0x3abc, &gpa));
    g_assert_cmphex(gpa, ==, 0x7abc);
    g_assert_true(mvgpu_ppgtt_translate(h->core, pml4, 0x212345, &gpa));
    g_assert_cmphex(gpa, ==, 0x612345);
    /* 64 KiB: page 1 of the table's 64 KiB entries (PTE index 16). */
    g_assert_true(mvgpu_ppgtt_translate(h->core, pml4, 0x400000 + 0x1abcd, &gpa));
    g_assert_cmphex(gpa, ==, 0x880000 + 0xabcd);
    g_assert_true(mvgpu_ppgtt_translate(h->core, pml4, 0x40000000 + 0x12345678,
                                        &gpa));
    g_assert_cmphex(gpa, ==, 0x40000000 + 0x12345678);
    /* Not present at each level, and a table outside RAM. */
    g_assert_false(mvgpu_ppgtt_translate(h->core, pml4, 0x4000, &gpa));
    g_assert_false(mvgpu_ppgtt_translate(h->core, pml4, 0x600000, &gpa));
    g_assert_false(mvgpu_ppgtt_translate(h->core, pml4, 1ull << 39, &gpa));
    *(uint64_t *)&h->ram[pd + 24] = (1ull << 40) | 1;
    g_assert_false(mvgpu_ppgtt_translate(h->core, pml4, 0x600000, &gpa));
    fake_host_free(h);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/mvgpu/execlist/one-context", test_one_context);
    g_test_add_func("/mvgpu/execlist/two-contexts-and-wrap",
                    test_two_contexts_and_wrap);
    g_test_add_func("/mvgpu/execlist/ppgtt-batch", test_ppgtt_batch);
    g_test_add_func("/mvgpu/execlist/endless-batch-runs-until-reset",
                    test_endless_batch_runs_until_reset);
    g_test_add_func("/mvgpu/execlist/refused", test_refused);
    g_test_add_func("/mvgpu/execlist/mi-commands", test_mi_commands);
    g_test_add_func("/mvgpu/execlist/long-commands", test_long_commands);
    g_test_add_func("/mvgpu/execlist/blit-on-bcs", test_blit_on_bcs);
    g_test_add_func("/mvgpu/execlist/timestamp", test_timestamp);
    g_test_add_func("/mvgpu/execlist/audit", test_audit);
    g_test_add_func("/mvgpu/execlist/scan-modify-race", test_scan_modify_race);
    g_test_add_func("/mvgpu/execlist/spinner", test_spinner);
    g_test_add_func("/mvgpu/execlist/whisper", test_whisper);
    g_test_add_func("/mvgpu/execlist/submit-while-running",
                    test_submit_while_running);
    g_test_add_func("/mvgpu/ppgtt/walk", test_ppgtt_walk);
    return g_test_run();
}
