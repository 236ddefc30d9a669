#!/bin/sh
# mvgpu: display=mvgpu image=base timeout=90
# The mvgpu device as the guest's PCI core sees it at 00:02.0: Intel,
# Kaby Lake GT2 (0x5912), VGA class, BAR0 16 MiB (MMIO + GTT), BAR2 256 MiB
# (aperture). One RESULT per check.
. /lib/mvgpu/lib.sh

dev=/sys/bus/pci/devices/0000:00:02.0
if [ ! -d "$dev" ]; then
    result pci-present FAIL "no device at 0000:00:02.0"
    exit 0
fi

check_eq pci-vendor 0x8086 "$(cat "$dev/vendor")"
check_eq pci-device 0x5912 "$(cat "$dev/device")"
check_eq pci-class 0x030000 "$(cat "$dev/class")"

# $dev/resource: one line per resource, "start end flags"; BARs 0..5 first.
bar_size() {
    set -- $(sed -n "$(($1 + 1))p" "$dev/resource")
    if [ $(($2)) -eq 0 ]; then
        echo 0
    else
        echo $(($2 - $1 + 1))
    fi
}

check_bar() {  # check_bar NAME INDEX EXPECTED_MIB
    size=$(bar_size "$2")
    want=$(($3 * 1024 * 1024))
    if [ "$size" = "$want" ]; then
        result "$1" PASS "$(($size / 1048576)) MiB"
    else
        result "$1" FAIL "expected $3 MiB ($want bytes), got $size bytes"
    fi
}

echo "resource of 0000:00:02.0:"
cat "$dev/resource"
check_bar pci-bar0-size 0 16
check_bar pci-bar2-size 2 256
exit 0
