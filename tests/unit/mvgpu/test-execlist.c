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

/* Where CSB entry @slot of the RCS status page is in RAM. */
#define CSB_STATUS(slot)    (RAM_OF(HWSP_GMA) + MB_HWSP_CSB_STATUS(slot))
#define CSB_CTX_ID(slot)    (RAM_OF(HWSP_GMA) + MB_HWSP_CSB_CTX_ID(slot))
#define CSB_WRITE_PTR       (RAM_OF(HWSP_GMA) + MVGPU_HWSP_CSB_WRITE_PTR)

static void setup_ggtt(FakeHost *h)
{
    mb_ggtt_map(&h->bar0, 0, RAM_OF(0), GGTT_PAGES);
    wr(h, RCS_BASE + RING_HWS_PGA, HWSP_GMA);
    wr(h, BCS_BASE + RING_HWS_PGA, HWSP_GMA + 0x800);
    /* What i915 does at engine resume: CSB pointers to 5, slots to ~0. */
    wr(h, RCS_BASE + RING_CONTEXT_STATUS_PTR, MB_CSB_PTRS(5, 5));
    memset(&h->ram[CSB_STATUS(0)], 0xff, 8 * MVGPU_CSB_ENTRIES);
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

/* Where context image slot @slot of the context at @lrca is in RAM. */
#define CTX_SLOT(lrca, slot)    (RAM_OF(lrca) + MB_CTX_SLOT(slot))

/* A context image whose ring is the page at RING_GMA, HEAD to TAIL. */
static void make_context(FakeHost *h, uint32_t lrca, uint32_t head,
                         uint32_t tail, uint64_t pml4)
{
    mb_context(&h->mem, RAM_OF(lrca), &(MbContext) {
        .head = head, .tail = tail, .ring = RING_GMA, .ring_pages = 1,
        .pml4 = pml4,
    });
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
        MB_STORE_DWORD_GGTT(DATA_GMA + 0x10, 0xcafe0001),
        MB_PIPE_CONTROL_WRITE(MB_PC_WRITE_IMM | MB_PC_GLOBAL_GTT,
                              DATA_GMA + 0x20, 77, 0),
        MB_MI_USER_INTERRUPT, MB_MI_NOOP,
    };

    setup_ggtt(h);
    mb_put(&h->mem, ring + 0x100, cmds, G_N_ELEMENTS(cmds));
    make_context(h, CTX_GMA, 0x100, 0x100 + sizeof(cmds), 0);
    mb_submit(&h->bar0, RCS_BASE, mb_desc(CTX_GMA, 0x42), 0);
    /* Nothing happens inside the ELSP write itself. */
    g_assert_cmphex(ram32(h, RAM_OF(DATA_GMA) + 0x10), ==, 0);
    run(h);

    g_assert_cmphex(ram32(h, RAM_OF(DATA_GMA) + 0x10), ==, 0xcafe0001);
    g_assert_cmphex(ram32(h, RAM_OF(DATA_GMA) + 0x20), ==, 77);
    /* HEAD reached TAIL, in the image and the registers. */
    g_assert_cmphex(ram32(h, CTX_SLOT(CTX_GMA, MVGPU_CTX_RING_HEAD)), ==,
                    0x100 + sizeof(cmds));
    g_assert_cmphex(rd(h, RCS_BASE + RING_HEAD), ==, 0x100 + sizeof(cmds));
    /* CSB: first entry in slot 0 after the guest's reset to 5. */
    g_assert_cmphex(ram32(h, CSB_STATUS(0)), ==, CSB_IDLE_TO_ACTIVE);
    g_assert_cmphex(ram32(h, CSB_STATUS(1)), ==,
                    CSB_CONTEXT_COMPLETE | CSB_ACTIVE_TO_IDLE);
    g_assert_cmphex(ram32(h, CSB_CTX_ID(1)), ==, 0x42);
    g_assert_cmphex(ram32(h, CSB_WRITE_PTR), ==, 1);
    g_assert_cmphex(rd(h, RCS_BASE + RING_CONTEXT_STATUS_PTR) & 7, ==, 1);
    g_assert_cmphex(rd(h, GEN8_GT_IIR(0)), ==,
                    GT_RENDER_USER_INTERRUPT | GT_CONTEXT_SWITCH_INTERRUPT);
    g_assert_cmpuint(h->msis, >=, 1);
    g_assert_cmpuint(h->guest_errors, ==, 0);

    /* The next submission continues from HEAD: only the new commands run. */
    mb_put_list(&h->mem, ring + 0x100 + sizeof(cmds),
                MB_STORE_DWORD_GGTT(DATA_GMA + 0x30, 0xcafe0002));
    mb_write32(&h->mem, RAM_OF(DATA_GMA) + 0x10, 0);
    mb_write32(&h->mem, CTX_SLOT(CTX_GMA, MVGPU_CTX_RING_TAIL),
               0x110 + sizeof(cmds));
    mb_submit(&h->bar0, RCS_BASE, mb_desc(CTX_GMA, 0x43), 0);
    run(h);
    g_assert_cmphex(ram32(h, RAM_OF(DATA_GMA) + 0x30), ==, 0xcafe0002);
    g_assert_cmphex(ram32(h, RAM_OF(DATA_GMA) + 0x10), ==, 0);
    g_assert_cmphex(ram32(h, CSB_STATUS(2)), ==, CSB_IDLE_TO_ACTIVE);
    g_assert_cmphex(ram32(h, CSB_STATUS(3)), ==,
                    CSB_CONTEXT_COMPLETE | CSB_ACTIVE_TO_IDLE);
    g_assert_cmphex(ram32(h, CSB_WRITE_PTR), ==, 3);
    fake_host_free(h);
}

