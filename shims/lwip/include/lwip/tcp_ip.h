/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The TCP server's output to the IPv4 layer below it.
 *
 * cocci/lwip/ip-output.cocci rewrites lwIP's protocol-generic
 * ip_output_if(p, src, dst, ttl, tos, IP_PROTO_TCP, netif) into
 * tcp_ip_output(): the TCP server's handle on the IPv4 service is bound to
 * protocol 6, so the protocol is not an argument. Implemented by
 * ported/lwip-tcp/server.c (a packet into the IPv4 service's TX queue) and,
 * for lwIP's unit tests, by tests/lwip/harness.c (lwIP's own ip4 output).
 * It also declares tcp_input()'s output call, below.
 */
#ifndef LWIP_SHIM_TCP_IP_H
#define LWIP_SHIM_TCP_IP_H

#include "lwip/pbuf.h"
#include "lwip/ip_addr.h"
#include "lwip/err.h"

struct netif;

/*
 * Send p (p->payload at the TCP header) from src to dst. netif is the
 * endpoint tcp_route() chose; the caller still owns p afterwards, as with
 * ip_output_if(). Returns ERR_OK, or ERR_RTE/ERR_BUF/ERR_MEM when the
 * segment could not be handed on (TCP's retransmission covers a loss).
 */
err_t tcp_ip_output(struct pbuf *p, const ip_addr_t *src, const ip_addr_t *dst, u8_t ttl, u8_t tos,
		    struct netif *netif);

struct tcp_pcb;

/*
 * What tcp_input() calls where lwIP calls tcp_output() after a segment
 * (cocci/lwip/input-output-batch.cocci). The TCP server's hook file
 * (shims/lwip/server/lwip_tcp_hooks.h) makes it a macro that may leave
 * the output to the end of the batch; lwIP's unit tests
 * (tests/lwip/harness.c) call tcp_output() at once, as lwIP does.
 */
void lwip_tcp_input_output(struct tcp_pcb *pcb);

#endif /* LWIP_SHIM_TCP_IP_H */
