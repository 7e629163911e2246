/* SPDX-License-Identifier: GPL-2.0 */
/* ISA DMA channels: no PCI driver uses them; Linux's PCI drivers include it for history. */
#ifndef _ASM_DMA_H
#define _ASM_DMA_H

#include <linux/dma-mapping.h>

#endif
