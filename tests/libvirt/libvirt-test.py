#!/usr/bin/python3
"""mvgpu under Debian's libvirt: the domain of tests/libvirt/domain.xml.

  libvirt-test.py [--qemu PATH] [--images DIR] [--kernel 6.1|6.12] [--logs DIR]

Runs as root. It starts its own libvirtd, in a private mount namespace
(unshare(1)) where /etc/libvirt, /run/libvirt, /var/lib/libvirt,
/var/cache/libvirt and /var/log/libvirt are empty directories of its own, so
it needs no system service and leaves no domain or setting behind. Then:

  virsh define + start      the guest runs tests/libvirt/blit-pattern.sh
                            (the tools image and a kernel of
                            scripts/guest/run-scenario): mvgpu-gem-blit's
                            checked blits on BCS in the background, and
                            tests/guest/fb-pattern.sh's stripes
  at its SCREENDUMP line    (the guest waits for our answer, the pattern on
                            its screen):
    virsh screenshot        equal to the fbstripes pattern
                            (scripts/guest/patterns.py), as the runner checks
    virsh qemu-monitor-command   the device's properties by QMP qom-get
                            and its PCI identity by HMP 'info pci'
    migration               QEMU reports no migration blocker; virsh save +
                            restore, virsh managedsave + start, each
                            followed by the screenshot again
  the guest's own verdict   we answer its screencheck, it prints RESULT
                            fb-pattern PASS, then the blits' RESULT lines,
                            and powers off
  virsh undefine

Prints one line per check and a verdict. Exit status: 0 pass, 1 fail,
2 cannot run (not root, libvirt, QEMU or the guest images missing).
"""

import argparse
import importlib.machinery
import importlib.util
import os
import re
import select
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(REPO, "scripts", "guest"))
import patterns  # noqa: E402


def _load_runner():
    """scripts/guest/run-scenario as a module: its initrd and kernel command
    line, so a guest booted by libvirt is the one the guest tests boot."""
    path = os.path.join(REPO, "scripts", "guest", "run-scenario")
    loader = importlib.machinery.SourceFileLoader("run_scenario", path)
    spec = importlib.util.spec_from_loader("run_scenario", loader)
    mod = importlib.util.module_from_spec(spec)
    loader.exec_module(mod)
    return mod


runner = _load_runner()

LIBVIRTD = "/usr/sbin/libvirtd"
VIRSH = "/usr/bin/virsh"
URI = "qemu:///system"
DOMAIN = "mvgpu-libvirt-test"
SCENARIO = os.path.join(REPO, "tests", "libvirt", "blit-pattern.sh")
# What SCENARIO runs beside its blits: the stripes the screenshots compare.
PATTERN_SCRIPT = os.path.join(REPO, "tests", "guest", "fb-pattern.sh")
TEMPLATE = os.path.join(HERE, "domain.xml")
# libvirt's own directories, private to this test inside its namespace.
PRIVATE_DIRS = ("/etc/libvirt", "/run/libvirt", "/var/lib/libvirt",
                "/var/cache/libvirt", "/var/log/libvirt")
# The QEMU driver as root without Debian's libvirt-daemon-system: QEMU runs
# as root, with no security driver, cgroup or namespace set-up, no virtlogd.
QEMU_CONF = """\
user = "root"
group = "root"
dynamic_ownership = 0
remember_owner = 0
security_driver = "none"
stdio_handler = "file"
cgroup_controllers = [ ]
namespaces = [ ]
"""
# libvirt 9's QEMU driver looks up its compiled-in user before it reads
# qemu.conf; Debian's libvirt-daemon-system would create it.
QEMU_USER = ("libvirt-qemu:x:64055:64055:libvirt qemu:/var/lib/libvirt:"
             "/usr/sbin/nologin\n", "libvirt-qemu:x:64055:\n")
NS_ENV = "MVGPU_LIBVIRT_NAMESPACE"


class Fatal(Exception):
    """Cannot run at all (exit status 2)."""


class Failed(Exception):
    """A check failed; the rest of the run makes no sense."""


def say(msg):
    print("libvirt-test: " + msg, flush=True)


# ------------------------------------------------------------ the daemon --

def private_libvirt(tmp):
    """Empty libvirt directories and a passwd with libvirt-qemu, bind-mounted
    inside this process's own mount namespace."""
    root = os.path.join(tmp, "root")
    for d in PRIVATE_DIRS:
        os.makedirs(d, exist_ok=True)          # the mount point
        os.makedirs(root + d, exist_ok=True)
        subprocess.run(["mount", "--bind", root + d, d], check=True)
    for name, extra in zip(("passwd", "group"), QEMU_USER):
        copy = os.path.join(tmp, name)
        with open("/etc/" + name) as src, open(copy, "w") as dst:
            text = src.read()
            dst.write(text)
            if not re.search(r"^libvirt-qemu:", text, re.M):
                dst.write(extra)
        subprocess.run(["mount", "--bind", copy, "/etc/" + name], check=True)
    with open("/etc/libvirt/qemu.conf", "w") as f:
        f.write(QEMU_CONF)
    with open("/etc/libvirt/libvirtd.conf", "w") as f:
        f.write('log_outputs = "3:file:%s"\n' % os.path.join(tmp, "libvirtd.log"))


