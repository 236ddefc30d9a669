/*
 * qtest for mvgpu: the device as the guest's PCI core and i915 first see it
 * (identity, BARs, capabilities, GMCH control, PVINFO, register semantics),
 * and the startup errors for bad properties.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "qemu/osdep.h"
#include <glib/gstdio.h>
#include "qemu/bswap.h"
#include "libqtest.h"
#include "libqos/pci.h"
#include "libqos/fw_cfg.h"
#include "libqos/pci-pc.h"
#include "hw/pci/pci_regs.h"
#include "qobject/qdict.h"
#include "qobject/qlist.h"
#include "mvgpu-build.h"
#include "mvgpu-tiling.h"

#define PVINFO        0x78000
#define RCS_MI_MODE   0x209c
#define RCS_IMR       0x20a8
#define GT0_IIR       0x44308
#define GDRST         0x941c
#define MASTER_IRQ    0x44200
#define PIPE_A_IMR    0x44404
#define PIPE_A_IIR    0x44408
#define PIPE_A_IER    0x4440c
#define TRANSCONF_A   0x70008
#define FRMCOUNT_A    0x70040
#define AUX_D_CTL     0x64310
#define AUX_D_DATA    0x64314
#define MSI_ADDR      0x100000      /* guest RAM the MSI message lands in */
#define MSI_DATA      0x4242
#define FRAME_NS      (1000000000ull / 60)
#define PLANE_A_CTL    0x70180
#define PLANE_A_STRIDE 0x70188
#define PLANE_A_SIZE   0x70190
#define PLANE_A_SURF   0x7019c
#define PLANE_A_OFFSET 0x701a4
#define SURF_RAM       0x2000000     /* guest RAM behind the test surfaces */

typedef struct Mvgpu {
    QTestState *qts;
    QPCIBus *bus;
    QPCIDevice *dev;
    QPCIBar bar0;
    uint64_t bar0_size;
    /* The builders' way in (mvgpu-build.h): guest RAM, and BAR0. */
    MbWriter ram;
    MbWriter regs;
} Mvgpu;

/*
 * MVGPU_QTEST_DEVICE_ARGS: more device properties for every test's device,
 * e.g. ",backend=drm,render-node=/dev/dri/renderD128" in a guest on mvgpu
 * (tests/guest/drm-qtest.sh); empty on the host.
 */
static const char *device_args(void)
{
    const char *env = g_getenv("MVGPU_QTEST_DEVICE_ARGS");

    return env ? env : "";
}

static bool backend_drm(void)
{
    return strstr(device_args(), "backend=drm") != NULL;
}

/* A builder's write into guest RAM, as the CPU makes it. */
static void mvgpu_ram_put(void *opaque, uint64_t gpa, uint64_t v,
                          unsigned size)
{
    Mvgpu *m = opaque;

    g_assert(size == 4 || size == 8);
    if (size == 8) {
        qtest_writeq(m->qts, gpa, v);
    } else {
        qtest_writel(m->qts, gpa, v);
    }
}

/* A builder's write into BAR0 (mapped by mvgpu_map()). */
static void mvgpu_regs_put(void *opaque, uint64_t off, uint64_t v,
                           unsigned size)
{
    Mvgpu *m = opaque;

    g_assert(size == 4 || size == 8);
    if (size == 8) {
        qpci_io_writeq(m->dev, m->bar0, off, v);
    } else {
        qpci_io_writel(m->dev, m->bar0, off, v);
    }
}

/* A q35 device with exactly the properties @args (no test's extra). */
static void mvgpu_start_with(Mvgpu *m, const char *args)
{
    m->qts = qtest_initf("-machine q35 -vga none -device mvgpu,addr=02.0,"
                         "id=gpu0,x-engine-thread=sync%s", args);
    m->bus = qpci_new_pc(m->qts, NULL);
    m->dev = qpci_device_find(m->bus, QPCI_DEVFN(2, 0));
    g_assert_nonnull(m->dev);
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;

    return x < y ? -1 : x > y;
}

static void mvgpu_start(Mvgpu *m, const char *machine, const char *extra)
{
    /*
     * Slices run on the device's worker thread, and each timer expiry waits
     * for its slice: the threaded path, in the order clock_step gives.
     */
    m->qts = qtest_initf("-machine %s -vga none -device mvgpu,addr=02.0,"
                         "id=gpu0,x-engine-thread=sync%s%s", machine,
                         device_args(), extra);
    m->bus = qpci_new_pc(m->qts, NULL);
    m->dev = qpci_device_find(m->bus, QPCI_DEVFN(2, 0));
    g_assert_nonnull(m->dev);
}

static void mvgpu_map(Mvgpu *m)
{
    qpci_device_enable(m->dev);
    m->bar0 = qpci_iomap(m->dev, 0, &m->bar0_size);
    m->ram = (MbWriter) { .write = mvgpu_ram_put, .opaque = m };
    m->regs = (MbWriter) { .write = mvgpu_regs_put, .opaque = m };
}

static void mvgpu_stop(Mvgpu *m)
{
    g_free(m->dev);
    qpci_free_pc(m->bus);
    qtest_quit(m->qts);
}

static void check_identity(const char *machine, const char *extra,
                           uint16_t id, uint8_t rev)
{
    Mvgpu m;

    mvgpu_start(&m, machine, extra);
    g_assert_cmphex(qpci_config_readw(m.dev, PCI_VENDOR_ID), ==, 0x8086);
    g_assert_cmphex(qpci_config_readw(m.dev, PCI_DEVICE_ID), ==, id);
    g_assert_cmphex(qpci_config_readw(m.dev, PCI_CLASS_DEVICE), ==, 0x0300);
    g_assert_cmphex(qpci_config_readb(m.dev, PCI_CLASS_PROG), ==, 0);
    g_assert_cmphex(qpci_config_readb(m.dev, PCI_REVISION_ID), ==, rev);
    g_assert_cmphex(qpci_config_readb(m.dev, PCI_INTERRUPT_PIN), ==, 1);
    mvgpu_stop(&m);
}

static void test_identity(void)
{
    check_identity("q35", "", 0x5912, 0x04);
    /* On pc the default NIC would take slot 2: the user moves or drops it. */
    check_identity("pc -nic none", "", 0x5912, 0x04);
    check_identity("q35", ",device-id=0x1916", 0x1916, 0x07);
    check_identity("q35", ",device-id=0x87c0", 0x87c0, 0x02);
}

/* Sizes a BAR the way firmware does, then restores it. */
static uint64_t bar_size(QPCIDevice *dev, int bar, uint32_t *flags)
{
    uint8_t off = PCI_BASE_ADDRESS_0 + 4 * bar;
    uint32_t lo = qpci_config_readl(dev, off);
    uint32_t hi = qpci_config_readl(dev, off + 4);
    uint32_t mlo, mhi;

    qpci_config_writel(dev, off, 0xffffffff);
    qpci_config_writel(dev, off + 4, 0xffffffff);
    mlo = qpci_config_readl(dev, off);
    mhi = qpci_config_readl(dev, off + 4);
    qpci_config_writel(dev, off, lo);
    qpci_config_writel(dev, off + 4, hi);
    *flags = mlo & 0xf;
    return ~((uint64_t)mhi << 32 | (mlo & ~0xfu)) + 1;
}

static void check_bars(const char *extra, uint64_t aperture)
{
    Mvgpu m;
    uint32_t flags;

    mvgpu_start(&m, "q35", extra);
    g_assert_cmphex(bar_size(m.dev, 0, &flags), ==, 16 * 1024 * 1024);
    g_assert_cmphex(flags, ==, PCI_BASE_ADDRESS_MEM_TYPE_64);
    g_assert_cmphex(bar_size(m.dev, 2, &flags), ==, aperture);
    g_assert_cmphex(flags, ==, PCI_BASE_ADDRESS_MEM_TYPE_64 |
                    PCI_BASE_ADDRESS_MEM_PREFETCH);
    /* No I/O BAR, no ROM. */
    g_assert_cmphex(bar_size(m.dev, 4, &flags), ==, 0);
    g_assert_cmphex(qpci_config_readl(m.dev, PCI_ROM_ADDRESS), ==, 0);
    mvgpu_stop(&m);
}

static void test_bars(void)
{
    check_bars("", 256ull << 20);
    check_bars(",aperture-size=64M", 64ull << 20);
    check_bars(",aperture-size=1G", 1ull << 30);
}

static void test_capabilities(void)
{
    Mvgpu m;
    uint8_t cap;

    /* q35: PCIe (integrated endpoint) -> MSI -> PM, as on hardware. */
    mvgpu_start(&m, "q35", "");
    g_assert_true(qpci_config_readw(m.dev, PCI_STATUS) & PCI_STATUS_CAP_LIST);
    cap = qpci_config_readb(m.dev, PCI_CAPABILITY_LIST);
    g_assert_cmphex(cap, ==, 0x70);
    g_assert_cmphex(qpci_config_readb(m.dev, cap), ==, PCI_CAP_ID_EXP);
    g_assert_cmphex((qpci_config_readw(m.dev, cap + PCI_EXP_FLAGS) &
                     PCI_EXP_FLAGS_TYPE) >> 4, ==, PCI_EXP_TYPE_RC_END);
    cap = qpci_config_readb(m.dev, cap + 1);
    g_assert_cmphex(cap, ==, 0xac);
    g_assert_cmphex(qpci_config_readb(m.dev, cap), ==, PCI_CAP_ID_MSI);
    /* One vector, 32-bit address, no per-vector masking, disabled. */
    g_assert_cmphex(qpci_config_readw(m.dev, cap + PCI_MSI_FLAGS), ==, 0);
    cap = qpci_config_readb(m.dev, cap + 1);
    g_assert_cmphex(cap, ==, 0xd0);
    g_assert_cmphex(qpci_config_readb(m.dev, cap), ==, PCI_CAP_ID_PM);
    g_assert_cmphex(qpci_config_readb(m.dev, cap + 1), ==, 0);
    mvgpu_stop(&m);

    /* pc: conventional PCI, no PCIe capability. */
    mvgpu_start(&m, "pc -nic none", "");
    g_assert_cmphex(qpci_config_readb(m.dev, PCI_CAPABILITY_LIST), ==, 0xac);
    g_assert_cmphex(qpci_find_capability(m.dev, PCI_CAP_ID_EXP, 0), ==, 0);
    g_assert_cmphex(qpci_find_capability(m.dev, PCI_CAP_ID_MSI, 0), ==, 0xac);
    mvgpu_stop(&m);
}

static void test_gmch_and_asls(void)
{
    Mvgpu m;

    mvgpu_start(&m, "q35", "");
    /* GGMS = 3 (8 MiB of PTEs, 4 GiB GGTT), GMS = 0 (no stolen memory). */
    g_assert_cmphex(qpci_config_readw(m.dev, 0x50), ==, 0x00c0);
    qpci_config_writew(m.dev, 0x50, 0xffff);
    g_assert_cmphex(qpci_config_readw(m.dev, 0x50), ==, 0x00c0);
    /* ASLS is where firmware puts the OpRegion: it must stick. */
    g_assert_cmphex(qpci_config_readl(m.dev, 0xfc), ==, 0);
    qpci_config_writel(m.dev, 0xfc, 0x7ffd0000);
    g_assert_cmphex(qpci_config_readl(m.dev, 0xfc), ==, 0x7ffd0000);
    mvgpu_stop(&m);
}

