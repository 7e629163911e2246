/* SPDX-License-Identifier: GPL-2.0 */
/* Sleeping for a number of jiffies: the timer service's sleep. */
#ifndef _LINUX_SCHED_H
#define _LINUX_SCHED_H

#include <linux/jiffies.h>

static inline long schedule_timeout_uninterruptible(long timeout)
{
	timer_sleep_us(LINUX_TIMER, jiffies_to_usecs(timeout));
	return 0;
}

/* Threads of a server yield when they wait: nothing to give up here. */
static inline void cond_resched(void)
{
}

/* The system is never being powered off under a driver (shutdown hooks do not run). */
enum system_states { SYSTEM_RUNNING, SYSTEM_POWER_OFF };
#define system_state SYSTEM_RUNNING

#endif