def start_libvirtd(tmp):
    """libvirtd --daemon returns once its socket listens (clients wait for
    its drivers to initialise). Returns its pid."""
    pidfile = os.path.join(tmp, "libvirtd.pid")
    subprocess.run([LIBVIRTD, "--daemon", "--pid-file", pidfile], check=True,
                   stdin=subprocess.DEVNULL)
    with open(pidfile) as f:
        return int(f.read().strip())


def stop_pid(pid):
    """SIGTERM, then wait for it to be gone (it is not our child)."""
    try:
        fd = os.pidfd_open(pid)
    except ProcessLookupError:
        return
    try:
        os.kill(pid, signal.SIGTERM)
        if not select.select([fd], [], [], 30)[0]:
            os.kill(pid, signal.SIGKILL)
            select.select([fd], [], [], 30)
    except ProcessLookupError:
        pass
    finally:
        os.close(fd)


def virsh(*args, check=True):
    """(status, stdout + stderr) of one virsh command."""
    p = subprocess.run([VIRSH, "-q", "-c", URI] + list(args),
                       stdin=subprocess.DEVNULL, capture_output=True, text=True)
    out = (p.stdout + p.stderr).strip()
    if check and p.returncode != 0:
        raise Failed("virsh %s: %s" % (" ".join(args), out))
    return p.returncode, out


# ------------------------------------------------------------- the guest --

class Serial:
    """The guest's serial line: QEMU connects to our socket, again after
    every restore."""

    def __init__(self, path, logpath):
        self.listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.listener.bind(path)
        self.listener.listen(1)
        self.conn = None
        self.buf = b""
        self.log = open(logpath, "ab")

    def accept(self, deadline):
        if self.conn is not None:
            self.conn.close()
        self.conn = None
        if not select.select([self.listener], [], [], remaining(deadline))[0]:
            raise Failed("QEMU did not connect the serial line")
        self.conn, _ = self.listener.accept()
        self.buf = b""

    def line(self, deadline):
        """The next line, or None when QEMU closed the line."""
        while b"\n" not in self.buf:
            if not select.select([self.conn], [], [], remaining(deadline))[0]:
                raise Failed("timeout waiting for the guest")
            data = self.conn.recv(4096)
            if not data:
                return None
            self.log.write(data)
            self.log.flush()
            self.buf += data
        raw, self.buf = self.buf.split(b"\n", 1)
        return raw.decode("utf-8", "replace").rstrip("\r")

    def send(self, text):
        self.conn.sendall(text.encode() + b"\n")


def remaining(deadline):
    return max(0.0, deadline - time.monotonic())


