/* Segments: flat 64-bit code and data, and a TSS providing the IST stacks. */
#ifndef ARCH_GDT_H
#define ARCH_GDT_H

#define KERNEL_CS 0x08
#define KERNEL_DS 0x10
#define TSS_SEL 0x18
/* Ring 3, for isolated servers (selector | RPL 3). */
#define USER_DS (0x28 | 3)
#define USER_CS (0x30 | 3)

/* IST slots (1-based, as in an IDT gate) of the double fault and NMI stacks. */
#define IST_DOUBLE_FAULT 1
/*
 * SYSCALL enters ring 0 on ring 3's stack pointer (uentry.S) and SYSRET
 * leaves on it: an NMI there would push its frame onto the isolated
 * server's stack, whose pages below its deepest touch are not mapped yet.
 * The NMI gets a stack of its own so that ring 0 never runs on one.
 */
#define IST_NMI 2

/* x86 I/O ports, each with a bit in the TSS's permission bitmap */
#define GDT_IO_PORTS 65536

#ifndef __ASSEMBLER__
#include <stdbool.h>
#include <stdint.h>
void gdt_init(void);
/* Where the next trap from ring 3 pushes its frame (16-byte aligned kernel stack top). */
void gdt_set_rsp0(uint64_t rsp0);
/* Opens (allow) or closes ports [base, base + count) to ring 3's in/out instructions. */
void gdt_io_allow(uint32_t base, uint32_t count, bool allow);
#endif

#endif