static void test_two_contexts_and_wrap(void)
{
    FakeHost *h = fake_host_new();
    uint64_t ring = RAM_OF(RING_GMA);

    setup_ggtt(h);
    /* Context 1: its ring wraps from the page's end to its start. */
    {
        const uint32_t store[] = { MB_STORE_DWORD_GGTT(DATA_GMA, 0x1111) };

        mb_put(&h->mem, ring + 0xff8, store, 2);
        mb_put(&h->mem, ring, store + 2, 2);
    }
    make_context(h, CTX_GMA, 0xff8, 0x008, 0);
    /* Context 2: a GGTT batch. */
    mb_put_list(&h->mem, ring + 0x200, MB_BB_START_GGTT(BATCH_GMA),
                MB_MI_NOOP);
    mb_put_list(&h->mem, RAM_OF(BATCH_GMA),
                MB_STORE_DWORD_GGTT(DATA_GMA + 4, 0x2222),
                MB_MI_BATCH_BUFFER_END);
    make_context(h, CTX2_GMA, 0x200, 0x210, 0);

    mb_submit(&h->bar0, RCS_BASE, mb_desc(CTX_GMA, 1), mb_desc(CTX2_GMA, 2));
    run(h);
    g_assert_cmphex(ram32(h, RAM_OF(DATA_GMA)), ==, 0x1111);
    g_assert_cmphex(ram32(h, RAM_OF(DATA_GMA) + 4), ==, 0x2222);
    /* idle->active, element switch for 1, complete + idle for 2. */
    g_assert_cmphex(ram32(h, CSB_STATUS(0)), ==, CSB_IDLE_TO_ACTIVE);
    g_assert_cmphex(ram32(h, CSB_STATUS(1)), ==,
                    CSB_CONTEXT_COMPLETE | CSB_ELEMENT_SWITCH);
    g_assert_cmphex(ram32(h, CSB_CTX_ID(1)), ==, 1);
    g_assert_cmphex(ram32(h, CSB_STATUS(2)), ==,
                    CSB_CONTEXT_COMPLETE | CSB_ACTIVE_TO_IDLE);
    g_assert_cmphex(ram32(h, CSB_CTX_ID(2)), ==, 2);
    g_assert_cmphex(ram32(h, CSB_WRITE_PTR), ==, 2);
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
    mb_ppgtt_entry(&h->mem, pml4, va, 3, pdp | MB_PPGTT_PRESENT_RW);
    mb_ppgtt_entry(&h->mem, pdp, va, 2, pd | MB_PPGTT_PRESENT_RW);
    mb_ppgtt_entry(&h->mem, pd, va, 1, pt | MB_PPGTT_PRESENT_RW);
    mb_ppgtt_entry(&h->mem, pt, va, 0, batch | MB_PPGTT_PRESENT_RW);
    mb_ppgtt_entry(&h->mem, pml4, va2m, 3, pdp | MB_PPGTT_PRESENT_RW);
    mb_ppgtt_entry(&h->mem, pdp, va2m, 2, pd | MB_PPGTT_PRESENT_RW);
    mb_ppgtt_entry(&h->mem, pd, va2m, 1,
                   data2m | MB_PPGTT_PRESENT_RW | MB_PPGTT_PS);
    /* The batch stores through the PPGTT (no GGTT bit). */
    mb_put_list(&h->mem, batch, MB_STORE_DWORD_PPGTT(va2m + 0x1234 * 4, 0xbeef),
                MB_MI_BATCH_BUFFER_END);
    mb_put_list(&h->mem, ring, MB_BB_START_PPGTT(va), MB_MI_NOOP);
    make_context(h, CTX_GMA, 0, 16, pml4);
    mb_submit(&h->bar0, RCS_BASE, mb_desc(CTX_GMA, 7), 0);
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
    mb_put_list(&h->mem, RAM_OF(BATCH_GMA), MB_MI_NOOP,
                MB_BB_START_GGTT(BATCH_GMA));
    mb_put_list(&h->mem, ring, MB_BB_START_GGTT(BATCH_GMA), MB_MI_NOOP);
    make_context(h, CTX_GMA, 0, 16, 0);
    mb_submit(&h->bar0, RCS_BASE, mb_desc(CTX_GMA, 1), 0);
    run_ms(h, 10);
    slices = h->core->engines[MVGPU_RCS].stats.slices;
    /* Slice after slice, each within its budget, for all of the 10 ms. */
    g_assert_cmpuint(slices, >=, 10000000 / (MVGPU_SLICE_GAP_NS + 1));
    g_assert_cmpuint(h->core->engines[MVGPU_RCS].stats.commands, <=,
                     slices * MVGPU_SLICE_BUDGET);
    g_assert_false(h->core->engines[MVGPU_RCS].hung);
    g_assert_cmpuint(h->guest_errors, ==, 0);
    /* Active, never completed: only the idle->active entry. */
    g_assert_cmphex(ram32(h, CSB_STATUS(0)), ==, CSB_IDLE_TO_ACTIVE);
    g_assert_cmphex(ram32(h, CSB_STATUS(1)), ==, 0xffffffff);
    /* HEAD shows the ring past the batch start the engine is in. */
    g_assert_cmphex(rd(h, RCS_BASE + RING_HEAD), ==, 12);

    /* The blitter works meanwhile. */
    mb_put_list(&h->mem, ring + 0x400, MB_STORE_DWORD_GGTT(DATA_GMA + 8, 0xb1));
    make_context(h, CTX2_GMA, 0x400, 0x410, 0);
    mb_submit(&h->bar0, BCS_BASE, mb_desc(CTX2_GMA, 3), 0);
    run_ms(h, 1);
    g_assert_cmphex(ram32(h, RAM_OF(DATA_GMA) + 8), ==, 0xb1);

    /* A render reset stops RCS; it takes work again. */
    wr(h, GEN6_GDRST, 1u << 1);
    slices = h->core->engines[MVGPU_RCS].stats.slices;
    run_ms(h, 1);
    g_assert_cmpuint(h->core->engines[MVGPU_RCS].stats.slices, ==, slices);
    wr(h, RCS_BASE + RING_CONTEXT_STATUS_PTR, MB_CSB_PTRS(5, 5));
    mb_put_list(&h->mem, ring + 0x500,
                MB_STORE_DWORD_GGTT(DATA_GMA + 12, 0xab));
    make_context(h, CTX_GMA, 0x500, 0x510, 0);
    mb_submit(&h->bar0, RCS_BASE, mb_desc(CTX_GMA, 4), 0);
    run(h);
    g_assert_cmphex(ram32(h, RAM_OF(DATA_GMA) + 12), ==, 0xab);
    g_assert_cmphex(ram32(h, CSB_STATUS(0)), ==, CSB_IDLE_TO_ACTIVE);
    g_assert_cmphex(ram32(h, CSB_STATUS(1)), ==,
                    CSB_CONTEXT_COMPLETE | CSB_ACTIVE_TO_IDLE);
    fake_host_free(h);
}

