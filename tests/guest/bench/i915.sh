#!/bin/sh
# mvgpu: display=mvgpu image=base timeout=400
# Figures, not checks (make bench-guest): how long i915 takes from modprobe
# to fbcon on mvgpu, and how fast the CPU writes the framebuffer through the
# aperture (BAR2) beside the same bytes written to RAM (tmpfs).
. /lib/mvgpu/lib.sh

up() { cut -d' ' -f1 /proc/uptime; }
ms() { echo "$1 $2" | awk '{printf "%d", ($2 - $1) * 1000}'; }
kernel=$(uname -r)

t0=$(up)
modprobe i915
t1=$(up)
# The same span from the kernel's own clock: first i915 line to fb0.
span=$(dmesg | awk '/i915 0000:00:02.0/ && !a {a = substr($2, 1, length($2) - 1)}
                    /fb0: i915drmfb frame buffer device/ {b = substr($2, 1, length($2) - 1)}
                    END {if (a != "" && b != "") printf "%d", (b - a) * 1000}')
echo "BENCH {\"bench\": \"guest-i915-modprobe-to-fbcon\", \"kernel\": \"$kernel\", \"modprobe_ms\": $(ms "$t0" "$t1"), \"dmesg_probe_to_fb0_ms\": ${span:-null}}"

for vt in /sys/class/vtconsole/vtcon*; do
    grep -q "frame buffer" "$vt/name" && echo 0 > "$vt/bind"
done
bytes=$(cat /sys/class/graphics/fb0/stride)
bytes=$((bytes * $(cut -d, -f2 /sys/class/graphics/fb0/virtual_size)))
head -c "$bytes" /dev/urandom > /tmp/frame
rounds=20
for target in /dev/fb0 /tmp/copy; do
    t0=$(up)
    for _ in $(seq $rounds); do
        dd if=/tmp/frame of=$target bs=65536 2>/dev/null
    done
    t1=$(up)
    elapsed=$(ms "$t0" "$t1")
    mbs=$(echo "$bytes $rounds $elapsed" | awk '{printf "%.1f", $1 * $2 / 1048576 / ($3 / 1000)}')
    echo "BENCH {\"bench\": \"guest-framebuffer-write\", \"kernel\": \"$kernel\", \"target\": \"$target\", \"bytes\": $((bytes * rounds)), \"ms\": $elapsed, \"MB_per_s\": $mbs}"
done
result bench-i915 PASS
exit 0
