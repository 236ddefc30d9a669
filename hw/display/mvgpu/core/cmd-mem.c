/*
 * mvgpu core: the memory operands of commands, as a table.
 *
 * Facts per command (Gen9): the dword where the 48-bit address starts, its
 * alignment, the bit that selects the global GTT, the bit that makes the
 * address an offset in the status page ("store index"), the field that
 * says whether a post-sync operation happens at all, and how many bytes
 * are accessed.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <glib.h>

#include "cmd-mem.h"
#include "cmd.h"

/* One bit (or field) of a command: dword and mask; mask 0 is "none". */
typedef struct CmdBit {
    uint8_t dw;
    uint32_t mask;
} CmdBit;

/* How an operand's size is given. */
typedef enum MemSize {
    SIZE_FIXED,                 /* @bytes */
    SIZE_DATA,                  /* the dwords from DW @bytes to the end */
    SIZE_ATOMIC,                /* MI_ATOMIC: 4 << DW0 bits 20:19 */
    /* Post-sync: op 1 writes the data dwords from DW @bytes, others a qword. */
    SIZE_POST_SYNC,
} MemSize;

typedef struct MemRule {
    const char *name;           /* for tests: which rule */
    uint32_t key, mask;         /* DW0 & mask == key */
    uint8_t min_len;            /* shorter forms have no operand */
    uint8_t addr_dw;            /* DW n: address 31:0, DW n+1 15:0: 47:32 */
    uint8_t align;              /* low address bits that are not address */
    uint8_t access;             /* MVGPU_MEM_READ / MVGPU_MEM_WRITE */
    uint8_t size;               /* MemSize */
    uint8_t bytes;              /* SIZE_FIXED: bytes; SIZE_DATA: first DW */
    CmdBit present;             /* nonzero: the operand exists (post-sync) */
    CmdBit ggtt;                /* set: global GTT (privileged only) */
    CmdBit index;               /* set: status page offset (privileged only) */
    /* Always a status page offset (privileged), one dword wide. */
    bool always_index;
} MemRule;

#define MI(op)              MVGPU_CMD_MI(op), MVGPU_CMD_MI_MASK
#define DW0_GGTT            { 0, 1u << 22 }
#define POST_SYNC_OP(dw)    { dw, 3u << 14 }
#define POST_SYNC_WRITE_IMM (1u << 14)

static const MemRule mem_rules[] = {
    { "MI_STORE_DATA_IMM", MI(0x20), 4, 1, 4, MVGPU_MEM_WRITE,
      SIZE_DATA, 3, .ggtt = DW0_GGTT },
    { "MI_STORE_DATA_INDEX", MI(0x21), 3, 1, 4, MVGPU_MEM_WRITE,
      SIZE_DATA, 2, .always_index = true },
    { "MI_STORE_REGISTER_MEM", MI(0x24), 4, 2, 4, MVGPU_MEM_WRITE,
      SIZE_FIXED, 4, .ggtt = DW0_GGTT },
    { "MI_LOAD_REGISTER_MEM", MI(0x29), 4, 2, 4, MVGPU_MEM_READ,
      SIZE_FIXED, 4, .ggtt = DW0_GGTT },
    /* Post-sync op in DW0 15:14; DW1 bit 2 is the destination type. */
    { "MI_FLUSH_DW", MI(0x26), 4, 1, 8, MVGPU_MEM_WRITE,
      SIZE_POST_SYNC, 3, .present = POST_SYNC_OP(0), .ggtt = { 1, 1u << 2 },
      .index = { 0, 1u << 21 } },
    /* Destination DW1 (GGTT bit 22), source DW3 (GGTT bit 21). */
    { "MI_COPY_MEM_MEM dst", MI(0x2e), 5, 1, 4, MVGPU_MEM_WRITE,
      SIZE_FIXED, 4, .ggtt = DW0_GGTT },
    { "MI_COPY_MEM_MEM src", MI(0x2e), 5, 3, 4, MVGPU_MEM_READ,
      SIZE_FIXED, 4, .ggtt = { 0, 1u << 21 } },
    { "MI_ATOMIC", MI(0x2f), 3, 1, 4, MVGPU_MEM_READ | MVGPU_MEM_WRITE,
      SIZE_ATOMIC, 0, .ggtt = DW0_GGTT },
    { "MI_SEMAPHORE_WAIT", MI(0x1c), 4, 2, 4, MVGPU_MEM_READ,
      SIZE_FIXED, 4, .ggtt = DW0_GGTT },
    { "MI_CONDITIONAL_BATCH_BUFFER_END", MI(0x36), 4, 2, 4, MVGPU_MEM_READ,
      SIZE_FIXED, 4, .ggtt = DW0_GGTT },
    /* Post-sync op in DW1 15:14: a qword (data, depth count, timestamp). */
    { "PIPE_CONTROL", MVGPU_PIPE_CONTROL, MVGPU_CMD_3D_MASK, 6, 2, 4,
      MVGPU_MEM_WRITE, SIZE_FIXED, 8, .present = POST_SYNC_OP(1),
      .ggtt = { 1, 1u << 24 }, .index = { 1, 1u << 21 } },
};

static bool bit_set(const uint32_t *c, uint32_t len, CmdBit b)
{
    return b.mask && b.dw < len && (c[b.dw] & b.mask);
}

unsigned mvgpu_cmd_mem_operands(const uint32_t *c, uint32_t len,
                                bool privileged,
                                MvgpuMemOperand ops[MVGPU_MEM_MAX_OPERANDS])
{
    unsigned n = 0;

    if (!mvgpu_cmd_may_access_memory(c[0])) {
        return 0;
    }
    for (size_t i = 0; i < G_N_ELEMENTS(mem_rules) &&
                       n < MVGPU_MEM_MAX_OPERANDS; i++) {
        const MemRule *r = &mem_rules[i];
        MvgpuMemOperand *op;

        if ((c[0] & r->mask) != r->key || len < r->min_len ||
            (r->present.mask && !bit_set(c, len, r->present))) {
            continue;
        }
        op = &ops[n++];
        op->access = r->access;
        op->addr = c[r->addr_dw];
        if (!r->always_index) {
            op->addr |= (uint64_t)(c[r->addr_dw + 1] &
                                   MVGPU_CMD_ADDR_HI_MASK) << 32;
        }
        op->addr &= ~(uint64_t)(r->align - 1);
        switch (r->size) {
        case SIZE_DATA:
            op->bytes = 4 * (len - r->bytes);
            break;
        case SIZE_ATOMIC:
            op->bytes = 4u << ((c[0] >> 19) & 3);
            break;
        case SIZE_POST_SYNC:
            op->bytes = (c[r->present.dw] & r->present.mask) ==
                        POST_SYNC_WRITE_IMM ? 4 * (len - r->bytes) : 8;
            break;
        default:
            op->bytes = r->bytes;
            break;
        }
        op->space = MVGPU_MEM_PPGTT;
        if (privileged) {
            if (r->always_index || bit_set(c, len, r->index)) {
                op->space = MVGPU_MEM_HWSP;
                op->addr &= 0xfff;
            } else if (bit_set(c, len, r->ggtt)) {
                op->space = MVGPU_MEM_GGTT;
            }
        }
    }
    return n;
}

const char *mvgpu_mem_space_name(MvgpuMemSpace space)
{
    static const char *const names[] = {
        [MVGPU_MEM_PPGTT] = "PPGTT",
        [MVGPU_MEM_GGTT] = "GGTT",
        [MVGPU_MEM_HWSP] = "HWSP",
    };

    return space < G_N_ELEMENTS(names) ? names[space] : "?";
}
