/*
 * Page tables.  boot.S identity maps [0, 4 GiB) with 2 MiB pages; virtual
 * address == physical address everywhere.  A 2 MiB page is split into 512
 * 4 KiB pages on demand when one of them needs different attributes (a
 * guard page, an uncached MMIO page).  Splits are never undone.
 *
 * Not reentrant: call from thread context, not from interrupt handlers.
 */
#ifndef ARCH_PAGING_H
#define ARCH_PAGING_H

#include <stddef.h>
#include <stdint.h>

#define PAGE_SIZE 4096ul
#define PTE_P 0x001ul
#define PTE_W 0x002ul
#define PTE_PWT 0x008ul
#define PTE_PCD 0x010ul
#define PTE_PS 0x080ul /* in a page directory entry: 2 MiB page */
#define PTE_ADDR_MASK 0x000ffffffffff000ul

/* Unmaps page 0 (NULL dereferences fault) and the boot stack's guard page. */
void paging_init(void);

/*
 * Unmaps / remaps the single 4 KiB page at va (page aligned, below 4 GiB).
 * Returns 0, or -1 for a bad address or when no page table could be
 * allocated.
 */
int paging_set_guard(uintptr_t va);
int paging_clear_guard(uintptr_t va);

/*
 * Makes [phys, phys + len) uncached (PCD|PWT) and returns its virtual
 * address, which equals phys.  Ranges above 4 GiB (up to 512 GiB) get an
 * identity mapping created on the fly.  Returns NULL on failure.
 */
void *paging_map_mmio(uint64_t phys, size_t len);

/* The leaf entry mapping va (4 KiB or 2 MiB), 0 if there is none. */
uint64_t paging_lookup(uintptr_t va);

/* Whether a read of va would succeed without a page fault. */
int paging_is_mapped(uintptr_t va);

static inline uint64_t virt_to_phys(const void *p)
{
	return (uint64_t)(uintptr_t)p;
}

static inline void *phys_to_virt(uint64_t pa)
{
	return (void *)(uintptr_t)pa;
}

#endif
