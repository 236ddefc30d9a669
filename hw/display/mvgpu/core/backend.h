/*
 * mvgpu core: the seam between the engines and what executes their work.
 *
 * execlist.c owns the submission protocol: ELSP, the two ports, context
 * images, the CSB and the interrupts, and the life of each context on an
 * engine. What a context's ring and batches do is a backend's: `soft`
 * (soft.c) interprets them on the CPU; a host-GPU backend submits them.
 *
 * A backend runs a context over time. The engine asks it to run once per
 * slice (from the engine's timer, or a worker thread); the backend does a
 * bounded amount of work and says where it stands. A backend that
 * completes work elsewhere returns MVGPU_RUN_PENDING and later calls
 * mvgpu_engine_kick() so that the engine asks again.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef MVGPU_CORE_BACKEND_H
#define MVGPU_CORE_BACKEND_H

#include <stdbool.h>
#include <stdint.h>

#include "engines.h"

typedef struct MvgpuCore MvgpuCore;
typedef struct MvgpuCtxRun MvgpuCtxRun;     /* a backend's running context */
typedef struct MvgpuSavedRun MvgpuSavedRun; /* savestate.h */

/* A context as the engine found it in its image when it started it. */
typedef struct MvgpuCtxInfo {
    MvgpuEngineId engine;
    uint64_t lrca;              /* GGTT address of the image; page 0 PPHWSP */
    uint64_t pml4;              /* guest-physical root of its PPGTT */
    uint32_t ring_start;        /* GGTT address of the ring */
    uint32_t ring_size;         /* bytes */
    uint32_t head, tail;        /* bytes into the ring */
} MvgpuCtxInfo;

typedef enum MvgpuRunStatus {
    MVGPU_RUN_DONE,             /* HEAD reached TAIL */
    MVGPU_RUN_YIELD,            /* slice used up, or an arbitration point */
    MVGPU_RUN_WAIT,             /* waits for memory (MI_SEMAPHORE_WAIT) */
    MVGPU_RUN_PENDING,          /* working elsewhere: mvgpu_engine_kick() */
    MVGPU_RUN_FAULT,            /* broke a rule: the engine hangs */
} MvgpuRunStatus;

/* What one slice did, besides its status. */
typedef struct MvgpuSlice {
    uint32_t budget;            /* in: work units it may use */
    bool arbitrate;             /* in: a submission waits (MI_ARB_CHECK yields) */
    uint32_t used;              /* out: work units it used */
    uint32_t head;              /* out: ring offset of the next command */
    bool user_interrupt;        /* out: MI_USER_INTERRUPT (or a notify) */
    bool pipe_control_notify;   /* out: a PIPE_CONTROL notify */
    const char *error;          /* out, FAULT: why, for the log */
    uint64_t error_addr;
} MvgpuSlice;

typedef struct MvgpuBackend {
    const char *name;
    /* Starts running @ci; NULL and *@why set if it cannot. */
    MvgpuCtxRun *(*ctx_start)(MvgpuCore *c, const MvgpuCtxInfo *ci,
                              const char **why);
    /* A lite restore: the running context's ring now ends at @tail. */
    void (*ctx_set_tail)(MvgpuCtxRun *r, uint32_t tail);
    /* One slice of work. */
    MvgpuRunStatus (*ctx_run)(MvgpuCtxRun *r, MvgpuSlice *slice);
    /* The context leaves the engine (completed, or the engine is reset). */
    void (*ctx_free)(MvgpuCtxRun *r);
    /*
     * Optional: set-up for the whole device, from mvgpu_core_new() (the
     * configuration is c->cfg), and its undoing, from mvgpu_core_free().
     * On false *msg is a sentence naming what is wrong and what to do,
     * and mvgpu_core_new() fails with it.
     */
    bool (*open)(MvgpuCore *c, char **msg);
    void (*close)(MvgpuCore *c);
    /*
     * Optional: the guest said (PVINFO g2v, VGT_G2V_PPGTT_L4_DESTROY) that
     * the 4-level PPGTT at @pml4 is gone: what the backend keeps for it
     * may go.
     */
    void (*ppgtt_destroyed)(MvgpuCore *c, uint64_t pml4);
    /*
     * Optional, for migration (savestate.h): where the context stands at
     * a slice boundary, or false with *why when it cannot be parked there
     * (the save may first finish what the context has outside the device,
     * a user batch on a host GPU: that is not undone); and a context
     * started again at such a position, or NULL with *why when @in is not
     * a position of the context @ci in guest memory now. A backend
     * without them cannot be migrated with work on an engine.
     */
    bool (*ctx_save)(MvgpuCtxRun *r, MvgpuSavedRun *out, const char **why);
    MvgpuCtxRun *(*ctx_resume)(MvgpuCore *c, const MvgpuCtxInfo *ci,
                               const MvgpuSavedRun *in, const char **why);
} MvgpuBackend;

