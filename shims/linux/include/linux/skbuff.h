/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Socket buffers over BSS packets. An skb is a window (data, len) on a
 * packet's buffer (head). Received skbs are packets of the driver's RX pool
 * (napi_alloc_skb); netif_receive_skb puts the whole frame into the ethdev
 * RX queue. Transmitted skbs wrap a packet taken from the TX queue;
 * freeing them returns driver-owned packets to the TX-free queue.
 */
#ifndef _LINUX_SKBUFF_H
#define _LINUX_SKBUFF_H

#include <linux/kernel.h>
#include <linux/string.h>

struct linux_pkt;

struct sk_buff {
	unsigned char *head;	/* the frame's first byte (Ethernet header) */
	unsigned char *data;
	unsigned int len;
	__be16 protocol;
	struct linux_pkt *pkt;	/* pool packet, or NULL for a foreign one */
	bss_ref_t ref;		/* reference to the packet (temporary) */
	bool tx;
};

static inline unsigned char *skb_put(struct sk_buff *skb, unsigned int len)
{
	unsigned char *tail = skb->data + skb->len;

	skb->len += len;
	return tail;
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
 * Linux completes a CHECKSUM_PARTIAL checksum here; the BSS stack hands
 * over frames with their checksums done, so this is a copy.
 */
static inline void skb_copy_and_csum_dev(const struct sk_buff *skb, u8 *to)
{
	memcpy(to, skb->data, skb->len);
}

void dev_kfree_skb_any(struct sk_buff *skb);
#define dev_kfree_skb(skb)	dev_kfree_skb_any(skb)
#define dev_kfree_skb_irq(skb)	dev_kfree_skb_any(skb)
#define kfree_skb(skb)		dev_kfree_skb_any(skb)

#endif
