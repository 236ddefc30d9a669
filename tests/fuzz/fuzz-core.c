/*
 * libFuzzer target over the whole core: the input is a program of guest
 * actions — register and PTE writes, RAM contents, context submissions on
 * any engine, aperture accesses, time passing, scan-out — so the fuzzer
 * drives the MMIO paths, the ring interpreter, the blitter, PPGTT walks and
 * scan-out from one place; and EU kernels (bytes of the input) through the
 * interpreter. Built with ASan/UBSan by `make fuzz`.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "eu-exec.h"
#include "fake-host.h"
#include "scanout.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

typedef struct Input {
    const uint8_t *p;
    size_t left;
} Input;

static uint32_t take(Input *in, unsigned bytes)
{
    uint32_t v = 0;

    for (unsigned i = 0; i < bytes && in->left; i++, in->left--) {
        v |= (uint32_t)*in->p++ << (8 * i);
    }
    return v;
}

static const uint32_t engine_bases[] = { RCS_BASE, VCS0_BASE, VECS_BASE, BCS_BASE };

#define RAM_BASE 0x400000u      /* GGTT pages 0..255 start out mapped here */

/* An EU kernel: bytes of the input, read past their end as zeroes. */
typedef struct Kernel {
    uint8_t code[256];
    size_t len;
} Kernel;

static size_t kernel_fetch(void *opaque, uint32_t ip, uint8_t *buf)
{
    const Kernel *k = opaque;

    if (ip >= k->len) {
        return 0;
    }
    memcpy(buf, k->code + ip, MIN(16, k->len - ip));
    return MIN(16, k->len - ip);
}

static void run_kernel(Input *in)
{
    static MvgpuEuThread t;
    Kernel k;

    k.len = take(in, 1);
    for (size_t i = 0; i < k.len; i++) {
        k.code[i] = take(in, 1);
    }
    mvgpu_eu_thread_init(&t, 0, take(in, 4));
    for (unsigned i = 0; i < 64; i++) {
        t.grf[(i * 67) % sizeof(t.grf)] = take(in, 1);
    }
    t.fetch = kernel_fetch;
    t.opaque = &k;
    mvgpu_eu_run(&t, 256);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static uint8_t frame[512 * 512 * 4];
    static uint32_t cursor[256 * 256];
    static FakeHost *h;
    Input in = { data, size };
    unsigned steps = 0;

    /* One device for the whole run, back to its reset state for each input. */
    if (!h) {
        h = fake_host_new();
    }
    mvgpu_core_reset(h->core);
    fake_host_clear_log(h);
    memset(h->ram, 0, h->ram_size);
    memset(h->timer_expiry, 0, sizeof(h->timer_expiry));
    h->now_ns = 0;

    mb_ggtt_map(&h->bar0, 0, RAM_BASE, 256);
    while (in.left && steps++ < 256) {
        switch (take(&in, 1) % 10) {
        case 0: {                       /* register write */
            uint32_t off = take(&in, 3) & (MVGPU_MMIO_SIZE - 4);
            mvgpu_core_bar0_write(h->core, off, take(&in, 4), 4);
            break;
        }
        case 1:                         /* any BAR0 access, any width */
            mvgpu_core_bar0_read(h->core, take(&in, 3) << 3 >> (take(&in, 1) & 3),
                                 1u << (take(&in, 1) & 3));
            break;
        case 2: {                       /* a GGTT entry */
            uint32_t idx = take(&in, 2);
            uint64_t pte = take(&in, 4) | (uint64_t)take(&in, 1) << 32;
            mvgpu_core_bar0_write(h->core, MVGPU_GGTT_PTE_OFFSET + 8 * idx, pte, 8);
            break;
        }
        case 3: {                       /* dwords into a mapped page */
            uint32_t page = take(&in, 1), off = take(&in, 2) & 0xffc;
            unsigned n = take(&in, 1) % 64;

            for (unsigned i = 0; i < n && off + 4 * i < 4096; i++) {
                uint32_t v = take(&in, 4);
                memcpy(&h->ram[RAM_BASE + page * 4096u + off + 4 * i], &v, 4);
            }
            break;
        }
        case 4: {                       /* a submission */
            uint32_t base = engine_bases[take(&in, 1) & 3];
            uint32_t lrca = take(&in, 1) << 12, ctx_id = take(&in, 1);

            mb_submit(&h->bar0, base, mb_desc(lrca, ctx_id), 0);
            break;
        }
        case 5:                         /* time passes: timers fire */
            /* At most ~13 slices: an endless workload stays cheap to fuzz. */
            fake_host_run_until(h, h->now_ns + take(&in, 1) * 1000ull);
            break;
        case 6:
            mvgpu_core_aperture_write(h->core, take(&in, 3) << 3, take(&in, 4), 4);
            break;
        case 7:
            mvgpu_core_bar0_write(h->core, GEN6_GDRST, take(&in, 1), 4);
            break;
        case 8:
            run_kernel(&in);
            break;
        default: {                      /* a console refresh */
            MvgpuPlane p;
            MvgpuCursor cur;
            unsigned pipe;

            if (mvgpu_scanout_head(h->core, &p, &pipe) &&
                (uint64_t)p.width * p.height * 4 <= sizeof(frame)) {
                mvgpu_scanout_read(h->core, &p, frame, p.width * 4);
            }
            if (mvgpu_scanout_cursor(h->core, take(&in, 1) % 3, &cur)) {
                mvgpu_scanout_read_cursor(h->core, &cur, cursor);
            }
            break;
        }
        }
    }
    return 0;
}
