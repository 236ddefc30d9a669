#!/bin/sh
# mvgpu: display=mvgpu image=firmware timeout=240
# What users run: a guest with Debian's firmware-misc-nonfree (here its
# Skylake and Kaby Lake DMC blobs, scripts/guest/build-firmware-image.sh).
# i915 loads the display microcontroller's program into the device, reports
# it loaded, keeps runtime power management on, binds and lights fbcon, with
# no warning in the kernel log.
. /lib/mvgpu/lib.sh

modprobe i915
log=$(dmesg)

dmc=$(echo "$log" | grep -o 'Finished loading DMC firmware [^ ]*' | head -n 1)
if [ -n "$dmc" ]; then
    result dmc-loaded PASS "${dmc#Finished loading DMC firmware }"
else
    result dmc-loaded FAIL "$(echo "$log" | grep -i 'dmc' | sed 's/^\[[^]]*\] *//' | tr '\n' '|')"
fi
info=/sys/kernel/debug/dri/0/i915_dmc_info
if grep -q 'fw loaded: yes' "$info" 2>/dev/null; then
    result dmc-info PASS "$(grep -E 'path|version' "$info" | tr '\n' ' ')"
else
    result dmc-info FAIL "$(tr '\n' ' ' < "$info" 2>&1 | cut -c1-200)"
fi
if echo "$log" | grep -q 'Disabling runtime power management'; then
    result runtime-pm FAIL "i915 disabled runtime power management"
else
    result runtime-pm PASS
fi
if [ -c /dev/fb0 ]; then
    check_eq fb0-mode 1280,800 "$(cat /sys/class/graphics/fb0/virtual_size)"
else
    result fb0-mode FAIL "no /dev/fb0"
fi
bad=$(echo "$log" | grep -E 'WARNING:|BUG:|Oops|Call Trace|general protection|\*ERROR\*' | head -n 3)
if [ -z "$bad" ] && ! kernel_oops >/dev/null; then
    result no-warnings PASS
else
    result no-warnings FAIL "$(echo "$bad" | sed 's/^\[[^]]*\] *//' | tr '\n' '|')"
fi
exit 0
