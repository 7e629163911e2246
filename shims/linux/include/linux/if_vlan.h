/* SPDX-License-Identifier: GPL-2.0 */
/*
 * VLAN: sizes, and the tag an skb carries beside its data. The ethdev
 * service has no VLANs: frames are sent with their tags in the data (never
 * out of band), and a device must not strip received tags.
 */
#ifndef _LINUX_IF_VLAN_H
#define _LINUX_IF_VLAN_H

#include <linux/if_ether.h>
#include <linux/skbuff.h>
#include <linux/netdev_features.h>
#include <linux/etherdevice.h>

#define VLAN_HLEN 4
#define VLAN_ETH_HLEN 18
#define VLAN_ETH_FRAME_LEN 1518

#define VLAN_N_VID 4096
#define VLAN_VID_MASK 0x0fff

static inline bool skb_vlan_tag_present(const struct sk_buff *skb)
{
	(void)skb;
	return false;
}
static inline u16 skb_vlan_tag_get(const struct sk_buff *skb)
{
	return skb->vlan_tci;
}
/* A tag the device stripped would be lost on the way to the stack. */
static inline void __vlan_hwaccel_put_tag(struct sk_buff *skb, __be16 proto, u16 tci)
{
	(void)skb;
	(void)proto;
	(void)tci;
	LINUX_UNSUPPORTED(__vlan_hwaccel_put_tag);
}
static inline netdev_features_t vlan_features_check(struct sk_buff *skb, netdev_features_t features)
{
	(void)skb;
	return features; /* no skb has an out-of-band tag */
}

/* The frame's protocol: no skb has an out-of-band tag. */
static inline __be16 vlan_get_protocol(const struct sk_buff *skb)
{
	return skb->protocol;
}

#endif
