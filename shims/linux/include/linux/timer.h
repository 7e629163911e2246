/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Kernel timers as delayed work (workqueue.h): the callback runs in a
 * thread of this server when the timer service fires. mod_timer() may be
 * called from the callback itself (a watchdog re-arming).
 */
#ifndef _LINUX_TIMER_H
#define _LINUX_TIMER_H

#include <linux/workqueue.h>
#include <linux/jiffies.h>
#include <linux/kernel.h>

struct timer_list {
	struct delayed_work dw;
	void (*function)(struct timer_list *t);
	unsigned long expires;
};

void timer_setup(struct timer_list *t, void (*fn)(struct timer_list *), unsigned int flags);
int mod_timer(struct timer_list *t, unsigned long expires);
int del_timer_sync(struct timer_list *t);
#define del_timer(t) del_timer_sync(t)
#define timer_delete_sync(t) del_timer_sync(t)
#define timer_delete(t) del_timer_sync(t)
#define from_timer(var, t, field) container_of(t, typeof(*var), field)
#define timer_container_of(var, t, field) from_timer(var, t, field)
/* Rounding to whole seconds batches wake-ups to save power; the time itself is as valid. */
static inline unsigned long round_jiffies(unsigned long j)
{
	return j;
}

#endif
