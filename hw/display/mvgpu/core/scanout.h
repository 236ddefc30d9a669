/*
 * mvgpu core: what a display plane shows, decoded from its registers, and
 * the conversion of its pixels (any supported format and tiling, read
 * through the GGTT) into the host's 32-bit x8r8g8b8.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef MVGPU_CORE_SCANOUT_H
#define MVGPU_CORE_SCANOUT_H

#include "tiling.h"
#include <stdbool.h>
#include <stdint.h>

typedef struct MvgpuCore MvgpuCore;

typedef enum MvgpuPixelFormat {
    MVGPU_FMT_XRGB8888,
    MVGPU_FMT_ARGB8888,
    MVGPU_FMT_XBGR8888,
    MVGPU_FMT_ABGR8888,
    MVGPU_FMT_RGB565,
    MVGPU_FMT_XRGB2101010,
    MVGPU_FMT_XBGR2101010,
} MvgpuPixelFormat;

/* A plane as the guest programmed it; everything checked when decoded. */
typedef struct MvgpuPlane {
    uint32_t gma;               /* GGTT address of the surface */
    MvgpuPixelFormat format;
    MvgpuTiling tiling;
    uint32_t cpp;               /* bytes per pixel */
    uint32_t stride;            /* bytes per row (linear) or tile row / rows */
    uint32_t width, height;     /* what is shown */
    uint32_t x, y;              /* PLANE_OFFSET: first pixel shown */
    uint32_t pos_x, pos_y;      /* PLANE_POS: where on the pipe */
    uint32_t alpha;             /* PLANE_CTL alpha mode (PLANE_ALPHA_*) */
} MvgpuPlane;

/* Universal planes per pipe the model decodes (1 is the primary). */
#define MVGPU_PLANES_PER_PIPE 3

/* The cursor plane: always linear ARGB8888, square. */
typedef struct MvgpuCursor {
    uint32_t gma;
    uint32_t size;              /* 64, 128 or 256 */
    int32_t x, y;               /* position on the pipe, may be negative */
    uint32_t hot_x, hot_y;      /* hot spot (PVINFO), 0 when not given */
} MvgpuCursor;

/*
 * Decodes the primary plane of @pipe. False when the pipe or plane is off
 * or its programming cannot be shown (the reason is logged once per change).
 */
bool mvgpu_scanout_primary(MvgpuCore *c, unsigned pipe, MvgpuPlane *p);
/* The same for universal plane @pl (1..MVGPU_PLANES_PER_PIPE) of @pipe. */
bool mvgpu_scanout_plane(MvgpuCore *c, unsigned pipe, unsigned pl,
                         MvgpuPlane *p);

/* What the monitor shows: the first pipe whose primary plane is shown. */
bool mvgpu_scanout_head(MvgpuCore *c, MvgpuPlane *p, unsigned *pipe);
bool mvgpu_scanout_cursor(MvgpuCore *c, unsigned pipe, MvgpuCursor *cur);

/*
 * Converts the plane into @dst (x8r8g8b8, @dst_stride bytes per row,
 * width x height pixels). Pages the GGTT does not map to guest RAM read as
 * black. Returns false if nothing could be read at all.
 */
bool mvgpu_scanout_read(MvgpuCore *c, const MvgpuPlane *p, uint8_t *dst,
                        uint32_t dst_stride);

/* The same, a8r8g8b8 with the plane's alpha kept for formats that have it. */
bool mvgpu_scanout_read_argb(MvgpuCore *c, const MvgpuPlane *p, uint8_t *dst,
                             uint32_t dst_stride);

/*
 * compose.c: what @pipe sends, @w x @h pixels of x8r8g8b8 into @dst: its
 * universal planes bottom to top (1 first), then the cursor, each at its
 * position, clipped to the pipe, blended as PLANE_CTL's alpha mode says;
 * black where no plane is; the cursor only @with_cursor (a console with
 * cursor=pointer shows it as its pointer instead). False when the pipe is
 * off.
 */
bool mvgpu_scanout_compose(MvgpuCore *c, unsigned pipe, uint32_t *dst,
                           uint32_t w, uint32_t h, bool with_cursor);
/*
 * Draws the cursor @cur, its image @img (mvgpu_scanout_read_cursor()),
 * over the @w x @h x8r8g8b8 pipe output in @dst, as the top plane blends.
 */
void mvgpu_scanout_put_cursor(const MvgpuCursor *cur, const uint32_t *img,
                              uint32_t *dst, uint32_t w, uint32_t h);
/* Whether a plane above the primary (a sprite) shows on @pipe. */
bool mvgpu_scanout_overlays(MvgpuCore *c, unsigned pipe);
/* @pipe's size (PIPESRC), bounded by the monitor's largest mode. */
void mvgpu_scanout_pipe_size(MvgpuCore *c, unsigned pipe, uint32_t *w,
                             uint32_t *h);

/* The cursor image as a8r8g8b8, size x size pixels. */
bool mvgpu_scanout_read_cursor(MvgpuCore *c, const MvgpuCursor *cur,
                               uint32_t *dst);

/*
 * If the plane is linear x8r8g8b8 and its surface is one run of contiguous
 * guest RAM, returns true and the guest-physical address of the first pixel
 * shown: the host can then show guest memory without copying.
 */
bool mvgpu_scanout_contiguous(MvgpuCore *c, const MvgpuPlane *p,
                              uint64_t *gpa);

/*
 * Calls @fn with the guest-physical address of every mapped page the plane
 * reads, so the host can watch them for writes. Returns the page count.
 * @fn runs without the core lock held, so it may block on the vCPUs.
 */
typedef void MvgpuPageFn(void *opaque, uint64_t gpa);
unsigned mvgpu_scanout_pages(MvgpuCore *c, const MvgpuPlane *p,
                             MvgpuPageFn *fn, void *opaque);

/* Changes whenever any GGTT entry does: what a plane shows may have moved. */
uint64_t mvgpu_scanout_ggtt_generation(MvgpuCore *c);

#endif
