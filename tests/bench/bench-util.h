/*
 * What the core benchmarks share: a clock, guest RAM in a buffer, a quiet
 * host.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef MVGPU_BENCH_UTIL_H
#define MVGPU_BENCH_UTIL_H

#include <stdio.h>
#include <time.h>

#include "bytes.h"
#include "internal.h"
#include "mvgpu-build.h"

static inline uint64_t bench_now_ns(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000ull + ts.tv_nsec;
}

/* Guest RAM for the benchmarks: bench_ram_size bytes at bench_ram. */
static uint8_t *bench_ram;
static uint64_t bench_ram_size;

static inline bool bench_mem_read(void *o, uint64_t gpa, void *buf, size_t len)
{
    if (gpa >= bench_ram_size || len > bench_ram_size - gpa) {
        return false;
    }
    memcpy(buf, bench_ram + gpa, len);
    return true;
}

static inline bool bench_mem_write(void *o, uint64_t gpa, const void *buf,
                                   size_t len)
{
    if (gpa >= bench_ram_size || len > bench_ram_size - gpa) {
        return false;
    }
    memcpy(bench_ram + gpa, buf, len);
    return true;
}

/* The builders' writers (mvgpu-build.h): into bench_ram, and into BAR0. */
static inline void bench_mem_put(void *o, uint64_t gpa, uint64_t v,
                                 unsigned size)
{
    g_assert(gpa < bench_ram_size && size <= bench_ram_size - gpa);
    mvgpu_le_store(bench_ram + gpa, v, size);
}

static const MbWriter bench_mem = { .write = bench_mem_put };

static inline void bench_bar0_put(void *core, uint64_t off, uint64_t v,
                                  unsigned size)
{
    mvgpu_core_bar0_write(core, off, v, size);
}

static inline MbWriter bench_bar0(MvgpuCore *c)
{
    return (MbWriter) { .write = bench_bar0_put, .opaque = c };
}

static inline uint64_t bench_clock(void *o)
{
    return 0;
}

static inline void bench_quiet(void *o, MvgpuLogKind k, const char *m)
{
}

/* A core on the default configuration with @ram_size bytes of RAM. */
static inline MvgpuCore *bench_core(uint64_t ram_size)
{
    MvgpuConfig cfg = mvgpu_config_default();
    MvgpuHost host = { .mem_read = bench_mem_read,
                       .mem_write = bench_mem_write,
                       .now_ns = bench_clock, .log = bench_quiet };
    g_autofree char *msg = NULL;

    bench_ram_size = ram_size;
    bench_ram = g_malloc0(ram_size);
    return mvgpu_core_new(&cfg, &host, &msg);
}

#endif
