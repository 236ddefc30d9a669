/*
 * mvgpu core: the Gen9 MI and 2D (blitter) commands. The 3D, media and
 * video commands are in cmd-table-3d.c.
 *
 * Lengths and address dwords are the Gen8+ forms (48-bit addresses in
 * two dwords). Entries are sorted by key; a unit test checks it.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "cmd.h"

#define RCS     MVGPU_CMD_RCS
#define BCS     MVGPU_CMD_BCS
#define ALL     MVGPU_CMD_ALL
#define PRIV    MVGPU_CMD_PRIV
#define X(op)   .exec = MVGPU_EXEC_##op
#define A32     MVGPU_CMD_A32
#define AT(...) MVGPU_CMD_ADDRS(__VA_ARGS__)
#define NO_ADDR .n_addr = 0

/* One dword, no length field. */
#define MI_1(op, nm, eng, fl, ...) \
    { .name = nm, .key = MVGPU_CMD_MI(op), .engines = eng, .flags = fl, \
      .len_bits = 0, .len_min = 1, .len_max = 1, __VA_ARGS__ }
/*
 * A length field of @bits bits; [lo, hi] dwords; addresses at @a; then
 * what the soft backend does, X(op), if anything.
 */
#define MI_N(op, nm, eng, fl, bits, lo, hi, a, ...) \
    { .name = nm, .key = MVGPU_CMD_MI(op), .engines = eng, .flags = fl, \
      .len_bits = bits, .len_min = lo, .len_max = hi, a, __VA_ARGS__ }
#define BLT(op, nm, fl, lo, hi, a, ...) \
    { .name = nm, .key = MVGPU_CMD_2D(op), .engines = BCS, .flags = fl, \
      .len_bits = 8, .len_min = lo, .len_max = hi, a, __VA_ARGS__ }

