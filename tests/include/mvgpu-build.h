/*
 * What the tests build for the GPU, in one place: command dwords, the
 * context image, context descriptors, the ELSP submission and the GGTT
 * entries. Used by the unit tests, the fuzz targets, the benchmarks and
 * the qtest, instead of opcodes and offsets typed again in each of them.
 *
 * The formats are the core's: opcodes and fields come from its headers
 * where they have them (cmd.h, blit.h, scan.h, lrc.h, gen9-regs.h,
 * core.h). The rest are facts from Linux
 * drivers/gpu/drm/i915/gt/intel_gpu_commands.h (MI_INSTR(), the MI_*,
 * PIPE_CONTROL_* and XY_* definitions), intel_lrc.h and
 * intel_execlists_submission.c (the descriptor bits), and
 * gen8_ppgtt.c / intel_gtt.h (the page-table entry bits). test-build.c
 * checks that every command here is what the core's command table
 * accepts, at the length given.
 *
 * Plain C and glib, no QEMU header, no test host: memory and registers
 * are reached through an MbWriter, so the unit tests' fake host, a
 * fuzzer, a benchmark's RAM buffer and a qtest's qtest_writel() can all
 * stand behind it.
 *
 * Include path: the core's headers are named from the repository root
 * ("hw/display/mvgpu/core/..."), so the root must be on the include
 * path. The standalone meson build adds it (mvgpu_build_inc, with
 * tests/include). QEMU's build has its source root there already
 * (-iquote), and scripts/overlay.sh lays hw/display/mvgpu into that
 * tree at the same path and copies this file next to the qtest
 * (tests/qtest/), where it finds the same headers. Include it after
 * "qemu/osdep.h" there.
 *
 * The MB_* command macros are constant expressions, so they work in
 * static tables; a command of several dwords is a comma-separated list,
 * for an initializer or mb_put_list(). Their arguments may be evaluated
 * more than once: pass none with side effects.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef MVGPU_TEST_BUILD_H
#define MVGPU_TEST_BUILD_H

#include <glib.h>
#include <stddef.h>
#include <stdint.h>

#include "hw/display/mvgpu/core/blit.h"
#include "hw/display/mvgpu/core/cmd.h"
#include "hw/display/mvgpu/core/core.h"
#include "hw/display/mvgpu/core/gen9-regs.h"
#include "hw/display/mvgpu/core/lrc.h"
#include "hw/display/mvgpu/core/scan.h"

/* The two dwords of a Gen8+ 48-bit address. */
#define MB_LO(addr)     ((uint32_t)(uint64_t)(addr))
#define MB_HI(addr)     ((uint32_t)((uint64_t)(addr) >> 32))

/* The length field of a command of @n dwords. */
#define MB_LEN(n)       ((uint32_t)(n) - 2)

/* ---- MI commands: DW0s with their length */

#define MB_MI_NOOP                  MVGPU_CMD_MI(0x00)
#define MB_MI_USER_INTERRUPT        MVGPU_CMD_MI(0x02)
#define MB_MI_ARB_CHECK             MVGPU_CMD_MI(0x05)
#define MB_MI_BATCH_BUFFER_END      MVGPU_MI_BATCH_BUFFER_END
#define MB_MI_SET_CONTEXT           (MVGPU_CMD_MI(0x18) | MB_LEN(2))
/* MI_MATH of @n ALU instructions. */
#define MB_MI_MATH(n)               (MVGPU_CMD_MI(0x1a) | MB_LEN(1 + (n)))
#define MB_MI_SEMAPHORE_WAIT        (MVGPU_CMD_MI(0x1c) | MB_LEN(4))
#define MB_MI_STORE_DWORD_IMM       (MVGPU_CMD_MI(0x20) | MB_LEN(4))
#define MB_MI_STORE_QWORD_IMM       (MVGPU_CMD_MI(0x20) | MB_LEN(5))
#define MB_MI_STORE_DATA_INDEX      (MVGPU_CMD_MI(0x21) | MB_LEN(3))
#define MB_MI_STORE_QWORD_INDEX     (MVGPU_CMD_MI(0x21) | MB_LEN(4))
/* Loads @pairs (offset, value) pairs. */
#define MB_MI_LOAD_REGISTER_IMM(pairs) \
    (MVGPU_MI_LOAD_REGISTER_IMM | MB_LEN(1 + 2 * (pairs)))
