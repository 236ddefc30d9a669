#!/bin/sh
# mvgpu: display=mvgpu image=tools timeout=400
# Figures, not checks (make bench-guest): IGT's gem_exec_nop benchmark on
# each engine of the soft backend, as requests (empty batches) per second.
. /lib/mvgpu/lib.sh

modprobe i915
kernel=$(uname -r)
for engine in rcs bcs vcs vecs; do
    us=$(/usr/libexec/igt-gpu-tools/benchmarks/gem_exec_nop -e $engine -r 2 2>/dev/null | tail -n 1)
    rate=$(echo "$us" | awk '$1 > 0 {printf "%.0f", 1000000 / $1}')
    echo "BENCH {\"bench\": \"guest-gem-exec-nop\", \"kernel\": \"$kernel\", \"engine\": \"$engine\", \"us_per_batch\": ${us:-null}, \"batches_per_s\": ${rate:-null}}"
done
result bench-gem-exec-nop PASS
exit 0
