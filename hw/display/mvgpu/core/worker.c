/*
 * mvgpu core: the worker thread that runs the engines' slices.
 *
 * With MVGPU_ENGINES_WORKER an engine timer's expiry, on the host's
 * thread, only marks the engine as wanting a slice; this thread runs it.
 * The host's thread therefore never spends a slice's time (a 4096x2160
 * Y-tiled copy is a hundred slices), and MMIO waits for at most the one
 * slice that holds the core lock. Slices of different engines take turns
 * on the one thread, as the engines of one context share the GPU's time.
 *
 * Locking: w->lock guards only the hand-over fields below and is never
 * held while waiting for the core lock, nor taken while holding it except
 * by mvgpu_worker_post(), which the core lock's holder may call (a kick
 * from inside a slice) because the worker never holds w->lock and then
 * asks for the core lock.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "internal.h"

struct MvgpuWorker {
    MvgpuCore *c;
    GThread *thread;
    GMutex lock;
    GCond wake;                 /* work was posted, or quit */
    GCond done;                 /* finished moved */
    uint32_t wanted;            /* engines that want a slice, 1 << id */
    uint64_t posted;            /* hand-overs so far */
    uint64_t finished;          /* hand-overs whose slices have run */
    bool quit;
};

static gpointer worker_main(gpointer opaque)
{
    MvgpuWorker *w = opaque;
    MvgpuCore *c = w->c;

    g_mutex_lock(&w->lock);
    for (;;) {
        uint32_t wanted;
        uint64_t taken;

        while (!w->wanted && !w->quit) {
            g_cond_wait(&w->wake, &w->lock);
        }
        if (w->quit) {
            break;
        }
        wanted = w->wanted;
        taken = w->posted;
        w->wanted = 0;
        g_mutex_unlock(&w->lock);

        /* One engine at a time, the core lock free between them. */
        for (unsigned id = 0; id < MVGPU_NENGINES; id++) {
            if (wanted & (1u << id)) {
                g_rec_mutex_lock(&c->lock);
                mvgpu_engine_step(c, id);
                g_rec_mutex_unlock(&c->lock);
            }
        }

        g_mutex_lock(&w->lock);
        w->finished = taken;
        g_cond_broadcast(&w->done);
    }
    g_mutex_unlock(&w->lock);
    return NULL;
}

void mvgpu_worker_start(MvgpuCore *c)
{
    MvgpuWorker *w = g_new0(MvgpuWorker, 1);

    w->c = c;
    g_mutex_init(&w->lock);
    g_cond_init(&w->wake);
    g_cond_init(&w->done);
    w->thread = g_thread_new("mvgpu-engines", worker_main, w);
    c->worker = w;
}

void mvgpu_worker_stop(MvgpuCore *c)
{
    MvgpuWorker *w = c->worker;

    if (!w) {
        return;
    }
    g_mutex_lock(&w->lock);
    w->quit = true;
    g_cond_signal(&w->wake);
    g_mutex_unlock(&w->lock);
    g_thread_join(w->thread);
    g_cond_clear(&w->done);
    g_cond_clear(&w->wake);
    g_mutex_clear(&w->lock);
    g_free(w);
    c->worker = NULL;
}

/* Waits (w->lock held) until hand-over @seq has run. */
static void wait_finished(MvgpuWorker *w, uint64_t seq)
{
    while (w->finished < seq && !w->quit) {
        g_cond_wait(&w->done, &w->lock);
    }
}

void mvgpu_worker_post(MvgpuCore *c, MvgpuEngineId id, bool wait)
{
    MvgpuWorker *w = c->worker;
    uint64_t seq;

    g_mutex_lock(&w->lock);
    w->wanted |= 1u << id;
    seq = ++w->posted;
    g_cond_signal(&w->wake);
    if (wait) {
        wait_finished(w, seq);
    }
    g_mutex_unlock(&w->lock);
}

void mvgpu_worker_drain(MvgpuCore *c)
{
    MvgpuWorker *w = c->worker;

    if (!w) {
        return;
    }
    g_mutex_lock(&w->lock);
    wait_finished(w, w->posted);
    g_mutex_unlock(&w->lock);
}
