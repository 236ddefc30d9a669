/*
 * libFuzzer target over workload recordings (core/record.c): a recording
 * is a file from outside (x-record, bench-scan's corpus, mvgpu-decode's
 * input), so parsing it, replaying it through the scan and relocating the
 * shadows must stay within what the file holds, whatever it says.
 * Built with ASan/UBSan by `make fuzz`.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <glib.h>

#include "record.h"
#include "reloc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Moves every address field by a fixed amount, refusing one page. */
static bool shift(void *opaque, const MvgpuShadowSeg *seg,
                  const MvgpuCmdDesc *desc, unsigned dword, uint64_t *page)
{
    if (*page == 0xdead000) {
        return false;
    }
    *page += 0x100000000ull;
    return true;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    MvgpuRecording r;
    MvgpuScan sc = { 0 };
    const char *why = NULL;

    if (mvgpu_recording_parse(&r, data, size, &why)) {
        if (mvgpu_recording_scan(&r, &sc)) {
            mvgpu_relocate(&sc, shift, NULL);
        }
        mvgpu_scan_free(&sc);
    } else if (!why) {
        __builtin_trap();       /* a refusal always says why */
    }
    mvgpu_recording_free(&r);
    return 0;
}
