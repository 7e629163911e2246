/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A free-running hardware counter read as nanoseconds (e1000e's SYSTIM,
 * the clock of its hardware timestamps): the counter's cycles since the
 * last read, scaled by mult >> shift, added to nsec.
 */
#ifndef _LINUX_TIMECOUNTER_H
#define _LINUX_TIMECOUNTER_H

#include <linux/types.h>

#define CYCLECOUNTER_MASK(bits) (u64)((bits) < 64 ? ((1ULL << (bits)) - 1) : -1)

/*
 * read takes the cyclecounter, const in Linux 5.10 to 6.12, not in 7.2: a
 * pointer without a prototype takes a driver's function of either version
 * (every call passes the one pointer argument).
 */
struct cyclecounter {
	u64 (*read)();
	u64 mask;
	u32 mult;
	u32 shift;
};

struct timecounter {
	const struct cyclecounter *cc;
	u64 cycle_last;
	u64 nsec;
	u64 mask;
	u64 frac;
};

static inline u64 linux_cyc2ns(const struct cyclecounter *cc, u64 cycles, u64 mask, u64 *frac)
{
	u64 ns = cycles * cc->mult + *frac;

	*frac = ns & mask;
	return ns >> cc->shift;
}

static inline void timecounter_init(struct timecounter *tc, const struct cyclecounter *cc,
				    u64 start_tstamp)
{
	tc->cc = cc;
	tc->cycle_last = cc->read(cc);
	tc->nsec = start_tstamp;
	tc->mask = (1ULL << cc->shift) - 1;
	tc->frac = 0;
}

static inline u64 timecounter_read(struct timecounter *tc)
{
	u64 now = tc->cc->read(tc->cc);
	u64 delta = (now - tc->cycle_last) & tc->cc->mask;

	tc->cycle_last = now;
	tc->nsec += linux_cyc2ns(tc->cc, delta, tc->mask, &tc->frac);
	return tc->nsec;
}

/* A time stamp taken at cycle_tstamp, near the last read (either side). */
static inline u64 timecounter_cyc2time(const struct timecounter *tc, u64 cycle_tstamp)
{
	u64 delta = (cycle_tstamp - tc->cycle_last) & tc->cc->mask;
	u64 frac = tc->frac;

	if (delta > tc->cc->mask / 2) {
		delta = (tc->cycle_last - cycle_tstamp) & tc->cc->mask;
		return tc->nsec - linux_cyc2ns(tc->cc, delta, tc->mask, &frac);
	}
	return tc->nsec + linux_cyc2ns(tc->cc, delta, tc->mask, &frac);
}

static inline void timecounter_adjtime(struct timecounter *tc, s64 delta)
{
	tc->nsec += delta;
}

#endif
