#!/bin/sh
# mvgpu: display=mvgpu image=tools timeout=1200
# Migration with work in flight: our mvgpu-gem-blit (every byte of every
# blit checked against its own reference) runs on BCS, and IGT's
# gem_exec_nop benchmark on RCS, while the runner
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

# nop_loop MOVE: IGT's gem_exec_nop on RCS, again and again until the move
# is over (/tmp/MOVE.moved): "PASS runs" or "FAIL runs why".
bench=/usr/libexec/igt-gpu-tools/benchmarks
nop_loop() {
    _n=0
    while [ ! -e /tmp/$1.moved ]; do
        if ! timeout 300 $bench/gem_exec_nop -e rcs -r 1 >/tmp/$1.nop 2>&1; then
            echo "FAIL $_n $(tail -n 2 /tmp/$1.nop | tr '\n' ' ')"
            return
        fi
        _n=$((_n + 1))
    done
    echo "PASS $_n"
}

modprobe i915
for move in migrate savevm; do
    # The blits (BCS) and empty batches (RCS) run while the VM moves; each
    # run's RESULT lines by name.
    run_program mvgpu-gem-blit "$move-gem-blit" 1 900 >/tmp/$move.txt 2>&1 &
    pid=$!
    nop_loop $move >/tmp/$move.noploop &
    nop=$!
    move_vm $move
    touch /tmp/$move.moved
    wait $pid
    wait $nop
    sed "s/^RESULT blit-/RESULT $move-blit-/" /tmp/$move.txt
    set -- $(cat /tmp/$move.noploop)
    if [ "$1" = PASS ] && [ "${2:-0}" -ge 1 ]; then
        result "$move-gem-exec-nop" PASS "$2 runs of gem_exec_nop -e rcs across the move"
    else
        result "$move-gem-exec-nop" FAIL "$(cat /tmp/$move.noploop)"
    fi
done
gt_health
if dmesg | grep -q -i -E 'resetting|reset.*(engine|chip)'; then
    result no-reset FAIL "$(dmesg | grep -i -m 1 -E 'resetting|reset.*(engine|chip)')"
else
    result no-reset PASS
fi
exit 0
