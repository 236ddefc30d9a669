/*
 * mvgpu core: every mapping of a guest PPGTT as runs (ppgtt-runs.h).
 *
 * The entry format is ppgtt.c's (Skylake PRM vol. 5 "Memory Views",
 * 48-bit PPGTT: PML4E, PDPE, PDE, PTE; PS for 1 GiB and 2 MiB pages, IPS
 * for a table of 64 KiB pages).
 *
 * i915 never leaves an entry not present: unused ones point at scratch
 * tables, each filled with the next lower scratch, down to a scratch
 * page (Linux drivers/gpu/drm/i915/gt/gen8_ppgtt.c, gen8_init_scratch()).
 * Those are not mappings. A real table is referenced by one entry only,
 * so the PML4's entry that repeats is the scratch PDP, and the chain
 * below it (its first entry, and so on) the scratch PD, PT and page.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "internal.h"
#include "ppgtt-runs.h"
#include "bytes.h"

#define PPGTT_PRESENT       (1ull << 0)
#define PPGTT_PS            (1ull << 7)         /* 1 GiB / 2 MiB page */
#define PPGTT_IPS           (1ull << 11)        /* PT of 64 KiB entries */
#define PPGTT_ADDR          0x0000fffffffff000ull
#define NO_SCRATCH          (~0ull)

/* The shift of the VA bits each level's index takes: PML4 39 ... PT 12. */
static const unsigned level_shift[4] = { 12, 21, 30, 39 };

typedef struct Walk {
    MvgpuCore *c;
    MvgpuPpgttWalk *w;
    uint64_t scratch[4];        /* by level: page, PT, PD, PDP */
    const char *why;
} Walk;

static bool read_table(Walk *k, uint64_t gpa, uint64_t e[512])
{
    uint8_t b[4096];

    if (k->w->tables >= k->w->max_tables) {
        k->why = "PPGTT has more table pages than backend drm walks";
        return false;
    }
    k->w->tables++;
    if (!k->c->host.mem_read(k->c->host.opaque, gpa & PPGTT_ADDR, b,
                             sizeof(b))) {
        k->why = "PPGTT table is not guest RAM";
        return false;
    }
    for (unsigned i = 0; i < 512; i++) {
        e[i] = mvgpu_le_load(b + 8 * i, 8);
    }
    return true;
}

static bool emit(Walk *k, uint64_t va, uint64_t gpa, uint64_t len)
{
    GArray *runs = k->w->runs;
    MvgpuPpgttRun *last = runs->len ?
        &g_array_index(runs, MvgpuPpgttRun, runs->len - 1) : NULL;

    k->w->bytes += len;
    if (last && last->va + last->len == va && last->gpa + last->len == gpa) {
        last->len += len;
        return true;
    }
    if (runs->len >= k->w->max_runs) {
        k->why = "PPGTT maps more discontiguous runs than backend drm "
                 "mirrors";
        return false;
    }
    g_array_append_val(runs, ((MvgpuPpgttRun) { va, gpa, len }));
    return true;
}

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

    return x < y ? -1 : x > y;
}

/* The scratch chain, from the PML4's repeated entry down to the page. */
static void find_scratch(Walk *k, const uint64_t pml4[512])
{
    uint64_t e[512];
    unsigned n = 0;

    for (unsigned i = 0; i < 512; i++) {
        if (pml4[i] & PPGTT_PRESENT) {
            e[n++] = pml4[i] & PPGTT_ADDR;
        }
    }
    qsort(e, n, sizeof(e[0]), cmp_u64);
    for (unsigned i = 1; i < n; i++) {
        if (e[i] == e[i - 1]) {
            k->scratch[3] = e[i];
            break;
        }
    }
    for (int level = 3; level > 0 && k->scratch[level] != NO_SCRATCH;
         level--) {
        if (!read_table(k, k->scratch[level], e) || !(e[0] & PPGTT_PRESENT)) {
            return;
        }
        for (unsigned i = 1; i < 512; i++) {
            if (e[i] != e[0]) {
                return;         /* not a scratch table after all */
            }
        }
        k->scratch[level - 1] = e[0] & PPGTT_ADDR;
    }
}

static bool walk(Walk *k, int level, uint64_t table, uint64_t va_base)
{
    uint64_t e[512];

    if (!read_table(k, table, e)) {
        return false;
    }
    if (level == 3) {
        find_scratch(k, e);
    }
    for (unsigned i = 0; i < 512; i++) {
        uint64_t va = va_base + ((uint64_t)i << level_shift[level]);
        uint64_t addr = e[i] & PPGTT_ADDR;

        if (!(e[i] & PPGTT_PRESENT) || addr == k->scratch[level]) {
            continue;
        }
        if (level == 0) {
            if (!emit(k, va, addr, 4096)) {
                return false;
            }
        } else if ((level == 1 || level == 2) && (e[i] & PPGTT_PS)) {
            uint64_t size = 1ull << level_shift[level];

            if (!emit(k, va, addr & ~(size - 1), size)) {
                return false;
            }
        } else if (level == 1 && (e[i] & PPGTT_IPS)) {
            uint64_t pt[512];

            /* 64 KiB pages: every 16th entry of the table is used. */
            if (!read_table(k, addr, pt)) {
                return false;
            }
            for (unsigned j = 0; j < 512; j += 16) {
                uint64_t page = pt[j] & PPGTT_ADDR & ~0xffffull;

                if ((pt[j] & PPGTT_PRESENT) &&
                    (pt[j] & PPGTT_ADDR) != k->scratch[0] &&
                    !emit(k, va + ((uint64_t)j << 12), page, 0x10000)) {
                    return false;
                }
            }
        } else if (!walk(k, level - 1, addr, va)) {
            return false;
        }
    }
    return true;
}

bool mvgpu_ppgtt_runs(MvgpuCore *c, uint64_t pml4, MvgpuPpgttWalk *w,
                      const char **why)
{
    Walk k = {
        .c = c, .w = w,
        .scratch = { NO_SCRATCH, NO_SCRATCH, NO_SCRATCH, NO_SCRATCH },
    };

    if (!w->runs) {
        w->runs = g_array_new(FALSE, FALSE, sizeof(MvgpuPpgttRun));
    }
    g_array_set_size(w->runs, 0);
    w->tables = 0;
    w->bytes = 0;
    if (!walk(&k, 3, pml4, 0)) {
        *why = k.why;
        return false;
    }
    w->scratch_gpa = k.scratch[0];
    return true;
}

void mvgpu_ppgtt_walk_free(MvgpuPpgttWalk *w)
{
    if (w->runs) {
        g_array_free(w->runs, TRUE);
        w->runs = NULL;
    }
}
