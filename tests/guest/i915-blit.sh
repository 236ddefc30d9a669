#!/bin/sh
# mvgpu: display=mvgpu image=tools timeout=500
# The blitter end to end through i915: our mvgpu-gem-blit (built from
# tests/guest/src/mvgpu-gem-blit.c) fills, copies and ROPs GEM objects on
# BCS (XY_COLOR_BLT, XY_SRC_COPY_BLT linear/X/Y, XY_FAST_COPY_BLT linear/X/Y,
# a gem_linear_blits-like loop) and checks every byte against its own
# reference; IGT's gem_blt and intel_upload_blit_large benchmarks run and
# report their throughput; the driver must see no hang, wedge or error.
. /lib/mvgpu/lib.sh

modprobe i915
bench=/usr/libexec/igt-gpu-tools/benchmarks

# Its RESULT lines are blit-*; it passes with more than one case passed.
run_program mvgpu-gem-blit gem-blit 1 400

# IGT's benchmark: 1 MiB XY_SRC_COPY_BLTs (one per execbuf, relocated once,
# then I915_EXEC_NO_RELOC), one 0.1 s sample set; it prints MiB/s.
out=$(timeout 120 $bench/gem_blt -s 1048576 -r 1 -t 100 2>&1)
rc=$?
fig=$(echo "$out" | grep -E '^ *[0-9]+\.[0-9]+$' | tail -n 1 | tr -d ' ')
if [ $rc -eq 0 ] && [ -n "$fig" ]; then
    result gem-blt PASS "$fig MiB/s (1 MiB XY_SRC_COPY_BLT per execbuf)"
else
    result gem-blt FAIL "exit $rc: $(echo "$out" | tail -n 3 | tr '\n' ' ')"
fi

# IGT's upload benchmark: a 1280x720 32 bpp image written with pwrite into a
# fresh object, then XY_SRC_COPY_BLT onto a target on BCS, 200 times.
out=$(timeout 120 $bench/intel_upload_blit_large 2>&1)
rc=$?
fig=$(echo "$out" | sed -n 's/.*iterations in .* secs: \([0-9.]*\) MB\/sec.*/\1/p' | tail -n 1)
if [ $rc -eq 0 ] && [ -n "$fig" ]; then
    result upload-blit-large PASS "$fig MB/s ($(echo "$out" | tail -n 1 | cut -d: -f1))"
else
    result upload-blit-large FAIL "exit $rc: $(echo "$out" | tail -n 3 | tr '\n' ' ')"
fi

gt_health
exit 0
