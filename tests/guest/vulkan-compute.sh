#!/bin/sh
# mvgpu: display=mvgpu image=mesa timeout=300 mem=2048
# Mesa's Vulkan driver (anv) on the vGPU, compute and transfer only: our
# mvgpu-vk-compute (tests/guest/src-mesa/mvgpu-vk-compute.c) creates an
# instance, picks the Intel device on the render node, and submits, each
# with a fence it waits for: vkCmdFillBuffer/CopyBuffer/UpdateBuffer with
# barriers, vkCmdDispatch and vkCmdDispatchIndirect between timestamp
# queries, and vkCmdCopyQueryPoolResults. The soft backend audits compute
# commands and skips them, so buffer contents are not checked: every step
# must complete with VK_SUCCESS and no lost device, the driver must see no
# hang or wedge, and (the runner's check) the command audit must refuse
# none of anv's batches. A scenario of its own (same image as mesa-render)
# so that a hang or refusal is charged to anv, not iris, and the corpus
# records anv's workloads apart.
. /lib/mvgpu/lib.sh

modprobe i915
prog=/usr/libexec/mvgpu/mvgpu-vk-compute

if [ ! -x $prog ]; then
    result vk-compute-exit FAIL "$prog is not in the image"
elif [ ! -e /dev/dri/renderD128 ]; then
    result vk-compute-exit FAIL "no /dev/dri/renderD128: $(ls /dev/dri 2>&1 | tr '\n' ' ')"
else
    # The shader compiles on the guest's CPU (TCG); no on-disk cache.
    MESA_SHADER_CACHE_DISABLE=true timeout 120 $prog -d /dev/dri/renderD128 \
        >/tmp/vk-compute.out 2>&1
    rc=$?
    grep '^RESULT ' /tmp/vk-compute.out
    grep -v '^RESULT ' /tmp/vk-compute.out | sed 's/^/mvgpu-vk-compute: /'
    passed=$(grep -c '^RESULT [^ ]* PASS' /tmp/vk-compute.out)
    failed=$(grep -c '^RESULT [^ ]* FAIL' /tmp/vk-compute.out)
    if [ $rc -eq 0 ] && [ "$failed" -eq 0 ] && [ "$passed" -gt 3 ]; then
        result vk-compute-exit PASS "exit 0, $passed steps passed"
    else
        result vk-compute-exit FAIL "exit $rc, $passed passed, $failed failed"
    fi
fi

gt_health
exit 0
