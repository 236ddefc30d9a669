/*
 * mvgpu-gem-blit: end-to-end blitter checks through the i915 uAPI.
 *
 * Runs in the guest (tools image, /usr/libexec/mvgpu/mvgpu-gem-blit) against
 * /dev/dri/card0 with nothing but raw ioctls: GEM objects filled from the CPU
 * with a seeded pattern, batches of 2D commands submitted on the blitter
 * engine (I915_EXEC_BLT) with a relocation for every address field, a bounded
 * GEM_WAIT, then every byte of every destination object read back and
 * compared with a reference computed here from the documented semantics:
 * the ROP3 truth table, BR13 colour depths, the 32 bpp byte masks, and the
 * X (512 B x 8 rows) and Y (128 B x 32 rows, 16-byte columns) tile layouts.
 * Gen9 has no bit-6 swizzling, so the raw bytes pread returns are the tiled
 * layout itself (the program checks the swizzle mode the kernel reports).
 *
 * Prints one line per case, "RESULT <name> PASS|FAIL <detail>" (the guest
 * harness's format), and exits 1 when any case failed, 2 when it could not
 * run at all.
 *
 *   mvgpu-gem-blit [-s SEED] [-d /dev/dri/cardN]
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <stdlib.h>

#define RESULT_PREFIX "blit-"
#include "mvgpu-gem.h"          /* the ioctls, MI commands, mvgpu-result.h */

/* 2D commands: client 2 (bits 31:29), opcode in bits 28:22. */
#define BLT_CMD(op, len)        (2u << 29 | (uint32_t)(op) << 22 | ((len) - 2))
#define XY_COLOR_BLT            BLT_CMD(0x50, 7)
#define XY_SRC_COPY_BLT         BLT_CMD(0x53, 10)
#define XY_FAST_COPY_BLT        BLT_CMD(0x42, 10)
/* BR00 (DW0) of XY_COLOR_BLT / XY_SRC_COPY_BLT */
#define BR00_WRITE_ALPHA        (1u << 21)
#define BR00_WRITE_RGB          (1u << 20)
#define BR00_SRC_TILED          (1u << 15)
#define BR00_DST_TILED          (1u << 11)
/* BR13 (DW1): colour depth in bits 25:24, ROP in 23:16, pitch in 15:0 */
#define BR13_DEPTH_8            (0u << 24)
#define BR13_DEPTH_565          (1u << 24)
#define BR13_DEPTH_32           (3u << 24)
#define BR13_ROP(r)             ((uint32_t)(r) << 16)
/* XY_FAST_COPY_BLT: tilings in DW0 (0 linear, 1 X, 2 Y), depth in DW1 26:24 */
#define FAST_SRC_TILING(t)      ((uint32_t)(t) << 20)
#define FAST_DST_TILING(t)      ((uint32_t)(t) << 13)
#define FAST_DEPTH_32           (3u << 24)

/* Masked register: bits 31:16 select which of bits 15:0 a write changes. */
#define BCS_SWCTRL              0x22200u
#define SWCTRL_SRC_Y            (1u << 0)
#define SWCTRL_DST_Y            (1u << 1)

#define ROP_SRCCOPY             0xcc
#define ROP_PATCOPY             0xf0

#define WAIT_NS                 (20 * NS_PER_S)

static uint32_t seed = 0x6d766770;      /* "mvgp" */

/* ------------------------------------------------------------- helpers -- */

/* xorshift32: a small deterministic generator, seeded per case. */
static uint32_t rng_next(uint32_t *s)
{
    uint32_t x = *s;

    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    return *s = x;
}

static uint32_t rng_seed(uint32_t salt)
{
    uint32_t s = seed ^ (salt * 0x9e3779b9u);

    return s ? s : 1;
}

static void fill_random(uint8_t *p, size_t n, uint32_t *s)
{
    for (size_t i = 0; i < n; i++) {
        p[i] = rng_next(s) >> 24;
    }
}

static uint64_t canonical(uint64_t addr)
{
    return (uint64_t)((int64_t)(addr << 16) >> 16);     /* sign of bit 47 */
}

/* ----------------------------------------------------------- reference -- */

/* Where byte @xb of row @y lives in a surface of @pitch bytes. */
static size_t layout_offset(int tiling, uint32_t pitch, uint32_t xb, uint32_t y)
{
    size_t tile;

    switch (tiling) {
    case I915_TILING_X:
        /* 4 KiB tiles of 8 rows of 512 bytes, rows of tiles across pitch. */
        tile = (size_t)(y / 8) * (pitch / 512) + xb / 512;
        return tile * 4096 + (y % 8) * 512 + xb % 512;
    case I915_TILING_Y:
        /*
         * 4 KiB tiles of 128 bytes x 32 rows, stored as 8 columns of
         * 16-byte OWords: a column holds its 32 rows one after the other.
         */
        tile = (size_t)(y / 32) * (pitch / 128) + xb / 128;
        return tile * 4096 + ((xb % 128) / 16) * 512 + (y % 32) * 16 + xb % 16;
    default:
        return (size_t)y * pitch + xb;
    }
}

