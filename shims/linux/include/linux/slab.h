/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kmalloc and friends: a first-fit heap in the server's data (lib/slab.c).
 * Drivers allocate their ring bookkeeping once, at probe or open; DMA
 * memory is dma_alloc_coherent's, never this.
 */
#ifndef _LINUX_SLAB_H
#define _LINUX_SLAB_H

#include <linux/types.h>
#include <linux/gfp.h>

void *kmalloc(size_t size, gfp_t flags);
void kfree(const void *p);
static inline void *kzalloc(size_t size, gfp_t flags)
{
	void *p = kmalloc(size, flags);

	if (p)
		__builtin_memset(p, 0, size);
	return p;
}
static inline void *kcalloc(size_t n, size_t size, gfp_t flags)
{
	if (size && n > (size_t)-1 / size)
		return NULL;
	return kzalloc(n * size, flags);
}
#define kmalloc_array(n, size, flags) kcalloc(n, size, flags)
/* Linux 7's typed allocation: kzalloc_objs(TYPE, COUNT[, GFP]) -> TYPE *, zeroed. */
#define kzalloc_objs(type, n, ...) ((type *)kcalloc((n), sizeof(type), GFP_KERNEL))
#define kzalloc_obj(type, ...) ((type *)kzalloc(sizeof(type), GFP_KERNEL))

#endif
