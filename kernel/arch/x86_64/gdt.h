/* Segments: flat 64-bit code and data, and a TSS providing the IST stacks. */
#ifndef ARCH_GDT_H
#define ARCH_GDT_H

#define KERNEL_CS 0x08
#define KERNEL_DS 0x10
#define TSS_SEL 0x18

/* IST slot (1-based, as in an IDT gate) of the double fault stack. */
#define IST_DOUBLE_FAULT 1

void gdt_init(void);

#endif
