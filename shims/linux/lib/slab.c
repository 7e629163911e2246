// SPDX-License-Identifier: GPL-2.0
/*
 * The heap behind kmalloc: first fit over a static arena, each block led by
 * its size; kfree merges a block with the free blocks after it.
 */
#include <linux/kernel.h>
#include <linux/slab.h>

#define LINUX_HEAP_SIZE (64 * 1024)

struct blk {
	size_t size; /* bytes after this header */
	size_t used;
};

static union {
	unsigned char b[LINUX_HEAP_SIZE];
	struct blk align;
} heap;
static bool heap_ready;

static struct blk *next_blk(struct blk *b)
{
	unsigned char *n = (unsigned char *)(b + 1) + b->size;

	return n < heap.b + LINUX_HEAP_SIZE ? (struct blk *)n : NULL;
}

void *kmalloc(size_t size, gfp_t flags)
{
	struct blk *b, *rest;

	(void)flags;
	if (!heap_ready) {
		heap.align = (struct blk){LINUX_HEAP_SIZE - sizeof(struct blk), 0};
		heap_ready = true;
	}
	size = ALIGN(size ? size : 1, sizeof(struct blk));
	for (b = &heap.align; b; b = next_blk(b)) {
		if (b->used || b->size < size)
			continue;
		if (b->size >= size + 2 * sizeof(struct blk)) {
			rest = (struct blk *)((unsigned char *)(b + 1) + size);
			*rest = (struct blk){b->size - size - sizeof(struct blk), 0};
			b->size = size;
		}
		b->used = 1;
		return b + 1;
	}
	printk(KERN_ERR "kmalloc: %zu bytes: the %u-byte heap is full\n", size, LINUX_HEAP_SIZE);
	return NULL;
}

void kfree(const void *p)
{
	struct blk *b, *n;

	if (!p)
		return;
	b = (struct blk *)p - 1;
	b->used = 0;
	while ((n = next_blk(b)) && !n->used)
		b->size += sizeof(struct blk) + n->size;
}

char *kstrdup(const char *s, gfp_t gfp)
{
	size_t n = strlen(s) + 1;
	char *p = kmalloc(n, gfp);

	if (p)
		memcpy(p, s, n);
	return p;
}
