/*
 * The GDT boot.S used has no TSS; this one adds it, and the ring 3 segments
 * of isolated servers (uspace.c).  The TSS holds the interrupt stack table:
 * a double fault (typically a stack overflow into a guard page) must run on
 * a stack that is known to be good, or it becomes a triple fault and a
 * silent reset; an NMI may arrive where ring 0 still runs on ring 3's
 * stack pointer (gdt.h), so it has a stack of its own too.  Its rsp0 is
 * where a trap from ring 3 lands: the kernel stack of the thread running
 * the isolated server (ucall.c sets it). Its I/O permission bitmap opens
 * the ports granted to the open space to ring 3 (uspace.c), and no other
 * port.
 */
#include <stdbool.h>
#include <stdint.h>
#include "gdt.h"
#include "boot_layout.h"

struct tss {
	uint32_t reserved0;
	uint64_t rsp[3];
	uint64_t reserved1;
	uint64_t ist[7];
	uint64_t reserved2;
	uint16_t reserved3;
	uint16_t iomap_base;
	/*
	 * The I/O permission bitmap: a set bit denies ring 3 its port (ring 0
	 * is never checked, IOPL stays 0). Only the open space's ports are
	 * clear (uspace.c, gdt_io_allow); the byte after it must be all ones.
	 */
	uint8_t iomap[GDT_IO_PORTS / 8 + 1];
} __attribute__((packed));
/* the CPU reads the TSS by these offsets (Intel SDM vol. 3, 64-bit TSS) */
_Static_assert(__builtin_offsetof(struct tss, rsp) == 4, "TSS: rsp0");
_Static_assert(__builtin_offsetof(struct tss, ist) == 36, "TSS: ist1");
_Static_assert(__builtin_offsetof(struct tss, iomap_base) == 102, "TSS: I/O map base");
_Static_assert(__builtin_offsetof(struct tss, iomap) == 104, "TSS: I/O bitmap");
_Static_assert(sizeof(struct tss) == 104 + GDT_IO_PORTS / 8 + 1, "TSS: size");

struct gdt_ptr {
	uint16_t limit;
	uint64_t base;
} __attribute__((packed));
_Static_assert(sizeof(struct gdt_ptr) == 10, "lgdt operand");

static struct tss tss;
static uint8_t df_stack[IST_STACK_SIZE] __attribute__((aligned(16)));
static uint8_t nmi_stack[IST_STACK_SIZE] __attribute__((aligned(16)));

/* Entries 3 and 4 (TSS_SEL) are a 16-byte system descriptor, filled in by gdt_init(). */
static uint64_t gdt[7] = {
	[0] = 0,
	[1] = 0x00af9a000000ffff, /* KERNEL_CS: 64-bit code, ring 0 */
	[2] = 0x00cf92000000ffff, /* KERNEL_DS: data, ring 0 */
	[5] = 0x00cff2000000ffff, /* USER_DS: data, ring 3 */
	[6] = 0x00affa000000ffff, /* USER_CS: 64-bit code, ring 3 */
};

/* For uentry.S: the address of the TSS's rsp0 (unaligned inside the packed TSS). */
uint64_t tss_rsp0_addr;

void gdt_set_rsp0(uint64_t rsp0)
{
	tss.rsp[0] = rsp0;
}

/* Whole bytes at once: a space's switch changes its ranges on every cross-space call. */
void gdt_io_allow(uint32_t base, uint32_t count, bool allow)
{
	uint32_t end = base + count < GDT_IO_PORTS ? base + count : GDT_IO_PORTS;
	uint32_t p = base;

	if (base >= end)
		return;
	for (; p < end && p % 8; p++) {
		if (allow)
			tss.iomap[p / 8] &= (uint8_t) ~(1u << (p % 8));
		else
			tss.iomap[p / 8] |= (uint8_t)(1u << (p % 8));
	}
	for (; end - p >= 8; p += 8)
		tss.iomap[p / 8] = allow ? 0 : 0xff;
	for (; p < end; p++) {
		if (allow)
			tss.iomap[p / 8] &= (uint8_t) ~(1u << (p % 8));
		else
			tss.iomap[p / 8] |= (uint8_t)(1u << (p % 8));
	}
}

void gdt_init(void)
{
	uint64_t base = (uint64_t)(uintptr_t)&tss;
	uint64_t limit = sizeof(tss) - 1;

	tss.ist[IST_DOUBLE_FAULT - 1] = (uint64_t)(uintptr_t)(df_stack + sizeof(df_stack));
	tss.ist[IST_NMI - 1] = (uint64_t)(uintptr_t)(nmi_stack + sizeof(nmi_stack));
	/* every port denied to ring 3 until a space that was granted it opens */
	tss.iomap_base = (uint16_t) __builtin_offsetof(struct tss, iomap);
	for (unsigned i = 0; i < sizeof(tss.iomap); i++)
		tss.iomap[i] = 0xff;
	tss_rsp0_addr = (uint64_t)(uintptr_t)&tss.rsp[0];

	/* Available 64-bit TSS (type 9), present. */
	gdt[3] = (limit & 0xffff) | ((base & 0xffffff) << 16) | (0x89ul << 40) |
		 (((limit >> 16) & 0xf) << 48) | (((base >> 24) & 0xff) << 56);
	gdt[4] = base >> 32;

	struct gdt_ptr p = {sizeof(gdt) - 1, (uint64_t)(uintptr_t)gdt};
	/* Reload CS with a far return, the data segments directly, then the TR. */
	__asm__ volatile("lgdt %0\n\t"
			 "pushq %1\n\t"
			 "leaq 1f(%%rip), %%rax\n\t"
			 "pushq %%rax\n\t"
			 "lretq\n"
			 "1:\n\t"
			 "movw %w2, %%ax\n\t"
			 "movw %%ax, %%ds\n\t"
			 "movw %%ax, %%es\n\t"
			 "movw %%ax, %%ss\n\t"
			 "ltr %w3"
			 :
			 : "m"(p), "i"(KERNEL_CS), "r"(KERNEL_DS), "r"(TSS_SEL)
			 : "rax", "memory");
}
