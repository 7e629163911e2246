/* SPDX-License-Identifier: GPL-2.0 */
/* 64-bit multiply and divide helpers. */
#ifndef _LINUX_MATH64_H
#define _LINUX_MATH64_H

#include <linux/types.h>

static inline u64 div_u64(u64 dividend, u32 divisor)
{
	return dividend / divisor;
}

/* a * b / c with the 128-bit product (no libgcc here: shift-subtract division). */
static inline u64 mul_u64_u64_div_u64(u64 a, u64 b, u64 c)
{
	unsigned __int128 n = (unsigned __int128)a * b, r = 0;
	u64 q = 0;
	int i;

	for (i = 127; i >= 0; i--) {
		r = r << 1 | (u64)((n >> i) & 1);
		if (r >= c) {
			r -= c;
			if (i < 64)
				q |= 1ull << i;
		}
	}
	return q;
}

#endif
