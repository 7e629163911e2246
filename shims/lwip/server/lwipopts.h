/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * lwIP configuration of the TCP server (build/servers/lwip-tcp.srv).
 *
 * Only TCP is lwIP's: IPv4 (with ARP and reassembly), ICMP and UDP are the
 * kit's own servers, so every other lwIP protocol is off. There is no tcpip
 * thread (NO_SYS): the glue takes the server's lock around every entry into
 * lwIP (BSS_THREADSAFE + bss_lock), which is what lwIP's core lock gives.
 */
#ifndef LWIP_SHIM_LWIPOPTS_H
#define LWIP_SHIM_LWIPOPTS_H

#include "lwip/tcponly.h"
/* Timers come from the timer service (server.c), not lwIP's timeouts.c. */
#define LWIP_TIMERS 0

/*
 * Memory: lwIP's heap (mem.c) lives in one data space from the memory
 * service (LWIP_RAM_HEAP_POINTER, set up by server.c); pools are carved from
 * it (MEMP_MEM_MALLOC), so there is no static pbuf pool.
 */
#define MEM_SIZE (4 * 1024 * 1024)
#define MEM_ALIGNMENT 8
#define MEMP_MEM_MALLOC 1
#define LWIP_RAM_HEAP_POINTER lwip_tcp_heap
extern unsigned char *lwip_tcp_heap;

/*
 * TCP_MSS is the largest MSS offered; lwIP lowers it to the link MTU the
 * glue reads from the stack's Ethernet device (TCP_CALCULATE_EFF_SEND_MSS).
 * The receive window stays below 64 KiB so that the data a connection holds
 * for its reader fits one pbuf chain (tot_len is 16 bits); the send buffer
 * may be larger (window scaling makes snd_buf 32 bits).
 */
#define TCP_MSS 1460
#define TCP_WND (44 * TCP_MSS)
#define TCP_SND_BUF (64 * TCP_MSS)
#define TCP_SND_QUEUELEN (4 * TCP_SND_BUF / TCP_MSS)
#define MEMP_NUM_TCP_SEG TCP_SND_QUEUELEN
#define LWIP_WND_SCALE 1
#define TCP_RCV_SCALE 2
#define LWIP_TCP_TIMESTAMPS 0
/*
 * Selective acknowledgements (RFC 2018) of what the out-of-sequence queue
 * holds: without them a peer repairs one hole per round trip (NewReno),
 * and a NIC that drops frames when its ring is full (QEMU's ne2k_pci and
 * pcnet have no flow control) lost the rest of a window to timeouts.
 */
#define LWIP_TCP_SACK_OUT 1
#define LWIP_TCP_MAX_SACK_NUM 4
#define LWIP_CHECKSUM_ON_COPY 1
/* received segments in the TCP server's own slots (ported/lwip-tcp/server.c, rx_pbuf) */
#define LWIP_SUPPORT_CUSTOM_PBUF 1
/* ... and in one pass: lwIP's default copies, then sums (ported/lwip-tcp/server.c) */
#define LWIP_CHKSUM_COPY(dst, src, len) lwip_tcp_chksum_copy(dst, src, len)
unsigned short lwip_tcp_chksum_copy(void *dst, const void *src, unsigned short len);
/* RFC 6528 ISNs instead of lwIP's predictable counter (ported/lwip-tcp/isn.c) */
#define LWIP_HOOK_FILENAME "lwip_tcp_hooks.h"
#define LWIP_HOOK_TCP_ISN lwip_tcp_isn
/* lwIP's own 32-bit-load checksum (inet_chksum.c): every payload byte is
 * summed once on the way out and once on the way in */
#define LWIP_CHKSUM_ALGORITHM 3

/*
 * lwIP's own TCP counters (segments in and out, drops by reason) and heap
 * counters feed the TCP server's stats service; the others are not lwIP's here.
 */
#define LWIP_STATS 1
#define TCP_STATS 1
#define MEM_STATS 1
#define LINK_STATS 0
#define IP_STATS 0
#define MEMP_STATS 0
#define SYS_STATS 0
#define LWIP_STATS_DISPLAY 0

#endif /* LWIP_SHIM_LWIPOPTS_H */
