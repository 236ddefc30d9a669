/*
 * mvgpu core: the interface to whoever hosts the device model.
 *
 * The core never includes a QEMU header. Everything it needs from the outside
 * world (guest memory, the interrupt line, time, logging) comes through this
 * one table of callbacks, filled in by the QEMU glue (mvgpu.c) or by a test.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef MVGPU_CORE_HOST_H
#define MVGPU_CORE_HOST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef enum MvgpuLogKind {
    MVGPU_LOG_GUEST_ERROR,   /* the guest did something wrong */
    MVGPU_LOG_UNIMP,         /* the guest used something we do not model */
} MvgpuLogKind;

typedef struct MvgpuHost {
    void *opaque;

    /*
     * Guest-physical memory. Return false when [gpa, gpa + len) is not
     * entirely guest RAM; the core then treats the access as failed.
     */
    bool (*mem_read)(void *opaque, uint64_t gpa, void *buf, size_t len);
    bool (*mem_write)(void *opaque, uint64_t gpa, const void *buf, size_t len);

    /* Signal the device's MSI (edge). */
    void (*raise_msi)(void *opaque);

    /* Guest-visible (virtual) time in nanoseconds; stops while paused. */
    uint64_t (*now_ns)(void *opaque);

    /* One already rate-limited, formatted message. */
    void (*log)(void *opaque, MvgpuLogKind kind, const char *msg);
} MvgpuHost;

#endif