/*
 * ROP3 from its definition: for every bit, the result is bit
 * (P << 2 | S << 1 | D) of the ROP code (so P = 0xf0, S = 0xcc, D = 0xaa).
 */
static uint32_t rop3_ref(uint8_t rop, uint32_t p, uint32_t s, uint32_t d)
{
    uint32_t r = 0;

    for (unsigned b = 0; b < 32; b++) {
        unsigned idx = ((p >> b) & 1) << 2 | ((s >> b) & 1) << 1 | ((d >> b) & 1);

        r |= (uint32_t)((rop >> idx) & 1) << b;
    }
    return r;
}

/* A GEM object and what it is expected to hold, in its raw (tiled) layout. */
typedef struct Surface {
    uint32_t handle;
    int tiling;
    uint32_t pitch;             /* bytes */
    uint32_t rows;
    size_t size;
    uint8_t *raw;
} Surface;

static uint64_t px_get(const Surface *s, uint32_t x, uint32_t y, uint32_t cpp)
{
    uint64_t v = 0;

    for (uint32_t i = 0; i < cpp; i++) {
        v |= (uint64_t)s->raw[layout_offset(s->tiling, s->pitch, x * cpp + i, y)]
             << (8 * i);
    }
    return v;
}

static void px_put(Surface *s, uint32_t x, uint32_t y, uint32_t cpp, uint64_t v)
{
    for (uint32_t i = 0; i < cpp; i++) {
        s->raw[layout_offset(s->tiling, s->pitch, x * cpp + i, y)] = v >> (8 * i);
    }
}

static const char *tiling_name(int t)
{
    return t == I915_TILING_X ? "X" : t == I915_TILING_Y ? "Y" : "linear";
}

static void surface_free(Surface *s)
{
    gem_close(s->handle);
    free(s->raw);
    memset(s, 0, sizeof(*s));
}

/*
 * A new object of @rows x @pitch bytes with @tiling set through
 * I915_GEM_SET_TILING, filled with seeded random bytes by pwrite.
 */
static bool surface_new(Surface *s, int tiling, uint32_t pitch, uint32_t rows,
                        uint32_t salt, char *why, size_t whylen)
{
    uint32_t r = rng_seed(salt);
    int err;

    memset(s, 0, sizeof(*s));
    s->tiling = tiling;
    s->pitch = pitch;
    s->rows = rows;
    s->size = ((size_t)pitch * rows + 4095) & ~(size_t)4095;
    s->raw = malloc(s->size);
    s->handle = gem_create(s->size);
    if (!s->raw || !s->handle) {
        snprintf(why, whylen, "cannot create a %zu-byte object", s->size);
        return false;
    }
    if (tiling != I915_TILING_NONE) {
        struct drm_i915_gem_set_tiling st = {
            .handle = s->handle, .tiling_mode = tiling, .stride = pitch,
        };

        err = xioctl(DRM_IOCTL_I915_GEM_SET_TILING, &st);
        if (err || st.tiling_mode != (uint32_t)tiling) {
            snprintf(why, whylen, "SET_TILING %s stride %u: %s (mode now %u)",
                     tiling_name(tiling), pitch, err ? strerror(-err) : "ok",
                     st.tiling_mode);
            return false;
        }
        if (st.swizzle_mode != I915_BIT_6_SWIZZLE_NONE) {
            snprintf(why, whylen, "kernel reports bit-6 swizzle mode %u for "
                     "%s tiling (Gen9 has none)", st.swizzle_mode,
                     tiling_name(tiling));
            return false;
        }
    }
    fill_random(s->raw, s->size, &r);
    err = gem_pwrite(s->handle, 0, s->raw, s->size);
    if (err) {
        snprintf(why, whylen, "pwrite: %s", strerror(-err));
        return false;
    }
    return true;
}

/* Reads the whole object back and compares it with s->raw. */
static bool surface_check(const Surface *s, char *why, size_t whylen)
{
    uint8_t *got = malloc(s->size);
    size_t bad = 0, first = 0;
    int err;

    if (!got) {
        snprintf(why, whylen, "out of memory");
        return false;
    }
    err = gem_pread(s->handle, 0, got, s->size);
    if (err) {
        snprintf(why, whylen, "pread: %s", strerror(-err));
        free(got);
        return false;
    }
    for (size_t i = 0; i < s->size; i++) {
        if (got[i] != s->raw[i]) {
            if (!bad++) {
                first = i;
            }
        }
    }
    if (bad) {
        snprintf(why, whylen, "%zu of %zu bytes differ; first at object offset "
                 "0x%zx (%s, pitch %u): expected 0x%02x, got 0x%02x",
                 bad, s->size, first, tiling_name(s->tiling), s->pitch,
                 s->raw[first], got[first]);
    }
    free(got);
    return !bad;
}

/* ----------------------------------------------------------- execbuf ---- */

#define MAX_DW      256
#define MAX_RELOC   32
#define MAX_OBJ     16

