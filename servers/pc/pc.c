/*
 * pc: the PC platform server (thesis 4.3). It knows where the standard
 * devices of a PC sit (I/O port ranges fixed since the IBM PC/AT) and asks
 * the driver database for a driver for each, handing it its port range:
 * which server drives a device is the configuration's business.
 */
#include <bss/server.h>
#include <svc/driverdb.h>
#include <svc/ioport.h>
#include <svc/iospace.h>
#include <svc/machine.h>

#define REQ_IOSPACE BSS_REQ(0)
#define REQ_DRIVERDB BSS_REQ(1)

struct pcdev {
	const char *name;
	uint16_t base, count;
	bool (*present)(bss_ref_t ports);
};

static bool pci_present(bss_ref_t ports);

static const struct pcdev devices[] = {
	{ "com1", 0x3f8, 8, NULL },
	{ "pit", 0x40, 4, NULL },
	{ "rtc", 0x70, 2, NULL },
	{ "pci", 0xcf8, 8, pci_present },
};

#define NDEV (sizeof(devices) / sizeof(devices[0]))

struct pc {
	bss_ref_t driver[NDEV]; /* permanent, or 0 */
};

static void pc_init(struct pc *pc);

BSS_SERVER(MACHINE, struct pc, pc, .ctor = BSS_CTOR(pc_init),
	   BSS_REQUIRES(IOSPACE_SVC_ID, DRIVERDB_SVC_ID));

/* Configuration mechanism #1 answers: the address register keeps what was
 * written to it (the old value is restored). */
static bool pci_present(bss_ref_t ports)
{
	uint32_t old = ioport_in32(ports, 0);

	ioport_out32(ports, 0, 0x80000000u);
	bool yes = ioport_in32(ports, 0) == 0x80000000u;
	ioport_out32(ports, 0, old);
	return yes;
}

static bss_ref_t request(const struct pcdev *d)
{
	volatile bss_ref_t h = 0;
	struct bss_try t;

	BSS_TRY(t) {
		bss_ref_t ports = iospace_region(REQ_IOSPACE, d->base, d->count);
		if (!d->present || d->present(ports))
			h = driverdb_device(REQ_DRIVERDB, d->name, (uint32_t)strlen(d->name),
					    IOPORT_SVC_ID, ports);
		else
			bss_printf("PC: %s: absent\n", d->name);
	} BSS_CATCH(t) {
		if (t.err.id == BSS_E_UNRESOLVED && strstr(t.err.msg, ": no driver for "))
			bss_printf("PC: %s: no driver configured\n", d->name);
		else
			bss_printf("PC: %s: driver failed: %s\n", d->name, t.err.msg);
	}
	return h;
}

static void pc_init(struct pc *pc)
{
	for (unsigned i = 0; i < NDEV; i++) {
		bss_ref_t h = request(&devices[i]);
		if (h) {
			pc->driver[i] = bss_keep(h);
			bss_printf("PC: %s: driver loaded (ports 0x%x/%u)\n", devices[i].name,
				   devices[i].base, devices[i].count);
		}
	}
}

bss_ref_t pc_device(struct pc *pc, const void *name, uint32_t len)
{
	for (unsigned i = 0; i < NDEV; i++)
		if (strlen(devices[i].name) == len && !memcmp(devices[i].name, name, len)) {
			if (!pc->driver[i])
				break;
			return pc->driver[i];
		}
	bss_throw(BSS_E_UNRESOLVED, 2, "pc: no driver for that device");
}
