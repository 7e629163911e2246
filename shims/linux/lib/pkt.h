/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Private to the shim library: the driver's packets (skbuff.c), as the
 * net_device code (netdev.c) sees them.
 */
#ifndef LINUX_LIB_PKT_H
#define LINUX_LIB_PKT_H

#include <linux/netdevice.h>
#include <bss/netoffload.h>
#include <bss/pktdesc.h>

#define LINUX_PKT_SIZE 2048  /* an RX buffer, and a TX buffer without TSO */
#define LINUX_TSO_SIZE 65536 /* a TX buffer of a device that segments TCP */
/* The largest datagram in such a buffer: a descriptor's length has 16 bits. */
#define LINUX_TSO_MAX(size) ((size) > 65535 ? 65535 - ETH_HLEN : (size)-ETH_HLEN)

struct linux_pkt {
	struct sk_buff skb; /* the packet's skb while the driver has it */
	unsigned char *buf;
	u32 off; /* packet.trim: the data starts at buf + off */
	u32 len, cap;
	u32 meta;	/* packet.meta(): netoffload.h */
	bool in_use;	/* the driver holds it, or a reference exists */
	bss_ref_t self; /* a TX buffer: the driver's reference to it (tx_addr) */
};

/* The size of the TX buffers (LINUX_TSO_SIZE if the device does TSO). */
extern u32 linux_tx_size;
extern u64 linux_rx_csum_ok; /* received frames whose checksums the device verified */

/* The packet pool in one DMA region, and the TX-done thread; throws. */
void linux_pkt_pool_init(struct net_device *dev);
/* Around ndo_open (true, then false): the RX pool grows to the ring plus the stack's share. */
void linux_rx_pool_opening(bool opening);
/* A new temporary reference to packet p, for the stack. */
bss_ref_t linux_pkt_ref(struct linux_pkt *p);
/* The pool's TX packet whose buffer starts at addr, NULL if none does (a foreign packet). */
struct linux_pkt *linux_tx_pkt(u64 addr);
/*
 * The skb to transmit the packet behind the temporary p (of the TX queue),
 * mapped at addr; d, its queue descriptor (NULL: none), gives length and
 * offloads when it describes that TX buffer.
 */
struct sk_buff *linux_tx_skb(bss_ref_t p, u64 addr, const struct bss_pkt_desc *d);
/* After ndo_start_xmit: the driver kept skb (keep its reference) or freed it. */
void linux_tx_skb_sent(struct sk_buff *skb);

extern bool linux_in_xmit;
extern bool linux_in_napi; /* a NAPI poll is running */

#endif