static void test_pvinfo(void)
{
    Mvgpu m;

    mvgpu_start(&m, "q35", ",aperture-size=128M");
    mvgpu_map(&m);
    g_assert_cmphex(m.bar0_size, ==, 16 * 1024 * 1024);
    /* i915's probe: one 64-bit read of the magic, 16-bit version read. */
    g_assert_cmphex(qpci_io_readq(m.dev, m.bar0, PVINFO), ==,
                    0x4776544776544776ull);
    g_assert_cmphex(qpci_io_readl(m.dev, m.bar0, PVINFO), ==, 0x76544776);
    g_assert_cmphex(qpci_io_readl(m.dev, m.bar0, PVINFO + 4), ==, 0x47765447);
    g_assert_cmphex(qpci_io_readw(m.dev, m.bar0, PVINFO + 8), ==, 1);
    g_assert_cmphex(qpci_io_readw(m.dev, m.bar0, PVINFO + 0xa), ==, 0);
    /* FULL_PPGTT | HWSP_EMULATION */
    g_assert_cmphex(qpci_io_readl(m.dev, m.bar0, PVINFO + 0x10), ==, 0xc);
    /* The whole aperture mappable, the rest of 4 GiB non-mappable. */
    g_assert_cmphex(qpci_io_readl(m.dev, m.bar0, PVINFO + 0x40), ==, 0);
    g_assert_cmphex(qpci_io_readl(m.dev, m.bar0, PVINFO + 0x44), ==, 128 << 20);
    g_assert_cmphex(qpci_io_readl(m.dev, m.bar0, PVINFO + 0x48), ==, 128 << 20);
    g_assert_cmphex(qpci_io_readl(m.dev, m.bar0, PVINFO + 0x4c), ==,
                    (4ull << 30) - (128 << 20));
    g_assert_cmpuint(qpci_io_readl(m.dev, m.bar0, PVINFO + 0x50), ==, 32);
    /* display_ready is writable, the magic is not. */
    qpci_io_writel(m.dev, m.bar0, PVINFO + 0x804, 1);
    g_assert_cmpuint(qpci_io_readl(m.dev, m.bar0, PVINFO + 0x804), ==, 1);
    qpci_io_writel(m.dev, m.bar0, PVINFO, 0);
    g_assert_cmphex(qpci_io_readl(m.dev, m.bar0, PVINFO), ==, 0x76544776);
    mvgpu_stop(&m);
}

static void test_register_semantics(void)
{
    Mvgpu m;

    mvgpu_start(&m, "q35", "");
    mvgpu_map(&m);
    /* Masked: STOP_RING set and cleared through its enable bit. */
    g_assert_cmphex(qpci_io_readl(m.dev, m.bar0, RCS_MI_MODE), ==, 0x200);
    qpci_io_writel(m.dev, m.bar0, RCS_MI_MODE, 0x01000100);
    g_assert_cmphex(qpci_io_readl(m.dev, m.bar0, RCS_MI_MODE), ==, 0x300);
    qpci_io_writel(m.dev, m.bar0, RCS_MI_MODE, 0x00000000);
    g_assert_cmphex(qpci_io_readl(m.dev, m.bar0, RCS_MI_MODE), ==, 0x300);
    qpci_io_writel(m.dev, m.bar0, RCS_MI_MODE, 0x01000000);
    g_assert_cmphex(qpci_io_readl(m.dev, m.bar0, RCS_MI_MODE), ==, 0x200);
    /* Reset values and plain storage. */
    g_assert_cmphex(qpci_io_readl(m.dev, m.bar0, RCS_IMR), ==, 0xffffffff);
    qpci_io_writel(m.dev, m.bar0, RCS_IMR, 0xfffffefe);
    g_assert_cmphex(qpci_io_readl(m.dev, m.bar0, RCS_IMR), ==, 0xfffffefe);
    /* W1C: an IIR cannot be set by the guest. */
    qpci_io_writel(m.dev, m.bar0, GT0_IIR, 0xffffffff);
    g_assert_cmphex(qpci_io_readl(m.dev, m.bar0, GT0_IIR), ==, 0);
    /* GDRST reads back 0 once the reset is done. */
    qpci_io_writel(m.dev, m.bar0, GDRST, 1);
    g_assert_cmphex(qpci_io_readl(m.dev, m.bar0, GDRST), ==, 0);
    /* GGTT PTEs: a 64-bit write, read back as two halves. */
    qpci_io_writeq(m.dev, m.bar0, MVGPU_GGTT_PTE_OFFSET + 8 * 7,
                   0x0000001234567001ull);
    g_assert_cmphex(qpci_io_readl(m.dev, m.bar0,
                                  MVGPU_GGTT_PTE_OFFSET + 8 * 7), ==,
                    0x34567001);
    g_assert_cmphex(qpci_io_readl(m.dev, m.bar0,
                                  MVGPU_GGTT_PTE_OFFSET + 8 * 7 + 4), ==,
                    0x12);
    /* Outside the register window: reads 0, QEMU keeps running. */
    qpci_io_writel(m.dev, m.bar0, 0x300000, 0x1234);
    g_assert_cmphex(qpci_io_readl(m.dev, m.bar0, 0x300000), ==, 0);
    /* A system reset restores the reset values. */
    qtest_qmp_assert_success(m.qts, "{'execute': 'system_reset'}");
    qtest_qmp_eventwait(m.qts, "RESET");
    mvgpu_map(&m);      /* a reset unassigns the BARs */
    g_assert_cmphex(qpci_io_readl(m.dev, m.bar0, RCS_IMR), ==, 0xffffffff);
    mvgpu_stop(&m);
}

/* One AUX transaction on channel D; returns the reply length. */
static unsigned aux_xfer(Mvgpu *m, const uint8_t *msg, unsigned size,
                         uint8_t *reply)
{
    uint32_t ctl;
    unsigned n;

    for (unsigned i = 0; i < 5; i++) {
        uint32_t v = 0;

        for (unsigned b = 0; b < 4; b++) {
            unsigned k = 4 * i + b;
            v |= (uint32_t)(k < size ? msg[k] : 0) << (24 - 8 * b);
        }
        qpci_io_writel(m->dev, m->bar0, AUX_D_DATA + 4 * i, v);
    }
    /* SEND_BUSY, clear DONE/TIME_OUT/RECEIVE_ERROR, message size. */
    qpci_io_writel(m->dev, m->bar0, AUX_D_CTL,
                   0xd2000000 | (size << 20) | 0x3e);
    ctl = qpci_io_readl(m->dev, m->bar0, AUX_D_CTL);
    g_assert_cmphex(ctl & 0xd2000000, ==, 0x40000000);     /* DONE only */
    n = (ctl >> 20) & 0x1f;
    for (unsigned i = 0; i < n; i++) {
        reply[i] = qpci_io_readl(m->dev, m->bar0, AUX_D_DATA + 4 * (i / 4)) >>
                   (24 - 8 * (i % 4));
    }
    return n;
}

static void test_aux_dpcd_and_edid(void)
{
    const uint8_t dpcd_caps[] = { 0x90, 0x00, 0x00, 15 };
    const uint8_t i2c_start[] = { 0x40, 0x00, 0x50 };
    const uint8_t i2c_offset0[] = { 0x40, 0x00, 0x50, 0, 0x00 };
    const uint8_t i2c_read16[] = { 0x50, 0x00, 0x50, 15 };
    const uint8_t i2c_stop[] = { 0x10, 0x00, 0x50 };
    uint8_t r[20], edid[128], sum = 0;
    Mvgpu m;

    mvgpu_start(&m, "q35", ",xres=1024,yres=768");
    mvgpu_map(&m);

    /* Native read of the receiver capabilities. */
    g_assert_cmpuint(aux_xfer(&m, dpcd_caps, 4, r), ==, 17);
    g_assert_cmphex(r[0], ==, 0x00);        /* ACK */
    g_assert_cmphex(r[1], ==, 0x12);        /* DPCD 1.2 */
    g_assert_cmphex(r[3] & 0x1f, ==, 4);    /* 4 lanes */

    /* The EDID over I2C-over-AUX, 16 bytes at a time, as drm reads it. */
    aux_xfer(&m, i2c_start, 3, r);
    g_assert_cmpuint(aux_xfer(&m, i2c_offset0, 5, r), ==, 1);
    g_assert_cmphex(r[0], ==, 0x00);
    for (int i = 0; i < 8; i++) {
        g_assert_cmpuint(aux_xfer(&m, i2c_read16, 4, r), ==, 17);
        g_assert_cmphex(r[0], ==, 0x00);
        memcpy(edid + 16 * i, r + 1, 16);
    }
    aux_xfer(&m, i2c_stop, 3, r);

    g_assert_cmphex(edid[0], ==, 0x00);
    for (int i = 1; i < 7; i++) {
        g_assert_cmphex(edid[i], ==, 0xff);
    }
    g_assert_cmphex(edid[7], ==, 0x00);
    for (int i = 0; i < 128; i++) {
        sum += edid[i];
    }
    g_assert_cmpuint(sum, ==, 0);
    /* The first detailed timing is the preferred mode: xres x yres. */
    g_assert_cmpuint(edid[0x38] | (edid[0x3a] & 0xf0) << 4, ==, 1024);
    g_assert_cmpuint(edid[0x3b] | (edid[0x3d] & 0xf0) << 4, ==, 768);
    mvgpu_stop(&m);
}

static void msi_setup(Mvgpu *m)
{
    uint8_t cap = qpci_find_capability(m->dev, PCI_CAP_ID_MSI, 0);

    qpci_config_writel(m->dev, cap + PCI_MSI_ADDRESS_LO, MSI_ADDR);
    qpci_config_writew(m->dev, cap + PCI_MSI_DATA_32, MSI_DATA);
    qpci_config_writew(m->dev, cap + PCI_MSI_FLAGS, PCI_MSI_FLAGS_ENABLE);
    qtest_writel(m->qts, MSI_ADDR, 0);
}

/* Returns whether an MSI arrived since the last call. */
static bool msi_taken(Mvgpu *m)
{
    uint32_t v = qtest_readl(m->qts, MSI_ADDR);

    qtest_writel(m->qts, MSI_ADDR, 0);
    g_assert_true(v == 0 || v == MSI_DATA);
    return v == MSI_DATA;
}

static void test_vblank_msi(void)
{
    Mvgpu m;

    mvgpu_start(&m, "q35", "");
    mvgpu_map(&m);
    msi_setup(&m);
    qpci_io_writel(m.dev, m.bar0, PIPE_A_IMR, ~1u);
    qpci_io_writel(m.dev, m.bar0, PIPE_A_IER, 1);
    qpci_io_writel(m.dev, m.bar0, MASTER_IRQ, 0x80000000);
    qpci_io_writel(m.dev, m.bar0, TRANSCONF_A, 0x80000000);
    g_assert_cmphex(qpci_io_readl(m.dev, m.bar0, TRANSCONF_A), ==, 0xc0000000);

    /* Half a frame: nothing yet. */
    qtest_clock_step(m.qts, FRAME_NS / 2);
    g_assert_false(msi_taken(&m));
    qtest_clock_step(m.qts, FRAME_NS / 2 + 1);
    g_assert_true(msi_taken(&m));

    /* A second of virtual time, handled the way i915 does: 60 vblanks. */
    for (int i = 1; i < 60; i++) {
        qpci_io_writel(m.dev, m.bar0, MASTER_IRQ, 0);
        g_assert_cmphex(qpci_io_readl(m.dev, m.bar0, MASTER_IRQ), ==, 1u << 16);
        qpci_io_writel(m.dev, m.bar0, PIPE_A_IIR, 1);
        qpci_io_writel(m.dev, m.bar0, MASTER_IRQ, 0x80000000);
        g_assert_false(msi_taken(&m));
        qtest_clock_step(m.qts, FRAME_NS);
        g_assert_true(msi_taken(&m));
    }
    g_assert_cmpuint(qpci_io_readl(m.dev, m.bar0, FRMCOUNT_A), ==, 60);

    /* Vblank masked: the frame counter runs on, no interrupt. */
    qpci_io_writel(m.dev, m.bar0, PIPE_A_IIR, 1);
    qpci_io_writel(m.dev, m.bar0, PIPE_A_IMR, ~0u);
    msi_taken(&m);
    qtest_clock_step(m.qts, 10 * FRAME_NS);
    g_assert_false(msi_taken(&m));
    g_assert_cmpuint(qpci_io_readl(m.dev, m.bar0, FRMCOUNT_A), ==, 70);
    mvgpu_stop(&m);
}

/*
 * A hostile guest: random reads and writes of every width over all of BAR0
 * and configuration space. QEMU must keep running and the vGPU answer.
 */
