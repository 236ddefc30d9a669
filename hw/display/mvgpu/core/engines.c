/*
 * mvgpu core: the Gen9 GT2 engine table.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "engines.h"
#include "gen9-regs.h"
#include "irq.h"

const MvgpuEngineInfo mvgpu_engines[MVGPU_NENGINES] = {
    [MVGPU_RCS] = { "RCS", "rcs", RCS_BASE, MVGPU_IRQ_GT0, 0, 1u << 1 },
    [MVGPU_VCS0] = { "VCS0", "vcs", VCS0_BASE, MVGPU_IRQ_GT1, 0, 1u << 2 },
    [MVGPU_VECS] = { "VECS", "vecs", VECS_BASE, MVGPU_IRQ_GT3, 0, 1u << 4 },
    [MVGPU_BCS] = { "BCS", "bcs", BCS_BASE, MVGPU_IRQ_GT0, 16, 1u << 3 },
};

MvgpuEngineId mvgpu_engine_of_reg(uint32_t offset)
{
    for (int i = 0; i < MVGPU_NENGINES; i++) {
        if ((offset & ~0xfffu) == mvgpu_engines[i].base) {
            return i;
        }
    }
    return MVGPU_NENGINES;
}
