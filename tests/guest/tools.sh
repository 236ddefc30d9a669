#!/bin/sh
# mvgpu: display=std image=tools timeout=150
# The tools image's userland runs in the guest: libdrm's modetest and an IGT
# program (Debian's intel-gpu-tools ships IGT's tools and benchmarks, not its
# test binaries such as gem_exec_basic; gem_userptr_benchmark is built on
# igt_main and lists subtests without a GPU).
. /lib/mvgpu/lib.sh

out=$(modetest -h 2>&1)
if echo "$out" | grep -q -i '^usage: .*modetest'; then
    result tools-modetest PASS "modetest -h prints its usage"
else
    echo "$out"
    result tools-modetest FAIL "modetest -h: $(echo "$out" | head -n 1)"
fi

igt=/usr/libexec/igt-gpu-tools/benchmarks/gem_userptr_benchmark
out=$("$igt" --list-subtests 2>&1)
n=$(echo "$out" | grep -c '^userptr-')
if [ "$n" -gt 0 ]; then
    result tools-igt-list-subtests PASS "$(basename "$igt"): $n subtests"
else
    echo "$out"
    result tools-igt-list-subtests FAIL "$(basename "$igt") --list-subtests: $(echo "$out" | head -n 1)"
fi

out=$(intel_gpu_top -h 2>&1)
if echo "$out" | grep -q -i 'usage'; then
    result tools-intel-gpu-top PASS "intel_gpu_top -h prints its usage"
else
    echo "$out"
    result tools-intel-gpu-top FAIL "intel_gpu_top -h: $(echo "$out" | head -n 1)"
fi
exit 0
