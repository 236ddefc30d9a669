/*
 * mvgpu core: the memory operands of commands (those GVT-g audits: Linux
 * drivers/gpu/drm/i915/gvt/cmd_parser.c, cmd_address_audit()).
 *
 * Some commands read or write memory themselves: stores, register loads
 * and stores, post-sync writes, atomics, copies, semaphores and
 * conditional batch ends. Where the operand is, which address space it is
 * in, how many bytes it covers and whether it is read or written is
 * decoded in one place, from one table, for the scan (which checks that
 * every operand is guest RAM before the workload runs) and for the soft
 * backend (which performs the access).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef MVGPU_CORE_CMD_MEM_H
#define MVGPU_CORE_CMD_MEM_H

#include <stdbool.h>
#include <stdint.h>

#include "cmd.h"

/* Where an operand's address points. */
typedef enum MvgpuMemSpace {
    MVGPU_MEM_PPGTT,            /* the context's PPGTT */
    MVGPU_MEM_GGTT,             /* the global GTT */
    MVGPU_MEM_HWSP,             /* an offset in the context's status page */
} MvgpuMemSpace;

/* Access bits. */
#define MVGPU_MEM_READ      (1u << 0)
#define MVGPU_MEM_WRITE     (1u << 1)

/* One decoded operand. */
typedef struct MvgpuMemOperand {
    MvgpuMemSpace space;
    uint8_t access;             /* MVGPU_MEM_READ | MVGPU_MEM_WRITE */
    uint32_t bytes;
    uint64_t addr;              /* graphics address, or HWSP offset */
} MvgpuMemOperand;

/* No command has more memory operands than this. */
#define MVGPU_MEM_MAX_OPERANDS  2

/*
 * Whether the command DW0 begins can have memory operands: only MI
 * commands and PIPE_CONTROL do. Inline, for the scan's hot loop.
 */
static inline bool mvgpu_cmd_may_access_memory(uint32_t dw0)
{
    return (dw0 >> 29) == 0 ||
           (dw0 & MVGPU_CMD_3D_MASK) == MVGPU_PIPE_CONTROL;
}

/*
 * Decodes the memory operands of the command at @c (@len dwords, as the
 * command table measured it) into @ops; returns how many it has (0 for
 * commands without any, and for forms that do not access memory, such as
 * a PIPE_CONTROL without a post-sync write).
 *
 * @privileged: the command is in the ring or a GGTT batch. Only there do
 * the "use global GTT" and "store index" bits count; in a PPGTT (user)
 * batch the hardware ignores them and the access goes through the
 * context's PPGTT, so a user batch never reaches kernel memory.
 */
unsigned mvgpu_cmd_mem_operands(const uint32_t *c, uint32_t len,
                                bool privileged,
                                MvgpuMemOperand ops[MVGPU_MEM_MAX_OPERANDS]);

/* "PPGTT", "GGTT" or "HWSP", for log lines. */
const char *mvgpu_mem_space_name(MvgpuMemSpace space);

#endif
