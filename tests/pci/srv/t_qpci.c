/*
 * t_qpci: the init server of the QEMU PCI test (tests/pci/pci.test). Its
 * machine requirement is the PC server, loaded through main.cfg; checks that
 * the PCI bus server came up with a driver for the RTL8139 that read its
 * configuration space, and writes through the serial driver (chardev).
 * MSI end to end on QEMU's e1000e (82574L), which has no driver here: a
 * handler attached through pcidev.attach_msi (the PCI bus server programs
 * the capability, the kernel gives a vector of its local APIC) must be
 * called for a link-status cause the test sets in the device itself.
 * Then MSI-X on the same function: the bus server writes the table in BAR 3
 * (pcidev.attach_msix), the cause goes to the vector the device's IVAR
 * names for "other" causes, and only that entry's handler is called.
 */
#include <bss/server.h>
#include "tests/harness/tcheck.h"
#include <svc/chardev.h>
#include <svc/irqhandler.h>
#include <svc/irqline.h>
#include <svc/mmio.h>
#include <svc/timer.h>
#include <svc/exec.h>
#include <svc/machine.h>
#include <svc/pcibus.h>
#include <svc/pcidev.h>
#include <svc/probe.h>

struct tq {
	unsigned failed;
};

BSS_SERVER(EXEC, struct tq, tq, BSS_REQUIRES(MACHINE_SVC_ID, PROBE_SVC_ID, TIMER_SVC_ID));

static void check(struct tq *t, const char *name, bool ok, const char *why)
{
	tresult(&t->failed, name, ok, why);
}

/* 82574L registers (Intel's datasheet, 10.2): cause read (clears), set, mask set */
#define E1000_ICR 0xc0
#define E1000_ICS 0xc8
#define E1000_IMS 0xd0
#define E1000_IMC 0xd8
#define E1000_ICR_LSC 0x4
#define E1000_ICR_OTHER 0x01000000 /* MSI-X: any cause not of a queue */
#define E1000_IVAR 0xe4		   /* cause -> MSI-X vector: "other" in bits 19:16 */
#define E1000_IVAR_OTHER(v) ((0x8u | (v)) << 16)

struct msi_probe {
	bss_ref_t bar0;
	uint32_t calls, icr;
};
static struct msi_probe probe;

BSS_LOCAL_SERVER(msi_handler, IRQHANDLER, struct msi_probe, mh);

uint32_t mh_handle(struct msi_probe *p, uint32_t line)
{
	(void)line;
	p->calls++;
	uint32_t icr = mmio_read32(p->bar0, E1000_ICR); /* acknowledges the cause */

	/* in MSI-X mode reading may leave it set: write-1-to-clear then */
	mmio_write32(p->bar0, E1000_ICR, icr);
	p->icr |= icr;
	return 1;
}

static void msix_check(struct tq *t, bss_ref_t dev);

