/* SPDX-License-Identifier: GPL-2.0 */
/*
 * DMA over the dma service. Coherent buffers: dma.alloc (below 4 GiB,
 * zeroed). Streaming mappings: every buffer a driver may map (its packets,
 * its coherent buffers) already lies in a DMA region of this server
 * (lib/dma.c), so mapping is the translation to the device address, and
 * unmapping has nothing to undo (x86 is cache-coherent).
 */
#ifndef _LINUX_DMA_MAPPING_H
#define _LINUX_DMA_MAPPING_H

#include <linux/types.h>
#include <linux/device.h>
#include <linux/gfp.h>
#include <linux/errno.h>

enum dma_data_direction {
	DMA_BIDIRECTIONAL = 0,
	DMA_TO_DEVICE = 1,
	DMA_FROM_DEVICE = 2,
	DMA_NONE = 3,
};

#define DMA_MAPPING_ERROR (~(dma_addr_t)0)
#define DMA_BIT_MASK(n) (((n) == 64) ? ~0ULL : ((1ULL << (n)) - 1))

void *dma_alloc_coherent(struct device *dev, size_t size, dma_addr_t *handle, gfp_t gfp);
void dma_free_coherent(struct device *dev, size_t size, void *vaddr, dma_addr_t handle);

/* The device address of [ptr, ptr + size), DMA_MAPPING_ERROR if not in a DMA region. */
dma_addr_t dma_map_single(struct device *dev, void *ptr, size_t size, enum dma_data_direction dir);
static inline void dma_unmap_single(struct device *dev, dma_addr_t addr, size_t size,
				    enum dma_data_direction dir)
{
	(void)dev;
	(void)addr;
	(void)size;
	(void)dir;
}
static inline int dma_mapping_error(struct device *dev, dma_addr_t addr)
{
	(void)dev;
	return addr == DMA_MAPPING_ERROR;
}
/* The dma service allocates below 4 GiB: any mask of 32 bits or more fits. */
static inline int dma_set_mask_and_coherent(struct device *dev, u64 mask)
{
	(void)dev;
	return mask >= DMA_BIT_MASK(32) ? 0 : -EIO;
}
static inline int dma_set_mask(struct device *dev, u64 mask)
{
	return dma_set_mask_and_coherent(dev, mask);
}
static inline int dma_set_coherent_mask(struct device *dev, u64 mask)
{
	return dma_set_mask_and_coherent(dev, mask);
}
/* x86 DMA is cache-coherent: handing a streaming buffer over moves no data. */
static inline void dma_sync_single_for_cpu(struct device *dev, dma_addr_t addr, size_t size,
					   enum dma_data_direction dir)
{
	(void)dev, (void)addr, (void)size, (void)dir;
}
static inline void dma_sync_single_for_device(struct device *dev, dma_addr_t addr, size_t size,
					      enum dma_data_direction dir)
{
	(void)dev, (void)addr, (void)size, (void)dir;
}

/* A DMA region of this server: a kept dmamem reference and its two addresses. */
void *linux_dma_region(size_t size, dma_addr_t *handle);

/* Pages are never mapped (skbuff.h): unmapping is unmap_single's nothing. */
struct page;
dma_addr_t dma_map_page(struct device *dev, struct page *page, size_t offset, size_t size,
			enum dma_data_direction dir);
#define dma_unmap_page(dev, addr, size, dir) dma_unmap_single(dev, addr, size, dir)

#endif
