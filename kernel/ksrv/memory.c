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

KSRV_SERVICE(dataspace_desc, DATASPACE, struct ds, kdataspace)
KSRV_SERVICE(memory_desc, MEMORY, void, kmemory)
KSRV_SERVICE(map_desc, MAP, void, kmap)
KSRV_SERVICE(meminfo_desc, MEMINFO, void, kmeminfo)


uint64_t kdataspace_size(struct ds *d)
{
	return d->size;
}

static void ds_free(struct ds *d)
{
	core_free(d->mem, d->size ? d->size : 1);
	core_free(d, sizeof(*d));
}

bss_ref_t kmemory_alloc(void *self, uint64_t size)
{
	(void)self;
	if (size > (1ull << 32))
		core_throw(BSS_E_INVAL, EINVAL, "memory.alloc: %lu bytes is too much", (unsigned long)size);
	struct ds *d = core_alloc(sizeof(*d));
	d->size = size;
	d->mem = core_try_alloc(size ? size : 1);
	if (!d->mem) {
		core_free(d, sizeof(*d));
		core_throw(BSS_E_NOMEM, ENOMEM, "memory.alloc: out of memory");
	}
	return ksrv_object(&dataspace_desc, d, "dataspace", (bss_fn_t)ds_free);
}

uint64_t kmap_map(void *self, bss_ref_t h)
{
	(void)self;
	struct server *s = ref_resolve(h);

	if (s->desc != &dataspace_desc)
		core_throw(BSS_E_INVAL, EINVAL, "map: %s is not a data space this kernel can map",
			   server_name(s));
	return (uint64_t)(uintptr_t)((struct ds *)s->self)->mem;
}

/* meminfo: the core's memory in use, for leak checks under load (both runtimes). */
uint64_t kmeminfo_in_use(void *self)
{
	(void)self;
	return core_mem_in_use();
}

void ksrv_memory_init(void)
{
	ksrv_add(&memory_desc, "memory");
	ksrv_add(&map_desc, "map");
	ksrv_add(&meminfo_desc, "meminfo");
}
