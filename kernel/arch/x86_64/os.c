/*
 * The bare-metal kernel's side of kernel/core/os.h (see docs/kernel-boot.md
 * for the functions used here).
 */
#include "arch.h"
#include "serial.h"
#include "core/core.h"
#include "ksrv/ksrv.h"

void *os_alloc(size_t size)
{
	return kmalloc(size ? size : 1);
}

void os_free(void *p, size_t size)
{
	(void)size;
	kfree(p);
}

/*
 * Server images: heap memory is RWX and within +-2 GiB of the kernel text.
 * Page aligned like the hosted runtime's mmap, so that no section's
 * alignment (up to a page) depends on where the heap block happens to be.
 */
/*
 * An image gets whole pages of its own: QEMU's TCG discards its translated
 * code whenever a page holding code is written, so heap objects that are
 * written on every call (locks, reference tables) must never share a page
 * with server code.
 */
void *os_alloc_image(size_t size)
{
	size = (size + PAGE_SIZE - 1) & ~(size_t)(PAGE_SIZE - 1);
	uint8_t *raw = kmalloc(size + PAGE_SIZE + 16);

	if (!raw)
		return NULL;
	uintptr_t p = ((uintptr_t)raw + 16 + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1);
	((void **)p)[-1] = raw;
	return (void *)p;
}

void os_free_image(void *p, size_t size)
{
	(void)size;
	if (p)
		kfree(((void **)p)[-1]);
}

void *os_alloc_stack(size_t size)
{
	return stack_alloc(size);
}

void os_free_stack(void *base, size_t size)
{
	stack_free(base, size);
}

void os_debug_write(const char *text, size_t len)
{
	serial_write(text, len);
	ksrv_log_append(text, len);
}

uint64_t os_now_ns(void)
{
	return tsc_now_ns();
}

/*
 * Interrupts are enabled here, when no thread is runnable, and between two
 * threads (os_poll_interrupts): never inside one (thesis 4.1.4: in-kernel
 * scheduling is cooperative). The PIT tick ends every wait
 * within a millisecond, so sleepers are woken on time.
 */
int os_idle(void)
{
	if (ksrv_timer_next() == UINT64_MAX && !ksrv_irq_attached())
		return 0; /* nothing can ever make a thread runnable again */
	trap_one_irq = 1;
	cpu_idle();
	trap_one_irq = 0;
	ksrv_timer_wake(tsc_now_ns());
	return 1;
}

/*
 * An interrupt window between two threads: STI's one-instruction shadow
 * covers the NOP, so pending interrupts are taken right before CLI. They
 * run on their lines' pseudo-threads exactly as they would from os_idle.
 */
void os_poll_interrupts(void)
{
	static uint64_t woken_at; /* the tick at which sleepers were last woken here */

	trap_one_irq = 1;
	cpu_poll_interrupts();
	trap_one_irq = 0;
	/* A thread that yields for ever (a driver's NAPI poll whose loop no
	   longer ends, back with a full budget every time) keeps the CPU from
	   idling: without this, no sleeper -- the stack's watchdog among them
	   -- would wake again. Once per tick keeps it off the common path. */
	if (ticks != woken_at) {
		woken_at = ticks;
		ksrv_timer_wake(tsc_now_ns());
	}
}

_Noreturn void os_panic(const char *msg)
{
	panic("%s", msg);
}
