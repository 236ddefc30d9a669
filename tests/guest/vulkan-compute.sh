#!/bin/sh
# mvgpu: display=mvgpu image=mesa timeout=300 mem=2048
# Mesa's Vulkan driver (anv) on the vGPU, compute and transfer only: our
# mvgpu-vk-compute (tests/guest/src-mesa/mvgpu-vk-compute.c) creates an
# instance, picks the Intel device on the render node, and submits, each
# with a fence it waits for: vkCmdFillBuffer/CopyBuffer/UpdateBuffer with
# barriers, vkCmdDispatch and vkCmdDispatchIndirect between timestamp
# queries, and vkCmdCopyQueryPoolResults. The soft backend runs the
# dispatches on its EU interpreter, but buffer contents are not checked
# yet (issue 17): every step
# must complete with VK_SUCCESS and no lost device, the driver must see no
# hang or wedge, and (the runner's check) the command audit must refuse
# none of anv's batches. A scenario of its own (same image as mesa-render)
# so that a hang or refusal is charged to anv, not iris, and the corpus
# records anv's workloads apart.
. /lib/mvgpu/lib.sh

modprobe i915
if [ ! -e /dev/dri/renderD128 ]; then
    result vk-compute-exit FAIL "no /dev/dri/renderD128: $(ls /dev/dri 2>&1 | tr '\n' ' ')"
else
    run_program mvgpu-vk-compute vk-compute 3 120 -d /dev/dri/renderD128
fi

gt_health
exit 0
