/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ktime_t: nanoseconds. The real-time clock is the timer service's clock
 * (since boot): its only user here seeds e1000e's hardware clock, which no
 * PTP clock service reads.
 */
#ifndef _LINUX_KTIME_H
#define _LINUX_KTIME_H

#include <linux/jiffies.h>

typedef s64 ktime_t;

#define NSEC_PER_USEC 1000L
#define NSEC_PER_MSEC 1000000L
#define NSEC_PER_SEC 1000000000L
#define USEC_PER_SEC 1000000L
#define MSEC_PER_SEC 1000L

struct timespec64 {
	s64 tv_sec;
	long tv_nsec;
};

static inline struct timespec64 ns_to_timespec64(s64 ns)
{
	struct timespec64 ts = {ns / NSEC_PER_SEC, ns % NSEC_PER_SEC};

	if (ts.tv_nsec < 0) {
		ts.tv_sec--;
		ts.tv_nsec += NSEC_PER_SEC;
	}
	return ts;
}

static inline ktime_t ktime_get_real(void)
{
	return (ktime_t)timer_now_ns(LINUX_TIMER);
}
static inline u64 ktime_get_real_ns(void)
{
	return timer_now_ns(LINUX_TIMER);
}
static inline s64 ktime_to_ns(ktime_t kt)
{
	return kt;
}
static inline ktime_t ns_to_ktime(u64 ns)
{
	return (ktime_t)ns;
}

#endif