typedef struct Batch {
    uint32_t dw[MAX_DW];
    unsigned n;
    struct drm_i915_gem_relocation_entry reloc[MAX_RELOC];
    unsigned nreloc;
    uint32_t obj[MAX_OBJ];
    uint64_t pin[MAX_OBJ];      /* softpinned address (canonical), or 0 */
    unsigned nobj;
    unsigned relocs_checked;
    uint64_t max_offset;
} Batch;

static void batch_reset(Batch *b)
{
    b->n = b->nreloc = b->nobj = 0;
}

static unsigned batch_obj(Batch *b, uint32_t handle)
{
    unsigned i;

    for (i = 0; i < b->nobj && b->obj[i] != handle; i++) {
    }
    if (i == b->nobj && b->nobj < MAX_OBJ) {
        b->obj[i] = handle;
        b->pin[i] = 0;
        b->nobj++;
    }
    return i;
}

/* Places @handle at @addr (EXEC_OBJECT_PINNED); relocations still apply. */
static void batch_pin(Batch *b, uint32_t handle, uint64_t addr)
{
    unsigned i = batch_obj(b, handle);

    if (i < MAX_OBJ) {
        b->pin[i] = canonical(addr);
    }
}

static void out(Batch *b, uint32_t v)
{
    if (b->n < MAX_DW) {
        b->dw[b->n] = v;
    }
    b->n++;
}

/*
 * A 48-bit address field (two dwords) pointing @delta bytes into @handle,
 * with its relocation. The dwords hold presumed_offset (0) + delta, as the
 * uAPI asks, so the kernel rewrites both of them.
 */
static void out_addr(Batch *b, uint32_t handle, uint32_t delta, bool write)
{
    if (b->nreloc < MAX_RELOC) {
        b->reloc[b->nreloc++] = (struct drm_i915_gem_relocation_entry) {
            .target_handle = handle,
            .delta = delta,
            .offset = (uint64_t)b->n * 4,
            .presumed_offset = 0,
            .read_domains = I915_GEM_DOMAIN_RENDER,
            .write_domain = write ? I915_GEM_DOMAIN_RENDER : 0,
        };
    } else {
        b->nreloc++;
    }
    batch_obj(b, handle);
    out(b, delta);
    out(b, 0);
}

static void out_swctrl(Batch *b, uint32_t y_bits)
{
    out(b, MI_LOAD_REGISTER_IMM_1);
    out(b, BCS_SWCTRL);
    out(b, (SWCTRL_SRC_Y | SWCTRL_DST_Y) << 16 | y_bits);
}

static void out_flush(Batch *b)
{
    out(b, MI_FLUSH_DW_4);
    out(b, 0);
    out(b, 0);
    out(b, 0);
}

/*
 * Submits the batch on the blitter engine, waits for it (bounded), then
 * checks that the kernel wrote every relocated address field as the object's
 * offset plus delta, both dwords. NULL on success, else why not.
 */
static const char *batch_submit(Batch *b, char *why, size_t whylen)
{
    struct drm_i915_gem_exec_object2 ex[MAX_OBJ + 1];
    struct drm_i915_gem_execbuffer2 eb;
    uint32_t bh, back[MAX_DW];
    unsigned bytes;
    int err;

    out(b, MI_BATCH_BUFFER_END);
    if (b->n & 1) {
        out(b, MI_NOOP);
    }
    if (b->n > MAX_DW || b->nreloc > MAX_RELOC || b->nobj >= MAX_OBJ) {
        snprintf(why, whylen, "batch too large for the test's buffers");
        return why;
    }
    bytes = b->n * 4;
    bh = gem_create(4096);
    if (!bh) {
        snprintf(why, whylen, "cannot create the batch object");
        return why;
    }
    err = gem_pwrite(bh, 0, b->dw, bytes);
    if (err) {
        snprintf(why, whylen, "batch pwrite: %s", strerror(-err));
        gem_close(bh);
        return why;
    }
    memset(ex, 0, sizeof(ex));
    for (unsigned i = 0; i < b->nobj; i++) {
        ex[i].handle = b->obj[i];
        ex[i].flags = EXEC_OBJECT_SUPPORTS_48B_ADDRESS;
        if (b->pin[i]) {
            ex[i].flags |= EXEC_OBJECT_PINNED;
            ex[i].offset = b->pin[i];
        }
    }
    ex[b->nobj].handle = bh;
    ex[b->nobj].flags = EXEC_OBJECT_SUPPORTS_48B_ADDRESS;
    ex[b->nobj].relocation_count = b->nreloc;
    ex[b->nobj].relocs_ptr = (uintptr_t)b->reloc;

    memset(&eb, 0, sizeof(eb));
    eb.buffers_ptr = (uintptr_t)ex;
    eb.buffer_count = b->nobj + 1;
    eb.batch_len = bytes;
    eb.flags = I915_EXEC_BLT;
    err = xioctl(DRM_IOCTL_I915_GEM_EXECBUFFER2, &eb);
    if (err) {
        snprintf(why, whylen, "EXECBUFFER2 on BLT: %s", strerror(-err));
        gem_close(bh);
        return why;
    }
    for (unsigned i = 0; i < b->nobj; i++) {
        if (b->pin[i] && ex[i].offset != b->pin[i]) {
            snprintf(why, whylen, "object pinned at 0x%" PRIx64 " reported at "
                     "0x%llx", b->pin[i], (unsigned long long)ex[i].offset);
            gem_close(bh);
            return why;
        }
    }
    /* Every object of the request, the batch last: bounded waits. */
    for (unsigned i = 0; i <= b->nobj; i++) {
        err = gem_wait(ex[i].handle, WAIT_NS);
        if (err) {
            snprintf(why, whylen, "GEM_WAIT on %s: %s%s",
                     i == b->nobj ? "the batch" : "an object", strerror(-err),
                     err == -ETIME ? " (not done after 20 s)" : "");
            gem_close(bh);
            return why;
        }
    }
    err = gem_pread(bh, 0, back, bytes);
    gem_close(bh);
    if (err) {
        snprintf(why, whylen, "batch pread: %s", strerror(-err));
        return why;
    }
    for (unsigned r = 0; r < b->nreloc; r++) {
        const struct drm_i915_gem_relocation_entry *re = &b->reloc[r];
        unsigned at = re->offset / 4, i;
        uint64_t want, got;

        for (i = 0; i < b->nobj && b->obj[i] != re->target_handle; i++) {
        }
        want = canonical(ex[i].offset + re->delta);
        got = canonical((uint64_t)back[at + 1] << 32 | back[at]);
        if (got != want) {
            snprintf(why, whylen, "relocation %u (dword %u): batch holds "
                     "0x%" PRIx64 ", object offset 0x%llx + delta %u", r, at,
                     got, (unsigned long long)ex[i].offset, re->delta);
            return why;
        }
        b->relocs_checked++;
        if (ex[i].offset > b->max_offset) {
            b->max_offset = ex[i].offset;
        }
    }
    return NULL;
}

