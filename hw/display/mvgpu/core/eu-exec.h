/*
 * mvgpu core: an interpreter of Gen9 EU threads.
 *
 * A thread is 128 GRFs of 32 bytes, the architecture registers, an
 * instruction pointer and per-channel instruction pointers (see eu-exec.c
 * for the control-flow model). It runs until it ends (a SEND with EOT),
 * waits (a barrier), runs out of its budget of instructions, or is
 * refused: then @error names the instruction and why. Instructions come
 * from @fetch and messages go to @send: the dispatcher provides both and
 * bounds every guest access.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef MVGPU_CORE_EU_EXEC_H
#define MVGPU_CORE_EU_EXEC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "eu-decode.h"
#include "eu-isa.h"

#define MVGPU_EU_GRFS           128
#define MVGPU_EU_REG_BYTES      32
#define MVGPU_EU_MAX_CHANNELS   32

/*
 * Reads the kernel's bytes at @ip (from its start) into @buf: up to 16,
 * fewer at the end of what may be read. Returns how many, 0 if none.
 */
typedef size_t (*MvgpuEuFetch)(void *opaque, uint32_t ip, uint8_t *buf);

/*
 * Carries out a SEND of @in for the channels of @mask. Returns NULL, or
 * why the workload is refused. Sets t->waiting for a barrier.
 */
typedef const char *(*MvgpuEuSendFn)(void *opaque, MvgpuEuThread *t,
                                     const MvgpuEuInst *in, uint32_t mask);

typedef enum MvgpuEuStatus {
    MVGPU_EU_RUNNING,           /* budget spent: call again */
    MVGPU_EU_WAITING,           /* at a barrier */
    MVGPU_EU_DONE,              /* ended (EOT) */
    MVGPU_EU_FAULT,             /* refused: see error */
} MvgpuEuStatus;

struct MvgpuEuThread {
    uint8_t grf[MVGPU_EU_GRFS * MVGPU_EU_REG_BYTES];
    /* ARF by type (register number's high nibble), then number */
    uint8_t arf[16][4][MVGPU_EU_REG_BYTES];
    uint32_t ip;                    /* bytes from the kernel start */
    uint32_t pcip[MVGPU_EU_MAX_CHANNELS];
    uint32_t live;                  /* channels dispatched and not ended */
    bool done, waiting;
    const char *error;              /* refused: why (points into msg) */
    char msg[160];
    uint64_t executed;              /* instructions run */
    struct {                        /* the instruction being run */
        unsigned len;               /* 8 or 16 */
        unsigned off;               /* first channel of its group */
        uint32_t at_ip;             /* live channels waiting at the IP */
        uint32_t group;             /* at_ip in the group (WE_all: all) */
        uint32_t jumped;            /* channels a branch moved */
    } cur;
    MvgpuEuFetch fetch;
    MvgpuEuSendFn send;
    void *opaque;
};

/*
 * Prepares @t to run from @ip with the channels of @dispatch_mask; the
 * GRF and ARF are zeroed (the dispatcher then writes the payload).
 */
void mvgpu_eu_thread_init(MvgpuEuThread *t, uint32_t ip,
                          uint32_t dispatch_mask);

/* Runs at most @budget instructions. */
MvgpuEuStatus mvgpu_eu_run(MvgpuEuThread *t, uint64_t budget);

/* Refuses: formats t->msg, sets t->error; returns t->error. */
const char *mvgpu_eu_fault(MvgpuEuThread *t, const char *fmt, ...)
    G_GNUC_PRINTF(2, 3);

/* The handlers of the opcode table (eu-isa.c). */
const char *mvgpu_eu_do_alu(MvgpuEuThread *t, const MvgpuEuInst *in);
const char *mvgpu_eu_do_sel(MvgpuEuThread *t, const MvgpuEuInst *in);
const char *mvgpu_eu_do_cmp(MvgpuEuThread *t, const MvgpuEuInst *in);
const char *mvgpu_eu_do_csel(MvgpuEuThread *t, const MvgpuEuInst *in);
const char *mvgpu_eu_do_math(MvgpuEuThread *t, const MvgpuEuInst *in);
const char *mvgpu_eu_do_send(MvgpuEuThread *t, const MvgpuEuInst *in);
const char *mvgpu_eu_do_flow(MvgpuEuThread *t, const MvgpuEuInst *in);
const char *mvgpu_eu_do_nop(MvgpuEuThread *t, const MvgpuEuInst *in);

#endif
