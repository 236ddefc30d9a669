#!/bin/sh
# mvgpu: display=mvgpu image=base timeout=240
# Loads i915 against the mvgpu device and collects what the driver said.
# PASS means the collection worked (bound=yes|no tells whether i915 took the
# device); FAIL only when the kernel oopsed / hit a BUG. A QEMU crash is
# caught by the runner, which checks QEMU's exit.
. /lib/mvgpu/lib.sh

dev=/sys/bus/pci/devices/0000:00:02.0

modprobe i915
rc=$?
echo "modprobe i915: exit status $rc"

echo "--- dmesg | grep -i -E 'i915|drm'"
dmesg | grep -i -E 'i915|drm'
echo "---"

bound=no
driver=none
if [ -e "$dev/driver" ]; then
    bound=yes
    driver=$(basename "$(readlink "$dev/driver")")
fi
cards=$(ls /dev/dri 2>/dev/null | tr '\n' ',' | sed 's/,$//')
warnings=$(dmesg | grep -c 'WARNING: CPU')
errors=$(dmesg | grep -c -i 'i915.*\*ERROR\*')

screendump after-modprobe || true

if why=$(kernel_oops); then
    result i915-load FAIL "kernel oops/BUG: $why (bound=$bound)"
else
    result i915-load PASS "bound=$bound driver=$driver modprobe_rc=$rc dri=${cards:-none} warnings=$warnings errors=$errors"
fi
exit 0
