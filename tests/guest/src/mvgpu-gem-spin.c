/*
 * mvgpu-gem-spin: engines that execute over time, through the i915 uAPI.
 *
 * Runs in the guest (tools image, /usr/libexec/mvgpu/mvgpu-gem-spin) against
 * /dev/dri/card0 with nothing but raw ioctls. Every batch is a softpinned
 * GEM object (EXEC_OBJECT_PINNED at an address of the test's choosing), so
 * a batch can name its own address and the addresses of the other objects
 * without relocations. The cases:
 *
 *   spin       a batch that jumps back to its own start (MI_ARB_CHECK,
 *              MI_NOOP, MI_BATCH_BUFFER_START to itself) keeps the engine
 *              busy for as long as the CPU lets it: still running after 1 s,
 *              then the CPU rewrites its MI_NOOP into MI_BATCH_BUFFER_END
 *              through a CPU map and the batch must end, its request's
 *              fence without error and no reset blamed on the context. On
 *              RCS, and on BCS, where i915's command parser runs a copy and
 *              the loop ends on a flag dword instead (see case_spin()).
 *              i915 does not preempt in a vGPU guest (scheduler caps without
 *              PREEMPTION), so a spinner that outlives a few heartbeats is
 *              reset: the default 1 s stays well clear of that.
 *   semaphore  MI_SEMAPHORE_WAIT (poll, equal) on a dword the CPU writes
 *              while the batch waits; the store behind the wait happens only
 *              once the value is right.
 *   whisper    16 batches, one execbuf each, each rewriting the immediate of
 *              the next one's store before that one runs (like IGT's
 *              gem_exec_whisper): the engine must read a user batch when it
 *              reaches it, not when it was submitted.
 *   hang       a batch that loops forever without an arbitration point, on a
 *              context of its own: i915's heartbeat must find it hung, reset
 *              the engine and blame that context; a fresh batch on another
 *              new context must then run correctly.
 *
 * Prints one line per case (spin: one per engine; hang: the hang and the
 * recovery), "RESULT spin-<name> PASS|FAIL <detail>" (the guest harness's
 * format), and exits 1 when any case failed, 2 when it could not run at all.
 *
 *   mvgpu-gem-spin [-d /dev/dri/cardN] [-c spin|semaphore|whisper|hang]...
 *                  [-t SECONDS]
 *
 * -t sets how long a spinner must still be running before the CPU ends it
 * (default 1 s, at most 15: i915 cancels any request after 20 s). Longer
 * than a few of i915's heartbeat intervals (2.5 s), it also shows whether
 * the heartbeat preempts a spinner at its MI_ARB_CHECK or resets it.
 * Without -c every case runs, hang last (it leaves a GPU hang in the kernel
 * log on purpose, so scenarios that check for none run the others alone).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <stdlib.h>
#include <time.h>

#include <linux/sync_file.h>

#define RESULT_PREFIX "spin-"
#include "mvgpu-gem.h"          /* the ioctls, MI commands, mvgpu-result.h */

#define BATCH_SIZE              4096u

/*
 * Where each case softpins its objects. Distinct ranges, so that no case
 * has to evict what an earlier one left bound in the same address space.
 */
#define AT_SPIN_RCS             0x100000ull
#define AT_SPIN_BCS             0x200000ull
#define AT_SPIN_BCS_FLAG        0x210000ull
#define AT_SEM_BATCH            0x400000ull
#define AT_SEM_VALUE            0x410000ull
#define AT_SEM_RESULT           0x420000ull
#define AT_WHISPER              0x800000ull     /* + i * 4 KiB */
#define AT_WHISPER_RESULT       0x900000ull
#define AT_HANG                 0xc00000ull
#define AT_AFTER_BATCH          0xd00000ull
#define AT_AFTER_RESULT         0xd10000ull

static int parser_version;
static unsigned spin_s = 1;

/* ------------------------------------------------------------- helpers -- */

