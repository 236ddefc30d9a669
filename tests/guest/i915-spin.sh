#!/bin/sh
# mvgpu: display=mvgpu image=tools timeout=400
# Engines execute over time: our mvgpu-gem-spin (built from
# tests/guest/src/mvgpu-gem-spin.c) keeps RCS and BCS busy with batches that
# jump back to their own start until the CPU ends them through a CPU map
# (on RCS by rewriting the batch; on BCS, where i915's command parser runs
# a copy of it, by clearing a flag its MI_CONDITIONAL_BATCH_BUFFER_END
# reads), each request ending without error and without a reset; makes an
# RCS batch wait in MI_SEMAPHORE_WAIT until the CPU writes the value it
# polls for; and runs 16 batches that each rewrite the next one before it
# runs (like IGT's gem_exec_whisper). The driver must see no hang, wedge or
# error.
. /lib/mvgpu/lib.sh

modprobe i915

# Its RESULT lines are spin-*: open, rcs, bcs, semaphore, whisper.
run_program mvgpu-gem-spin gem-spin 4 300 -c spin -c semaphore -c whisper

gt_health
exit 0
