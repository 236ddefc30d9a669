#!/usr/bin/env bash
# `make run`: a demo VM on -device mvgpu: the guest tools image (Debian
# kernel, i915 loaded, fbcon on the GPU, a shell on the serial console). With
# a display ($DISPLAY) the screen is an SDL window; otherwise VNC and SPICE
# are served on localhost and the command to connect is printed. Without the
# guest images it falls back to QEMU's own firmware (SeaBIOS), which has no
# driver for the GPU and stops at its boot menu.
set -euo pipefail

qemu=${1:-build/qemu-system-x86_64}
repo=$(cd "$(dirname "$0")/.." && pwd)

if [ -e "$repo/build/guest/${KERNEL:-6.12}/initrd-tools.cpio.gz" ]; then
    exec /usr/bin/python3 "$repo/scripts/guest/run-scenario" --interactive \
        --qemu "$qemu" --kernel "${KERNEL:-6.12}" --image tools --display mvgpu
fi

display=(-vnc 127.0.0.1:0 -spice port=5930,addr=127.0.0.1,disable-ticketing=on)
if [ -n "${DISPLAY:-}" ]; then
    display=(-display sdl)
else
    echo "mvgpu demo: no \$DISPLAY; connect with 'gvncviewer 127.0.0.1:0'" \
         "or 'remote-viewer spice://127.0.0.1:5930'"
fi
exec "$qemu" -M q35 -m 1024 -vga none -device mvgpu,addr=02.0,id=gpu0 \
    -L /usr/share/seabios -L /usr/share/qemu \
    -serial mon:stdio "${display[@]}"