static void test_random_walk(void)
{
    g_autoptr(GRand) rng = g_rand_new_with_seed(0x6d766770);
    static const unsigned widths[] = { 1, 2, 4, 8 };
    Mvgpu m;
    int cfg_writes = 0;

    mvgpu_start(&m, "q35", "");
    mvgpu_map(&m);
    msi_setup(&m);
    for (int i = 0; i < 100000; i++) {
        bool write = g_rand_boolean(rng);
        uint64_t val = (uint64_t)g_rand_int(rng) << 32 | g_rand_int(rng);

        if (g_rand_int_range(rng, 0, 10) < 8) {
            unsigned w = widths[g_rand_int_range(rng, 0, 4)];
            /* Mostly the register window, where the handlers are. */
            uint64_t span = g_rand_boolean(rng) ? 2 * 1024 * 1024
                                                : 16 * 1024 * 1024;
            uint64_t off = g_rand_int_range(rng, 0, span / w) * (uint64_t)w;

            if (write) {
                qpci_memwrite(m.dev, m.bar0, off, &val, w);
            } else {
                uint64_t r;
                qpci_memread(m.dev, m.bar0, off, &r, w);
            }
        } else {
            unsigned w = widths[g_rand_int_range(rng, 0, 3)];
            uint8_t off = g_rand_int_range(rng, 0, 256 / w) * w;

            if (write) {
                cfg_writes++;
                if (w == 1) {
                    qpci_config_writeb(m.dev, off, val);
                } else if (w == 2) {
                    qpci_config_writew(m.dev, off, val);
                } else {
                    qpci_config_writel(m.dev, off, val);
                }
            } else {
                qpci_config_readl(m.dev, off & ~3);
            }
        }
        if (i % 10000 == 0) {
            qtest_clock_step(m.qts, FRAME_NS);
        }
    }
    g_assert_cmpint(cfg_writes, >, 1000);

    /*
     * Back to D0 with the BARs placed again (libqos programs only the low
     * half of a 64-bit BAR): PVINFO is intact.
     */
    qpci_config_writew(m.dev, qpci_find_capability(m.dev, PCI_CAP_ID_PM, 0) +
                       PCI_PM_CTRL, 0);
    qpci_config_writel(m.dev, PCI_BASE_ADDRESS_1, 0);
    qpci_config_writel(m.dev, PCI_BASE_ADDRESS_3, 0);
    mvgpu_map(&m);
    g_assert_cmphex(qpci_io_readq(m.dev, m.bar0, PVINFO), ==,
                    0x4776544776544776ull);
    g_assert_cmphex(qpci_config_readw(m.dev, PCI_DEVICE_ID), ==, 0x5912);
    mvgpu_stop(&m);
}

/* Takes a PPM screendump of @device and returns its pixels (RGB, w x h). */
static uint8_t *screendump_of(QTestState *qts, const char *device,
                              uint32_t *w, uint32_t *h)
{
    g_autofree char *path = g_strdup_printf("%s/mvgpu-shot-%d.ppm",
                                            g_get_tmp_dir(), getpid());
    g_autofree char *data = NULL;
    uint8_t *pixels;
    gsize len;
    int off = 0;

    qtest_qmp_assert_success(qts, "{'execute': 'screendump', 'arguments': "
                             "{'filename': %s, 'device': %s}}", path, device);
    g_assert_true(g_file_get_contents(path, &data, &len, NULL));
    unlink(path);
    g_assert_cmpint(sscanf(data, "P6 %u %u 255%n", w, h, &off), ==, 2);
    off++;                      /* the single whitespace after maxval */
    g_assert_cmpuint(len, ==, off + 3ull * *w * *h);
    pixels = g_malloc(len - off);
    memcpy(pixels, data + off, len - off);
    return pixels;
}

static uint8_t *screendump(Mvgpu *m, uint32_t *w, uint32_t *h)
{
    return screendump_of(m->qts, "gpu0", w, h);
}

typedef struct ScanFormat {
    const char *name;
    uint32_t plane_ctl;
    unsigned cpp;
    uint32_t (*encode)(bool r, bool g, bool b);
} ScanFormat;

static uint32_t enc_xrgb8888(bool r, bool g, bool b)
{
    return (r ? 0xff0000 : 0) | (g ? 0xff00 : 0) | (b ? 0xff : 0);
}
static uint32_t enc_argb8888(bool r, bool g, bool b)
{
    return 0xff000000u | enc_xrgb8888(r, g, b);
}
static uint32_t enc_xbgr8888(bool r, bool g, bool b)
{
    return enc_xrgb8888(b, g, r);
}
static uint32_t enc_rgb565(bool r, bool g, bool b)
{
    return (r ? 0x1f << 11 : 0) | (g ? 0x3f << 5 : 0) | (b ? 0x1f : 0);
}
static uint32_t enc_xrgb2101010(bool r, bool g, bool b)
{
    return (r ? 0x3ffu << 20 : 0) | (g ? 0x3ffu << 10 : 0) | (b ? 0x3ff : 0);
}

static const ScanFormat scan_formats[] = {
    { "XRGB8888", 4u << 24, 4, enc_xrgb8888 },
    { "ARGB8888", (4u << 24) | (2u << 4), 4, enc_argb8888 },
    { "XBGR8888", (4u << 24) | (1u << 20), 4, enc_xbgr8888 },
    { "RGB565", 14u << 24, 2, enc_rgb565 },
    { "XRGB2101010", 2u << 24, 4, enc_xrgb2101010 },
};

static const struct {
    int ref;
    uint32_t ctl_bits, stride_unit;
} scan_tilings[] = {
    { REF_LINEAR, 0, 64 },
    { REF_TILE_X, 1u << 10, 512 },
    { REF_TILE_Y, 4u << 10, 128 },
};

/* The test image: 8 colours in stripes, every channel 0 or full. */
static unsigned colour(uint32_t x, uint32_t y)
{
    return (x / 8 + y / 4) % 8;
}

#define SHOT_W      96
#define SHOT_H      40
#define SHOT_STRIDE 512
#define SHOT_ROWS   64          /* whole Y tiles */

/*
 * Writes the image in @f and @tiling at GGTT address 0, its pages mapped to
 * guest RAM in reverse order, and points pipe A's primary plane at it.
 */
static void show_image_at(Mvgpu *m, const ScanFormat *f, unsigned tiling,
                          uint64_t ram_base)
{
    const unsigned npages = SHOT_STRIDE * SHOT_ROWS / 4096;
    g_autofree uint8_t *surf = g_malloc0(SHOT_STRIDE * SHOT_ROWS);

    for (uint32_t y = 0; y < SHOT_ROWS; y++) {
        for (uint32_t x = 0; x < SHOT_STRIDE / f->cpp; x++) {
            unsigned c = colour(x, y);
            uint32_t v = f->encode(c & 1, c & 2, c & 4);
            uint64_t off = ref_surface_offset(scan_tilings[tiling].ref,
                                              SHOT_STRIDE, x * f->cpp, y);

            memcpy(surf + off, &v, f->cpp);
        }
    }
    for (unsigned i = 0; i < npages; i++) {
        uint64_t ram = ram_base + (npages - 1 - i) * 4096ull;

        qtest_memwrite(m->qts, ram, surf + i * 4096, 4096);
        mb_ggtt_map(&m->regs, i, ram, 1);
    }
    qpci_io_writel(m->dev, m->bar0, TRANSCONF_A, 0x80000000);
    qpci_io_writel(m->dev, m->bar0, PLANE_A_CTL, 0x80000000 | f->plane_ctl |
                   scan_tilings[tiling].ctl_bits);
    qpci_io_writel(m->dev, m->bar0, PLANE_A_STRIDE,
                   SHOT_STRIDE / scan_tilings[tiling].stride_unit);
    qpci_io_writel(m->dev, m->bar0, PLANE_A_SIZE,
                   (SHOT_H - 1) << 16 | (SHOT_W - 1));
    qpci_io_writel(m->dev, m->bar0, PLANE_A_OFFSET, 0);
    qpci_io_writel(m->dev, m->bar0, PLANE_A_SURF, 0);
}

static void show_image(Mvgpu *m, const ScanFormat *f, unsigned tiling)
{
    show_image_at(m, f, tiling, SURF_RAM);
}

/*
 * The screendump @px is the test image, but for colour @rc in the
 * rectangle at (@rx, @ry), @rw x @rh pixels (none when @rw is 0).
 */
static void check_image_rect(const uint8_t *px, uint32_t w, uint32_t h,
                             const char *what, int rx, int ry, int rw,
                             int rh, unsigned rc)
{
    g_assert_cmpuint(w, ==, SHOT_W);
    g_assert_cmpuint(h, ==, SHOT_H);
    for (int y = 0; y < (int)h; y++) {
        for (int x = 0; x < (int)w; x++) {
            bool in = x >= rx && x < rx + rw && y >= ry && y < ry + rh;
            unsigned c = in ? rc : colour(x, y);
            const uint8_t *p = px + 3 * (y * w + x);

            if (p[0] != (c & 1 ? 255 : 0) || p[1] != (c & 2 ? 255 : 0) ||
                p[2] != (c & 4 ? 255 : 0)) {
                g_error("%s: pixel (%d,%d) is %02x%02x%02x, colour %u "
                        "expected", what, x, y, p[0], p[1], p[2], c);
            }
        }
    }
}

static void check_image(const uint8_t *px, uint32_t w, uint32_t h,
                        const char *what)
{
    check_image_rect(px, w, h, what, 0, 0, 0, 0, 0);
}

static void test_scanout_formats(void)
{
    Mvgpu m;

    mvgpu_start(&m, "q35", "");
    mvgpu_map(&m);
    for (size_t f = 0; f < G_N_ELEMENTS(scan_formats); f++) {
        for (unsigned t = 0; t < G_N_ELEMENTS(scan_tilings); t++) {
            g_autofree uint8_t *px = NULL;
            uint32_t w, h;

            g_autofree char *what = g_strdup_printf("%s tiling %u",
                                                    scan_formats[f].name, t);

            show_image(&m, &scan_formats[f], t);
            px = screendump(&m, &w, &h);
            check_image(px, w, h, what);
        }
    }
    mvgpu_stop(&m);
}

/*
 * A sprite (plane 2) above the primary: the console shows the composed
 * pipe, the sprite's pixels where it is and the primary around it; with the
 * sprite off again, the primary alone.
 */
#define PIPESRC_A      0x6001c
#define PLANE_A2(reg)  ((reg) + 0x100)
#define PLANE_POS_OFF  0x0c
#define SPRITE_GGTT    16                   /* its page in the GGTT */

static void test_scanout_sprite(void)
{
    const uint32_t sx = 20, sy = 6, sw = 16, sh = 8;
    g_autofree uint8_t *px = NULL;
    uint32_t w, h;
    Mvgpu m;

    mvgpu_start(&m, "q35", "");
    mvgpu_map(&m);
    show_image(&m, &scan_formats[0], 0);
    qpci_io_writel(m.dev, m.bar0, PIPESRC_A, (SHOT_W - 1) << 16 | (SHOT_H - 1));
    /* 16x8 opaque white, 64 bytes a row, in its own page. */
    qtest_memset(m.qts, SURF_RAM + 0x100000, 0xff, 4096);
    mb_ggtt_map(&m.regs, SPRITE_GGTT, SURF_RAM + 0x100000, 1);
    qpci_io_writel(m.dev, m.bar0, PLANE_A2(PLANE_A_CTL), 0x80000000 | 4u << 24);
    qpci_io_writel(m.dev, m.bar0, PLANE_A2(PLANE_A_STRIDE), 1);
    qpci_io_writel(m.dev, m.bar0, PLANE_A2(PLANE_A_SIZE),
                   (sh - 1) << 16 | (sw - 1));
    qpci_io_writel(m.dev, m.bar0, PLANE_A2(PLANE_A_CTL) + PLANE_POS_OFF,
                   sy << 16 | sx);
    qpci_io_writel(m.dev, m.bar0, PLANE_A2(PLANE_A_OFFSET), 0);
    qpci_io_writel(m.dev, m.bar0, PLANE_A2(PLANE_A_SURF), SPRITE_GGTT * 4096);
    px = screendump(&m, &w, &h);
    check_image_rect(px, w, h, "sprite", sx, sy, sw, sh, 7);
    g_free(px);
    qpci_io_writel(m.dev, m.bar0, PLANE_A2(PLANE_A_CTL), 0);
    px = screendump(&m, &w, &h);
    check_image(px, w, h, "sprite off");
    mvgpu_stop(&m);
}