/* ------------------------------------------------------------- emitters -- */

typedef struct Rect {
    uint32_t x, y, w, h;
} Rect;

static uint32_t pitch_field(const Surface *s)
{
    /* Tiled pitches are given in dwords, linear ones in bytes. */
    return s->tiling == I915_TILING_NONE ? s->pitch : s->pitch / 4;
}

static uint32_t br13_depth(uint32_t cpp)
{
    return cpp == 4 ? BR13_DEPTH_32 : cpp == 2 ? BR13_DEPTH_565 : BR13_DEPTH_8;
}

static void emit_color(Batch *b, Surface *d, Rect r, uint32_t cpp,
                       uint32_t br00_mask, uint32_t color)
{
    out(b, XY_COLOR_BLT | br00_mask |
        (d->tiling != I915_TILING_NONE ? BR00_DST_TILED : 0));
    out(b, br13_depth(cpp) | BR13_ROP(ROP_PATCOPY) | pitch_field(d));
    out(b, r.y << 16 | r.x);
    out(b, (r.y + r.h) << 16 | (r.x + r.w));
    out_addr(b, d->handle, 0, true);
    out(b, color);
}

static void emit_src_copy(Batch *b, Surface *d, Rect r, Surface *s,
                          uint32_t sx, uint32_t sy, uint32_t cpp, uint8_t rop)
{
    uint32_t dw0 = XY_SRC_COPY_BLT;

    if (cpp == 4) {
        dw0 |= BR00_WRITE_ALPHA | BR00_WRITE_RGB;
    }
    if (s->tiling != I915_TILING_NONE) {
        dw0 |= BR00_SRC_TILED;
    }
    if (d->tiling != I915_TILING_NONE) {
        dw0 |= BR00_DST_TILED;
    }
    out(b, dw0);
    out(b, br13_depth(cpp) | BR13_ROP(rop) | pitch_field(d));
    out(b, r.y << 16 | r.x);
    out(b, (r.y + r.h) << 16 | (r.x + r.w));
    out_addr(b, d->handle, 0, true);
    out(b, sy << 16 | sx);
    out(b, pitch_field(s));
    out_addr(b, s->handle, 0, false);
}

static void emit_fast_copy(Batch *b, Surface *d, Rect r, Surface *s,
                           uint32_t sx, uint32_t sy)
{
    /* The fast-copy tiling field uses the same 0/1/2 as I915_TILING_*. */
    out(b, XY_FAST_COPY_BLT | FAST_SRC_TILING(s->tiling) |
        FAST_DST_TILING(d->tiling));
    out(b, FAST_DEPTH_32 | pitch_field(d));
    out(b, r.y << 16 | r.x);
    out(b, (r.y + r.h) << 16 | (r.x + r.w));
    out_addr(b, d->handle, 0, true);
    out(b, sy << 16 | sx);
    out(b, pitch_field(s));
    out_addr(b, s->handle, 0, false);
}

