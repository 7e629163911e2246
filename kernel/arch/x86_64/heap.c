/*
 * First-fit heap with boundary tags.
 *
 * Memory comes from the page allocator in arenas of at least ARENA_MIN
 * bytes, taken below 2 GiB (see heap.h) and never given back.  An arena is
 * a header, then a sequence of blocks that exactly fills it, then an
 * end marker (a used block of size 0).  Each block starts with a 16-byte
 * header, so payloads are 16-byte aligned because arenas are page aligned.
 *
 * Invariants (checked by kheap_check()):
 *  - a block's size is a multiple of 16, at least MIN_BLOCK;
 *  - blk->prev_size is the size of the block before it (0 for the first);
 *  - no two free blocks are adjacent (kfree merges them);
 *  - every free block is on the free list exactly once.
 */
#include "heap.h"
#include "cpu.h"
#include "kprintf.h"
#include "kstring.h"
#include "paging.h"
#include "pmm.h"

#define HEAP_LIMIT (2ul << 30)
#define ARENA_MIN (1ul << 20)
#define MAX_ALLOC (1ul << 30)
#define MAGIC_USED 0x75736564u /* "used" */
#define MAGIC_FREE 0x66726565u /* "free" */
#define POISON 0x6b

struct blk {
	uint32_t size;	    /* whole block, header included; 0 for the end marker */
	uint32_t prev_size; /* 0: first block of its arena */
	uint32_t magic;
	uint32_t pad;
};

struct free_blk {
	struct blk h;
	struct free_blk *next, *prev;
};

#define HDR sizeof(struct blk)
#define MIN_BLOCK sizeof(struct free_blk)

struct arena {
	struct arena *next;
	uint64_t size;
};

static struct arena *arenas;
static struct free_blk *free_list;
static size_t in_use;

static struct blk *next_blk(struct blk *b)
{
	return (struct blk *)((char *)b + b->size);
}

static void list_add(struct free_blk *f)
{
	f->h.magic = MAGIC_FREE;
	f->prev = NULL;
	f->next = free_list;
	if (free_list)
		free_list->prev = f;
	free_list = f;
}

static void list_del(struct free_blk *f)
{
	if (f->prev)
		f->prev->next = f->next;
	else
		free_list = f->next;
	if (f->next)
		f->next->prev = f->prev;
}

static int grow(size_t need)
{
	size_t bytes = need + sizeof(struct arena) + HDR;

	bytes = (bytes + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1);
	if (bytes < ARENA_MIN)
		bytes = ARENA_MIN;
	uint64_t pa = phys_alloc_below(bytes / PAGE_SIZE, HEAP_LIMIT);
	if (!pa)
		return -1;
	struct arena *a = phys_to_virt(pa);
	a->size = bytes;
	a->next = arenas;
	arenas = a;

	struct blk *b = (struct blk *)(a + 1);
	b->size = (uint32_t)(bytes - sizeof(struct arena) - HDR);
	b->prev_size = 0;
	struct blk *end = next_blk(b);
	end->size = 0;
	end->prev_size = b->size;
	end->magic = MAGIC_USED;
	list_add((struct free_blk *)b);
	return 0;
}

static void *alloc_locked(size_t size)
{
	if (size > MAX_ALLOC)
		return NULL;
	size_t need = (size + HDR + 15) & ~(size_t)15;
	if (need < MIN_BLOCK)
		need = MIN_BLOCK;

	struct free_blk *f;
	for (;;) {
		for (f = free_list; f && f->h.size < need; f = f->next)
			;
		if (f)
			break;
		if (grow(need))
			return NULL;
	}
	list_del(f);
	struct blk *b = &f->h;
	if (b->size - need >= MIN_BLOCK) {
		struct blk *rest = (struct blk *)((char *)b + need);
		rest->size = b->size - (uint32_t)need;
		rest->prev_size = (uint32_t)need;
		next_blk(rest)->prev_size = rest->size;
		b->size = (uint32_t)need;
		list_add((struct free_blk *)rest);
	}
	b->magic = MAGIC_USED;
	in_use += b->size;
	return b + 1;
}

void *kmalloc(size_t size)
{
	int on = irq_save();
	void *p = alloc_locked(size);

	irq_restore(on);
	return p;
}

void *kzalloc(size_t size)
{
	void *p = kmalloc(size);

	if (p)
		memset(p, 0, size);
	return p;
}

void kfree(void *p)
{
	if (!p)
		return;
	struct blk *b = (struct blk *)p - 1;
	int on = irq_save();

	if (((uintptr_t)p & 15) || b->magic != MAGIC_USED || b->size < MIN_BLOCK)
		panic("kfree: %p is not an allocated heap block (double free?)", p);
	in_use -= b->size;
	/* Poison the payload so use-after-free shows up as 0x6b6b... */
	memset(p, POISON, b->size - HDR);

	struct blk *n = next_blk(b);
	if (n->magic == MAGIC_FREE) {
		list_del((struct free_blk *)n);
		b->size += n->size;
	}
	if (b->prev_size) {
		struct blk *pv = (struct blk *)((char *)b - b->prev_size);
		if (pv->magic == MAGIC_FREE) {
			list_del((struct free_blk *)pv);
			pv->size += b->size;
			b = pv;
		}
	}
	next_blk(b)->prev_size = b->size;
	list_add((struct free_blk *)b);
	irq_restore(on);
}

size_t kheap_in_use(void)
{
	return in_use;
}

int kheap_check(void)
{
	int on = irq_save();
	size_t used = 0, nfree = 0, listed = 0;

	for (struct arena *a = arenas; a; a = a->next) {
		struct blk *b = (struct blk *)(a + 1);
		uint32_t prev = 0;
		int prev_free = 0;
		for (; b->size; b = next_blk(b)) {
			if ((b->size & 15) || b->size < MIN_BLOCK || b->prev_size != prev)
				panic("heap: bad block header at %p", (void *)b);
			if ((char *)next_blk(b) > (char *)a + a->size - HDR)
				panic("heap: block at %p runs past its arena", (void *)b);
			if (b->magic == MAGIC_FREE) {
				if (prev_free)
					panic("heap: adjacent free blocks at %p", (void *)b);
				nfree++;
			} else if (b->magic == MAGIC_USED) {
				used += b->size;
			} else {
				panic("heap: bad magic at %p", (void *)b);
			}
			prev_free = b->magic == MAGIC_FREE;
			prev = b->size;
		}
		if (b->prev_size != prev || b->magic != MAGIC_USED)
			panic("heap: bad end marker at %p", (void *)b);
	}
	for (struct free_blk *f = free_list; f; f = f->next) {
		if (f->h.magic != MAGIC_FREE || (f->next && f->next->prev != f))
			panic("heap: free list corrupt at %p", (void *)f);
		listed++;
	}
	if (used != in_use || listed != nfree)
		panic("heap: accounting off (used %lu/%lu, free %lu/%lu)", used, in_use, listed,
		      nfree);
	irq_restore(on);
	return 0;
}
