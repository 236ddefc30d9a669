#!/usr/bin/python3
"""Client tests: what mvgpu shows reaches real display clients.

A VM (qtest accelerator, no guest OS) gets an image in guest RAM, mapped
through the GGTT and shown on pipe A, then:
  spice  a real SPICE client (spicy-screenshot, from spice-client-gtk)
         connects to -spice port=... and captures the primary surface;
  sdl    QEMU shows it with -display sdl under Xvfb and the X screen is
         captured (xwd | xwdtopnm);
  vnc    a minimal RFB client receives the frame, the cursor the device
         defines with cursor=pointer (shape, mask and hot spot), and asks
         for another desktop size: the device must answer with a hotplug
         on its monitor;
and the capture must contain the image exactly. Prints TAP.

Usage: display-clients.py QEMU_BINARY [spice] [sdl] [vnc]
"""
import os
import shutil
import socket
import struct
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "scripts", "bench"))
sys.path.insert(0, os.path.join(HERE, "..", "..", "scripts", "guest"))
from qtestlib import Qtest, place_bar   # noqa: E402
from patterns import read_ppm           # noqa: E402

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


CURSOR_GMA = 0x40000            # GGTT address of the cursor image
CURSOR_RAM = 0x2100000
HOT_X, HOT_Y = 3, 5


def cursor_pixel(x, y):
    """ARGB: opaque stripes on the left half, transparent on the right."""
    r, g, b = colour(x, y)
    return (0xff000000 if x < 32 else 0) | r << 16 | g << 8 | b


