/* SPDX-License-Identifier: GPL-2.0 */
/* Delays over the timer service: udelay busy-waits, msleep blocks. */
#ifndef _LINUX_DELAY_H
#define _LINUX_DELAY_H

#include <linux/types.h>

static inline void udelay(unsigned long us)
{
	timer_delay_us(LINUX_TIMER, (u32)us);
}
static inline void ndelay(unsigned long ns)
{
	timer_delay_us(LINUX_TIMER, (u32)((ns + 999) / 1000));
}
static inline void mdelay(unsigned long ms)
{
	timer_delay_us(LINUX_TIMER, (u32)(ms * 1000));
}
static inline void msleep(unsigned int ms)
{
	timer_sleep_us(LINUX_TIMER, (u64)ms * 1000);
}
/* No signals here: the whole time, 0 left. */
static inline unsigned long msleep_interruptible(unsigned int ms)
{
	msleep(ms);
	return 0;
}
static inline void usleep_range(unsigned long min, unsigned long max)
{
	(void)max;
	timer_sleep_us(LINUX_TIMER, min);
}

#endif