/* Reference for a copy with @rop (which must not read the pattern). */
static void ref_copy(Surface *d, Rect r, const Surface *s, uint32_t sx,
                     uint32_t sy, uint32_t cpp, uint8_t rop)
{
    uint64_t mask = cpp == 8 ? ~0ull : (1ull << (8 * cpp)) - 1;

    for (uint32_t y = 0; y < r.h; y++) {
        for (uint32_t x = 0; x < r.w; x++) {
            uint64_t sv = px_get(s, sx + x, sy + y, cpp);
            uint64_t dv = px_get(d, r.x + x, r.y + y, cpp);

            px_put(d, r.x + x, r.y + y, cpp,
                   rop3_ref(rop, 0, sv, dv) & mask);
        }
    }
}

/* ---------------------------------------------------------------- cases -- */

static void case_color(const char *name, uint32_t cpp, uint32_t br00_mask,
                       uint32_t color, uint32_t salt)
{
    Surface d;
    Batch b = { 0 };
    Rect r = { 13, 7, 150, 33 };
    uint32_t wmask = 0xffffffff;
    WHY;

    /* An odd pitch (not a power of two) around the rectangle. */
    if (!surface_new(&d, I915_TILING_NONE, 1096, 64, salt, why, sizeof(why))) {
        result(name, false, "setup: %s", why);
        surface_free(&d);
        return;
    }
    if (cpp == 4) {
        wmask = (br00_mask & BR00_WRITE_ALPHA ? 0xff000000u : 0) |
                (br00_mask & BR00_WRITE_RGB ? 0x00ffffffu : 0);
    }
    emit_color(&b, &d, r, cpp, br00_mask, color);
    for (uint32_t y = 0; y < r.h; y++) {
        for (uint32_t x = 0; x < r.w; x++) {
            uint32_t old = px_get(&d, r.x + x, r.y + y, cpp);
            uint32_t v = rop3_ref(ROP_PATCOPY, color, 0, old);

            px_put(&d, r.x + x, r.y + y, cpp, (v & wmask) | (old & ~wmask));
        }
    }
    if (!batch_submit(&b, why, sizeof(why)) &&
        surface_check(&d, why, sizeof(why))) {
        result(name, true, "XY_COLOR_BLT %ux%u at (%u,%u), %u bpp, colour "
               "0x%08x, write mask 0x%08x; all %zu bytes of the object match",
               r.w, r.h, r.x, r.y, cpp * 8, color, wmask, d.size);
    } else {
        result(name, false, "XY_COLOR_BLT %ux%u, %u bpp: %s", r.w, r.h,
               cpp * 8, why);
    }
    surface_free(&d);
}

typedef enum { SRC_COPY, SRC_COPY_SWCTRL, FAST_COPY } CopyKind;

typedef struct CopyCase {
    const char *name;
    CopyKind kind;
    uint32_t cpp;
    int src_tiling, dst_tiling;
    uint32_t src_pitch, src_rows, dst_pitch, dst_rows;
    Rect dst;
    uint32_t sx, sy;
    uint8_t rop;
} CopyCase;

static void case_copy(const CopyCase *c, uint32_t salt)
{
    static const char *kinds[] = {
        "XY_SRC_COPY_BLT", "XY_SRC_COPY_BLT+BCS_SWCTRL", "XY_FAST_COPY_BLT",
    };
    Surface s, d;
    Batch b = { 0 };
    WHY;

    memset(&d, 0, sizeof(d));
    if (!surface_new(&s, c->src_tiling, c->src_pitch, c->src_rows, salt,
                     why, sizeof(why)) ||
        !surface_new(&d, c->dst_tiling, c->dst_pitch, c->dst_rows, salt + 1,
                     why, sizeof(why))) {
        result(c->name, false, "setup: %s", why);
        goto out;
    }
    if (c->kind == SRC_COPY_SWCTRL) {
        out_swctrl(&b, (c->src_tiling == I915_TILING_Y ? SWCTRL_SRC_Y : 0) |
                       (c->dst_tiling == I915_TILING_Y ? SWCTRL_DST_Y : 0));
    }
    if (c->kind == FAST_COPY) {
        emit_fast_copy(&b, &d, c->dst, &s, c->sx, c->sy);
    } else {
        emit_src_copy(&b, &d, c->dst, &s, c->sx, c->sy, c->cpp, c->rop);
    }
    if (c->kind == SRC_COPY_SWCTRL) {
        out_flush(&b);
        out_swctrl(&b, 0);
    }
    ref_copy(&d, c->dst, &s, c->sx, c->sy, c->cpp, c->rop);
    if (!batch_submit(&b, why, sizeof(why)) &&
        surface_check(&d, why, sizeof(why)) &&
        surface_check(&s, why, sizeof(why))) {
        result(c->name, true, "%s %s->%s %ux%u px, %u bpp, rop 0x%02x, "
               "(%u,%u)->(%u,%u); every byte of both objects matches",
               kinds[c->kind], tiling_name(c->src_tiling),
               tiling_name(c->dst_tiling), c->dst.w, c->dst.h, c->cpp * 8,
               c->rop, c->sx, c->sy, c->dst.x, c->dst.y);
    } else {
        result(c->name, false, "%s %s->%s %ux%u px, %u bpp, rop 0x%02x: %s",
               kinds[c->kind], tiling_name(c->src_tiling),
               tiling_name(c->dst_tiling), c->dst.w, c->dst.h, c->cpp * 8,
               c->rop, why);
    }
out:
    surface_free(&s);
    surface_free(&d);
}

