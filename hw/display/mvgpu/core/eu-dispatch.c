/*
 * mvgpu core: GPGPU dispatch on the EU interpreter.
 *
 * Command layouts: Skylake PRM vol. 2a (STATE_BASE_ADDRESS,
 * MEDIA_VFE_STATE, MEDIA_CURBE_LOAD, MEDIA_INTERFACE_DESCRIPTOR_LOAD,
 * GPGPU_WALKER) and vol. 2d (INTERFACE_DESCRIPTOR_DATA). The load
 * commands record where the CURBE and the descriptors are (Dynamic State
 * Base Address, as it is then, + the command's offset), and each
 * GPGPU_WALKER reads its descriptor and the CURBE from there: that is
 * state a context keeps (core/lrc.h, MVGPU_CTX_MEDIA_STATE) without
 * copies of the bytes; a guest that rewrites them between the load and
 * the walker gets what it wrote. Kernels are read from Instruction Base
 * Address + the kernel start pointer; binding tables from Surface State
 * Base Address + the descriptor's pointer.
 *
 * The thread payload is the one Mesa's compiler expects on Gen9
 * (src/intel/compiler/brw_fs.cpp, the compute thread payload; anv's and
 * iris's CURBE layout): R0 with the thread group id (X in R0.1, Y in
 * R0.6, Z in R0.7), then the cross-thread constant data (the
 * descriptor's read length, from the CURBE's start) and the thread's own
 * constant data (the CURBE after that, one chunk a thread). The walker's
 * right and bottom execution masks give the last thread its channels.
 *
 * Groups run one after another, their threads round-robin a quantum at
 * a time, all of it a budget of instructions at a time (resumable: the
 * backend calls mvgpu_compute_run again at its next slice). A barrier
 * releases when every thread of the group that has not ended waits at it.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <glib.h>
#include <string.h>

#include "bytes.h"
#include "eu-dispatch.h"
#include "eu-exec.h"
#include "eu-send.h"

#define MAX_CURBE_BYTES     (64 * 1024)
#define MAX_IDD             64
#define IDD_BYTES           32
#define MAX_GROUP_THREADS   64
#define MAX_KERNEL_BYTES    (1u << 20)
#define VA_LIMIT            (1ull << 48)
#define QUANTUM             256     /* instructions a thread runs a turn */

struct MvgpuCompute {
    bool sba;                   /* STATE_BASE_ADDRESS seen */
    uint64_t general_base, surface_base, dynamic_base, instruction_base;
    MvgpuMediaState media;
    /* the dispatch being run */
    bool active;
    uint8_t *curbe;             /* its CURBE, read by the walker */
    uint32_t curbe_len;
    uint32_t desc[8];           /* its interface descriptor */
    uint64_t kernel;            /* GPU VA */
    unsigned simd, threads;
    uint32_t right_mask, bottom_mask;
    uint32_t start[3], end[3], at[3];   /* group ids: [start, end) */
    bool group_running;
    MvgpuEuThread *t;           /* the group's threads */
    MvgpuEuMem mem;
    uint8_t *slm;
    const MvgpuComputeMem *m;   /* during mvgpu_compute_run only */
    uint64_t groups, instructions;
};

MvgpuCompute *mvgpu_compute_new(void)
{
    return g_new0(MvgpuCompute, 1);
}

void mvgpu_compute_free(MvgpuCompute *c)
{
    if (c) {
        g_free(c->curbe);
        g_free(c->t);
        g_free(c->slm);
        g_free(c);
    }
}

bool mvgpu_compute_has_state(const MvgpuCompute *c)
{
    return c->sba;
}

uint64_t mvgpu_compute_groups(const MvgpuCompute *c)
{
    return c->groups;
}

uint64_t mvgpu_compute_instructions(const MvgpuCompute *c)
{
    return c->instructions;
}

static uint64_t base_of(const uint32_t *dw)
{
    return ((uint64_t)dw[1] << 32 | (dw[0] & ~0xfffu)) & ((1ull << 48) - 1);
}

void mvgpu_compute_get_bases(const MvgpuCompute *c, uint64_t bases[4])
{
    bases[0] = c->general_base;
    bases[1] = c->surface_base;
    bases[2] = c->dynamic_base;
    bases[3] = c->instruction_base;
}

