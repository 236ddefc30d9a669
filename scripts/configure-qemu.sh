#!/usr/bin/env bash
# Configures QEMU (x86_64-softmmu) in build dir $2 from source tree $1, with the
# displays and accelerators mvgpu is used with. Runs once; QEMU's build system
# re-runs meson by itself when a meson.build or Kconfig changes.
set -euo pipefail

src=$(cd "$1" && pwd)
bld=$2
firmware_dirs=(/usr/share/qemu /usr/share/seabios /usr/lib/ipxe/qemu)

# A binary run from the build tree looks for firmware under qemu-bundle/ (it
# relocates the configured paths); point those at Debian's firmware packages.
link_firmware() {
    for d in "${firmware_dirs[@]}"; do
        if [ ! -e "$bld/qemu-bundle$d" ]; then
            mkdir -p "$(dirname "$bld/qemu-bundle$d")"
            ln -s "$d" "$bld/qemu-bundle$d"
        fi
    done
}

if [ -f "$bld/build.ninja" ]; then
    link_firmware
    exit 0
fi
mkdir -p "$bld"
cd "$bld"
bld=.
# --python: QEMU's venv must see Debian's meson (bookworm-backports), not a
# private interpreter first on PATH. ccache makes rebuilds and fresh clones
# cheap (the Makefile sets CCACHE_BASEDIR so clones share hits).
cc=(); if command -v ccache >/dev/null; then cc=(--cc="ccache cc" --cxx="ccache c++"); fi
"$src/configure" --python=/usr/bin/python3 --target-list=x86_64-softmmu "${cc[@]}" \
    --enable-spice --enable-sdl --enable-opengl --enable-vnc --enable-png \
    --enable-fdt=system --enable-slirp --enable-kvm \
    --disable-docs --disable-werror --disable-tools --disable-user --disable-rust \
    --disable-install-blobs --disable-download \
    --firmwarepath="$(IFS=:; echo "${firmware_dirs[*]}")" \
    > configure.log 2>&1 || {
        tail -n 30 configure.log >&2
        echo "configure-qemu: QEMU's configure failed; full log in $bld/configure.log" >&2
        exit 1
    }
link_firmware
