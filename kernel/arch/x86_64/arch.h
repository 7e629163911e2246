/*
 * Everything the bare-metal x86_64 kernel offers to the code built on it
 * (the portable core's os.h implementation, drivers' kernel services).
 */
#ifndef ARCH_ARCH_H
#define ARCH_ARCH_H

#include "boot.h"
#include "boot_layout.h"
#include "cpu.h"
#include "core/ctx.h"
#include "heap.h"
#include "idt.h"
#include "io.h"
#include "kprintf.h"
#include "kstring.h"
#include "paging.h"
#include "pic.h"
#include "pmm.h"
#include "probe.h"
#include "stack.h"
#include "timer.h"
#include "trap.h"

/*
 * Brings the machine up: console, GDT/IDT, PICs (all IRQs masked), memory
 * map and modules, page allocator, paging, TSC.  Prints the BOOT: lines.
 * Interrupts stay disabled; timer_init() and sti() are the caller's.
 */
void arch_init(uint32_t magic, uint32_t mbi_phys);

/* TSC value at the first instruction of the kernel (boot.S). */
extern uint64_t boot_tsc_entry;

/* The kernel's self-checks; prints PASS:/FAIL: lines, returns the number of failures. */
int selftest_run(void);

#endif