void mvgpu_compute_set_bases(MvgpuCompute *c, const uint64_t bases[4])
{
    /* the same 48-bit, page-aligned form base_of() gives */
    const uint64_t mask = ((1ull << 48) - 1) & ~0xfffull;

    c->general_base = bases[0] & mask;
    c->surface_base = bases[1] & mask;
    c->dynamic_base = bases[2] & mask;
    c->instruction_base = bases[3] & mask;
    c->sba = true;
}

const char *mvgpu_compute_state_base(MvgpuCompute *c, const uint32_t *dw,
                                     uint32_t len)
{
    if (len < 12) {
        return "STATE_BASE_ADDRESS too short";
    }
    /* each base changes only with its Modify Enable (bit 0) */
    if (dw[1] & 1) {
        c->general_base = base_of(dw + 1);
    }
    if (dw[4] & 1) {
        c->surface_base = base_of(dw + 4);
    }
    if (dw[6] & 1) {
        c->dynamic_base = base_of(dw + 6);
    }
    if (dw[10] & 1) {
        c->instruction_base = base_of(dw + 10);
    }
    c->sba = true;
    return NULL;
}

void mvgpu_compute_get_media(const MvgpuCompute *c, MvgpuMediaState *ms)
{
    *ms = c->media;
}

/* The bounds the load commands check, on a state from anywhere. */
static const char *media_check(const MvgpuMediaState *ms)
{
    if (ms->valid & ~(MVGPU_MEDIA_VFE | MVGPU_MEDIA_CURBE |
                      MVGPU_MEDIA_IDD)) {
        return "unknown flags";
    }
    if (ms->valid & MVGPU_MEDIA_CURBE) {
        if (ms->curbe_len > MAX_CURBE_BYTES) {
            return "CURBE over 64 KiB";
        }
        if (ms->curbe_addr >= VA_LIMIT) {
            return "CURBE address past 48 bits";
        }
    }
    if (ms->valid & MVGPU_MEDIA_IDD) {
        if (ms->idd_len > MAX_IDD * IDD_BYTES || ms->idd_len % IDD_BYTES) {
            return "interface descriptors: bad total length";
        }
        if (ms->idd_addr >= VA_LIMIT) {
            return "interface descriptor address past 48 bits";
        }
    }
    return NULL;
}

const char *mvgpu_compute_set_media(MvgpuCompute *c, const MvgpuMediaState *ms)
{
    const char *why = media_check(ms);

    if (!why) {
        c->media = *ms;
    }
    return why;
}

const char *mvgpu_compute_vfe(MvgpuCompute *c, const uint32_t *dw,
                              uint32_t len)
{
    if (len < 9) {
        return "MEDIA_VFE_STATE too short";
    }
    memcpy(c->media.vfe, dw + 1, sizeof(c->media.vfe));
    c->media.valid |= MVGPU_MEDIA_VFE;
    return NULL;
}

/* Dynamic State Base + @off, as the hardware forms it: 48 bits. */
static uint64_t dynamic_va(const MvgpuCompute *c, uint32_t off)
{
    return (c->dynamic_base + off) & (VA_LIMIT - 1);
}

const char *mvgpu_compute_curbe(MvgpuCompute *c, const uint32_t *dw,
                                uint32_t len)
{
    uint32_t n;

    if (len < 4) {
        return "MEDIA_CURBE_LOAD too short";
    }
    n = dw[2] & 0x1ffff;
    if (n > MAX_CURBE_BYTES) {
        return "CURBE over 64 KiB";
    }
    c->media.curbe_addr = dynamic_va(c, dw[3]);
    c->media.curbe_len = n;
    c->media.valid |= MVGPU_MEDIA_CURBE;
    return NULL;
}

const char *mvgpu_compute_idl(MvgpuCompute *c, const uint32_t *dw,
                              uint32_t len)
{
    uint32_t n;

    if (len < 4) {
        return "MEDIA_INTERFACE_DESCRIPTOR_LOAD too short";
    }
    n = dw[2] & 0x1ffff;
    if (n > MAX_IDD * IDD_BYTES || n % IDD_BYTES) {
        return "interface descriptors: bad total length";
    }
    c->media.idd_addr = dynamic_va(c, dw[3]);
    c->media.idd_len = n;
    c->media.valid |= MVGPU_MEDIA_IDD;
    return NULL;
}

