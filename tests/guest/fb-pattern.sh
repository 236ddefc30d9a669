#!/bin/sh
# mvgpu: display=mvgpu image=base timeout=300
# What the guest draws is what QEMU shows: i915's fbdev framebuffer (written
# by the CPU through the aperture, BAR2) gets a pattern of colour stripes,
# and the runner's screendump must equal it pixel for pixel.
. /lib/mvgpu/lib.sh

modprobe i915
fb=/sys/class/graphics/fb0
if [ ! -c /dev/fb0 ]; then
    result fb-pattern FAIL "no /dev/fb0"
    exit 0
fi
# Take fbcon off the framebuffer: no cursor or text over the pattern.
for vt in /sys/class/vtconsole/vtcon*; do
    grep -q "frame buffer" "$vt/name" && echo 0 > "$vt/bind"
done

size=$(cat $fb/virtual_size)
w=${size%,*}
h=${size#*,}
stride=$(cat $fb/stride)
check_eq fb-format "32 bpp, stride $((w * 4))" "$(cat $fb/bits_per_pixel) bpp, stride $stride"

# The fbstripes pattern of scripts/guest/patterns.py: bands of 100 rows,
# 16-pixel blocks alternating palette colours 2*band and 2*band + 1.
# Pixels are XRGB8888: bytes B, G, R, X.
pixel() {
    b=0; g=0; r=0
    [ $(($1 & 1)) -ne 0 ] && r=377
    [ $(($1 & 2)) -ne 0 ] && g=377
    [ $(($1 & 4)) -ne 0 ] && b=377
    printf "\\$b\\$g\\$r\\000"
}
double() {          # double FILE N: FILE repeated 2^N times
    for _ in $(seq "$2"); do cat "$1" "$1" > "$1.tmp"; mv "$1.tmp" "$1"; done
}
cd /tmp
: > pattern
band=0
while [ $((band * 100)) -lt "$h" ]; do
    pixel $(((2 * band) % 8)) > a
    pixel $(((2 * band + 1) % 8)) > b
    double a 4
    double b 4
    cat a b > row
    double row 6                            # 64 pairs: 2048 pixels
    head -c $((w * 4)) row > r
    rows=$((h - band * 100))
    [ "$rows" -gt 100 ] && rows=100
    for _ in $(seq "$rows"); do cat r; done >> pattern
    band=$((band + 1))
done
cat pattern > /dev/fb0
sync

if screencheck fb-stripes fbstripes; then
    result fb-pattern PASS "$screencheck_verdict"
else
    result fb-pattern FAIL "$screencheck_verdict"
fi
exit 0
