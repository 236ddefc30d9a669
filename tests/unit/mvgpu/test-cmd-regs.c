/*
 * Unit tests of the command-buffer register table (cmd-regs.c): its ranges
 * are well formed and disjoint on every engine, and the verdicts follow
 * each entry's access for reads, kernel writes and user writes.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <glib.h>

#include "cmd.h"
#include "cmd-regs.h"
#include "mvgpu-build.h"

static uint32_t start_on(const MvgpuCmdReg *r, unsigned e)
{
    return r->offset + (r->per_engine ? mvgpu_engines[e].base : 0);
}

static void test_well_formed(void)
{
    for (size_t i = 0; i < mvgpu_cmd_regs_len; i++) {
        const MvgpuCmdReg *a = &mvgpu_cmd_regs[i];

        g_test_message("%s", a->name);
        g_assert_nonnull(a->name);
        g_assert_cmpuint(a->offset & 3, ==, 0);
        g_assert_cmpuint(a->dwords, >, 0);
        g_assert_cmpuint(a->engines, !=, 0);
        g_assert_cmpuint(a->engines & ~MVGPU_CMD_ALL, ==, 0);
        g_assert_true(a->access >= MVGPU_CMD_REG_READ &&
                      a->access <= MVGPU_CMD_REG_USER);
        for (unsigned e = 0; e < 4; e++) {
            uint32_t s = start_on(a, e), end = s + 4 * a->dwords;

            if (!(a->engines & (1u << e))) {
                continue;
            }
            g_assert_cmpuint(end, <=, 2u << 20);        /* inside the MMIO BAR */
            for (size_t j = i + 1; j < mvgpu_cmd_regs_len; j++) {
                const MvgpuCmdReg *b = &mvgpu_cmd_regs[j];
                uint32_t t = start_on(b, e);

                if (b->engines & (1u << e)) {
                    g_assert_true(end <= t || t + 4 * b->dwords <= s);
                }
            }
        }
    }
}

/* Every entry, at both ends, on each engine it names and on no other. */
static void test_verdicts(void)
{
    for (size_t i = 0; i < mvgpu_cmd_regs_len; i++) {
        const MvgpuCmdReg *r = &mvgpu_cmd_regs[i];

        for (unsigned e = 0; e < 4; e++) {
            uint32_t ends[2] = { start_on(r, e),
                                 start_on(r, e) + 4 * (r->dwords - 1) };

            for (int k = 0; k < 2; k++) {
                const char *name;
                bool on = r->engines & (1u << e);

                g_assert_cmpint(mvgpu_cmd_reg_allowed(ends[k], 1u << e, false,
                                                      false, &name), ==, on);
                if (!on) {
                    continue;
                }
                g_assert_cmpstr(name, ==, r->name);
                g_assert_cmpint(mvgpu_cmd_reg_allowed(ends[k], 1u << e, true,
                                                      true, &name), ==,
                                r->access >= MVGPU_CMD_REG_KERNEL);
                g_assert_cmpint(mvgpu_cmd_reg_allowed(ends[k], 1u << e, false,
                                                      true, &name), ==,
                                r->access == MVGPU_CMD_REG_USER);
                /* A misaligned operand is never a register. */
                g_assert_false(mvgpu_cmd_reg_allowed(ends[k] + 2, 1u << e,
                                                     true, false, &name));
            }
        }
    }
}

