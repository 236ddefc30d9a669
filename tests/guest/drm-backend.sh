#!/bin/sh
# mvgpu: display=mvgpu image=tools timeout=900
# Backend drm against a real i915: the guest's i915 drives our vGPU, so
# its /dev/dri/renderD128 is a Gen9 (Kaby Lake GT2, 0x5912) i915 node with
# the whole uAPI. Our mvgpu-drm-harness (tests/drm/mvgpu-drm-harness.c,
# the mvgpu core and the unit tests' fake host, static) runs backend drm's
# code on it with the system's calls: the start-up checks accept the node
# and refuse a missing one and vgem's; user batches are mirrored into host
# VMs as softpinned userptr objects over the fake guest RAM, submitted with
# an out-fence, and their stores land (RCS, BCS, VCS, VECS; a page-table
# change followed; completion through the fd watch and by polling; two
# devices on one node); whole submissions through the core's execlist; which
# memory userptr takes (anonymous, memfd, hugetlb, tmpfs file; not
# read-only or device mappings). Then a hung batch: i915's hang detection
# must end it (one GPU HANG in the log), the batch must FAULT and the next
# one run.
. /lib/mvgpu/lib.sh

modprobe i915
if modprobe vgem; then
    result vgem-module PASS "$(ls /dev/dri | tr '\n' ' ')"
else
    result vgem-module FAIL "this kernel has no vgem module"
fi
# Two huge pages for the hugetlb memfd case.
echo 2 >/proc/sys/vm/nr_hugepages
check_eq hugepages 2 "$(cat /proc/sys/vm/nr_hugepages)"

# Its RESULT lines are drm-*: probe, refuse-missing, refuse-vgem, scan,
# core-open, core-refuse, store, mirror-update, store-bcs, store-vcs,
# store-vecs, repeat, two-devices, polled, execlist, mem-*.
run_program mvgpu-drm-harness drm 20 600 -c probe -c exec -c execlist \
    -c memory
gt_health

# The hang: drm-hang, drm-hang-recovery, then i915's account of it.
run_program mvgpu-drm-harness drm-hang 1 300 -c hang
hangs=$(dmesg | grep -c 'GPU HANG')
wedged=$(dmesg | grep -c -i 'wedged')
if [ "$hangs" -eq 1 ] && [ "$wedged" -eq 0 ]; then
    result hang-detected PASS "$(dmesg | grep -E 'GPU HANG|Resetting' | sed 's/^\[[^]]*\] *//' | tr '\n' '|')"
else
    result hang-detected FAIL "$hangs GPU HANG, $wedged wedged (1, 0 expected)"
fi
if ! why=$(kernel_oops); then
    result no-oops PASS
else
    result no-oops FAIL "$why"
fi
exit 0