static void test_refused(void)
{
    FakeHost *h = fake_host_new();
    uint64_t ring = RAM_OF(RING_GMA);

    setup_ggtt(h);
    /* A context image outside the GGTT's mapped pages hangs, logged. */
    mb_submit(&h->bar0, RCS_BASE, mb_desc(0x00800000, 1), 0);
    run(h);
    g_assert_true(fake_host_logged(h, "not guest RAM"));
    wr(h, GEN6_GDRST, 1);
    /* A write to a register cmd-regs.c does not list refuses the workload. */
    mb_put_list(&h->mem, ring, MB_LRI(GEN6_GDRST, 1), MB_MI_NOOP);
    make_context(h, CTX_GMA, 0, 16, 0);
    fake_host_clear_log(h);
    mb_submit(&h->bar0, RCS_BASE, mb_desc(CTX_GMA, 1), 0);
    run(h);
    g_assert_true(fake_host_logged(h, "MI_LOAD_REGISTER_IMM (DW0 0x11000001) "
                                   "writes register 0x941c, which command "
                                   "buffers may not access on this engine"));
    g_assert_cmpuint(h->core->gdrst_count, ==, 1);
    g_assert_cmpuint(h->core->engines[MVGPU_RCS].stats.refused, ==, 1);
    /* An element 0 without its valid bit is not a submission. */
    mb_submit(&h->bar0, RCS_BASE, 0, 0);
    g_assert_true(fake_host_logged(h, "without a valid element 0"));
    fake_host_free(h);
}

/*
 * Runs @n ring dwords (padded to a qword) as the context at @lrca on the
 * engine at @base, each submission with a new context id from @ctx_id.
 */
static void submit_ring(FakeHost *h, uint32_t base, uint32_t lrca,
                        uint32_t *ctx_id, const uint32_t *cmds, unsigned n)
{
    unsigned padded = (n + 1) & ~1u;

    for (unsigned i = 0; i < padded; i++) {
        mb_write32(&h->mem, RAM_OF(RING_GMA) + 4 * i,
                   i < n ? cmds[i] : MB_MI_NOOP);
    }
    make_context(h, lrca, 0, 4 * padded, 0);
    mb_submit(&h->bar0, base, mb_desc(lrca, ++*ctx_id), 0);
    run(h);
}

/* Runs @n ring dwords as one context on the engine at @base. */
static void run_ring_on(FakeHost *h, uint32_t base, const uint32_t *cmds,
                        unsigned n)
{
    static uint32_t ctx_id;

    submit_ring(h, base, CTX_GMA, &ctx_id, cmds, n);
}

static void run_ring(FakeHost *h, const uint32_t *cmds, unsigned n)
{
    run_ring_on(h, RCS_BASE, cmds, n);
}

/*
 * MI_SEMAPHORE_WAIT, GGTT, memory == DW1. Bit 17 is reserved on Gen9 and
 * ignored; these streams have always set it.
 */
#define SEMAPHORE_EQ    (MB_MI_USE_GGTT | MB_SEMAPHORE_SAD_EQ_SDD | 1u << 17)

