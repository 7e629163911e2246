/* SPDX-License-Identifier: GPL-2.0 */
/* Ethernet helpers: addresses, alloc_etherdev, eth_type_trans. */
#ifndef _LINUX_ETHERDEVICE_H
#define _LINUX_ETHERDEVICE_H

#include <linux/netdevice.h>
#include <linux/if_ether.h>
#include <linux/crc32.h>

static inline bool is_zero_ether_addr(const u8 *a)
{
	return !(a[0] | a[1] | a[2] | a[3] | a[4] | a[5]);
}
static inline bool is_multicast_ether_addr(const u8 *a)
{
	return a[0] & 1;
}
static inline bool is_valid_ether_addr(const u8 *a)
{
	return !is_multicast_ether_addr(a) && !is_zero_ether_addr(a);
}

static inline void eth_zero_addr(u8 *addr)
{
	memset(addr, 0, ETH_ALEN);
}

static inline void eth_hw_addr_set(struct net_device *dev, const u8 *addr)
{
	memcpy(dev->dev_addr, addr, ETH_ALEN);
}

static inline bool ether_addr_equal(const u8 *a, const u8 *b)
{
	return !memcmp(a, b, ETH_ALEN);
}

/* ndo_set_mac_address: the ethdev service never changes the address. */
static inline int eth_mac_addr(struct net_device *dev, void *p)
{
	(void)dev;
	(void)p;
	LINUX_UNSUPPORTED(eth_mac_addr);
	return -EOPNOTSUPP;
}

static inline int eth_validate_addr(struct net_device *dev)
{
	return is_valid_ether_addr(dev->dev_addr) ? 0 : -EADDRNOTAVAIL;
}

/* Linux pulls the Ethernet header; the frame start stays in skb->head. */
static inline __be16 eth_type_trans(struct sk_buff *skb, struct net_device *dev)
{
	const u8 *h = skb->data;

	(void)dev;
	skb_pull(skb, ETH_HLEN);
	return (__be16)(h[12] | h[13] << 8);
}

static inline bool is_broadcast_ether_addr(const u8 *a)
{
	return (a[0] & a[1] & a[2] & a[3] & a[4] & a[5]) == 0xff;
}

/* Pads a short frame with zeros to ETH_ZLEN (the TX buffer has room); 0 on success. */
static inline int eth_skb_pad(struct sk_buff *skb)
{
	if (skb->len < ETH_ZLEN) {
		memset(skb->data + skb->len, 0, ETH_ZLEN - skb->len);
		skb->len = ETH_ZLEN;
	}
	return 0;
}

#endif
