#!/usr/bin/python3
"""Client tests: what mvgpu shows reaches real display clients.

A VM (qtest accelerator, no guest OS) gets an image in guest RAM, mapped
through the GGTT and shown on pipe A, then:
  spice  a real SPICE client (spicy-screenshot, from spice-client-gtk)
         connects to -spice port=... and captures the primary surface;
  sdl    QEMU shows it with -display sdl under Xvfb and the X screen is
         captured (xwd | xwdtopnm);
and the capture must contain the image exactly. Prints TAP.

Usage: display-clients.py QEMU_BINARY [spice] [sdl]
"""
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..",
                                "scripts", "bench"))
from qtestlib import Qtest, place_bar   # noqa: E402

W, H = 160, 96
STRIDE = 1024
BAR0 = 0xE0000000
SURF_RAM = 0x2000000


def colour(x, y):
    """Seven non-black colours in stripes: findable on any background."""
    c = 1 + (x // 8 + y // 4) % 7
    return (255 if c & 1 else 0, 255 if c & 2 else 0, 255 if c & 4 else 0)


def show_image(q):
    rows = bytearray(STRIDE * H)
    for y in range(H):
        for x in range(W):
            r, g, b = colour(x, y)
            rows[y * STRIDE + 4 * x:y * STRIDE + 4 * x + 4] = bytes((b, g, r, 0))
    for page in range(len(rows) // 4096):
        chunk = rows[page * 4096:(page + 1) * 4096]
        q.cmd("write 0x%x 4096 0x%s" % (SURF_RAM + page * 4096, chunk.hex()))
        q.cmd("writeq 0x%x 0x%x" % (BAR0 + 0x800000 + 8 * page,
                                    (SURF_RAM + page * 4096) | 1))
    for off, val in ((0x70008, 0x80000000), (0x70180, 0x84000000),
                     (0x70188, STRIDE // 64), (0x70190, (H - 1) << 16 | (W - 1)),
                     (0x701a4, 0), (0x7019c, 0)):
        q.cmd("writel 0x%x 0x%x" % (BAR0 + off, val))


def read_ppm(path):
    with open(path, "rb") as f:
        data = f.read()
    fields, pos = [], 0
    while len(fields) < 4:
        while data[pos:pos + 1].isspace():
            pos += 1
        if data[pos:pos + 1] == b"#":
            pos = data.index(b"\n", pos)
            continue
        end = pos
        while not data[end:end + 1].isspace():
            end += 1
        fields.append(data[pos:end])
        pos = end
    assert fields[0] == b"P6", fields
    w, h, maxval = int(fields[1]), int(fields[2]), int(fields[3])
    body = data[pos + 1:]
    if maxval == 255:
        return w, h, body[:3 * w * h]
    # 16-bit samples (xwdtopnm): big-endian, scaled to 8 bits.
    return w, h, bytes(body[2 * i] * 255 // (maxval >> 8)
                       for i in range(3 * w * h))


def find_image(w, h, px):
    """Offset of the test image in a capture, or None."""
    def at(x, y):
        i = 3 * (y * w + x)
        return tuple(px[i:i + 3])
    for oy in range(0, h - H + 1):
        for ox in range(0, w - W + 1):
            if at(ox, oy) != colour(0, 0) or at(ox + 8, oy) != colour(8, 0):
                continue
            if all(at(ox + x, oy + y) == colour(x, y)
                   for y in range(H) for x in range(W)):
                return ox, oy
    return None


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def wait_port(port, deadline):
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), 1).close()
            return True
        except OSError:
            time.sleep(0.1)
    return False


def test_spice(qemu, tmp):
    port = free_port()
    q = Qtest(qemu, ["-machine", "q35", "-vga", "none",
                     "-device", "mvgpu,addr=02.0,id=gpu",
                     "-spice", "port=%d,addr=127.0.0.1,disable-ticketing=on"
                     % port])
    try:
        place_bar(q, 2, 0, BAR0, True)
        show_image(q)
        q.qmp("screendump", filename=os.path.join(tmp, "qmp.ppm"),
              device="gpu")
        if not wait_port(port, time.monotonic() + 20):
            return "SPICE port %d never opened" % port
        out = os.path.join(tmp, "spice.ppm")
        # The client waits for the first frame of the primary surface.
        subprocess.run(["spicy-screenshot", "-h", "127.0.0.1", "-p",
                        str(port), "-o", out], check=True, timeout=60,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        w, h, px = read_ppm(out)
        if find_image(w, h, px) is None:
            return "image not in the SPICE client's %dx%d capture" % (w, h)
        return None
    finally:
        q.close()


def test_sdl(qemu, tmp):
    display = ":%d" % (90 + os.getpid() % 9)
    xvfb = subprocess.Popen(["Xvfb", display, "-screen", "0", "640x480x24",
                             "-nolisten", "tcp"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    env = dict(os.environ, DISPLAY=display, SDL_AUDIODRIVER="dummy")
    old = os.environ.get("DISPLAY")
    os.environ["DISPLAY"] = display
    try:
        deadline = time.monotonic() + 20
        while not os.path.exists("/tmp/.X11-unix/X%s" % display[1:]):
            if time.monotonic() > deadline:
                return "Xvfb did not start"
            time.sleep(0.1)
        q = Qtest(qemu, ["-machine", "q35", "-vga", "none",
                         "-device", "mvgpu,addr=02.0,id=gpu",
                         "-display", "sdl"])
        try:
            place_bar(q, 2, 0, BAR0, True)
            show_image(q)
            found = None
            deadline = time.monotonic() + 30
            while found is None and time.monotonic() < deadline:
                # The SDL window refreshes on its own timer; poll the screen.
                xwd = subprocess.run(["xwd", "-root", "-silent"], env=env,
                                     check=True, capture_output=True).stdout
                ppm = subprocess.run(["xwdtopnm"], input=xwd, check=True,
                                     capture_output=True).stdout
                path = os.path.join(tmp, "sdl.ppm")
                with open(path, "wb") as f:
                    f.write(ppm)
                w, h, px = read_ppm(path)
                found = find_image(w, h, px)
                if found is None:
                    time.sleep(0.5)
            return None if found else "image not on the X screen (%dx%d)" % (w, h)
        finally:
            q.close()
    finally:
        if old is None:
            os.environ.pop("DISPLAY", None)
        else:
            os.environ["DISPLAY"] = old
        xvfb.terminate()
        xvfb.wait()


def main():
    qemu = os.path.abspath(sys.argv[1])
    tests = sys.argv[2:] or ["spice", "sdl"]
    tmp = tempfile.mkdtemp(prefix="mvgpu-clients-")
    failed = 0
    print("1..%d" % len(tests))
    for i, name in enumerate(tests, 1):
        try:
            err = {"spice": test_spice, "sdl": test_sdl}[name](qemu, tmp)
        except Exception as e:      # a test that cannot run has failed
            err = "%s: %s" % (type(e).__name__, e)
        if err:
            failed += 1
            print("not ok %d %s: %s (captures in %s)" % (i, name, err, tmp))
        else:
            print("ok %d %s" % (i, name))
    if not failed:
        shutil.rmtree(tmp)
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
