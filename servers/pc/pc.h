/*
 * The PC server's devices: the standard components of a PC at the places
 * the IBM PC/AT fixed (docs/pc-hardware.md), shared by pc.c (requesting
 * their drivers) and pcdev.c (what a driver gets: the pcdev local server).
 */
#ifndef SERVERS_PC_PC_H
#define SERVERS_PC_PC_H

#include <bss/server.h>

#define REQ_IOSPACE BSS_REQ(0)
#define REQ_DRIVERDB BSS_REQ(1)
#define REQ_MMIOSPACE BSS_REQ(2)
#define REQ_IRQ BSS_REQ(3)

#define NO_IRQ 0xffffffffu

enum pcdev_owner {
	BY_DRIVER, /* a driver from the driver database gets a pcdev */
	BY_BUS,	   /* a bus driver (PCI) gets its port range as an ioport */
	BY_KERNEL, /* the kernel drives it itself: no driver is requested */
};

struct pcdev_info {
	const char *name;
	uint16_t port, nports;
	uint32_t mem, memsize;
	uint32_t irq;
	enum pcdev_owner owner;
	bool (*present)(const struct pcdev_info *d);
};

enum dev_state { ST_NONE, ST_DRIVER, ST_ABSENT, ST_KERNEL, ST_FAILED };

struct pcdev_obj {
	const struct pcdev_info *info;
	bss_ref_t self;	  /* permanent reference to the local server, once made */
	bss_ref_t driver; /* permanent, or 0 */
	enum dev_state state;
};

/* pcdev.c */
bss_ref_t pcdev_local(struct pcdev_obj *o);

#endif
