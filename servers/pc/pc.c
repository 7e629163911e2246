/*
 * pc: the PC platform server (thesis 4.3). It knows where the standard
 * devices of a PC sit (I/O ports, memory and interrupt lines fixed since
 * the IBM PC/AT) and asks the driver database for a driver for each,
 * handing it the device as a pcdev local server: which server drives a
 * device is the configuration's business. The PIT is the kernel's tick and
 * gets no driver; the PCI bus driver gets its configuration ports.
 */
#include "pc.h"

#include <svc/driverdb.h>
#include <svc/ioport.h>
#include <svc/iospace.h>
#include <svc/irq.h>
#include <svc/machine.h>
#include <svc/mmio.h>
#include <svc/mmiospace.h>
#include <svc/pcdev.h>

static bool kbd_present(const struct pcdev_info *d);
static bool vga_present(const struct pcdev_info *d);
static bool pci_present(const struct pcdev_info *d);

static const struct pcdev_info devices[] = {
	{"kbd", 0x60, 5, 0, 0, 1, BY_DRIVER, kbd_present},
	{"vga", 0x3c0, 32, 0xb8000, 0x8000, NO_IRQ, BY_DRIVER, vga_present},
	{"com1", 0x3f8, 8, 0, 0, 4, BY_DRIVER, NULL},
	{"pit", 0x40, 4, 0, 0, 0, BY_KERNEL, NULL},
	{"rtc", 0x70, 2, 0, 0, 8, BY_DRIVER, NULL},
	{"pci", 0xcf8, 8, 0, 0, NO_IRQ, BY_BUS, pci_present},
};

#define NDEV (sizeof(devices) / sizeof(devices[0]))

struct pc {
	struct pcdev_obj dev[NDEV];
};

static void pc_init(struct pc *pc);

BSS_SERVER(MACHINE, struct pc, pc, .ctor = BSS_CTOR(pc_init),
	   BSS_REQUIRES(IOSPACE_SVC_ID, DRIVERDB_SVC_ID, MMIOSPACE_SVC_ID, IRQ_SVC_ID));

/* An i8042 keyboard controller: its status register does not float high. */
static bool kbd_present(const struct pcdev_info *d)
{
	bss_ref_t ports = iospace_region(REQ_IOSPACE, d->port, d->nports);
	bool yes = ioport_in8(ports, 4) != 0xff;

	bss_release(ports);
	return yes;
}

/* Text memory keeps what is written to it (a cell of the hidden second page). */
static bool vga_present(const struct pcdev_info *d)
{
	bss_ref_t mem = mmiospace_region(REQ_MMIOSPACE, d->mem, d->memsize);
	uint32_t off = d->memsize - 2, old = mmio_read16(mem, off);

	mmio_write16(mem, off, 0xa55a);
	bool yes = mmio_read16(mem, off) == 0xa55a;
	mmio_write16(mem, off, old);
	bss_release(mem);
	return yes;
}

/* Configuration mechanism #1 answers: the address register keeps what was
 * written to it (the old value is restored). */
static bool pci_present(const struct pcdev_info *d)
{
	bss_ref_t ports = iospace_region(REQ_IOSPACE, d->port, d->nports);
	uint32_t old = ioport_in32(ports, 0);

	ioport_out32(ports, 0, 0x80000000u);
	bool yes = ioport_in32(ports, 0) == 0x80000000u;
	ioport_out32(ports, 0, old);
	bss_release(ports);
	return yes;
}

static bool present(const struct pcdev_info *d)
{
	volatile bool yes = false;
	struct bss_try t;

	if (!d->present)
		return true;
	BSS_TRY(t)
	{
		yes = d->present(d);
	}
	BSS_CATCH(t)
	{
		bss_printf("PC: %s: cannot probe: %s\n", d->name, t.err.msg);
		yes = false;
	}
	return yes;
}

/* A new instance of the device's driver from the driver database, or 0 (said why). */
static bss_ref_t request(struct pcdev_obj *o)
{
	const struct pcdev_info *d = o->info;
	volatile bss_ref_t h = 0;
	struct bss_try t;

	BSS_TRY(t)
	{
		uint32_t len = (uint32_t)strlen(d->name);
		if (d->owner == BY_BUS)
			h = driverdb_device(REQ_DRIVERDB, d->name, len, IOPORT_SVC_ID,
					    iospace_region(REQ_IOSPACE, d->port, d->nports));
		else
			h = driverdb_device(REQ_DRIVERDB, d->name, len, PCDEV_SVC_ID,
					    pcdev_local(o));
	}
	BSS_CATCH(t)
	{
		if (t.err.id == BSS_E_UNRESOLVED && strstr(t.err.msg, ": no driver for ")) {
			bss_printf("PC: %s: no driver configured\n", d->name);
			o->state = ST_NONE;
		} else {
			bss_printf("PC: %s: driver failed: %s\n", d->name, t.err.msg);
			o->state = ST_FAILED;
		}
	}
	return h;
}

