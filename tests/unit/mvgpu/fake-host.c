/*
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <poll.h>
#include <stdlib.h>

#include "fake-host.h"
#include "bytes.h"

static bool fake_mem_read(void *opaque, uint64_t gpa, void *buf, size_t len)
{
    FakeHost *h = opaque;

    if (gpa >= h->ram_size || len > h->ram_size - gpa) {
        return false;
    }
    memcpy(buf, h->ram + gpa, len);
    if (h->after_read) {
        h->after_read(h, gpa, len);
    }
    return true;
}

static bool fake_mem_write(void *opaque, uint64_t gpa, const void *buf,
                           size_t len)
{
    FakeHost *h = opaque;

    if (gpa >= h->ram_size || len > h->ram_size - gpa) {
        return false;
    }
    memcpy(h->ram + gpa, buf, len);
    return true;
}

/* The builders' writes: little-endian into RAM, or BAR0 as the guest does. */
static void fake_mem_put(void *opaque, uint64_t gpa, uint64_t v, unsigned size)
{
    FakeHost *h = opaque;

    g_assert(gpa < h->ram_size && size <= h->ram_size - gpa);
    mvgpu_le_store(h->ram + gpa, v, size);
}

static void fake_bar0_put(void *opaque, uint64_t off, uint64_t v,
                          unsigned size)
{
    mvgpu_core_bar0_write(((FakeHost *)opaque)->core, off, v, size);
}

static void fake_raise_msi(void *opaque)
{
    ((FakeHost *)opaque)->msis++;
}

static uint64_t fake_now_ns(void *opaque)
{
    FakeHost *h = opaque;
    g_autoptr(GMutexLocker) locker G_GNUC_UNUSED =
        g_mutex_locker_new(&h->clock_lock);

    return h->now_ns;
}

static void fake_timer_mod(void *opaque, MvgpuTimerId id, uint64_t expire)
{
    FakeHost *h = opaque;
    g_autoptr(GMutexLocker) locker G_GNUC_UNUSED =
        g_mutex_locker_new(&h->clock_lock);

    h->timer_expiry[id] = MAX(expire, 1);
}

static bool fake_timer_pending(void *opaque, MvgpuTimerId id,
                               uint64_t *expire)
{
    FakeHost *h = opaque;

    g_mutex_lock(&h->clock_lock);
    *expire = h->timer_expiry[id];
    g_mutex_unlock(&h->clock_lock);
    return *expire != 0;
}

static void fake_timer_del(void *opaque, MvgpuTimerId id)
{
    FakeHost *h = opaque;
    g_autoptr(GMutexLocker) locker G_GNUC_UNUSED =
        g_mutex_locker_new(&h->clock_lock);

    h->timer_expiry[id] = 0;
}

/* A recognisable stand-in: the EDID header, then the mode, then 0xee. */
static void fake_edid(void *opaque, uint8_t *buf, size_t size, uint32_t xres,
                      uint32_t yres, uint32_t xmax, uint32_t ymax)
{
    static const uint8_t header[8] = { 0, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0 };

    ((FakeHost *)opaque)->edids_generated++;
    memset(buf, 0xee, size);
    memcpy(buf, header, sizeof(header));
    buf[8] = xres >> 8;
    buf[9] = xres;
    buf[10] = yres >> 8;
    buf[11] = yres;
}

void fake_host_run_until(FakeHost *h, uint64_t ns)
{
    for (;;) {
        int next = -1;

        g_mutex_lock(&h->clock_lock);
        for (int i = 0; i < MVGPU_TIMER_COUNT; i++) {
            if (h->timer_expiry[i] && h->timer_expiry[i] <= ns &&
                (next < 0 || h->timer_expiry[i] < h->timer_expiry[next])) {
                next = i;
            }
        }
        if (next < 0) {
            g_mutex_unlock(&h->clock_lock);
            break;
        }
        h->now_ns = MAX(h->now_ns, h->timer_expiry[next]);
        h->timer_expiry[next] = 0;
        g_mutex_unlock(&h->clock_lock);
        mvgpu_core_timer_expired(h->core, next);
    }
    g_mutex_lock(&h->clock_lock);
    h->now_ns = MAX(h->now_ns, ns);
    g_mutex_unlock(&h->clock_lock);
}

static void fake_trace(void *opaque, MvgpuTraceKind kind, unsigned unit,
                       uint64_t a, uint64_t b)
{
    g_array_append_val(((FakeHost *)opaque)->traces, kind);
}

static void fake_log(void *opaque, MvgpuLogKind kind, const char *msg)
{
    FakeHost *h = opaque;

    if (kind == MVGPU_LOG_GUEST_ERROR) {
        h->guest_errors++;
    } else {
        h->unimp++;
    }
    g_ptr_array_add(h->logs, g_strdup_printf("%c: %s",
                    kind == MVGPU_LOG_GUEST_ERROR ? 'G' : 'U', msg));
    if (g_test_verbose()) {
        g_test_message("%s", (char *)h->logs->pdata[h->logs->len - 1]);
    }
}

static void fake_aperture_changed(void *opaque, uint64_t offset,
                                  uint64_t len)
{
    FakeHost *h = opaque;

    if (!h->aperture_changes++) {
        h->aperture_changed_lo = offset;
        h->aperture_changed_hi = offset + len;
    }
    h->aperture_changed_lo = MIN(h->aperture_changed_lo, offset);
    h->aperture_changed_hi = MAX(h->aperture_changed_hi, offset + len);
}

static void *fake_ram_ptr(void *opaque, uint64_t gpa, uint64_t *len)
{
    FakeHost *h = opaque;

    if (gpa >= h->ram_size) {
        return NULL;
    }
    *len = h->ram_size - gpa;
    return h->ram + gpa;
}

