#!/bin/sh
# mvgpu: display=std image=base timeout=90
# Proves the harness itself on stock QEMU devices (-vga std): the guest boots
# the Debian kernel, runs this script, reports, and a screendump round trip
# through the runner works.
. /lib/mvgpu/lib.sh

kver=$(uname -r)
if [ -n "$kver" ]; then
    result harness PASS "kernel=$kver"
else
    result harness FAIL "uname -r printed nothing"
fi

# The images carry i915's module closure for this kernel.
deps=$(modprobe -D i915 2>&1)
echo "modprobe -D i915:"
echo "$deps"
if echo "$deps" | grep -q 'i915\.ko'; then
    result harness-modules PASS "i915 and $(($(echo "$deps" | grep -c '\.ko') - 1)) dependencies"
else
    result harness-modules FAIL "no usable i915 in /lib/modules/$kver"
fi

if screendump harness; then
    result harness-screendump PASS "harness.png"
else
    result harness-screendump FAIL "the runner did not save a screendump"
fi
exit 0
