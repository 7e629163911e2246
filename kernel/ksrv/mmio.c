/*
 * Memory-mapped I/O: mmiospace maps a physical range uncached and hands it
 * out as an mmio server, whose accesses are checked against the range and
 * done with single, volatile loads and stores of the requested width.
 */
#include "ksrv.h"
#include "core/space.h"

struct mmio {
	volatile uint8_t *va;
	uint64_t phys, size;
};

KSRV_SERVICE(mmio_desc, MMIO, struct mmio, kmmio)
KSRV_SERVICE(mmiospace_desc, MMIOSPACE, void, kmmiospace)

static volatile void *at(struct mmio *m, uint64_t off, unsigned size)
{
	if (off >= m->size || m->size - off < size || (off & (size - 1)))
		core_throw(BSS_E_INVAL, EINVAL, "mmio: offset 0x%lx (%u bytes) outside or misaligned in %lx+%lx",
			   (unsigned long)off, size, (unsigned long)m->phys, (unsigned long)m->size);
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
 * The kernel's uncached mapping, for callers in the kernel's space. An
 * isolated caller gets no mapping yet (its space maps memory cached), so it
 * is refused and keeps using the read and write calls, which check the range.
 */
uint64_t kmmio_map(struct mmio *m)
{
	/*
	 * Region accesses are leaf calls (no frame of their own): the caller is
	 * then the thread's current server; otherwise the frame's caller. A
	 * refusal only costs the caller its direct access, never correctness.
	 */
	struct frame *f = cur_thread->frames;
	struct server *caller = cur_thread->cur;

	if (!space_of(caller) && f && f->caller)
		caller = f->caller;
	if (caller && space_of(caller))
		core_throw(BSS_E_INVAL, ENOSYS, "mmio.map: %s is isolated: registers go through mmio calls",
			   server_name(caller));
	return (uint64_t)(uintptr_t)m->va;
}

uint64_t kmmio_phys(struct mmio *m)
{
	return m->phys;
}

uint64_t kmmio_size(struct mmio *m)
{
	return m->size;
}

/* The mapping stays (it is the identity map, made uncached); only the record goes. */
static void mm_free(struct mmio *m)
{
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
		core_throw(BSS_E_NOMEM, ENOMEM, "mmiospace: cannot map %lx+%lx", (unsigned long)phys,
			   (unsigned long)size);
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