static void test_mi_commands(void)
{
    FakeHost *h = fake_host_new();
    uint64_t data = RAM_OF(DATA_GMA);
    const uint32_t gpr0 = RCS_BASE + 0x600, gpr1 = RCS_BASE + 0x608;

    setup_ggtt(h);
    mb_write32(&h->mem, data + 0x40, 5);
    mb_write32(&h->mem, data + 0x44, 0x1234);
    {
        const uint32_t cmds[] = {
            MB_STORE_QWORD(MB_MI_USE_GGTT, DATA_GMA, 0x11111111, 0x22222222),
            /* STORE_DATA_INDEX: the context's PPHWSP (LRCA page) + 0x100 */
            MB_MI_STORE_DATA_INDEX, 0x100, 0x33333333,
            /* LRI to a plain register (a GPR) */
            MB_LRI(gpr0, 40),
            /* LRR GPR0 -> GPR1 */
            MB_MI_LOAD_REGISTER_REG, gpr0, gpr1,
            /* SRM GPR1 -> memory */
            MB_SRM(MB_MI_USE_GGTT, gpr1, DATA_GMA + 0x10),
            /* LRM memory (5) -> GPR0 */
            MB_LRM(MB_MI_USE_GGTT, gpr0, DATA_GMA + 0x40),
            /* MI_MATH: GPR0 + GPR1 -> GPR0 (5 + 40) */
            MB_MI_MATH(4), 0x08000000 | 0, 0x08000400 | 1, 0x10000000,
            0x18000000 | (0 << 10) | 0x20,
            /* SRM GPR0 -> memory */
            MB_SRM(MB_MI_USE_GGTT, gpr0, DATA_GMA + 0x14),
            /* COPY_MEM_MEM 0x44 -> 0x18, both GGTT */
            MB_MI_COPY_MEM_MEM | MB_MI_USE_GGTT | 1u << 21,
            DATA_GMA + 0x18, 0, DATA_GMA + 0x44, 0,
            /* ATOMIC ADD 7 at 0x40 (5 -> 12), INC at 0x44 */
            MB_MI_ATOMIC | MB_LEN(4) | MB_MI_USE_GGTT | 7u << 8 | 1u << 18,
            DATA_GMA + 0x40, 0, 7,
            MB_MI_ATOMIC | MB_LEN(3) | MB_MI_USE_GGTT | 9u << 8,
            DATA_GMA + 0x44, 0,
            /* SEMAPHORE_WAIT: memory (12) == 12: satisfied */
            MB_SEMAPHORE_WAIT(SEMAPHORE_EQ, 12, DATA_GMA + 0x40),
        };
        run_ring(h, cmds, G_N_ELEMENTS(cmds));
    }
    {
        /* MI_FLUSH_DW post-sync store, GGTT: not a render command. */
        const uint32_t cmds[] = {
            MB_MI_FLUSH_DW | MB_LEN(4) | MB_FLUSH_DW_WRITE_IMM,
            (DATA_GMA + 0x20) | MB_FLUSH_DW_USE_GTT, 0, 0x44444444,
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
    mb_put_list(&h->mem, RAM_OF(BATCH_GMA),
                /* memory (12) <= 100: the rest of the batch is skipped */
                MB_COND_BB_END(MB_MI_USE_GGTT, 100, DATA_GMA + 0x40),
                MB_STORE_DWORD_GGTT(DATA_GMA + 0x30, 0xdead),
                MB_MI_BATCH_BUFFER_END);
    {
        const uint32_t cmds[] = { MB_BB_START_GGTT(BATCH_GMA) };
        run_ring(h, cmds, G_N_ELEMENTS(cmds));
    }
    g_assert_cmphex(ram32(h, data + 0x30), ==, 0);

    /*
     * A semaphore that does not hold yet waits, without a hang, and
     * proceeds once memory holds the value.
     */
    {
        const uint32_t cmds[] = {
            MB_SEMAPHORE_WAIT(SEMAPHORE_EQ, 99, DATA_GMA + 0x40),
            MB_STORE_DWORD_GGTT(DATA_GMA + 0x48, 0x5e4a),
        };
        run_ring(h, cmds, G_N_ELEMENTS(cmds));
    }
    run_ms(h, 5);
    g_assert_cmphex(ram32(h, data + 0x48), ==, 0);
    g_assert_false(h->core->engines[MVGPU_RCS].hung);
    g_assert_true(h->core->engines[MVGPU_RCS].busy);
    mb_write32(&h->mem, data + 0x40, 99);
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
    cmds[n++] = MB_MI_LOAD_REGISTER_IMM(127);
    for (unsigned i = 0; i < 127; i++) {
        cmds[n++] = RCS_BASE + 0x600 + 4 * (i % 32);
        cmds[n++] = i;
    }
    /* MI_CLFLUSH with a 10-bit length: 502 dwords, skipped. */
    cmds[n++] = 0x13800000 | 500;
    n += 501;
    /* ...then a store that must land. */
    {
        const uint32_t store[] = {
            MB_STORE_DWORD_GGTT(DATA_GMA + 0x50, 0x5eed),
        };

        memcpy(cmds + n, store, sizeof(store));
        n += G_N_ELEMENTS(store);
    }
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
        mb_write32(&h->mem, batch + 12, 0xbad);         /* the stored value */
        mb_write32(&h->mem, batch + 16, 0x02000000);    /* an unknown command */
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
    const uint32_t cmds[] = { MB_BB_START_GGTT(BATCH_GMA) };

    setup_ggtt(h);
    mb_put_list(&h->mem, batch, MB_STORE_DWORD_GGTT(DATA_GMA + 0x70, 0x900d),
                MB_MI_BATCH_BUFFER_END);
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

        mb_write32(&h->mem, table, (table + 0x1000) | MB_PPGTT_PRESENT_RW);
    }
    mb_write32(&h->mem, PML4_GPA + 3 * 0x1000,
               RAM_OF(BATCH_GMA) | MB_PPGTT_PRESENT_RW);
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
            MB_MI_NOOP, cases[i].cmd[0], cases[i].cmd[1], cases[i].cmd[2],
            cases[i].cmd[3], cases[i].cmd[4], cases[i].cmd[5], MB_MI_NOOP,
        };
        const uint32_t via_batch[] = { MB_BB_START_PPGTT(0), MB_MI_NOOP };

        if (cases[i].in_batch) {
            build_ppgtt(h);
            mb_put(&h->mem, RAM_OF(BATCH_GMA), cases[i].cmd, 6);
            mb_write32(&h->mem, RAM_OF(BATCH_GMA) + 24, MB_MI_BATCH_BUFFER_END);
            mb_put(&h->mem, ring, via_batch, G_N_ELEMENTS(via_batch));
            make_context(h, CTX_GMA, 0, 16, PML4_GPA);
        } else {
            mb_put(&h->mem, ring, in_ring, G_N_ELEMENTS(in_ring));
            make_context(h, CTX_GMA, 0, 32, 0);
        }
        fake_host_clear_log(h);
        mb_submit(&h->bar0, cases[i].base, mb_desc(CTX_GMA, 1), 0);
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
    mb_put_list(&h->mem, ring, MB_STORE_DWORD_GGTT(DATA_GMA + 0x60, 0xa0d17));
    make_context(h, CTX_GMA, 0, 16, 0);
    mb_submit(&h->bar0, RCS_BASE, mb_desc(CTX_GMA, 1), 0);
    run(h);
    g_assert_cmphex(ram32(h, RAM_OF(DATA_GMA) + 0x60), ==, 0xa0d17);
    /* What the table allows runs: a user batch loads a GPR, the ring a
     * context workaround register. */
    build_ppgtt(h);
    mb_put_list(&h->mem, RAM_OF(BATCH_GMA), MB_LRI(RCS_BASE + 0x600, 0x5eed),
                MB_MI_BATCH_BUFFER_END);
    mb_put_list(&h->mem, ring, MB_BB_START_PPGTT(0), MB_LRI(0xe4f0, 0xc0de),
                MB_MI_NOOP, MB_MI_NOOP);
    make_context(h, CTX_GMA, 0, 32, PML4_GPA);
    mb_submit(&h->bar0, RCS_BASE, mb_desc(CTX_GMA, 2), 0);
    run(h);
    g_assert_false(h->core->engines[MVGPU_RCS].hung);
    g_assert_cmphex(mvgpu_reg_get(h->core, RCS_BASE + 0x600), ==, 0x5eed);
    g_assert_cmphex(mvgpu_reg_get(h->core, 0xe4f0), ==, 0xc0de);
    /*
     * A user batch's "use global GTT" store goes to its PPGTT: where the
     * PPGTT maps nothing the scan refuses it (the GGTT address is RAM);
     * where it maps the batch page, the store lands there.
     */
    mb_write32(&h->mem, RAM_OF(DATA_GMA) + 0x80, 0);
    mb_put_list(&h->mem, RAM_OF(BATCH_GMA),
                MB_STORE_DWORD_GGTT(DATA_GMA + 0x80, 0xfeed),
                MB_MI_BATCH_BUFFER_END);
    build_ppgtt(h);
    make_context(h, CTX_GMA, 0, 32, PML4_GPA);
    fake_host_clear_log(h);
    mb_submit(&h->bar0, RCS_BASE, mb_desc(CTX_GMA, 3), 0);
    run(h);
    g_assert_cmphex(ram32(h, RAM_OF(DATA_GMA) + 0x80), ==, 0);
    g_assert_true(fake_host_logged(h, "writes 4 bytes at PPGTT 0xa080, "
                                   "which is not guest RAM"));
    wr(h, GEN6_GDRST, 1);
    mb_write32(&h->mem, RAM_OF(BATCH_GMA) + 4, 0x80);
    make_context(h, CTX_GMA, 0, 32, PML4_GPA);
    mb_submit(&h->bar0, RCS_BASE, mb_desc(CTX_GMA, 4), 0);
    run(h);
    g_assert_false(h->core->engines[MVGPU_RCS].hung);
    g_assert_cmphex(ram32(h, RAM_OF(BATCH_GMA) + 0x80), ==, 0xfeed);
    g_assert_cmphex(ram32(h, RAM_OF(DATA_GMA) + 0x80), ==, 0);
    fake_host_free(h);
}

