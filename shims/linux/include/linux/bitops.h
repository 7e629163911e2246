/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Bit operations on unsigned long arrays (BIT() is kernel.h's). The atomic
 * ones are the compiler's atomics: a server's threads and its interrupt
 * path may share a flag word, as in Linux.
 */
#ifndef _LINUX_BITOPS_H
#define _LINUX_BITOPS_H

#include <linux/kernel.h>

#define BITS_PER_LONG 64
#define BIT_WORD(nr) ((nr) / BITS_PER_LONG)
#define BIT_MASK(nr) (1UL << ((nr) % BITS_PER_LONG))

#define BITS_TO_LONGS(nr) DIV_ROUND_UP(nr, BITS_PER_LONG)

static inline bool test_bit(long nr, const volatile unsigned long *addr)
{
	return (__atomic_load_n(&addr[BIT_WORD(nr)], __ATOMIC_RELAXED) & BIT_MASK(nr)) != 0;
}
static inline void set_bit(long nr, volatile unsigned long *addr)
{
	__atomic_fetch_or(&addr[BIT_WORD(nr)], BIT_MASK(nr), __ATOMIC_SEQ_CST);
}
static inline void clear_bit(long nr, volatile unsigned long *addr)
{
	__atomic_fetch_and(&addr[BIT_WORD(nr)], ~BIT_MASK(nr), __ATOMIC_SEQ_CST);
}
static inline bool test_and_set_bit(long nr, volatile unsigned long *addr)
{
	return (__atomic_fetch_or(&addr[BIT_WORD(nr)], BIT_MASK(nr), __ATOMIC_SEQ_CST) &
		BIT_MASK(nr)) != 0;
}
static inline bool test_and_clear_bit(long nr, volatile unsigned long *addr)
{
	return (__atomic_fetch_and(&addr[BIT_WORD(nr)], ~BIT_MASK(nr), __ATOMIC_SEQ_CST) &
		BIT_MASK(nr)) != 0;
}
#define __set_bit(nr, addr) set_bit(nr, addr)
#define __clear_bit(nr, addr) clear_bit(nr, addr)

/* The index of the first set bit at or after start, size if none. */
static inline unsigned long linux_find_next_bit(const unsigned long *addr, unsigned long size,
						unsigned long start)
{
	for (; start < size; start++)
		if (addr[BIT_WORD(start)] & BIT_MASK(start))
			return start;
	return size;
}
#define for_each_set_bit(bit, addr, size)                                                          \
	for ((bit) = linux_find_next_bit((addr), (size), 0); (bit) < (size);                       \
	     (bit) = linux_find_next_bit((addr), (size), (bit) + 1))

/* The last set bit, counted from 1; 0 if none. */
static inline int fls(unsigned int x)
{
	return x ? 32 - __builtin_clz(x) : 0;
}

#endif