/*
 * The cursor plane (64x64 ARGB, pipe A) is drawn into the frame by default
 * (cursor=frame): the screendump shows it over the primary at CURPOS,
 * clipped at the pipe's edges, moving without leaving a trace, gone once
 * it is off; the primary is shown from contiguous guest RAM, so with the
 * cursor off the console could show it in place. With cursor=pointer the
 * cursor becomes the client's pointer and the screendump shows the
 * primary alone.
 */
#define CURCNTR_A       0x70080
#define CURBASE_A       0x70084
#define CURPOS_A        0x70088
#define CUR_64_ARGB     0x27
#define CURSOR_GGTT     32                  /* its 4 pages in the GGTT */
#define CURSOR_RAM      (SURF_RAM + 0x200000)
#define LINEAR_RAM      (SURF_RAM + 0x300000)

/* The primary's pages, mapped in order: one run of guest RAM. */
static void show_image_contiguous(Mvgpu *m)
{
    const unsigned npages = SHOT_STRIDE * SHOT_ROWS / 4096;
    uint8_t page[4096];

    show_image(m, &scan_formats[0], 0);
    for (unsigned i = 0; i < npages; i++) {
        qtest_memread(m->qts, SURF_RAM + (npages - 1 - i) * 4096ull, page,
                      sizeof(page));
        qtest_memwrite(m->qts, LINEAR_RAM + i * 4096ull, page, sizeof(page));
        mb_ggtt_map(&m->regs, i, LINEAR_RAM + i * 4096ull, 1);
    }
    qpci_io_writel(m->dev, m->bar0, PLANE_A_SURF, 0);
}

/* An opaque magenta 64x64 cursor (colour 5 of colour()) at (@x, @y). */
static void show_cursor(Mvgpu *m, int x, int y)
{
    uint32_t pos = (x < 0 ? 1u << 15 | -x : x) |
                   (y < 0 ? 1u << 31 | (uint32_t)-y << 16 : (uint32_t)y << 16);
    g_autofree uint32_t *img = g_new(uint32_t, 64 * 64);

    for (unsigned i = 0; i < 64 * 64; i++) {
        img[i] = 0xffff00ffu;
    }
    qtest_memwrite(m->qts, CURSOR_RAM, img, 64 * 64 * 4);
    mb_ggtt_map(&m->regs, CURSOR_GGTT, CURSOR_RAM, 4);
    qpci_io_writel(m->dev, m->bar0, CURCNTR_A, CUR_64_ARGB);
    qpci_io_writel(m->dev, m->bar0, CURPOS_A, pos);
    qpci_io_writel(m->dev, m->bar0, CURBASE_A, CURSOR_GGTT * 4096);
}

/* The screendump: the primary, and the cursor at (@x, @y) if @on. */
static void check_cursor(Mvgpu *m, bool on, int x, int y, const char *what)
{
    g_autofree uint8_t *px = NULL;
    uint32_t w, h;

    px = screendump(m, &w, &h);
    check_image_rect(px, w, h, what, x, y, on ? 64 : 0, 64, 5);
}

static void test_scanout_cursor(void)
{
    Mvgpu m;

    mvgpu_start(&m, "q35", "");
    mvgpu_map(&m);
    show_image_contiguous(&m);
    check_cursor(&m, false, 0, 0, "no cursor");
    show_cursor(&m, 10, 4);
    check_cursor(&m, true, 10, 4, "cursor at (10,4)");
    show_cursor(&m, 50, 20);
    check_cursor(&m, true, 50, 20, "cursor moved to (50,20)");
    show_cursor(&m, -20, -30);
    check_cursor(&m, true, -20, -30, "cursor at (-20,-30)");
    qpci_io_writel(m.dev, m.bar0, CURCNTR_A, 0);
    check_cursor(&m, false, 0, 0, "cursor off");
    mvgpu_stop(&m);

    mvgpu_start(&m, "q35", ",cursor=pointer");
    mvgpu_map(&m);
    show_image_contiguous(&m);
    show_cursor(&m, 10, 4);
    check_cursor(&m, false, 0, 0, "cursor=pointer");
    mvgpu_stop(&m);
}

/*
 * Execlists: a context built here (mvgpu-build.h) through ELSP, as
 * i915 submits one.
 */
#define EX_RAM       0x3000000ull       /* GGTT page n -> EX_RAM + 4 KiB * n */
#define EX_HWSP      0x0000
#define EX_RING      0x1000
#define EX_LRCA      0x4000
#define EX_BATCH     0x8000
#define EX_DATA      0xa000
#define EX_PML4      0x3100000ull       /* PPGTT tables, guest-physical */
#define EX_PPGTT_VA  0x7f0000000000ull
/* Where the test reads the HWSP's CSB and the context image. */
#define EX_CSB_STATUS(slot) (EX_RAM + EX_HWSP + MB_HWSP_CSB_STATUS(slot))
#define EX_CSB_CTX_ID(slot) (EX_RAM + EX_HWSP + MB_HWSP_CSB_CTX_ID(slot))
#define EX_CSB_WRITE_PTR    (EX_RAM + EX_HWSP + MVGPU_HWSP_CSB_WRITE_PTR)
#define EX_CTX_SLOT(slot)   (EX_RAM + EX_LRCA + MB_CTX_SLOT(slot))
#define EX_CSB_DONE         (CSB_CONTEXT_COMPLETE | CSB_ACTIVE_TO_IDLE)
#define GDRST_RENDER        (1u << 1)   /* i915's GEN6_GRDOM_RENDER */

/* The GGTT over EX_RAM, RCS's status page, its CSB empty, its interrupts. */
static void ex_setup(Mvgpu *m)
{
    mb_ggtt_map(&m->regs, 0, EX_RAM, 16);
    qpci_io_writel(m->dev, m->bar0, RCS_BASE + RING_HWS_PGA, EX_HWSP);
    qpci_io_writel(m->dev, m->bar0, RCS_BASE + RING_CONTEXT_STATUS_PTR,
                   MB_CSB_PTRS(5, 5));
    qtest_memset(m->qts, EX_CSB_STATUS(0), 0xff, 8 * MVGPU_CSB_ENTRIES);
    qpci_io_writel(m->dev, m->bar0, GEN8_GT_IMR(0), 0);
    qpci_io_writel(m->dev, m->bar0, GEN8_GT_IER(0), 0xffffffff);
    qpci_io_writel(m->dev, m->bar0, MASTER_IRQ, 0x80000000);
    msi_setup(m);
}

/* A context image at EX_LRCA whose ring runs from @head to @tail. */
static void ex_context(Mvgpu *m, uint32_t head, uint32_t tail)
{
    mb_context(&m->ram, EX_RAM + EX_LRCA, &(MbContext) {
        .head = head, .tail = tail, .ring = EX_RING, .pml4 = EX_PML4,
    });
}

static void ex_submit(Mvgpu *m, uint32_t ctx_id)
{
    mb_submit(&m->regs, RCS_BASE, mb_desc(EX_LRCA, ctx_id), 0);
    qtest_clock_step(m->qts, 1000);
}

static void ex_ring(Mvgpu *m, uint32_t offset, const uint32_t *dw, unsigned n)
{
    mb_put(&m->ram, EX_RAM + EX_RING + offset, dw, n);
}

/* Maps the page at @va of the PPGTT at EX_PML4, its tables right after. */
static void ex_ppgtt_map(Mvgpu *m, uint64_t va, uint64_t gpa)
{
    uint64_t table = EX_PML4;

    for (unsigned level = 3; level > 0; level--) {
        mb_ppgtt_entry(&m->ram, table, va, level,
                       (table + 0x1000) | MB_PPGTT_PRESENT_RW);
        table += 0x1000;
    }
    mb_ppgtt_entry(&m->ram, table, va, 0, gpa | MB_PPGTT_PRESENT_RW);
}

/*
 * Virtual time until the context's ring HEAD is @head. With backend drm a
 * user batch runs on the host GPU in real time and completes through the
 * main loop's fd watch: poll for that outcome, a bounded number of times.
 */
static void ex_wait_head(Mvgpu *m, uint32_t head)
{
    uint64_t at = EX_CTX_SLOT(MVGPU_CTX_RING_HEAD);

    for (int i = 0; i < 20000 && qtest_readl(m->qts, at) != head; i++) {
        g_usleep(1000);
        qtest_clock_step(m->qts, 1000);
    }
}

/* The same for CSB entry @slot reaching @status. */
static void ex_wait_csb(Mvgpu *m, unsigned slot, uint32_t status)
{
    for (int i = 0; i < 20000 &&
         qtest_readl(m->qts, EX_CSB_STATUS(slot)) != status; i++) {
        g_usleep(1000);
        qtest_clock_step(m->qts, 1000);
    }
}

static uint64_t host_batches(Mvgpu *m)
{
    QDict *resp = qtest_qmp(m->qts, "{'execute': 'qom-get', 'arguments': "
                            "{'path': 'gpu0', 'property': 'x-host-batches'}}");
    uint64_t n;

    g_assert_true(qdict_haskey(resp, "return"));
    n = qdict_get_int(resp, "return");
    qobject_unref(resp);
    return n;
}

static void test_execlist_submission(void)
{
    const uint32_t ring[] = {
        MB_STORE_DWORD_GGTT(EX_DATA, 0x600d0001),
        MB_BB_START_PPGTT(EX_PPGTT_VA),
        MB_PIPE_CONTROL_WRITE(MB_PC_WRITE_IMM | MB_PC_GLOBAL_GTT,
                              EX_DATA + 8, 42, 0),
        MB_MI_USER_INTERRUPT, MB_MI_NOOP, MB_MI_NOOP,
    };
    /* The batch, reached through a 4-level PPGTT: one PPGTT store. */
    const uint32_t batch[] = {
        MB_STORE_DWORD_PPGTT(EX_PPGTT_VA + 0x800, 0x600d0002),
        MB_MI_BATCH_BUFFER_END,
    };
    /* Recorded (x-record): the file holds the ring and the batch's page. */
    g_autofree char *dir = g_dir_make_tmp("mvgpu-record-XXXXXX", NULL);
    g_autofree char *arg = g_strdup_printf(",x-record=%s", dir);
    g_autofree char *path = g_build_filename(dir, "000000-rcs.mvwl", NULL);
    g_autofree char *rec = NULL;
    gsize rec_len;
    Mvgpu m;

    mvgpu_start(&m, "q35", arg);
    mvgpu_map(&m);
    ex_setup(&m);
    ex_ppgtt_map(&m, EX_PPGTT_VA, EX_RAM + EX_BATCH);
    mb_put(&m.ram, EX_RAM + EX_BATCH, batch, G_N_ELEMENTS(batch));
    ex_ring(&m, 0, ring, G_N_ELEMENTS(ring));
    ex_context(&m, 0, sizeof(ring));
    ex_submit(&m, 0x77);
    ex_wait_head(&m, sizeof(ring));

    /* The user batch ran on the host GPU with backend drm, else here. */
    g_assert_cmpuint(host_batches(&m), ==, backend_drm() ? 1 : 0);
    g_assert_cmphex(qtest_readl(m.qts, EX_RAM + EX_DATA), ==, 0x600d0001);
    g_assert_cmphex(qtest_readl(m.qts, EX_RAM + EX_BATCH + 0x800), ==,
                    0x600d0002);
    g_assert_cmphex(qtest_readl(m.qts, EX_RAM + EX_DATA + 8), ==, 42);
    /* HEAD written back; CSB in the HWSP from slot 0; MSI sent. */
    g_assert_cmphex(qtest_readl(m.qts, EX_CTX_SLOT(MVGPU_CTX_RING_HEAD)), ==,
                    sizeof(ring));
    g_assert_cmphex(qtest_readl(m.qts, EX_CSB_STATUS(0)), ==,
                    CSB_IDLE_TO_ACTIVE);
    g_assert_cmphex(qtest_readl(m.qts, EX_CSB_STATUS(1)), ==, EX_CSB_DONE);
    g_assert_cmphex(qtest_readl(m.qts, EX_CSB_CTX_ID(1)), ==, 0x77);
    g_assert_cmphex(qtest_readl(m.qts, EX_CSB_WRITE_PTR), ==, 1);
    /* GT0: RCS's user interrupt and context switch. */
    g_assert_cmphex(qpci_io_readl(m.dev, m.bar0, GEN8_GT_IIR(0)), ==, 0x101);
    g_assert_true(msi_taken(&m));
    mvgpu_stop(&m);

    g_assert_true(g_file_get_contents(path, &rec, &rec_len, NULL));
    if (backend_drm()) {
        /* The user batch went to the host unscanned: its rules apply. */
        goto out;
    }
    /*
     * Header and ring; then in scan order the SDI's probe (GGTT), one read
     * of the batch page from the batch on, the batch SDI's probe (PPGTT),
     * and the PIPE_CONTROL's (GGTT, a qword). A probe entry: flags (bit 1
     * probe, 5:4 space, 7:6 access, 8 guest RAM), bytes, address.
     */
    {
        const uint32_t probe_ggtt_w = 0x2 | 1u << 4 | 2u << 6 | 1u << 8;
        const uint32_t probe_ppgtt_w = 0x2 | 2u << 6 | 1u << 8;
        const char *at = rec + 16 + sizeof(ring);

        g_assert_cmpuint(rec_len, ==, 16 + sizeof(ring) + 16 + 16 + 4096 +
                                      16 + 16);
        g_assert_cmpmem(rec, 8, "MVGPUWL2", 8);
        g_assert_cmpmem(rec + 16, sizeof(ring), ring, sizeof(ring));
        g_assert_cmphex(ldl_le_p(at), ==, probe_ggtt_w);
        g_assert_cmpuint(ldl_le_p(at + 4), ==, 4);
        g_assert_cmphex(ldl_le_p(at + 8), ==, EX_DATA);
        at += 16;
        g_assert_cmphex(ldl_le_p(at), ==, 1);           /* a PPGTT read */
        g_assert_cmpmem(at + 16, sizeof(batch), batch, sizeof(batch));
        at += 16 + 4096;
        g_assert_cmphex(ldl_le_p(at), ==, probe_ppgtt_w);
        g_assert_cmphex(ldl_le_p(at + 8), ==, (uint32_t)EX_PPGTT_VA + 0x800);
        at += 16;
        g_assert_cmphex(ldl_le_p(at), ==, probe_ggtt_w);
        g_assert_cmpuint(ldl_le_p(at + 4), ==, 8);
        g_assert_cmphex(ldl_le_p(at + 8), ==, EX_DATA + 8);
    }
out:
    g_unlink(path);
    g_rmdir(dir);
}