#define MB_MI_STORE_REGISTER_MEM    (MVGPU_MI_STORE_REGISTER_MEM | MB_LEN(4))
/* MI_FLUSH_DW's length varies with its post-sync operation: add MB_LEN(). */
#define MB_MI_FLUSH_DW              MVGPU_CMD_MI(0x26)
#define MB_MI_LOAD_REGISTER_MEM     (MVGPU_MI_LOAD_REGISTER_MEM | MB_LEN(4))
#define MB_MI_LOAD_REGISTER_REG     (MVGPU_MI_LOAD_REGISTER_REG | MB_LEN(3))
#define MB_MI_COPY_MEM_MEM          (MVGPU_CMD_MI(0x2e) | MB_LEN(5))
/* MI_ATOMIC's length varies with its inline data: add MB_LEN(). */
#define MB_MI_ATOMIC                MVGPU_CMD_MI(0x2f)
#define MB_MI_BATCH_BUFFER_START    (MVGPU_MI_BATCH_BUFFER_START | MB_LEN(3))
#define MB_MI_CONDITIONAL_BATCH_BUFFER_END (MVGPU_CMD_MI(0x36) | MB_LEN(4))

/*
 * DW0 bits. "Use global GTT" of the stores, register loads and stores,
 * semaphores and conditional ends (i915's MI_USE_GGTT); it counts only in
 * the ring and GGTT batches (cmd-mem.h).
 */
#define MB_MI_USE_GGTT              (1u << 22)
#define MB_BB_PPGTT                 MVGPU_BB_PPGTT
#define MB_BB_SECOND_LEVEL          MVGPU_BB_SECOND_LEVEL
/* MI_SEMAPHORE_WAIT: poll mode, and the compare (memory OP DW1). */
#define MB_SEMAPHORE_POLL           (1u << 15)
#define MB_SEMAPHORE_SAD_GT_SDD     (0u << 12)
#define MB_SEMAPHORE_SAD_GTE_SDD    (1u << 12)
#define MB_SEMAPHORE_SAD_LT_SDD     (2u << 12)
#define MB_SEMAPHORE_SAD_LTE_SDD    (3u << 12)
#define MB_SEMAPHORE_SAD_EQ_SDD     (4u << 12)
#define MB_SEMAPHORE_SAD_NEQ_SDD    (5u << 12)
/* MI_FLUSH_DW: post-sync operation in DW0, "use GGTT" in the address. */
#define MB_FLUSH_DW_WRITE_IMM       (1u << 14)
#define MB_FLUSH_DW_WRITE_TIMESTAMP (3u << 14)
#define MB_FLUSH_DW_STORE_INDEX     (1u << 21)
#define MB_FLUSH_DW_USE_GTT         (1u << 2)

/* ---- MI commands, whole (comma-separated dwords) */

/* MI_STORE_DATA_IMM of the dword @v to @addr; 4 dwords. */
#define MB_STORE_DWORD(flags, addr, v) \
    MB_MI_STORE_DWORD_IMM | (flags), MB_LO(addr), MB_HI(addr), (uint32_t)(v)
#define MB_STORE_DWORD_GGTT(addr, v)    MB_STORE_DWORD(MB_MI_USE_GGTT, addr, v)
#define MB_STORE_DWORD_PPGTT(addr, v)   MB_STORE_DWORD(0, addr, v)
/* The same for the qword @lo, @hi; 5 dwords. */
#define MB_STORE_QWORD(flags, addr, lo, hi) \
    MB_MI_STORE_QWORD_IMM | (flags), MB_LO(addr), MB_HI(addr), \
    (uint32_t)(lo), (uint32_t)(hi)