/* Several ROPs in one batch, each into its own band of one destination. */
static void case_rops(uint32_t salt)
{
    static const uint8_t rops[] = {
        0x66,       /* SRCINVERT: S ^ D */
        0x88,       /* SRCAND:    S & D */
        0xee,       /* SRCPAINT:  S | D */
        0x33,       /* NOTSRCCOPY: ~S */
        0x00,       /* BLACKNESS */
        0x55,       /* DSTINVERT: ~D */
    };
    Surface s, d;
    Batch b = { 0 };
    WHY;

    /* The reference itself, against the named operations. */
    if (rop3_ref(0x66, 0, 0x0ff0f00f, 0x00ffff00) != (0x0ff0f00fu ^ 0x00ffff00u) ||
        rop3_ref(0x88, 0, 0x0ff0f00f, 0x00ffff00) != (0x0ff0f00fu & 0x00ffff00u) ||
        rop3_ref(0xee, 0, 0x0ff0f00f, 0x00ffff00) != (0x0ff0f00fu | 0x00ffff00u) ||
        rop3_ref(0xcc, 0, 0x12345678, 0x9abcdef0) != 0x12345678u ||
        rop3_ref(0xf0, 0xcafe, 1, 2) != 0xcafeu) {
        result("src-copy-rops", false, "the program's own ROP3 table is wrong");
        return;
    }
    memset(&d, 0, sizeof(d));
    if (!surface_new(&s, I915_TILING_NONE, 1280, 48, salt, why, sizeof(why)) ||
        !surface_new(&d, I915_TILING_NONE, 1152, 6 * 12, salt + 1, why,
                     sizeof(why))) {
        result("src-copy-rops", false, "setup: %s", why);
        goto out;
    }
    for (unsigned i = 0; i < sizeof(rops); i++) {
        Rect r = { 5 + i, 12 * i + 1, 211, 10 };

        emit_src_copy(&b, &d, r, &s, 3 * i, 4 * i, 4, rops[i]);
        ref_copy(&d, r, &s, 3 * i, 4 * i, 4, rops[i]);
    }
    if (!batch_submit(&b, why, sizeof(why)) &&
        surface_check(&d, why, sizeof(why))) {
        result("src-copy-rops", true, "XY_SRC_COPY_BLT 32 bpp with ROPs 0x66 "
               "0x88 0xee 0x33 0x00 0x55 in one batch (%u relocations); every "
               "byte matches", b.nreloc);
    } else {
        result("src-copy-rops", false, "ROPs 0x66 0x88 0xee 0x33 0x00 0x55: %s",
               why);
    }
out:
    surface_free(&s);
    surface_free(&d);
}

/*
 * Address fields above 4 GiB. The objects are softpinned (the batch still
 * carries a relocation for every address field, which the kernel fills with
 * the pinned address): a source straddling 4 GiB (its rows cross from
 * 0xffffxxxx to 0x1_0000xxxx, so the blitter must carry into the high
 * dword), a destination at 0x2_4680_0000, and a colour fill near the top of
 * the address space, where the canonical form the kernel writes sets bits
 * 63:48 of the address field.
 */
static void case_high_address(void)
{
    struct drm_i915_gem_context_param cp = {
        .param = I915_CONTEXT_PARAM_GTT_SIZE,
    };
    uint64_t at_src = 0xffff8000ull, at_dst = 0x246800000ull, at_top;
    Surface s, d, t;
    Batch b = { 0 };
    Rect whole = { 0, 0, 1024, 16 }, fill = { 100, 3, 700, 9 };
    int softpin = 0;
    WHY;

    memset(&s, 0, sizeof(s));
    memset(&d, 0, sizeof(d));
    memset(&t, 0, sizeof(t));
    if (getparam(I915_PARAM_HAS_EXEC_SOFTPIN, &softpin) || !softpin ||
        xioctl(DRM_IOCTL_I915_GEM_CONTEXT_GETPARAM, &cp)) {
        result("high-address", false, "softpin %d or the GTT size unknown: "
               "cannot place objects above 4 GiB", softpin);
        return;
    }
    if (cp.value < (1ull << 36)) {
        result("high-address", false, "GTT size 0x%llx: no room above 4 GiB "
               "for this case", (unsigned long long)cp.value);
        return;
    }
    at_top = cp.value - (2ull << 20);
    if (!surface_new(&s, I915_TILING_NONE, 4096, 16, 0x3000, why, sizeof(why)) ||
        !surface_new(&d, I915_TILING_NONE, 4096, 16, 0x3001, why, sizeof(why)) ||
        !surface_new(&t, I915_TILING_NONE, 4096, 16, 0x3002, why, sizeof(why))) {
        result("high-address", false, "setup: %s", why);
        goto out;
    }
    batch_pin(&b, s.handle, at_src);
    batch_pin(&b, d.handle, at_dst);
    batch_pin(&b, t.handle, at_top);
    emit_src_copy(&b, &d, whole, &s, 0, 0, 4, ROP_SRCCOPY);
    ref_copy(&d, whole, &s, 0, 0, 4, ROP_SRCCOPY);
    emit_color(&b, &t, fill, 4, BR00_WRITE_ALPHA | BR00_WRITE_RGB, 0x5a5aa5a5);
    for (uint32_t y = 0; y < fill.h; y++) {
        for (uint32_t x = 0; x < fill.w; x++) {
            px_put(&t, fill.x + x, fill.y + y, 4, 0x5a5aa5a5);
        }
    }
    if (!batch_submit(&b, why, sizeof(why)) &&
        surface_check(&d, why, sizeof(why)) &&
        surface_check(&t, why, sizeof(why)) &&
        surface_check(&s, why, sizeof(why))) {
        result("high-address", true, "GTT 0x%llx; XY_SRC_COPY_BLT 64 KiB from "
               "0x%" PRIx64 " (across 4 GiB) to 0x%" PRIx64 ", XY_COLOR_BLT at "
               "0x%" PRIx64 " (canonical 0x%" PRIx64 "); every byte matches",
               (unsigned long long)cp.value, at_src, at_dst, at_top,
               canonical(at_top));
    } else {
        result("high-address", false, "src 0x%" PRIx64 ", dst 0x%" PRIx64
               ", fill 0x%" PRIx64 ": %s", at_src, at_dst, at_top, why);
    }
out:
    surface_free(&s);
    surface_free(&d);
    surface_free(&t);
}

