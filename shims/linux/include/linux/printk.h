/* SPDX-License-Identifier: GPL-2.0 */
/* printk and pr_*() over the debug output (bss_debug, one line per call). */
#ifndef _LINUX_PRINTK_H
#define _LINUX_PRINTK_H

#include <linux/types.h>

#define KERN_SOH "\001"
#define KERN_ERR KERN_SOH "3"
#define KERN_WARNING KERN_SOH "4"
#define KERN_NOTICE KERN_SOH "5"
#define KERN_INFO KERN_SOH "6"
#define KERN_DEBUG KERN_SOH "7"
#define KERN_CONT KERN_SOH "c"

/* Formats like Linux's vsprintf for what drivers print (%pM, %#x, %hx ...). */
int linux_printk(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
#define printk(fmt, ...) linux_printk(fmt, ##__VA_ARGS__)

/* Compiled out, but the arguments are still type-checked (as in Linux). */
#define no_printk(fmt, ...)                                                                        \
	({                                                                                         \
		if (0)                                                                             \
			linux_printk(fmt, ##__VA_ARGS__);                                          \
		0;                                                                                 \
	})

#ifndef pr_fmt
#define pr_fmt(fmt) fmt
#endif

#define pr_err(fmt, ...) printk(KERN_ERR pr_fmt(fmt), ##__VA_ARGS__)
#define pr_warn(fmt, ...) printk(KERN_WARNING pr_fmt(fmt), ##__VA_ARGS__)
#define pr_notice(fmt, ...) printk(KERN_NOTICE pr_fmt(fmt), ##__VA_ARGS__)
#define pr_info(fmt, ...) printk(KERN_INFO pr_fmt(fmt), ##__VA_ARGS__)
#define pr_cont(fmt, ...) printk(KERN_CONT fmt, ##__VA_ARGS__)
#define printk_once(fmt, ...)                                                                      \
	({                                                                                         \
		static bool __printed;                                                             \
		if (!__printed) {                                                                  \
			__printed = true;                                                          \
			printk(fmt, ##__VA_ARGS__);                                                \
		}                                                                                  \
	})
#define pr_info_once(fmt, ...) printk_once(KERN_INFO pr_fmt(fmt), ##__VA_ARGS__)
#define pr_warn_once(fmt, ...) printk_once(KERN_WARNING pr_fmt(fmt), ##__VA_ARGS__)

#ifdef DEBUG
#define pr_debug(fmt, ...) printk(KERN_DEBUG pr_fmt(fmt), ##__VA_ARGS__)
#else
#define pr_debug(fmt, ...) no_printk(KERN_DEBUG pr_fmt(fmt), ##__VA_ARGS__)
#endif

/* print_hex_dump: 16 bytes a line, as Linux's (lib/printk.c). */
enum { DUMP_PREFIX_NONE, DUMP_PREFIX_ADDRESS, DUMP_PREFIX_OFFSET };
void print_hex_dump(const char *level, const char *prefix_str, int prefix_type, int rowsize,
		    int groupsize, const void *buf, size_t len, bool ascii);

#endif
