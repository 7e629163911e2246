/*
 * Memory-mapped I/O: mmiospace maps a physical range uncached and hands it
 * out as an mmio server, whose accesses are checked against the range and
 * done with single, volatile loads and stores of the requested width.
 */
#include "ksrv.h"

struct mmio {
	volatile uint8_t *va;
	uint64_t phys, size;
};

static const struct bss_service_desc *mmio_desc;

static volatile void *at(struct mmio *m, uint64_t off, unsigned size)
{
	if (off >= m->size || m->size - off < size || (off & (size - 1)))
		core_throw(BSS_E_INVAL, 22, "mmio: offset 0x%lx (%u bytes) outside or misaligned in %lx+%lx",
			   (unsigned long)off, size, (unsigned long)m->phys, (unsigned long)m->size);
	return m->va + off;
}

static uint32_t mm_read8(struct mmio *m, uint64_t off)
{
	return *(volatile uint8_t *)at(m, off, 1);
}

static uint32_t mm_read16(struct mmio *m, uint64_t off)
{
	return *(volatile uint16_t *)at(m, off, 2);
}

static uint32_t mm_read32(struct mmio *m, uint64_t off)
{
	return *(volatile uint32_t *)at(m, off, 4);
}

static void mm_write8(struct mmio *m, uint64_t off, uint32_t v)
{
	*(volatile uint8_t *)at(m, off, 1) = (uint8_t)v;
}

static void mm_write16(struct mmio *m, uint64_t off, uint32_t v)
{
	*(volatile uint16_t *)at(m, off, 2) = (uint16_t)v;
}

static void mm_write32(struct mmio *m, uint64_t off, uint32_t v)
{
	*(volatile uint32_t *)at(m, off, 4) = v;
}

static uint64_t mm_map(struct mmio *m)
{
	return (uint64_t)(uintptr_t)m->va;
}

static uint64_t mm_phys(struct mmio *m)
{
	return m->phys;
}

static uint64_t mm_size(struct mmio *m)
{
	return m->size;
}

/* The mapping stays (it is the identity map, made uncached); only the record goes. */
static void mm_free(struct mmio *m)
{
	core_free(m, sizeof(*m));
}

static bss_ref_t mmiospace_region(void *self, uint64_t phys, uint64_t size)
{
	(void)self;
	if (ksrv_os_no_hw)
		core_throw(BSS_E_INVAL, 38 /* ENOSYS */, "mmiospace: %s", ksrv_os_no_hw);
	if (!size || phys + size < phys)
		core_throw(BSS_E_INVAL, 22, "mmiospace: bad range %lx+%lx", (unsigned long)phys,
			   (unsigned long)size);
	void *va = ksrv_os_map_mmio(phys, size);
	if (!va)
		core_throw(BSS_E_NOMEM, 12, "mmiospace: cannot map %lx+%lx", (unsigned long)phys,
			   (unsigned long)size);
	struct mmio *m = core_alloc(sizeof(*m));
	m->va = va;
	m->phys = phys;
	m->size = size;
	return ksrv_leaf_object(mmio_desc, m, "mmio", (bss_fn_t)mm_free);
}

void ksrv_mmio_init(void)
{
	static const bss_fn_t fns[] = { (bss_fn_t)mm_read8,  (bss_fn_t)mm_read16, (bss_fn_t)mm_read32,
					(bss_fn_t)mm_write8, (bss_fn_t)mm_write16, (bss_fn_t)mm_write32,
					(bss_fn_t)mm_map,    (bss_fn_t)mm_phys,   (bss_fn_t)mm_size };
	static const bss_fn_t sp[] = { (bss_fn_t)mmiospace_region };

	mmio_desc = ksrv_desc(SVC_MMIO, fns, 9);
	ksrv_add(SVC_MMIOSPACE, sp, 1, "mmiospace");
}
