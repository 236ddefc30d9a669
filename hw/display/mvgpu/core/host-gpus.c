/*
 * mvgpu core: the Intel GPUs a host may have (host-gpus.h).
 *
 * Device ids and GT levels from Linux include/drm/i915_pciids.h
 * (INTEL_BDW_IDS ... INTEL_MTL_IDS); Gen9 is listed whole, the other
 * generations so that a refusal can name what the host has. GT1.5 parts
 * count as GT1: they have fewer EUs and threads than a GT2.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <glib.h>

#include "host-gpus.h"

static const MvgpuHostGpu host_gpus[] = {
    /* Gen8 */
    { 0x1602, 8, 1, "Broadwell GT1" }, { 0x1606, 8, 1, "Broadwell GT1" },
    { 0x160a, 8, 1, "Broadwell GT1" }, { 0x160b, 8, 1, "Broadwell GT1" },
    { 0x160d, 8, 1, "Broadwell GT1" }, { 0x160e, 8, 1, "Broadwell GT1" },
    { 0x1612, 8, 2, "Broadwell GT2" }, { 0x1616, 8, 2, "Broadwell GT2" },
    { 0x161a, 8, 2, "Broadwell GT2" }, { 0x161b, 8, 2, "Broadwell GT2" },
    { 0x161d, 8, 2, "Broadwell GT2" }, { 0x161e, 8, 2, "Broadwell GT2" },
    { 0x1622, 8, 3, "Broadwell GT3" }, { 0x1626, 8, 3, "Broadwell GT3" },
    { 0x162a, 8, 3, "Broadwell GT3" }, { 0x162b, 8, 3, "Broadwell GT3" },
    { 0x162d, 8, 3, "Broadwell GT3" }, { 0x162e, 8, 3, "Broadwell GT3" },
    { 0x1632, 8, 3, "Broadwell" }, { 0x1636, 8, 3, "Broadwell" },
    { 0x163a, 8, 3, "Broadwell" }, { 0x163b, 8, 3, "Broadwell" },
    { 0x163d, 8, 3, "Broadwell" }, { 0x163e, 8, 3, "Broadwell" },
    { 0x22b0, 8, 0, "Cherryview" }, { 0x22b1, 8, 0, "Cherryview" },
    { 0x22b2, 8, 0, "Cherryview" }, { 0x22b3, 8, 0, "Cherryview" },

    /* Gen9: Skylake */
    { 0x1902, 9, 1, "Skylake GT1" }, { 0x1906, 9, 1, "Skylake GT1" },
    { 0x190a, 9, 1, "Skylake GT1" }, { 0x190b, 9, 1, "Skylake GT1" },
    { 0x190e, 9, 1, "Skylake GT1" }, { 0x1913, 9, 1, "Skylake GT1.5" },
    { 0x1915, 9, 1, "Skylake GT1.5" }, { 0x1917, 9, 1, "Skylake GT1.5" },
    { 0x1912, 9, 2, "Skylake GT2" }, { 0x1916, 9, 2, "Skylake GT2" },
    { 0x191a, 9, 2, "Skylake GT2" }, { 0x191b, 9, 2, "Skylake GT2" },
    { 0x191d, 9, 2, "Skylake GT2" }, { 0x191e, 9, 2, "Skylake GT2" },
    { 0x1921, 9, 2, "Skylake GT2F" },
    { 0x1923, 9, 3, "Skylake GT3" }, { 0x1926, 9, 3, "Skylake GT3e" },
    { 0x1927, 9, 3, "Skylake GT3e" }, { 0x192a, 9, 3, "Skylake GT3" },
    { 0x192b, 9, 3, "Skylake GT3e" }, { 0x192d, 9, 3, "Skylake GT3e" },
    { 0x1932, 9, 4, "Skylake GT4" }, { 0x193a, 9, 4, "Skylake GT4e" },
    { 0x193b, 9, 4, "Skylake GT4e" }, { 0x193d, 9, 4, "Skylake GT4e" },

    /* Gen9 LP: Broxton / Apollo Lake, Gemini Lake */
    { 0x0a84, 9, 0, "Broxton" }, { 0x1a84, 9, 0, "Broxton" },
    { 0x1a85, 9, 0, "Broxton" }, { 0x5a84, 9, 0, "Apollo Lake" },
    { 0x5a85, 9, 0, "Apollo Lake" },
    { 0x3184, 9, 0, "Gemini Lake" }, { 0x3185, 9, 0, "Gemini Lake" },

    /* Gen9: Kaby Lake, Amber Lake */
    { 0x5902, 9, 1, "Kaby Lake GT1" }, { 0x5906, 9, 1, "Kaby Lake GT1" },
    { 0x5908, 9, 1, "Kaby Lake GT1" }, { 0x590a, 9, 1, "Kaby Lake GT1" },
    { 0x590b, 9, 1, "Kaby Lake GT1" }, { 0x590e, 9, 1, "Kaby Lake GT1" },
    { 0x5913, 9, 1, "Kaby Lake GT1.5" }, { 0x5915, 9, 1, "Kaby Lake GT1.5" },
    { 0x5912, 9, 2, "Kaby Lake GT2" }, { 0x5916, 9, 2, "Kaby Lake GT2" },
    { 0x5917, 9, 2, "Kaby Lake GT2" }, { 0x591a, 9, 2, "Kaby Lake GT2" },
    { 0x591b, 9, 2, "Kaby Lake GT2" }, { 0x591d, 9, 2, "Kaby Lake GT2" },
    { 0x591e, 9, 2, "Kaby Lake GT2" }, { 0x5921, 9, 2, "Kaby Lake GT2F" },
    { 0x5923, 9, 3, "Kaby Lake GT3" }, { 0x5926, 9, 3, "Kaby Lake GT3" },
    { 0x5927, 9, 3, "Kaby Lake GT3" }, { 0x593b, 9, 4, "Kaby Lake GT4" },
    { 0x591c, 9, 2, "Amber Lake GT2" }, { 0x87c0, 9, 2, "Amber Lake GT2" },
    { 0x87ca, 9, 2, "Amber Lake GT2" },

    /* Gen9: Coffee Lake, Whiskey Lake */
    { 0x3e90, 9, 1, "Coffee Lake GT1" }, { 0x3e93, 9, 1, "Coffee Lake GT1" },
    { 0x3e99, 9, 1, "Coffee Lake GT1" }, { 0x3e9c, 9, 1, "Coffee Lake GT1" },
    { 0x3e91, 9, 2, "Coffee Lake GT2" }, { 0x3e92, 9, 2, "Coffee Lake GT2" },
    { 0x3e94, 9, 2, "Coffee Lake GT2" }, { 0x3e96, 9, 2, "Coffee Lake GT2" },
    { 0x3e98, 9, 2, "Coffee Lake GT2" }, { 0x3e9a, 9, 2, "Coffee Lake GT2" },
    { 0x3e9b, 9, 2, "Coffee Lake GT2" }, { 0x3ea9, 9, 2, "Coffee Lake GT2" },
    { 0x3ea5, 9, 3, "Coffee Lake GT3" }, { 0x3ea6, 9, 3, "Coffee Lake GT3" },
    { 0x3ea7, 9, 3, "Coffee Lake GT3" }, { 0x3ea8, 9, 3, "Coffee Lake GT3" },
    { 0x3ea1, 9, 1, "Whiskey Lake GT1" }, { 0x3ea4, 9, 1, "Whiskey Lake GT1" },
    { 0x3ea0, 9, 2, "Whiskey Lake GT2" }, { 0x3ea3, 9, 2, "Whiskey Lake GT2" },
    { 0x3ea2, 9, 3, "Whiskey Lake GT3" },

    /* Gen9: Comet Lake */
    { 0x9b21, 9, 1, "Comet Lake GT1" }, { 0x9ba2, 9, 1, "Comet Lake GT1" },
    { 0x9ba4, 9, 1, "Comet Lake GT1" }, { 0x9ba5, 9, 1, "Comet Lake GT1" },
    { 0x9ba8, 9, 1, "Comet Lake GT1" }, { 0x9baa, 9, 1, "Comet Lake GT1" },
    { 0x9bac, 9, 1, "Comet Lake GT1" },
    { 0x9b41, 9, 2, "Comet Lake GT2" }, { 0x9bc2, 9, 2, "Comet Lake GT2" },
    { 0x9bc4, 9, 2, "Comet Lake GT2" }, { 0x9bc5, 9, 2, "Comet Lake GT2" },
    { 0x9bc6, 9, 2, "Comet Lake GT2" }, { 0x9bc8, 9, 2, "Comet Lake GT2" },
    { 0x9bca, 9, 2, "Comet Lake GT2" }, { 0x9bcc, 9, 2, "Comet Lake GT2" },
    { 0x9be6, 9, 2, "Comet Lake GT2" }, { 0x9bf6, 9, 2, "Comet Lake GT2" },

    /* Gen10: Cannon Lake */
    { 0x5a40, 10, 2, "Cannon Lake" }, { 0x5a41, 10, 2, "Cannon Lake" },
    { 0x5a42, 10, 2, "Cannon Lake" }, { 0x5a44, 10, 2, "Cannon Lake" },
    { 0x5a49, 10, 2, "Cannon Lake" }, { 0x5a4a, 10, 2, "Cannon Lake" },
    { 0x5a4c, 10, 2, "Cannon Lake" }, { 0x5a50, 10, 2, "Cannon Lake" },
    { 0x5a51, 10, 2, "Cannon Lake" }, { 0x5a52, 10, 2, "Cannon Lake" },
    { 0x5a54, 10, 2, "Cannon Lake" }, { 0x5a59, 10, 2, "Cannon Lake" },
    { 0x5a5a, 10, 2, "Cannon Lake" }, { 0x5a5c, 10, 2, "Cannon Lake" },

    /* Gen11: Ice Lake, Elkhart Lake, Jasper Lake */
    { 0x8a50, 11, 2, "Ice Lake" }, { 0x8a51, 11, 2, "Ice Lake" },
    { 0x8a52, 11, 2, "Ice Lake" }, { 0x8a53, 11, 2, "Ice Lake" },
    { 0x8a54, 11, 2, "Ice Lake" }, { 0x8a56, 11, 2, "Ice Lake" },
    { 0x8a57, 11, 2, "Ice Lake" }, { 0x8a58, 11, 2, "Ice Lake" },
    { 0x8a59, 11, 2, "Ice Lake" }, { 0x8a5a, 11, 2, "Ice Lake" },
    { 0x8a5b, 11, 2, "Ice Lake" }, { 0x8a5c, 11, 2, "Ice Lake" },
    { 0x8a5d, 11, 2, "Ice Lake" }, { 0x8a70, 11, 2, "Ice Lake" },
    { 0x8a71, 11, 2, "Ice Lake" },
    { 0x4541, 11, 0, "Elkhart Lake" }, { 0x4551, 11, 0, "Elkhart Lake" },
    { 0x4555, 11, 0, "Elkhart Lake" }, { 0x4557, 11, 0, "Elkhart Lake" },
    { 0x4570, 11, 0, "Elkhart Lake" }, { 0x4571, 11, 0, "Elkhart Lake" },
    { 0x4e51, 11, 0, "Jasper Lake" }, { 0x4e55, 11, 0, "Jasper Lake" },
    { 0x4e57, 11, 0, "Jasper Lake" }, { 0x4e61, 11, 0, "Jasper Lake" },
    { 0x4e71, 11, 0, "Jasper Lake" },

    /* Gen12: Tiger Lake, Rocket Lake, DG1, Alder Lake, Raptor Lake, ... */
    { 0x9a40, 12, 2, "Tiger Lake" }, { 0x9a49, 12, 2, "Tiger Lake" },
    { 0x9a59, 12, 2, "Tiger Lake" }, { 0x9a60, 12, 1, "Tiger Lake" },
    { 0x9a68, 12, 1, "Tiger Lake" }, { 0x9a70, 12, 1, "Tiger Lake" },
    { 0x9a78, 12, 2, "Tiger Lake" }, { 0x9ac0, 12, 2, "Tiger Lake" },
    { 0x9ac9, 12, 2, "Tiger Lake" }, { 0x9ad9, 12, 2, "Tiger Lake" },
    { 0x9af8, 12, 2, "Tiger Lake" },
    { 0x4c80, 12, 1, "Rocket Lake" }, { 0x4c8a, 12, 1, "Rocket Lake" },
    { 0x4c8b, 12, 1, "Rocket Lake" }, { 0x4c8c, 12, 1, "Rocket Lake" },
    { 0x4c90, 12, 1, "Rocket Lake" }, { 0x4c9a, 12, 1, "Rocket Lake" },
    { 0x4905, 12, 1, "DG1" }, { 0x4906, 12, 1, "DG1" },
    { 0x4907, 12, 1, "DG1" }, { 0x4908, 12, 1, "DG1" },
    { 0x4909, 12, 1, "DG1" },
    { 0x4680, 12, 1, "Alder Lake-S" }, { 0x4682, 12, 1, "Alder Lake-S" },
    { 0x4688, 12, 1, "Alder Lake-S" }, { 0x468a, 12, 1, "Alder Lake-S" },
    { 0x468b, 12, 1, "Alder Lake-S" }, { 0x4690, 12, 1, "Alder Lake-S" },
    { 0x4692, 12, 1, "Alder Lake-S" }, { 0x4693, 12, 1, "Alder Lake-S" },
    { 0x4626, 12, 2, "Alder Lake-P" }, { 0x4628, 12, 2, "Alder Lake-P" },
    { 0x462a, 12, 2, "Alder Lake-P" }, { 0x46a0, 12, 2, "Alder Lake-P" },
    { 0x46a1, 12, 2, "Alder Lake-P" }, { 0x46a2, 12, 2, "Alder Lake-P" },
    { 0x46a3, 12, 2, "Alder Lake-P" }, { 0x46a6, 12, 2, "Alder Lake-P" },
    { 0x46a8, 12, 2, "Alder Lake-P" }, { 0x46aa, 12, 2, "Alder Lake-P" },
    { 0x46b0, 12, 2, "Alder Lake-P" }, { 0x46b1, 12, 2, "Alder Lake-P" },
    { 0x46b2, 12, 2, "Alder Lake-P" }, { 0x46b3, 12, 2, "Alder Lake-P" },
    { 0x46c0, 12, 2, "Alder Lake-P" }, { 0x46c1, 12, 2, "Alder Lake-P" },
    { 0x46c2, 12, 2, "Alder Lake-P" }, { 0x46c3, 12, 2, "Alder Lake-P" },
    { 0x46d0, 12, 0, "Alder Lake-N" }, { 0x46d1, 12, 0, "Alder Lake-N" },
    { 0x46d2, 12, 0, "Alder Lake-N" }, { 0x46d3, 12, 0, "Alder Lake-N" },
    { 0x46d4, 12, 0, "Alder Lake-N" },
    { 0xa780, 12, 1, "Raptor Lake-S" }, { 0xa781, 12, 1, "Raptor Lake-S" },
    { 0xa782, 12, 1, "Raptor Lake-S" }, { 0xa783, 12, 1, "Raptor Lake-S" },
    { 0xa788, 12, 1, "Raptor Lake-S" }, { 0xa789, 12, 1, "Raptor Lake-S" },
    { 0xa78a, 12, 1, "Raptor Lake-S" }, { 0xa78b, 12, 1, "Raptor Lake-S" },
    { 0xa720, 12, 2, "Raptor Lake-P" }, { 0xa7a0, 12, 2, "Raptor Lake-P" },
    { 0xa7a8, 12, 2, "Raptor Lake-P" }, { 0xa7aa, 12, 2, "Raptor Lake-P" },
    { 0xa7ab, 12, 2, "Raptor Lake-P" },
    { 0xa721, 12, 2, "Raptor Lake-U" }, { 0xa7a1, 12, 2, "Raptor Lake-U" },
    { 0xa7a9, 12, 2, "Raptor Lake-U" }, { 0xa7ac, 12, 2, "Raptor Lake-U" },
    { 0xa7ad, 12, 2, "Raptor Lake-U" },
    { 0x5690, 12, 2, "DG2 (Arc)" }, { 0x5691, 12, 2, "DG2 (Arc)" },
    { 0x5692, 12, 2, "DG2 (Arc)" }, { 0x5693, 12, 2, "DG2 (Arc)" },
    { 0x5694, 12, 2, "DG2 (Arc)" }, { 0x5695, 12, 2, "DG2 (Arc)" },
    { 0x5696, 12, 2, "DG2 (Arc)" }, { 0x5697, 12, 2, "DG2 (Arc)" },
    { 0x56a0, 12, 2, "DG2 (Arc)" }, { 0x56a1, 12, 2, "DG2 (Arc)" },
    { 0x56a2, 12, 2, "DG2 (Arc)" }, { 0x56a3, 12, 2, "DG2 (Arc)" },
    { 0x56a4, 12, 2, "DG2 (Arc)" }, { 0x56a5, 12, 2, "DG2 (Arc)" },
    { 0x56a6, 12, 2, "DG2 (Arc)" }, { 0x56b0, 12, 2, "DG2 (Arc)" },
    { 0x56b1, 12, 2, "DG2 (Arc)" }, { 0x56b2, 12, 2, "DG2 (Arc)" },
    { 0x56b3, 12, 2, "DG2 (Arc)" }, { 0x56ba, 12, 2, "DG2 (Arc)" },
    { 0x56bb, 12, 2, "DG2 (Arc)" }, { 0x56bc, 12, 2, "DG2 (Arc)" },
    { 0x56bd, 12, 2, "DG2 (Arc)" }, { 0x56be, 12, 2, "DG2 (Arc)" },
    { 0x56bf, 12, 2, "DG2 (Arc)" },
    { 0x56c0, 12, 2, "Arctic Sound-M" }, { 0x56c1, 12, 2, "Arctic Sound-M" },
    { 0x56c2, 12, 2, "Arctic Sound-M" },
    { 0x7d40, 12, 2, "Meteor Lake" }, { 0x7d45, 12, 2, "Meteor Lake" },
    { 0x7d55, 12, 2, "Meteor Lake" }, { 0x7d60, 12, 2, "Meteor Lake" },
    { 0x7dd5, 12, 2, "Meteor Lake" },
    { 0x7d41, 12, 2, "Arrow Lake" }, { 0x7d51, 12, 2, "Arrow Lake" },
    { 0x7d67, 12, 2, "Arrow Lake" }, { 0x7dd1, 12, 2, "Arrow Lake" },
    { 0xb640, 12, 2, "Arrow Lake" },
};