/*
 * IGT's igt_spin on Gen9, reduced: a user batch at VA 0 that loops back
 * to its start until the CPU writes MI_BATCH_BUFFER_END into dword 1.
 */
static void put_spinner(FakeHost *h)
{
    uint64_t batch = RAM_OF(BATCH_GMA);

    build_ppgtt(h);
    mb_put_list(&h->mem, batch, MB_MI_ARB_CHECK, MB_MI_NOOP,
                MB_BB_START_PPGTT(0));
}

static void end_spinner(FakeHost *h)
{
    mb_write32(&h->mem, RAM_OF(BATCH_GMA) + 4, MB_MI_BATCH_BUFFER_END);
}

/* The spinner runs until the CPU ends it, reading its batch live. */
static void test_spinner(void)
{
    FakeHost *h = fake_host_new();
    uint64_t ring = RAM_OF(RING_GMA);
    const uint32_t cmds[] = {
        MB_BB_START_PPGTT(0),
        MB_STORE_DWORD_GGTT(DATA_GMA + 0x90, 0x5b1), MB_MI_NOOP,
    };

    setup_ggtt(h);
    put_spinner(h);
    mb_put(&h->mem, ring, cmds, G_N_ELEMENTS(cmds));
    make_context(h, CTX_GMA, 0, sizeof(cmds), PML4_GPA);
    mb_submit(&h->bar0, RCS_BASE, mb_desc(CTX_GMA, 1), 0);
    run_ms(h, 5);
    g_assert_cmphex(ram32(h, RAM_OF(DATA_GMA) + 0x90), ==, 0);
    g_assert_true(h->core->engines[MVGPU_RCS].busy);
    g_assert_false(h->core->engines[MVGPU_RCS].hung);
    g_assert_cmpuint(h->core->engines[MVGPU_RCS].stats.slices, >=, 100);
    g_assert_cmphex(ram32(h, CSB_STATUS(1)), ==, 0xffffffff);

    end_spinner(h);
    run_ms(h, 1);
    g_assert_cmphex(ram32(h, RAM_OF(DATA_GMA) + 0x90), ==, 0x5b1);
    g_assert_false(h->core->engines[MVGPU_RCS].busy);
    g_assert_cmphex(ram32(h, CSB_STATUS(1)), ==,
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
        MB_BB_START_PPGTT(0), MB_BB_START_PPGTT(0x100), MB_MI_NOOP, MB_MI_NOOP,
    };

    setup_ggtt(h);
    build_ppgtt(h);
    /* A (VA 0): the value 3 into B's immediate (VA 0x10c). */
    mb_put_list(&h->mem, batch, MB_STORE_DWORD_PPGTT(0x10c, 3),
                MB_MI_BATCH_BUFFER_END);
    /* B (VA 0x100): its immediate (2 as the CPU wrote it) to VA 0x200. */
    mb_put_list(&h->mem, batch + 0x100, MB_STORE_DWORD_PPGTT(0x200, 2),
                MB_MI_BATCH_BUFFER_END);
    mb_put(&h->mem, RAM_OF(RING_GMA), cmds, G_N_ELEMENTS(cmds));
    make_context(h, CTX_GMA, 0, sizeof(cmds), PML4_GPA);
    mb_submit(&h->bar0, RCS_BASE, mb_desc(CTX_GMA, 1), 0);
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
    uint64_t ring = RAM_OF(RING_GMA);
    const uint32_t spin[] = { MB_BB_START_PPGTT(0), MB_MI_NOOP };

    setup_ggtt(h);
    put_spinner(h);
    mb_put(&h->mem, ring, spin, G_N_ELEMENTS(spin));
    make_context(h, CTX_GMA, 0, 16, PML4_GPA);
    mb_submit(&h->bar0, RCS_BASE, mb_desc(CTX_GMA, 5), 0);
    run_ms(h, 1);

    /* Lite restore: more ring, the new TAIL in the image, ELSP again. */
    mb_put_list(&h->mem, ring + 16,
                MB_STORE_DWORD_GGTT(DATA_GMA + 0x94, 0x11e));
    mb_write32(&h->mem, CTX_SLOT(CTX_GMA, MVGPU_CTX_RING_TAIL), 32);
    mb_submit(&h->bar0, RCS_BASE, mb_desc(CTX_GMA, 5), 0);
    g_assert_cmphex(ram32(h, CSB_STATUS(1)), ==,
                    CSB_PREEMPTED | CSB_LITE_RESTORE);
    g_assert_cmphex(ram32(h, CSB_CTX_ID(1)), ==, 5);
    g_assert_cmpuint(h->core->engines[MVGPU_RCS].stats.lite_restores, ==, 1);
    /* The running context's id, where i915's reset looks for it. */
    g_assert_cmphex(rd(h, RCS_BASE + RING_EXECLIST_STATUS_HI), ==, 5);

    /* Another context waits for this one: nothing of it runs yet. */
    mb_put_list(&h->mem, ring + 0x400,
                MB_STORE_DWORD_GGTT(DATA_GMA + 0x98, 0x2c));
    make_context(h, CTX2_GMA, 0x400, 0x410, 0);
    mb_submit(&h->bar0, RCS_BASE, mb_desc(CTX2_GMA, 6), 0);
    run_ms(h, 1);
    g_assert_cmphex(ram32(h, RAM_OF(DATA_GMA) + 0x94), ==, 0);
    g_assert_cmphex(ram32(h, RAM_OF(DATA_GMA) + 0x98), ==, 0);
    g_assert_cmphex(ram32(h, CSB_STATUS(2)), ==, 0xffffffff);

    /* The spinner ends: the first context completes at its new TAIL. */
    end_spinner(h);
    run_ms(h, 1);
    g_assert_cmphex(ram32(h, RAM_OF(DATA_GMA) + 0x94), ==, 0x11e);
    g_assert_cmphex(ram32(h, CTX_SLOT(CTX_GMA, MVGPU_CTX_RING_HEAD)), ==, 32);
    g_assert_cmphex(ram32(h, CSB_STATUS(2)), ==,
                    CSB_CONTEXT_COMPLETE | CSB_ACTIVE_TO_IDLE);
    g_assert_cmphex(ram32(h, CSB_CTX_ID(2)), ==, 5);
    /* ...then the waiting one starts and completes. */
    g_assert_cmphex(ram32(h, CSB_STATUS(3)), ==, CSB_IDLE_TO_ACTIVE);
    g_assert_cmphex(ram32(h, CSB_STATUS(4)), ==,
                    CSB_CONTEXT_COMPLETE | CSB_ACTIVE_TO_IDLE);
    g_assert_cmphex(ram32(h, CSB_CTX_ID(4)), ==, 6);
    g_assert_cmphex(ram32(h, RAM_OF(DATA_GMA) + 0x98), ==, 0x2c);
    g_assert_cmphex(ram32(h, CSB_WRITE_PTR), ==, 4);
    g_assert_false(h->core->engines[MVGPU_RCS].busy);
    g_assert_cmphex(rd(h, RCS_BASE + RING_EXECLIST_STATUS_HI), ==, 0);
    g_assert_cmpuint(h->guest_errors, ==, 0);

    /* A lite restore's TAIL beyond the (one-page) ring stops the context. */
    put_spinner(h);
    make_context(h, CTX_GMA, 0, 16, PML4_GPA);
    mb_submit(&h->bar0, RCS_BASE, mb_desc(CTX_GMA, 7), 0);
    run_ms(h, 1);
    mb_write32(&h->mem, CTX_SLOT(CTX_GMA, MVGPU_CTX_RING_TAIL), 0x2000);
    mb_submit(&h->bar0, RCS_BASE, mb_desc(CTX_GMA, 7), 0);
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
        MB_SRM(MB_MI_USE_GGTT, RCS_BASE + RING_TIMESTAMP, DATA_GMA + 0x20),
        /* PIPE_CONTROL post-syncs: timestamp at 0x28, depth count at 0x30 */
        MB_PIPE_CONTROL_WRITE(MB_PC_WRITE_TIMESTAMP | MB_PC_GLOBAL_GTT,
                              DATA_GMA + 0x28, 0, 0),
        MB_PIPE_CONTROL_WRITE(MB_PC_WRITE_DEPTH_COUNT | MB_PC_GLOBAL_GTT,
                              DATA_GMA + 0x30, 0, 0),
    };
    /* MI_FLUSH_DW's timestamp post-sync on BCS, a qword at 0x38. */
    const uint32_t flush[] = {
        MB_MI_FLUSH_DW | MB_LEN(4) | MB_FLUSH_DW_WRITE_TIMESTAMP,
        (DATA_GMA + 0x38) | MB_FLUSH_DW_USE_GTT, 0, 0,
    };
    uint64_t ticks;

    setup_ggtt(h);
    g_assert_cmpuint(rd(h, RCS_BASE + RING_TIMESTAMP), ==, 0);
    h->now_ns = 2000000000ull;                      /* 2 s */
    g_assert_cmpuint(rd(h, RCS_BASE + RING_TIMESTAMP), ==, 24000000);
    g_assert_cmpuint(rd(h, BCS_BASE + RING_TIMESTAMP), ==, 24000000);
    g_assert_cmpuint(rd(h, RCS_BASE + RING_TIMESTAMP_UDW), ==, 0);
    h->now_ns = 1000000000000ull;                   /* 1000 s: 12e9 ticks */
    g_assert_cmphex(rd(h, VCS0_BASE + RING_TIMESTAMP), ==,
                    (uint32_t)12000000000ull);
    g_assert_cmpuint(rd(h, VCS0_BASE + RING_TIMESTAMP_UDW), ==, 2);
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
        MB_COLOR_BLT(MB_BLT_WRITE_RGBA, MB_BR13_32BPP |
                     MB_BR13_ROP(MB_ROP_PATCOPY) | 64, 1, 1, 5, 3, DATA_GMA,
                     0x00c0ffee),
        MB_MI_NOOP,
    };

    setup_ggtt(h);
    mb_put(&h->mem, ring, fill, G_N_ELEMENTS(fill));
    make_context(h, CTX2_GMA, 0, sizeof(fill), 0);
    mb_submit(&h->bar0, BCS_BASE, mb_desc(CTX2_GMA, 9), 0);
    run(h);
    g_assert_cmphex(ram32(h, RAM_OF(DATA_GMA) + 64 + 4), ==, 0x00c0ffee);
    g_assert_cmphex(ram32(h, RAM_OF(DATA_GMA) + 128 + 16), ==, 0x00c0ffee);
    g_assert_cmphex(ram32(h, RAM_OF(DATA_GMA) + 128 + 20), ==, 0);
    g_assert_cmphex(ram32(h, RAM_OF(DATA_GMA)), ==, 0);
    g_assert_cmpuint(h->core->engines[MVGPU_BCS].stats.blits, ==, 1);

    /* On the render engine a 2D command is not valid: the engine hangs. */
    make_context(h, CTX_GMA, 0, sizeof(fill), 0);
    mb_submit(&h->bar0, RCS_BASE, mb_desc(CTX_GMA, 10), 0);
    run(h);
    g_assert_true(h->core->engines[MVGPU_RCS].hung);
    fake_host_free(h);
}

