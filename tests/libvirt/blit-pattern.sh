#!/bin/sh
# mvgpu: display=mvgpu image=tools timeout=900
# The guest of tests/libvirt/libvirt-test.py: GPU work in flight across
# libvirt's save/restore and managedsave. Our mvgpu-gem-blit (every byte of
# every blit checked against its own reference) runs on BCS again and
# again in the background while the guest draws fb-pattern's stripes
# (tests/guest/fb-pattern.sh, carried as /fb-pattern.sh) and waits at its
# screencheck, which is when the test saves and restores the domain; the
# loop ends after it. Each run's verdict is a RESULT line, a failed run's
# steps too.
. /lib/mvgpu/lib.sh

blit_loop() {
    _n=0
    while [ ! -e /tmp/pattern.done ]; do
        run_program mvgpu-gem-blit libvirt-gem-blit-$_n 1 800 >/tmp/blit-$_n.txt 2>&1
        _n=$((_n + 1))
    done
}

modprobe i915
blit_loop &
pid=$!
sh /fb-pattern.sh
touch /tmp/pattern.done
wait $pid
runs=0
for f in /tmp/blit-*.txt; do
    [ -e "$f" ] || continue
    runs=$((runs + 1))
    if grep -q '^RESULT [^ ]* FAIL' "$f"; then
        cat "$f"
    else
        grep '^RESULT libvirt-gem-blit-[0-9]*-exit ' "$f"
    fi
done
if [ "$runs" -ge 1 ]; then
    result libvirt-gem-blit-runs PASS "$runs runs of mvgpu-gem-blit across the saves"
else
    result libvirt-gem-blit-runs FAIL "mvgpu-gem-blit never ran"
fi
gt_health
exit 0