/* MI_BATCH_BUFFER_START of the batch at @addr; 3 dwords. */
#define MB_BB_START(flags, addr) \
    MB_MI_BATCH_BUFFER_START | (flags), MB_LO(addr), MB_HI(addr)
#define MB_BB_START_GGTT(addr)          MB_BB_START(0, addr)
#define MB_BB_START_PPGTT(addr)         MB_BB_START(MB_BB_PPGTT, addr)

/* MI_LOAD_REGISTER_IMM of one register; 3 dwords. */
#define MB_LRI(reg, v) \
    MB_MI_LOAD_REGISTER_IMM(1), (uint32_t)(reg), (uint32_t)(v)

/* MI_STORE_REGISTER_MEM of @reg to @addr; 4 dwords. */
#define MB_SRM(flags, reg, addr) \
    MB_MI_STORE_REGISTER_MEM | (flags), (uint32_t)(reg), MB_LO(addr), \
    MB_HI(addr)

/* MI_LOAD_REGISTER_MEM of the dword at @addr into @reg; 4 dwords. */
#define MB_LRM(flags, reg, addr) \
    MB_MI_LOAD_REGISTER_MEM | (flags), (uint32_t)(reg), MB_LO(addr), \
    MB_HI(addr)

/*
 * MI_SEMAPHORE_WAIT until the dword at @addr compares with @value as
 * @flags say (MB_SEMAPHORE_SAD_*, MB_MI_USE_GGTT); 4 dwords.
 */
#define MB_SEMAPHORE_WAIT(flags, value, addr) \
    MB_MI_SEMAPHORE_WAIT | (flags), (uint32_t)(value), MB_LO(addr), \
    MB_HI(addr)

/* MI_CONDITIONAL_BATCH_BUFFER_END: the batch ends if *@addr <= @value. */
#define MB_COND_BB_END(flags, value, addr) \
    MB_MI_CONDITIONAL_BATCH_BUFFER_END | (flags), (uint32_t)(value), \
    MB_LO(addr), MB_HI(addr)

/* ---- PIPE_CONTROL (RCS): 6 dwords, a post-sync write in DW1 */

#define MB_PIPE_CONTROL             (MVGPU_PIPE_CONTROL | MB_LEN(6))
#define MB_PC_WRITE_IMM             (1u << 14)  /* PIPE_CONTROL_QW_WRITE */
#define MB_PC_WRITE_DEPTH_COUNT     (2u << 14)
#define MB_PC_WRITE_TIMESTAMP       (3u << 14)
#define MB_PC_STORE_DATA_INDEX      (1u << 21)
#define MB_PC_MMIO_WRITE            (1u << 23)  /* to the register in DW2 */
#define MB_PC_GLOBAL_GTT            (1u << 24)

/* A PIPE_CONTROL whose post-sync operation (@flags) writes at @addr. */
#define MB_PIPE_CONTROL_WRITE(flags, addr, lo, hi) \
    MB_PIPE_CONTROL, (flags), MB_LO(addr), MB_HI(addr), (uint32_t)(lo), \
    (uint32_t)(hi)

/* ---- 2D commands (BCS) */

#define MB_XY_SETUP_BLT             (MVGPU_CMD_2D(BLT_XY_SETUP) | MB_LEN(10))
#define MB_XY_SETUP_CLIP_BLT        (MVGPU_CMD_2D(BLT_XY_SETUP_CLIP) | \
                                     MB_LEN(3))
#define MB_XY_COLOR_BLT             (MVGPU_CMD_2D(BLT_XY_COLOR) | MB_LEN(7))
#define MB_XY_PAT_BLT               (MVGPU_CMD_2D(BLT_XY_PAT) | MB_LEN(8))
#define MB_XY_SRC_COPY_BLT          (MVGPU_CMD_2D(BLT_XY_SRC_COPY) | MB_LEN(10))
#define MB_XY_FAST_COPY_BLT         (MVGPU_CMD_2D(BLT_XY_FAST_COPY) | \
                                     MB_LEN(10))

