#!/bin/sh
# mvgpu: display=mvgpu image=tools timeout=1200
# Migration with work in flight: our mvgpu-gem-blit (every byte of every
# blit checked against its own reference) runs on BCS while the runner
# moves the VM to a second QEMU (QMP migrate over a unix socket, the
# destination started with -incoming), then again while it saves a
# snapshot on a qcow2 image and loads it back (savevm, loadvm). The runner
# compares a screendump of the paused source with one of the paused
# destination (the same frame); the driver must see no hang, reset or
# error (docs/guest-tests.md, "Migration").
. /lib/mvgpu/lib.sh

# move_vm migrate|savevm: the runner moves the VM and answers on the serial
# line (run-scenario, MVGPU-MIGRATE); its answer carries the figures.
move_vm() {
    echo "MVGPU-MIGRATE $1"
    if ! read -r -t 900 _m_ans </dev/ttyS0; then
        result "$1" FAIL "no answer from the runner"
        return
    fi
    _m_ans=$(echo "$_m_ans" | tr -d '\r')
    case "$_m_ans" in
        DONE*screen=same*) result "$1" PASS "${_m_ans#DONE }" ;;
        *) result "$1" FAIL "$_m_ans" ;;
    esac
}

modprobe i915
for move in migrate savevm; do
    # The blits run while the VM moves; each run's RESULT lines by name.
    run_program mvgpu-gem-blit "$move-gem-blit" 1 900 >/tmp/$move.txt 2>&1 &
    pid=$!
    move_vm $move
    wait $pid
    sed "s/^RESULT blit-/RESULT $move-blit-/" /tmp/$move.txt
done
gt_health
if dmesg | grep -q -i -E 'resetting|reset.*(engine|chip)'; then
    result no-reset FAIL "$(dmesg | grep -i -m 1 -E 'resetting|reset.*(engine|chip)')"
else
    result no-reset PASS
fi
exit 0
