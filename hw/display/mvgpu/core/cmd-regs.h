/*
 * mvgpu core: which registers command buffers may load and store
 * (MI_LOAD_REGISTER_IMM/MEM/REG, MI_STORE_REGISTER_MEM), the check GVT-g
 * makes in Linux drivers/gpu/drm/i915/gvt/cmd_parser.c, cmd_reg_handler().
 *
 * One table of register ranges, each with the engines it applies to and
 * who may write it: the kernel (the ring and GGTT batches), or user
 * batches too (PPGTT batches: what Gen9 lets non-privileged batches load,
 * the registers Mesa and the media driver program). Every listed register
 * may be read by SRM and as an LRR source; a few more are read-only
 * (statistics counters, timestamps). Anything else is refused by the scan.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef MVGPU_CORE_CMD_REGS_H
#define MVGPU_CORE_CMD_REGS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Who may write a register from a command buffer. */
typedef enum MvgpuCmdRegAccess {
    MVGPU_CMD_REG_READ = 1,     /* SRM / LRR source only */
    MVGPU_CMD_REG_KERNEL,       /* and LRI/LRM/LRR from privileged streams */
    MVGPU_CMD_REG_USER,         /* and from PPGTT (user) batches too */
} MvgpuCmdRegAccess;

typedef struct MvgpuCmdReg {
    const char *name;
    uint32_t offset;            /* absolute, or from each engine's base */
    uint16_t dwords;
    uint8_t engines;            /* MVGPU_CMD_RCS ... */
    bool per_engine;            /* offset is relative to the engine's base */
    MvgpuCmdRegAccess access;
} MvgpuCmdReg;

/* The register offset an LRI/LRM/SRM/LRR operand dword names. */
#define MVGPU_CMD_REG_OFFSET(dw)    ((dw) & 0x7ffffcu)

/*
 * The register operands of the command at @c (@len dwords, as the command
 * table measured it), in order: each register MI_LOAD_REGISTER_IMM loads
 * (a register without its value is left out: the scan refuses that form),
 * MI_LOAD_REGISTER_MEM's (written), MI_STORE_REGISTER_MEM's (read),
 * MI_LOAD_REGISTER_REG's source (read) and destination (written), and the
 * register of PIPE_CONTROL's LRI post-sync (written). @fn gets the dword
 * that names each; when it returns false the walk stops and so does this,
 * returning false.
 */
typedef bool (*MvgpuCmdRegFn)(void *opaque, const uint32_t *c, unsigned dw,
                              bool write);
bool mvgpu_cmd_reg_operands(const uint32_t *c, uint32_t len,
                            MvgpuCmdRegFn fn, void *opaque);

/*
 * May a command on @engine_bit read (@write false) or write register
 * @reg, from a privileged stream or not? Sets *@name to the table's name
 * when the register is listed (NULL otherwise).
 */
bool mvgpu_cmd_reg_allowed(uint32_t reg, unsigned engine_bit, bool privileged,
                           bool write, const char **name);

extern const MvgpuCmdReg mvgpu_cmd_regs[];
extern const size_t mvgpu_cmd_regs_len;

#endif
