/*
 * Core memory: a thin, counting layer over the runtime's allocator, so tests
 * can check that a rejected load or a destroyed server leaves nothing behind.
 */
#include "core.h"

static size_t in_use;

void *core_try_alloc(size_t size)
{
	void *p = os_alloc(size);

	if (!p)
		return NULL;
	__builtin_memset(p, 0, size);
	in_use += size;
	return p;
}

void *core_alloc(size_t size)
{
	void *p = core_try_alloc(size);

	if (!p)
		core_throw(BSS_E_NOMEM, ENOMEM, "out of memory (%zu bytes)", size);
	return p;
}

void core_free(void *p, size_t size)
{
	if (!p)
		return;
	in_use -= size;
	os_free(p, size);
}

size_t core_mem_in_use(void)
{
	return in_use;
}
