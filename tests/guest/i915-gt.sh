#!/bin/sh
# mvgpu: display=mvgpu image=tools timeout=400
# The GT works: i915 initialises it without a hang or a wedge (its first
# request on every engine completes on the soft backend), and IGT's
# gem_exec_nop benchmark completes empty batches on every engine.
. /lib/mvgpu/lib.sh

modprobe i915
bench=/usr/libexec/igt-gpu-tools/benchmarks
for engine in rcs bcs vcs vecs; do
    out=$(timeout 120 $bench/gem_exec_nop -e $engine -r 1 2>&1)
    rc=$?
    if [ $rc -eq 0 ]; then
        result "gem-exec-nop-$engine" PASS "$(echo "$out" | tail -n 1) us per batch"
    else
        result "gem-exec-nop-$engine" FAIL "exit $rc: $(echo "$out" | tail -n 2 | tr '\n' ' ')"
    fi
done

gt_health
exit 0
