#!/bin/sh
# mvgpu: display=mvgpu image=nested timeout=900 mem=2048
# Figures, not checks (make bench-guest): submission latency, ELSP write to
# completion, of a request with one empty user batch, for our QEMU in this
# guest with backend soft beside backend drm on the guest's i915 (qtest
# /mvgpu/perf/submit-latency). Two levels of emulation under TCG: the "host
# GPU" of drm is the outer mvgpu's soft backend, so the figures compare the
# paths' overheads, not a real GPU.
. /lib/mvgpu/lib.sh

modprobe i915
kernel=$(uname -r)
out=$(MVGPU_QTEST_DEVICE_ARGS=",backend=drm,render-node=/dev/dri/renderD128" \
      timeout 600 mvgpu-qtest -m perf -p /x86_64/mvgpu/perf/submit-latency 2>&1)
echo "$out" | sed -n 's/^{\(.*\)}$/BENCH {"kernel": "'"$kernel"'", \1}/p'
if echo "$out" | grep -q '"backend": "drm"'; then
    result bench-drm-latency PASS
else
    result bench-drm-latency FAIL "$(echo "$out" | tail -n 3 | tr '\n' ' ')"
fi
exit 0