/*
 * Execution over time: a batch that starts itself spins, slice after slice,
 * without being declared hung, until the guest resets the engine; a user
 * batch that spins ends when the CPU writes MI_BATCH_BUFFER_END into it.
 */
static void test_execlist_spin_and_reset(void)
{
    g_autofree char *log = g_strdup_printf("%s/mvgpu-exlog-%d.txt",
                                           g_get_tmp_dir(), getpid());
    g_autofree char *args = g_strdup_printf(" -d guest_errors -D %s", log);
    g_autofree char *text = NULL;
    /* A privileged batch that starts itself: never ends. */
    const uint32_t loop[] = { MB_BB_START_GGTT(EX_BATCH) };
    const uint32_t ring[] = { MB_BB_START_GGTT(EX_BATCH), MB_MI_NOOP };
    /* A user batch as IGT's igt_spin: arbitration, a dword, a jump back. */
    const uint32_t spin[] = {
        MB_MI_ARB_CHECK, MB_MI_NOOP, MB_BB_START_PPGTT(EX_PPGTT_VA),
    };
    const uint32_t spin_ring[] = {
        MB_BB_START_PPGTT(EX_PPGTT_VA),
        MB_STORE_DWORD_GGTT(EX_DATA + 8, 0x5b1), MB_MI_NOOP,
    };
    const uint32_t good[] = { MB_STORE_DWORD_GGTT(EX_DATA + 4, 0xa11e) };
    Mvgpu m;

    mvgpu_start(&m, "q35", args);
    mvgpu_map(&m);
    ex_setup(&m);
    mb_put(&m.ram, EX_RAM + EX_BATCH, loop, G_N_ELEMENTS(loop));
    ex_ring(&m, 0, ring, G_N_ELEMENTS(ring));
    ex_context(&m, 0, sizeof(ring));
    ex_submit(&m, 1);
    qtest_clock_step(m.qts, 10 * 1000 * 1000);
    /* Active, never complete; HEAD past the batch start it runs. */
    g_assert_cmphex(qtest_readl(m.qts, EX_CSB_STATUS(0)), ==,
                    CSB_IDLE_TO_ACTIVE);
    g_assert_cmphex(qtest_readl(m.qts, EX_CSB_STATUS(1)), ==, 0xffffffff);
    g_assert_cmphex(qpci_io_readl(m.dev, m.bar0, RCS_BASE + RING_HEAD), ==,
                    12);        /* the 3 dwords of MI_BATCH_BUFFER_START */

    /* i915's engine reset: GDRST render, CSB pointers back to 5. */
    qpci_io_writel(m.dev, m.bar0, GDRST, GDRST_RENDER);
    g_assert_cmphex(qpci_io_readl(m.dev, m.bar0, GDRST), ==, 0);
    qpci_io_writel(m.dev, m.bar0, RCS_BASE + RING_CONTEXT_STATUS_PTR,
                   MB_CSB_PTRS(5, 5));
    ex_ring(&m, 0x100, good, G_N_ELEMENTS(good));
    ex_context(&m, 0x100, 0x100 + sizeof(good));
    ex_submit(&m, 2);
    g_assert_cmphex(qtest_readl(m.qts, EX_RAM + EX_DATA + 4), ==, 0xa11e);
    g_assert_cmphex(qtest_readl(m.qts, EX_CSB_STATUS(1)), ==, EX_CSB_DONE);

    /* The user spinner: runs until the CPU ends it, then the ring goes on. */
    ex_ppgtt_map(&m, EX_PPGTT_VA, EX_RAM + EX_BATCH);
    mb_put(&m.ram, EX_RAM + EX_BATCH, spin, G_N_ELEMENTS(spin));
    ex_ring(&m, 0x200, spin_ring, G_N_ELEMENTS(spin_ring));
    ex_context(&m, 0x200, 0x200 + sizeof(spin_ring));
    ex_submit(&m, 3);
    qtest_clock_step(m.qts, 10 * 1000 * 1000);
    g_assert_cmphex(qtest_readl(m.qts, EX_RAM + EX_DATA + 8), ==, 0);
    g_assert_cmphex(qtest_readl(m.qts, EX_CSB_STATUS(3)), ==, 0xffffffff);
    /* The CPU ends it: the spinner's second dword becomes the end. */
    mb_write32(&m.ram, EX_RAM + EX_BATCH + 4, MB_MI_BATCH_BUFFER_END);
    qtest_clock_step(m.qts, 1000 * 1000);
    ex_wait_csb(&m, 3, EX_CSB_DONE);
    g_assert_cmphex(qtest_readl(m.qts, EX_RAM + EX_DATA + 8), ==, 0x5b1);
    g_assert_cmphex(qtest_readl(m.qts, EX_CSB_STATUS(3)), ==, EX_CSB_DONE);
    g_assert_cmphex(qtest_readl(m.qts, EX_CSB_CTX_ID(3)), ==, 3);

    /* A ring outside guest RAM: refused, logged, QEMU goes on. */
    mb_ggtt_map(&m.regs, 1, 1ull << 38, 1);
    qpci_io_writel(m.dev, m.bar0, GDRST, GDRST_RENDER);
    qpci_io_writel(m.dev, m.bar0, RCS_BASE + RING_CONTEXT_STATUS_PTR,
                   MB_CSB_PTRS(5, 5));
    ex_context(&m, 0, 16);
    ex_submit(&m, 4);
    g_assert_cmphex(qpci_io_readl(m.dev, m.bar0, PVINFO), ==, 0x76544776);
    mvgpu_stop(&m);
    g_assert_true(g_file_get_contents(log, &text, NULL, NULL));
    unlink(log);
    /* Only the broken ring hangs its engine; the spinners never did. */
    g_assert_nonnull(strstr(text, "ring is not guest RAM"));
    g_assert_nonnull(strstr(text, "hangs the engine"));
    g_assert_null(strstr(strstr(text, "hangs the engine") + 1,
                         "hangs the engine"));
    g_assert_null(strstr(text, "command budget"));
    g_assert_null(strstr(text, "batch buffer starts"));
}

/*
 * Benchmark (-m perf): how long QEMU's main loop stops answering while the
 * blitter copies a 4096x2160 Y-tiled surface, with the engines' slices on
 * the main loop (x-engine-thread=off) beside the worker thread (on). The
 * test steps virtual time 20 us at a time and times each step and one
 * guest-RAM read (both served by the main loop), and one MMIO read (served
 * under the core lock, so it waits for a slice that runs). JSON lines.
 * MVGPU_STALL_MODES="off,on" by default; "-" runs without the property
 * (a build from before x-engine-thread).
 */
#define ST_W         4096
#define ST_H         2160
#define ST_PITCH     (ST_W * 4)                 /* 128 Y tiles a row */
#define ST_BYTES     ((uint64_t)ST_PITCH * 2176)   /* whole 32-row Y tiles */
#define ST_RAM       0x4000000ull               /* GGTT page n -> here + 4K n */
#define ST_SRC       0x100000u                  /* graphics addresses */
#define ST_DST       (ST_SRC + 0x2200000u)
#define ST_PAGES     ((ST_DST + ST_BYTES) / 4096)

static double ms_since(gint64 t0)
{
    return (g_get_monotonic_time() - t0) / 1000.0;
}

static void stall_bench(const char *mode)
{
    const uint32_t ring[] = {
        /* 32 bpp, both tiled (Y by BCS_SWCTRL), pitches in dwords. */
        MB_SRC_COPY_BLT(MB_BLT_WRITE_RGBA | MB_BLT_SRC_TILED |
                        MB_BLT_DST_TILED,
                        MB_BR13_32BPP | MB_BR13_ROP(MB_ROP_SRCCOPY) |
                        ST_PITCH / 4, 0, 0, ST_W, ST_H, ST_DST,
                        0, 0, ST_PITCH / 4, ST_SRC),
        MB_MI_USER_INTERRUPT, MB_MI_NOOP,
    };
    const uint32_t swctrl_y = BCS_SRC_Y | BCS_DST_Y;
    bool named = strcmp(mode, "-") != 0;
    double stall = 0, mmio = 0, total;
    unsigned steps = 0;
    gint64 t0;
    Mvgpu m;

    /* Not mvgpu_start(): that one asks for x-engine-thread=sync. */
    m.qts = qtest_initf("-machine q35 -vga none -m 512M -device mvgpu,"
                        "addr=02.0%s%s", named ? ",x-engine-thread=" : "",
                        named ? mode : "");
    m.bus = qpci_new_pc(m.qts, NULL);
    m.dev = qpci_device_find(m.bus, QPCI_DEVFN(2, 0));
    mvgpu_map(&m);
    mb_ggtt_map(&m.regs, 0, ST_RAM, ST_PAGES);
    qpci_io_writel(m.dev, m.bar0, BCS_BASE + RING_HWS_PGA, EX_HWSP);
    qpci_io_writel(m.dev, m.bar0, BCS_BASE + RING_CONTEXT_STATUS_PTR,
                   MB_CSB_PTRS(5, 5));
    qpci_io_writel(m.dev, m.bar0, BCS_SWCTRL, swctrl_y << 16 | swctrl_y);
    qtest_memset(m.qts, ST_RAM + EX_HWSP + MB_HWSP_CSB_STATUS(0), 0xff,
                 8 * MVGPU_CSB_ENTRIES);
    qtest_memset(m.qts, ST_RAM + ST_SRC, 0x5a, ST_BYTES);
    mb_put(&m.ram, ST_RAM + EX_RING, ring, G_N_ELEMENTS(ring));
    mb_context(&m.ram, ST_RAM + EX_LRCA, &(MbContext) {
        .tail = sizeof(ring), .ring = EX_RING,
    });

    mb_submit(&m.regs, BCS_BASE, mb_desc(EX_LRCA, 5), 0);
    t0 = g_get_monotonic_time();
    for (;;) {
        gint64 t = g_get_monotonic_time();
        uint32_t csb1;

        qtest_clock_step(m.qts, 20000);
        csb1 = qtest_readl(m.qts, ST_RAM + EX_HWSP + MB_HWSP_CSB_STATUS(1));
        stall = MAX(stall, ms_since(t));
        t = g_get_monotonic_time();
        qpci_io_readl(m.dev, m.bar0, BCS_BASE + RING_EXECLIST_STATUS_HI);
        mmio = MAX(mmio, ms_since(t));
        steps++;
        if (csb1 != 0xffffffff) {
            break;
        }
        g_assert_cmpuint(steps, <, 1000000);
    }
    total = ms_since(t0);
    g_assert_cmphex(qtest_readl(m.qts, ST_RAM + EX_HWSP +
                                MB_HWSP_CSB_STATUS(1)) & EX_CSB_DONE, ==,
                    EX_CSB_DONE);
    /* The last row's first pixel: Y tile row 67, its row 15 (16 B each). */
    g_assert_cmphex(qtest_readl(m.qts, ST_RAM + ST_DST +
                                67 * 128 * 4096 + 15 * 16), ==, 0x5a5a5a5a);
    printf("{\"bench\": \"qemu-blit-stall\", \"x-engine-thread\": \"%s\", "
           "\"blit\": \"%ux%u Y-tiled XY_SRC_COPY_BLT\", "
           "\"longest_main_loop_stall_ms\": %.2f, \"longest_mmio_ms\": %.2f, "
           "\"blit_ms\": %.1f, \"clock_steps\": %u}\n", mode, ST_W, ST_H,
           stall, mmio, total, steps);
    mvgpu_stop(&m);
}

