/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ioremap: a physical address inside one of the PCI device's memory BARs
 * becomes that BAR's mapping (pci_iomap, lib/pci.c); any other address
 * cannot be reached from a server and maps to NULL.
 */
#ifndef _ASM_IO_H
#define _ASM_IO_H

#include <linux/io.h>

void __iomem *ioremap(resource_size_t phys, size_t size);
void iounmap(volatile void __iomem *addr);

#endif
