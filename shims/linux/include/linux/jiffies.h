/* SPDX-License-Identifier: GPL-2.0 */
/* jiffies: the timer service's clock in ticks of 1/HZ s. */
#ifndef _LINUX_JIFFIES_H
#define _LINUX_JIFFIES_H

#include <linux/types.h>

#define HZ 1000
#define LINUX_NS_PER_JIFFY (1000000000ull / HZ)

static inline unsigned long linux_jiffies(void)
{
	return (unsigned long)(timer_now_ns(LINUX_TIMER) / LINUX_NS_PER_JIFFY);
}
#define jiffies linux_jiffies()

#define time_after(a, b) ((long)((b) - (a)) < 0)
#define time_before(a, b) time_after(b, a)
#define time_after_eq(a, b) ((long)((a) - (b)) >= 0)

static inline unsigned long msecs_to_jiffies(unsigned int ms)
{
	return ms * HZ / 1000;
}
static inline unsigned int jiffies_to_msecs(unsigned long j)
{
	return j * 1000 / HZ;
}
static inline u64 jiffies_to_usecs(unsigned long j)
{
	return (u64)j * (1000000 / HZ);
}

#endif
