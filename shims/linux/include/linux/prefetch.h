/* SPDX-License-Identifier: GPL-2.0 */
/* Prefetching: a compiler builtin. */
#ifndef _LINUX_PREFETCH_H
#define _LINUX_PREFETCH_H

#define prefetch(x) __builtin_prefetch(x)
#define prefetchw(x) __builtin_prefetch(x, 1)
#endif