/* soft.c: the command streamer and the blitter on the CPU. */
extern const MvgpuBackend mvgpu_backend_soft;
/* Whether soft.c has a handler for MvgpuExecOp @op (for a unit test). */
bool mvgpu_soft_handles(unsigned op);

/* drm.c: user batches on the host's i915 (docs/drm-backend.md). */
extern const MvgpuBackend mvgpu_backend_drm;

/*
 * A backend built on soft.c's interpreter that runs user (PPGTT) batches
 * elsewhere: at an MI_BATCH_BUFFER_START of a user batch in the ring (or
 * a GGTT batch) the interpreter asks the backend, which says what became
 * of the batch. (soft.c does not ask yet: docs/drm-backend.md.)
 */
typedef enum MvgpuBatchStatus {
    MVGPU_BATCH_HERE,           /* not taken: the interpreter runs it */
    MVGPU_BATCH_DONE,           /* it ran: go on after the start command */
    MVGPU_BATCH_PENDING,        /* running; a kick, then ask again */
    MVGPU_BATCH_WAIT,           /* running; ask again at the next poll */
    MVGPU_BATCH_FAULT,          /* *why: the engine hangs */
} MvgpuBatchStatus;

typedef struct MvgpuUserBatch {
    MvgpuEngineId engine;
    uint64_t pml4;              /* the context's PPGTT */
    uint64_t addr;              /* PPGTT address of the batch */
    bool again;                 /* asked again after PENDING or WAIT */
    /*
     * Asked again by a save (migration): the backend may wait, bounded,
     * for the batch to end; PENDING or WAIT then refuses the save.
     */
    bool drain;
} MvgpuUserBatch;

typedef MvgpuBatchStatus (*MvgpuUserBatchFn)(MvgpuCore *c,
                                             const MvgpuUserBatch *b,
                                             const char **why);
/* soft.c: a soft context whose user batches @user_batch may take over. */
MvgpuCtxRun *mvgpu_soft_ctx_start_with(MvgpuCore *c, const MvgpuCtxInfo *ci,
                                       MvgpuUserBatchFn user_batch,
                                       const char **why);
/* ... and one resumed from a saved position (the backend's ctx_resume). */
MvgpuCtxRun *mvgpu_soft_ctx_resume_with(MvgpuCore *c, const MvgpuCtxInfo *ci,
                                        const MvgpuSavedRun *in,
                                        MvgpuUserBatchFn user_batch,
                                        const char **why);

/* The backend called @name, or NULL; the accepted names as a list. */
const MvgpuBackend *mvgpu_backend_find(const char *name);
#define MVGPU_BACKEND_NAMES     "soft, drm"

/*
 * execlist.c: ask engine @id to run its context again soon. Any thread may
 * call it when the core has a worker (MVGPU_ENGINES_WORKER*); without one,
 * only a thread inside the core (a slice, an entry point).
 */
void mvgpu_engine_kick(MvgpuCore *c, MvgpuEngineId id);

#endif
