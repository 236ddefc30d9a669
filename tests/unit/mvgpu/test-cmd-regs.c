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
                bool listed = mvgpu_cmd_reg_allowed(ends[k], 1u << e, false,
                                                    false, &name);

                if (!on) {
                    /* Another entry may list that engine's (INSTPM). */
                    g_assert_true(!listed || g_strcmp0(name, r->name));
                    continue;
                }
                g_assert_true(listed);
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
        { 0x5240, MVGPU_CMD_RCS, false, true, true },      /* and loads */
        { 0x5220, MVGPU_CMD_RCS, false, false, false },    /* the gap */
        { 0x7fffff & ~3u, MVGPU_CMD_RCS, true, false, false },
        /* Render INSTPM is the user's; the other engines' stay kernel's. */
        { 0x20c0, MVGPU_CMD_RCS, false, true, true },
        { 0x220c0, MVGPU_CMD_BCS, false, true, false },
        { 0x220c0, MVGPU_CMD_BCS, true, true, true },
        /* COMMON_SLICE_CHICKEN2 is; its neighbours stay kernel's. */
        { 0x7010, MVGPU_CMD_RCS, false, true, false },
        { 0x7018, MVGPU_CMD_RCS, false, true, false },
        { 0x7018, MVGPU_CMD_RCS, true, true, true },
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

/*
 * Every register IGT's tests/i915/gem_ctx_isolation.c (nonpriv_registers[],
 * the entries whose generation mask has Gen9) stores from, loads from
 * memory and loads immediately in a user batch: each must be readable and
 * writable from a PPGTT batch, or the audit refuses the test's batches.
 * Written from the IGT file, not from our table.
 */
