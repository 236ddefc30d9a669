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
import os
import socket
import subprocess
import sys
import tempfile
import time

MVGPU_BAR0 = 0xE0000000
EDU_BAR0 = 0xE1000000


class Qtest:
    def __init__(self, qemu, args):
        self.dir = tempfile.mkdtemp(prefix="mvgpu-bench-")
        path = os.path.join(self.dir, "qtest.sock")
        srv = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        srv.bind(path)
        srv.listen(1)
        self.proc = subprocess.Popen(
            [qemu, "-qtest", "unix:" + path, "-qtest-log", "/dev/null",
             "-accel", "qtest",
             "-display", "none", "-nodefaults"] + args,
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL)
        self.sock, _ = srv.accept()
        srv.close()
        self.rfile = self.sock.makefile("rb")

    def cmd(self, line):
        self.sock.sendall(line.encode() + b"\n")
        while True:
            reply = self.rfile.readline().decode().split()
            if not reply:
                raise RuntimeError("QEMU closed the qtest socket")
            if reply[0] == "OK":
                return reply[1:]
            if reply[0] != "IRQ":
                raise RuntimeError("qtest: %s -> %s" % (line, reply))

    def close(self):
        self.sock.close()
        self.proc.terminate()
        self.proc.wait()


def cfg_addr(dev, reg):
    return 0x80000000 | (dev << 11) | reg


def cfg_write(q, dev, reg, val):
    q.cmd("outl 0xcf8 0x%x" % cfg_addr(dev, reg))
    q.cmd("outl 0xcfc 0x%x" % val)


def place_bar0(q, dev, base, is64):
    cfg_write(q, dev, 0x10, base)
    if is64:
        cfg_write(q, dev, 0x14, 0)
    cfg_write(q, dev, 0x04, 0x6)        # memory space + bus master


def timed(q, line, n):
    t0 = time.perf_counter()
    for _ in range(n):
        q.cmd(line)
    return (time.perf_counter() - t0) / n * 1e6


def main():
    qemu = sys.argv[1]
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 20000
    q = Qtest(qemu, ["-machine", "q35", "-vga", "none",
                     "-device", "mvgpu,addr=02.0", "-device", "edu,addr=03.0"])
    try:
        place_bar0(q, 2, MVGPU_BAR0, True)
        place_bar0(q, 3, EDU_BAR0, False)
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
