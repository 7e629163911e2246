/*
 * Bitmap page allocator.  Bit set = frame used (or not RAM); a fresh bitmap
 * is all ones and only RAM the memory map calls available is cleared.
 * First fit from the lowest free frame.
 */
#include "pmm.h"
#include "boot.h"
#include "kprintf.h"
#include "kstring.h"
#include "paging.h"

#define PMM_LIMIT (4ul << 30)
#define NFRAMES (PMM_LIMIT / PAGE_SIZE)
#define LOW_RESERVED (1ul << 20)

extern char _kernel_start[], _kernel_end[];

static uint64_t bitmap[NFRAMES / 64];
static size_t nfree;
static size_t first_free; /* invariant: no free frame below it */
static size_t end_frame;  /* invariant: no free frame at or above it */

static int used(size_t f)
{
	return (bitmap[f / 64] >> (f % 64)) & 1;
}

static void set_used(size_t f)
{
	if (!used(f))
		nfree--;
	bitmap[f / 64] |= 1ul << (f % 64);
}

static void set_free(size_t f)
{
	if (used(f))
		nfree++;
	bitmap[f / 64] &= ~(1ul << (f % 64));
}

/* Marks [base, base + len) used: rounded outwards, since any overlap matters. */
static void reserve(uint64_t base, uint64_t len)
{
	uint64_t lo = base / PAGE_SIZE;
	uint64_t hi = (base + len + PAGE_SIZE - 1) / PAGE_SIZE;

	for (uint64_t f = lo; f < hi && f < NFRAMES; f++)
		set_used(f);
}

void pmm_init(void)
{
	memset(bitmap, 0xff, sizeof(bitmap));
	nfree = 0;
	for (unsigned i = 0; i < boot_mem_count(); i++) {
		const struct mem_region *r = boot_mem(i);
		if (r->type != MEM_AVAILABLE || r->base >= PMM_LIMIT)
			continue;
		uint64_t end = r->base + r->len;
		if (end > PMM_LIMIT)
			end = PMM_LIMIT;
		/* Available memory rounds inwards: a partial frame is not usable. */
		for (uint64_t f = (r->base + PAGE_SIZE - 1) / PAGE_SIZE; f < end / PAGE_SIZE; f++)
			set_free(f);
	}
	reserve(0, LOW_RESERVED);
	reserve((uintptr_t)_kernel_start, (uintptr_t)(_kernel_end - _kernel_start));
	for (unsigned i = 0; i < boot_module_count(); i++)
		reserve(boot_module(i)->phys, boot_module(i)->size);

	first_free = NFRAMES;
	end_frame = 0;
	for (size_t w = 0; w < NFRAMES / 64; w++) {
		uint64_t frees = ~bitmap[w];
		if (!frees)
			continue;
		if (first_free == NFRAMES)
			first_free = w * 64 + (size_t)__builtin_ctzl(frees);
		end_frame = w * 64 + 64 - (size_t)__builtin_clzl(frees);
	}
}

uint64_t phys_alloc_below(size_t n, uint64_t limit)
{
	size_t lim = limit / PAGE_SIZE;
	size_t run = 0;

	if (!n)
		return 0;
	if (lim > end_frame)
		lim = end_frame;
	for (size_t f = first_free; f < lim; f++) {
		/* Skip 64 used frames at a time. */
		if (!(f % 64) && bitmap[f / 64] == ~0ul) {
			run = 0;
			f += 63;
			continue;
		}
		if (used(f)) {
			run = 0;
			continue;
		}
		if (++run < n)
			continue;
		size_t start = f + 1 - n;
		for (size_t g = start; g <= f; g++)
			set_used(g);
		if (start == first_free)
			while (first_free < end_frame && used(first_free))
				first_free++;
		return (uint64_t)start * PAGE_SIZE;
	}
	return 0;
}

uint64_t phys_alloc_pages(size_t n, int below_4g)
{
	(void)below_4g; /* all managed memory is below 4 GiB */
	return phys_alloc_below(n, PMM_LIMIT);
}

void phys_free_pages(uint64_t pa, size_t n)
{
	size_t f0 = pa / PAGE_SIZE;

	if ((pa & (PAGE_SIZE - 1)) || pa < LOW_RESERVED || f0 + n > end_frame)
		panic("phys_free_pages: bad range %lx + %lu pages", pa, n);
	for (size_t f = f0; f < f0 + n; f++) {
		if (!used(f))
			panic("phys_free_pages: page %lx is already free", (uint64_t)f * PAGE_SIZE);
		set_free(f);
	}
	if (f0 < first_free)
		first_free = f0;
}

int phys_is_free(uint64_t pa)
{
	size_t f = pa / PAGE_SIZE;

	return f < NFRAMES && !used(f);
}

size_t phys_free_count(void)
{
	return nfree;
}
