/* SPDX-License-Identifier: GPL-2.0 */
/*
 * 64-bit counters: on x86_64 a u64 load or store is atomic, and readers and
 * writers run under the server lock, so the sequence counter is empty.
 */
#ifndef _LINUX_U64_STATS_SYNC_H
#define _LINUX_U64_STATS_SYNC_H

#include <linux/types.h>

struct u64_stats_sync {
};

static inline void u64_stats_init(struct u64_stats_sync *s)
{
	(void)s;
}
static inline void u64_stats_update_begin(struct u64_stats_sync *s)
{
	(void)s;
}
static inline void u64_stats_update_end(struct u64_stats_sync *s)
{
	(void)s;
}
static inline unsigned int u64_stats_fetch_begin(const struct u64_stats_sync *s)
{
	(void)s;
	return 0;
}
static inline bool u64_stats_fetch_retry(const struct u64_stats_sync *s, unsigned int start)
{
	(void)s;
	(void)start;
	return false;
}
#endif