class Test:
    def __init__(self, args, tmp):
        self.args = args
        self.tmp = tmp
        self.logs = args.logs
        self.failures = []
        self.shots = 0

    def check(self, name, ok, detail):
        print("%s %s %s" % ("PASS" if ok else "FAIL", name, detail), flush=True)
        if not ok:
            self.failures.append(name)
        return ok

    def screenshot(self, name, pattern):
        self.shots += 1
        shot = os.path.join(self.logs, "%02d-%s.img" % (self.shots, name))
        path = os.path.join(self.logs, "%02d-%s.ppm" % (self.shots, name))
        virsh("screenshot", DOMAIN, shot)
        with open(shot, "rb") as f:
            magic = f.read(8)
        if magic.startswith(b"\x89PNG"):
            # libvirt 9 asks QEMU for PNG when QEMU can write it (netpbm's
            # pngtopnm, of scripts/setup-host.sh, makes the runner's PPM).
            with open(path, "wb") as out:
                subprocess.run(["pngtopnm", shot], stdout=out, check=True)
            os.rename(shot, shot[:-4] + ".png")
        else:
            os.rename(shot, path)
        verdict = patterns.compare(pattern, path)
        self.check("screenshot-" + name, verdict.startswith("MATCH"),
                   "%s (%s)" % (verdict, path))
        return verdict

    def monitor(self):
        """The device through virsh qemu-monitor-command."""
        _, out = virsh("qemu-monitor-command", DOMAIN,
                       '{"execute":"qom-get","arguments":'
                       '{"path":"/machine/peripheral/gpu0","property":"device-id"}}')
        self.check("qom-device-id", '"return":22802' in out.replace(" ", ""),
                   "qom-get gpu0 device-id: " + out)
        _, out = virsh("qemu-monitor-command", DOMAIN,
                       '{"execute":"qom-get","arguments":'
                       '{"path":"/machine/peripheral/gpu0","property":"x-host-batches"}}')
        # The soft backend runs every batch itself: no host GPU batches.
        self.check("qom-x-host-batches", '"return":0' in out.replace(" ", ""),
                   "qom-get gpu0 x-host-batches: " + out)
        _, out = virsh("qemu-monitor-command", DOMAIN, "--hmp", "info pci")
        m = re.search(r"Bus\s+0, device\s+2, function 0:\s*\n\s*VGA controller: "
                      r"PCI device (\w+:\w+)", out)
        self.check("hmp-info-pci", bool(m) and m.group(1) == "8086:5912",
                   "00:02.0 is %s" % (m.group(1) if m else "absent"))

    def blockers(self):
        """QEMU's migration blockers (query-migrate's blocked-reasons)."""
        _, out = virsh("qemu-monitor-command", DOMAIN, '{"execute":"query-migrate"}')
        m = re.search(r'"blocked-reasons":\s*\[(.*?)\]', out)
        return re.findall(r'"((?:[^"\\]|\\.)*)"', m.group(1)) if m else []

    def migration(self, serial, deadline):
        # The device migrates (hw/display/mvgpu/mvgpu-migration.c); a blocker
        # would make libvirt refuse save, managedsave and migrate up front
        # ("cannot migrate domain: " and QEMU's reason).
        reasons = self.blockers()
        if not self.check("migratable", not reasons,
                          "query-migrate blocked-reasons: %s" % (reasons or "none")):
            return
        state = os.path.join(self.tmp, "saved.state")
        virsh("save", DOMAIN, state)
        _, st = virsh("domstate", DOMAIN)
        self.check("save", st == "shut off", "after virsh save: " + st)
        virsh("restore", state)
        serial.accept(deadline)
        _, st = virsh("domstate", DOMAIN)
        self.check("restore", st == "running", "after virsh restore: " + st)
        self.screenshot("after-restore", self.pattern)
        virsh("managedsave", DOMAIN)
        _, info = virsh("dominfo", DOMAIN)
        m = re.search(r"^State:\s+(.*)$", info, re.M)
        st = m.group(1) if m else "?"
        saved = re.search(r"^Managed save:\s+yes$", info, re.M) is not None
        self.check("managedsave", st == "shut off" and saved,
                   "dominfo: state %s, managed save %s" % (st, "yes" if saved else "no"))
        virsh("start", DOMAIN)
        serial.accept(deadline)
        _, info = virsh("dominfo", DOMAIN)
        gone = re.search(r"^Managed save:\s+no$", info, re.M) is not None
        self.check("start-from-managedsave", gone,
                   "the managed save image was used and removed" if gone else info)
        self.screenshot("after-managedsave", self.pattern)

    def run(self):
        args = self.args
        kernel = os.path.join(args.images, args.kernel, "vmlinuz")
        base = os.path.join(args.images, args.kernel, "initrd-tools.cpio.gz")
        for p in (kernel, base):
            if not os.path.isfile(p):
                raise Fatal("%s is missing; build the images: make guest-images" % p)
        initrd = runner.initrd_with_scenario(
            base, SCENARIO, self.tmp, extra=(("fb-pattern.sh", PATTERN_SCRIPT),))
        ropts = argparse.Namespace(loglevel=3, append="")
        words = {
            "NAME": DOMAIN,
            "EMULATOR": args.qemu,
            "KERNEL": kernel,
            "INITRD": initrd,
            "CMDLINE": runner.kernel_append(ropts, 0),
            "SERIAL": os.path.join(self.tmp, "serial.sock"),
        }
        with open(TEMPLATE) as f:
            xml = f.read()
        for k, v in words.items():
            xml = xml.replace("@%s@" % k, v)
        leftover = re.findall(r"@[A-Z]+@", xml)
        if leftover:
            raise Fatal("%s: nothing fills %s" % (TEMPLATE, " ".join(leftover)))
        xmlpath = os.path.join(self.logs, "domain.xml")
        with open(xmlpath, "w") as f:
            f.write(xml)

        serial = Serial(words["SERIAL"], os.path.join(self.logs, "serial.log"))
        deadline = time.monotonic() + args.timeout
        virsh("define", xmlpath)
        try:
            virsh("start", DOMAIN)
            serial.accept(deadline)
            results = []
            end = False
            while True:
                line = serial.line(deadline)
                if line is None:
                    break
                m = runner.SCREENDUMP_RE.search(line)
                if m and m.group(2):
                    self.pattern = m.group(2)
                    verdict = self.screenshot(m.group(1), self.pattern)
                    self.monitor()
                    self.migration(serial, deadline)
                    # The guest's screencheck gets the first screenshot's
                    # verdict; later ones are ours.
                    serial.send("DONE " + verdict)
                    continue
                m = runner.RESULT_RE.search(line)
                if m:
                    results.append(m.groups())
                    self.check("guest-" + m.group(1), m.group(2) == "PASS",
                               m.group(3))
                    continue
                m = runner.EXIT_RE.search(line)
                if m:
                    self.check("guest-scenario-exit", m.group(1) == "0",
                               "rc=" + m.group(1))
                if "MVGPU-END" in line:
                    end = True
            self.check("guest-results", bool(results), "%d RESULT lines" % len(results))
            self.check("guest-end", end, "the guest reached MVGPU-END and powered off")
        finally:
            if virsh("domstate", DOMAIN, check=False)[1] != "shut off":
                virsh("destroy", DOMAIN, check=False)
            rc, out = virsh("undefine", DOMAIN, "--managed-save", check=False)
            if rc != 0:
                self.failures.append("undefine")
                say("virsh undefine: " + out)
            log = os.path.join("/var/log/libvirt/qemu", DOMAIN + ".log")
            if os.path.exists(log):
                shutil.copy(log, os.path.join(self.logs, "qemu.log"))
        return self.failures