/*
 * Benchmark (-m perf): wall-clock time from the ELSP write to the context's
 * completion for a ring holding one empty user (PPGTT) batch, a PIPE_CONTROL
 * and a user interrupt, as i915 submits a request; 200 in a row, median and
 * worst. The device as configured (soft) beside, when
 * MVGPU_QTEST_DEVICE_ARGS names another backend, that backend in the same
 * run (tests/guest/bench/drm-latency.sh). JSON lines.
 */
static void latency_bench(const char *label, const char *args)
{
    const uint32_t ring[] = {
        MB_BB_START_PPGTT(EX_PPGTT_VA),
        MB_PIPE_CONTROL_WRITE(MB_PC_WRITE_IMM | MB_PC_GLOBAL_GTT,
                              EX_DATA + 8, 42, 0),
        MB_MI_USER_INTERRUPT, MB_MI_NOOP, MB_MI_NOOP,
    };
    const uint32_t batch[] = { MB_MI_BATCH_BUFFER_END, MB_MI_NOOP };
    enum { N = 200 };
    g_autofree double *us = g_new(double, N);
    uint64_t host = 0;
    Mvgpu m;

    mvgpu_start_with(&m, args);
    mvgpu_map(&m);
    ex_setup(&m);
    ex_ppgtt_map(&m, EX_PPGTT_VA, EX_RAM + EX_BATCH);
    mb_put(&m.ram, EX_RAM + EX_BATCH, batch, G_N_ELEMENTS(batch));
    ex_ring(&m, 0, ring, G_N_ELEMENTS(ring));
    for (int i = 0; i < N; i++) {
        gint64 t0;
        int steps = 0;

        ex_context(&m, 0, sizeof(ring));
        t0 = g_get_monotonic_time();
        mb_submit(&m.regs, RCS_BASE, mb_desc(EX_LRCA, 0x100 + i), 0);
        while (qtest_readl(m.qts, EX_CTX_SLOT(MVGPU_CTX_RING_HEAD)) !=
               sizeof(ring)) {
            qtest_clock_step(m.qts, 1000);
            g_assert_cmpint(++steps, <, 1000000);
        }
        us[i] = (g_get_monotonic_time() - t0) / 1.0;
    }
    if (strstr(args, "backend=drm")) {
        host = host_batches(&m);
        g_assert_cmpuint(host, ==, N);
    }
    mvgpu_stop(&m);
    qsort(us, N, sizeof(*us), cmp_double);
    printf("{\"bench\": \"qemu-submit-latency\", \"backend\": \"%s\", "
           "\"request\": \"empty user batch + PIPE_CONTROL + interrupt\", "
           "\"n\": %d, \"median_us\": %.0f, \"max_us\": %.0f, "
           "\"host_batches\": %" PRIu64 "}\n", label, N, us[N / 2], us[N - 1],
           host);
}

static void test_perf_submit_latency(void)
{
    latency_bench("soft", "");
    if (backend_drm()) {
        latency_bench("drm", device_args());
    }
}

static void test_perf_blit_stall(void)
{
    const char *env = g_getenv("MVGPU_STALL_MODES");
    g_auto(GStrv) modes = g_strsplit(env ? env : "off,on", ",", -1);

    for (char **mode = modes; *mode; mode++) {
        stall_bench(*mode);
    }
}

/* Two GPUs in one VM: each has its own GGTT, planes and console. */
static void test_two_devices(void)
{
    QTestState *qts = qtest_initf("-machine q35 -vga none "
                                  "-device mvgpu,addr=02.0,id=gpu0%s "
                                  "-device mvgpu,addr=03.0,id=gpu1%s",
                                  device_args(), device_args());
    QPCIBus *bus = qpci_new_pc(qts, NULL);
    Mvgpu a = { .qts = qts, .bus = bus }, b = { .qts = qts, .bus = bus };
    g_autofree uint8_t *pa = NULL, *pb = NULL;
    uint32_t w, h;

    a.dev = qpci_device_find(bus, QPCI_DEVFN(2, 0));
    b.dev = qpci_device_find(bus, QPCI_DEVFN(3, 0));
    mvgpu_map(&a);
    mvgpu_map(&b);
    /* Different formats and memory: each console must show its own. */
    show_image_at(&a, &scan_formats[0], 1, SURF_RAM);
    show_image_at(&b, &scan_formats[3], 2, SURF_RAM + 0x100000);
    pa = screendump_of(qts, "gpu0", &w, &h);
    check_image(pa, w, h, "gpu0");
    pb = screendump_of(qts, "gpu1", &w, &h);
    check_image(pb, w, h, "gpu1");
    /* Turning one off leaves the other on. */
    qpci_io_writel(a.dev, a.bar0, PLANE_A_CTL, 0);
    g_free(pb);
    pb = screendump_of(qts, "gpu1", &w, &h);
    check_image(pb, w, h, "gpu1 after gpu0 went off");
    g_free(b.dev);
    mvgpu_stop(&a);
}

/* A PTE that leaves guest RAM: those rows show black, QEMU logs it. */
static void test_scanout_bad_pte(void)
{
    g_autofree char *log = g_strdup_printf("%s/mvgpu-log-%d.txt",
                                           g_get_tmp_dir(), getpid());
    g_autofree char *args = g_strdup_printf(" -d guest_errors -D %s",
                                            log);
    g_autofree char *text = NULL;
    g_autofree uint8_t *px = NULL;
    uint32_t w, h;
    Mvgpu m;

    mvgpu_start(&m, "q35", args);
    mvgpu_map(&m);
    show_image(&m, &scan_formats[0], 0);
    /* Page 1 holds rows 8..15 of a 512-byte-stride linear surface. */
    mb_ggtt_map(&m.regs, 1, 1ull << 38, 1);
    px = screendump(&m, &w, &h);
    for (uint32_t y = 0; y < h; y++) {
        for (uint32_t x = 0; x < w; x++) {
            const uint8_t *p = px + 3 * (y * w + x);
            bool black = !p[0] && !p[1] && !p[2];

            g_assert_cmpint(black, ==, (y >= 8 && y < 16) || colour(x, y) == 0);
        }
    }
    mvgpu_stop(&m);
    g_assert_true(g_file_get_contents(log, &text, NULL, NULL));
    unlink(log);
    g_assert_nonnull(strstr(text, "not guest RAM"));
}

static void test_flip_done(void)
{
    Mvgpu m;

    mvgpu_start(&m, "q35", "");
    mvgpu_map(&m);
    qpci_io_writel(m.dev, m.bar0, PIPE_A_IMR, ~(1u | (1u << 3)));
    qpci_io_writel(m.dev, m.bar0, TRANSCONF_A, 0x80000000);
    qtest_clock_step(m.qts, FRAME_NS / 4);
    qpci_io_writel(m.dev, m.bar0, PLANE_A_SURF, 0x100000);
    g_assert_cmphex(qpci_io_readl(m.dev, m.bar0, PIPE_A_IIR), ==, 0);
    qtest_clock_step(m.qts, FRAME_NS);
    g_assert_cmphex(qpci_io_readl(m.dev, m.bar0, PIPE_A_IIR), ==, 1u | 1u << 3);
    mvgpu_stop(&m);
}

/*
 * BAR2: runs of GGTT pages on contiguous RAM are mapped straight through;
 * a PTE write must take effect on the very next access all the same.
 */
static void test_aperture(void)
{
    const uint64_t ram = 0x3000000, moved = 0x4000000;
    uint64_t ap_size;
    QPCIBar ap;
    Mvgpu m;

    mvgpu_start(&m, "q35", ",aperture-size=64M");
    mvgpu_map(&m);
    ap = qpci_iomap(m.dev, 2, &ap_size);
    g_assert_cmphex(ap_size, ==, 64 << 20);
    mb_ggtt_map(&m.regs, 0, ram, 32);
    qpci_io_writel(m.dev, ap, 0x0, 0x11111111);
    qpci_io_writel(m.dev, ap, 0x1004, 0x22222222);
    qpci_io_writew(m.dev, ap, 0x1ffe, 0x3344);
    g_assert_cmphex(qtest_readl(m.qts, ram), ==, 0x11111111);
    g_assert_cmphex(qtest_readl(m.qts, ram + 0x1004), ==, 0x22222222);
    g_assert_cmphex(qtest_readw(m.qts, ram + 0x1ffe), ==, 0x3344);
    qtest_writel(m.qts, ram + 0x7000, 0xabcdef01);
    g_assert_cmphex(qpci_io_readl(m.dev, ap, 0x7000), ==, 0xabcdef01);

    /* Move page 1: the next accesses reach the new page. */
    mb_ggtt_map(&m.regs, 1, moved, 1);
    qpci_io_writel(m.dev, ap, 0x1008, 0x55555555);
    g_assert_cmphex(qtest_readl(m.qts, moved + 8), ==, 0x55555555);
    g_assert_cmphex(qtest_readl(m.qts, ram + 0x1008), ==, 0);
    g_assert_cmphex(qpci_io_readl(m.dev, ap, 0x1004), ==, 0);
    /* The pages around it are still where they were. */
    g_assert_cmphex(qpci_io_readl(m.dev, ap, 0x0), ==, 0x11111111);
    g_assert_cmphex(qpci_io_readl(m.dev, ap, 0x7000), ==, 0xabcdef01);

    /* Unmapped: reads 0, writes go nowhere. */
    mb_write64(&m.regs, MVGPU_GGTT_PTE_OFFSET, 0);
    qpci_io_writel(m.dev, ap, 0x0, 0x66666666);
    g_assert_cmphex(qpci_io_readl(m.dev, ap, 0x0), ==, 0);
    g_assert_cmphex(qtest_readl(m.qts, ram), ==, 0x11111111);
    mvgpu_stop(&m);
}

/*
 * Migration (docs/status.md, "Migration"). The destination is a second
 * QEMU started with -incoming. qtest's virtual clock is the test's and is
 * not in the stream (a TCG or KVM guest's is): the test sets the
 * destination's to the source's, as migration does for a real guest.
 */
static void mig_start_dst(Mvgpu *dst)
{
    dst->qts = qtest_initf("-machine q35 -vga none -device mvgpu,addr=02.0,"
                           "id=gpu0,x-engine-thread=sync%s -incoming defer",
                           device_args());
    dst->bus = qpci_new_pc(dst->qts, NULL);
}

