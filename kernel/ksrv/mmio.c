/*
 * Memory-mapped I/O: mmiospace maps a physical range uncached and hands it
 * out as an mmio server, whose accesses are checked against the range and
 * done with single, volatile loads and stores of the requested width.
 */
#include "ksrv.h"
#include "core/space.h"

#define MMIO_PAGE 4096u /* what os_space_map_io maps: whole pages */

struct mmio {
	volatile uint8_t *va;
	uint64_t phys, size;
	struct ksrv_maps maps; /* isolated callers it is mapped into (map) */
};

KSRV_SERVICE(mmio_desc, MMIO, struct mmio, kmmio)
KSRV_SERVICE(mmiospace_desc, MMIOSPACE, void, kmmiospace)

static volatile void *at(struct mmio *m, uint64_t off, unsigned size)
{
	if (off >= m->size || m->size - off < size || (off & (size - 1)))
		core_throw(BSS_E_INVAL, EINVAL,
			   "mmio: offset 0x%lx (%u bytes) outside or misaligned in %lx+%lx",
			   (unsigned long)off, size, (unsigned long)m->phys,
			   (unsigned long)m->size);
	return m->va + off;
}

uint32_t kmmio_read8(struct mmio *m, uint64_t off)
{
	return *(volatile uint8_t *)at(m, off, 1);
}

uint32_t kmmio_read16(struct mmio *m, uint64_t off)
{
	return *(volatile uint16_t *)at(m, off, 2);
}

uint32_t kmmio_read32(struct mmio *m, uint64_t off)
{
	return *(volatile uint32_t *)at(m, off, 4);
}

void kmmio_write8(struct mmio *m, uint64_t off, uint32_t v)
{
	*(volatile uint8_t *)at(m, off, 1) = (uint8_t)v;
}

void kmmio_write16(struct mmio *m, uint64_t off, uint32_t v)
{
	*(volatile uint16_t *)at(m, off, 2) = (uint16_t)v;
}

void kmmio_write32(struct mmio *m, uint64_t off, uint32_t v)
{
	*(volatile uint32_t *)at(m, off, 4) = v;
}

/*
 * The region's address for direct access, uncached: for a caller in the
 * kernel's space the kernel's mapping; for an isolated caller its pages
 * mapped into the caller's space, once, while the region lives (the
 * mapping goes with the region or with the space). Only a region that
 * starts a page is mapped there, and its whole pages are: what a space can
 * reach is its own BAR's pages (PCI firmware gives memory BARs a page at
 * least, SeaBIOS's rule), never memory the region does not name. A refused
 * caller keeps the read and write calls, which check the range.
 */
uint64_t kmmio_map(struct mmio *m)
{
	struct server *caller = ksrv_leaf_caller(m);
	void *space = caller ? space_of(caller) : NULL;

	if (!space)
		return (uint64_t)(uintptr_t)m->va;
	if (m->phys & (MMIO_PAGE - 1))
		core_throw(BSS_E_INVAL, ENOSYS,
			   "mmio.map: %lx+%lx does not start a page: %s uses the mmio calls",
			   (unsigned long)m->phys, (unsigned long)m->size, server_name(caller));
	for (uint32_t i = 0; i < m->maps.n; i++)
		if (m->maps.map[i].space == space && os_space_mapped(m->maps.map[i].token))
			return m->maps.map[i].va;
	uint32_t slot = m->maps.n;
	for (uint32_t i = 0; i < m->maps.n; i++)
		if (!os_space_mapped(m->maps.map[i].token))
			slot = i; /* that space is gone */
	if (slot == KSRV_MAPS)
		core_throw(BSS_E_LIMIT, ENOSPC, "mmio.map: mapped into %d isolated servers already",
			   KSRV_MAPS);
	uint64_t tok, va = os_space_map_io(space, m->phys, m->size, &tok);
	if (!va)
		core_throw(BSS_E_NOMEM, ENOMEM, "mmio.map: no room in %s's address space",
			   server_name(caller));
	m->maps.map[slot].token = tok;
	m->maps.map[slot].va = va;
	m->maps.map[slot].space = space;
	if (slot == m->maps.n)
		m->maps.n++;
	core_log("bss: %s maps mmio %lx+%lx uncached at 0x%lx\n", server_name(caller),
		 (unsigned long)m->phys, (unsigned long)m->size, (unsigned long)va);
	return va;
}

uint64_t kmmio_phys(struct mmio *m)
{
	return m->phys;
}

uint64_t kmmio_size(struct mmio *m)
{
	return m->size;
}

/*
 * The kernel's mapping stays (it is the identity map, made uncached);
 * isolated servers' mappings of it go.
 */
static void mm_free(struct mmio *m)
{
	ksrv_unmap_all(&m->maps, m->size);
	core_free(m, sizeof(*m));
}

bss_ref_t kmmiospace_region(void *self, uint64_t phys, uint64_t size)
{
	(void)self;
	if (ksrv_os_no_hw)
		core_throw(BSS_E_INVAL, ENOSYS, "mmiospace: %s", ksrv_os_no_hw);
	if (!size || phys + size < phys)
		core_throw(BSS_E_INVAL, EINVAL, "mmiospace: bad range %lx+%lx", (unsigned long)phys,
			   (unsigned long)size);
	void *va = ksrv_os_map_mmio(phys, size);
	if (!va)
		core_throw(BSS_E_NOMEM, ENOMEM, "mmiospace: cannot map %lx+%lx",
			   (unsigned long)phys, (unsigned long)size);
	struct mmio *m = core_alloc(sizeof(*m));
	m->va = va;
	m->phys = phys;
	m->size = size;
	return ksrv_leaf_object(&mmio_desc, m, "mmio", (bss_fn_t)mm_free);
}

void ksrv_mmio_init(void)
{
	ksrv_add(&mmiospace_desc, "mmiospace");
}
