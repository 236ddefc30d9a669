/*
 * Unit tests of the memory-operand table (cmd-mem.c): for each command
 * that reads or writes memory, the decoded space, address, size and
 * access, in privileged and unprivileged streams; forms without an
 * operand; and agreement with the command table's address dwords, which
 * relocation rewrites.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <glib.h>

#include "cmd.h"
#include "cmd-mem.h"
#include "mvgpu-build.h"

#define GGTT_BIT        MB_MI_USE_GGTT

#define R   MVGPU_MEM_READ
#define W   MVGPU_MEM_WRITE
#define PP  MVGPU_MEM_PPGTT
#define GG  MVGPU_MEM_GGTT
#define HW  MVGPU_MEM_HWSP

typedef struct Expect {
    MvgpuMemSpace space;
    uint8_t access;
    uint32_t bytes;
    uint64_t addr;
    uint8_t addr_dw;            /* where the command table says it is */
} Expect;

typedef struct Case {
    const char *what;
    uint32_t cmd[6];
    uint32_t len;
    bool privileged;
    unsigned n;
    Expect op[MVGPU_MEM_MAX_OPERANDS];
} Case;

static const Case cases[] = {
    { "SDI dword, GGTT bit in the ring",
      { MB_MI_STORE_DWORD_IMM | GGTT_BIT, 0x1234, 0x5, 9 }, 4, true, 1,
      { { GG, W, 4, 0x500001234ull, 1 } } },
    { "SDI qword, GGTT bit ignored in a user batch",
      { MB_MI_STORE_QWORD_IMM | GGTT_BIT, 0x1237, 0xffff0001, 9, 9 }, 5,
      false, 1, { { PP, W, 8, 0x100001234ull, 1 } } },
    { "SDI index", { MB_MI_STORE_DATA_INDEX, 0x1234, 7 }, 3, true, 1,
      { { HW, W, 4, 0x234, 0 } } },
    { "SDI index, qword, user batch: PPGTT",
      { MB_MI_STORE_QWORD_INDEX, 0x30, 7, 8 }, 4, false, 1,
      { { PP, W, 8, 0x30, 0 } } },
    { "SRM", { MB_MI_STORE_REGISTER_MEM | GGTT_BIT, 0x2358, 0x100, 0 }, 4,
      true, 1, { { GG, W, 4, 0x100, 2 } } },
    { "LRM, user", { MB_MI_LOAD_REGISTER_MEM, 0x2600, 0x2002, 0x1 }, 4,
      false, 1, { { PP, R, 4, 0x100002000ull, 2 } } },
    { "COPY_MEM_MEM: src GGTT, dst PPGTT",
      { MB_MI_COPY_MEM_MEM | 1u << 21, 0x40, 0, 0x80, 0 }, 5, true, 2,
      { { PP, W, 4, 0x40, 1 }, { GG, R, 4, 0x80, 3 } } },
    { "ATOMIC qword",
      { MB_MI_ATOMIC | MB_LEN(3) | GGTT_BIT | 1u << 19, 0x1000, 0 }, 3,
      true, 1, { { GG, R | W, 8, 0x1000, 1 } } },
    { "ATOMIC dword, user",
      { MB_MI_ATOMIC | MB_LEN(3) | GGTT_BIT, 0x1000, 0 }, 3,
      false, 1, { { PP, R | W, 4, 0x1000, 1 } } },
    { "SEMAPHORE_WAIT", { MB_MI_SEMAPHORE_WAIT | GGTT_BIT, 5, 0x3000, 0 }, 4,
      true, 1,
      { { GG, R, 4, 0x3000, 2 } } },
    { "COND_BB_END",
      { MB_MI_CONDITIONAL_BATCH_BUFFER_END, 5, 0x3000, 0 }, 4, true, 1,
      { { PP, R, 4, 0x3000, 2 } } },
    { "FLUSH_DW, write immediate, GGTT in DW1",
      { MB_MI_FLUSH_DW | MB_LEN(4) | MB_FLUSH_DW_WRITE_IMM,
        0x100f | MB_FLUSH_DW_USE_GTT, 0, 1 }, 4, true, 1,
      { { GG, W, 4, 0x1008, 1 } } },
    { "FLUSH_DW, store index", { MB_MI_FLUSH_DW | MB_LEN(5) |
      MB_FLUSH_DW_WRITE_IMM | MB_FLUSH_DW_STORE_INDEX, 0x5010, 0, 1, 2 }, 5,
      true, 1, { { HW, W, 8, 0x10, 1 } } },
    { "FLUSH_DW timestamp: a qword", { MB_MI_FLUSH_DW | MB_LEN(4) |
      MB_FLUSH_DW_WRITE_TIMESTAMP, 0x1000 | MB_FLUSH_DW_USE_GTT, 0, 0 }, 4,
      true, 1, { { GG, W, 8, 0x1000, 1 } } },
    { "FLUSH_DW without post-sync op",
      { MB_MI_FLUSH_DW | MB_LEN(4), 0x1000, 0, 1 }, 4, true, 0 },
    { "FLUSH_DW too short for its address",
      { MB_MI_FLUSH_DW | MB_LEN(2) | MB_FLUSH_DW_WRITE_IMM, 0 }, 2, true, 0 },
    { "PIPE_CONTROL write immediate, GGTT",
      { MB_PIPE_CONTROL, MB_PC_WRITE_IMM | MB_PC_GLOBAL_GTT, 0x2003, 0x2, 1,
        2 }, 6, true,
      1, { { GG, W, 8, 0x200002000ull, 2 } } },
    { "PIPE_CONTROL timestamp, index, user: PPGTT",
      { MB_PIPE_CONTROL, MB_PC_WRITE_TIMESTAMP | MB_PC_STORE_DATA_INDEX,
        0x2040, 0 }, 6, false, 1,
      { { PP, W, 8, 0x2040, 2 } } },
    { "PIPE_CONTROL index, ring", { MB_PIPE_CONTROL, MB_PC_WRITE_IMM |
      MB_PC_STORE_DATA_INDEX | MB_PC_GLOBAL_GTT, 0x12340, 0 }, 6, true, 1,
      { { HW, W, 8, 0x340, 2 } } },
    { "PIPE_CONTROL without post-sync",
      { MB_PIPE_CONTROL, MB_PC_GLOBAL_GTT, 0x2000 }, 6, true, 0 },
    { "LRI: registers, not memory", { MB_LRI(0x2600, 1) }, 3, true, 0 },
    { "3D state: not a memory operand", { 0x79000002, 0x1000, 0 }, 4, true,
      0 },
};

