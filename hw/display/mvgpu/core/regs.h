/*
 * mvgpu core: the register model.
 *
 * The register file is a plain array of 32-bit values covering the 2 MiB
 * MMIO window. A platform describes the registers that are not plain storage
 * with a table of descriptors: where they are, what they reset to, which bits
 * are read-only or write-1-to-clear, whether they are "masked" (bits 31:16
 * enable writes to bits 15:0), and, only for registers with side effects, a
 * read or write handler.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef MVGPU_CORE_REGS_H
#define MVGPU_CORE_REGS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct MvgpuCore MvgpuCore;

/* Returns the value the guest reads at @offset (a dword offset in bytes). */
typedef uint32_t MvgpuRegReadFn(MvgpuCore *c, uint32_t offset);

/*
 * Runs after the write semantics of the descriptor have been applied and the
 * result stored. @raw is what the guest wrote, @old what was there before.
 */
typedef void MvgpuRegWriteFn(MvgpuCore *c, uint32_t offset, uint32_t raw,
                             uint32_t old);

enum {
    /* Bits 31:16 of a write select which of bits 15:0 change. */
    MVGPU_REG_MASKED   = 1u << 0,
    /* (Command-buffer access is cmd-regs.c's table, not a flag.) */
    /* Holds a graphics address. */
    MVGPU_REG_GMADR    = 1u << 2,
};

typedef struct MvgpuRegDesc {
    const char *name;
    uint32_t offset;        /* byte offset of the first dword */
    uint32_t size;          /* bytes covered; 4 for a single register */
    uint32_t reset;         /* reset value of every dword covered */
    uint32_t ro_mask;       /* bits guest writes never change */
    uint32_t w1c_mask;      /* bits a written 1 clears */
    uint32_t flags;         /* MVGPU_REG_* */
    MvgpuRegReadFn *read;
    MvgpuRegWriteFn *write;
} MvgpuRegDesc;

/* A platform's descriptors come in several tables, one per concern. */
typedef struct MvgpuRegTable {
    const MvgpuRegDesc *regs;
    size_t count;
} MvgpuRegTable;

#define MVGPU_REG_TABLE(array) { (array), sizeof(array) / sizeof((array)[0]) }

/* Table entries: one register, or a range of @sz bytes. */
#define MVGPU_REG(n, off, ...) \
    { .name = (n), .offset = (off), .size = 4, __VA_ARGS__ }
#define MVGPU_RANGE(n, off, sz, ...) \
    { .name = (n), .offset = (off), .size = (sz), __VA_ARGS__ }

/* Everything read-only. */
#define MVGPU_RO_ALL   0xffffffffu

typedef struct MvgpuRegFile {
    uint32_t *values;             /* MVGPU_MMIO_SIZE / 4 dwords */
    uint16_t *index;              /* per dword: descriptor number + 1, 0 = plain */
    const MvgpuRegDesc **descs;   /* descriptor number -> descriptor */
    size_t ndescs;
    uint8_t *unknown_seen;        /* bitmap: unknown dwords already logged */
} MvgpuRegFile;

/*
 * Builds the lookup index from the tables. Returns false and sets *msg if two
 * descriptors overlap or one leaves the window: a platform-table bug, caught
 * by the unit tests.
 */
bool mvgpu_regfile_init(MvgpuRegFile *rf, const MvgpuRegTable *const *tables,
                        size_t ntables, char **msg);
void mvgpu_regfile_destroy(MvgpuRegFile *rf);

/* Every described register to its reset value, everything else to 0. */
void mvgpu_regfile_reset(MvgpuRegFile *rf);

/* The descriptor covering a dword offset, or NULL for plain storage. */
static inline const MvgpuRegDesc *mvgpu_reg_desc(const MvgpuRegFile *rf,
                                                 uint32_t offset)
{
    uint16_t i = rf->index[offset >> 2];
    return i ? rf->descs[i - 1] : NULL;
}

/* The value a write of @raw over @old stores, by @d's semantics (d may be NULL). */
static inline uint32_t mvgpu_reg_apply_write(const MvgpuRegDesc *d,
                                             uint32_t old, uint32_t raw)
{
    uint32_t v = raw;

    if (!d) {
        return raw;
    }
    if (d->flags & MVGPU_REG_MASKED) {
        uint32_t en = raw >> 16;
        v = (old & ~en & 0xffff) | (raw & en & 0xffff);
    }
    if (d->w1c_mask) {
        v = (v & ~d->w1c_mask) | (old & ~raw & d->w1c_mask);
    }
    return (v & ~d->ro_mask) | (old & d->ro_mask);
}

/* Direct access to the stored value, for handlers and the core itself. */
static inline uint32_t *mvgpu_reg_ptr(MvgpuRegFile *rf, uint32_t offset)
{
    return &rf->values[offset >> 2];
}

#endif
