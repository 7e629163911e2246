/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Replaces lwIP's src/include/lwip/netif.h for the TCP server.
 *
 * lwIP's netif is a network interface with its own output, ARP and
 * address management. The TCP server has none of that below it: it sits on
 * one IPv4 service, which routes, resolves and fragments (services/ipv4.svc).
 * To the TCP core a "netif" is only what it reads from one: the local
 * address, the MTU for the MSS, whether it is up, and an index a pcb can be
 * bound to. server.c keeps one such description per IPv4 service.
 * The include guard is lwIP's own, so the real header can never come in too.
 */
#ifndef LWIP_HDR_NETIF_H
#define LWIP_HDR_NETIF_H

#include "lwip/opt.h"
#include "lwip/err.h"
#include "lwip/ip_addr.h"
#include "lwip/def.h"
#include "lwip/pbuf.h"

#define NETIF_NO_INDEX 0
#define NETIF_FLAG_UP 0x01U
#define NETIF_FLAG_LINK_UP 0x04U

/* The IPv4 service below the TCP server, as the TCP core sees it. */
struct netif {
	ip_addr_t ip_addr; /* ipv4.addr() */
	ip_addr_t netmask; /* ipv4.netmask() */
	u16_t mtu;	   /* of the path: IPv4 fragments larger datagrams */
	u8_t flags;	   /* NETIF_FLAG_UP | NETIF_FLAG_LINK_UP */
	u8_t num;	   /* netif_get_index() - 1 */
};

#define netif_ip4_addr(n) ((const ip4_addr_t *)ip_2_ip4(&(n)->ip_addr))
#define netif_ip4_netmask(n) ((const ip4_addr_t *)ip_2_ip4(&(n)->netmask))
#define netif_ip_addr4(n) ((const ip_addr_t *)&(n)->ip_addr)
#define netif_is_up(n) (((n)->flags & NETIF_FLAG_UP) != 0)
#define netif_is_link_up(n) (((n)->flags & NETIF_FLAG_LINK_UP) != 0)
#define netif_get_index(n) ((u8_t)((n)->num + 1))

/* The described IPv4 service with this index, or NULL (server.c). */
struct netif *netif_get_by_index(u8_t idx);

/*
 * TCP computes and checks its own checksum, unless the device does: the
 * glue sets NETIF_CHECKSUM_GEN_TCP in lwip_tcp_csum_off when the IPv4
 * service offloads checksums (it asks the device per packet), and
 * NETIF_CHECKSUM_CHECK_TCP while lwIP works on a datagram whose checksum
 * the device verified (its packet.meta says so). lwIP's own values.
 */
#define NETIF_CHECKSUM_GEN_TCP 0x0004
#define NETIF_CHECKSUM_CHECK_TCP 0x0400
extern u16_t lwip_tcp_csum_off;
#define IF__NETIF_CHECKSUM_ENABLED(netif, chksumflag) if (!(lwip_tcp_csum_off & (chksumflag)))

#endif /* LWIP_HDR_NETIF_H */
