/*
 * mvgpu core: recorded workloads.
 *
 * A recording is what one scan read: the engine, the ring segment, and
 * every run of batch dwords it fetched with the address space and address
 * it came from. Replaying it through the same scan reproduces the workload
 * exactly, without the guest: for the scan benchmark over real guest
 * workloads, for mvgpu-decode, and as fuzz seeds.
 *
 * File layout, little-endian:
 *   "MVGPUWL1"  u32 engine bit  u32 ring dwords  ring dwords...
 *   then per read:  u32 flags (bit 0: PPGTT)  u32 dwords  u64 address  dwords...
 * A read never crosses a 4 KiB page.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef MVGPU_CORE_RECORD_H
#define MVGPU_CORE_RECORD_H

#include <glib.h>
#include <stdbool.h>
#include <stdint.h>

#include "scan.h"

#define MVGPU_RECORD_MAGIC      "MVGPUWL1"
#define MVGPU_RECORD_PPGTT      (1u << 0)

/* Wraps a scan's read callback and keeps what it returned. */
typedef struct MvgpuRecorder {
    GByteArray *buf;
    MvgpuScanRead read;         /* the wrapped callback */
    void *opaque;
} MvgpuRecorder;

/*
 * Starts a recording of the scan @sc is about to make of @ring: @sc's
 * read callback now goes through @rec.
 */
void mvgpu_record_begin(MvgpuRecorder *rec, MvgpuScan *sc,
                        const uint32_t *ring, uint32_t len);
/* The recording's bytes (owned by the caller, g_free), @rec emptied. */
uint8_t *mvgpu_record_end(MvgpuRecorder *rec, size_t *len);

/* A recording read back, ready to replay. */
typedef struct MvgpuRecording {
    unsigned engine_bit;
    uint32_t *ring;
    uint32_t ring_len;
    GHashTable *pages;          /* page key -> RecordedPage */
    uint64_t batch_dwords;      /* batch dwords recorded */
} MvgpuRecording;

/*
 * Parses @len bytes. A recording is untrusted input (it may come from a
 * file): false with @why set when it is malformed.
 */
bool mvgpu_recording_parse(MvgpuRecording *r, const uint8_t *data,
                           size_t len, const char **why);
/*
 * Scans the recorded workload again into @sc (engine and read callback
 * set here); the result of mvgpu_scan(). Free with mvgpu_scan_free().
 */
bool mvgpu_recording_scan(const MvgpuRecording *r, MvgpuScan *sc);
void mvgpu_recording_free(MvgpuRecording *r);

#endif
