/* SPDX-License-Identifier: GPL-2.0 */
/* Annotations: address-space and section markers mean nothing in a server. */
#ifndef _LINUX_COMPILER_H
#define _LINUX_COMPILER_H

#include <linux/kconfig.h>

#define likely(x) __builtin_expect(!!(x), 1)
#define unlikely(x) __builtin_expect(!!(x), 0)
/* A compiler barrier; x86 keeps stores to (uncached) device memory in order. */
#define barrier() __asm__ __volatile__("" ::: "memory")

#define __iomem
#define __user
#define __force
#define __init
#define __exit
#define __initdata
#define __maybe_unused __attribute__((unused))
#define __always_inline inline __attribute__((always_inline))
#define __must_check __attribute__((warn_unused_result))
#define __packed __attribute__((packed))
#define __aligned(x) __attribute__((aligned(x)))

#define READ_ONCE(x) (*(const volatile typeof(x) *)&(x))
#define WRITE_ONCE(x, v) (*(volatile typeof(x) *)&(x) = (v))

/* A variable placed for reading: no section of its own in a server. */
#define __read_mostly
#define __always_unused __attribute__((unused))
#define fallthrough __attribute__((__fallthrough__))
#define __stringify_1(x) #x
#define __stringify(x) __stringify_1(x)

#endif
