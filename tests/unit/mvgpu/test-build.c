/*
 * Unit test of the tests' builders (tests/include/mvgpu-build.h): every
 * command they encode is the command the core's table knows by that
 * name, accepted on its engine at exactly the length built, with its
 * address where the table looks for one. The opcodes the builders take
 * from i915's headers rather than the core's are checked here against
 * the core's rows.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <glib.h>

#include "mvgpu-build.h"

#define ADDR    0x12345000u

typedef struct Built {
    const char *name;
    unsigned engine_bit;
    unsigned addr_dw;           /* where ADDR was put; 0 if nowhere */
    unsigned len;
    uint32_t dw[10];
} Built;

#define BUILT(nm, eng, at, ...) \
    { nm, eng, at, sizeof((uint32_t[]){ __VA_ARGS__ }) / 4, { __VA_ARGS__ } }

static const Built built[] = {
    BUILT("MI_NOOP", MVGPU_CMD_ALL, 0, MB_MI_NOOP),
    BUILT("MI_USER_INTERRUPT", MVGPU_CMD_ALL, 0, MB_MI_USER_INTERRUPT),
    BUILT("MI_ARB_CHECK", MVGPU_CMD_ALL, 0, MB_MI_ARB_CHECK),
    BUILT("MI_BATCH_BUFFER_END", MVGPU_CMD_ALL, 0, MB_MI_BATCH_BUFFER_END),
    BUILT("MI_SET_CONTEXT", MVGPU_CMD_RCS, 1, MB_MI_SET_CONTEXT, ADDR),
    BUILT("MI_STORE_DATA_IMM", MVGPU_CMD_ALL, 1,
          MB_STORE_DWORD_GGTT(ADDR, 1)),
    BUILT("MI_STORE_DATA_IMM", MVGPU_CMD_ALL, 1,
          MB_STORE_DWORD_PPGTT(ADDR, 1)),
    BUILT("MI_STORE_DATA_IMM", MVGPU_CMD_ALL, 1,
          MB_STORE_QWORD(MB_MI_USE_GGTT, ADDR, 1, 2)),
    BUILT("MI_STORE_DATA_INDEX", MVGPU_CMD_ALL, 0,
          MB_MI_STORE_DATA_INDEX, 0x100, 1),
    BUILT("MI_LOAD_REGISTER_IMM", MVGPU_CMD_ALL, 0, MB_LRI(0x2600, 1)),
    BUILT("MI_LOAD_REGISTER_IMM", MVGPU_CMD_ALL, 0,
          MB_MI_LOAD_REGISTER_IMM(2), 0x2600, 1, 0x2604, 2),
    BUILT("MI_STORE_REGISTER_MEM", MVGPU_CMD_ALL, 2,
          MB_SRM(MB_MI_USE_GGTT, 0x2600, ADDR)),
    BUILT("MI_FLUSH_DW", MVGPU_CMD_ALL & ~MVGPU_CMD_RCS, 1,
          MB_MI_FLUSH_DW | MB_LEN(4) | MB_FLUSH_DW_WRITE_IMM,
          ADDR | MB_FLUSH_DW_USE_GTT, 0, 1),
    BUILT("MI_LOAD_REGISTER_MEM", MVGPU_CMD_ALL, 2,
          MB_MI_LOAD_REGISTER_MEM | MB_MI_USE_GGTT, 0x2600, ADDR, 0),
    BUILT("MI_LOAD_REGISTER_REG", MVGPU_CMD_ALL, 0,
          MB_MI_LOAD_REGISTER_REG, 0x2600, 0x2604),
    BUILT("MI_BATCH_BUFFER_START", MVGPU_CMD_ALL, 1, MB_BB_START_GGTT(ADDR)),
    BUILT("MI_BATCH_BUFFER_START", MVGPU_CMD_ALL, 1, MB_BB_START_PPGTT(ADDR)),
    BUILT("MI_BATCH_BUFFER_START", MVGPU_CMD_ALL, 1,
          MB_BB_START(MB_BB_PPGTT | MB_BB_SECOND_LEVEL, ADDR)),
    BUILT("MI_SEMAPHORE_WAIT", MVGPU_CMD_ALL, 2,
          MB_SEMAPHORE_WAIT(MB_MI_USE_GGTT | MB_SEMAPHORE_POLL |
                            MB_SEMAPHORE_SAD_EQ_SDD, 1, ADDR)),
    BUILT("MI_CONDITIONAL_BATCH_BUFFER_END", MVGPU_CMD_ALL, 2,
          MB_COND_BB_END(MB_MI_USE_GGTT, 1, ADDR)),
    BUILT("PIPE_CONTROL", MVGPU_CMD_RCS, 2,
          MB_PIPE_CONTROL_WRITE(MB_PC_WRITE_IMM | MB_PC_GLOBAL_GTT, ADDR,
                                1, 0)),
    BUILT("XY_SETUP_BLT", MVGPU_CMD_BCS, 4,
          MB_XY_SETUP_BLT, 0, 0, 0, ADDR, 0, 0, 0, 0, 0),
    BUILT("XY_SETUP_CLIP_BLT", MVGPU_CMD_BCS, 0, MB_XY_SETUP_CLIP_BLT, 0, 0),
    BUILT("XY_COLOR_BLT", MVGPU_CMD_BCS, 4,
          MB_COLOR_BLT(MB_BLT_WRITE_RGBA, MB_BR13_32BPP |
                       MB_BR13_ROP(MB_ROP_PATCOPY) | 64, 1, 1, 5, 3, ADDR,
                       0xc0ffee)),
    BUILT("XY_PAT_BLT", MVGPU_CMD_BCS, 4,
          MB_XY_PAT_BLT, 0, 0, 0, ADDR, 0, 0, 0),
    BUILT("XY_SRC_COPY_BLT", MVGPU_CMD_BCS, 4,
          MB_SRC_COPY_BLT(MB_BLT_WRITE_RGBA, MB_BR13_32BPP |
                          MB_BR13_ROP(MB_ROP_SRCCOPY) | 256, 0, 0, 8, 8,
                          ADDR, 0, 0, 256, 0)),
    BUILT("XY_FAST_COPY_BLT", MVGPU_CMD_BCS, 4,
          MB_FAST_COPY_BLT(MB_FAST_SRC_TILING(MB_FAST_TILE_Y) |
                           MB_FAST_DST_TILING(MB_FAST_TILE_X),
                           MB_FAST_DEPTH(3) | 128, 0, 0, 8, 8, ADDR, 0, 0,
                           128, 0)),
};