const MvgpuHostGpu *mvgpu_host_gpu_find(uint16_t id)
{
    for (size_t i = 0; i < G_N_ELEMENTS(host_gpus); i++) {
        if (host_gpus[i].id == id) {
            return &host_gpus[i];
        }
    }
    return NULL;
}

/*
 * The guest is shown a Gen9 GT2 and its driver and Mesa size their work
 * for one: URB allocations from the L3 of 4 banks, thread counts for 24
 * EUs (Mesa src/intel/dev/intel_device_info.c, intel_device_info_kbl_gt2
 * beside _gt1, _gt1_5 and GFX9_LP_FEATURES). A larger Gen9 runs that as
 * written; a smaller one or another generation does not.
 */
bool mvgpu_host_gpu_usable(const MvgpuHostGpu *gpu, const char **why)
{
    if (gpu->gen < 9) {
        *why = "Gen8 and older GPUs lack Gen9's commands and EU "
               "instructions, which the guest's driver and Mesa emit for "
               "the Gen9 GPU the guest is shown";
        return false;
    }
    if (gpu->gen > 9) {
        *why = "Gen10 and later GPUs changed the command formats, the "
               "context image and the EU instruction set, so the guest's "
               "Gen9 batches and shaders do not run on them";
        return false;
    }
    if (gpu->gt == 0) {
        *why = "a Gen9 LP GPU has fewer EUs and threads and a smaller URB "
               "than the Gen9 GT2 the guest is shown, whose batches are "
               "sized for that GT2";
        return false;
    }
    if (gpu->gt < 2) {
        *why = "a Gen9 GT1 or GT1.5 has fewer EUs and threads (GT1 also "
               "half the L3) than the GT2 the guest is shown, whose "
               "batches are sized for that GT2";
        return false;
    }
    return true;
}
