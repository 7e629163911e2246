/* SPDX-License-Identifier: GPL-2.0 */
/* The kernel's grab bag: container_of, min/max, ARRAY_SIZE, printk, BUG. */
#ifndef _LINUX_KERNEL_H
#define _LINUX_KERNEL_H

#include <linux/types.h>
#include <linux/compiler.h>
#include <linux/err.h>
#include <linux/printk.h>
#include <linux/string.h>
#include <linux/bug.h>
#include <asm/byteorder.h>
#include <linux/bitops.h>
#include <linux/atomic.h>
#include <linux/math64.h>

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define container_of(ptr, type, member) ((type *)((char *)(ptr)-offsetof(type, member)))

/* Linux insists both sides have one type; so do these (warning on mismatch). */
#define min(x, y)                                                                                  \
	({                                                                                         \
		typeof(x) _x = (x);                                                                \
		typeof(y) _y = (y);                                                                \
		(void)(&_x == &_y);                                                                \
		_x < _y ? _x : _y;                                                                 \
	})
#define max(x, y)                                                                                  \
	({                                                                                         \
		typeof(x) _x = (x);                                                                \
		typeof(y) _y = (y);                                                                \
		(void)(&_x == &_y);                                                                \
		_x > _y ? _x : _y;                                                                 \
	})
#define min_t(t, x, y) min((t)(x), (t)(y))
#define max_t(t, x, y) max((t)(x), (t)(y))
#define ALIGN(x, a) (((x) + (a)-1) & ~((typeof(x))(a)-1))
#define DIV_ROUND_UP(n, d) (((n) + (d)-1) / (d))
#define BIT(n) (1UL << (n))

#define snprintf(buf, size, fmt, ...) bss_snprintf(buf, size, fmt, ##__VA_ARGS__)
/* Linux checks it only with CONFIG_DEBUG_ATOMIC_SLEEP. */
#define might_sleep() ((void)0)
/* n /= base, giving the remainder (n a u64 lvalue). */
#define do_div(n, base)                                                                            \
	({                                                                                         \
		u32 _base = (base);                                                                \
		u32 _rem = (u32)((n) % _base);                                                     \
		(n) /= _base;                                                                      \
		_rem;                                                                              \
	})

/* Pages: the unit e1000's jumbo path and copybreak sizes refer to. */
#define PAGE_SHIFT 12
#define PAGE_SIZE (1UL << PAGE_SHIFT)

#endif