/*
 * IGT's tests/i915/gem_blits.c "basic" on a 16x4 buffer pair, batch for
 * batch as it builds them (buffer_set_tiling(), blit(), blit_to_linear()):
 * linear, X and Y copies of whole buffers with BCS_SWCTRL loaded around
 * the Y ones, single-pixel copies between every pair of tilings, each
 * destination read back through the blitter into a linear buffer of its
 * stride and compared with the model.
 */
#define GB_W        16
#define GB_H        4
#define GB_X        1           /* I915_TILING_X */
#define GB_Y        2           /* I915_TILING_Y */

typedef struct GbBuf {
    uint32_t gma, stride;
    int tiling;
    uint32_t model[GB_W * GB_H];
} GbBuf;

static uint32_t gb_next_gma;

static uint32_t gb_stride(int tiling)
{
    return tiling == GB_X ? 512 : tiling == GB_Y ? 128 : 64;
}

static uint32_t gb_pitch(const GbBuf *b)
{
    return b->tiling ? b->stride / 4 : b->stride;
}

/* One of IGT's blit batches: @w x @h from (@x, @y) of @src to @dst. */
static void gb_copy(FakeHost *h, const GbBuf *src, const GbBuf *dst,
                    uint32_t x, uint32_t y, uint32_t w, uint32_t hgt)
{
    uint32_t cmds[32], n = 0;
    bool y_tiled = src->tiling == GB_Y || dst->tiling == GB_Y;

    if (y_tiled) {
        cmds[n++] = MB_MI_LOAD_REGISTER_IMM(1);
        cmds[n++] = BCS_SWCTRL;
        cmds[n++] = (BCS_SRC_Y | BCS_DST_Y) << 16 |
                    (src->tiling == GB_Y ? BCS_SRC_Y : 0) |
                    (dst->tiling == GB_Y ? BCS_DST_Y : 0);
    }
    cmds[n++] = MB_XY_SRC_COPY_BLT | MB_BLT_WRITE_RGBA |
                (src->tiling ? MB_BLT_SRC_TILED : 0) |
                (dst->tiling ? MB_BLT_DST_TILED : 0);
    cmds[n++] = MB_BR13_32BPP | MB_BR13_ROP(MB_ROP_SRCCOPY) | gb_pitch(dst);
    cmds[n++] = MB_YX(x, y);
    cmds[n++] = MB_YX(x + w, y + hgt);
    cmds[n++] = dst->gma;
    cmds[n++] = 0;
    cmds[n++] = MB_YX(x, y);
    cmds[n++] = gb_pitch(src);
    cmds[n++] = src->gma;
    cmds[n++] = 0;
    if (y_tiled) {
        cmds[n++] = MB_MI_FLUSH_DW | MB_LEN(4);
        cmds[n++] = 0;
        cmds[n++] = 0;
        cmds[n++] = 0;
        cmds[n++] = MB_MI_LOAD_REGISTER_IMM(1);
        cmds[n++] = BCS_SWCTRL;
        cmds[n++] = (BCS_SRC_Y | BCS_DST_Y) << 16;
    }
    run_ring_on(h, BCS_BASE, cmds, n);
    g_assert_false(h->core->engines[MVGPU_BCS].hung);
    g_assert_cmpuint(h->guest_errors, ==, 0);
}

