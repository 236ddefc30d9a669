#!/bin/sh
# mvgpu: display=mvgpu image=mesa timeout=300 mem=2048
# Real Mesa 3D work through i915, our programs from tests/guest/src-mesa on
# Debian's Mesa (iris) on the render node through GBM and EGL:
# mvgpu-gl-render (GLES 3.1) clears, uploads a texture, draws with shaders,
# blits (blorp), copies into a texture, dispatches a compute shader, runs
# occlusion, transform-feedback and timer queries, transform feedback with
# pause/resume, indirect draws and an indirect dispatch, a 4x MSAA draw and
# resolve, and reads pixels back; mvgpu-gl-desktop (GL 4.6 core) adds what
# ES cannot reach: conditional rendering, query buffer objects,
# indirect-count draws, pipeline statistics, buffer clears and copies, and
# texture/PBO readbacks. Each step runs to glFinish. The soft backend
# audits 3D and compute commands and skips them, so no pixel is checked:
# every step must complete with no GL/EGL error and no lost context, the
# driver must see no hang or wedge, and (the runner's check) the command
# audit must refuse none of Mesa's batches.
. /lib/mvgpu/lib.sh

modprobe i915

# run_prog NAME TAG: NAME's RESULT lines, its other output prefixed, and
# "RESULT TAG-exit": exit 0, no step failed, more than the start-up passed.
run_prog() {
    prog=/usr/libexec/mvgpu/$1
    if [ ! -x $prog ]; then
        result $2-exit FAIL "$prog is not in the image"
        return
    fi
    # Shaders compile on the guest's CPU (TCG); a fresh boot has no use for
    # Mesa's on-disk shader cache.
    MESA_SHADER_CACHE_DISABLE=true timeout 240 $prog -d /dev/dri/renderD128 \
        >/tmp/$1.out 2>&1
    rc=$?
    grep '^RESULT ' /tmp/$1.out
    grep -v '^RESULT ' /tmp/$1.out | sed "s/^/$1: /"
    passed=$(grep -c '^RESULT [^ ]* PASS' /tmp/$1.out)
    failed=$(grep -c '^RESULT [^ ]* FAIL' /tmp/$1.out)
    if [ $rc -eq 0 ] && [ "$failed" -eq 0 ] && [ "$passed" -gt 2 ]; then
        result $2-exit PASS "exit 0, $passed steps passed"
    else
        result $2-exit FAIL "exit $rc, $passed passed, $failed failed"
    fi
}

if [ ! -e /dev/dri/renderD128 ]; then
    result gl-render-exit FAIL "no /dev/dri/renderD128: $(ls /dev/dri 2>&1 | tr '\n' ' ')"
else
    run_prog mvgpu-gl-render gl-render
    run_prog mvgpu-gl-desktop gl-desktop
fi

gt_health
exit 0
