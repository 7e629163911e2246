/*
 * The local APIC in xAPIC mode, enabled only so that message-signalled
 * interrupts (MSI) reach the CPU: its timer stays masked (the PIT is the
 * tick), LINT0 stays the 8259s' virtual wire, so legacy lines work as before.
 */
#ifndef ARCH_LAPIC_H
#define ARCH_LAPIC_H

#include <stdint.h>

/*
 * Enables it at the base its MSR names (xAPIC MMIO) with the spurious
 * vector LAPIC_SPURIOUS. Returns 0, or -1 if the CPU has none (CPUID), which
 * leaves MSI unavailable and changes nothing else.
 */
int lapic_init(void);
/* Whether lapic_init enabled it. */
int lapic_present(void);
/* The APIC ID of this (the only) CPU: an MSI's destination. */
uint32_t lapic_id(void);
/* End of interrupt for the vector in service (MSI vectors; the 8259s take their own). */
void lapic_eoi(void);
/* Raises vector on this CPU (a masked MSI's interrupt, delivered on unmask). */
void lapic_self_ipi(unsigned vector);

#endif
