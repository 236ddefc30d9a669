/*
 * mvgpu core: the Gen9 command table. Commands as the Kaby Lake PRM
 * vol. 2a (Command Reference: Instructions) defines them, checked against
 * GVT-g's table (Linux drivers/gpu/drm/i915/gvt/cmd_parser.c, cmd_info[]).
 *
 * One descriptor per command the engines accept: how it is recognised,
 * how long it is, which engines take it, which dwords carry graphics
 * addresses, whether it is privileged and what the soft backend does
 * with it. A command that is not in the table is refused.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef MVGPU_CORE_CMD_H
#define MVGPU_CORE_CMD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "engines.h"

/* Engines, as bits: an engine's bit is 1 << its MvgpuEngineId. */
#define MVGPU_CMD_RCS       (1u << MVGPU_RCS)
#define MVGPU_CMD_VCS       (1u << MVGPU_VCS0)
#define MVGPU_CMD_VECS      (1u << MVGPU_VECS)
#define MVGPU_CMD_BCS       (1u << MVGPU_BCS)
#define MVGPU_CMD_ALL       ((1u << MVGPU_NENGINES) - 1)

/* Flags. */
#define MVGPU_CMD_PRIV      (1u << 0)   /* ring or privileged batch only */
#define MVGPU_CMD_A32       (1u << 2)   /* addresses are one dword, not two */

/*
 * DW0 keys. The command type is in bits 31:29; what identifies a command
 * within its type is a fixed bit field: the MI opcode in 28:23, the 2D
 * opcode in 28:22, and for 3D, media and video the pipeline type,
 * opcode and sub-opcode in 28:16.
 *
 * The same type-3 key can mean different commands on different engines
 * (media on RCS and MFX on VCS share pipeline 2 opcodes 0 and 1; MFX VP8
 * on VCS and VEBOX on VECS share opcode 4), so type-3 keys are looked up
 * per engine.
 */
#define MVGPU_CMD_MI(op)            ((uint32_t)(op) << 23)
#define MVGPU_CMD_2D(op)            (2u << 29 | (uint32_t)(op) << 22)
#define MVGPU_CMD_3D(pipe, op, sub) (3u << 29 | (uint32_t)(pipe) << 27 | \
                                     (uint32_t)(op) << 24 | \
                                     (uint32_t)(sub) << 16)
/* MFX/VEBOX spelling: opcode 26:24, sub-opcode A 23:21, B 20:16. */
#define MVGPU_CMD_MFX(pipe, op, a, b) \
    MVGPU_CMD_3D(pipe, op, (uint32_t)(a) << 5 | (uint32_t)(b))
/* VDBOX HCP/HuC/VDEnc/SFC spelling: pipeline 2, opcode 26:23, sub 22:16. */
#define MVGPU_CMD_VD(op, sub)       (3u << 29 | 2u << 27 | \
                                     (uint32_t)(op) << 23 | \
                                     (uint32_t)(sub) << 16)

#define MVGPU_CMD_MI_MASK   0xff800000u
#define MVGPU_CMD_2D_MASK   0xffc00000u
#define MVGPU_CMD_3D_MASK   0xffff0000u

/*
 * What the soft backend does with a command: soft.c has one handler per
 * operation (a unit test checks it), reached from the command's row.
 */
typedef enum MvgpuExecOp {
    MVGPU_EXEC_NONE,            /* accepted, skipped by length */
    MVGPU_EXEC_NOOP,
    MVGPU_EXEC_USER_INTERRUPT,
    MVGPU_EXEC_ARB_CHECK,
    MVGPU_EXEC_BATCH_BUFFER_END,
    MVGPU_EXEC_MATH,
    MVGPU_EXEC_SEMAPHORE_WAIT,
    MVGPU_EXEC_STORE_DATA_IMM,
    MVGPU_EXEC_STORE_DATA_INDEX,
    MVGPU_EXEC_LOAD_REGISTER_IMM,
    MVGPU_EXEC_STORE_REGISTER_MEM,
    MVGPU_EXEC_FLUSH_DW,
    MVGPU_EXEC_LOAD_REGISTER_MEM,
    MVGPU_EXEC_LOAD_REGISTER_REG,
    MVGPU_EXEC_COPY_MEM_MEM,
    MVGPU_EXEC_ATOMIC,
    MVGPU_EXEC_BATCH_BUFFER_START,
    MVGPU_EXEC_CONDITIONAL_BATCH_BUFFER_END,
    MVGPU_EXEC_PIPE_CONTROL,
    MVGPU_EXEC_BLIT,            /* the soft blitter (blit.c) */
    MVGPU_EXEC_STATE_BASE_ADDRESS,  /* GPGPU state and dispatch (eu-dispatch.c) */
    MVGPU_EXEC_MEDIA_VFE_STATE,
    MVGPU_EXEC_MEDIA_CURBE_LOAD,
    MVGPU_EXEC_MEDIA_INTERFACE_DESCRIPTOR_LOAD,
    MVGPU_EXEC_GPGPU_WALKER,
    MVGPU_EXEC_COUNT
} MvgpuExecOp;

