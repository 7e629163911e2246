/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Spinlocks under the server model's automatic lock.
 *
 * Every driver function runs with the server locked (interrupt handler and
 * threads alike: they are local servers inheriting the lock), and the lock
 * is dropped only at outgoing calls to non-atomic services. So a critical
 * section that makes no such call is already exclusive: then the lock is a
 * flag that is never found taken. Only a section that calls out (8139too:
 * rx_lock around netif_receive_skb -> queue put) can be met by another
 * thread, which waits (bss_wait) until the holder unlocks. Interrupts need
 * not be disabled: the handler cannot run while the server is locked.
 * The interrupt path must never find a lock taken (it cannot wait); the
 * shim throws if it does, rather than corrupting state. A lock a thread
 * waits for over a second was never given back (a lockup, as Linux's
 * spinlock debugging says): the driver fails (lib/spinlock.c).
 */
#ifndef _LINUX_SPINLOCK_H
#define _LINUX_SPINLOCK_H

#include <linux/types.h>

typedef struct {
	u32 locked;
	u32 waiters;
	u32 lockup; /* a waiter's timer went off (lib/spinlock.c) */
} spinlock_t;

#define DEFINE_SPINLOCK(x) spinlock_t x = {0, 0, 0}

static inline void spin_lock_init(spinlock_t *l)
{
	l->locked = 0;
	l->waiters = 0;
	l->lockup = 0;
}

void linux_spin_wait(spinlock_t *l);

static inline void spin_lock(spinlock_t *l)
{
	while (l->locked) {
		if (linux_in_irq)
			bss_throw(BSS_E_LIMIT, EAGAIN, "spinlock taken in the interrupt path");
		linux_spin_wait(l);
	}
	l->locked = 1;
}

static inline void spin_unlock(spinlock_t *l)
{
	l->locked = 0;
	if (l->waiters)
		bss_wake((uintptr_t)l, 1);
}

#define spin_lock_irqsave(l, flags)                                                                \
	do {                                                                                       \
		(flags) = 0;                                                                       \
		spin_lock(l);                                                                      \
	} while (0)
#define spin_unlock_irqrestore(l, flags)                                                           \
	do {                                                                                       \
		(void)(flags);                                                                     \
		spin_unlock(l);                                                                    \
	} while (0)
#define spin_lock_irq(l) spin_lock(l)
#define spin_unlock_irq(l) spin_unlock(l)
#define spin_lock_bh(l) spin_lock(l)
#define spin_unlock_bh(l) spin_unlock(l)

#endif
