/*
 * mvgpu core: recording a workload's scan, and replaying it.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <string.h>

#include "record.h"
#include "bytes.h"

#define PAGE_DWORDS     1024
#define HEADER_BYTES    16      /* magic, engine bit, ring dwords */
#define READ_BYTES      16      /* flags, dwords, address */

static void put32(GByteArray *b, uint32_t v)
{
    uint8_t le[4];

    mvgpu_le_store(le, v, 4);
    g_byte_array_append(b, le, 4);
}

static void put_dwords(GByteArray *b, const uint32_t *dw, uint32_t n)
{
    for (uint32_t i = 0; i < n; i++) {
        put32(b, dw[i]);
    }
}

static bool record_read(void *opaque, bool ppgtt, uint64_t addr, uint32_t *dw,
                        uint32_t n)
{
    MvgpuRecorder *rec = opaque;

    if (!rec->read(rec->opaque, ppgtt, addr, dw, n)) {
        return false;           /* the scan stops; nothing to replay */
    }
    put32(rec->buf, ppgtt ? MVGPU_RECORD_PPGTT : 0);
    put32(rec->buf, n);
    put32(rec->buf, (uint32_t)addr);
    put32(rec->buf, (uint32_t)(addr >> 32));
    put_dwords(rec->buf, dw, n);
    return true;
}

void mvgpu_record_begin(MvgpuRecorder *rec, MvgpuScan *sc,
                        const uint32_t *ring, uint32_t len)
{
    rec->buf = g_byte_array_new();
    rec->read = sc->read;
    rec->opaque = sc->opaque;
    g_byte_array_append(rec->buf, (const uint8_t *)MVGPU_RECORD_MAGIC, 8);
    put32(rec->buf, sc->engine_bit);
    put32(rec->buf, len);
    put_dwords(rec->buf, ring, len);
    sc->read = record_read;
    sc->opaque = rec;
}

uint8_t *mvgpu_record_end(MvgpuRecorder *rec, size_t *len)
{
    *len = rec->buf->len;
    return g_byte_array_free(g_steal_pointer(&rec->buf), false);
}

/* ---- replay */

/* One 4 KiB page of batch memory and which of its dwords were recorded. */
typedef struct RecordedPage {
    uint32_t valid[PAGE_DWORDS / 32];
    uint32_t dw[PAGE_DWORDS];
} RecordedPage;

static uint64_t page_key(bool ppgtt, uint64_t addr)
{
    return (addr & ~0xfffull) | ppgtt;
}

/* Whether dwords [i, i + n) were all recorded: a word of the bitmap at a time. */
static bool page_has(const RecordedPage *p, uint32_t i, uint32_t n)
{
    uint32_t end = i + n;

    while (i < end) {
        uint32_t bits = MIN(32 - i % 32, end - i);
        uint32_t mask = (bits == 32 ? ~0u : (1u << bits) - 1) << (i % 32);

        if ((p->valid[i / 32] & mask) != mask) {
            return false;
        }
        i += bits;
    }
    return true;
}

static uint32_t get32(const uint8_t *p)
{
    return mvgpu_le_load(p, 4);
}

bool mvgpu_recording_parse(MvgpuRecording *r, const uint8_t *data,
                           size_t len, const char **why)
{
    size_t at = HEADER_BYTES;

    memset(r, 0, sizeof(*r));
    r->pages = g_hash_table_new_full(g_int64_hash, g_int64_equal,
                                     g_free, g_free);
    if (len < HEADER_BYTES || memcmp(data, MVGPU_RECORD_MAGIC, 8)) {
        *why = "not an mvgpu workload recording";
        return false;
    }
    r->engine_bit = get32(data + 8);
    r->ring_len = get32(data + 12);
    if (!r->engine_bit || (r->engine_bit & (r->engine_bit - 1)) ||
        r->engine_bit > 0xf) {
        *why = "bad engine";
        return false;
    }
    if (r->ring_len > (len - at) / 4) {
        *why = "ring runs past the end";
        return false;
    }
    r->ring = g_new(uint32_t, r->ring_len + 1);
    for (uint32_t i = 0; i < r->ring_len; i++, at += 4) {
        r->ring[i] = get32(data + at);
    }
    while (at < len) {
        uint32_t flags, n, i;
        uint64_t addr, key;
        RecordedPage *page;

        if (len - at < READ_BYTES) {
            *why = "truncated read header";
            return false;
        }
        flags = get32(data + at);
        n = get32(data + at + 4);
        addr = get32(data + at + 8) | (uint64_t)get32(data + at + 12) << 32;
        at += READ_BYTES;
        i = (addr & 0xfff) / 4;
        if ((flags & ~MVGPU_RECORD_PPGTT) || (addr & 3) || !n ||
            n > PAGE_DWORDS - i || n > (len - at) / 4) {
            *why = "malformed read";
            return false;
        }
        key = page_key(flags & MVGPU_RECORD_PPGTT, addr);
        page = g_hash_table_lookup(r->pages, &key);
        if (!page) {
            page = g_new0(RecordedPage, 1);
            g_hash_table_insert(r->pages, g_memdup2(&key, sizeof(key)), page);
        }
        for (uint32_t k = i; k < i + n; k++, at += 4) {
            page->dw[k] = get32(data + at);
            page->valid[k / 32] |= 1u << (k % 32);
        }
        r->batch_dwords += n;
    }
    return true;
}

static bool replay_read(void *opaque, bool ppgtt, uint64_t addr, uint32_t *dw,
                        uint32_t n)
{
    const MvgpuRecording *r = opaque;
    uint64_t key = page_key(ppgtt, addr);
    const RecordedPage *page = g_hash_table_lookup(r->pages, &key);
    uint32_t i = (addr & 0xfff) / 4;

    if (!page || (addr & 3) || n > PAGE_DWORDS - i || !page_has(page, i, n)) {
        return false;           /* not what the recorded scan read */
    }
    memcpy(dw, page->dw + i, 4ull * n);
    return true;
}

bool mvgpu_recording_scan(const MvgpuRecording *r, MvgpuScan *sc)
{
    sc->engine_bit = r->engine_bit;
    sc->read = replay_read;
    sc->opaque = (void *)r;
    return mvgpu_scan(sc, g_memdup2(r->ring, 4ull * r->ring_len + 4),
                      r->ring_len);
}

void mvgpu_recording_free(MvgpuRecording *r)
{
    g_free(r->ring);
    r->ring = NULL;
    if (r->pages) {
        g_hash_table_destroy(r->pages);
        r->pages = NULL;
    }
}
