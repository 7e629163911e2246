/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * lwIP's hooks in the TCP server (LWIP_HOOK_FILENAME, lwipopts.h): included
 * by lwIP's sources once its types are known.
 */
#ifndef LWIP_SHIM_TCP_HOOKS_H
#define LWIP_SHIM_TCP_HOOKS_H

#include "lwip/ip_addr.h"

/* RFC 6528 initial sequence numbers (ported/lwip-tcp/isn.c). */
u32_t lwip_tcp_isn(const ip_addr_t *local_ip, u16_t local_port, const ip_addr_t *remote_ip,
		   u16_t remote_port);

/*
 * In-order data is acknowledged once per batch of received segments, not
 * every second segment. lwIP's tcp_ack (tcp_priv.h, used by tcp_receive
 * alone) turns a second unacknowledged segment into an immediate ACK,
 * which lwIP then builds (a pbuf from its heap, the header, options) and
 * the glue merged away again with the batch's later ACKs (output.c
 * merge_ack): 376 built per MiB received for 66 sent. Here the second
 * segment only marks the pcb (LWIP_TCP_ACK_BATCH); the TCP server's input
 * sends one ACK for each marked pcb still owing one when the batch (what
 * one poll of the driver brought) is through (server.c out_batch), as
 * Linux acknowledges a GRO'd batch of at least two segments at once. A
 * lone segment still waits for the delayed-ACK timer, and everything
 * lwIP acknowledges at once (out of order, FIN, SACK) is unchanged. The
 * hook file comes after tcp_priv.h in lwIP's sources, so its macro can
 * be replaced here without a change to lwIP.
 */
#define LWIP_TCP_ACK_BATCH 0x8000U /* a bit lwIP's tcpflags_t leaves free (tcp.h) */

#ifdef tcp_ack
#undef tcp_ack
#define tcp_ack(pcb)                                                                               \
	do {                                                                                       \
		if ((pcb)->flags & TF_ACK_DELAY)                                                   \
			tcp_set_flags(pcb, LWIP_TCP_ACK_BATCH);                                    \
		else                                                                               \
			tcp_set_flags(pcb, TF_ACK_DELAY);                                          \
	} while (0)
#endif

/*
 * What a received segment made sendable goes out once per batch, not once
 * per segment. lwIP's tcp_input ends each segment with tcp_output(pcb);
 * the semantic patch cocci/lwip/input-output-batch.cocci makes that call
 * lwip_tcp_input_output(pcb). A sender gets an ACK for every few
 * segments, and a driver's batch brings a dozen or more: each was a pass
 * of tcp_output over the pcb's queues. Here an established pcb that owes
 * nothing at once is only marked (LWIP_TCP_OUTPUT_BATCH); the TCP
 * server's input calls tcp_output once for every marked pcb still active
 * when the batch is through (server.c out_batch), as it sends the batch's
 * ACK. An ACK lwIP wants now (out of order, a duplicate, a window
 * update), and every other state (handshake, closing, TIME-WAIT, whose
 * pcb leaves the active list), go at once as before.
 */
#define LWIP_TCP_OUTPUT_BATCH 0x4000U /* a bit lwIP's tcpflags_t leaves free (tcp.h) */

#define lwip_tcp_input_output(pcb)                                                                 \
	do {                                                                                       \
		if ((pcb)->state == ESTABLISHED && !((pcb)->flags & TF_ACK_NOW))                   \
			tcp_set_flags(pcb, LWIP_TCP_OUTPUT_BATCH);                                 \
		else                                                                               \
			tcp_output(pcb);                                                           \
	} while (0)

/*
 * The segments lwIP sends take their struct tcp_seg and their data's pbuf
 * from slots of the TCP server's own, not from lwIP's heap (ported/lwip-tcp/
 * txmem.c). memp.c includes this file too, ahead of defining memp_malloc,
 * and every header for its pools' sizes: api_msg.h, which no TCP source
 * includes, tells it apart. The inner calls are the real functions (a
 * macro does not expand inside itself).
 */
#ifndef LWIP_HDR_API_MSG_H
#include "lwip/memp.h"
#include "lwip/pbuf.h"

void *lwip_tcp_seg_alloc(void);
void lwip_tcp_seg_free(void *s);
struct pbuf *lwip_tcp_pbuf_ram(pbuf_layer l, u16_t len);

#define memp_malloc(t) ((t) == MEMP_TCP_SEG ? lwip_tcp_seg_alloc() : memp_malloc(t))
#define memp_free(t, m) ((t) == MEMP_TCP_SEG ? lwip_tcp_seg_free(m) : memp_free((t), (m)))
#define pbuf_alloc(l, n, t)                                                                        \
	((t) == PBUF_RAM ? lwip_tcp_pbuf_ram((l), (n)) : pbuf_alloc((l), (n), (t)))
#endif

#endif
