/* Recovery for probe.S: maps a faulting probe instruction to its failure path. */
#include "probe.h"

extern char probe_read8_access[], probe_read8_fail[];
extern char probe_write8_access[], probe_write8_fail[];

int probe_fixup(struct trap_frame *tf)
{
	if (tf->rip == (uintptr_t)probe_read8_access) {
		tf->rip = (uintptr_t)probe_read8_fail;
		return 1;
	}
	if (tf->rip == (uintptr_t)probe_write8_access) {
		tf->rip = (uintptr_t)probe_write8_fail;
		return 1;
	}
	return 0;
}
