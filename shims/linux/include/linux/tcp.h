/* SPDX-License-Identifier: GPL-2.0 */
/* TCP header access: what checksum and segmentation offloads look at. */
#ifndef _LINUX_TCP_H
#define _LINUX_TCP_H

#include <linux/skbuff.h>
#include <linux/ip.h>

struct tcphdr {
	__be16 source;
	__be16 dest;
	__be32 seq;
	__be32 ack_seq;
	u16 res1 : 4, doff : 4, fin : 1, syn : 1, rst : 1, psh : 1, ack : 1, urg : 1, ece : 1,
		cwr : 1;
	__be16 window;
	u16 check;
	__be16 urg_ptr;
};

static inline struct tcphdr *tcp_hdr(const struct sk_buff *skb)
{
	return (struct tcphdr *)skb_transport_header(skb);
}
static inline unsigned int tcp_hdrlen(const struct sk_buff *skb)
{
	return tcp_hdr(skb)->doff * 4;
}
/* Ethernet, IP and TCP headers of a TSO frame: what each segment repeats. */
static inline int skb_tcp_all_headers(const struct sk_buff *skb)
{
	return skb_transport_offset(skb) + tcp_hdrlen(skb);
}

#endif
