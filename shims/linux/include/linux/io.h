/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ioread*() / iowrite*() over the PCI device's I/O-port or MMIO service.
 *
 * pci_iomap() returns a token, not an address: region i of the table
 * below, offset off, is (i + 1) << LINUX_IOMAP_SHIFT | off. An I/O-port
 * access is an atomic service call (ioport), so the caller keeps its lock,
 * as with a plain I/O instruction, and a device model behind the service
 * sees each access (the hosted tests rely on that). A memory BAR the mmio
 * service could map (mmio.map, uncached) is accessed directly, as Linux's
 * readl() does; one it could not is accessed through mmio's calls. So is
 * an I/O BAR the ioport service opened to this server's own in and out
 * instructions (ioport.grant: an isolated driver, whose I/O permission
 * bitmap then holds its ports and no other); otherwise its accesses are
 * ioport calls.
 */
#ifndef _LINUX_IO_H
#define _LINUX_IO_H

#include <linux/types.h>
#include <linux/compiler.h>
#include <asm/barrier.h>

#define LINUX_IOMAP_SHIFT 24
#define LINUX_IOMAP_MAX 6

struct linux_iomap {
	bss_ref_t ref; /* ioport or mmio, 0 if the slot is free */
	bool is_io;
	bool pio;	 /* is_io and granted: in/out on port + offset */
	u16 port;	 /* the I/O BAR's first port */
	volatile u8 *va; /* mmio.map's address, NULL: through calls */
};
extern struct linux_iomap linux_iomaps[LINUX_IOMAP_MAX];

static inline struct linux_iomap *linux_iomap_of(const volatile void __iomem *addr, u32 *off)
{
	uintptr_t a = (uintptr_t)addr;

	*off = a & ((1u << LINUX_IOMAP_SHIFT) - 1);
	return &linux_iomaps[(a >> LINUX_IOMAP_SHIFT) - 1];
}

/* The instructions, for granted ports (the hardware checks the port). */
static inline u8 linux_pio_in8(u16 p)
{
	u8 v;

	__asm__ volatile("inb %w1, %b0" : "=a"(v) : "Nd"(p));
	return v;
}

static inline u16 linux_pio_in16(u16 p)
{
	u16 v;

	__asm__ volatile("inw %w1, %w0" : "=a"(v) : "Nd"(p));
	return v;
}

static inline u32 linux_pio_in32(u16 p)
{
	u32 v;

	__asm__ volatile("inl %w1, %0" : "=a"(v) : "Nd"(p));
	return v;
}

static inline void linux_pio_out8(u8 v, u16 p)
{
	__asm__ volatile("outb %b0, %w1" : : "a"(v), "Nd"(p));
}

static inline void linux_pio_out16(u16 v, u16 p)
{
	__asm__ volatile("outw %w0, %w1" : : "a"(v), "Nd"(p));
}

static inline void linux_pio_out32(u32 v, u16 p)
{
	__asm__ volatile("outl %0, %w1" : : "a"(v), "Nd"(p));
}

#define LINUX_IOREAD(bits)                                                                         \
	static inline u##bits ioread##bits(const volatile void __iomem *addr)                      \
	{                                                                                          \
		u32 off;                                                                           \
		struct linux_iomap *m = linux_iomap_of(addr, &off);                                \
		if (m->va)                                                                         \
			return *(volatile u##bits *)(m->va + off);                                 \
		if (m->pio)                                                                        \
			return linux_pio_in##bits((u16)(m->port + off));                           \
		return m->is_io ? ioport_in##bits(m->ref, off) : mmio_read##bits(m->ref, off);     \
	}
#define LINUX_IOWRITE(bits)                                                                        \
	static inline void iowrite##bits(u##bits v, volatile void __iomem *addr)                   \
	{                                                                                          \
		u32 off;                                                                           \
		struct linux_iomap *m = linux_iomap_of(addr, &off);                                \
		if (m->va)                                                                         \
			*(volatile u##bits *)(m->va + off) = v;                                    \
		else if (m->pio)                                                                   \
			linux_pio_out##bits(v, (u16)(m->port + off));                              \
		else if (m->is_io)                                                                 \
			ioport_out##bits(m->ref, off, v);                                          \
		else                                                                               \
			mmio_write##bits(m->ref, off, v);                                          \
	}
LINUX_IOREAD(8)
LINUX_IOREAD(16)
LINUX_IOREAD(32)
LINUX_IOWRITE(8)
LINUX_IOWRITE(16)
LINUX_IOWRITE(32)

#define readb(a) ioread8(a)
#define readw(a) ioread16(a)
#define readl(a) ioread32(a)
#define writeb(v, a) iowrite8(v, a)
#define writew(v, a) iowrite16(v, a)
#define writel(v, a) iowrite32(v, a)

/* Linux's linux/io.h brings the architecture's: inb() and ioremap(). */
#include <asm/io.h>

/* String I/O on memory (e1000's CE4100 flash): one access per element. */
static inline void ioread16_rep(const void __iomem *addr, void *buf, unsigned long count)
{
	u16 *p = buf;

	while (count--)
		*p++ = ioread16(addr);
}
static inline void iowrite16_rep(void __iomem *addr, const void *buf, unsigned long count)
{
	const u16 *p = buf;

	while (count--)
		iowrite16(*p++, addr);
}

#endif
