/* SPDX-License-Identifier: GPL-2.0 */
/*
 * PTP hardware clocks, as Linux has them without CONFIG_PTP_1588_CLOCK
 * (the kernel configuration here: no PTP clock service): registering a
 * clock gives NULL, which drivers take as "no clock" (e1000e's ptp.c).
 */
#ifndef _LINUX_PTP_CLOCK_KERNEL_H
#define _LINUX_PTP_CLOCK_KERNEL_H

#include <linux/types.h>
#include <linux/ktime.h>
#include <linux/device.h>

struct ptp_clock;
struct ptp_clock_request;
struct ptp_system_timestamp {
	struct timespec64 pre_ts;
	struct timespec64 post_ts;
};

struct ptp_clock_info {
	void *owner;
	char name[32];
	s32 max_adj;
	int n_alarm, n_ext_ts, n_per_out, n_pins, pps;
	int (*adjfine)(struct ptp_clock_info *ptp, long scaled_ppm);
	int (*adjfreq)(struct ptp_clock_info *ptp, s32 delta);
	int (*adjtime)(struct ptp_clock_info *ptp, s64 delta);
	int (*gettimex64)(struct ptp_clock_info *ptp, struct timespec64 *ts,
			  struct ptp_system_timestamp *sts);
	int (*settime64)(struct ptp_clock_info *p, const struct timespec64 *ts);
	int (*getcrosststamp)(struct ptp_clock_info *ptp, void *cts);
	int (*enable)(struct ptp_clock_info *ptp, struct ptp_clock_request *request, int on);
	long (*do_aux_work)(struct ptp_clock_info *ptp);
};

static inline struct ptp_clock *ptp_clock_register(struct ptp_clock_info *info,
						   struct device *parent)
{
	(void)info, (void)parent;
	return NULL;
}
static inline int ptp_clock_unregister(struct ptp_clock *ptp)
{
	(void)ptp;
	return 0;
}
static inline int ptp_clock_index(struct ptp_clock *ptp)
{
	(void)ptp;
	return -1;
}
static inline long ptp_schedule_worker(struct ptp_clock *ptp, unsigned long delay)
{
	(void)ptp, (void)delay;
	return -EOPNOTSUPP;
}

/* The system time around a clock read: nobody asks for it (sts is NULL). */
static inline void ptp_read_system_prets(struct ptp_system_timestamp *sts)
{
	if (sts)
		LINUX_UNSUPPORTED(ptp_read_system_prets);
}
static inline void ptp_read_system_postts(struct ptp_system_timestamp *sts)
{
	if (sts)
		LINUX_UNSUPPORTED(ptp_read_system_postts);
}

/* base adjusted by scaled_ppm parts per million, in 1/65536 ppm */
static inline u64 adjust_by_scaled_ppm(u64 base, long scaled_ppm)
{
	u64 mag = scaled_ppm < 0 ? -(u64)scaled_ppm : (u64)scaled_ppm;
	u64 diff = mul_u64_u64_div_u64(base, mag, 1000000ULL << 16);

	return scaled_ppm < 0 ? base - diff : base + diff;
}

static inline s64 timespec64_to_ns(const struct timespec64 *ts)
{
	return ts->tv_sec * NSEC_PER_SEC + ts->tv_nsec;
}

#endif
