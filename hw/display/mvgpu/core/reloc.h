/*
 * mvgpu core: relocating audited shadows into a target address space.
 *
 * Every graphics-address field the command table knows of, in every shadow
 * segment, is passed through a mapping and written back. The soft backend
 * maps each address to itself (the guest's own spaces are its target); a
 * backend that executes on a host GPU maps guest addresses to where the
 * host placed the memory.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef MVGPU_CORE_RELOC_H
#define MVGPU_CORE_RELOC_H

#include "scan.h"

/*
 * Maps the address in dword @dword of a @desc command in @seg. The low 12
 * bits of an address field often carry flags: only the page address is
 * given and taken back. False refuses the workload.
 */
typedef bool (*MvgpuRelocMap)(void *opaque, const MvgpuShadowSeg *seg,
                              const MvgpuCmdDesc *desc, unsigned dword,
                              uint64_t *page);

/* Rewrites every address field; the number rewritten, or -1 if refused. */
int64_t mvgpu_relocate(MvgpuScan *sc, MvgpuRelocMap map, void *opaque);

#endif