static void test_spot_checks(void)
{
    static const struct {
        uint32_t reg;
        unsigned engine;
        bool privileged, write, allowed;
    } cases[] = {
        { 0x2600, MVGPU_CMD_RCS, false, true, true },      /* RCS GPR0 */
        { 0x22600, MVGPU_CMD_BCS, false, true, true },     /* BCS GPR0 */
        { 0x2600, MVGPU_CMD_BCS, false, true, false },     /* RCS's, on BCS */
        { 0x22200, MVGPU_CMD_BCS, false, true, true },     /* BCS_SWCTRL */
        { 0x22200, MVGPU_CMD_RCS, true, true, false },
        { 0xe4f0, MVGPU_CMD_RCS, true, true, true },       /* ctx workaround */
        { 0xe4f0, MVGPU_CMD_RCS, false, true, false },
        { 0x2358, MVGPU_CMD_RCS, false, false, true },     /* TIMESTAMP */
        { 0x2358, MVGPU_CMD_RCS, true, true, false },
        { 0x941c, MVGPU_CMD_RCS, true, true, false },      /* GDRST */
        { 0x941c, MVGPU_CMD_RCS, true, false, false },
        { 0x2230, MVGPU_CMD_RCS, true, true, false },      /* ELSP */
        { 0xc800, MVGPU_CMD_VCS, true, true, true },       /* MOCS */
        /* What iris loads from its user batches on Gen9 (mesa-render). */
        { 0x20d8, MVGPU_CMD_RCS, false, true, true },      /* CS_DEBUG_MODE2 */
        { 0x20d8, MVGPU_CMD_BCS, false, true, false },
        { 0x7008, MVGPU_CMD_RCS, false, true, true },      /* GT_MODE */
        { 0x700c, MVGPU_CMD_RCS, false, true, false },
        /* Stream-output counters (iris's overflow query): read-only. */
        { 0x5200, MVGPU_CMD_RCS, false, false, true },     /* NUM_PRIMS_W0 */
        { 0x525c, MVGPU_CMD_RCS, false, false, true },     /* STORAGE_N3 hi */
        { 0x5240, MVGPU_CMD_RCS, false, true, false },
        { 0x5220, MVGPU_CMD_RCS, false, false, false },    /* the gap */
        { 0x7fffff & ~3u, MVGPU_CMD_RCS, true, false, false },
    };

    for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
        const char *name;

        g_test_message("case %zu: 0x%x", i, cases[i].reg);
        g_assert_cmpint(mvgpu_cmd_reg_allowed(cases[i].reg, cases[i].engine,
                                              cases[i].privileged,
                                              cases[i].write, &name), ==,
                        cases[i].allowed);
    }
}

/* Collects a command's register operands as "dw:w" / "dw:r" words. */
static bool collect(void *opaque, const uint32_t *c, unsigned dw, bool write)
{
    GString *s = opaque;

    g_string_append_printf(s, "%s%u:%c", s->len ? " " : "", dw,
                           write ? 'w' : 'r');
    return c[dw] != 0xdead;         /* refuses that register */
}

static void test_operands(void)
{
    static const struct {
        uint32_t cmd[8];
        uint32_t len;
        const char *operands;
        bool completed;
    } cases[] = {
        { { MB_MI_LOAD_REGISTER_IMM(3), 0x2000, 1, 0x2004, 2, 0x2008, 3 }, 7,
          "1:w 3:w 5:w", true },
        /* A register without its value: left out (the scan refuses it). */
        { { MVGPU_MI_LOAD_REGISTER_IMM | MB_LEN(4), 0x2000, 1, 0x2004 }, 4,
          "1:w", true },
        { { MB_LRM(0, 0x2600, 0x1000) }, 4, "1:w", true },
        { { MB_SRM(MB_MI_USE_GGTT, 0x2358, 0x1000) }, 4, "1:r", true },
        { { MB_MI_LOAD_REGISTER_REG, 0x2600, 0x2608 }, 3, "1:r 2:w", true },
        { { MB_PIPE_CONTROL_WRITE(MB_PC_MMIO_WRITE, 0xe4f0, 5, 0) }, 6, "2:w",
          true },
        { { MB_PIPE_CONTROL_WRITE(MB_PC_WRITE_IMM, 0xe4f0, 5, 0) }, 6, "",
          true },
        { { MB_STORE_DWORD_GGTT(0x2600, 1) }, 4, "", true },
        /* The callback stops the walk at the register it refuses. */
        { { MB_MI_LOAD_REGISTER_IMM(3), 0x2000, 1, 0xdead, 2, 0x2008, 3 }, 7,
          "1:w 3:w", false },
    };

    for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
        g_autoptr(GString) s = g_string_new("");
        bool done = mvgpu_cmd_reg_operands(cases[i].cmd, cases[i].len,
                                           collect, s);

        g_test_message("case %zu", i);
        g_assert_cmpstr(s->str, ==, cases[i].operands);
        g_assert_cmpint(done, ==, cases[i].completed);
    }
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/mvgpu/cmd-regs/well-formed", test_well_formed);
    g_test_add_func("/mvgpu/cmd-regs/verdicts", test_verdicts);
    g_test_add_func("/mvgpu/cmd-regs/spot-checks", test_spot_checks);
    g_test_add_func("/mvgpu/cmd-regs/operands", test_operands);
    return g_test_run();
}
