/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Socket buffers over BSS packets. An skb is a window (data, len) on a
 * packet's buffer (head); every skb is linear. Received skbs are packets of
 * the driver's RX pool (napi_alloc_skb, netdev_alloc_skb); netif_receive_skb
 * puts the whole frame into the ethdev RX queue. Transmitted skbs wrap a
 * packet taken from the TX queue; freeing them returns driver-owned packets
 * to the TX-free queue. The offload fields (ip_summed, gso_size) carry what
 * the stack asked of the device and what the device checked.
 */
#ifndef _LINUX_SKBUFF_H
#define _LINUX_SKBUFF_H

#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/cache.h>

struct linux_pkt;

#define MAX_SKB_FRAGS 17
/* x86 reads unaligned IP headers at full speed: Linux's x86 NET_IP_ALIGN is 0. */
#define NET_IP_ALIGN 0

/* skb->ip_summed */
#define CHECKSUM_NONE 0	       /* the stack checks / computes it */
#define CHECKSUM_UNNECESSARY 1 /* RX: the device verified the L4 checksum */
#define CHECKSUM_COMPLETE 2
#define CHECKSUM_PARTIAL 3 /* TX: the device fills in the L4 checksum */

/* Received frames have no headroom to grow: nothing is pushed in front of them. */
#define NET_SKB_PAD 0
#define SKB_DATA_ALIGN(x) ALIGN((x), SMP_CACHE_BYTES)

/* Pages exist for paged RX and TX fragments only, which the kit's skbs have not. */
struct page;

/* A paged fragment; the kit's skbs are linear (nr_frags is 0). */
typedef struct {
	void *addr;
	unsigned int size;
} skb_frag_t;

struct skb_shared_info {
	u8 nr_frags;
	unsigned short gso_size; /* TX: segment payload size for large send, 0 if none */
	unsigned short gso_segs;
	unsigned int gso_type; /* SKB_GSO_TCPV4 if gso_size is set */
	u8 tx_flags;	       /* SKBTX_*: never set (no TX time stamps asked) */
	skb_frag_t frags[MAX_SKB_FRAGS];
};

struct sk_buff {
	unsigned char *head; /* the frame's first byte (Ethernet header) */
	unsigned char *data;
	unsigned int len;
	unsigned int data_len; /* bytes in frags: always 0 (linear) */
	__be16 protocol;
	u8 ip_summed;
	u16 network_header;   /* offset of the IP header from head */
	u16 transport_header; /* offset of the TCP/UDP header from head */
	u16 csum_start;	      /* CHECKSUM_PARTIAL: checksum from here (offset from head) */
	u16 csum_offset;      /* ... stored this far after csum_start */
	u16 vlan_tci;
	struct skb_shared_info shinfo;
	struct linux_pkt *pkt; /* pool packet, or NULL for a foreign one */
	bss_ref_t ref;	       /* reference to the packet, 0 while only the driver holds it */
	bool tx;
	u8 no_fcs;	       /* TX: send without the FCS (never asked) */
	unsigned int truesize; /* memory the skb accounts for */
	u32 hash;	       /* RX: the device's flow hash (skb_set_hash) */
};

/* Hardware time stamps: the stack asks for none (tx_flags stays 0). */
#define SKBTX_HW_TSTAMP (1 << 0)
#define SKBTX_IN_PROGRESS (1 << 2)
struct skb_shared_hwtstamps {
	s64 hwtstamp;
};
static inline struct skb_shared_hwtstamps *skb_hwtstamps(struct sk_buff *skb)
{
	(void)skb;
	LINUX_UNSUPPORTED(skb_hwtstamps);
	return NULL;
}
static inline void skb_tstamp_tx(struct sk_buff *skb, struct skb_shared_hwtstamps *hwtstamps)
{
	(void)skb, (void)hwtstamps;
	LINUX_UNSUPPORTED(skb_tstamp_tx);
}
/* A second reference: only the TX time stamp path takes one. */
static inline struct sk_buff *skb_get(struct sk_buff *skb)
{
	LINUX_UNSUPPORTED(skb_get);
	return skb;
}

enum pkt_hash_types { PKT_HASH_TYPE_NONE, PKT_HASH_TYPE_L2, PKT_HASH_TYPE_L3, PKT_HASH_TYPE_L4 };
static inline void skb_set_hash(struct sk_buff *skb, u32 hash, enum pkt_hash_types type)
{
	(void)type;
	skb->hash = hash;
}

#define skb_shinfo(skb) (&(skb)->shinfo)

static inline unsigned int skb_headlen(const struct sk_buff *skb)
{
	return skb->len - skb->data_len;
}
static inline unsigned int skb_frag_size(const skb_frag_t *frag)
{
	return frag->size;
}
static inline void *skb_frag_address(const skb_frag_t *frag)
{
	return frag->addr;
}
static inline unsigned char *skb_network_header(const struct sk_buff *skb)
{
	return skb->head + skb->network_header;
}
static inline void skb_checksum_none_assert(const struct sk_buff *skb)
{
	(void)skb; /* Linux's is a debug check of a fresh skb's CHECKSUM_NONE */
}

static inline unsigned char *skb_put(struct sk_buff *skb, unsigned int len)
{
	unsigned char *tail = skb->data + skb->len;

	skb->len += len;
	return tail;
}

/* Pads with zeros to len bytes (a TX buffer holds a whole frame); 0 on success. */
static inline int skb_put_padto(struct sk_buff *skb, unsigned int len)
{
	unsigned int n = skb->len < len ? len - skb->len : 0;

	memset(skb_put(skb, n), 0, n);
	return 0;
}