static void fake_fd_watch(void *opaque, int fd, void (*ready)(void *data),
                          void *data)
{
    FakeHost *h = opaque;

    g_assert_cmpuint(h->nwatches, <, FAKE_HOST_MAX_WATCHES);
    for (unsigned i = 0; i < h->nwatches; i++) {
        g_assert_cmpint(h->watch[i].fd, !=, fd);
    }
    h->watch[h->nwatches].fd = fd;
    h->watch[h->nwatches].ready = ready;
    h->watch[h->nwatches].data = data;
    h->nwatches++;
}

static void fake_fd_unwatch(void *opaque, int fd)
{
    FakeHost *h = opaque;

    for (unsigned i = 0; i < h->nwatches; i++) {
        if (h->watch[i].fd == fd) {
            h->watch[i] = h->watch[--h->nwatches];
            return;
        }
    }
    g_assert_not_reached();
}

unsigned fake_host_poll_fds(FakeHost *h, int timeout_ms)
{
    struct pollfd p[FAKE_HOST_MAX_WATCHES];
    unsigned n = h->nwatches, called = 0;
    int fds[FAKE_HOST_MAX_WATCHES];

    for (unsigned i = 0; i < n; i++) {
        p[i] = (struct pollfd) { .fd = h->watch[i].fd, .events = POLLIN };
        fds[i] = h->watch[i].fd;
    }
    if (!n || poll(p, n, timeout_ms) <= 0) {
        return 0;
    }
    for (unsigned i = 0; i < n; i++) {
        if (!(p[i].revents & (POLLIN | POLLERR | POLLHUP))) {
            continue;
        }
        /* A callback may unwatch: look the fd up again. */
        for (unsigned j = 0; j < h->nwatches; j++) {
            if (h->watch[j].fd == fds[i]) {
                h->watch[j].ready(h->watch[j].data);
                called++;
                break;
            }
        }
    }
    return called;
}

static FakeHost *fake_host_alloc(void)
{
    FakeHost *h = g_new0(FakeHost, 1);
    void *ram = NULL;

    g_mutex_init(&h->clock_lock);
    h->ram_size = FAKE_RAM_SIZE;
    /* Page aligned, as QEMU's RAM is: userptr objects need it. */
    if (posix_memalign(&ram, 4096, h->ram_size)) {
        g_error("no memory for the fake guest RAM");
    }
    h->ram = ram;
    memset(h->ram, 0, h->ram_size);
    h->logs = g_ptr_array_new_with_free_func(g_free);
    h->traces = g_array_new(false, false, sizeof(MvgpuTraceKind));
    h->host = (MvgpuHost) {
        .opaque = h,
        .mem_read = fake_mem_read,
        .mem_write = fake_mem_write,
        .raise_msi = fake_raise_msi,
        .now_ns = fake_now_ns,
        .timer_mod = fake_timer_mod,
        .timer_del = fake_timer_del,
        .timer_pending = fake_timer_pending,
        .edid_generate = fake_edid,
        .log = fake_log,
        .trace = fake_trace,
        .aperture_changed = fake_aperture_changed,
    };
    h->mem = (MbWriter) { .write = fake_mem_put, .opaque = h };
    h->bar0 = (MbWriter) { .write = fake_bar0_put, .opaque = h };
    return h;
}

static FakeHost *fake_host_start(FakeHost *h, const MvgpuConfig *cfg)
{
    g_autofree char *msg = NULL;

    g_assert_true(mvgpu_config_check(cfg, &msg));
    h->core = mvgpu_core_new(cfg, &h->host, &msg);
    if (msg) {
        g_error("mvgpu_core_new: %s", msg);
    }
    g_assert_nonnull(h->core);
    return h;
}

FakeHost *fake_host_new_with(const MvgpuConfig *cfg)
{
    return fake_host_start(fake_host_alloc(), cfg);
}

FakeHost *fake_host_new_drm(const MvgpuConfig *cfg, const MvgpuDrmOps *drm_ops,
                            bool watch_fds)
{
    FakeHost *h = fake_host_alloc();

    h->host.drm_ops = drm_ops;
    h->host.ram_ptr = fake_ram_ptr;
    if (watch_fds) {
        h->host.fd_watch = fake_fd_watch;
        h->host.fd_unwatch = fake_fd_unwatch;
    }
    return fake_host_start(h, cfg);
}

MvgpuConfig fake_host_default_config(void)
{
    MvgpuConfig cfg = mvgpu_config_default();

    if (!g_strcmp0(g_getenv("MVGPU_TEST_ENGINES"), "sync")) {
        cfg.engines = MVGPU_ENGINES_WORKER_SYNC;
    }
    return cfg;
}

FakeHost *fake_host_new(void)
{
    MvgpuConfig cfg = fake_host_default_config();

    return fake_host_new_with(&cfg);
}

void fake_host_free(FakeHost *h)
{
    mvgpu_core_free(h->core);
    g_assert_cmpuint(h->nwatches, ==, 0);
    g_ptr_array_unref(h->logs);
    g_array_unref(h->traces);
    free(h->ram);
    g_mutex_clear(&h->clock_lock);
    g_free(h);
}

void fake_host_clear_log(FakeHost *h)
{
    g_ptr_array_set_size(h->logs, 0);
    h->guest_errors = 0;
    h->unimp = 0;
}

bool fake_host_logged(FakeHost *h, const char *needle)
{
    for (guint i = 0; i < h->logs->len; i++) {
        if (strstr(h->logs->pdata[i], needle)) {
            return true;
        }
    }
    return false;
}