static double now(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* ----------------------------------------------------------- execbuf ---- */

#define MAX_OBJ 4

/* The objects of one execbuf, all softpinned, the batch added last. */
typedef struct Exec {
    struct drm_i915_gem_exec_object2 obj[MAX_OBJ];
    unsigned n;
} Exec;

static void exec_add(Exec *e, uint32_t handle, uint64_t addr, bool write)
{
    if (e->n < MAX_OBJ) {
        e->obj[e->n++] = (struct drm_i915_gem_exec_object2) {
            .handle = handle,
            .offset = addr,
            .flags = EXEC_OBJECT_PINNED | EXEC_OBJECT_SUPPORTS_48B_ADDRESS |
                     (write ? EXEC_OBJECT_WRITE : 0),
        };
    }
}

/*
 * Submits on @ring (I915_EXEC_RENDER, I915_EXEC_BLT) of context @ctx (0:
 * the file's default one); the last object is the batch, @bytes of it.
 * With @fence, also asks for the request's out-fence (a sync_file, -1 when
 * there is none). 0, or -errno of the ioctl, or -EFAULT when the kernel
 * moved a pinned object.
 */
static int exec_submit(Exec *e, unsigned ring, uint32_t ctx, uint32_t bytes,
                       int *fence)
{
    struct drm_i915_gem_execbuffer2 eb = {
        .buffers_ptr = (uintptr_t)e->obj,
        .buffer_count = e->n,
        .batch_len = bytes,
        .flags = ring | I915_EXEC_NO_RELOC | (fence ? I915_EXEC_FENCE_OUT : 0),
        .rsvd1 = ctx,
    };
    uint64_t want[MAX_OBJ];
    int err;

    for (unsigned i = 0; i < e->n; i++) {
        want[i] = e->obj[i].offset;
    }
    /* _WR: the kernel writes the out-fence back into rsvd2. */
    err = xioctl(DRM_IOCTL_I915_GEM_EXECBUFFER2_WR, &eb);
    if (fence) {
        *fence = err ? -1 : (int)(eb.rsvd2 >> 32);
    }
    for (unsigned i = 0; !err && i < e->n; i++) {
        if (e->obj[i].offset != want[i]) {
            err = -EFAULT;
        }
    }
    return err;
}

/*
 * How a request ended, from its out-fence: 1 completed, 0 still running,
 * -errno when i915 ended it with an error (-EIO: a reset blamed it,
 * -EINTR: cancelled, e.g. by its request watchdog), -ENOENT without a
 * fence. GEM_WAIT cannot tell these apart, the fence can.
 */
static int fence_status(int fence)
{
    struct sync_file_info info;

    if (fence < 0) {
        return -ENOENT;
    }
    memset(&info, 0, sizeof(info));
    if (ioctl(fence, SYNC_IOC_FILE_INFO, &info)) {
        return -errno;
    }
    return info.status;
}

static const char *status_name(int st)
{
    static char buf[32];

    if (st == 1) {
        return "completed";
    }
    if (st == 0) {
        return "active";
    }
    snprintf(buf, sizeof(buf), "error %s", strerror(-st));
    return buf;
}

static void fence_close(int fence)
{
    if (fence >= 0) {
        close(fence);
    }
}

static const char *ring_name(unsigned ring)
{
    return ring == I915_EXEC_BLT ? "bcs" : "rcs";
}

/* --------------------------------------------------------------- spin --- */

/*
 * The spinner: dword 1 is the MI_NOOP the CPU turns into
 * MI_BATCH_BUFFER_END; the MI_ARB_CHECK lets i915 preempt it (its
 * heartbeat does every few seconds), so the spinning itself is no hang.
 *
 * On Gen9 i915 runs every BCS user batch through its command parser
 * (I915_PARAM_CMD_PARSER_VERSION > 0), which executes a copy made at
 * submission, with the jump redirected into the copy: rewriting the
 * original cannot end that one. There the loop also carries an
 * MI_CONDITIONAL_BATCH_BUFFER_END on a flag dword in another object, which
 * the copy still reads live; the case checks that the rewrite of the
 * original does not end the copy, then ends it through the flag.
 */
static void case_spin(unsigned ring, uint64_t at, uint64_t flag_at)
{
    const char *name = ring_name(ring), *how = "";
    bool parsed = ring == I915_EXEC_BLT && parser_version > 0;
    uint32_t dw[16], one = 1, bo, flag = 0;
    volatile uint32_t *map = NULL, *fmap = NULL;
    struct drm_i915_reset_stats before, after;
    unsigned n = 0;
    double t0, t_end, t_done;
    Exec e = { .n = 0 };
    int err, busy, fence = -1, st;
    WHY;

    dw[n++] = MI_ARB_CHECK;
    dw[n++] = MI_NOOP;                  /* the dword the CPU rewrites */
    if (parsed) {
        dw[n++] = MI_COND_BB_END;
        dw[n++] = 0;                    /* ends once the flag is 0 */
        dw[n++] = (uint32_t)flag_at;
        dw[n++] = (uint32_t)(flag_at >> 32);
    }
    dw[n++] = MI_BATCH_BUFFER_START;
    dw[n++] = (uint32_t)at;
    dw[n++] = (uint32_t)(at >> 32);
    dw[n++] = MI_BATCH_BUFFER_END;      /* never reached while it spins */
    if (n & 1) {
        dw[n++] = MI_NOOP;
    }

    bo = gem_new(BATCH_SIZE, dw, n);
    if (!bo || !(map = gem_map(bo, BATCH_SIZE, &how))) {
        result(name, false, "setup: cannot create or map the batch (%s)", how);
        goto out;
    }
    if (parsed) {
        flag = gem_new(4096, &one, 1);
        if (!flag || !(fmap = gem_map(flag, 4096, &how))) {
            result(name, false, "setup: cannot create or map the flag (%s)",
                   how);
            goto out;
        }
        exec_add(&e, flag, flag_at, false);
    }
    if (reset_stats(0, &before)) {
        result(name, false, "GET_RESET_STATS: %s", strerror(errno));
        goto out;
    }
    exec_add(&e, bo, at, false);
    t0 = now();
    err = exec_submit(&e, ring, 0, n * 4, &fence);
    if (err) {
        result(name, false, "EXECBUFFER2 on %s: %s", name, err_name(err));
        goto out;
    }
    busy = gem_busy(bo);
    if (busy != 1) {
        snprintf(why, sizeof(why), "GEM_BUSY right after submission says %s",
                 busy ? strerror(-busy) : "idle");
        goto fail;
    }
    /* The old device model declared such a batch hung at once. */
    err = gem_wait(bo, spin_s * NS_PER_S);
    if (err != -ETIME) {
        snprintf(why, sizeof(why), "GEM_WAIT(%u s) while it should spin: %s "
                 "after %.2f s", spin_s, err ? err_name(err) : "idle",
                 now() - t0);
        goto fail;
    }
    cpu_write(&map[1], MI_BATCH_BUFFER_END);
    if (parsed) {
        err = gem_wait(bo, NS_PER_S);
        if (err != -ETIME) {
            snprintf(why, sizeof(why), "the kernel's parsed copy ended when "
                     "the original batch was rewritten (GEM_WAIT: %s)",
                     err ? err_name(err) : "idle");
            goto fail;
        }
        cpu_write(&fmap[0], 0);
    }
    t_end = now();
    err = gem_wait(bo, 30 * NS_PER_S);
    t_done = now();
    if (err) {
        snprintf(why, sizeof(why), "not done %.1f s after the CPU ended it "
                 "(%s): the engine did not see the CPU's write", t_done - t_end,
                 err_name(err));
        goto fail;
    }
    if (gem_busy(bo) != 0) {
        snprintf(why, sizeof(why), "GEM_BUSY not idle after a good GEM_WAIT");
        goto fail;
    }
    /*
     * An engine reset does not show in reset_count (full GPU resets only),
     * and one that found no request to blame leaves the context's counts
     * alone too; the request's fence carries the error of any reset or
     * cancellation that ended it instead of the CPU.
     */
    st = fence_status(fence);
    if (st != 1) {
        snprintf(why, sizeof(why), "idle %.3f s after the CPU ended it, but "
                 "the request's fence says %s: i915 ended it, not the CPU's "
                 "write", t_done - t_end, status_name(st));
        goto fail;
    }
    if (reset_stats(0, &after)) {
        snprintf(why, sizeof(why), "GET_RESET_STATS: %s", strerror(errno));
        goto fail;
    }
    if (after.batch_active || after.batch_pending ||
        after.reset_count != before.reset_count) {
        snprintf(why, sizeof(why), "ended, but a reset happened: default "
                 "context batch_active %u batch_pending %u, reset_count %u -> "
                 "%u", after.batch_active, after.batch_pending,
                 before.reset_count, after.reset_count);
        goto fail;
    }
    result(name, true, "%sspun %.2f s until the CPU %s, then ended in %.3f s "
           "without error (fence completed, default context batch_active 0 "
           "batch_pending 0, reset_count %u); CPU writes through %s",
           parsed ? "command-parsed copy " : "", t_end - t0,
           parsed ? "cleared its flag (rewriting the original dword 1 "
                    "changed nothing, as i915 executes its copy)"
                  : "rewrote dword 1 into MI_BATCH_BUFFER_END",
           t_done - t_end, after.reset_count, how);
    goto out;
fail:
    result(name, false, "%s spinner at 0x%" PRIx64 ": %s", name, at, why);
out:
    fence_close(fence);
    gem_unmap(map, BATCH_SIZE);
    gem_unmap(fmap, 4096);
    gem_close(bo);
    gem_close(flag);
}

/* ---------------------------------------------------------- semaphore --- */

#define SEM_VALUE   0x5e4au
#define SEM_RESULT  0xc0ffee01u

/*
 * MI_SEMAPHORE_WAIT in poll mode, "memory == 0x5e4a", on a dword that
 * starts at 0, then a store of SEM_RESULT. While the batch waits the CPU
 * checks that the store has not happened, writes a wrong value (the batch
 * must go on waiting), then the right one (it must complete).
 */
static void case_semaphore(void)
{
    uint32_t dw[16], zero = 0, bo = 0, sem = 0, res = 0, got = 0;
    volatile uint32_t *smap = NULL, *rmap = NULL;
    const char *how = "";
    unsigned n = 0;
    double t0, t_set, t_done;
    Exec e = { .n = 0 };
    int err, fence = -1, st;
    WHY;

    dw[n++] = MI_SEMAPHORE_WAIT | MI_SEMAPHORE_POLL | MI_SEMAPHORE_SAD_EQ_SDD;
    dw[n++] = SEM_VALUE;
    dw[n++] = (uint32_t)AT_SEM_VALUE;
    dw[n++] = (uint32_t)(AT_SEM_VALUE >> 32);
    dw[n++] = MI_STORE_DWORD_IMM;
    dw[n++] = (uint32_t)AT_SEM_RESULT;
    dw[n++] = (uint32_t)(AT_SEM_RESULT >> 32);
    dw[n++] = SEM_RESULT;
    dw[n++] = MI_BATCH_BUFFER_END;
    dw[n++] = MI_NOOP;

    bo = gem_new(BATCH_SIZE, dw, n);
    sem = gem_new(4096, &zero, 1);
    res = gem_new(4096, &zero, 1);
    if (!bo || !sem || !res || !(smap = gem_map(sem, 4096, &how)) ||
        !(rmap = gem_map(res, 4096, &how))) {
        result("semaphore", false, "setup: cannot create or map the objects "
               "(%s)", how);
        goto out;
    }
    exec_add(&e, sem, AT_SEM_VALUE, false);
    exec_add(&e, res, AT_SEM_RESULT, true);
    exec_add(&e, bo, AT_SEM_BATCH, false);
    t0 = now();
    err = exec_submit(&e, I915_EXEC_RENDER, 0, n * 4, &fence);
    if (err) {
        result("semaphore", false, "EXECBUFFER2 with MI_SEMAPHORE_WAIT on rcs "
               "refused: %s (errno %d)", err_name(err), -err);
        goto out;
    }
    err = gem_wait(bo, NS_PER_S);
    if (err != -ETIME) {
        snprintf(why, sizeof(why), "GEM_WAIT(1 s) before the value was "
                 "written: %s (result dword 0x%08x): it did not wait",
                 err ? err_name(err) : "done", rmap[0]);
        goto fail;
    }
    if (rmap[0] != 0) {
        snprintf(why, sizeof(why), "the store behind the wait ran while it "
                 "should wait: result dword 0x%08x", rmap[0]);
        goto fail;
    }
    cpu_write(&smap[0], SEM_VALUE + 1);
    err = gem_wait(bo, NS_PER_S);
    if (err != -ETIME || rmap[0] != 0) {
        snprintf(why, sizeof(why), "with 0x%x in memory (wait for == 0x%x) "
                 "the batch did not go on waiting: GEM_WAIT %s, result 0x%08x",
                 SEM_VALUE + 1, SEM_VALUE, err ? err_name(err) : "done",
                 rmap[0]);
        goto fail;
    }
    t_set = now();
    cpu_write(&smap[0], SEM_VALUE);
    err = gem_wait(bo, 30 * NS_PER_S);
    t_done = now();
    if (err) {
        snprintf(why, sizeof(why), "not done %.1f s after the value was "
                 "written (%s)", t_done - t_set, err_name(err));
        goto fail;
    }
    st = fence_status(fence);
    err = gem_pread(res, 0, &got, 4);
    if (st != 1) {
        snprintf(why, sizeof(why), "idle, but the request's fence says %s "
                 "(result 0x%08x): i915 ended it, not the semaphore",
                 status_name(st), got);
        goto fail;
    }
    if (err || got != SEM_RESULT) {
        snprintf(why, sizeof(why), "done, but the result dword is 0x%08x "
                 "(pread %s), expected 0x%08x", got, err ? err_name(err) : "ok",
                 SEM_RESULT);
        goto fail;
    }
    result("semaphore", true, "rcs waited %.2f s (a wrong value 0x%x kept it "
           "waiting, the store behind the wait had not run), finished %.3f s "
           "after the CPU wrote 0x%x; result 0x%08x (CPU writes through %s)",
           t_set - t0, SEM_VALUE + 1, t_done - t_set, SEM_VALUE, got, how);
    goto out;
fail:
    result("semaphore", false, "%s", why);
    if (smap) {
        /* Let a still waiting batch go, so the next case gets the engine. */
        cpu_write(&smap[0], SEM_VALUE);
        gem_wait(bo, 10 * NS_PER_S);
    }
out:
    fence_close(fence);
    gem_unmap(smap, 4096);
    gem_unmap(rmap, 4096);
    gem_close(bo);
    gem_close(sem);
    gem_close(res);
}

/* ------------------------------------------------------------ whisper --- */

#define WHISPER_N       16
#define WHISPER_DEAD    0xdeadu
#define WHISPER_UNSET   0xffffffffu
#define WHISPER_IMM_DW  7       /* the immediate of the store into the slot */

/*
 * WHISPER_N batches, each its own softpinned object, submitted one execbuf
 * each on RCS of the default context, all queued before the first is
 * waited for. Batch i:
 *     MI_STORE_DWORD_IMM  batch i+1's dword WHISPER_IMM_DW  <- i + 1
 *     MI_STORE_DWORD_IMM  result slot i                     <- dword 7
 *     MI_BATCH_BUFFER_END
 * (the last batch's first store goes to a spare slot instead). The CPU
 * writes every immediate as 0xdead and every result slot as 0xffffffff.
 * An engine that reads each batch when it reaches it, after
 * batch i-1 ran, stores i into slot i (slot 0: batch 0's own 0xdead). An
 * engine that read or copied the batches at submission stores 0xdead into
 * the slots; a batch that never ran leaves 0xffffffff.
 */
static void case_whisper(void)
{
    uint32_t bo[WHISPER_N] = { 0 }, res, slots[WHISPER_N + 1], imm;
    uint32_t init[WHISPER_N + 1];
    unsigned bad = 0, first = 0;
    double t0, t_done;
    int err = 0;
    WHY;

    for (unsigned i = 0; i <= WHISPER_N; i++) {
        init[i] = WHISPER_UNSET;
    }
    res = gem_new(4096, init, WHISPER_N + 1);
    for (unsigned i = 0; i < WHISPER_N; i++) {
        uint64_t next = AT_WHISPER + (uint64_t)(i + 1) * 4096 +
                        WHISPER_IMM_DW * 4;
        uint64_t slot = AT_WHISPER_RESULT + (uint64_t)i * 4;
        uint64_t spare = AT_WHISPER_RESULT + (uint64_t)WHISPER_N * 4;
        uint32_t dw[10];

        if (i == WHISPER_N - 1) {
            next = spare;
        }
        dw[0] = MI_STORE_DWORD_IMM;
        dw[1] = (uint32_t)next;
        dw[2] = (uint32_t)(next >> 32);
        dw[3] = i + 1;
        dw[4] = MI_STORE_DWORD_IMM;
        dw[5] = (uint32_t)slot;
        dw[6] = (uint32_t)(slot >> 32);
        dw[7] = WHISPER_DEAD;                   /* WHISPER_IMM_DW */
        dw[8] = MI_BATCH_BUFFER_END;
        dw[9] = MI_NOOP;
        bo[i] = gem_new(BATCH_SIZE, dw, 10);
        if (!bo[i]) {
            break;
        }
    }
    if (!res || !bo[WHISPER_N - 1]) {
        result("whisper", false, "setup: cannot create the objects");
        goto out;
    }
    t0 = now();
    for (unsigned i = 0; i < WHISPER_N && !err; i++) {
        Exec e = { .n = 0 };

        exec_add(&e, res, AT_WHISPER_RESULT, true);
        if (i + 1 < WHISPER_N) {
            exec_add(&e, bo[i + 1], AT_WHISPER + (uint64_t)(i + 1) * 4096,
                     true);
        }
        exec_add(&e, bo[i], AT_WHISPER + (uint64_t)i * 4096, false);
        err = exec_submit(&e, I915_EXEC_RENDER, 0, 40, NULL);
        if (err) {
            snprintf(why, sizeof(why), "EXECBUFFER2 of batch %u: %s", i,
                     err_name(err));
        }
    }
    for (unsigned i = 0; i < WHISPER_N && !err; i++) {
        err = gem_wait(bo[i], 30 * NS_PER_S);
        if (err) {
            snprintf(why, sizeof(why), "GEM_WAIT(30 s) on batch %u: %s", i,
                     err_name(err));
        }
    }
    t_done = now();
    if (!err && gem_pread(res, 0, slots, sizeof(slots))) {
        snprintf(why, sizeof(why), "pread of the result failed");
        err = -EIO;
    }
    if (err) {
        result("whisper", false, "%s", why);
        goto out;
    }
    for (unsigned i = 0; i < WHISPER_N; i++) {
        uint32_t want = i ? i : WHISPER_DEAD;

        if (slots[i] != want && !bad++) {
            first = i;
        }
    }
    if (bad) {
        result("whisper", false, "%u of %u slots wrong; first slot %u holds "
               "0x%x, expected 0x%x (0x%x in slot i >= 1: batch i was read "
               "before batch i-1 rewrote it; 0x%x: it never stored)", bad,
               WHISPER_N, first, slots[first], first ? first : WHISPER_DEAD,
               WHISPER_DEAD, WHISPER_UNSET);
        goto out;
    }
    /* What batch i-1 wrote into batch i is still there. */
    for (unsigned i = 1; i < WHISPER_N; i++) {
        if (gem_pread(bo[i], WHISPER_IMM_DW * 4, &imm, 4) || imm != i) {
            result("whisper", false, "the slots are right, but batch %u's "
                   "immediate reads back 0x%x, expected %u", i, imm, i);
            goto out;
        }
    }
    result("whisper", true, "%u batches on rcs, one execbuf each, each "
           "rewriting the next one's store: slot i holds i (slot 0 0xdead), "
           "%.3f s for all", WHISPER_N, t_done - t0);
out:
    for (unsigned i = 0; i < WHISPER_N; i++) {
        gem_close(bo[i]);
    }
    gem_close(res);
}

/* --------------------------------------------------------------- hang --- */

#define AFTER_VALUE 0x600dcafeu

/*
 * A batch that jumps to itself with no MI_ARB_CHECK: nothing can preempt
 * it, so i915's heartbeat on RCS escalates and resets the engine; the
 * request is cancelled and retired, and its context is blamed
 * (batch_active, exactly 1 expected) and its fence carries -EIO. It runs
 * on a context of its own so the default context is not banned. A store
 * on another new context must then complete: the engine works after the
 * guest's reset.
 *
 * i915 also cancels any request still running 20 s after submission
 * (CONFIG_DRM_I915_REQUEST_TIMEOUT, Debian's default: 20000 ms), with
 * -EINTR and without blaming anyone: that is not hang detection, and the
 * case tells the two apart by the fence and the context's counts.
 */
static void case_hang(void)
{
    uint32_t dw[4] = {
        MI_BATCH_BUFFER_START, (uint32_t)AT_HANG, (uint32_t)(AT_HANG >> 32),
        MI_NOOP,
    };
    uint32_t after[6] = {
        MI_STORE_DWORD_IMM, (uint32_t)AT_AFTER_RESULT,
        (uint32_t)(AT_AFTER_RESULT >> 32), AFTER_VALUE, MI_BATCH_BUFFER_END,
        MI_NOOP,
    };
    uint32_t ctx = 0, ctx2 = 0, bo = 0, bo2 = 0, res = 0, zero = 0, got = 0;
    struct drm_i915_reset_stats before, hung, dflt, fresh;
    double t0, t_idle, t1, t_done;
    Exec e = { .n = 0 }, e2 = { .n = 0 };
    int err, busy, fence = -1, fence2 = -1, st;
    WHY;

    ctx = ctx_create();
    bo = gem_new(BATCH_SIZE, dw, 4);
    if (!ctx || !bo || reset_stats(0, &before)) {
        result("hang", false, "setup: context %u, batch %u, reset stats: %s",
               ctx, bo, strerror(errno));
        goto recover;
    }
    exec_add(&e, bo, AT_HANG, false);
    t0 = now();
    err = exec_submit(&e, I915_EXEC_RENDER, ctx, 16, &fence);
    if (err) {
        result("hang", false, "EXECBUFFER2 of the endless batch: %s",
               err_name(err));
        goto recover;
    }
    busy = gem_busy(bo);
    err = gem_wait(bo, NS_PER_S);
    if (busy != 1 || err != -ETIME) {
        result("hang", false, "the endless batch was not running after 1 s "
               "(GEM_BUSY %d, GEM_WAIT %s)", busy,
               err ? err_name(err) : "idle");
        goto recover;
    }
    printf("endless batch on rcs (context %u) still running after 1 s; "
           "waiting up to 120 s for i915 to reset it\n", ctx);
    fflush(stdout);
    err = gem_wait(bo, 120 * NS_PER_S);
    t_idle = now();
    if (err) {
        result("hang", false, "GEM_WAIT(120 s) on the endless batch: %s after "
               "%.1f s: the guest did not end it", err_name(err), t_idle - t0);
        goto recover;
    }
    if (gem_busy(bo) != 0 || reset_stats(ctx, &hung) ||
        reset_stats(0, &dflt)) {
        result("hang", false, "idle after %.1f s, but GEM_BUSY or "
               "GET_RESET_STATS fails", t_idle - t0);
        goto recover;
    }
    st = fence_status(fence);
    printf("after %.1f s: request fence %s; hung context batch_active %u "
           "batch_pending %u; default context batch_active %u batch_pending "
           "%u; reset_count %u -> %u\n", t_idle - t0, status_name(st),
           hung.batch_active, hung.batch_pending, dflt.batch_active,
           dflt.batch_pending, before.reset_count, hung.reset_count);
    if (hung.batch_active < 1 || dflt.batch_active || dflt.batch_pending ||
        st >= 0) {
        result("hang", false, "idle after %.1f s with fence %s%s, but the hung "
               "context has batch_active %u (expected 1), the default one "
               "%u/%u", t_idle - t0, status_name(st),
               st == -EINTR ? " (cancelled by i915's request watchdog: the "
                              "hang detection's reset did not end it)" : "",
               hung.batch_active, dflt.batch_active, dflt.batch_pending);
        goto recover;
    }
    result("hang", true, "i915 ended the endless batch after %.1f s (fence "
           "%s); hung context batch_active %u%s batch_pending %u, default "
           "context untouched, reset_count %u -> %u", t_idle - t0,
           status_name(st), hung.batch_active,
           hung.batch_active == 1 ? "" : " (more than the 1 expected)",
           hung.batch_pending, before.reset_count, hung.reset_count);

recover:
    ctx2 = ctx_create();
    bo2 = gem_new(BATCH_SIZE, after, 6);
    res = gem_new(4096, &zero, 1);
    if (!ctx2 || !bo2 || !res) {
        result("hang-recovery", false, "setup: cannot create a context or "
               "objects");
        goto out;
    }
    exec_add(&e2, res, AT_AFTER_RESULT, true);
    exec_add(&e2, bo2, AT_AFTER_BATCH, false);
    t1 = now();
    err = exec_submit(&e2, I915_EXEC_RENDER, ctx2, 24, &fence2);
    if (!err) {
        err = gem_wait(bo2, 30 * NS_PER_S);
    }
    t_done = now();
    if (!err) {
        err = gem_pread(res, 0, &got, 4);
    }
    st = fence_status(fence2);
    if (err || got != AFTER_VALUE || st != 1) {
        snprintf(why, sizeof(why), "%s", err ? err_name(err) : "done");
        result("hang-recovery", false, "a store on a new context after the "
               "hang: %s after %.1f s, fence %s, result 0x%08x (expected "
               "0x%08x)", why, t_done - t1, status_name(st), got, AFTER_VALUE);
        goto out;
    }
    if (reset_stats(ctx2, &fresh) || fresh.batch_active ||
        fresh.batch_pending) {
        result("hang-recovery", false, "the store worked, but the new "
               "context reports batch_active %u batch_pending %u",
               fresh.batch_active, fresh.batch_pending);
        goto out;
    }
    result("hang-recovery", true, "a store on a new context on rcs "
           "completed in %.3f s after the reset and read back 0x%08x",
           t_done - t1, got);
out:
    fence_close(fence);
    fence_close(fence2);
    gem_close(bo);
    gem_close(bo2);
    gem_close(res);
    ctx_destroy(ctx);
    ctx_destroy(ctx2);
}

/* ----------------------------------------------------------------- main -- */

enum {
    CASE_SPIN = 1 << 0,
    CASE_SEMAPHORE = 1 << 1,
    CASE_WHISPER = 1 << 2,
    CASE_HANG = 1 << 3,
};

static const struct {
    const char *name;
    unsigned bit;
} case_names[] = {
    { "spin", CASE_SPIN },
    { "semaphore", CASE_SEMAPHORE },
    { "whisper", CASE_WHISPER },
    { "hang", CASE_HANG },
};

int main(int argc, char **argv)
{
    const char *dev = "/dev/dri/card0";
    int opt, devid = 0, has_blt = 0, softpin = 0, sched = 0;
    unsigned cases = 0, i;

    while ((opt = getopt(argc, argv, "d:c:t:")) != -1) {
        switch (opt) {
        case 'd':
            dev = optarg;
            break;
        case 't':
            spin_s = strtoul(optarg, NULL, 0);
            /* i915's request watchdog cancels any request after 20 s. */
            if (!spin_s || spin_s > 15) {
                fprintf(stderr, "%s: -t takes 1 to 15 seconds\n", argv[0]);
                return 2;
            }
            break;
        case 'c':
            for (i = 0; i < sizeof(case_names) / sizeof(case_names[0]); i++) {
                if (!strcmp(optarg, case_names[i].name)) {
                    cases |= case_names[i].bit;
                    break;
                }
            }
            if (i == sizeof(case_names) / sizeof(case_names[0])) {
                fprintf(stderr, "%s: no case '%s' (spin, semaphore, whisper, "
                        "hang)\n", argv[0], optarg);
                return 2;
            }
            break;
        default:
            fprintf(stderr, "usage: %s [-d DEVICE] [-c CASE]... [-t SECONDS]\n",
                    argv[0]);
            return 2;
        }
    }
    if (!cases) {
        cases = CASE_SPIN | CASE_SEMAPHORE | CASE_WHISPER | CASE_HANG;
    }
    if (!gem_open(dev)) {
        return 2;
    }
    if (getparam(I915_PARAM_CHIPSET_ID, &devid) ||
        getparam(I915_PARAM_HAS_BLT, &has_blt) || !has_blt ||
        getparam(I915_PARAM_HAS_EXEC_SOFTPIN, &softpin) || !softpin) {
        result("open", false, "%s: not an i915 device with a blitter and "
               "softpin (devid 0x%04x, has_blt %d, softpin %d)", dev, devid,
               has_blt, softpin);
        return 2;
    }
    getparam(I915_PARAM_CMD_PARSER_VERSION, &parser_version);
    getparam(I915_PARAM_HAS_SCHEDULER, &sched);
    result("open", true, "%s devid 0x%04x, command parser version %d, "
           "scheduler caps 0x%x (preemption %s)", dev, devid, parser_version,
           sched, sched & I915_SCHEDULER_CAP_PREEMPTION ? "yes" : "no");

    if (cases & CASE_SPIN) {
        case_spin(I915_EXEC_RENDER, AT_SPIN_RCS, 0);
        case_spin(I915_EXEC_BLT, AT_SPIN_BCS, AT_SPIN_BCS_FLAG);
    }
    if (cases & CASE_SEMAPHORE) {
        case_semaphore();
    }
    if (cases & CASE_WHISPER) {
        case_whisper();
    }
    if (cases & CASE_HANG) {
        case_hang();
    }
    close(gem_fd);
    return failures ? 1 : 0;
}
