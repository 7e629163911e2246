/* SPDX-License-Identifier: GPL-2.0 */
/* Coherent DMA buffers over the dma service (below 4 GiB, zeroed). */
#ifndef _LINUX_DMA_MAPPING_H
#define _LINUX_DMA_MAPPING_H

#include <linux/types.h>
#include <linux/device.h>
#include <linux/gfp.h>

void *dma_alloc_coherent(struct device *dev, size_t size, dma_addr_t *handle, gfp_t gfp);
void dma_free_coherent(struct device *dev, size_t size, void *vaddr, dma_addr_t handle);

#endif