/* The walker's descriptor and the CURBE, from where the media state says. */
static const char *media_read(MvgpuCompute *c, const MvgpuComputeMem *m,
                              unsigned idd)
{
    const MvgpuMediaState *ms = &c->media;
    uint8_t b[IDD_BYTES];
    uint32_t n;

    if (!(ms->valid & MVGPU_MEDIA_IDD) || idd >= ms->idd_len / IDD_BYTES) {
        return "GPGPU_WALKER: no such interface descriptor";
    }
    if (!m->rw(m->opaque, ms->idd_addr + idd * IDD_BYTES, b, sizeof(b),
               false)) {
        return "GPGPU_WALKER: interface descriptor in unmapped memory";
    }
    for (unsigned i = 0; i < 8; i++) {
        c->desc[i] = mvgpu_le_load(b + 4 * i, 4);
    }
    n = ms->valid & MVGPU_MEDIA_CURBE ? ms->curbe_len : 0;
    g_free(c->curbe);
    c->curbe = g_malloc0(n ? n : 1);
    c->curbe_len = n;
    if (n && !m->rw(m->opaque, ms->curbe_addr, c->curbe, n, false)) {
        return "GPGPU_WALKER: CURBE in unmapped memory";
    }
    return NULL;
}

const char *mvgpu_compute_walker(MvgpuCompute *c, const MvgpuComputeMem *m,
                                 const uint32_t *dw, uint32_t len,
                                 const uint32_t dims[3], bool *guest)
{
    unsigned idd;
    static const unsigned simds[4] = { 8, 16, 32, 0 };
    const char *why;

    *guest = false;
    c->active = false;
    if (len < 15) {
        return "GPGPU_WALKER too short";
    }
    idd = dw[1] & 63;
    if (!c->sba) {
        return "GPGPU_WALKER without STATE_BASE_ADDRESS";
    }
    if (dw[2] & 0x1ffff) {
        return "GPGPU_WALKER: indirect data not implemented";
    }
    why = media_read(c, m, idd);
    if (why) {
        *guest = true;
        return why;
    }
    c->simd = simds[dw[4] >> 30];
    if (!c->simd) {
        return "GPGPU_WALKER: bad SIMD size";
    }
    c->threads = ((dw[4] & 63) + 1) * (((dw[4] >> 8) & 63) + 1) *
                 (((dw[4] >> 16) & 63) + 1);
    if (c->threads > MAX_GROUP_THREADS) {
        return "GPGPU_WALKER: more than 64 threads a group";
    }
    c->kernel = c->instruction_base +
                ((uint64_t)(c->desc[1] & 0xffff) << 32 |
                 (c->desc[0] & ~0x3fu));
    c->right_mask = dw[13];
    c->bottom_mask = dw[14];
    /* groups X from DW5 to DW7, Y DW8..DW10, Z DW11..DW12 */
    c->start[0] = dw[5];
    c->start[1] = dw[8];
    c->start[2] = dw[11];
    if (dw[0] & (1u << 10)) {       /* indirect parameters */
        c->end[0] = dims[0];
        c->end[1] = dims[1];
        c->end[2] = dims[2];
    } else {
        c->end[0] = dw[7];
        c->end[1] = dw[10];
        c->end[2] = dw[12];
    }
    memcpy(c->at, c->start, sizeof(c->at));
    c->active = c->start[0] < c->end[0] && c->start[1] < c->end[1] &&
                c->start[2] < c->end[2];
    c->group_running = false;
    return NULL;
}

static size_t kernel_fetch(void *opaque, uint32_t ip, uint8_t *buf)
{
    MvgpuCompute *c = opaque;

    if (ip >= MAX_KERNEL_BYTES) {
        return 0;
    }
    if (c->m->rw(c->m->opaque, c->kernel + ip, buf, 16, false)) {
        return 16;
    }
    /* a compacted instruction at the end of the mapping */
    return c->m->rw(c->m->opaque, c->kernel + ip, buf, 8, false) ? 8 : 0;
}

static bool mem_read(void *opaque, uint64_t va, void *buf, size_t len)
{
    const MvgpuCompute *c = opaque;
    return c->m->rw(c->m->opaque, va, buf, len, false);
}

static bool mem_write(void *opaque, uint64_t va, const void *buf, size_t len)
{
    const MvgpuCompute *c = opaque;
    return c->m->rw(c->m->opaque, va, (void *)buf, len, true);
}

