/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Replaces lwIP's src/include/lwip/ip.h for the TCP server.
 *
 * lwIP's IP layer calls tcp_input() with the datagram's addresses in
 * globals (ip_data). The TCP server's input thread (server.c) takes whole
 * IPv4 datagrams from the queue it gave ipv4.listen(6, ...), parses the
 * header and fills the same globals before calling tcp_input(): the TCP
 * core reads them unchanged. Output goes through tcp_ip_output()
 * (lwip/tcp_ip.h, cocci/lwip/ip-output.cocci); routing is the IPv4
 * server's, so ip_route() only picks the one described service.
 * The include guard is lwIP's own, so the real header can never come in too.
 */
#ifndef LWIP_HDR_IP_H
#define LWIP_HDR_IP_H

#include "lwip/opt.h"
#include "lwip/def.h"
#include "lwip/pbuf.h"
#include "lwip/ip_addr.h"
#include "lwip/err.h"
#include "lwip/netif.h"
#include "lwip/prot/ip.h"
#include "lwip/prot/ip4.h"

/* What every lwIP pcb starts with (struct tcp_pcb uses it): as lwIP's. */
#define IP_PCB                                                                                     \
	ip_addr_t local_ip;                                                                        \
	ip_addr_t remote_ip;                                                                       \
	u8_t netif_idx;                                                                            \
	u8_t so_options;                                                                           \
	u8_t tos;                                                                                  \
	u8_t ttl

struct ip_pcb {
	IP_PCB;
};

#define SOF_REUSEADDR 0x04U
#define SOF_KEEPALIVE 0x08U
#define SOF_BROADCAST 0x20U
#define SOF_INHERITED (SOF_REUSEADDR | SOF_KEEPALIVE)

#define ip_get_option(pcb, opt) ((pcb)->so_options & (opt))
#define ip_set_option(pcb, opt) ((pcb)->so_options = (u8_t)((pcb)->so_options | (opt)))
#define ip_reset_option(pcb, opt) ((pcb)->so_options = (u8_t)((pcb)->so_options & ~(opt)))

/* The datagram tcp_input() is processing; server.c owns and fills it. */
struct ip_globals {
	struct netif *current_netif;
	struct netif *current_input_netif;
	const struct ip_hdr *current_ip4_header;
	u16_t current_ip_header_tot_len;
	ip_addr_t current_iphdr_src;
	ip_addr_t current_iphdr_dest;
};
extern struct ip_globals ip_data;

#define ip_current_netif() (ip_data.current_netif)
#define ip_current_input_netif() (ip_data.current_input_netif)
#define ip4_current_header() (ip_data.current_ip4_header)
#define ip_current_header_tot_len() (ip_data.current_ip_header_tot_len)
#define ip_current_src_addr() (&ip_data.current_iphdr_src)
#define ip_current_dest_addr() (&ip_data.current_iphdr_dest)
#define ip_current_is_v6() 0

/* The described IPv4 service that reaches dest, or NULL (server.c). */
struct netif *ip_route(const ip_addr_t *src, const ip_addr_t *dest);

#define ip_netif_get_local_ip(netif, dest)                                                         \
	(LWIP_UNUSED_ARG(dest), ((netif) != NULL) ? netif_ip_addr4(netif) : NULL)

#endif /* LWIP_HDR_IP_H */