/* Headroom on an empty skb: the frame (head) starts len bytes later. */
static inline void skb_reserve(struct sk_buff *skb, int len)
{
	skb->head += len;
	skb->data += len;
}
/* Software TX timestamps serve sockets that ask for them: none here. */
static inline void skb_tx_timestamp(struct sk_buff *skb)
{
	(void)skb;
}
/* No PHY timestamping (Linux without CONFIG_NETWORK_PHY_TIMESTAMPING): not deferred. */
static inline bool skb_defer_rx_timestamp(struct sk_buff *skb)
{
	(void)skb;
	return false;
}
static inline unsigned char *skb_pull(struct sk_buff *skb, unsigned int len)
{
	skb->len -= len;
	return skb->data += len;
}

static inline void skb_copy_to_linear_data(struct sk_buff *skb, const void *from, unsigned int len)
{
	memcpy(skb->data, from, len);
}

static inline void skb_copy_to_linear_data_offset(struct sk_buff *skb, int offset, const void *from,
						  unsigned int len)
{
	memcpy(skb->data + offset, from, len);
}

/*
 * A copy that completes a CHECKSUM_PARTIAL checksum, as Linux's does for
 * devices that cannot (lib/netdev.c).
 */
void skb_copy_and_csum_dev(const struct sk_buff *skb, u8 *to);

void dev_kfree_skb_any(struct sk_buff *skb);
#define dev_kfree_skb(skb) dev_kfree_skb_any(skb)
#define dev_kfree_skb_irq(skb) dev_kfree_skb_any(skb)
#define dev_consume_skb_any(skb) dev_kfree_skb_any(skb)
#define dev_consume_skb_irq(skb) dev_kfree_skb_any(skb)
#define kfree_skb(skb) dev_kfree_skb_any(skb)

struct net_device;
/* An RX buffer from the driver's pool (lib/netdev.c), NULL if all are in use. */
struct sk_buff *netdev_alloc_skb(struct net_device *dev, unsigned int len);
#define netdev_alloc_skb_ip_align(dev, len) netdev_alloc_skb(dev, len)
#define __netdev_alloc_skb_ip_align(dev, len, gfp) ((void)(gfp), netdev_alloc_skb(dev, len))

/* ---- segmentation offload (TSO) and header offsets ---- */

#define SKB_GSO_TCPV4 (1 << 0)
#define SKB_GSO_TCPV6 (1 << 4)

static inline bool skb_is_gso(const struct sk_buff *skb)
{
	return skb->shinfo.gso_size != 0;
}
static inline bool skb_is_gso_v6(const struct sk_buff *skb)
{
	return skb->shinfo.gso_type & SKB_GSO_TCPV6;
}
static inline int skb_network_offset(const struct sk_buff *skb)
{
	return skb->head + skb->network_header - skb->data;
}
static inline int skb_transport_offset(const struct sk_buff *skb)
{
	return skb->head + skb->transport_header - skb->data;
}
static inline unsigned char *skb_transport_header(const struct sk_buff *skb)
{
	return skb->head + skb->transport_header;
}
static inline int skb_checksum_start_offset(const struct sk_buff *skb)
{
	return skb->head + skb->csum_start - skb->data;
}
/* Headers the driver rewrites (TSO) are its own: a TX buffer is never shared. */
static inline int skb_cow_head(struct sk_buff *skb, unsigned int headroom)
{
	(void)skb;
	(void)headroom;
	return 0;
}
static inline unsigned char *skb_tail_pointer(const struct sk_buff *skb)
{
	return skb->data + skb->len;
}
static inline void *skb_put_data(struct sk_buff *skb, const void *data, unsigned int len)
{
	void *tmp = skb_put(skb, len);

	memcpy(tmp, data, len);
	return tmp;
}
static inline void skb_trim(struct sk_buff *skb, unsigned int len)
{
	if (skb->len > len)
		skb->len = len;
}
/* Pulls paged data into the linear part: there is none to pull. */
/* Jumbo frames' paged RX only (an MTU ethdev never sets). */
static inline unsigned int skb_tailroom(const struct sk_buff *skb)
{
	(void)skb;
	LINUX_UNSUPPORTED(skb_tailroom);
	return 0;
}
static inline bool pskb_may_pull(struct sk_buff *skb, unsigned int len)
{
	return len <= skb_headlen(skb);
}
static inline void *__pskb_pull_tail(struct sk_buff *skb, int delta)
{
	(void)skb;
	(void)delta;
	LINUX_UNSUPPORTED(__pskb_pull_tail);
	return NULL;
}

/*
 * RX buffers allocated before a frame comes (lib/skbuff.c): an RX pool
 * packet's buffer; skb_free_frag() gives back one not made into an skb.
 */
void *netdev_alloc_frag(unsigned int fragsz);
#define napi_alloc_frag(fragsz) netdev_alloc_frag(fragsz)
void skb_free_frag(void *data);

/* Paged fragments (jumbo RX, TX frags): not supported, each names itself. */
struct page *alloc_page(gfp_t gfp);
void put_page(struct page *page);
void *page_address(const struct page *page);
void skb_fill_page_desc(struct sk_buff *skb, int i, struct page *page, int off, int size);
int pskb_trim(struct sk_buff *skb, unsigned int len);
struct page *skb_frag_page(const skb_frag_t *frag);
void *kmap_atomic(struct page *page);
#define kunmap_atomic(addr) ((void)(addr))
#define page_to_phys(page) ((phys_addr_t)(uintptr_t)page_address(page))
struct device;
dma_addr_t skb_frag_dma_map(struct device *dev, const skb_frag_t *frag, size_t offset, size_t size,
			    int dir);
/* A test's own skbs (e1000's ethtool loopback test, removed): none outside the pools. */
struct sk_buff *alloc_skb(unsigned int size, gfp_t priority);

#endif
