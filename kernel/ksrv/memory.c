/*
 * Anonymous memory, data spaces and map (thesis 3.5.3). Every allocation is a
 * data space server of its own; map gives its address, which in one address
 * space is simply where the memory is.
 */
#include "ksrv.h"

struct ds {
	void *mem;
	uint64_t size;
};

static const struct bss_service_desc *ds_desc;

static uint64_t ds_size(struct ds *d)
{
	return d->size;
}

static void ds_free(struct ds *d)
{
	core_free(d->mem, d->size ? d->size : 1);
	core_free(d, sizeof(*d));
}

static bss_ref_t memory_alloc(void *self, uint64_t size)
{
	(void)self;
	if (size > (1ull << 32))
		core_throw(BSS_E_INVAL, 22, "memory.alloc: %lu bytes is too much", (unsigned long)size);
	struct ds *d = core_alloc(sizeof(*d));
	d->size = size;
	d->mem = core_try_alloc(size ? size : 1);
	if (!d->mem) {
		core_free(d, sizeof(*d));
		core_throw(BSS_E_NOMEM, 12, "memory.alloc: out of memory");
	}
	return ksrv_object(ds_desc, d, "dataspace", (bss_fn_t)ds_free);
}

static uint64_t map_map(void *self, bss_ref_t h)
{
	(void)self;
	struct server *s = ref_resolve(h);

	if (s->desc != ds_desc)
		core_throw(BSS_E_INVAL, 22, "map: %s is not a data space this kernel can map",
			   server_name(s));
	return (uint64_t)(uintptr_t)((struct ds *)s->self)->mem;
}

/* meminfo: the core's memory in use, for leak checks under load (both runtimes). */
static uint64_t meminfo_in_use(void *self)
{
	(void)self;
	return core_mem_in_use();
}

void ksrv_memory_init(void)
{
	static const bss_fn_t info[] = { (bss_fn_t)meminfo_in_use };
	static const bss_fn_t mem[] = { (bss_fn_t)memory_alloc };
	static const bss_fn_t dsf[] = { (bss_fn_t)ds_size };
	static const bss_fn_t mapf[] = { (bss_fn_t)map_map };

	ds_desc = ksrv_desc(SVC_DATASPACE, dsf, 1);
	ksrv_add(SVC_MEMORY, mem, 1, "memory");
	ksrv_add(SVC_MAP, mapf, 1, "map");
	ksrv_add(SVC_MEMINFO, info, 1, "meminfo");
}