static void gb_set_tiling(FakeHost *h, GbBuf *b, int tiling)
{
    GbBuf to = { .gma = gb_next_gma, .stride = gb_stride(tiling),
                 .tiling = tiling };

    gb_next_gma += 0x1000;
    g_assert_cmpuint(gb_next_gma, <=, GGTT_PAGES * 4096);
    memcpy(to.model, b->model, sizeof(to.model));
    gb_copy(h, b, &to, 0, 0, GB_W, GB_H);
    *b = to;
}

/* blit_to_linear() and buffer_check(): rows at the buffer's stride. */
static void gb_check(FakeHost *h, const GbBuf *b, const char *what)
{
    GbBuf lin = { .gma = gb_next_gma, .stride = b->stride };
    const GbBuf *got = b;

    if (b->tiling) {
        memset(&h->ram[RAM_OF(lin.gma)], 0, 4096);
        gb_copy(h, b, &lin, 0, 0, GB_W, GB_H);
        got = &lin;
    }
    for (uint32_t y = 0; y < GB_H; y++) {
        for (uint32_t x = 0; x < GB_W; x++) {
            uint32_t v = ram32(h, RAM_OF(got->gma) + y * b->stride + 4 * x);

            if (v != b->model[y * GB_W + x]) {
                g_error("%s: (%u, %u) of a tiling-%d buffer reads 0x%08x, "
                        "not 0x%08x", what, x, y, b->tiling, v,
                        b->model[y * GB_W + x]);
            }
        }
    }
}

static void test_igt_gem_blits(void)
{
    FakeHost *h = fake_host_new();
    GbBuf src = { .gma = 0x10000, .stride = 64 };
    GbBuf dst = { .gma = 0x11000, .stride = 64 };
    uint32_t y = 0;

    setup_ggtt(h);
    gb_next_gma = 0x12000;
    for (uint32_t i = 0; i < GB_W * GB_H; i++) {
        uint32_t px = (i / GB_W) << 16 | (i % GB_W);

        src.model[i] = px ^ 1;
        dst.model[i] = px ^ 2;
        mb_write32(&h->mem, RAM_OF(src.gma) + 4 * i, src.model[i]);
        mb_write32(&h->mem, RAM_OF(dst.gma) + 4 * i, dst.model[i]);
    }
    for (int st = 0; st <= GB_Y; st++) {
        uint32_t x = 0;

        gb_set_tiling(h, &src, st);
        gb_check(h, &src, "source after set_tiling");
        for (int dt = 0; dt <= GB_Y; dt++) {
            gb_set_tiling(h, &dst, dt);
            gb_check(h, &dst, "destination after set_tiling");
            for (int mode = 0; mode < 4; mode++, x++) {
                g_test_message("src %d dst %d at (%u, %u)", st, dt, x, y);
                gb_copy(h, &src, &dst, x, y, 1, 1);
                dst.model[y * GB_W + x] = src.model[y * GB_W + x];
                gb_check(h, &dst, "destination after a blit");
            }
        }
        y++;
    }
    fake_host_free(h);
}

/*
 * BCS_SWCTRL belongs to the context that loads it: IGT's gem_ctx_isolation
 * sets its Y bits from a user batch and leaves them in a context it then
 * destroys; gem_blits' next context, a copy of i915's default image,
 * must see X tiling again (it saw Y: rows displaced by 4 pixels a row).
 * The image of the context that set it keeps it for its next run.
 */
#define SW_DST_GMA    0x10000
#define SW_SRC_GMA    0x12000

/*
 * Runs @n ring dwords as the context at @lrca on the engine at @base; the
 * rest of its image is left as it is.
 */
static void run_ctx_on(FakeHost *h, uint32_t base, uint32_t lrca,
                       const uint32_t *cmds, unsigned n)
{
    static uint32_t ctx_id = 100;

    submit_ring(h, base, lrca, &ctx_id, cmds, n);
    for (unsigned e = 0; e < MVGPU_NENGINES; e++) {
        g_assert_false(h->core->engines[e].busy);
        g_assert_false(h->core->engines[e].hung);
    }
}

static void run_ctx(FakeHost *h, uint32_t lrca, const uint32_t *cmds,
                    unsigned n)
{
    run_ctx_on(h, BCS_BASE, lrca, cmds, n);
}

