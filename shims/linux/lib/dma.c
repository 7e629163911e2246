// SPDX-License-Identifier: GPL-2.0
/* Coherent DMA memory: one dmamem reference per buffer, kept until freed. */
#include <linux/dma-mapping.h>

#define LINUX_DMA_MAX 8

static struct {
	void *vaddr;
	bss_ref_t mem;
} dma_bufs[LINUX_DMA_MAX];

/* A kept dmamem reference, 0 if the DMA service has none to give. */
static bss_ref_t dma_mem(size_t size)
{
	struct bss_try t;
	volatile bss_ref_t mem = 0;

	BSS_TRY(t) {
		mem = bss_keep(dma_alloc(LINUX_DMA, size, 1));
	} BSS_CATCH(t) {
		printk(KERN_ERR "dma_alloc_coherent: %s\n", t.err.msg);
	}
	return mem;
}

void *dma_alloc_coherent(struct device *dev, size_t size, dma_addr_t *handle, gfp_t gfp)
{
	int i;

	(void)dev;
	(void)gfp;
	for (i = 0; i < LINUX_DMA_MAX && dma_bufs[i].mem; i++)
		;
	if (i == LINUX_DMA_MAX || !(dma_bufs[i].mem = dma_mem(size)))
		return NULL;
	dma_bufs[i].vaddr = (void *)(uintptr_t)dmamem_map(dma_bufs[i].mem);
	*handle = dmamem_phys(dma_bufs[i].mem);
	return dma_bufs[i].vaddr;
}

void dma_free_coherent(struct device *dev, size_t size, void *vaddr, dma_addr_t handle)
{
	int i;

	(void)dev;
	(void)size;
	(void)handle;
	for (i = 0; i < LINUX_DMA_MAX; i++)
		if (dma_bufs[i].mem && dma_bufs[i].vaddr == vaddr) {
			bss_release(dma_bufs[i].mem);
			dma_bufs[i].mem = 0;
			return;
		}
	printk(KERN_ERR "dma_free_coherent: %p was not allocated\n", vaddr);
}