def show_cursor(q):
    img = b"".join(struct.pack("<I", cursor_pixel(x, y))
                   for y in range(64) for x in range(64))
    for page in range(4):
        q.cmd("write 0x%x 4096 0x%s" % (CURSOR_RAM + page * 4096,
                                        img[page * 4096:(page + 1) * 4096].hex()))
        q.cmd("writeq 0x%x 0x%x" % (BAR0 + 0x800000 + 8 * (CURSOR_GMA // 4096 + page),
                                    (CURSOR_RAM + page * 4096) | 1))
    for off, val in ((0x78830, HOT_X), (0x78834, HOT_Y),   # PVINFO hot spot
                     (0x70080, 0x27),                       # CURCNTR: 64x64 ARGB
                     (0x70088, (20 << 16) | 30),            # CURPOS
                     (0x70084, CURSOR_GMA)):                # CURBASE
        q.cmd("writel 0x%x 0x%x" % (BAR0 + off, val))


class Rfb:
    """Just enough of RFB 3.8 to see frames, cursors and ask for a size."""

    def __init__(self, path):
        self.s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.s.settimeout(30)
        self.s.connect(path)
        assert self.recv(12).startswith(b"RFB 003.")
        self.s.sendall(b"RFB 003.008\n")
        types = self.recv(self.recv(1)[0])
        assert 1 in types, "no 'None' security type: %r" % types
        self.s.sendall(b"\x01")
        assert struct.unpack(">I", self.recv(4))[0] == 0
        self.s.sendall(b"\x01")                                 # shared
        self.width, self.height = struct.unpack(">HH", self.recv(4))
        self.recv(16)
        self.recv(struct.unpack(">I", self.recv(4))[0])         # name
        # 32 bpp, depth 24, little endian, true colour, r<<16 g<<8 b.
        self.s.sendall(struct.pack(">B3xBBBBHHHBBB3x", 0, 32, 24, 0, 1,
                                   255, 255, 255, 16, 8, 0))
        encodings = [0, -239, -223, -308]       # raw, cursor, resize, ext
        self.s.sendall(struct.pack(">BxH%di" % len(encodings), 2,
                                   len(encodings), *encodings))
        self.frame = None
        self.cursor = None

    def recv(self, n):
        data = b""
        while len(data) < n:
            chunk = self.s.recv(n - len(data))
            if not chunk:
                raise EOFError("VNC server closed the connection")
            data += chunk
        return data

    def request(self, incremental):
        self.s.sendall(struct.pack(">BBHHHH", 3, incremental, 0, 0,
                                   self.width, self.height))

    def set_desktop_size(self, w, h):
        self.s.sendall(struct.pack(">BxHHBxIHHHHI", 251, w, h, 1, 0, 0, 0,
                                   w, h, 0))

    def pump(self):
        """Reads one server message."""
        kind = self.recv(1)[0]
        if kind == 2:                                           # bell
            return
        if kind == 3:                                           # cut text
            self.recv(3)
            self.recv(struct.unpack(">I", self.recv(4))[0])
            return
        assert kind == 0, "unexpected server message %d" % kind
        self.recv(1)
        for _ in range(struct.unpack(">H", self.recv(2))[0]):
            x, y, w, h, enc = struct.unpack(">HHHHi", self.recv(12))
            if enc == 0:
                data = self.recv(w * h * 4)
                if self.frame is None or (w, h) == (self.width, self.height):
                    self.frame = (x, y, w, h, data)
            elif enc == -239:
                pixels = self.recv(w * h * 4)
                mask = self.recv((w + 7) // 8 * h)
                self.cursor = (x, y, w, h, pixels, mask)
            elif enc == -223:
                self.width, self.height = w, h
            elif enc == -308:
                n = self.recv(4)[0]
                self.recv(16 * n)
                self.width, self.height = w, h
            else:
                raise AssertionError("unexpected encoding %d" % enc)


def check_vnc_frame(rfb):
    x, y, w, h, data = rfb.frame
    # BGRX pixels to RGB, then look for the image as in a capture.
    rgb = bytes(b for i in range(w * h) for b in (data[4 * i + 2],
                                                   data[4 * i + 1], data[4 * i]))
    return find_image(w, h, rgb) is not None


def check_vnc_cursor(rfb):
    hx, hy, w, h, pixels, mask = rfb.cursor
    if (hx, hy, w, h) != (HOT_X, HOT_Y, 64, 64):
        return "cursor %dx%d hot spot (%d,%d)" % (w, h, hx, hy)
    for yy in range(64):
        for xx in range(64):
            want = cursor_pixel(xx, yy)
            opaque = bool(mask[yy * 8 + xx // 8] & (0x80 >> (xx % 8)))
            if opaque != (xx < 32):
                return "mask bit (%d,%d) is %d" % (xx, yy, opaque)
            got = struct.unpack("<I", pixels[4 * (yy * 64 + xx):][:4])[0]
            if opaque and got & 0xffffff != want & 0xffffff:
                return "pixel (%d,%d) is %06x, want %06x" % (
                    xx, yy, got & 0xffffff, want & 0xffffff)
    return None


def test_vnc(qemu, tmp):
    sock = os.path.join(tmp, "vnc.sock")
    # cursor=pointer: the cursor plane goes to the client as its pointer
    # (with cursor=frame, the default, it would be in the frame instead).
    q = Qtest(qemu, ["-machine", "q35", "-vga", "none",
                     "-device", "mvgpu,addr=02.0,id=gpu,cursor=pointer",
                     "-vnc", "unix:" + sock])
    try:
        place_bar(q, 2, 0, BAR0, True)
        show_image(q)
        show_cursor(q)
        # The monitor's hotplug interrupt, unmasked as i915 does.
        q.cmd("writel 0x%x 0x%x" % (BAR0 + 0xc4004, ~(1 << 23) & 0xffffffff))
        q.cmd("writel 0x%x 0x%x" % (BAR0 + 0xc400c, 1 << 23))
        rfb = Rfb(sock)
        deadline = time.monotonic() + 30
        while (rfb.frame is None or rfb.cursor is None) and \
                time.monotonic() < deadline:
            rfb.request(rfb.frame is not None)
            rfb.pump()
        if rfb.frame is None or not check_vnc_frame(rfb):
            return "the image is not in the VNC frame"
        if rfb.cursor is None:
            return "no cursor from the VNC server"
        err = check_vnc_cursor(rfb)
        if err:
            return "cursor: " + err
        # A client asking for 1024x768: new EDID, hotplug pulse on port D.
        rfb.set_desktop_size(1024, 768)
        while time.monotonic() < deadline:
            hp = int(q.cmd("readl 0x%x" % (BAR0 + 0xc4030))[0], 16)
            iir = int(q.cmd("readl 0x%x" % (BAR0 + 0xc4008))[0], 16)
            if (hp >> 16) & 3 == 2 and iir & (1 << 23):
                return None
            rfb.s.settimeout(0.2)
            try:
                rfb.pump()
            except socket.timeout:
                pass
            finally:
                rfb.s.settimeout(30)
        return "no hotplug after SetDesktopSize"
    finally:
        q.close()


def main():
    qemu = os.path.abspath(sys.argv[1])
    tests = sys.argv[2:] or ["spice", "sdl", "vnc"]
    tmp = tempfile.mkdtemp(prefix="mvgpu-clients-")
    failed = 0
    print("1..%d" % len(tests))
    for i, name in enumerate(tests, 1):
        try:
            err = {"spice": test_spice, "sdl": test_sdl,
                   "vnc": test_vnc}[name](qemu, tmp)
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
