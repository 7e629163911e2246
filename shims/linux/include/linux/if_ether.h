/* SPDX-License-Identifier: GPL-2.0 */
/* Ethernet constants (IEEE 802.3). */
#ifndef _LINUX_IF_ETHER_H
#define _LINUX_IF_ETHER_H

#define ETH_ALEN 6

struct ethhdr {
	unsigned char h_dest[ETH_ALEN];
	unsigned char h_source[ETH_ALEN];
	__be16 h_proto;
} __attribute__((packed));
#define ETH_HLEN 14
#define ETH_ZLEN 60
#define ETH_DATA_LEN 1500
#define ETH_FRAME_LEN 1514
#define ETH_FCS_LEN 4
#define ETH_MIN_MTU 68
#define ETH_P_802_3_MIN 0x0600
#define ETH_P_IP 0x0800
#define ETH_P_IPV6 0x86DD
#define ETH_P_8021Q 0x8100
#define ETH_P_1588 0x88F7

#endif
