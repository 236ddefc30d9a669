/*
 * mvgpu core: rate-limited logging of guest errors and unmodelled features.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "internal.h"

/* Takes a token if one is available; tokens refill with virtual time. */
static bool log_allowed(MvgpuCore *c)
{
    MvgpuLogLimiter *l = &c->log_limiter;
    uint64_t now = mvgpu_now_ns(c);

    if (now > l->last_ns) {
        uint64_t refill = (now - l->last_ns) / MVGPU_LOG_REFILL_NS;

        if (refill) {
            l->tokens = MIN((uint64_t)MVGPU_LOG_BURST, l->tokens + refill);
            l->last_ns += refill * MVGPU_LOG_REFILL_NS;
        }
    } else if (now < l->last_ns) {
        l->last_ns = now;       /* the clock was reset with the VM */
    }
    if (!l->tokens) {
        l->suppressed++;
        return false;
    }
    l->tokens--;
    return true;
}

void mvgpu_log(MvgpuCore *c, MvgpuLogKind kind, const char *fmt, ...)
{
    g_autofree char *msg = NULL;
    va_list ap;

    if (!log_allowed(c)) {
        return;
    }
    va_start(ap, fmt);
    msg = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    if (c->log_limiter.suppressed) {
        g_autofree char *m = msg;

        msg = g_strdup_printf("%s (%u earlier messages suppressed)", m,
                              c->log_limiter.suppressed);
        c->log_limiter.suppressed = 0;
    }
    if (c->host.log) {
        c->host.log(c->host.opaque, kind, msg);
    }
}
