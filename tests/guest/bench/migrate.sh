#!/bin/sh
# mvgpu: display=mvgpu image=tools timeout=900 mem=1024
# Figures, not checks (make bench-guest): downtime and total time of a live
# migration (run-scenario's MVGPU-MIGRATE: QMP migrate over a unix socket
# to a second QEMU, unthrottled) of a 1 GiB guest at work: on mvgpu our
# mvgpu-gem-blit on BCS; beside it the same guest with -vga std (run with
# --display std), where the work is the CPU writing the same amount of RAM.
. /lib/mvgpu/lib.sh

kernel=$(uname -r)
if [ "$(cat /sys/bus/pci/devices/0000:00:02.0/vendor 2>/dev/null)" = 0x8086 ]; then
    display=mvgpu
    modprobe i915
    run_program mvgpu-gem-blit bench-blit 1 600 >/tmp/work.txt 2>&1 &
else
    display=std
    (i=0; while [ $i -lt 40 ]; do
         dd if=/dev/zero of=/tmp/fill bs=1M count=32 2>/dev/null; i=$((i + 1))
     done) &
fi
pid=$!
sleep 2
echo "MVGPU-MIGRATE migrate"
if read -r -t 600 ans </dev/ttyS0; then
    ans=$(echo "$ans" | tr -d '\r')
    down=$(echo "$ans" | sed -n 's/.*downtime=\([0-9]*\)ms.*/\1/p')
    total=$(echo "$ans" | sed -n 's/.*total=\([0-9]*\)ms.*/\1/p')
    echo "BENCH {\"bench\": \"guest-migrate\", \"kernel\": \"$kernel\", \"display\": \"$display\", \"guest_mib\": 1024, \"downtime_ms\": ${down:-null}, \"total_ms\": ${total:-null}}"
    case "$ans" in
        DONE*) result bench-migrate PASS "$ans" ;;
        *) result bench-migrate FAIL "$ans" ;;
    esac
else
    result bench-migrate FAIL "no answer from the runner"
fi
wait $pid
exit 0