/* attach_msi on the e1000e at function i, one cause raised, the handler called */
static void msi_check(struct tq *t, bss_ref_t dev)
{
	bss_ref_t self = bss_keep(bss_local(&msi_handler, &probe));

	probe.bar0 = bss_keep(pcidev_bar_mmio(dev, 0));
	pcidev_bus_master(dev, 1); /* a message is a memory write of the function's */
	mmio_write32(probe.bar0, E1000_IMC, 0xffffffffu);
	mmio_read32(probe.bar0, E1000_ICR);
	bss_ref_t line = bss_keep(pcidev_attach_msi(dev, self));
	uint64_t msg = irqline_msi(line);
	uint32_t cap = pcidev_cfg_read(dev, 0x34, 1);

	while (cap >= 0x40 && pcidev_cfg_read(dev, cap, 1) != 0x05) /* the MSI capability */
		cap = pcidev_cfg_read(dev, cap + 1, 1);
	uint32_t ctrl = cap >= 0x40 ? pcidev_cfg_read(dev, cap + 2, 2) : 0;

	check(t, "qemu-msi-programmed",
	      (ctrl & 1) && pcidev_cfg_read(dev, cap + 4, 4) == (uint32_t)msg &&
		      (pcidev_cfg_read(dev, 4, 2) & 0x400),
	      "MSI not enabled with the kernel's message, or INTx still on");
	mmio_write32(probe.bar0, E1000_IMS, E1000_ICR_LSC);
	mmio_write32(probe.bar0, E1000_ICS, E1000_ICR_LSC);
	for (int i = 0; i < 100 && !probe.calls; i++)
		timer_sleep_us(BSS_REQ(2), 1000);
	check(t, "qemu-msi-delivered",
	      probe.calls == 1 && (probe.icr & E1000_ICR_LSC) && irqline_count(line) == 1,
	      "the handler was not called once for the cause, through its MSI line");
	bss_printf("MSI: vector %u, handler called %u times, ICR %x\n", (unsigned)(msg >> 32),
		   probe.calls, probe.icr);
	/* a message that comes while the line is masked is held, and taken at unmask */
	irqline_mask(line);
	mmio_write32(probe.bar0, E1000_ICS, E1000_ICR_LSC);
	timer_sleep_us(BSS_REQ(2), 20000);
	uint32_t held = probe.calls;
	irqline_unmask(line);
	for (int i = 0; i < 100 && probe.calls < 2; i++)
		timer_sleep_us(BSS_REQ(2), 1000);
	check(t, "qemu-msi-masked-held-then-delivered",
	      held == 1 && probe.calls == 2 && irqline_count(line) == 2,
	      "called while masked, or not once at unmask");
	mmio_write32(probe.bar0, E1000_IMC, 0xffffffffu);
	pcidev_disable_msi(dev);
	check(t, "qemu-msi-disabled",
	      !(pcidev_cfg_read(dev, cap + 2, 2) & 1) && !(pcidev_cfg_read(dev, 4, 2) & 0x400),
	      "MSI still on, or INTx still off");
	bss_release(line);
	bss_release(self);
	msix_check(t, dev);
}

static struct msi_probe rx_probe, other_probe;

static bool msix_masked(bss_ref_t tab, uint32_t entry)
{
	return mmio_read32(tab, entry * 16 + 12) & 1;
}

/* attach_msix for the entries e1000e uses for RX (0) and other causes (2) */
static void msix_check(struct tq *t, bss_ref_t dev)
{
	bss_ref_t rx = bss_keep(bss_local(&msi_handler, &rx_probe));
	bss_ref_t other = bss_keep(bss_local(&msi_handler, &other_probe));
	bss_ref_t tab = bss_keep(pcidev_bar_mmio(dev, 3)); /* QEMU's table: BAR 3, offset 0 */

	rx_probe.bar0 = other_probe.bar0 = probe.bar0;
	mmio_write32(probe.bar0, E1000_IMC, 0xffffffffu);
	mmio_write32(probe.bar0, E1000_ICR, mmio_read32(probe.bar0, E1000_ICR));
	bss_ref_t l0 = bss_keep(pcidev_attach_msix(dev, 0, rx));
	bss_ref_t l2 = bss_keep(pcidev_attach_msix(dev, 2, other));
	uint64_t msg = irqline_msi(l2);
	uint32_t cap = pcidev_cfg_read(dev, 0x34, 1);

	while (cap >= 0x40 && pcidev_cfg_read(dev, cap, 1) != 0x11) /* the MSI-X capability */
		cap = pcidev_cfg_read(dev, cap + 1, 1);
	uint32_t ctrl = cap >= 0x40 ? pcidev_cfg_read(dev, cap + 2, 2) : 0;

	check(t, "qemu-msix-programmed",
	      (ctrl & 0xc000) == 0x8000 && mmio_read32(tab, 2 * 16) == (uint32_t)msg &&
		      mmio_read32(tab, 2 * 16 + 8) == (uint32_t)(msg >> 32) &&
		      !msix_masked(tab, 0) && msix_masked(tab, 1) && !msix_masked(tab, 2) &&
		      (pcidev_cfg_read(dev, 4, 2) & 0x400) && irqline_msi(l0) != msg,
	      "MSI-X not enabled, entry 2 not the kernel's message, or masks/INTx wrong");
	mmio_write32(probe.bar0, E1000_IVAR, E1000_IVAR_OTHER(2));
	mmio_write32(probe.bar0, E1000_IMS, E1000_ICR_LSC | E1000_ICR_OTHER);
	mmio_write32(probe.bar0, E1000_ICS, E1000_ICR_LSC);
	for (int i = 0; i < 100 && !other_probe.calls; i++)
		timer_sleep_us(BSS_REQ(2), 1000);
	timer_sleep_us(BSS_REQ(2), 5000);
	check(t, "qemu-msix-delivered",
	      other_probe.calls == 1 && (other_probe.icr & E1000_ICR_LSC) && !rx_probe.calls &&
		      irqline_count(l2) == 1 && !irqline_count(l0),
	      "the other-causes handler was not called once on its vector, or RX's was");
	bss_printf("MSI-X: vector %u, handler called %u times (RX's %u), ICR %x\n",
		   (unsigned)(msg >> 32), other_probe.calls, rx_probe.calls, other_probe.icr);
	/* a detached entry is masked: its cause is held in the device */
	pcidev_detach_msix(dev, 2);
	mmio_write32(probe.bar0, E1000_ICS, E1000_ICR_LSC);
	timer_sleep_us(BSS_REQ(2), 20000);
	check(t, "qemu-msix-detached-masked", msix_masked(tab, 2) && other_probe.calls == 1,
	      "entry 2 not masked, or its handler called after detach_msix");
	mmio_write32(probe.bar0, E1000_IMC, 0xffffffffu);
	mmio_write32(probe.bar0, E1000_ICR, mmio_read32(probe.bar0, E1000_ICR));
	pcidev_disable_msix(dev);
	check(t, "qemu-msix-disabled",
	      !(pcidev_cfg_read(dev, cap + 2, 2) & 0x8000) &&
		      !(pcidev_cfg_read(dev, 4, 2) & 0x400) && msix_masked(tab, 0),
	      "MSI-X still on, an entry unmasked, or INTx still off");
	bss_release(l0);
	bss_release(l2);
	bss_release(rx);
	bss_release(other);
	bss_release(tab);
}

