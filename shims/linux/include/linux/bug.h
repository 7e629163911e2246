/* SPDX-License-Identifier: GPL-2.0 */
/*
 * BUG_ON: Linux stops the machine; a server stops the operation with a BSS
 * error naming the place. WARN*: a line on the debug output, as Linux's.
 */
#ifndef _LINUX_BUG_H
#define _LINUX_BUG_H

#include <linux/printk.h>

#define LINUX__STR(x) #x
#define LINUX__XSTR(x) LINUX__STR(x)

#define BUG() bss_throw(LINUX_E_BUG, 0, "BUG at " __FILE__ ":" LINUX__XSTR(__LINE__))
#define BUG_ON(cond)                                                                               \
	do {                                                                                       \
		if (unlikely(cond))                                                                \
			BUG();                                                                     \
	} while (0)

#define WARN(cond, fmt, ...)                                                                       \
	({                                                                                         \
		int __ret_warn = !!(cond);                                                         \
		if (unlikely(__ret_warn))                                                          \
			printk(KERN_WARNING fmt, ##__VA_ARGS__);                                   \
		unlikely(__ret_warn);                                                              \
	})
#define WARN_ON(cond) WARN(cond, "WARNING at %s:%d\n", __FILE__, __LINE__)
#define WARN_ONCE(cond, fmt, ...)                                                                  \
	({                                                                                         \
		static bool __warned;                                                              \
		int __ret_warn_once = !!(cond);                                                    \
		if (unlikely(__ret_warn_once && !__warned)) {                                      \
			__warned = true;                                                           \
			printk(KERN_WARNING fmt, ##__VA_ARGS__);                                   \
		}                                                                                  \
		unlikely(__ret_warn_once);                                                         \
	})
#define WARN_ON_ONCE(cond) WARN_ONCE(cond, "WARNING at %s:%d\n", __FILE__, __LINE__)

#endif
