#!/usr/bin/python3
"""MMIO round-trip cost through QEMU, mvgpu beside QEMU's own `edu` device.

Starts QEMU under the qtest accelerator with both devices on one q35 bus,
places their BARs through PCI configuration mechanism #1 and times N reads
and writes over the qtest protocol. The protocol round trip dominates; what
matters is the difference between the devices measured in the same run.
Prints JSON lines.

Usage: mmio-bench.py QEMU_BINARY [ITERATIONS]
"""
import json
import sys

from qtestlib import Qtest, place_bar, timed

MVGPU_BAR0 = 0xE0000000
EDU_BAR0 = 0xE1000000


def main():
    qemu = sys.argv[1]
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 20000
    q = Qtest(qemu, ["-machine", "q35", "-vga", "none",
                     "-device", "mvgpu,addr=02.0", "-device", "edu,addr=03.0"])
    try:
        place_bar(q, 2, 0, MVGPU_BAR0, True)
        place_bar(q, 3, 0, EDU_BAR0, False)
        cases = [
            ("edu", "read", "identification (plain)",
             "readl 0x%x" % EDU_BAR0),
            ("edu", "write", "liveness (plain)",
             "writel 0x%x 0x1234" % (EDU_BAR0 + 4)),
            ("mvgpu", "read", "plain register (RCS IMR)",
             "readl 0x%x" % (MVGPU_BAR0 + 0x20A8)),
            ("mvgpu", "read", "read handler (PVINFO caps)",
             "readl 0x%x" % (MVGPU_BAR0 + 0x78010)),
            ("mvgpu", "write", "plain register (RCS IMR)",
             "writel 0x%x 0xfffffffe" % (MVGPU_BAR0 + 0x20A8)),
            ("mvgpu", "write", "write handler (GDRST)",
             "writel 0x%x 0x2" % (MVGPU_BAR0 + 0x941C)),
        ]
        # Warm up, then interleave the cases over several rounds so that
        # drift in the machine's load affects all of them alike; report the
        # best round of each.
        timed(q, cases[0][3], 1000)
        rounds = 10
        results = {}
        for _ in range(rounds):
            for dev, op, kind, line in cases:
                us = timed(q, line, max(1, n // rounds))
                key = (dev, op, kind)
                results[key] = min(us, results.get(key, us))
        for (dev, op, kind), us in results.items():
            peer = results[("edu", op, "identification (plain)"
                            if op == "read" else "liveness (plain)")]
            print(json.dumps({
                "bench": "qemu-mmio-roundtrip", "device": dev, "op": op,
                "kind": kind, "iterations": n, "statistic": "best of %d rounds" % rounds,
                "us_per_access": round(us, 3),
                "ratio_to_edu": round(us / peer, 3)}))
    finally:
        q.close()


if __name__ == "__main__":
    main()
