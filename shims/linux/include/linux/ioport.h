/* SPDX-License-Identifier: GPL-2.0 */
/*
 * I/O regions: a server reaches only its PCI device's BARs, so a region is
 * granted when it lies inside one of the device's I/O BARs (ISA-style
 * probing of fixed addresses finds nothing) - lib/pci.c.
 */
#ifndef _LINUX_IOPORT_H
#define _LINUX_IOPORT_H

#include <linux/types.h>

/* Resource flags (pci_resource_flags). */
#define IORESOURCE_IO 0x00000100
#define IORESOURCE_MEM 0x00000200

struct resource {
	resource_size_t start, end;
	const char *name;
};

struct resource *request_region(resource_size_t start, resource_size_t n, const char *name);
/* The BAR stays the device's: nothing to give back. */
static inline void release_region(resource_size_t start, resource_size_t n)
{
	(void)start;
	(void)n;
}

#endif
