/*
 * t_qpci: the init server of the QEMU PCI test (tests/pci/pci.test). Its
 * machine requirement is the PC server, loaded through main.cfg; checks that
 * the PCI bus server came up with a driver for the RTL8139 that read its
 * configuration space, and writes through the serial driver (chardev).
 */
#include <bss/server.h>
#include "tests/harness/tcheck.h"
#include <svc/chardev.h>
#include <svc/exec.h>
#include <svc/machine.h>
#include <svc/pcibus.h>
#include <svc/pcidev.h>
#include <svc/probe.h>

struct tq {
	unsigned failed;
};

BSS_SERVER(EXEC, struct tq, tq, BSS_REQUIRES(MACHINE_SVC_ID, PROBE_SVC_ID));

static void check(struct tq *t, const char *name, bool ok, const char *why)
{
	tresult(&t->failed, name, ok, why);
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
	uint32_t n = pcibus_count(bus), rtl = 0, drivers = 0;
	for (uint32_t i = 0; i < n; i++) {
		if ((pcidev_ids(pcibus_dev(bus, i)) & 0xffffffffu) == 0x813910ecu)
			rtl += driver_of(bus, i) != 0;
		drivers += driver_of(bus, i) != 0;
	}
	check(t, "qemu-rtl8139-driver", rtl == 1 && drivers == 1,
	      "not exactly the rtl8139's driver");
	check(t, "qemu-driver-read-config-space", count("cfgdrv cfg 813910ec") == 1,
	      "the driver did not read 10ec:8139 through its pcidev");
	return t->failed;
}
