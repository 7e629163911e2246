// SPDX-License-Identifier: GPL-2.0
/*
 * What the shims leave out of skbuff.h: paged fragments (RX into pages,
 * TX with frags) and skbs not from a driver's packet pool. Every packet
 * is one linear buffer of the pool (skbuff.c), so these fail at run time
 * naming the Linux symbol (LINUX_UNSUPPORTED) instead of doing nothing.
 */
#include <linux/netdevice.h>
#include <linux/dma-mapping.h>

struct page *alloc_page(gfp_t gfp)
{
	(void)gfp;
	LINUX_UNSUPPORTED(alloc_page);
	return NULL;
}
void put_page(struct page *page)
{
	(void)page;
	LINUX_UNSUPPORTED(put_page);
}
void *page_address(const struct page *page)
{
	(void)page;
	LINUX_UNSUPPORTED(page_address);
	return NULL;
}
void *kmap_atomic(struct page *page)
{
	(void)page;
	LINUX_UNSUPPORTED(kmap_atomic);
	return NULL;
}
void skb_fill_page_desc(struct sk_buff *skb, int i, struct page *page, int off, int size)
{
	(void)skb, (void)i, (void)page, (void)off, (void)size;
	LINUX_UNSUPPORTED(skb_fill_page_desc);
}
int pskb_trim(struct sk_buff *skb, unsigned int len)
{
	(void)skb, (void)len;
	LINUX_UNSUPPORTED(pskb_trim);
	return -EINVAL;
}
struct page *skb_frag_page(const skb_frag_t *frag)
{
	(void)frag;
	LINUX_UNSUPPORTED(skb_frag_page);
	return NULL;
}
dma_addr_t skb_frag_dma_map(struct device *dev, const skb_frag_t *frag, size_t offset, size_t size,
			    int dir)
{
	(void)dev, (void)frag, (void)offset, (void)size, (void)dir;
	LINUX_UNSUPPORTED(skb_frag_dma_map);
	return DMA_MAPPING_ERROR;
}
dma_addr_t dma_map_page(struct device *dev, struct page *page, size_t offset, size_t size,
			enum dma_data_direction dir)
{
	(void)dev, (void)page, (void)offset, (void)size, (void)dir;
	LINUX_UNSUPPORTED(dma_map_page);
	return DMA_MAPPING_ERROR;
}
struct sk_buff *napi_get_frags(struct napi_struct *napi)
{
	(void)napi;
	LINUX_UNSUPPORTED(napi_get_frags);
	return NULL;
}
gro_result_t napi_gro_frags(struct napi_struct *napi)
{
	(void)napi;
	LINUX_UNSUPPORTED(napi_gro_frags);
	return GRO_MERGED_FREE;
}
/* Frees the skb napi_get_frags() made: it never makes one. */
void napi_free_frags(struct napi_struct *napi)
{
	(void)napi;
}
struct sk_buff *alloc_skb(unsigned int size, gfp_t priority)
{
	(void)size, (void)priority;
	LINUX_UNSUPPORTED(alloc_skb);
	return NULL;
}