/* BR00 (DW0): the 32-bpp channels written, and tiling (BCS_SWCTRL: X or Y). */
#define MB_BLT_WRITE_ALPHA          (1u << 21)
#define MB_BLT_WRITE_RGB            (1u << 20)
#define MB_BLT_WRITE_RGBA           (MB_BLT_WRITE_ALPHA | MB_BLT_WRITE_RGB)
#define MB_BLT_SRC_TILED            (1u << 15)
#define MB_BLT_DST_TILED            (1u << 11)
/* BR13 (DW1): colour depth, raster operation, destination pitch. */
#define MB_BR13_8BPP                (0u << 24)
#define MB_BR13_565                 (1u << 24)
#define MB_BR13_32BPP               (3u << 24)
#define MB_BR13_ROP(rop)            ((uint32_t)(rop) << 16)
#define MB_ROP_SRCCOPY              0xcc
#define MB_ROP_PATCOPY              0xf0
/* XY_FAST_COPY_BLT: tiling of each surface in DW0, depth in DW1 26:24. */
#define MB_FAST_TILE_LINEAR         0u
#define MB_FAST_TILE_X              1u
#define MB_FAST_TILE_Y              2u
#define MB_FAST_SRC_TILING(t)       ((uint32_t)(t) << 20)
#define MB_FAST_DST_TILING(t)       ((uint32_t)(t) << 13)
#define MB_FAST_DEPTH(d)            ((uint32_t)(d) << 24)   /* 0, 1, 3 */

/* A point: y in the high half, x in the low (each 16 bits). */
#define MB_YX(x, y)     ((uint32_t)(y) << 16 | ((uint32_t)(x) & 0xffff))

/* XY_COLOR_BLT: [x1, x2) x [y1, y2) at @dst filled with @color; 7 dwords. */
#define MB_COLOR_BLT(br00, br13, x1, y1, x2, y2, dst, color) \
    MB_XY_COLOR_BLT | (br00), (uint32_t)(br13), MB_YX(x1, y1), \
    MB_YX(x2, y2), MB_LO(dst), MB_HI(dst), (uint32_t)(color)

/*
 * XY_SRC_COPY_BLT and XY_FAST_COPY_BLT: [x1, x2) x [y1, y2) at @dst from
 * (@sx, @sy) at @src, whose pitch is @src_pitch; 10 dwords each.
 */
#define MB_COPY_BLT_(dw0, br13, x1, y1, x2, y2, dst, sx, sy, src_pitch, src) \
    (dw0), (uint32_t)(br13), MB_YX(x1, y1), MB_YX(x2, y2), MB_LO(dst), \
    MB_HI(dst), MB_YX(sx, sy), (uint32_t)(src_pitch), MB_LO(src), MB_HI(src)
#define MB_SRC_COPY_BLT(br00, ...) \
    MB_COPY_BLT_(MB_XY_SRC_COPY_BLT | (br00), __VA_ARGS__)
#define MB_FAST_COPY_BLT(br00, ...) \
    MB_COPY_BLT_(MB_XY_FAST_COPY_BLT | (br00), __VA_ARGS__)

/* ---- Where the builders write */

/*
 * One write of @size bytes (4 or 8) of @value at @addr, in whatever
 * space the writer serves: guest memory (little-endian, as the GPU reads
 * it) or BAR0 registers.
 */
typedef struct MbWriter {
    void (*write)(void *opaque, uint64_t addr, uint64_t value, unsigned size);
    void *opaque;
} MbWriter;

static inline void mb_write32(const MbWriter *w, uint64_t addr, uint32_t v)
{
    w->write(w->opaque, addr, v, 4);
}

static inline void mb_write64(const MbWriter *w, uint64_t addr, uint64_t v)
{
    w->write(w->opaque, addr, v, 8);
}

/* Writes @n dwords at @addr; returns the address after them. */
static inline uint64_t mb_put(const MbWriter *w, uint64_t addr,
                              const uint32_t *dw, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        mb_write32(w, addr + 4 * i, dw[i]);
    }
    return addr + 4 * n;
}