/*
 * Like IGT's gem_linear_blits: many same-sized linear objects, each with its
 * own pattern, copied whole onto one another (a forward ring, a backward
 * ring, then seeded random pairs), one execbuf per copy; at the end every
 * object must hold the pattern of the object its content came from.
 */
#define LB_COUNT    64
#define LB_W        256
#define LB_H        256
#define LB_SIZE     (LB_W * LB_H * 4)

static void lb_pattern(uint32_t *p, uint32_t id)
{
    uint32_t r = rng_seed(0x1000 + id);

    for (uint32_t i = 0; i < LB_W * LB_H; i++) {
        p[i] = rng_next(&r);
    }
}

static void case_linear_blits(void)
{
    uint32_t handle[LB_COUNT], holds[LB_COUNT];
    uint32_t *buf = malloc(LB_SIZE), *got = malloc(LB_SIZE);
    uint32_t r = rng_seed(0x2000), copies = 0;
    Batch b = { 0 };
    bool ok = true;
    WHY;

    memset(handle, 0, sizeof(handle));
    if (!buf || !got) {
        result("linear-blits", false, "out of memory");
        goto out;
    }
    for (uint32_t i = 0; i < LB_COUNT && ok; i++) {
        handle[i] = gem_create(LB_SIZE);
        holds[i] = i;
        lb_pattern(buf, i);
        if (!handle[i] || gem_pwrite(handle[i], 0, buf, LB_SIZE)) {
            snprintf(why, sizeof(why), "cannot create/fill object %u", i);
            ok = false;
        }
    }
    for (uint32_t pass = 0; pass < 3 && ok; pass++) {
        uint32_t n = pass < 2 ? LB_COUNT : 4 * LB_COUNT;

        for (uint32_t k = 0; k < n && ok; k++) {
            uint32_t src, dst;
            Surface s = { .pitch = LB_W * 4 }, d = { .pitch = LB_W * 4 };

            if (pass == 0) {
                src = k;
                dst = (k + 1) % LB_COUNT;
            } else if (pass == 1) {
                src = (k + 1) % LB_COUNT;
                dst = k;
            } else {
                src = rng_next(&r) % LB_COUNT;
                dst = rng_next(&r) % LB_COUNT;
                if (src == dst) {
                    dst = (dst + 1) % LB_COUNT;
                }
            }
            s.handle = handle[src];
            d.handle = handle[dst];
            batch_reset(&b);
            emit_src_copy(&b, &d, (Rect){ 0, 0, LB_W, LB_H }, &s, 0, 0, 4,
                          ROP_SRCCOPY);
            if (batch_submit(&b, why, sizeof(why))) {
                ok = false;
                break;
            }
            holds[dst] = holds[src];
            copies++;
        }
    }
    for (uint32_t i = 0; i < LB_COUNT && ok; i++) {
        if (gem_pread(handle[i], 0, got, LB_SIZE)) {
            snprintf(why, sizeof(why), "pread of object %u failed", i);
            ok = false;
            break;
        }
        lb_pattern(buf, holds[i]);
        for (uint32_t j = 0; j < LB_W * LB_H; j++) {
            if (got[j] != buf[j]) {
                snprintf(why, sizeof(why), "object %u (holding %u's pattern): "
                         "pixel (%u,%u) is 0x%08x, expected 0x%08x", i,
                         holds[i], j % LB_W, j / LB_W, got[j], buf[j]);
                ok = false;
                break;
            }
        }
    }
    if (ok) {
        result("linear-blits", true, "%u objects of %u KiB, %u whole-object "
               "XY_SRC_COPY_BLTs (one execbuf each), %u relocations checked, "
               "highest object offset 0x%" PRIx64 "; every object holds the "
               "pattern it should", LB_COUNT, LB_SIZE / 1024, copies,
               b.relocs_checked, b.max_offset);
    } else {
        result("linear-blits", false, "after %u copies: %s", copies, why);
    }
out:
    for (uint32_t i = 0; i < LB_COUNT; i++) {
        gem_close(handle[i]);
    }
    free(buf);
    free(got);
}

