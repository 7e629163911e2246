/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Mutexes: the spinlock of spinlock.h, which already sleeps (bss_wait)
 * when contended under the server's automatic lock.
 */
#ifndef _LINUX_MUTEX_H
#define _LINUX_MUTEX_H

#include <linux/spinlock.h>

struct mutex {
	spinlock_t lock;
};

#define DEFINE_MUTEX(m) struct mutex m = {{0, 0, 0}}
#define mutex_init(m) spin_lock_init(&(m)->lock)
#define mutex_lock(m) spin_lock(&(m)->lock)
#define mutex_unlock(m) spin_unlock(&(m)->lock)

#endif