def in_namespace(args):
    tmp = tempfile.mkdtemp(prefix="mvgpu-libvirt-")
    pid = None
    try:
        private_libvirt(tmp)
        pid = start_libvirtd(tmp)
        rc, out = virsh("version", check=False)
        say("libvirt %s, emulator %s" % (
            (re.search(r"Using library: libvirt (\S+)", out) or [None, "?"])[1], args.qemu))
        failures = Test(args, tmp).run()
    finally:
        if pid is not None:
            stop_pid(pid)
        log = os.path.join(tmp, "libvirtd.log")
        if os.path.exists(log):
            shutil.copy(log, os.path.join(args.logs, "libvirtd.log"))
        shutil.rmtree(tmp, ignore_errors=True)
    if failures:
        say("FAIL: %s (logs in %s)" % (" ".join(failures), args.logs))
        return 1
    say("PASS (logs in %s)" % args.logs)
    return 0


def main(argv):
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0],
                                formatter_class=argparse.RawDescriptionHelpFormatter,
                                epilog=__doc__)
    p.add_argument("--qemu", default=os.environ.get("QEMU_BIN") or
                   os.path.join(REPO, "build", "qemu-system-x86_64"))
    p.add_argument("--images", default=os.path.join(REPO, "build", "guest"))
    p.add_argument("--kernel", default="6.12", choices=runner.KERNELS)
    p.add_argument("--logs", default=os.path.join(REPO, "build", "libvirt-logs"))
    p.add_argument("--timeout", type=float, default=600,
                   help="wall-clock limit for the whole run, seconds")
    args = p.parse_args(argv)
    args.qemu = os.path.abspath(args.qemu)
    args.images = os.path.abspath(args.images)
    args.logs = os.path.abspath(args.logs)

    if os.geteuid() != 0:
        raise Fatal("needs root (it starts its own libvirtd)")
    for path, pkg in ((LIBVIRTD, "libvirt-daemon"), (VIRSH, "libvirt-clients"),
                      ("/usr/lib/x86_64-linux-gnu/libvirt/connection-driver/"
                       "libvirt_driver_qemu.so", "libvirt-daemon-driver-qemu")):
        if not os.path.exists(path):
            raise Fatal("libvirt is missing (%s, package %s): run scripts/setup-host.sh"
                        % (path, pkg))
    if not (os.path.isfile(args.qemu) and os.access(args.qemu, os.X_OK)):
        raise Fatal("%s is not an executable QEMU (make qemu, or --qemu)" % args.qemu)
    if os.environ.get(NS_ENV) != "1":
        # Again, in a mount namespace of its own.
        env = dict(os.environ, **{NS_ENV: "1"})
        return subprocess.run(["unshare", "--mount", "--propagation", "private",
                               sys.executable, os.path.abspath(__file__)] + argv,
                              env=env).returncode
    os.makedirs(args.logs, exist_ok=True)
    for name in os.listdir(args.logs):
        os.unlink(os.path.join(args.logs, name))
    return in_namespace(args)


if __name__ == "__main__":
    signal.signal(signal.SIGTERM, lambda s, f: sys.exit(143))
    try:
        sys.exit(main(sys.argv[1:]))
    except Fatal as e:
        say("cannot run: " + str(e))
        sys.exit(2)
    except Failed as e:
        say("FAIL: " + str(e))
        sys.exit(1)