/* Waits for QMP's MIGRATION event with @status (events enabled). */
static void mig_wait_status(QTestState *qts, const char *status)
{
    for (;;) {
        QDict *ev = qtest_qmp_eventwait_ref(qts, "MIGRATION");
        const char *st = qdict_get_str(qdict_get_qdict(ev, "data"), "status");
        bool done = !strcmp(st, status);

        g_assert_cmpstr(st, !=, "failed");
        qobject_unref(ev);
        if (done) {
            return;
        }
    }
}

static void mig_events(QTestState *qts)
{
    qtest_qmp_assert_success(qts, "{'execute': 'migrate-set-capabilities',"
                             " 'arguments': {'capabilities': [{"
                             "'capability': 'events', 'state': true}]}}");
}

/* How a migration travels. */
typedef enum MigHow {
    MIG_UNIX,       /* live, over a unix socket */
    MIG_EXEC,       /* through a file written and read by exec: commands */
    MIG_TCP,        /* live, over tcp on the loopback, the port QEMU took */
} MigHow;

/* The port of the destination's tcp listener (QMP query-migrate). */
static char *mig_tcp_listen(QTestState *dst)
{
    QDict *rsp, *addr;
    QList *addrs;
    char *uri;

    qtest_qmp_assert_success(dst, "{'execute': 'migrate-incoming', "
                             "'arguments': {'uri': 'tcp:127.0.0.1:0'}}");
    rsp = qtest_qmp(dst, "{'execute': 'query-migrate'}");
    addrs = qdict_get_qlist(qdict_get_qdict(rsp, "return"), "socket-address");
    g_assert_nonnull(addrs);
    addr = qobject_to(QDict, qlist_peek(addrs));
    uri = g_strdup_printf("tcp:127.0.0.1:%s", qdict_get_str(addr, "port"));
    qobject_unref(rsp);
    return uri;
}

/*
 * @src migrates to a new QEMU, which becomes @src (the old one quits):
 * live over a unix socket or tcp, or through exec: (the source stops
 * first, as for a saved VM).
 */
static void mig_move(Mvgpu *src, MigHow how)
{
    bool exec = how == MIG_EXEC;
    g_autofree char *path = g_strdup_printf("%s/mvgpu-mig-%d.%s",
                                            g_get_tmp_dir(), getpid(),
                                            exec ? "bin" : "sock");
    g_autofree char *out = exec ? g_strdup_printf("exec:cat > %s", path)
                                : g_strdup_printf("unix:%s", path);
    g_autofree char *in = exec ? g_strdup_printf("exec:cat %s", path)
                               : g_strdup(out);
    int64_t now = qtest_clock_step(src->qts, 1);     /* reads it */
    Mvgpu dst;

    mig_start_dst(&dst);
    mig_events(dst.qts);
    if (exec) {
        mig_events(src->qts);
        qtest_qmp_assert_success(src->qts, "{'execute': 'migrate', "
                                 "'arguments': {'uri': %s}}", out);
        mig_wait_status(src->qts, "completed");
    }
    if (how == MIG_TCP) {
        g_free(out);
        out = mig_tcp_listen(dst.qts);
    } else {
        qtest_qmp_assert_success(dst.qts, "{'execute': 'migrate-incoming', "
                                 "'arguments': {'uri': %s}}", in);
    }
    if (!exec) {
        qtest_qmp_assert_success(src->qts, "{'execute': 'migrate', "
                                 "'arguments': {'uri': %s}}", out);
    }
    /*
     * The destination runs once the device state has loaded (QEMU's
     * process_incoming_migration_bh() starts it before "completed").
     */
    mig_wait_status(dst.qts, "completed");
    {
        QDict *rsp = qtest_qmp(dst.qts, "{'execute': 'query-status'}");

        g_assert_true(qdict_get_bool(qdict_get_qdict(rsp, "return"),
                                     "running"));
        qobject_unref(rsp);
    }
    g_unlink(path);
    mvgpu_stop(src);
    qtest_clock_set(dst.qts, now);
    dst.dev = qpci_device_find(dst.bus, QPCI_DEVFN(2, 0));
    g_assert_nonnull(dst.dev);
    *src = dst;
    /* The same BAR address as the source's: libqos allocates the same. */
    mvgpu_map(src);
}

/* A migration of @m the source refuses: it fails, and the source runs on. */
static void mig_refused(Mvgpu *m)
{
    mig_events(m->qts);
    qtest_qmp_assert_success(m->qts, "{'execute': 'migrate', 'arguments': "
                             "{'uri': 'exec:cat > /dev/null'}}");
    for (;;) {
        QDict *ev = qtest_qmp_eventwait_ref(m->qts, "MIGRATION");
        const char *st = qdict_get_str(qdict_get_qdict(ev, "data"), "status");
        bool failed = !strcmp(st, "failed");

        g_assert_cmpstr(st, !=, "completed");
        qobject_unref(ev);
        if (failed) {
            break;
        }
    }
    /*
     * QEMU restarts the source after it reports "failed" (RESUME), unless
     * it had not stopped it yet.
     */
    for (;;) {
        QDict *rsp = qtest_qmp(m->qts, "{'execute': 'query-status'}");
        bool running = qdict_get_bool(qdict_get_qdict(rsp, "return"),
                                      "running");

        qobject_unref(rsp);
        if (running) {
            break;
        }
        qtest_qmp_eventwait(m->qts, "RESUME");
    }
}

/*
 * A context in flight, parked at an MI_SEMAPHORE_WAIT that does not hold
 * yet, completes on the destination once its memory holds, CSB and MSI
 * as without migration (a live migration over a unix socket); a user
 * spinner migrated mid-spin (through exec:, stopped first) ends after the
 * destination's memory write. With backend drm the spinner is on the host
 * GPU, which cannot park it: that migration is refused and the source
 * goes on. Then over tcp, and a user batch on the destination (on its
 * host GPU with backend drm).
 */
static void test_migrate_in_flight(void)
{
    const uint32_t ring[] = {
        MB_SEMAPHORE_WAIT(MB_MI_USE_GGTT | MB_SEMAPHORE_POLL |
                          MB_SEMAPHORE_SAD_EQ_SDD, 1, EX_DATA + 0x10),
        MB_STORE_DWORD_GGTT(EX_DATA, 0x6d160001), MB_MI_USER_INTERRUPT,
        MB_MI_NOOP,
    };
    const uint32_t spin[] = {
        MB_MI_ARB_CHECK, MB_MI_NOOP, MB_BB_START_PPGTT(EX_PPGTT_VA),
    };
    const uint32_t spin_ring[] = {
        MB_BB_START_PPGTT(EX_PPGTT_VA),
        MB_STORE_DWORD_GGTT(EX_DATA + 8, 0x5b1), MB_MI_NOOP,
    };
    const uint32_t store[] = {
        MB_STORE_DWORD_PPGTT(EX_PPGTT_VA + 0x800, 0x7c8),
        MB_MI_BATCH_BUFFER_END,
    };
    const uint32_t store_ring[] = {
        MB_BB_START_PPGTT(EX_PPGTT_VA),
        MB_STORE_DWORD_GGTT(EX_DATA + 0x20, 0x7c9), MB_MI_USER_INTERRUPT,
        MB_MI_NOOP, MB_MI_NOOP, MB_MI_NOOP,
    };
    Mvgpu m;

    mvgpu_start(&m, "q35", "");
    mvgpu_map(&m);
    ex_setup(&m);
    ex_ring(&m, 0, ring, G_N_ELEMENTS(ring));
    ex_context(&m, 0, sizeof(ring));
    ex_submit(&m, 0x31);
    qtest_clock_step(m.qts, 1000 * 1000);
    g_assert_cmphex(qtest_readl(m.qts, EX_RAM + EX_DATA), ==, 0);
    g_assert_cmphex(qtest_readl(m.qts, EX_CSB_STATUS(0)), ==,
                    CSB_IDLE_TO_ACTIVE);
    g_assert_cmphex(qtest_readl(m.qts, EX_CSB_STATUS(1)), ==, 0xffffffff);
    g_assert_true(msi_taken(&m));
    qpci_io_writel(m.dev, m.bar0, GEN8_GT_IIR(0), 0xffffffff);

    mig_move(&m, MIG_UNIX);
    /* Still waiting on the destination, until its memory holds. */
    qtest_clock_step(m.qts, 1000 * 1000);
    g_assert_cmphex(qtest_readl(m.qts, EX_RAM + EX_DATA), ==, 0);
    g_assert_false(msi_taken(&m));
    qtest_writel(m.qts, EX_RAM + EX_DATA + 0x10, 1);
    qtest_clock_step(m.qts, 1000 * 1000);
    g_assert_cmphex(qtest_readl(m.qts, EX_RAM + EX_DATA), ==, 0x6d160001);
    g_assert_cmphex(qtest_readl(m.qts, EX_CTX_SLOT(MVGPU_CTX_RING_HEAD)), ==,
                    sizeof(ring));
    g_assert_cmphex(qtest_readl(m.qts, EX_CSB_STATUS(0)), ==,
                    CSB_IDLE_TO_ACTIVE);
    g_assert_cmphex(qtest_readl(m.qts, EX_CSB_STATUS(1)), ==, EX_CSB_DONE);
    g_assert_cmphex(qtest_readl(m.qts, EX_CSB_CTX_ID(1)), ==, 0x31);
    g_assert_cmphex(qtest_readl(m.qts, EX_CSB_WRITE_PTR), ==, 1);
    g_assert_cmphex(qpci_io_readl(m.dev, m.bar0, GEN8_GT_IIR(0)), ==, 0x101);
    g_assert_true(msi_taken(&m));

    /* The spinner, started and spinning on the (new) source. */
    ex_ppgtt_map(&m, EX_PPGTT_VA, EX_RAM + EX_BATCH);
    mb_put(&m.ram, EX_RAM + EX_BATCH, spin, G_N_ELEMENTS(spin));
    ex_ring(&m, 0x200, spin_ring, G_N_ELEMENTS(spin_ring));
    ex_context(&m, 0x200, 0x200 + sizeof(spin_ring));
    qpci_io_writel(m.dev, m.bar0, GEN8_GT_IIR(0), 0xffffffff);
    ex_submit(&m, 0x32);
    qtest_clock_step(m.qts, 10 * 1000 * 1000);
    g_assert_cmphex(qtest_readl(m.qts, EX_RAM + EX_DATA + 8), ==, 0);
    g_assert_cmphex(qtest_readl(m.qts, EX_CSB_STATUS(2)), ==,
                    CSB_IDLE_TO_ACTIVE);
    g_assert_cmphex(qtest_readl(m.qts, EX_CSB_STATUS(3)), ==, 0xffffffff);
    msi_taken(&m);

    if (backend_drm()) {
        /*
         * On the host GPU the spinner cannot be parked: the save waits
         * for it, then refuses, and the source goes on.
         */
        mig_refused(&m);
        qtest_clock_step(m.qts, 10 * 1000 * 1000);
        g_assert_cmphex(qtest_readl(m.qts, EX_RAM + EX_DATA + 8), ==, 0);
    } else {
        mig_move(&m, MIG_EXEC);
        /* Still spinning on the destination until its CPU ends the batch. */
        qtest_clock_step(m.qts, 10 * 1000 * 1000);
        g_assert_cmphex(qtest_readl(m.qts, EX_RAM + EX_DATA + 8), ==, 0);
        g_assert_cmphex(qtest_readl(m.qts, EX_CSB_STATUS(3)), ==, 0xffffffff);
    }
    mb_write32(&m.ram, EX_RAM + EX_BATCH + 4, MB_MI_BATCH_BUFFER_END);
    ex_wait_csb(&m, 3, EX_CSB_DONE);
    g_assert_cmphex(qtest_readl(m.qts, EX_RAM + EX_DATA + 8), ==, 0x5b1);
    g_assert_cmphex(qtest_readl(m.qts, EX_CSB_STATUS(3)), ==, EX_CSB_DONE);
    g_assert_cmphex(qtest_readl(m.qts, EX_CSB_CTX_ID(3)), ==, 0x32);
    g_assert_true(msi_taken(&m));

    /*
     * Over tcp, then a user batch on the destination: with backend drm
     * it runs on the destination's host GPU, in a host VM made anew.
     */
    mig_move(&m, MIG_TCP);
    mb_put(&m.ram, EX_RAM + EX_BATCH, store, G_N_ELEMENTS(store));
    ex_ring(&m, 0x400, store_ring, G_N_ELEMENTS(store_ring));
    ex_context(&m, 0x400, 0x400 + sizeof(store_ring));
    ex_submit(&m, 0x33);
    ex_wait_csb(&m, 5, EX_CSB_DONE);
    g_assert_cmphex(qtest_readl(m.qts, EX_RAM + EX_BATCH + 0x800), ==, 0x7c8);
    g_assert_cmphex(qtest_readl(m.qts, EX_RAM + EX_DATA + 0x20), ==, 0x7c9);
    g_assert_cmphex(qtest_readl(m.qts, EX_CSB_STATUS(5)), ==, EX_CSB_DONE);
    g_assert_cmphex(qtest_readl(m.qts, EX_CSB_CTX_ID(5)), ==, 0x33);
    if (backend_drm()) {
        g_assert_cmpuint(host_batches(&m), ==, 1);
    }
    mvgpu_stop(&m);
}

