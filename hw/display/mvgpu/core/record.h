/*
 * mvgpu core: recorded workloads.
 *
 * A recording is what one scan saw of guest memory: the engine, the ring
 * segment, every run of batch dwords it fetched with the address space and
 * address it came from, and the answer to every memory-operand probe.
 * Replaying it through the same scan reproduces the workload exactly,
 * without the guest: for the scan benchmark over real guest workloads, for
 * mvgpu-decode, and as fuzz seeds.
 *
 * File layout, little-endian:
 *   "MVGPUWL2"  u32 engine bit  u32 ring dwords  ring dwords...
 *   then entries in the order the scan made them, each
 *     u32 flags  u32 count  u64 address  [payload]
 *   a read (flags bit 1 clear): bit 0 PPGTT; count dwords of payload,
 *     never crossing a 4 KiB page;
 *   a probe (flags bit 1 set): bits 5:4 the space (MvgpuMemSpace), 7:6
 *     the access, bit 8 the answer (guest RAM); count is the operand's
 *     bytes; no payload.
 * Version 1 files (no probes) are refused: record them again.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef MVGPU_CORE_RECORD_H
#define MVGPU_CORE_RECORD_H

#include <glib.h>
#include <stdbool.h>
#include <stdint.h>

#include "scan.h"

#define MVGPU_RECORD_MAGIC      "MVGPUWL2"
#define MVGPU_RECORD_PPGTT      (1u << 0)
#define MVGPU_RECORD_PROBE      (1u << 1)
#define MVGPU_RECORD_SPACE_SHIFT    4
#define MVGPU_RECORD_ACCESS_SHIFT   6
#define MVGPU_RECORD_RAM        (1u << 8)

/* Wraps a scan's callbacks and keeps what they returned. */
typedef struct MvgpuRecorder {
    GByteArray *buf;
    MvgpuScanRead read;         /* the wrapped callbacks */
    MvgpuScanProbe probe;
    void *opaque;
} MvgpuRecorder;

/*
 * Starts a recording of the scan @sc is about to make of @ring: @sc's
 * callbacks now go through @rec. mvgpu_record_end() gives them back.
 */
void mvgpu_record_begin(MvgpuRecorder *rec, MvgpuScan *sc,
                        const uint32_t *ring, uint32_t len);
/*
 * The recording's bytes (owned by the caller, g_free), @rec emptied;
 * @sc's own callbacks are back.
 */
uint8_t *mvgpu_record_end(MvgpuRecorder *rec, MvgpuScan *sc, size_t *len);

/* One recorded probe: the operand and the answer. */
typedef struct MvgpuRecordedProbe {
    MvgpuMemOperand op;
    bool ram;
} MvgpuRecordedProbe;

/* A recording read back, ready to replay. */
typedef struct MvgpuRecording {
    unsigned engine_bit;
    uint32_t *ring;
    uint32_t ring_len;
    GHashTable *pages;          /* page key -> RecordedPage */
    uint64_t batch_dwords;      /* batch dwords recorded */
    GArray *probes;             /* MvgpuRecordedProbe, in scan order */
} MvgpuRecording;

/*
 * Parses @len bytes. A recording is untrusted input (it may come from a
 * file): false with @why set when it is malformed.
 */
bool mvgpu_recording_parse(MvgpuRecording *r, const uint8_t *data,
                           size_t len, const char **why);
/*
 * Scans the recorded workload again into @sc (engine and callbacks set
 * here); the result of mvgpu_scan(). Free with mvgpu_scan_free(). Reads
 * and probes the recorded scan did not make fail.
 */
bool mvgpu_recording_scan(const MvgpuRecording *r, MvgpuScan *sc);
void mvgpu_recording_free(MvgpuRecording *r);

#endif
