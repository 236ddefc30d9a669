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
#define ENTRY_BYTES     16      /* flags, count, address */
#define PROBE_SPACES    3       /* PPGTT, GGTT, HWSP */
#define PROBE_MAX_BYTES 4096    /* more than any operand has */

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

static bool record_probe(void *opaque, const MvgpuMemOperand *op)
{
    MvgpuRecorder *rec = opaque;
    bool ram = rec->probe(rec->opaque, op);

    put32(rec->buf, MVGPU_RECORD_PROBE |
          (uint32_t)op->space << MVGPU_RECORD_SPACE_SHIFT |
          (uint32_t)op->access << MVGPU_RECORD_ACCESS_SHIFT |
          (ram ? MVGPU_RECORD_RAM : 0));
    put32(rec->buf, op->bytes);
    put32(rec->buf, (uint32_t)op->addr);
    put32(rec->buf, (uint32_t)(op->addr >> 32));
    return ram;
}

void mvgpu_record_begin(MvgpuRecorder *rec, MvgpuScan *sc,
                        const uint32_t *ring, uint32_t len)
{
    rec->buf = g_byte_array_new();
    rec->read = sc->read;
    rec->probe = sc->probe;
    rec->opaque = sc->opaque;
    g_byte_array_append(rec->buf, (const uint8_t *)MVGPU_RECORD_MAGIC, 8);
    put32(rec->buf, sc->engine_bit);
    put32(rec->buf, len);
    put_dwords(rec->buf, ring, len);
    sc->read = record_read;
    sc->probe = record_probe;
    sc->opaque = rec;
}

uint8_t *mvgpu_record_end(MvgpuRecorder *rec, MvgpuScan *sc, size_t *len)
{
    sc->read = rec->read;
    sc->probe = rec->probe;
    sc->opaque = rec->opaque;
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

static bool parse_probe(MvgpuRecording *r, uint32_t flags, uint32_t bytes,
                        uint64_t addr)
{
    const uint32_t known = MVGPU_RECORD_PROBE | MVGPU_RECORD_RAM |
                           3u << MVGPU_RECORD_SPACE_SHIFT |
                           3u << MVGPU_RECORD_ACCESS_SHIFT;
    MvgpuRecordedProbe p = {
        .op.space = (flags >> MVGPU_RECORD_SPACE_SHIFT) & 3,
        .op.access = (flags >> MVGPU_RECORD_ACCESS_SHIFT) & 3,
        .op.bytes = bytes,
        .op.addr = addr,
        .ram = flags & MVGPU_RECORD_RAM,
    };

    if ((flags & ~known) || p.op.space >= PROBE_SPACES || !p.op.access ||
        !bytes || bytes > PROBE_MAX_BYTES || addr >> 48) {
        return false;
    }
    g_array_append_val(r->probes, p);
    return true;
}

bool mvgpu_recording_parse(MvgpuRecording *r, const uint8_t *data,
                           size_t len, const char **why)
{
    size_t at = HEADER_BYTES;

    memset(r, 0, sizeof(*r));
    r->pages = g_hash_table_new_full(g_int64_hash, g_int64_equal,
                                     g_free, g_free);
    r->probes = g_array_new(false, false, sizeof(MvgpuRecordedProbe));
    if (len < HEADER_BYTES || memcmp(data, MVGPU_RECORD_MAGIC, 7)) {
        *why = "not an mvgpu workload recording";
        return false;
    }
    if (data[7] != MVGPU_RECORD_MAGIC[7]) {
        *why = "a recording of another format version (this mvgpu reads "
               MVGPU_RECORD_MAGIC "); record it again";
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

        if (len - at < ENTRY_BYTES) {
            *why = "truncated entry header";
            return false;
        }
        flags = get32(data + at);
        n = get32(data + at + 4);
        addr = get32(data + at + 8) | (uint64_t)get32(data + at + 12) << 32;
        at += ENTRY_BYTES;
        if (flags & MVGPU_RECORD_PROBE) {
            if (!parse_probe(r, flags, n, addr)) {
                *why = "malformed probe";
                return false;
            }
            continue;
        }
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

/* A replay in progress: the recording and the next probe it expects. */
typedef struct Replay {
    const MvgpuRecording *r;
    guint next_probe;
} Replay;

static bool replay_read(void *opaque, bool ppgtt, uint64_t addr, uint32_t *dw,
                        uint32_t n)
{
    const MvgpuRecording *r = ((Replay *)opaque)->r;
    uint64_t key = page_key(ppgtt, addr);
    const RecordedPage *page = g_hash_table_lookup(r->pages, &key);
    uint32_t i = (addr & 0xfff) / 4;

    if (!page || (addr & 3) || n > PAGE_DWORDS - i || !page_has(page, i, n)) {
        return false;           /* not what the recorded scan read */
    }
    memcpy(dw, page->dw + i, 4ull * n);
    return true;
}

/* The scan probes in the same order when it replays the same workload. */
static bool replay_probe(void *opaque, const MvgpuMemOperand *op)
{
    Replay *rp = opaque;
    const MvgpuRecordedProbe *p;

    if (rp->next_probe >= rp->r->probes->len) {
        return false;           /* not what the recorded scan probed */
    }
    p = &g_array_index(rp->r->probes, MvgpuRecordedProbe, rp->next_probe++);
    return p->op.space == op->space && p->op.access == op->access &&
           p->op.bytes == op->bytes && p->op.addr == op->addr && p->ram;
}

bool mvgpu_recording_scan(const MvgpuRecording *r, MvgpuScan *sc)
{
    Replay rp = { .r = r };
    bool ok;

    sc->engine_bit = r->engine_bit;
    sc->read = replay_read;
    sc->probe = replay_probe;
    sc->opaque = &rp;
    ok = mvgpu_scan(sc, g_memdup2(r->ring, 4ull * r->ring_len + 4),
                    r->ring_len);
    /* The shadows outlive the replay; the callbacks must not. */
    sc->read = NULL;
    sc->probe = NULL;
    sc->opaque = NULL;
    return ok;
}

void mvgpu_recording_free(MvgpuRecording *r)
{
    g_free(r->ring);
    r->ring = NULL;
    if (r->pages) {
        g_hash_table_destroy(r->pages);
        r->pages = NULL;
    }
    if (r->probes) {
        g_array_free(r->probes, true);
        r->probes = NULL;
    }
}
