/*
 * Kernel console output and fatal stops.  Formatting is common/fmt.c's
 * (the formatter shared with the core and servers): %s %c %d %i %u %x %X %p
 * %% with l/ll/z sizes, '-' and '0' flags and widths.
 */
#ifndef ARCH_KPRINTF_H
#define ARCH_KPRINTF_H

#include <stdarg.h>
#include <stdint.h>

int kprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int kvprintf(const char *fmt, va_list ap);

/*
 * Prints "KERNEL PANIC: <message>" and a backtrace on the console, then
 * stops the machine with EXIT_PANIC (see boot_layout.h).
 */
_Noreturn void panic(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/*
 * For fault handlers that print their own panic report: disables
 * interrupts and returns 1, or 0 if a panic is already under way (the
 * caller should then machine_exit() without printing).
 */
int panic_enter(void);

/* Frame-pointer backtrace starting at the frame rbp points to. */
void backtrace_print(uint64_t rbp);

/*
 * Stops the machine: interrupts off, the code written to QEMU's
 * isa-debug-exit port (QEMU exits with status (code << 1) | 1), then HLT
 * forever in case the device is absent.
 */
_Noreturn void machine_exit(unsigned code);

#endif
