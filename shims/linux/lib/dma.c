// SPDX-License-Identifier: GPL-2.0
/*
 * DMA regions: one dmamem reference each, kept until freed. Coherent
 * buffers are regions; so is the packet pool (netdev.c). A streaming
 * mapping translates an address inside a region to the device's view.
 */
#include <linux/dma-mapping.h>

#define LINUX_DMA_MAX 8

static struct {
	unsigned char *vaddr;
	dma_addr_t phys;
	size_t size;
	bss_ref_t mem;
} regions[LINUX_DMA_MAX];

/* A kept dmamem reference, 0 if the DMA service has none to give. */
static bss_ref_t dma_mem(size_t size)
{
	struct bss_try t;
	volatile bss_ref_t mem = 0;

	BSS_TRY(t)
	{
		mem = bss_keep(dma_alloc(LINUX_DMA, size, 1));
	}
	BSS_CATCH(t)
	{
		printk(KERN_ERR "dma: %zu bytes: %s\n", size, t.err.msg);
	}
	return mem;
}

void *linux_dma_region(size_t size, dma_addr_t *handle)
{
	int i;

	for (i = 0; i < LINUX_DMA_MAX && regions[i].mem; i++)
		;
	if (i == LINUX_DMA_MAX || !(regions[i].mem = dma_mem(size)))
		return NULL;
	regions[i].vaddr = (unsigned char *)(uintptr_t)dmamem_map(regions[i].mem);
	regions[i].phys = dmamem_phys(regions[i].mem);
	regions[i].size = size;
	*handle = regions[i].phys;
	return regions[i].vaddr;
}

void *dma_alloc_coherent(struct device *dev, size_t size, dma_addr_t *handle, gfp_t gfp)
{
	(void)dev;
	(void)gfp;
	return linux_dma_region(size, handle);
}

void dma_free_coherent(struct device *dev, size_t size, void *vaddr, dma_addr_t handle)
{
	int i;

	(void)dev;
	(void)size;
	(void)handle;
	for (i = 0; i < LINUX_DMA_MAX; i++)
		if (regions[i].mem && regions[i].vaddr == vaddr) {
			bss_release(regions[i].mem);
			regions[i].mem = 0;
			return;
		}
	printk(KERN_ERR "dma_free_coherent: %p was not allocated\n", vaddr);
}

dma_addr_t dma_map_single(struct device *dev, void *ptr, size_t size, enum dma_data_direction dir)
{
	/*
	 * The region of the last hit first: a driver maps its RX buffers one
	 * after another from the pool's regions (e1000e's grows to six), and
	 * the search from the first cost about 50 instructions per frame.
	 */
	static int last;
	unsigned char *p = ptr;
	int i = last, n;

	(void)dev;
	(void)dir;
	for (n = 0; n < LINUX_DMA_MAX; n++, i = (i + 1) % LINUX_DMA_MAX)
		if (regions[i].mem && p >= regions[i].vaddr &&
		    p + size <= regions[i].vaddr + regions[i].size) {
			last = i;
			return regions[i].phys + (dma_addr_t)(p - regions[i].vaddr);
		}
	printk(KERN_ERR "dma_map_single: %p is in no DMA region\n", ptr);
	return DMA_MAPPING_ERROR;
}
