/* Guarded stacks: [guard page][size bytes of stack], from the page allocator. */
#include "stack.h"
#include "paging.h"
#include "pmm.h"

static size_t pages_for(size_t size)
{
	return (size + PAGE_SIZE - 1) / PAGE_SIZE;
}

void *stack_alloc(size_t size)
{
	size_t n = pages_for(size);
	uint64_t pa = phys_alloc_pages(n + 1, 1);

	if (!pa)
		return NULL;
	if (paging_set_guard(pa)) {
		phys_free_pages(pa, n + 1);
		return NULL;
	}
	return phys_to_virt(pa + PAGE_SIZE);
}

void stack_free(void *base, size_t size)
{
	uint64_t guard = virt_to_phys(base) - PAGE_SIZE;

	paging_clear_guard(guard);
	phys_free_pages(guard, pages_for(size) + 1);
}
