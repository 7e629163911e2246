// SPDX-License-Identifier: GPL-2.0
/*
 * Waiting for a spinlock another thread holds (linux/spinlock.h), with
 * Linux's lockup detection: a lock held for LOCKUP_US is taken to be one
 * that was never given back, and the driver fails (bss_abort): its
 * supervisor restarts it (docs/recovery.md). The holder of a contended
 * lock is in a critical section that calls out (a queue put), which takes
 * microseconds; only a lost unlock takes a second.
 */
#include <linux/kernel.h>
#include <linux/spinlock.h>

#define LOCKUP_US 1000000

BSS_LOCAL_SERVER(linux_lockup_server, RUNNABLE, spinlock_t, linux_lockup);

/* The waiter's timer: the lock was held for LOCKUP_US. */
void linux_lockup_run(spinlock_t *l)
{
	l->lockup = 1;
	bss_wake((uintptr_t)l, 0);
}

void linux_spin_wait(spinlock_t *l)
{
	/* a temporary: released (and so cancelled) when this returns */
	bss_ref_t t = timer_after_us(LINUX_TIMER, LOCKUP_US, 0, bss_local(&linux_lockup_server, l));

	(void)t;
	l->lockup = 0;
	l->waiters++;
	while (l->locked && !l->lockup)
		bss_wait((uintptr_t)l);
	l->waiters--;
	if (l->locked)
		bss_abort("spinlock lockup: held for a second, never given back");
}
