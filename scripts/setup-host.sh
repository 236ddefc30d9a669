#!/usr/bin/env bash
# Installs what mvgpu's build and tests need, from Debian's archive only.
# Idempotent: prints what it adds and does nothing when everything is present.
# Needs root (or sudo) the first time on a fresh Debian 12 machine.
set -euo pipefail

SUDO=
if [ "$(id -u)" != 0 ]; then
    SUDO=sudo
fi

# Packages from bookworm itself. The line before the last two: libvirtd,
# its QEMU driver and virsh for tests/libvirt (no libvirt-daemon-system: no
# services, users or default network; the test starts its own libvirtd).
# The last two lines: what IGT's tests need to build
# (scripts/guest/build-igt.sh, when IGT's source is there).
BASE_PKGS=(
    build-essential pkg-config ninja-build python3-venv flex bison ccache
    libglib2.0-dev libpixman-1-dev libslirp-dev libfdt-dev libspice-server-dev
    libsdl2-dev libepoxy-dev libdrm-dev libgbm-dev libpng-dev zlib1g-dev
    libegl-dev libgles-dev libopengl-dev libgl-dev libvulkan-dev
    seabios ovmf ipxe-qemu dpkg-dev xz-utils rsync
    busybox-static cpio kmod zstd
    xvfb xauth x11-apps spice-client-gtk netpbm
    clang libclang-rt-14-dev
    libvirt-daemon libvirt-daemon-driver-qemu libvirt-clients
    libcairo2-dev libdw-dev libkmod-dev libproc2-dev libunwind-dev peg
    libpciaccess-dev libudev-dev
)
# Packages that must come from bookworm-backports (versions bookworm lacks).
BPO_PKGS=(meson python3-pycotap qemu-system-data)

sources_file=/etc/apt/sources.list.d/mvgpu.sources

# The archive the machine already uses for bookworm; we add suites next to it
# rather than naming a host of our own.
archive_uri() {
    local uri
    uri=$(grep -hE '^(URIs:|deb )' /etc/apt/sources.list /etc/apt/sources.list.d/*.sources \
              /etc/apt/sources.list.d/*.list 2>/dev/null |
          grep -v security | grep -oE '(https?|file)://[^ ]*debian/?' | head -n 1 || true)
    if [ -z "$uri" ]; then
        echo "setup-host: cannot find the machine's Debian archive in /etc/apt" >&2
        exit 1
    fi
    echo "${uri%/}"
}

if [ ! -f "$sources_file" ]; then
    uri=$(archive_uri)
    echo "setup-host: adding bookworm-backports (deb, deb-src) and trixie (deb-src) from $uri"
    $SUDO tee "$sources_file" >/dev/null <<SRC
# Added by mvgpu scripts/setup-host.sh: meson >= 1.5 and firmware from
# bookworm-backports, QEMU 10.0.x source from trixie (source only).
Types: deb deb-src
URIs: $uri
Suites: bookworm-backports
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

Types: deb-src
URIs: $uri
Suites: trixie bookworm
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SRC
    $SUDO apt-get update -q
fi

# i915's DMC firmware for the firmware image (scripts/guest/build-firmware-image.sh)
# comes from bookworm's non-free-firmware component; only downloaded, never
# installed on the host.
firmware_sources=/etc/apt/sources.list.d/mvgpu-firmware.sources
if [ ! -f "$firmware_sources" ]; then
    uri=$(archive_uri)
    echo "setup-host: adding bookworm non-free-firmware (deb) from $uri"
    $SUDO tee "$firmware_sources" >/dev/null <<SRC
# Added by mvgpu scripts/setup-host.sh: firmware-misc-nonfree (i915 DMC) for
# the guest's firmware image.
Types: deb
URIs: $uri
Suites: bookworm
Components: non-free-firmware
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SRC
    $SUDO apt-get update -q
fi

missing=()
for p in "${BASE_PKGS[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
    echo "setup-host: installing ${missing[*]}"
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}" ||
        { $SUDO apt-get update -q &&
          $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"; }
fi

missing=()
for p in "${BPO_PKGS[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
    echo "setup-host: installing from bookworm-backports: ${missing[*]}"
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
        -t bookworm-backports "${missing[@]}"
fi

# meson >= 1.5 is what QEMU 10.0 requires.
mver=$(/usr/bin/meson --version 2>/dev/null || echo 0)
if ! printf '1.5.0\n%s\n' "$mver" | sort -V -C; then
    echo "setup-host: meson $mver is too old (QEMU 10.0 needs >= 1.5)" >&2
    exit 1
fi
