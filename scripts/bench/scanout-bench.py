#!/usr/bin/python3
"""Scan-out cost through QEMU: mvgpu beside QEMU's bochs-display.

One VM holds both devices, each showing a 1920x1080 32-bit frame. A QMP
screendump makes the device refresh its console and writes a PPM; the time
per screendump is measured for a frame that changed since the last refresh
(all of it rewritten with the qtest `memset` command) and for one that did
not. The PPM write is the same for both devices, so the difference and the
ratio are the devices'. mvgpu runs its zero-copy path (linear, contiguous
pages), its copy path (linear, scattered pages) and X / Y tiled surfaces.
Prints JSON lines.

Usage: scanout-bench.py QEMU_BINARY [FRAMES]
"""
import json
import os
import sys
import time

from qtestlib import Qtest, place_bar

W, H = 1920, 1080
STRIDE = W * 4
FRAME = STRIDE * H
MVGPU_BAR0 = 0xE0000000
BOCHS_VRAM = 0xD0000000
BOCHS_MMIO = 0xE1000000
SURF_RAM = 0x10000000           # guest RAM behind mvgpu's surface
PAGES = (STRIDE * 1088) // 4096  # whole Y tiles


def mvgpu_surface(q, tiling_bits, stride_unit, scattered):
    for i in range(PAGES):
        page = PAGES - 1 - i if scattered else i
        q.cmd("writeq 0x%x 0x%x" % (MVGPU_BAR0 + 0x800000 + 8 * i,
                                    (SURF_RAM + page * 4096) | 1))
    regs = [(0x70008, 0x80000000),                      # TRANSCONF A
            (0x70180, 0x84000000 | tiling_bits),        # PLANE_CTL: XRGB8888
            (0x70188, STRIDE // stride_unit),
            (0x70190, (H - 1) << 16 | (W - 1)),
            (0x701a4, 0),
            (0x7019c, 0)]                               # PLANE_SURF
    for off, val in regs:
        q.cmd("writel 0x%x 0x%x" % (MVGPU_BAR0 + off, val))


def bochs_mode(q):
    # Bochs DISPI registers, 16 bits each at MMIO 0x500 + 2 * index.
    for index, val in ((4, 0), (1, W), (2, H), (3, 32), (4, 0x41)):
        q.cmd("writew 0x%x 0x%x" % (BOCHS_MMIO + 0x500 + 2 * index, val))


def shots(q, device, path, frames, fill_addr):
    """Seconds per screendump, changed frames and unchanged ones."""
    changed = unchanged = 0.0
    q.qmp("screendump", filename=path, device=device)   # settle the mode
    for i in range(frames):
        q.cmd("memset 0x%x %d 0x%x" % (fill_addr, FRAME, 0x40 + i % 64))
        t0 = time.perf_counter()
        q.qmp("screendump", filename=path, device=device)
        t1 = time.perf_counter()
        q.qmp("screendump", filename=path, device=device)
        t2 = time.perf_counter()
        changed += t1 - t0
        unchanged += t2 - t1
    return changed / frames * 1e3, unchanged / frames * 1e3


def main():
    qemu = sys.argv[1]
    frames = int(sys.argv[2]) if len(sys.argv) > 2 else 10
    q = Qtest(qemu, ["-machine", "q35", "-m", "1G", "-vga", "none",
                     "-device", "mvgpu,addr=02.0,id=gpu",
                     "-device", "bochs-display,addr=03.0,id=bochs"])
    path = os.path.join(q.dir, "shot.ppm")
    results = []
    try:
        place_bar(q, 2, 0, MVGPU_BAR0, True)
        place_bar(q, 3, 0, BOCHS_VRAM, False)
        place_bar(q, 3, 2, BOCHS_MMIO, False)
        bochs_mode(q)
        results.append(("bochs-display", "vram") +
                       shots(q, "bochs", path, frames, BOCHS_VRAM))
        for name, bits, unit, scattered in (
                ("linear, contiguous (zero-copy)", 0, 64, False),
                ("linear, scattered pages (copy)", 0, 64, True),
                ("X-tiled", 1 << 10, 512, True),
                ("Y-tiled", 4 << 10, 128, True)):
            mvgpu_surface(q, bits, unit, scattered)
            results.append(("mvgpu", name) +
                           shots(q, "gpu", path, frames, SURF_RAM))
    finally:
        q.close()
    peer = results[0]
    for device, case, changed, unchanged in results:
        for state, ms, peer_ms in (("changed", changed, peer[2]),
                                   ("unchanged", unchanged, peer[3])):
            print(json.dumps({
                "bench": "qemu-scanout-screendump", "device": device,
                "case": case, "frame": state, "width": W, "height": H,
                "frames": frames, "ms_per_screendump": round(ms, 2),
                "ratio_to_bochs_display": round(ms / peer_ms, 2)}))


if __name__ == "__main__":
    main()
