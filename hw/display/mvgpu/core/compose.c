/*
 * mvgpu core: a pipe's output composed from its planes (scanout.h,
 * mvgpu_scanout_compose()), as the display engine blends them: universal
 * planes 1..3 bottom to top, then the cursor (Linux
 * display/skl_universal_plane.c gives plane N the zpos N - 1 and the cursor
 * the top), each at PLANE_POS / CURPOS and clipped to the pipe.
 *
 * Blending (PLANE_CTL bits 5:4, Skylake PRM vol. 2c PLANE_CTL "Alpha
 * Mode"): disabled, the plane is opaque; "software premultiplied", its
 * colours already carry alpha: out = src + dst * (1 - a); "hardware
 * premultiply": out = src * a + dst * (1 - a). Formats without alpha are
 * opaque. The cursor's ARGB is premultiplied (i915 offers it only so).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "internal.h"
#include "gen9-regs.h"
#include "scanout.h"

static uint32_t blend_channel(uint32_t s, uint32_t d, uint32_t a, bool mul)
{
    uint32_t v = (mul ? s * a : s * 255) + d * (255 - a);

    return MIN((v + 127) / 255, 255);
}

/* @src (a8r8g8b8) over @dst (x8r8g8b8). */
static uint32_t blend(uint32_t src, uint32_t dst, uint32_t mode)
{
    uint32_t a = src >> 24, out = 0xff000000u;

    if (mode == PLANE_ALPHA_DISABLE || a == 0xff) {
        return src | 0xff000000u;
    }
    for (unsigned sh = 0; sh < 24; sh += 8) {
        out |= blend_channel((src >> sh) & 0xff, (dst >> sh) & 0xff, a,
                             mode == PLANE_ALPHA_HW_PREMULTIPLY) << sh;
    }
    return out;
}

/* @img (@iw x @ih, a8r8g8b8) at (@x, @y) of the pipe, clipped. */
static void put_image(uint32_t *dst, uint32_t w, uint32_t h,
                      const uint32_t *img, uint32_t iw, uint32_t ih,
                      int64_t x, int64_t y, uint32_t mode)
{
    for (uint32_t iy = 0; iy < ih; iy++) {
        int64_t py = y + iy;

        if (py < 0 || py >= h) {
            continue;
        }
        for (uint32_t ix = 0; ix < iw; ix++) {
            int64_t px = x + ix;
            uint32_t *d;

            if (px < 0 || px >= w) {
                continue;
            }
            d = &dst[(size_t)py * w + px];
            *d = blend(img[(size_t)iy * iw + ix], *d, mode);
        }
    }
}

uint32_t *mvgpu_pixels(MvgpuCore *c, MvgpuPixels which, size_t n)
{
    if (c->pixels_len[which] < n) {
        g_free(c->pixels[which]);
        c->pixels[which] = g_malloc(n * 4);
        c->pixels_len[which] = n;
    }
    return c->pixels[which];
}

bool mvgpu_scanout_overlays(MvgpuCore *c, unsigned pipe)
{
    MVGPU_LOCKED(c);
    MvgpuPlane p;

    for (unsigned pl = 2; pl <= MVGPU_PLANES_PER_PIPE; pl++) {
        if (mvgpu_scanout_plane(c, pipe, pl, &p)) {
            return true;
        }
    }
    return false;
}

void mvgpu_scanout_pipe_size(MvgpuCore *c, unsigned pipe, uint32_t *w,
                             uint32_t *h)
{
    MVGPU_LOCKED(c);
    uint32_t src = pipe < MVGPU_NPIPES ? mvgpu_reg_get(c, PIPESRC(pipe)) : 0;

    *w = MIN(((src >> 16) & 0x1fff) + 1, c->cfg.xmax);
    *h = MIN((src & 0x1fff) + 1, c->cfg.ymax);
}

bool mvgpu_scanout_compose(MvgpuCore *c, unsigned pipe, uint32_t *dst,
                           uint32_t w, uint32_t h, bool with_cursor)
{
    MVGPU_LOCKED(c);
    MvgpuCursor cur;

    if (pipe >= MVGPU_NPIPES || !c->display.pipes[pipe].enabled) {
        return false;
    }
    for (size_t i = 0; i < (size_t)w * h; i++) {
        dst[i] = 0xff000000u;
    }
    for (unsigned pl = 1; pl <= MVGPU_PLANES_PER_PIPE; pl++) {
        uint32_t *img;
        MvgpuPlane p;

        if (!mvgpu_scanout_plane(c, pipe, pl, &p) ||
            p.pos_x >= w || p.pos_y >= h) {
            continue;
        }
        /* What lies beyond the pipe is never shown: read no more. */
        p.width = MIN(p.width, w - p.pos_x);
        p.height = MIN(p.height, h - p.pos_y);
        img = mvgpu_pixels(c, MVGPU_PIXELS_PLANE, (size_t)p.width * p.height);
        mvgpu_scanout_read_argb(c, &p, (uint8_t *)img, p.width * 4);
        put_image(dst, w, h, img, p.width, p.height, p.pos_x, p.pos_y,
                  p.alpha);
    }
    if (with_cursor && mvgpu_scanout_cursor(c, pipe, &cur)) {
        uint32_t *img = mvgpu_pixels(c, MVGPU_PIXELS_CURSOR,
                                     (size_t)cur.size * cur.size);

        mvgpu_scanout_read_cursor(c, &cur, img);
        mvgpu_scanout_put_cursor(&cur, img, dst, w, h);
    }
    return true;
}

void mvgpu_scanout_put_cursor(const MvgpuCursor *cur, const uint32_t *img,
                              uint32_t *dst, uint32_t w, uint32_t h)
{
    put_image(dst, w, h, img, cur->size, cur->size, cur->x, cur->y,
              PLANE_ALPHA_SW_PREMULTIPLIED);
}