static bss_ref_t device(const char *name)
{
	volatile bss_ref_t h = 0;
	struct bss_try t;

	BSS_TRY(t)
	{
		h = machine_device(BSS_REQ(0), name, (uint32_t)strlen(name));
	}
	BSS_CATCH(t)
	{
		h = 0;
	}
	return h;
}

static bss_ref_t driver_of(bss_ref_t bus, uint32_t i)
{
	volatile bss_ref_t d = 0;
	struct bss_try t;

	BSS_TRY(t)
	{
		d = pcibus_driver(bus, i);
	}
	BSS_CATCH(t)
	{
		d = 0;
	}
	return d;
}

static uint32_t count(const char *s)
{
	return probe_count(BSS_REQ(1), s, (uint32_t)strlen(s));
}

uint32_t tq_main(struct tq *t)
{
	bss_ref_t com1 = device("com1"), bus = device("pci");

	check(t, "qemu-serial-driver", com1 != 0, "no driver for com1");
	if (com1)
		chardev_write(com1, "SERIAL: hello from the serial driver\n", 37);
	check(t, "qemu-pci-bus", bus != 0, "no PCI bus server");
	if (!bus)
		return t->failed;
	uint32_t n = pcibus_count(bus), rtl = 0, drivers = 0, e1000e = 0;
	for (uint32_t i = 0; i < n; i++) {
		if ((pcidev_ids(pcibus_dev(bus, i)) & 0xffffffffu) == 0x813910ecu)
			rtl += driver_of(bus, i) != 0;
		if ((pcidev_ids(pcibus_dev(bus, i)) & 0xffffffffu) == 0x10d38086u && !e1000e++)
			msi_check(t, pcibus_dev(bus, i));
		drivers += driver_of(bus, i) != 0;
	}
	check(t, "qemu-rtl8139-driver", rtl == 1 && drivers == 1,
	      "not exactly the rtl8139's driver");
	check(t, "qemu-msi-e1000e-found", e1000e == 1, "no e1000e function");
	check(t, "qemu-driver-read-config-space", count("cfgdrv cfg 813910ec") == 1,
	      "the driver did not read 10ec:8139 through its pcidev");
	return t->failed;
}
