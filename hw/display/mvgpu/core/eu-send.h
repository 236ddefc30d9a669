/*
 * mvgpu core: the messages Gen9 compute kernels send (eu-send.c).
 *
 * A thread's SEND/SENDS is carried out against MvgpuEuMem: guest memory
 * by GPU virtual address (the dispatcher translates through the
 * context's PPGTT and bounds every access), the binding table of the
 * dispatch, the thread group's shared local memory, and its barrier.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef MVGPU_CORE_EU_SEND_H
#define MVGPU_CORE_EU_SEND_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "eu-exec.h"

/* Binding table indices with a fixed meaning (Skylake PRM vol. 7). */
#define MVGPU_EU_BTI_SLM        254
#define MVGPU_EU_BTI_STATELESS  255

typedef struct MvgpuEuMem {
    /* @len bytes at GPU virtual address @va; false if any is unmapped */
    bool (*read)(void *opaque, uint64_t va, void *buf, size_t len);
    bool (*write)(void *opaque, uint64_t va, const void *buf, size_t len);
    void *opaque;
    uint64_t surface_state_base;    /* STATE_BASE_ADDRESS */
    uint64_t general_state_base;    /* stateless (BTI 255) addresses */
    uint32_t binding_table;         /* offset from surface_state_base */
    uint8_t *slm;                   /* the group's shared local memory */
    uint32_t slm_size;
    uint64_t messages;              /* messages carried out */
} MvgpuEuMem;

/*
 * The MvgpuEuSendFn of a thread whose opaque is an MvgpuEuMem. A barrier
 * sets t->waiting: the dispatcher clears it when the whole group waits.
 */
const char *mvgpu_eu_send(void *opaque, MvgpuEuThread *t,
                          const MvgpuEuInst *in, uint32_t mask);

#endif
