/*
 * Physical page allocator: a bitmap over the 4 KiB frames below 4 GiB (the
 * identity-mapped part of RAM; memory above 4 GiB is ignored).  Allocations
 * are physically contiguous, so they serve as DMA buffers; since virtual ==
 * physical, the returned address is also the pointer to use.
 *
 * Never handed out: the first 1 MiB (BIOS data, and it makes 0 a safe
 * failure value), the kernel image and the boot modules.
 *
 * Not reentrant: call from thread context, not from interrupt handlers.
 */
#ifndef ARCH_PMM_H
#define ARCH_PMM_H

#include <stddef.h>
#include <stdint.h>

/* Builds the bitmap from the boot memory map; needs multiboot_parse() first. */
void pmm_init(void);

/*
 * n contiguous free pages; returns their physical address, or 0.  Every
 * frame the allocator manages is below 4 GiB, so below_4g is always met; it
 * states the caller's requirement should that change.
 */
uint64_t phys_alloc_pages(size_t n, int below_4g);

/* n contiguous pages ending at or below limit (a physical address); 0 if none. */
uint64_t phys_alloc_below(size_t n, uint64_t limit);

/* Frees pages from phys_alloc_*; freeing a free page panics. */
void phys_free_pages(uint64_t pa, size_t n);

/* Whether the frame holding pa is free. */
int phys_is_free(uint64_t pa);

/* Number of free pages. */
size_t phys_free_count(void);

#endif