/* mb_put() of a list of dwords: mb_put_list(w, ring, MB_LRI(r, v), ...). */
#define mb_put_list(w, addr, ...) \
    mb_put((w), (addr), (const uint32_t[]){ __VA_ARGS__ }, \
           sizeof((const uint32_t[]){ __VA_ARGS__ }) / sizeof(uint32_t))

/*
 * A writer into a dword array, for a test that hands the scan its own
 * memory: addresses are byte offsets into the array, values are stored
 * as host dwords (a qword low dword first). No bounds: size it yourself.
 */
static inline void mb_dwords_write(void *opaque, uint64_t addr, uint64_t v,
                                   unsigned size)
{
    uint32_t *dw = (uint32_t *)opaque + addr / 4;

    g_assert(addr % 4 == 0 && (size == 4 || size == 8));
    dw[0] = (uint32_t)v;
    if (size == 8) {
        dw[1] = v >> 32;
    }
}

static inline MbWriter mb_dwords_writer(uint32_t *array)
{
    return (MbWriter) { .write = mb_dwords_write, .opaque = array };
}

/* ---- Contexts */

/* Where slot @slot (lrc.h's MVGPU_CTX_*) lies, in bytes from the LRCA. */
#define MB_CTX_SLOT(slot)   (MVGPU_CTX_STATE_PAGE + 4 * (slot))

/* RING_CTL: the ring is valid (i915's RING_VALID). */
#define MB_RING_CTL_VALID   (1u << 0)

/* What a context image says about its ring and its PPGTT. */
typedef struct MbContext {
    uint32_t head, tail;        /* bytes into the ring */
    uint32_t ring;              /* the ring's GGTT address */
    uint32_t ring_pages;        /* its size, 1 to 512 pages; 0 means 1 */
    uint64_t pml4;              /* the PPGTT's PML4 (guest-physical), or 0 */
} MbContext;

/* RING_CTL for a valid ring of @pages pages. */
static inline uint32_t mb_ring_ctl(uint32_t pages)
{
    g_assert(pages >= 1 && pages <= 512);
    return ((pages - 1) << 12 & MVGPU_RING_CTL_SIZE_MASK) | MB_RING_CTL_VALID;
}

/*
 * Writes the slots the engine reads into the image at @image (its LRCA,
 * as an address @mem serves); the rest of the image is left as it is.
 */
static inline void mb_context(const MbWriter *mem, uint64_t image,
                              const MbContext *ctx)
{
    mb_write32(mem, image + MB_CTX_SLOT(MVGPU_CTX_RING_HEAD), ctx->head);
    mb_write32(mem, image + MB_CTX_SLOT(MVGPU_CTX_RING_TAIL), ctx->tail);
    mb_write32(mem, image + MB_CTX_SLOT(MVGPU_CTX_RING_START), ctx->ring);
    mb_write32(mem, image + MB_CTX_SLOT(MVGPU_CTX_RING_CTL),
               mb_ring_ctl(ctx->ring_pages ? ctx->ring_pages : 1));
    mb_write32(mem, image + MB_CTX_SLOT(MVGPU_CTX_PDP0_UDW), ctx->pml4 >> 32);
    mb_write32(mem, image + MB_CTX_SLOT(MVGPU_CTX_PDP0_LDW),
               (uint32_t)ctx->pml4);
}

/*
 * The descriptor i915 writes for a context: valid, legacy 64-bit PPGTT
 * addressing (3 at bit 3), privileged (bit 8), the LRCA, the context id
 * above bit 32.
 */
#define MB_DESC_LEGACY_64B      (3u << 3)
#define MB_DESC_PRIVILEGE       (1u << 8)

static inline uint64_t mb_desc(uint32_t lrca, uint32_t ctx_id)
{
    return (uint64_t)ctx_id << MVGPU_DESC_CTX_ID_SHIFT | lrca |
           MB_DESC_LEGACY_64B | MB_DESC_PRIVILEGE | MVGPU_DESC_VALID;
}

/*
 * A submission of elements @d0 and @d1 (0: none) to the engine at @base:
 * the four ELSP writes in the order the engine takes them, element 1
 * first, each upper dword before the lower; the last write submits.
 */