static void test_commands_decode(void)
{
    for (size_t i = 0; i < G_N_ELEMENTS(built); i++) {
        const Built *b = &built[i];
        unsigned engine = b->engine_bit & -b->engine_bit;
        MvgpuCmd cmd;

        g_test_message("%zu: %s", i, b->name);
        g_assert_cmpint(mvgpu_cmd_decode(b->dw[0], engine, true, &cmd), ==,
                        MVGPU_CMD_OK);
        g_assert_cmpstr(cmd.desc->name, ==, b->name);
        g_assert_cmphex(cmd.desc->engines, ==, b->engine_bit);
        g_assert_cmpuint(cmd.len, ==, b->len);
        if (b->addr_dw) {
            g_assert_true(mvgpu_cmd_addr_at(cmd.desc, b->addr_dw));
            g_assert_cmphex(mvgpu_cmd_addr_get(cmd.desc, &b->dw[b->addr_dw])
                            & ~0xfffull, ==, ADDR);
        } else {
            g_assert_cmpuint(cmd.desc->n_addr, ==, 0);
        }
    }
}

/* RING_CTL carries the size the engine reads back (lrc.h's mask). */
static void test_ring_ctl(void)
{
    g_assert_cmphex(mb_ring_ctl(1), ==, MB_RING_CTL_VALID);
    g_assert_cmphex(mb_ring_ctl(64) & MVGPU_RING_CTL_SIZE_MASK, ==,
                    (64u << 12) - 4096);
    g_assert_cmphex((mb_ring_ctl(512) & MVGPU_RING_CTL_SIZE_MASK) + 4096, ==,
                    2u << 20);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/mvgpu/build/commands-decode", test_commands_decode);
    g_test_add_func("/mvgpu/build/ring-ctl", test_ring_ctl);
    return g_test_run();
}