static void test_bcs_swctrl_per_context(void)
{
    FakeHost *h = fake_host_new();
    const uint32_t set_y[] = {
        MB_MI_LOAD_REGISTER_IMM(1), BCS_SWCTRL,
        (BCS_SRC_Y | BCS_DST_Y) << 16 | BCS_SRC_Y | BCS_DST_Y,
    };
    /* 16x8 pixels, linear (pitch 512) to "tiled" (pitch 128 dwords). */
    const uint32_t copy[] = {
        MB_SRC_COPY_BLT(MB_BLT_WRITE_RGBA | MB_BLT_DST_TILED,
                        MB_BR13_32BPP | MB_BR13_ROP(MB_ROP_SRCCOPY) | 128,
                        0, 0, 16, 8, SW_DST_GMA, 0, 0, 512, SW_SRC_GMA),
    };
    const uint32_t nop[] = { MB_MI_NOOP };
    uint64_t dst = RAM_OF(SW_DST_GMA);

    setup_ggtt(h);
    for (uint32_t i = 0; i < 512 * 8; i += 4) {
        mb_write32(&h->mem, RAM_OF(SW_SRC_GMA) + i, i / 4 + 1);
    }
    /* i915's first context: its image, saved by the device, is the default. */
    run_ctx(h, CTX2_GMA, nop, G_N_ELEMENTS(nop));
    g_assert_cmphex(ram32(h, CTX_SLOT(CTX2_GMA, MVGPU_CTX_ENGINE_REGS)) &
                    MVGPU_CTX_SAVED, ==, MVGPU_CTX_SAVED);
    /* A context sets Y for both surfaces and ends without clearing it. */
    memcpy(&h->ram[RAM_OF(CTX_GMA)], &h->ram[RAM_OF(CTX2_GMA)], 0x2000);
    run_ctx(h, CTX_GMA, set_y, G_N_ELEMENTS(set_y));
    /* A new context from the default image copies X tiled. */
    run_ctx(h, CTX2_GMA, copy, G_N_ELEMENTS(copy));
    g_assert_cmphex(rd(h, BCS_SWCTRL) & 3, ==, 0);
    g_assert_cmphex(ram32(h, dst + 16), ==, 5);             /* (4, 0) */
    g_assert_cmphex(ram32(h, dst + 512), ==, 128 + 1);      /* (0, 1) */
    /* The context that set Y has it again; an X copy is then Y. */
    memset(&h->ram[dst], 0, 4096);
    run_ctx(h, CTX_GMA, copy, G_N_ELEMENTS(copy));
    g_assert_cmphex(rd(h, BCS_SWCTRL) & 3, ==, BCS_SRC_Y | BCS_DST_Y);
    g_assert_cmphex(ram32(h, dst + 16), ==, 128 + 1);       /* (0, 1) */
    /* An image that asks not to be restored keeps what the engine has. */
    mb_write32(&h->mem, CTX_SLOT(CTX2_GMA, MVGPU_CTX_CONTEXT_CONTROL),
               MVGPU_CTX_RESTORE_INHIBIT << 16 | MVGPU_CTX_RESTORE_INHIBIT);
    run_ctx(h, CTX2_GMA, nop, G_N_ELEMENTS(nop));
    g_assert_cmphex(rd(h, BCS_SWCTRL) & 3, ==, BCS_SRC_Y | BCS_DST_Y);
    g_assert_cmpuint(h->guest_errors, ==, 0);
    fake_host_free(h);
}

/*
 * Every register user batches may load is the context's own (IGT's
 * gem_ctx_isolation preservation): two contexts made from the default
 * image load GPR0 and a predicate source with their own values, and
 * each reads its own back after the other ran.
 */
#define CTX3_GMA      0x20000

static void test_user_registers_per_context(void)
{
    FakeHost *h = fake_host_new();
    const uint32_t nop[] = { MB_MI_NOOP };
    static const uint32_t contexts[] = { CTX_GMA, CTX3_GMA };

    setup_ggtt(h);
    run_ctx_on(h, RCS_BASE, CTX2_GMA, nop, G_N_ELEMENTS(nop));
    for (unsigned i = 0; i < 2; i++) {
        const uint32_t load[] = {
            MB_MI_LOAD_REGISTER_IMM(2), RCS_BASE + 0x600, 0xa0 + i,
            0x2400, 0xb0 + i,
        };

        memcpy(&h->ram[RAM_OF(contexts[i])], &h->ram[RAM_OF(CTX2_GMA)],
               0x2000);
        run_ctx_on(h, RCS_BASE, contexts[i], load, G_N_ELEMENTS(load));
    }
    for (unsigned i = 0; i < 2; i++) {
        const uint32_t store[] = {
            MB_SRM(MB_MI_USE_GGTT, RCS_BASE + 0x600, DATA_GMA + 8 * i),
            MB_SRM(MB_MI_USE_GGTT, 0x2400, DATA_GMA + 8 * i + 4),
        };

        run_ctx_on(h, RCS_BASE, contexts[i], store, G_N_ELEMENTS(store));
        g_assert_cmphex(ram32(h, RAM_OF(DATA_GMA) + 8 * i), ==, 0xa0 + i);
        g_assert_cmphex(ram32(h, RAM_OF(DATA_GMA) + 8 * i + 4), ==, 0xb0 + i);
    }
    /* A new context from the default image starts from its zeros. */
    {
        const uint32_t store[] = {
            MB_SRM(MB_MI_USE_GGTT, RCS_BASE + 0x600, DATA_GMA + 16),
        };

        mb_write32(&h->mem, RAM_OF(DATA_GMA) + 16, 0xdead);
        run_ctx_on(h, RCS_BASE, CTX2_GMA, store, G_N_ELEMENTS(store));
        g_assert_cmphex(ram32(h, RAM_OF(DATA_GMA) + 16), ==, 0);
    }
    g_assert_cmpuint(h->guest_errors, ==, 0);
    fake_host_free(h);
}

static void test_ppgtt_walk(void)
{
    FakeHost *h = fake_host_new();
    const uint64_t pml4 = 0x300000, pdp = 0x301000, pd = 0x302000,
                   pt = 0x303000, pt64 = 0x304000;
    uint64_t gpa;

    const uint64_t present = MB_PPGTT_PRESENT;

    mb_write64(&h->mem, pml4, pdp | present);
    mb_write64(&h->mem, pdp, pd | present);
    mb_write64(&h->mem, pdp + 8, 0x40000000ull | present | MB_PPGTT_PS);
    mb_write64(&h->mem, pd, pt | present);
    mb_write64(&h->mem, pd + 8, 0x600000 | present | MB_PPGTT_PS);
    mb_write64(&h->mem, pd + 16, pt64 | present | MB_PPGTT_IPS_64K);
    mb_write64(&h->mem, pt + 8 * 3, 0x7000 | present);
    mb_write64(&h->mem, pt64 + 8 * 16, 0x880000 | present);

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
    mb_write64(&h->mem, pd + 24, (1ull << 40) | present);
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
    g_test_add_func("/mvgpu/execlist/igt-gem-blits", test_igt_gem_blits);
    g_test_add_func("/mvgpu/execlist/bcs-swctrl-per-context",
                    test_bcs_swctrl_per_context);
    g_test_add_func("/mvgpu/execlist/user-registers-per-context",
                    test_user_registers_per_context);
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