static inline void mb_submit(const MbWriter *regs, uint32_t base,
                             uint64_t d0, uint64_t d1)
{
    mb_write32(regs, base + RING_ELSP, d1 >> 32);
    mb_write32(regs, base + RING_ELSP, (uint32_t)d1);
    mb_write32(regs, base + RING_ELSP, d0 >> 32);
    mb_write32(regs, base + RING_ELSP, (uint32_t)d0);
}

/* ---- The hardware status page: CSB entries and pointers (lrc.h) */

/* Bytes into the HWSP of CSB entry @slot: its status, its context id. */
#define MB_HWSP_CSB_STATUS(slot)    (MVGPU_HWSP_CSB + 8 * (slot))
#define MB_HWSP_CSB_CTX_ID(slot)    (MVGPU_HWSP_CSB + 8 * (slot) + 4)
/* A masked write of RING_CONTEXT_STATUS_PTR: read and write pointers. */
#define MB_CSB_PTRS(read, write)    (0xffff0000u | (read) << 8 | (write))

/* ---- Page tables */

/* A GGTT entry mapping the page at @gpa (i915's GEN8_PAGE_PRESENT). */
#define MB_GGTT_PTE(gpa)    ((uint64_t)(gpa) | 1)

/* Maps GGTT pages @first.. to @pages guest pages from @gpa on, in BAR0. */
static inline void mb_ggtt_map(const MbWriter *bar0, uint32_t first,
                               uint64_t gpa, uint32_t pages)
{
    for (uint32_t i = 0; i < pages; i++) {
        mb_write64(bar0, MVGPU_GGTT_PTE_OFFSET + 8ull * (first + i),
                   MB_GGTT_PTE(gpa + 4096ull * i));
    }
}

/*
 * Fence @i over aperture bytes [@start, @start + @size) (pages), X or Y
 * tiled with @pitch bytes a row (a multiple of 128), or cleared when
 * @size is 0: written as i915 writes it (gt/intel_ggtt_fencing.c,
 * i965_write_fence_reg(): LO 0, then HI, then LO with the valid bit).
 */
static inline void mb_fence(const MbWriter *bar0, unsigned i, uint32_t start,
                            uint32_t size, uint32_t pitch, bool y_tiled)
{
    mb_write32(bar0, FENCE_REG_GEN6_LO(i), 0);
    if (!size) {
        mb_write32(bar0, FENCE_REG_GEN6_HI(i), 0);
        return;
    }
    mb_write32(bar0, FENCE_REG_GEN6_HI(i),
               (start + size - 4096) | (pitch / 128 - 1));
    mb_write32(bar0, FENCE_REG_GEN6_LO(i),
               start | (y_tiled ? 1u << 1 : 0) | 1u << 0);
}

/* PPGTT entry bits (i915's GEN8_PAGE_PRESENT, _RW, GEN8_PDE_PS_2M, ...). */
#define MB_PPGTT_PRESENT    (1u << 0)
#define MB_PPGTT_RW         (1u << 1)
#define MB_PPGTT_PS         (1u << 7)   /* a 2 MiB (PDE) or 1 GiB (PDPE) page */
#define MB_PPGTT_IPS_64K    (1u << 11)  /* the page table holds 64 KiB pages */
/* What i915 gives its tables and pages: present and writable. */
#define MB_PPGTT_PRESENT_RW (MB_PPGTT_PRESENT | MB_PPGTT_RW)
/* The index of @va in its table at @level (3: the PML4 ... 0: the PT). */
#define MB_PPGTT_INDEX(va, level) \
    (((uint64_t)(va) >> (12 + 9 * (level))) & 511)

/* Writes @entry as the one for @va in the table at @table, of @level. */
static inline void mb_ppgtt_entry(const MbWriter *mem, uint64_t table,
                                  uint64_t va, unsigned level, uint64_t entry)
{
    mb_write64(mem, table + 8 * MB_PPGTT_INDEX(va, level), entry);
}

#endif