/* QEMU with @device loading @path: its exit status and stderr. */
static int run_incoming(const char *device, const char *path, char **err)
{
    const char *qemu = g_getenv("QTEST_QEMU_BINARY");
    g_autofree char *uri = g_strdup_printf("file:%s", path);
    const char *argv[] = {
        "timeout", "60", qemu, "-machine", "q35", "-accel", "qtest",
        "-nodefaults", "-display", "none", "-vga", "none",
        "-device", device, "-incoming", uri, NULL,
    };
    int status = -1;
    g_autoptr(GError) gerr = NULL;

    g_assert_nonnull(qemu);
    g_assert_true(g_spawn_sync(NULL, (char **)argv, NULL,
                               G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL,
                               NULL, NULL, NULL, err, &status, &gerr));
    return status;
}

/* The destination exits with an error naming @needle; it does not crash. */
static void check_incoming_refused(const char *device, const char *path,
                                   const char *needle)
{
    g_autofree char *err = NULL;
    int status = run_incoming(device, path, &err);

    g_assert_true(WIFEXITED(status));
    g_assert_cmpint(WEXITSTATUS(status), ==, 1);
    if (!strstr(err, needle)) {
        g_error("'%s' not in the destination's error: %s", needle, err);
    }
}

/*
 * A saved stream (migrate to file:) is refused by a destination with
 * another configuration, and when it is truncated or corrupt, with a
 * message; the destination exits, never crashes.
 */
static void test_migrate_refused(void)
{
    g_autofree char *path = g_strdup_printf("%s/mvgpu-mig-%d.bin",
                                            g_get_tmp_dir(), getpid());
    g_autofree char *bad = g_strdup_printf("%s.bad", path);
    g_autofree char *uri = g_strdup_printf("file:%s", path);
    g_autofree char *data = NULL;
    /* device-id, aperture-size, xmax, ymax of the default device, BE. */
    const uint8_t config[] = {
        0, 0, 0x59, 0x12, 0, 0, 0, 0, 0x10, 0, 0, 0,
        0, 0, 0x10, 0, 0, 0, 0x08, 0x70,
    };
    const char *dev = "mvgpu,addr=02.0";
    gsize len;
    char *at;
    Mvgpu m;

    if (backend_drm()) {
        g_test_skip("backend drm blocks migration");
        return;
    }
    /* The machine run_incoming() starts: no default devices. */
    mvgpu_start(&m, "q35", " -nodefaults");
    mvgpu_map(&m);
    ex_setup(&m);
    mig_events(m.qts);
    qtest_qmp_assert_success(m.qts, "{'execute': 'migrate', "
                             "'arguments': {'uri': %s}}", uri);
    mig_wait_status(m.qts, "completed");
    mvgpu_stop(&m);
    g_assert_true(g_file_get_contents(path, &data, &len, NULL));
    at = memmem(data, len, config, sizeof(config));
    g_assert_nonnull(at);

    check_incoming_refused("mvgpu,addr=02.0,device-id=0x5916", path,
                           "the source has device-id=0x5912");
    check_incoming_refused("mvgpu,addr=02.0,aperture-size=512M", path,
                           "aperture-size");

    /* Truncated inside the device's state. */
    g_assert_true(g_file_set_contents(bad, data, at - data + 4096, NULL));
    check_incoming_refused(dev, bad, "load of migration failed");

    /* The register file's length: refused before anything is allocated. */
    memset(at + sizeof(config) + 4, 0xff, 4);
    g_assert_true(g_file_set_contents(bad, data, len, NULL));
    check_incoming_refused(dev, bad, "register file of 4294967295 bytes");
    memset(at + sizeof(config) + 4, 0, 4);
    at[sizeof(config) + 5] = 0x20;

    /* A device-id the stream was not made with. */
    at[2] = 0x19;
    g_assert_true(g_file_set_contents(bad, data, len, NULL));
    check_incoming_refused(dev, bad, "the source has device-id=0x1912");
    g_unlink(bad);
    g_unlink(path);
}

static void test_introspect(void)
{
    QTestState *qts = qtest_init("-machine none");
    QDict *resp = qtest_qmp(qts, "{'execute': 'device-list-properties', "
                            "'arguments': {'typename': 'mvgpu'}}");
    QList *props = qdict_get_qlist(resp, "return");
    QListEntry *e;
    bool has_id = false, has_ap = false;

    g_assert_nonnull(props);
    QLIST_FOREACH_ENTRY(props, e) {
        const char *name = qdict_get_str(qobject_to(QDict, e->value), "name");

        has_id |= !strcmp(name, "device-id");
        has_ap |= !strcmp(name, "aperture-size");
    }
    g_assert_true(has_id && has_ap);
    qobject_unref(resp);
    qtest_quit(qts);
}

/* Starts QEMU with @device and returns its exit status and stderr. */
static int run_qemu(const char *device, char **err)
{
    const char *qemu = g_getenv("QTEST_QEMU_BINARY");
    const char *argv[] = {
        "timeout", "60", qemu, "-machine", "q35", "-accel", "qtest",
        "-nodefaults", "-display", "none", "-vga", "none",
        "-device", device, NULL,
    };
    int status = -1;
    g_autoptr(GError) gerr = NULL;

    g_assert_nonnull(qemu);
    g_assert_true(g_spawn_sync(NULL, (char **)argv, NULL,
                               G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL,
                               NULL, NULL, NULL, err, &status, &gerr));
    return status;
}

static void check_rejected(const char *device, const char *const *needles)
{
    g_autofree char *err = NULL;
    int status = run_qemu(device, &err);

    g_assert_true(WIFEXITED(status));
    g_assert_cmpint(WEXITSTATUS(status), ==, 1);
    for (; *needles; needles++) {
        if (!strstr(err, *needles)) {
            g_error("'%s' not in QEMU's error: %s", *needles, err);
        }
    }
}

static void test_bad_properties(void)
{
    const char *const bad_id[] = {
        "device-id 0x1234 is not a supported Gen9 GT2 device",
        "accepted:", "0x5912", "0x1912", NULL,
    };
    const char *const bad_ap[] = {
        "aperture-size", "power of two from 64M to 1G", NULL,
    };
    const char *const bad_backend[] = {
        "backend 'gpu' is not known; accepted: soft, drm", NULL,
    };
    const char *const bad_rec[] = {
        "x-record", "'/nonexistent/mvgpu' is not a writable directory", NULL,
    };
    const char *const bad_thread[] = {
        "x-engine-thread 'maybe' is not known; accepted: on, off, sync", NULL,
    };
    const char *const bad_cursor[] = {
        "cursor 'sprite' is not known; use cursor=frame", "cursor=pointer",
        NULL,
    };

    check_rejected("mvgpu,device-id=0x1234", bad_id);
    check_rejected("mvgpu,aperture-size=96M", bad_ap);
    check_rejected("mvgpu,aperture-size=2G", bad_ap);
    check_rejected("mvgpu,aperture-size=32M", bad_ap);
    check_rejected("mvgpu,x-record=/nonexistent/mvgpu", bad_rec);
    check_rejected("mvgpu,backend=gpu", bad_backend);
    check_rejected("mvgpu,x-engine-thread=maybe", bad_thread);
    check_rejected("mvgpu,cursor=sprite", bad_cursor);
}

/*
 * The OpRegion reaches the firmware as fw_cfg etc/igd-opregion with its
 * VBT at 0x400 (core/opregion.c); opregion=off offers none; two devices
 * share the one file (the firmware gives each Intel VGA device a copy).
 */
static void test_opregion(void)
{
    g_autofree uint8_t *buf = g_malloc0(0x2000);
    QTestState *qts;
    QFWCFG *fw;

    qts = qtest_init("-machine q35 -vga none -device mvgpu,addr=02.0");
    fw = pc_fw_cfg_init(qts);
    g_assert_cmpuint(qfw_cfg_get_file(fw, "etc/igd-opregion", buf, 0x2000),
                     ==, 0x2000);
    g_assert_cmpmem(buf, 16, "IntelGraphicsMem", 16);
    g_assert_cmpmem(buf + 0x400, 4, "$VBT", 4);
    pc_fw_cfg_uninit(fw);
    qtest_quit(qts);

    qts = qtest_init("-machine q35 -vga none "
                     "-device mvgpu,addr=02.0,opregion=off");
    fw = pc_fw_cfg_init(qts);
    g_assert_cmpuint(qfw_cfg_get_file(fw, "etc/igd-opregion", buf, 0x2000),
                     ==, 0);
    pc_fw_cfg_uninit(fw);
    qtest_quit(qts);

    qts = qtest_init("-machine q35 -vga none -device mvgpu,addr=02.0 "
                     "-device mvgpu,addr=03.0");
    fw = pc_fw_cfg_init(qts);
    g_assert_cmpuint(qfw_cfg_get_file(fw, "etc/igd-opregion", buf, 0x2000),
                     ==, 0x2000);
    g_assert_cmpmem(buf + 0x400, 4, "$VBT", 4);
    pc_fw_cfg_uninit(fw);
    qtest_quit(qts);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    if (!qtest_has_device("mvgpu")) {
        return g_test_run();
    }
    qtest_add_func("/mvgpu/identity", test_identity);
    qtest_add_func("/mvgpu/bars", test_bars);
    qtest_add_func("/mvgpu/capabilities", test_capabilities);
    qtest_add_func("/mvgpu/gmch-asls", test_gmch_and_asls);
    qtest_add_func("/mvgpu/pvinfo", test_pvinfo);
    qtest_add_func("/mvgpu/register-semantics", test_register_semantics);
    qtest_add_func("/mvgpu/aux-dpcd-and-edid", test_aux_dpcd_and_edid);
    qtest_add_func("/mvgpu/vblank-msi", test_vblank_msi);
    qtest_add_func("/mvgpu/random-walk", test_random_walk);
    qtest_add_func("/mvgpu/scanout-formats", test_scanout_formats);
    qtest_add_func("/mvgpu/scanout-bad-pte", test_scanout_bad_pte);
    qtest_add_func("/mvgpu/scanout-sprite", test_scanout_sprite);
    qtest_add_func("/mvgpu/scanout-cursor", test_scanout_cursor);
    qtest_add_func("/mvgpu/flip-done", test_flip_done);
    qtest_add_func("/mvgpu/aperture", test_aperture);
    qtest_add_func("/mvgpu/two-devices", test_two_devices);
    qtest_add_func("/mvgpu/execlist-submission", test_execlist_submission);
    qtest_add_func("/mvgpu/execlist-spin-and-reset",
                   test_execlist_spin_and_reset);
    qtest_add_func("/mvgpu/migrate/in-flight", test_migrate_in_flight);
    qtest_add_func("/mvgpu/migrate/refused", test_migrate_refused);
    qtest_add_func("/mvgpu/introspect", test_introspect);
    if (g_test_perf()) {
        qtest_add_func("/mvgpu/perf/blit-stall", test_perf_blit_stall);
        qtest_add_func("/mvgpu/perf/submit-latency",
                       test_perf_submit_latency);
    }
    qtest_add_func("/mvgpu/bad-properties", test_bad_properties);
    qtest_add_func("/mvgpu/opregion", test_opregion);
    return g_test_run();
}
