/* SPDX-License-Identifier: GPL-2.0 */
/*
 * IPv6 checksums: the stack sends no IPv6 (ethdev carries IPv4 and ARP),
 * so an IPv6 segmentation request cannot come; if one does, it fails.
 */
#ifndef _NET_IP6_CHECKSUM_H
#define _NET_IP6_CHECKSUM_H

#include <linux/skbuff.h>
#include <net/checksum.h>

static inline void tcp_v6_gso_csum_prep(struct sk_buff *skb)
{
	(void)skb;
	LINUX_UNSUPPORTED(tcp_v6_gso_csum_prep);
}

#endif
