/*
 * Anonymous memory, data spaces and map (thesis 3.5.3). Every allocation is a
 * data space server of its own; map gives its address, which in the
 * runtime's address space is simply where the memory is, and for an
 * isolated caller (core/space.h) where its pages are mapped in the caller's
 * space. Data spaces are whole pages of their own, so such a mapping shows
 * nothing else; the mappings go when the data space does.
 */
#include "ksrv.h"
#include "core/space.h"

struct ds {
	void *mem;
	uint64_t size;
	struct ksrv_maps maps;
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
	ksrv_unmap_all(&d->maps, d->size);
	ksrv_os_pages_free(d->mem, d->size);
	core_free(d, sizeof(*d));
}

bss_ref_t kmemory_alloc(void *self, uint64_t size)
{
	(void)self;
	if (size > (1ull << 32))
		core_throw(BSS_E_INVAL, EINVAL, "memory.alloc: %lu bytes is too much",
			   (unsigned long)size);
	struct ds *d = core_alloc(sizeof(*d));
	d->size = size;
	d->mem = ksrv_os_pages(size);
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
	struct ds *d = s->self;
	return ksrv_map_for_caller(&d->maps, d->mem, d->size ? d->size : 1);
}

uint64_t ksrv_map_for_caller(struct ksrv_maps *m, void *mem, uint64_t size)
{
	struct frame *f = cur_thread->frames;
	void *space = f && f->caller ? space_of(f->caller) : NULL;

	if (!space)
		return (uint64_t)(uintptr_t)mem;
	for (uint32_t i = 0; i < m->n; i++)
		if (m->map[i].space == space && os_space_mapped(m->map[i].token))
			return m->map[i].va;
	uint32_t slot = m->n;
	for (uint32_t i = 0; i < m->n; i++)
		if (!os_space_mapped(m->map[i].token))
			slot = i; /* that space is gone */
	if (slot == KSRV_MAPS)
		core_throw(BSS_E_LIMIT, ENOSPC, "map: mapped into %d isolated servers already",
			   KSRV_MAPS);
	uint64_t tok, va = os_space_map(space, mem, size, &tok);
	if (!va)
		core_throw(BSS_E_NOMEM, ENOMEM, "map: no room in %s's address space",
			   server_name(f->caller));
	m->map[slot].token = tok;
	m->map[slot].va = va;
	m->map[slot].space = space;
	if (slot == m->n)
		m->n++;
	return va;
}

void ksrv_unmap_all(struct ksrv_maps *m, uint64_t size)
{
	for (uint32_t i = 0; i < m->n; i++)
		os_space_unmap(m->map[i].token, m->map[i].va, size ? size : 1);
	m->n = 0;
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