const MvgpuCmdDesc mvgpu_cmd_table[] = {
    /* MI: the command streamer's own commands. */
    MI_1(0x00, "MI_NOOP", ALL, 0, X(NOOP)),
    MI_1(0x01, "MI_SET_PREDICATE", ALL, 0),
    MI_1(0x02, "MI_USER_INTERRUPT", ALL, 0, X(USER_INTERRUPT)),
    MI_1(0x03, "MI_WAIT_FOR_EVENT", ALL, PRIV),
    MI_1(0x05, "MI_ARB_CHECK", ALL, 0, X(ARB_CHECK)),
    MI_1(0x06, "MI_RS_CONTROL", RCS, 0),
    MI_1(0x07, "MI_REPORT_HEAD", ALL, 0),
    MI_1(0x08, "MI_ARB_ON_OFF", ALL, 0),
    MI_1(0x09, "MI_URB_ATOMIC_ALLOC", RCS, 0),
    MI_1(0x0a, "MI_BATCH_BUFFER_END", ALL, 0, X(BATCH_BUFFER_END)),
    MI_1(0x0b, "MI_SUSPEND_FLUSH", ALL, 0),
    MI_1(0x0c, "MI_PREDICATE", RCS, 0),
    MI_1(0x0d, "MI_TOPOLOGY_FILTER", RCS, 0),
    MI_1(0x0e, "MI_SET_APPID", ALL, 0),
    MI_1(0x0f, "MI_RS_CONTEXT", RCS, 0),
    MI_N(0x12, "MI_LOAD_SCAN_LINES_INCL", ALL, PRIV, 6, 2, 0, NO_ADDR),
    MI_N(0x13, "MI_LOAD_SCAN_LINES_EXCL", ALL, PRIV, 6, 2, 0, NO_ADDR),
    MI_N(0x14, "MI_DISPLAY_FLIP", ALL, PRIV | A32, 8, 3, 3, AT(2)),
    MI_N(0x18, "MI_SET_CONTEXT", RCS, PRIV | A32, 8, 2, 2, AT(1)),
    MI_N(0x1a, "MI_MATH", ALL, 0, 8, 2, 0, NO_ADDR, X(MATH)),
    MI_N(0x1b, "MI_SEMAPHORE_SIGNAL", ALL, 0, 8, 2, 2, NO_ADDR),
    MI_N(0x1c, "MI_SEMAPHORE_WAIT", ALL, 0, 8, 4, 4, AT(2), X(SEMAPHORE_WAIT)),
    MI_N(0x20, "MI_STORE_DATA_IMM", ALL, 0, 10, 4, 5, AT(1), X(STORE_DATA_IMM)),
    MI_N(0x21, "MI_STORE_DATA_INDEX", ALL, 0, 8, 3, 4, NO_ADDR,
        X(STORE_DATA_INDEX)),
    MI_N(0x22, "MI_LOAD_REGISTER_IMM", ALL, 0, 8, 3, 0, NO_ADDR,
        X(LOAD_REGISTER_IMM)),
    MI_N(0x23, "MI_UPDATE_GTT", ALL, PRIV | A32, 10, 3, 0, AT(1)),
    MI_N(0x24, "MI_STORE_REGISTER_MEM", ALL, 0, 8, 4, 4, AT(2),
        X(STORE_REGISTER_MEM)),
    MI_N(0x26, "MI_FLUSH_DW", ALL & ~RCS, 0, 6, 2, 5, AT(1), X(FLUSH_DW)),
    MI_N(0x27, "MI_CLFLUSH", ALL, 0, 10, 3, 0, AT(1)),
    MI_N(0x28, "MI_REPORT_PERF_COUNT", RCS, 0, 6, 4, 4, AT(1)),
    MI_N(0x29, "MI_LOAD_REGISTER_MEM", ALL, 0, 8, 4, 4, AT(2),
        X(LOAD_REGISTER_MEM)),
    MI_N(0x2a, "MI_LOAD_REGISTER_REG", ALL, 0, 8, 3, 3, NO_ADDR,
        X(LOAD_REGISTER_REG)),
    MI_N(0x2b, "MI_RS_STORE_DATA_IMM", RCS, 0, 8, 4, 0, AT(1)),
    MI_N(0x2c, "MI_LOAD_URB_MEM", RCS, 0, 8, 4, 4, AT(2)),
    MI_N(0x2d, "MI_STORE_URB_MEM", RCS, 0, 8, 4, 4, AT(2)),
    MI_N(0x2e, "MI_COPY_MEM_MEM", ALL, 0, 8, 5, 5, AT(1, 3), X(COPY_MEM_MEM)),
    MI_N(0x2f, "MI_ATOMIC", ALL, 0, 8, 3, 11, AT(1), X(ATOMIC)),
    MI_N(0x31, "MI_BATCH_BUFFER_START", ALL, 0, 8, 3, 3, AT(1),
        X(BATCH_BUFFER_START)),
    MI_N(0x36, "MI_CONDITIONAL_BATCH_BUFFER_END", ALL, 0, 8, 4, 4, AT(2),
        X(CONDITIONAL_BATCH_BUFFER_END)),

    /*
     * 2D: BCS only. Every XY_* command starts with BR13 in DW1 and the
     * destination rectangle in DW2-3; its destination address is DW4.
     */
    BLT(0x01, "XY_SETUP_BLT", 0, 10, 10, AT(4, 8), X(BLIT)),
    BLT(0x03, "XY_SETUP_CLIP_BLT", 0, 3, 3, NO_ADDR, X(BLIT)),
    BLT(0x11, "XY_SETUP_MONO_PATTERN_SL_BLT", 0, 10, 10, AT(4), X(BLIT)),
    BLT(0x24, "XY_PIXEL_BLT", 0, 2, 2, NO_ADDR, X(BLIT)),
    BLT(0x25, "XY_SCANLINES_BLT", 0, 3, 3, NO_ADDR, X(BLIT)),
    BLT(0x26, "XY_TEXT_BLT", 0, 5, 5, AT(3), X(BLIT)),
    BLT(0x31, "XY_TEXT_IMMEDIATE_BLT", 0, 3, 0, NO_ADDR, X(BLIT)),
    BLT(0x40, "COLOR_BLT", 0, 6, 0, AT(3)),
    BLT(0x42, "XY_FAST_COPY_BLT", 0, 10, 10, AT(4, 8), X(BLIT)),
    BLT(0x43, "SRC_COPY_BLT", 0, 8, 0, AT(3, 6)),
    BLT(0x50, "XY_COLOR_BLT", 0, 7, 7, AT(4), X(BLIT)),
    BLT(0x51, "XY_PAT_BLT", 0, 8, 8, AT(4, 6), X(BLIT)),
    BLT(0x52, "XY_MONO_PAT_BLT", 0, 10, 10, AT(4), X(BLIT)),
    BLT(0x53, "XY_SRC_COPY_BLT", 0, 10, 10, AT(4, 8), X(BLIT)),
    BLT(0x54, "XY_MONO_SRC_COPY_BLT", 0, 10, 10, AT(4, 6), X(BLIT)),
    BLT(0x55, "XY_FULL_BLT", 0, 10, 0, AT(4)),
    BLT(0x56, "XY_FULL_MONO_SRC_BLT", 0, 10, 0, AT(4)),
    BLT(0x57, "XY_FULL_MONO_PATTERN_BLT", 0, 10, 0, AT(4)),
    BLT(0x58, "XY_FULL_MONO_PATTERN_MONO_SRC_BLT", 0, 10, 0, AT(4)),
    BLT(0x59, "XY_MONO_PAT_FIXED_BLT", 0, 7, 0, AT(4)),
    BLT(0x71, "XY_MONO_SRC_COPY_IMMEDIATE_BLT", 0, 8, 0, AT(4), X(BLIT)),
    BLT(0x72, "XY_PAT_BLT_IMMEDIATE", 0, 22, 70, AT(4), X(BLIT)),
    BLT(0x73, "XY_SRC_COPY_CHROMA_BLT", 0, 10, 0, AT(4, 8)),
    BLT(0x74, "XY_FULL_IMMEDIATE_PATTERN_BLT", 0, 10, 0, AT(4)),
    BLT(0x75, "XY_FULL_MONO_SRC_IMMEDIATE_PATTERN_BLT", 0, 10, 0, AT(4)),
    BLT(0x76, "XY_PAT_CHROMA_BLT", 0, 8, 0, AT(4)),
    BLT(0x77, "XY_PAT_CHROMA_BLT_IMMEDIATE", 0, 7, 0, AT(4)),
};

const size_t mvgpu_cmd_table_len =
    sizeof(mvgpu_cmd_table) / sizeof(mvgpu_cmd_table[0]);