/* ----------------------------------------------------------------- main -- */

int main(int argc, char **argv)
{
    const char *dev = "/dev/dri/card0";
    int opt, devid = 0, has_blt = 0, parser = 0;

    while ((opt = getopt(argc, argv, "s:d:")) != -1) {
        switch (opt) {
        case 's':
            seed = strtoul(optarg, NULL, 0);
            break;
        case 'd':
            dev = optarg;
            break;
        default:
            fprintf(stderr, "usage: %s [-s SEED] [-d DEVICE]\n", argv[0]);
            return 2;
        }
    }
    if (!seed) {
        seed = 1;
    }
    if (!gem_open(dev)) {
        return 2;
    }
    if (getparam(I915_PARAM_CHIPSET_ID, &devid) ||
        getparam(I915_PARAM_HAS_BLT, &has_blt) || !has_blt) {
        result("open", false, "%s: not an i915 device with a blitter "
               "(devid 0x%04x, has_blt %d)", dev, devid, has_blt);
        return 2;
    }
    getparam(I915_PARAM_CMD_PARSER_VERSION, &parser);
    result("open", true, "%s devid 0x%04x, command parser version %d, seed "
           "0x%08x", dev, devid, parser, seed);

    case_color("color-fill-32", 4, BR00_WRITE_ALPHA | BR00_WRITE_RGB,
               0x8badf00d, 1);
    case_color("color-fill-32-rgb-only", 4, BR00_WRITE_RGB, 0x00c0ffee, 2);
    case_color("color-fill-16", 2, 0, 0x0000f81f, 3);

    static const CopyCase copies[] = {
        { "src-copy-32", SRC_COPY, 4, I915_TILING_NONE, I915_TILING_NONE,
          1600, 64, 1096, 64, { 41, 9, 200, 50 }, 17, 3, ROP_SRCCOPY },
        { "src-copy-16", SRC_COPY, 2, I915_TILING_NONE, I915_TILING_NONE,
          1000, 48, 1204, 48, { 33, 5, 301, 37 }, 7, 2, ROP_SRCCOPY },
        { "src-copy-8", SRC_COPY, 1, I915_TILING_NONE, I915_TILING_NONE,
          700, 40, 616, 40, { 3, 1, 555, 31 }, 101, 6, ROP_SRCCOPY },
        { "src-copy-rop66-16", SRC_COPY, 2, I915_TILING_NONE, I915_TILING_NONE,
          1000, 48, 1204, 48, { 33, 5, 301, 37 }, 7, 2, 0x66 },
        { "src-copy-linear-to-x", SRC_COPY, 4, I915_TILING_NONE, I915_TILING_X,
          1400, 48, 2048, 48, { 37, 5, 300, 40 }, 11, 3, ROP_SRCCOPY },
        { "src-copy-x-to-linear", SRC_COPY, 4, I915_TILING_X, I915_TILING_NONE,
          2048, 48, 1400, 48, { 11, 3, 300, 40 }, 37, 5, ROP_SRCCOPY },
        { "fast-copy-linear-to-y", FAST_COPY, 4, I915_TILING_NONE, I915_TILING_Y,
          1024, 64, 512, 64, { 9, 11, 100, 45 }, 23, 7, ROP_SRCCOPY },
        { "fast-copy-y-to-linear", FAST_COPY, 4, I915_TILING_Y, I915_TILING_NONE,
          512, 64, 1024, 64, { 23, 7, 100, 45 }, 9, 11, ROP_SRCCOPY },
        { "fast-copy-x-to-y", FAST_COPY, 4, I915_TILING_X, I915_TILING_Y,
          1024, 48, 640, 64, { 5, 3, 150, 40 }, 70, 6, ROP_SRCCOPY },
        { "src-copy-linear-to-y-swctrl", SRC_COPY_SWCTRL, 4, I915_TILING_NONE,
          I915_TILING_Y, 1024, 64, 512, 64, { 9, 11, 100, 45 }, 23, 7,
          ROP_SRCCOPY },
        { "src-copy-y-to-linear-swctrl", SRC_COPY_SWCTRL, 4, I915_TILING_Y,
          I915_TILING_NONE, 512, 64, 1024, 64, { 23, 7, 100, 45 }, 9, 11,
          ROP_SRCCOPY },
    };
    for (unsigned i = 0; i < sizeof(copies) / sizeof(copies[0]); i++) {
        case_copy(&copies[i], 16 + 2 * i);
    }
    case_rops(64);
    case_high_address();
    case_linear_blits();

    close(gem_fd);
    return failures ? 1 : 0;
}
