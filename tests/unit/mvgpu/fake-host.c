/*
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
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
    return ((FakeHost *)opaque)->now_ns;
}

static void fake_timer_mod(void *opaque, MvgpuTimerId id, uint64_t expire)
{
    ((FakeHost *)opaque)->timer_expiry[id] = MAX(expire, 1);
}

static void fake_timer_del(void *opaque, MvgpuTimerId id)
{
    ((FakeHost *)opaque)->timer_expiry[id] = 0;
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

        for (int i = 0; i < MVGPU_TIMER_COUNT; i++) {
            if (h->timer_expiry[i] && h->timer_expiry[i] <= ns &&
                (next < 0 || h->timer_expiry[i] < h->timer_expiry[next])) {
                next = i;
            }
        }
        if (next < 0) {
            break;
        }
        h->now_ns = MAX(h->now_ns, h->timer_expiry[next]);
        h->timer_expiry[next] = 0;
        mvgpu_core_timer_expired(h->core, next);
    }
    h->now_ns = MAX(h->now_ns, ns);
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

FakeHost *fake_host_new_with(const MvgpuConfig *cfg)
{
    FakeHost *h = g_new0(FakeHost, 1);
    g_autofree char *msg = NULL;

    h->ram_size = FAKE_RAM_SIZE;
    h->ram = g_malloc0(h->ram_size);
    h->logs = g_ptr_array_new_with_free_func(g_free);
    h->host = (MvgpuHost) {
        .opaque = h,
        .mem_read = fake_mem_read,
        .mem_write = fake_mem_write,
        .raise_msi = fake_raise_msi,
        .now_ns = fake_now_ns,
        .timer_mod = fake_timer_mod,
        .timer_del = fake_timer_del,
        .edid_generate = fake_edid,
        .log = fake_log,
    };
    h->mem = (MbWriter) { .write = fake_mem_put, .opaque = h };
    h->bar0 = (MbWriter) { .write = fake_bar0_put, .opaque = h };
    g_assert_true(mvgpu_config_check(cfg, &msg));
    h->core = mvgpu_core_new(cfg, &h->host, &msg);
    g_assert_null(msg);
    g_assert_nonnull(h->core);
    return h;
}

MvgpuConfig fake_host_default_config(void)
{
    return mvgpu_config_default();
}

FakeHost *fake_host_new(void)
{
    MvgpuConfig cfg = fake_host_default_config();

    return fake_host_new_with(&cfg);
}

void fake_host_free(FakeHost *h)
{
    mvgpu_core_free(h->core);
    g_ptr_array_unref(h->logs);
    g_free(h->ram);
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
