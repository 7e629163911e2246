/*
 * What a runtime (the bare-metal kernel or the hosted Linux process) provides
 * to the portable core. Everything else in kernel/core/ is runtime-neutral.
 */
#ifndef CORE_OS_H
#define CORE_OS_H

#include <stddef.h>
#include <stdint.h>

/* General memory for core structures; returns NULL when exhausted. */
void *os_alloc(size_t size);
void os_free(void *p, size_t size);

/*
 * Memory for a server image and its call stubs: readable, writable and
 * executable, within +-2 GiB of the runtime's own code so that 32-bit
 * PC-relative relocations can reach the system-call entry points.
 */
void *os_alloc_image(size_t size);
void os_free_image(void *p, size_t size);

/* A thread stack with an unmapped guard page below it; returns its lowest usable byte. */
void *os_alloc_stack(size_t size);
void os_free_stack(void *base, size_t size);

/* Debug output: one call writes whole lines. */
void os_debug_write(const char *text, size_t len);

/* Monotonic time. */
uint64_t os_now_ns(void);

/*
 * Called by the core's idle loop when no thread is runnable: wait for an
 * event (timer, device) that may make one runnable. Returns 0 if nothing can
 * ever happen again (the runtime then ends), 1 otherwise.
 */
int os_idle(void);

/*
 * Called by the core between two threads: deliver device interrupts that
 * are pending now, so that a driver hears of a sent or received frame while
 * other threads still have work (otherwise only os_idle would let them in).
 */
void os_poll_interrupts(void);

/* A fatal inconsistency in the core itself. */
_Noreturn void os_panic(const char *msg);

#endif