static void pc_init(struct pc *pc)
{
	for (unsigned i = 0; i < NDEV; i++) {
		struct pcdev_obj *o = &pc->dev[i];
		const struct pcdev_info *d = &devices[i];

		o->info = d;
		if (d->owner == BY_KERNEL) {
			o->state = ST_KERNEL;
			bss_printf("PC: %s: the kernel's (ports 0x%x/%u, irq %u)\n", d->name,
				   d->port, d->nports, d->irq);
			continue;
		}
		if (!present(d)) {
			o->state = ST_ABSENT;
			bss_printf("PC: %s: absent\n", d->name);
			continue;
		}
		bss_ref_t h = request(o);
		if (h) {
			o->driver = bss_keep(h);
			o->state = ST_DRIVER;
			bss_printf("PC: %s: driver loaded (ports 0x%x/%u)\n", d->name, d->port,
				   d->nports);
		}
	}
}

static struct pcdev_obj *find(struct pc *pc, const void *name, uint32_t len)
{
	for (unsigned i = 0; i < NDEV; i++)
		if (strlen(devices[i].name) == len && !memcmp(devices[i].name, name, len))
			return &pc->dev[i];
	bss_throw(BSS_E_UNRESOLVED, ENOENT, "pc: no such device");
}

static const char *const state_name[] = {"none", "driver", "absent", "kernel", "failed"};

bss_ref_t pc_device(struct pc *pc, const void *name, uint32_t len)
{
	struct pcdev_obj *o = find(pc, name, len);

	if (o->state == ST_KERNEL)
		bss_throw(BSS_E_UNRESOLVED, ENOENT, "pc: the kernel drives that device itself");
	if (!o->driver)
		bss_throw(BSS_E_UNRESOLVED, ENOENT, "pc: no driver for that device");
	return o->driver;
}

uint32_t pc_list(struct pc *pc, void *buf, uint32_t n)
{
	uint32_t at = 0;

	for (unsigned i = 0; i < NDEV; i++) {
		const struct pcdev_info *d = &devices[i];
		char l[96];
		int k = bss_snprintf(l, sizeof(l), "%s ports 0x%x/%u", d->name, d->port, d->nports);
		if (d->memsize)
			k += bss_snprintf(l + k, sizeof(l) - (size_t)k, " mem 0x%x/%u", d->mem,
					  d->memsize);
		if (d->irq != NO_IRQ)
			k += bss_snprintf(l + k, sizeof(l) - (size_t)k, " irq %u", d->irq);
		k += bss_snprintf(l + k, sizeof(l) - (size_t)k, " %s\n",
				  state_name[pc->dev[i].state]);
		if (n - at < (uint32_t)k)
			break;
		memcpy((char *)buf + at, l, (size_t)k);
		at += (uint32_t)k;
	}
	return at;
}

bss_ref_t pc_reload(struct pc *pc, const void *name, uint32_t len)
{
	struct pcdev_obj *o = find(pc, name, len);
	const char *nm = o->info->name;

	if (o->state == ST_KERNEL)
		bss_throw(BSS_E_INVAL, EBUSY, "pc: the kernel drives that device itself");
	if (o->state == ST_ABSENT)
		bss_throw(BSS_E_UNRESOLVED, ENOENT, "pc: that device is absent");
	if (o->info->owner == BY_BUS)
		bss_throw(BSS_E_INVAL, EBUSY,
			  "pc: a bus is not reloaded: its drivers serve their users (the network "
			  "stacks), and a second bus server would start second drivers on the same "
			  "devices");
	bss_ref_t h = request(o);
	if (!h) {
		if (o->driver)
			o->state = ST_DRIVER; /* the old driver stays */
		bss_throw(BSS_E_UNRESOLVED, ENOENT,
			  "pc: the new driver did not load (see the log)");
	}
	if (o->driver)
		bss_release(o->driver);
	o->driver = bss_keep(h);
	o->state = ST_DRIVER;
	bss_printf("PC: %s: driver reloaded\n", nm);
	return o->driver;
}
