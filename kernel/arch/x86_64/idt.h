/* The interrupt descriptor table. */
#ifndef ARCH_IDT_H
#define ARCH_IDT_H

#include <stdint.h>

/* Installs the stubs of isr.S for vectors 0..47 and loads the IDT. */
void idt_init(void);

/*
 * Points vector at handler through an interrupt gate (interrupts off on
 * entry), on IST stack ist (0: the current stack).  For vectors >= 48, or
 * to replace a stub: handler must end with IRETQ.
 */
void idt_set_gate(unsigned vector, void *handler, unsigned ist);

/* The same, reachable by "int vector" from ring 3 (isolated servers' system calls). */
void idt_set_user_gate(unsigned vector, void *handler);

#endif