static void test_igt_ctx_isolation(void)
{
    static const struct {
        const char *name;
        uint32_t offset;
        unsigned dwords;
        unsigned engines;
        bool relative;
    } regs[] = {
        { "INSTPM", 0x20c0, 1, MVGPU_CMD_RCS },
        { "IA_VERTICES_COUNT", 0x2310, 2, MVGPU_CMD_RCS },
        { "IA_PRIMITIVES_COUNT", 0x2318, 2, MVGPU_CMD_RCS },
        { "VS_INVOCATION_COUNT", 0x2320, 2, MVGPU_CMD_RCS },
        { "HS_INVOCATION_COUNT", 0x2300, 2, MVGPU_CMD_RCS },
        { "DS_INVOCATION_COUNT", 0x2308, 2, MVGPU_CMD_RCS },
        { "GS_INVOCATION_COUNT", 0x2328, 2, MVGPU_CMD_RCS },
        { "GS_PRIMITIVES_COUNT", 0x2330, 2, MVGPU_CMD_RCS },
        { "CL_INVOCATION_COUNT", 0x2338, 2, MVGPU_CMD_RCS },
        { "CL_PRIMITIVES_COUNT", 0x2340, 2, MVGPU_CMD_RCS },
        { "PS_INVOCATION_COUNT_0", 0x22c8, 2, MVGPU_CMD_RCS },
        { "PS_DEPTH_COUNT_0", 0x22d8, 2, MVGPU_CMD_RCS },
        { "GPUGPU_DISPATCHDIMX", 0x2500, 1, MVGPU_CMD_RCS },
        { "GPUGPU_DISPATCHDIMY", 0x2504, 1, MVGPU_CMD_RCS },
        { "GPUGPU_DISPATCHDIMZ", 0x2508, 1, MVGPU_CMD_RCS },
        { "MI_PREDICATE_SRC0", 0x2400, 2, MVGPU_CMD_RCS },
        { "MI_PREDICATE_SRC1", 0x2408, 2, MVGPU_CMD_RCS },
        { "MI_PREDICATE_DATA", 0x2410, 2, MVGPU_CMD_RCS },
        { "MI_PRED_RESULT", 0x2418, 1, MVGPU_CMD_RCS },
        { "3DPRIM_END_OFFSET", 0x2420, 1, MVGPU_CMD_RCS },
        { "3DPRIM_START_VERTEX", 0x2430, 1, MVGPU_CMD_RCS },
        { "3DPRIM_VERTEX_COUNT", 0x2434, 1, MVGPU_CMD_RCS },
        { "3DPRIM_INSTANCE_COUNT", 0x2438, 1, MVGPU_CMD_RCS },
        { "3DPRIM_START_INSTANCE", 0x243c, 1, MVGPU_CMD_RCS },
        { "3DPRIM_BASE_VERTEX", 0x2440, 1, MVGPU_CMD_RCS },
        { "GPGPU_THREADS_DISPATCHED", 0x2290, 2, MVGPU_CMD_RCS },
        { "PS_INVOCATION_COUNT_1", 0x22f0, 2, MVGPU_CMD_RCS },
        { "PS_DEPTH_COUNT_1", 0x22f8, 2, MVGPU_CMD_RCS },
        { "BB_OFFSET", 0x2158, 1, MVGPU_CMD_RCS },
        { "MI_PREDICATE_RESULT_1", 0x241c, 1, MVGPU_CMD_RCS },
        { "OA_CTX_CONTROL", 0x2360, 1, MVGPU_CMD_RCS },
        { "OACTXID", 0x2364, 1, MVGPU_CMD_RCS },
        { "PS_INVOCATION_COUNT_2", 0x2448, 2, MVGPU_CMD_RCS },
        { "PS_DEPTH_COUNT_2", 0x2450, 2, MVGPU_CMD_RCS },
        { "Cache_Mode_0", 0x7000, 1, MVGPU_CMD_RCS },
        { "Cache_Mode_1", 0x7004, 1, MVGPU_CMD_RCS },
        { "GT_MODE", 0x7008, 1, MVGPU_CMD_RCS },
        { "L3_Config", 0x7034, 1, MVGPU_CMD_RCS },
        { "TD_CTL", 0xe400, 1, MVGPU_CMD_RCS },
        { "TD_CTL2", 0xe404, 1, MVGPU_CMD_RCS },
        { "SO_NUM_PRIMS_WRITTEN0-3", 0x5200, 8, MVGPU_CMD_RCS },
        { "SO_PRIM_STORAGE_NEEDED0-3", 0x5240, 8, MVGPU_CMD_RCS },
        { "SO_WRITE_OFFSET0-3", 0x5280, 4, MVGPU_CMD_RCS },
        { "CS_CHICKEN1", 0x2580, 1, MVGPU_CMD_RCS },
        { "COMMON_SLICE_CHICKEN2", 0x7014, 1, MVGPU_CMD_RCS },
        { "HDC_CHICKEN1", 0x7304, 1, MVGPU_CMD_RCS },
        { "BCS_SWCTRL", 0x22200, 1, MVGPU_CMD_BCS },
        { "xCS_GPR", 0x600, 32, MVGPU_CMD_ALL, true },
    };

    for (size_t i = 0; i < G_N_ELEMENTS(regs); i++) {
        for (unsigned e = 0; e < 4; e++) {
            uint32_t base = regs[i].relative ? mvgpu_engines[e].base : 0;

            if (!(regs[i].engines & (1u << e))) {
                continue;
            }
            for (unsigned d = 0; d < regs[i].dwords; d++) {
                uint32_t reg = base + regs[i].offset + 4 * d;
                const char *name;

                g_test_message("%s on %s: 0x%x", regs[i].name,
                               mvgpu_engines[e].name, reg);
                g_assert_true(mvgpu_cmd_reg_allowed(reg, 1u << e, false,
                                                    false, &name));
                g_assert_true(mvgpu_cmd_reg_allowed(reg, 1u << e, false,
                                                    true, &name));
            }
        }
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
    g_test_add_func("/mvgpu/cmd-regs/igt-ctx-isolation",
                    test_igt_ctx_isolation);
    g_test_add_func("/mvgpu/cmd-regs/operands", test_operands);
    return g_test_run();
}
