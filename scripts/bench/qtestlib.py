"""Helpers for mvgpu's QEMU-level benchmarks: a QEMU under the qtest
accelerator driven over the qtest protocol, with a QMP connection, and PCI
configuration through mechanism #1."""
import json
import os
import socket
import subprocess
import tempfile
import time


class Qtest:
    def __init__(self, qemu, args):
        self.dir = tempfile.mkdtemp(prefix="mvgpu-bench-")
        path = os.path.join(self.dir, "qtest.sock")
        self.qmp_path = os.path.join(self.dir, "qmp.sock")
        srv = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        srv.bind(path)
        srv.listen(1)
        self.proc = subprocess.Popen(
            [qemu, "-qtest", "unix:" + path, "-qtest-log", "/dev/null",
             "-qmp", "unix:%s,server=on,wait=off" % self.qmp_path,
             "-accel", "qtest",
             "-display", "none", "-nodefaults"] + args,
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL)
        self.sock, _ = srv.accept()
        srv.close()
        self.rfile = self.sock.makefile("rb")
        self.qmp_sock = None

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


    def qmp(self, command, **args):
        """One QMP command; returns its "return" value."""
        if self.qmp_sock is None:
            self.qmp_sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            self.qmp_sock.connect(self.qmp_path)
            self.qmp_file = self.qmp_sock.makefile("rb")
            json.loads(self.qmp_file.readline())           # greeting
            self.qmp("qmp_capabilities")
        self.qmp_sock.sendall(json.dumps(
            {"execute": command, "arguments": args}).encode() + b"\n")
        while True:
            reply = json.loads(self.qmp_file.readline())
            if "return" in reply:
                return reply["return"]
            if "error" in reply:
                raise RuntimeError("QMP %s: %s" % (command, reply["error"]))


def cfg_addr(dev, reg):
    return 0x80000000 | (dev << 11) | reg


def cfg_write(q, dev, reg, val):
    q.cmd("outl 0xcf8 0x%x" % cfg_addr(dev, reg))
    q.cmd("outl 0xcfc 0x%x" % val)


def place_bar(q, dev, bar, base, is64):
    cfg_write(q, dev, 0x10 + 4 * bar, base)
    if is64:
        cfg_write(q, dev, 0x14 + 4 * bar, 0)
    cfg_write(q, dev, 0x04, 0x6)        # memory space + bus master


def timed(q, line, n):
    t0 = time.perf_counter()
    for _ in range(n):
        q.cmd(line)
    return (time.perf_counter() - t0) / n * 1e6
