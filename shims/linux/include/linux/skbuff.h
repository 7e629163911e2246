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

struct linux_pkt;

#define MAX_SKB_FRAGS	17
/* x86 reads unaligned IP headers at full speed: Linux's x86 NET_IP_ALIGN is 0. */
#define NET_IP_ALIGN	0

/* skb->ip_summed */
#define CHECKSUM_NONE		0	/* the stack checks / computes it */
#define CHECKSUM_UNNECESSARY	1	/* RX: the device verified the L4 checksum */
#define CHECKSUM_COMPLETE	2
#define CHECKSUM_PARTIAL	3	/* TX: the device fills in the L4 checksum */

/* A paged fragment; the kit's skbs are linear (nr_frags is 0). */
typedef struct {
	void *addr;
	unsigned int size;
} skb_frag_t;

struct skb_shared_info {
	u8 nr_frags;
	unsigned short gso_size;	/* TX: segment payload size for large send, 0 if none */
	unsigned short gso_segs;
	skb_frag_t frags[MAX_SKB_FRAGS];
};

struct sk_buff {
	unsigned char *head;	/* the frame's first byte (Ethernet header) */
	unsigned char *data;
	unsigned int len;
	unsigned int data_len;	/* bytes in frags: always 0 (linear) */
	__be16 protocol;
	u8 ip_summed;
	u16 network_header;	/* offset of the IP header from head */
	u16 csum_start;		/* CHECKSUM_PARTIAL: checksum from here (offset from head) */
	u16 csum_offset;	/* ... stored this far after csum_start */
	u16 vlan_tci;
	struct skb_shared_info shinfo;
	struct linux_pkt *pkt;	/* pool packet, or NULL for a foreign one */
	bss_ref_t ref;		/* reference to the packet, 0 while only the driver holds it */
	bool tx;
};

#define skb_shinfo(skb)	(&(skb)->shinfo)

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
	(void)skb;	/* Linux's is a debug check of a fresh skb's CHECKSUM_NONE */
}

static inline unsigned char *skb_put(struct sk_buff *skb, unsigned int len)
{
	unsigned char *tail = skb->data + skb->len;

	skb->len += len;
	return tail;
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

static inline void skb_copy_to_linear_data(struct sk_buff *skb, const void *from,
					   unsigned int len)
{
	memcpy(skb->data, from, len);
}

static inline void skb_copy_to_linear_data_offset(struct sk_buff *skb, int offset,
						  const void *from, unsigned int len)
{
	memcpy(skb->data + offset, from, len);
}

/*
 * A copy that completes a CHECKSUM_PARTIAL checksum, as Linux's does for
 * devices that cannot (lib/netdev.c).
 */
void skb_copy_and_csum_dev(const struct sk_buff *skb, u8 *to);

void dev_kfree_skb_any(struct sk_buff *skb);
#define dev_kfree_skb(skb)	dev_kfree_skb_any(skb)
#define dev_kfree_skb_irq(skb)	dev_kfree_skb_any(skb)
#define dev_consume_skb_any(skb) dev_kfree_skb_any(skb)
#define dev_consume_skb_irq(skb) dev_kfree_skb_any(skb)
#define kfree_skb(skb)		dev_kfree_skb_any(skb)

struct net_device;
/* An RX buffer from the driver's pool (lib/netdev.c), NULL if all are in use. */
struct sk_buff *netdev_alloc_skb(struct net_device *dev, unsigned int len);
#define netdev_alloc_skb_ip_align(dev, len) netdev_alloc_skb(dev, len)

#endif
