/*
 * Page table edits on top of boot.S's identity map.  Only PML4[0] is used,
 * so the kernel can address [0, 512 GiB); boot.S fills PDPT[0..3] and more
 * page directories appear when MMIO above 4 GiB is mapped.  Page tables come
 * from the physical page allocator and are identity mapped like the rest.
 */
#include "paging.h"
#include "cpu.h"
#include "kstring.h"
#include "pmm.h"

#define SIZE_2M (2ul << 20)
#define SIZE_1G (1ul << 30)
#define VA_LIMIT (512ul << 30) /* what PML4[0] covers */
#define FOUR_GB (4ul << 30)
/* The bits of a 2 MiB entry a 4 KiB entry inherits: P, W, PWT, PCD, and NX. */
#define LEAF_ATTRS (0x1ful | (1ul << 63))

extern uint64_t boot_pdpt[512];
extern char boot_stack_guard[];

static uint64_t *alloc_table(void)
{
	uint64_t pa = phys_alloc_pages(1, 1);

	if (!pa)
		return NULL;
	uint64_t *t = phys_to_virt(pa);
	memset(t, 0, PAGE_SIZE);
	return t;
}

/* Page directory for va; with create, one is built (identity, 2 MiB pages) if missing. */
static uint64_t *pd_for(uintptr_t va, int create)
{
	unsigned i = (va >> 30) & 511;

	if (va >= VA_LIMIT)
		return NULL;
	if (!(boot_pdpt[i] & PTE_P)) {
		if (!create)
			return NULL;
		uint64_t *pd = alloc_table();
		if (!pd)
			return NULL;
		for (unsigned j = 0; j < 512; j++)
			pd[j] = ((uint64_t)i * SIZE_1G + j * SIZE_2M) | PTE_P | PTE_W | PTE_PS;
		boot_pdpt[i] = virt_to_phys(pd) | PTE_P | PTE_W;
	}
	return phys_to_virt(boot_pdpt[i] & PTE_ADDR_MASK);
}

/*
 * Page table for va, splitting its 2 MiB page if split is set.  Returns
 * NULL if va is unmapped, or is still a 2 MiB page and split is not set.
 */
static uint64_t *pt_for(uintptr_t va, int split)
{
	uint64_t *pd = pd_for(va, 0);

	if (!pd)
		return NULL;
	uint64_t *pde = &pd[(va >> 21) & 511];
	if (!(*pde & PTE_P))
		return NULL;
	if (*pde & PTE_PS) {
		if (!split)
			return NULL;
		uint64_t *pt = alloc_table();
		if (!pt)
			return NULL;
		uint64_t base = *pde & PTE_ADDR_MASK & ~(SIZE_2M - 1);
		for (unsigned j = 0; j < 512; j++)
			pt[j] = (base + j * PAGE_SIZE) | (*pde & LEAF_ATTRS);
		/* Attributes live in the leaves; the directory entry stays plain. */
		*pde = virt_to_phys(pt) | PTE_P | PTE_W;
		/* A page size change: flush the whole TLB, not just one entry. */
		write_cr3(read_cr3());
	}
	return phys_to_virt(*pde & PTE_ADDR_MASK);
}

int paging_set_guard(uintptr_t va)
{
	if ((va & (PAGE_SIZE - 1)) || va >= FOUR_GB)
		return -1;
	uint64_t *pt = pt_for(va, 1);
	if (!pt)
		return -1;
	pt[(va >> 12) & 511] &= ~PTE_P;
	invlpg(va);
	return 0;
}

int paging_clear_guard(uintptr_t va)
{
	if ((va & (PAGE_SIZE - 1)) || va >= FOUR_GB)
		return -1;
	uint64_t *pt = pt_for(va, 0);
	if (!pt)
		return paging_is_mapped(va) ? 0 : -1; /* never split: still mapped */
	pt[(va >> 12) & 511] |= PTE_P;
	invlpg(va);
	return 0;
}

void *paging_map_mmio(uint64_t phys, size_t len)
{
	if (!len || phys >= VA_LIMIT || len > VA_LIMIT - phys)
		return NULL;
	uint64_t start = phys & ~(PAGE_SIZE - 1);
	uint64_t end = (phys + len + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1);

	for (uint64_t r = start & ~(SIZE_2M - 1); r < end; r += SIZE_2M) {
		uint64_t *pd = pd_for(r, 1);
		if (!pd)
			return NULL;
		uint64_t *pde = &pd[(r >> 21) & 511];
		if ((*pde & PTE_PS) && start <= r && r + SIZE_2M <= end) {
			*pde |= PTE_PCD | PTE_PWT; /* the whole 2 MiB page is device memory */
			continue;
		}
		/* Only part of it is: do not make the RAM around it uncached. */
		uint64_t *pt = pt_for(r, 1);
		if (!pt)
			return NULL;
		uint64_t lo = start > r ? start : r;
		uint64_t hi = end < r + SIZE_2M ? end : r + SIZE_2M;
		for (uint64_t p = lo; p < hi; p += PAGE_SIZE)
			pt[(p >> 12) & 511] |= PTE_PCD | PTE_PWT;
	}
	write_cr3(read_cr3());
	return phys_to_virt(phys);
}

uint64_t paging_lookup(uintptr_t va)
{
	uint64_t *pd = pd_for(va, 0);

	if (!pd)
		return 0;
	uint64_t pde = pd[(va >> 21) & 511];
	if (!(pde & PTE_P) || (pde & PTE_PS))
		return pde;
	const uint64_t *pt = phys_to_virt(pde & PTE_ADDR_MASK);
	return pt[(va >> 12) & 511];
}

int paging_is_mapped(uintptr_t va)
{
	return (paging_lookup(va) & PTE_P) != 0;
}

void paging_init(void)
{
	/* Nothing lives at page 0; unmapping it turns NULL dereferences into faults. */
	paging_set_guard(0);
	paging_set_guard((uintptr_t)boot_stack_guard);
}
