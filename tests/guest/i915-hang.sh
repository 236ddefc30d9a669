#!/bin/sh
# mvgpu: display=mvgpu image=tools timeout=500
# The guest's own hang detection: our mvgpu-gem-spin (built from
# tests/guest/src/mvgpu-gem-spin.c) submits on RCS, on a context of its
# own, a batch that jumps to itself forever with no arbitration point. The
# device runs it for as long as the guest lets it; i915's heartbeat must
# declare it hung, reset the engine once (GDRST), cancel the request and
# blame that context, and a fresh batch on another context must then run.
# A hang is expected here, so gt_health does not run; instead the kernel
# log must show exactly one hang and one engine reset, no wedge, no oops.
. /lib/mvgpu/lib.sh

modprobe i915

# Its RESULT lines are spin-open, spin-hang, spin-hang-recovery.
run_program mvgpu-gem-spin gem-hang 2 300 -c hang

# What i915 said about it, time stamps dropped: on 6.1 and 6.12 one
#   [drm] GPU HANG: ecode 9:1:..., in mvgpu-gem-spin [PID]
#   [drm] Resetting rcs0 for stopped heartbeat on rcs0
#   [drm] mvgpu-gem-spin[PID] context reset due to GPU hang
# (the last when i915 found the request it blames); a request i915 had to
# cancel after its 20 s request watchdog ("Fence expiration time out",
# "Resetting rcs0 for request cancellation") means the first reset did not
# end the batch.
log=$(dmesg | grep -E 'i915|\[drm\]|Fence expiration' |
      grep -E 'GPU HANG|Resetting|wedged|heartbeat|preempt|Fence expiration|banned|context reset' |
      sed 's/^\[[^]]*\] *//')
echo "$log" | sed 's/^/i915-log: /'
hangs=$(echo "$log" | grep -c 'GPU HANG')
resets=$(echo "$log" | grep -c -E 'Resetting (rcs0|chip)')
wedged=$(echo "$log" | grep -c -i 'wedged')
blamed=$(echo "$log" | grep -c 'context reset due to GPU hang')
if [ "$hangs" -eq 1 ] && [ "$resets" -eq 1 ] && [ "$blamed" -eq 1 ] &&
   [ "$wedged" -eq 0 ]; then
    result hang-detected PASS "$(echo "$log" | tr '\n' '|')"
else
    result hang-detected FAIL "$hangs GPU HANG, $resets resets, $blamed blamed, $wedged wedged (1, 1, 1, 0 expected): $(echo "$log" | head -n 6 | tr '\n' '|')"
fi
if ! why=$(kernel_oops); then
    result no-oops PASS
else
    result no-oops FAIL "$why"
fi
exit 0
