#!/bin/sh
# mvgpu: display=mvgpu image=nested timeout=900 mem=2048
# Our QEMU with backend=drm against a real i915: this guest's i915 drives
# the outer mvgpu, so /dev/dri/renderD128 is a Gen9 i915 node. The nested
# image carries our QEMU and its qtest (scripts/guest/build-nested-image.sh);
# the qtest's execution tests run with the inner device on that node, so the
# glue's host callbacks (hw/display/mvgpu/mvgpu-host-ram.c: guest RAM
# pointers for userptr, the fence fd watch, the memory backends) are used by
# a real QEMU: the user batch of /mvgpu/execlist-submission must run on the
# host GPU (x-host-batches 1) and its store land in the inner guest's RAM;
# the user spinner of /mvgpu/execlist-spin-and-reset ends when the CPU
# rewrites it; /mvgpu/migrate/in-flight migrates the inner VM (a context at
# a semaphore; the host spinner refused, the source going on; tcp, then a
# user batch on the destination's host GPU). Then QEMU's start-up refusals:
# no node, vgem's node, guest RAM mapped read-only.
. /lib/mvgpu/lib.sh

modprobe i915
modprobe vgem
# The migration qtest listens on 127.0.0.1.
ip link set lo up 2>/dev/null || ifconfig lo 127.0.0.1 up
node=/dev/dri/renderD128

# runs QEMU and prints its first error line; "" when it started and quit.
start_error() {
    timeout 120 mvgpu-qemu-system-x86_64 -M q35 -accel qtest -display none -nodefaults \
        -qtest null "$@" </dev/null 2>&1 | head -n 1
}

# qtests PREFIX: the execution tests, one RESULT PREFIX-<test> each.
qtests() {
    for t in execlist-submission execlist-spin-and-reset two-devices \
             migrate/in-flight; do
        name=$1-$(echo "$t" | tr / -)
        out=$(timeout 300 mvgpu-qtest --tap -p /x86_64/mvgpu/$t 2>&1)
        if echo "$out" | grep -q "^ok 1 "; then
            result "$name" PASS
        else
            result "$name" FAIL "$(echo "$out" | grep -v '^#' | tail -n 3 | tr '\n' ' ')"
        fi
    done
}

# On the soft backend first: the same image and QEMU, so a failure below
# is the drm path's.
qtests soft
# The inner spinners run on this guest's i915, which drives a vGPU and so
# never preempts (intel_vgpu_active(): no preemption or timeslicing): its
# heartbeat resets a spinner ~16 s after it starts, and under nested TCG
# the migration test keeps its host spinner running about that long (it
# must still run when the migration is refused). A host with real
# hardware preempts the spinner at its MI_ARB_CHECK instead. Hold the
# heartbeat back for these tests, then restore it: gt-healthy below still
# sees any hang.
held=
hold() {
    [ -w "$1" ] || return 0
    held="$1=$(cat "$1") $held"
    echo "$2" > "$1"
}
for hb in /sys/class/drm/card*/engine/*/heartbeat_interval_ms; do
    hold "$hb" 600000
done
MVGPU_QTEST_DEVICE_ARGS=",backend=drm,render-node=$node"
export MVGPU_QTEST_DEVICE_ARGS
qtests drm
unset MVGPU_QTEST_DEVICE_ARGS
for h in $held; do
    echo "${h#*=}" > "${h%=*}"
done

why=$(start_error -device mvgpu,backend=drm,render-node=/dev/dri/renderD200)
case "$why" in
    *"/dev/dri/renderD200"*) result refuse-missing PASS "$why" ;;
    *) result refuse-missing FAIL "got: $why" ;;
esac
# The other render node is vgem's (i915 probes first: renderD128).
vgem=
for n in /dev/dri/renderD*; do
    [ "$n" = "$node" ] || vgem=$n
done
if [ -n "$vgem" ]; then
    why=$(start_error -device mvgpu,backend=drm,render-node=$vgem)
    case "$why" in
        *"its driver is 'vgem', not i915"*) result refuse-vgem PASS "$why" ;;
        *) result refuse-vgem FAIL "got: $why" ;;
    esac
else
    result refuse-vgem FAIL "no vgem render node: $(ls /dev/dri | tr '\n' ' ')"
fi
truncate -s 64M /tmp/ro.img
why=$(start_error -machine memory-backend=ro -m 64M \
    -object memory-backend-file,id=ro,size=64M,mem-path=/tmp/ro.img,readonly=on \
    -device mvgpu,backend=drm,render-node=$node)
case "$why" in
    *"guest memory 'ro' is mapped read-only"*) result refuse-read-only-ram PASS "$why" ;;
    *) result refuse-read-only-ram FAIL "got: $why" ;;
esac

gt_health
if ! why=$(kernel_oops); then
    result no-oops PASS
else
    result no-oops FAIL "$why"
fi
exit 0
