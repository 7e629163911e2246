/*
 * The hosted runtime (and bss-inspect) run every server in the Linux
 * process's one address space: no server is isolated (core/space.h), so
 * the core never calls the functions that only isolated servers reach.
 */
#include "core/space.h"

bool os_space_wanted(const char *file)
{
	(void)file;
	return false;
}

void *os_space_new(const char *file)
{
	(void)file;
	return NULL;
}

void os_space_free(void *space)
{
	(void)space;
}

void *os_space_alloc(void *space, size_t size)
{
	(void)space;
	(void)size;
	return NULL;
}

uint32_t os_space_stats(char *buf, uint32_t n)
{
	(void)buf;
	(void)n;
	return 0;
}

bool os_space_ok(void *space, uint64_t p, uint64_t n)
{
	(void)space;
	(void)p;
	(void)n;
	return false;
}

uint64_t os_space_call(struct server *owner, bss_fn_t fn, void *self, const struct callsig *sig,
		       uint64_t a[4])
{
	(void)owner;
	(void)fn;
	(void)self;
	(void)sig;
	(void)a;
	os_panic("os_space_call: no isolated servers in this runtime");
}

uint64_t os_space_try(uint64_t user_try)
{
	(void)user_try;
	os_panic("os_space_try: no isolated servers in this runtime");
}

void os_space_untry(uint64_t user_try)
{
	(void)user_try;
	os_panic("os_space_untry: no isolated servers in this runtime");
}

uint64_t os_space_ctx_save(void)
{
	return 0;
}

void os_space_ctx_restore(uint64_t state)
{
	(void)state;
}

void os_space_unwind(uint64_t sp)
{
	(void)sp;
}

uint64_t os_space_map(void *space, const void *kaddr, uint64_t size, uint64_t *token)
{
	(void)space;
	(void)kaddr;
	(void)size;
	*token = 0;
	return 0;
}

uint64_t os_space_map_io(void *space, uint64_t phys, uint64_t size, uint64_t *token)
{
	(void)space;
	(void)phys;
	(void)size;
	*token = 0;
	return 0;
}

bool os_space_grant_ports(void *space, uint32_t base, uint32_t count, uint64_t *token)
{
	(void)space;
	(void)base;
	(void)count;
	*token = 0;
	return false;
}

void os_space_revoke_ports(uint64_t token, uint32_t base, uint32_t count)
{
	(void)token;
	(void)base;
	(void)count;
}

void os_space_unmap(uint64_t token, uint64_t va, uint64_t size)
{
	(void)token;
	(void)va;
	(void)size;
}

bool os_space_mapped(uint64_t token)
{
	(void)token;
	return false;
}

uint64_t os_space_shared(void *to, uint64_t addr, uint64_t len)
{
	(void)to;
	(void)addr;
	(void)len;
	return 0;
}

uint64_t os_space_share(void *to, uint64_t addr, uint64_t len)
{
	(void)to;
	(void)addr;
	(void)len;
	return 0;
}