/*
 * Threads share one opaque for both callbacks: the fetch needs the
 * dispatch, the messages its MvgpuEuMem, whose opaque is the dispatch.
 */
static size_t thread_fetch(void *opaque, uint32_t ip, uint8_t *buf)
{
    MvgpuEuMem *mem = opaque;
    return kernel_fetch(mem->opaque, ip, buf);
}

/* The group c->at: its threads and their payload. */
static const char *group_start(MvgpuCompute *c)
{
    unsigned cross = c->desc[7] & 0xff;             /* registers */
    unsigned own = c->desc[5] >> 16;
    unsigned slm_enc = (c->desc[6] >> 16) & 31;
    uint32_t slm = slm_enc ? 4096u << (slm_enc - 1) : 0;
    uint32_t full = (uint32_t)((1ull << c->simd) - 1);

    if (1 + cross + own > MVGPU_EU_GRFS) {
        return "thread payload over 128 registers";
    }
    if (slm_enc > 5) {
        return "shared local memory over 64 KiB";
    }
    if ((cross + own * c->threads) * 32ull > c->curbe_len &&
        cross + own) {
        return "CURBE shorter than the threads' constant data";
    }
    g_free(c->t);
    g_free(c->slm);
    c->t = g_new0(MvgpuEuThread, c->threads);
    c->slm = g_malloc0(slm ? slm : 1);
    c->mem = (MvgpuEuMem) {
        .read = mem_read, .write = mem_write, .opaque = c,
        .surface_state_base = c->surface_base,
        .general_state_base = c->general_base,
        .binding_table = c->desc[4] & 0xffe0,
        .slm = c->slm, .slm_size = slm,
    };
    for (unsigned i = 0; i < c->threads; i++) {
        MvgpuEuThread *t = &c->t[i];
        uint32_t mask = full;
        uint8_t *r0 = t->grf;

        if (i == c->threads - 1) {
            mask &= c->right_mask & c->bottom_mask;
        }
        mvgpu_eu_thread_init(t, 0, mask);
        t->fetch = thread_fetch;
        t->send = mvgpu_eu_send;
        t->opaque = &c->mem;
        mvgpu_le_store(r0 + 4, c->at[0], 4);
        mvgpu_le_store(r0 + 24, c->at[1], 4);
        mvgpu_le_store(r0 + 28, c->at[2], 4);
        memcpy(t->grf + 32, c->curbe, cross * 32);
        memcpy(t->grf + 32 * (1 + cross),
               c->curbe + cross * 32 + (size_t)i * own * 32, own * 32);
    }
    c->group_running = true;
    return NULL;
}

/* The next group id, X fastest; false past the last. */
static bool group_next(MvgpuCompute *c)
{
    for (unsigned d = 0; d < 3; d++) {
        if (++c->at[d] < c->end[d]) {
            return true;
        }
        c->at[d] = c->start[d];
    }
    return false;
}

const char *mvgpu_compute_run(MvgpuCompute *c, const MvgpuComputeMem *m,
                              uint64_t budget, uint64_t *used, bool *more)
{
    const char *why;

    c->m = m;
    *used = 0;
    *more = false;
    while (c->active && *used < budget) {
        bool all_ended = true, any_waiting = false, any_ran = false;

        if (!c->group_running) {
            why = group_start(c);
            if (why) {
                return why;
            }
            /* a group costs an instruction even if no channel runs */
            (*used)++;
        }
        for (unsigned i = 0; i < c->threads && *used < budget; i++) {
            MvgpuEuThread *t = &c->t[i];
            uint64_t before = t->executed;
            MvgpuEuStatus s;

            if (t->done) {
                continue;
            }
            s = mvgpu_eu_run(t, MIN(QUANTUM, budget - *used));
            *used += t->executed - before;
            c->instructions += t->executed - before;
            any_ran |= t->executed != before;
            if (s == MVGPU_EU_FAULT) {
                return t->error;
            }
            all_ended &= s == MVGPU_EU_DONE;
            any_waiting |= s == MVGPU_EU_WAITING;
        }
        if (all_ended) {
            c->groups++;
            c->group_running = false;
            c->active = group_next(c);
            continue;
        }
        if (any_waiting && !any_ran) {
            /* everyone left waits at the barrier: release it */
            for (unsigned i = 0; i < c->threads; i++) {
                c->t[i].waiting = false;
            }
        }
    }
    *more = c->active;
    return NULL;
}
