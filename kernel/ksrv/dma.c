/*
 * DMA memory: physically contiguous, zeroed, with its physical address known
 * (flags bit 0: below 4 GiB). Each block is a dmamem server; releasing the
 * last reference frees it.
 */
#include "ksrv.h"

#define DMA_BELOW_4G 1u

struct dmamem {
	void *va;
	uint64_t phys, size;
	struct ksrv_maps maps; /* isolated drivers it is mapped into */
};

KSRV_SERVICE(dmamem_desc, DMAMEM, struct dmamem, kdmamem)
KSRV_SERVICE(dma_desc, DMA, void, kdma)

/* For an isolated driver, the block mapped into its space (the device still uses phys). */
uint64_t kdmamem_map(struct dmamem *d)
{
	return ksrv_map_for_caller(&d->maps, d->va, d->size);
}

uint64_t kdmamem_phys(struct dmamem *d)
{
	return d->phys;
}

uint64_t kdmamem_size(struct dmamem *d)
{
	return d->size;
}

static void dm_free(struct dmamem *d)
{
	ksrv_unmap_all(&d->maps, d->size);
	ksrv_os_dma_free(d->va, d->size);
	core_free(d, sizeof(*d));
}

bss_ref_t kdma_alloc(void *self, uint64_t size, uint32_t flags)
{
	(void)self;
	if (ksrv_os_no_hw)
		core_throw(BSS_E_INVAL, ENOSYS, "dma: %s", ksrv_os_no_hw);
	if (!size || size > (256ull << 20) || (flags & ~DMA_BELOW_4G))
		core_throw(BSS_E_INVAL, EINVAL, "dma.alloc: bad size %lu or flags 0x%x",
			   (unsigned long)size, flags);
	struct dmamem *d = core_alloc(sizeof(*d));
	d->size = size;
	d->va = ksrv_os_dma_alloc(size, flags & DMA_BELOW_4G, &d->phys);
	if (!d->va) {
		core_free(d, sizeof(*d));
		core_throw(BSS_E_NOMEM, ENOMEM, "dma.alloc: no %lu contiguous bytes",
			   (unsigned long)size);
	}
	__builtin_memset(d->va, 0, size);
	return ksrv_object(&dmamem_desc, d, "dmamem", (bss_fn_t)dm_free);
}

void ksrv_dma_init(void)
{
	ksrv_add(&dma_desc, "dma");
}
