/*
 * Memory accesses that survive a fault: if the access faults, the fault
 * handler (any fault hook that calls probe_fixup) resumes the probe at a
 * recovery point that returns -1 instead of the data.
 */
#ifndef ARCH_PROBE_H
#define ARCH_PROBE_H

#include <stdint.h>
#include "trap.h"

/* The byte at p (0..255), or -1 if reading it faulted. */
int probe_read8(const volatile void *p);

/* Writes v to p; 0, or -1 if the write faulted. */
int probe_write8(volatile void *p, uint8_t v);

/* If tf faulted inside a probe, redirects it to the probe's recovery point and returns 1. */
int probe_fixup(struct trap_frame *tf);

#endif