static void test_decode(void)
{
    for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
        const Case *t = &cases[i];
        MvgpuMemOperand ops[MVGPU_MEM_MAX_OPERANDS];
        unsigned n = mvgpu_cmd_mem_operands(t->cmd, t->len, t->privileged, ops);

        g_test_message("%s", t->what);
        g_assert_cmpuint(n, ==, t->n);
        for (unsigned k = 0; k < n; k++) {
            const MvgpuCmdDesc *d = mvgpu_cmd_lookup(t->cmd[0]);

            g_assert_cmpint(ops[k].space, ==, t->op[k].space);
            g_assert_cmpuint(ops[k].access, ==, t->op[k].access);
            g_assert_cmpuint(ops[k].bytes, ==, t->op[k].bytes);
            g_assert_cmphex(ops[k].addr, ==, t->op[k].addr);
            /*
             * An operand address relocation did not rewrite would be
             * checked here and used elsewhere. MI_STORE_DATA_INDEX's
             * offset (addr_dw 0 here) is not a graphics address.
             */
            g_assert_nonnull(d);
            if (t->op[k].addr_dw) {
                g_assert_true(mvgpu_cmd_addr_at(d, t->op[k].addr_dw));
            }
        }
    }
}

/* The command table's length rule keeps every decoded operand in the command. */
static void test_lengths_in_table(void)
{
    for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
        const MvgpuCmdDesc *d = mvgpu_cmd_lookup(cases[i].cmd[0]);
        uint32_t len = mvgpu_cmd_length(d, cases[i].cmd[0]);

        g_test_message("%s", cases[i].what);
        g_assert_cmpuint(len, ==, cases[i].len);
    }
}

/* Every byte count the table can produce is small and whole dwords. */
static void test_sizes_bounded(void)
{
    static const uint32_t cmds[] = {
        MB_MI_STORE_DWORD_IMM, MB_MI_STORE_DATA_INDEX, MB_MI_STORE_REGISTER_MEM,
        MB_MI_FLUSH_DW, MB_MI_LOAD_REGISTER_MEM, MB_MI_COPY_MEM_MEM,
        MB_MI_ATOMIC, MB_MI_SEMAPHORE_WAIT, MB_MI_CONDITIONAL_BATCH_BUFFER_END,
    };
    uint32_t cmd[16] = { 0 };

    for (size_t i = 0; i < G_N_ELEMENTS(cmds); i++) {
        uint32_t key = cmds[i] & MVGPU_CMD_MI_MASK;
        const MvgpuCmdDesc *d = mvgpu_cmd_lookup(key);

        g_assert_nonnull(d);
        for (uint32_t len = d->len_min; len <= MIN(d->len_max, 16u); len++) {
            for (uint32_t dw0 = 0; dw0 < 8; dw0++) {
                MvgpuMemOperand ops[MVGPU_MEM_MAX_OPERANDS];
                unsigned n;

                /* Post-sync op, size field and space bits in turn. */
                cmd[0] = key | (len - 2) | (dw0 & 3) << 14 |
                         (dw0 & 3) << 19 | (dw0 & 4) << 20;
                n = mvgpu_cmd_mem_operands(cmd, len, true, ops);
                for (unsigned k = 0; k < n; k++) {
                    g_assert_cmpuint(ops[k].bytes, >=, 4);
                    g_assert_cmpuint(ops[k].bytes, <=, 32);
                    g_assert_cmpuint(ops[k].bytes % 4, ==, 0);
                }
            }
        }
    }
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/mvgpu/cmd-mem/decode", test_decode);
    g_test_add_func("/mvgpu/cmd-mem/lengths-in-table", test_lengths_in_table);
    g_test_add_func("/mvgpu/cmd-mem/sizes-bounded", test_sizes_bounded);
    return g_test_run();
}
