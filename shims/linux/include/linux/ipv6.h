/* SPDX-License-Identifier: GPL-2.0 */
/* The IPv6 header, and ipv6_hdr() of an skb whose network header is set. */
#ifndef _LINUX_IPV6_H
#define _LINUX_IPV6_H

#include <linux/skbuff.h>
#include <linux/tcp.h>
#include <linux/udp.h>

struct in6_addr {
	u8 s6_addr[16];
};

struct ipv6hdr {
	u8 priority : 4, version : 4;
	u8 flow_lbl[3];
	__be16 payload_len;
	u8 nexthdr;
	u8 hop_limit;
	struct in6_addr saddr;
	struct in6_addr daddr;
};

static inline struct ipv6hdr *ipv6_hdr(const struct sk_buff *skb)
{
	return (struct ipv6hdr *)skb_network_header(skb);
}

#endif
