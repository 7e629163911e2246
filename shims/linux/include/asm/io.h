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

/*
 * Port I/O by port number (inb, outw...): the port must lie in one of the
 * device's I/O BARs (lib/pci.c finds the BAR's iomap token); any other
 * port throws, naming the Linux function.
 */
void __iomem *linux_port(unsigned long port, const char *sym);
#define inb(p) ioread8(linux_port(p, "inb"))
#define inw(p) ioread16(linux_port(p, "inw"))
#define inl(p) ioread32(linux_port(p, "inl"))
#define outb(v, p) iowrite8(v, linux_port(p, "outb"))
#define outw(v, p) iowrite16(v, linux_port(p, "outw"))
#define outl(v, p) iowrite32(v, linux_port(p, "outl"))

/* String I/O (NE2000's data port): count items to or from one port. */
#define LINUX_PORT_STRING(sfx, bits)                                                               \
	static inline void ins##sfx(unsigned long port, void *buf, unsigned long count)            \
	{                                                                                          \
		void __iomem *a = linux_port(port, "ins" #sfx);                                    \
		u##bits *p = buf;                                                                  \
		while (count--)                                                                    \
			*p++ = ioread##bits(a);                                                    \
	}                                                                                          \
	static inline void outs##sfx(unsigned long port, const void *buf, unsigned long count)     \
	{                                                                                          \
		void __iomem *a = linux_port(port, "outs" #sfx);                                   \
		const u##bits *p = buf;                                                            \
		while (count--)                                                                    \
			iowrite##bits(*p++, a);                                                    \
	}
LINUX_PORT_STRING(b, 8)
LINUX_PORT_STRING(w, 16)
LINUX_PORT_STRING(l, 32)

/* A physical address as a pointer: a server maps only its device's BARs (ioremap). */
static inline void *phys_to_virt(phys_addr_t addr)
{
	(void)addr;
	LINUX_UNSUPPORTED(phys_to_virt);
	return NULL;
}

#endif