typedef struct MvgpuCmdDesc {
    const char *name;
    uint32_t key;           /* DW0 under its type's mask */
    uint8_t engines;        /* MVGPU_CMD_RCS ... */
    uint8_t flags;          /* MVGPU_CMD_PRIV ... */
    uint8_t exec;           /* MvgpuExecOp */
    /*
     * Length in dwords: fixed when len_bits is 0, else (DW0 & field) + 2
     * with a field of len_bits bits. Either way it must lie within
     * [len_min, len_max] (len_max 0: whatever the field allows).
     */
    uint8_t len_bits;
    uint8_t n_addr;         /* entries in addr */
    uint16_t len_min, len_max;
    /*
     * Graphics addresses: the dwords that start one (two dwords, 48 bits
     * used, unless MVGPU_CMD_A32), ascending. Only fields inside the
     * command's actual length count.
     */
    const uint8_t *addr;
} MvgpuCmdDesc;

/* In a table entry: the address dwords, ascending (a compound literal). */
#define MVGPU_CMD_ADDRS(...) \
    .addr = (const uint8_t[]){ __VA_ARGS__ }, \
    .n_addr = sizeof((const uint8_t[]){ __VA_ARGS__ })

/* Gen8+ addresses: DW n holds bits 31:0, DW n+1 bits 15:0 hold 47:32. */
#define MVGPU_CMD_ADDR_HI_MASK  0xffffu

/* Dwords an address field of @d takes: one (MVGPU_CMD_A32) or two. */
static inline unsigned mvgpu_cmd_addr_dwords(const MvgpuCmdDesc *d)
{
    return d->flags & MVGPU_CMD_A32 ? 1 : 2;
}

/* Whether dword @dw of @d starts an address field. */
static inline bool mvgpu_cmd_addr_at(const MvgpuCmdDesc *d, unsigned dw)
{
    for (unsigned i = 0; i < d->n_addr && d->addr[i] <= dw; i++) {
        if (d->addr[i] == dw) {
            return true;
        }
    }
    return false;
}

/* The address in the field starting at @field. */
static inline uint64_t mvgpu_cmd_addr_get(const MvgpuCmdDesc *d,
                                          const uint32_t *field)
{
    return field[0] | (mvgpu_cmd_addr_dwords(d) == 2
                       ? (uint64_t)(field[1] & MVGPU_CMD_ADDR_HI_MASK) << 32
                       : 0);
}

/* Commands the scan follows or whose operands it audits. */
#define MVGPU_MI_BATCH_BUFFER_END       MVGPU_CMD_MI(0x0a)
#define MVGPU_MI_BATCH_BUFFER_START     MVGPU_CMD_MI(0x31)
#define MVGPU_MI_LOAD_REGISTER_IMM      MVGPU_CMD_MI(0x22)
#define MVGPU_MI_STORE_REGISTER_MEM     MVGPU_CMD_MI(0x24)
#define MVGPU_MI_LOAD_REGISTER_MEM      MVGPU_CMD_MI(0x29)
#define MVGPU_MI_LOAD_REGISTER_REG      MVGPU_CMD_MI(0x2a)
#define MVGPU_PIPE_CONTROL              MVGPU_CMD_3D(3, 2, 0)

/* The decoded identity of one command. */
typedef struct MvgpuCmd {
    const MvgpuCmdDesc *desc;   /* NULL: not in the table */
    uint32_t len;               /* its length in dwords; 0 if unknown */
} MvgpuCmd;

/* Why a command was refused; MVGPU_CMD_OK when it was not. */
typedef enum MvgpuCmdVerdict {
    MVGPU_CMD_OK,
    MVGPU_CMD_UNKNOWN,          /* not in the table */
    MVGPU_CMD_BAD_ENGINE,       /* not accepted on this engine */
    MVGPU_CMD_BAD_LENGTH,       /* length outside what the command allows */
    MVGPU_CMD_PRIVILEGED,       /* privileged command in an unprivileged batch */
} MvgpuCmdVerdict;

/*
 * Looks up and checks DW0 for @engine_bit (one MVGPU_CMD_RCS ... bit);
 * fills @cmd whenever it can. A command known only on other engines is
 * MVGPU_CMD_BAD_ENGINE, with the descriptor of the first of them.
 */
MvgpuCmdVerdict mvgpu_cmd_decode(uint32_t dw0, unsigned engine_bit,
                                 bool privileged, MvgpuCmd *cmd);
/* The command DW0 is on @engine_bit; NULL if that engine has none. */
const MvgpuCmdDesc *mvgpu_cmd_lookup_on(uint32_t dw0, unsigned engine_bit);
/*
 * The command DW0 is on the first engine that has one, in the order RCS,
 * VCS, VECS, BCS. Where the engine is known, use mvgpu_cmd_lookup_on().
 */
const MvgpuCmdDesc *mvgpu_cmd_lookup(uint32_t dw0);
/* The command's length from DW0, unchecked; 0 for an unknown type. */
uint32_t mvgpu_cmd_length(const MvgpuCmdDesc *d, uint32_t dw0);
const char *mvgpu_cmd_verdict_str(MvgpuCmdVerdict v);
/* A printable name: the table's, or "unknown" with the type. */
const char *mvgpu_cmd_name_on(uint32_t dw0, unsigned engine_bit);
/* The same for the first engine that has the command (see lookup). */
const char *mvgpu_cmd_name(uint32_t dw0);

/* The tables, for tests and the decoder tool: MI and 2D; 3D, media, video. */
extern const MvgpuCmdDesc mvgpu_cmd_table[];
extern const size_t mvgpu_cmd_table_len;
extern const MvgpuCmdDesc mvgpu_cmd_table_3d[];
extern const size_t mvgpu_cmd_table_3d_len;

#endif
