#!/bin/sh
# mvgpu: display=mvgpu image=mesa timeout=300 mem=2048
# Real Mesa 3D work through i915: our mvgpu-gl-render (built from
# tests/guest/src-mesa/mvgpu-gl-render.c) brings up Debian's Mesa (iris) on
# the render node through GBM and EGL, and clears, uploads a texture, draws
# with shaders, blits (blorp), copies into a texture, dispatches a compute
# shader, runs occlusion, transform-feedback and timer queries, transform
# feedback with pause/resume, indirect draws and an indirect dispatch, a 4x
# MSAA draw and resolve, and reads pixels back, each step to glFinish. The
# soft backend
# audits 3D and compute commands and skips them, so no pixel is checked:
# every step must complete with no GL/EGL error and no lost context, the
# driver must see no hang or wedge, and (the runner's check) the command
# audit must refuse none of Mesa's batches.
. /lib/mvgpu/lib.sh

modprobe i915
prog=/usr/libexec/mvgpu/mvgpu-gl-render

if [ ! -x $prog ]; then
    result gl-render-exit FAIL "$prog is not in the image"
elif [ ! -e /dev/dri/renderD128 ]; then
    result gl-render-exit FAIL "no /dev/dri/renderD128: $(ls /dev/dri 2>&1 | tr '\n' ' ')"
else
    # Shaders compile on the guest's CPU (TCG); a fresh boot has no use for
    # Mesa's on-disk shader cache.
    MESA_SHADER_CACHE_DISABLE=true timeout 240 $prog -d /dev/dri/renderD128 \
        >/tmp/gl-render.out 2>&1
    rc=$?
    grep '^RESULT ' /tmp/gl-render.out
    grep -v '^RESULT ' /tmp/gl-render.out | sed 's/^/mvgpu-gl-render: /'
    passed=$(grep -c '^RESULT [^ ]* PASS' /tmp/gl-render.out)
    failed=$(grep -c '^RESULT [^ ]* FAIL' /tmp/gl-render.out)
    if [ $rc -eq 0 ] && [ "$failed" -eq 0 ] && [ "$passed" -gt 2 ]; then
        result gl-render-exit PASS "exit 0, $passed steps passed"
    else
        result gl-render-exit FAIL "exit $rc, $passed passed, $failed failed"
    fi
fi

gt_health
exit 0
