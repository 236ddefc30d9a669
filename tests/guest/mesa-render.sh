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
# audits 3D and compute commands and skips the 3D ones (compute runs on
# the EU interpreter, its buffers unchecked), so no pixel is checked:
# every step must complete with no GL/EGL error and no lost context, the
# driver must see no hang or wedge, and (the runner's check) the command
# audit must refuse none of Mesa's batches.
. /lib/mvgpu/lib.sh

modprobe i915

if [ ! -e /dev/dri/renderD128 ]; then
    result gl-render-exit FAIL "no /dev/dri/renderD128: $(ls /dev/dri 2>&1 | tr '\n' ' ')"
else
    run_program mvgpu-gl-render gl-render 2 240 -d /dev/dri/renderD128
    run_program mvgpu-gl-desktop gl-desktop 2 240 -d /dev/dri/renderD128
fi

gt_health
exit 0
