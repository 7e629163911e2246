// SPDX-License-Identifier: BSD-3-Clause
/*
 * Glue of the lwIP TCP server: lwIP's TCP core, as make port-lwip ports it,
 * over the kit's IPv4 service (services/ipv4.svc). This is the lower half:
 *
 *  - input: a thread takes whole IPv4 datagrams from the queue given to
 *    ipv4.listen(6, ...), copies each into a pbuf, fills lwIP's
 *    current-datagram globals (shims/lwip/server/lwip/ip.h) and calls
 *    tcp_input();
 *  - output: tcp_ip_output() (lwip/tcp_ip.h) puts each segment, behind an
 *    IPv4 header, into a packet from the packet pool and that into the IPv4
 *    service's TX queue;
 *  - time: the timer service runs tcp_tmr() every TCP_TMR_INTERVAL;
 *    sys_now() reads it;
 *  - memory: lwIP's heap (mem.c) is one data space from the memory service.
 *
 * The server is BSS_THREADSAFE and takes its own lock (bss_lock) around
 * every entry into lwIP: lwIP's TCP is not reentrant, and under the
 * runtime's automatic locking a thread would drop the lock at each outgoing
 * call from inside lwIP (packet allocation, queue put), letting the timer
 * thread in halfway. The blocking queue read happens outside the lock.
 * This is lwIP's own core-lock discipline (LOCK_TCPIP_CORE), kept by hand.
 *
 * The upper half -- listen/accept/connect/close/abort as a TCP service and
 * connections as local servers with a pair of streams -- needs a service
 * definition (services/tcp.svc) that does not exist yet; see
 * docs/porting/lwip.md. Until then this file declares no BSS_SERVER and is
 * checked by compiling and linking it with the port (make lwip-link-check).
 */
#include <bss/server.h>
#include <svc/ipv4.h>
#include <svc/map.h>
#include <svc/memory.h>
#include <svc/packet.h>
#include <svc/pktpool.h>
#include <svc/queue.h>
#include <svc/queues.h>
#include <svc/runnable.h>
#include <svc/thread.h>
#include <svc/timeout.h>
#include <svc/timer.h>

#include <string.h>

#include "lwip/opt.h"
#include "lwip/def.h"
#include "lwip/ip.h"
#include "lwip/mem.h"
#include "lwip/memp.h"
#include "lwip/netif.h"
#include "lwip/pbuf.h"
#include "lwip/sys.h"
#include "lwip/tcp.h"
#include "lwip/tcp_ip.h"
#include "lwip/priv/tcp_priv.h"

#define IPV4    BSS_REQ(0)
#define QUEUES  BSS_REQ(1)
#define THREAD  BSS_REQ(2)
#define TIMER   BSS_REQ(3)
#define PKTPOOL BSS_REQ(4)
#define MEMORY  BSS_REQ(5)
#define MAP     BSS_REQ(6)

#define RX_BATCH 32
#define RX_QLEN  256

struct lwip_tcp {
	bss_ref_t heap;		/* permanent: the data space of lwIP's heap */
	bss_ref_t rxq;		/* permanent: given to ipv4.listen(6, ...) */
	bss_ref_t txq;		/* permanent: the IPv4 service's TX queue */
	bss_ref_t tick;		/* permanent: the periodic tcp_tmr() timeout */
	uint64_t rx, rx_bad, rx_nomem;	/* datagrams: taken, malformed, no memory */
};

BSS_LOCAL_SERVER(lwip_tcp_tick_desc, RUNNABLE, struct lwip_tcp, tick);
BSS_LOCAL_SERVER(lwip_tcp_rx_desc, RUNNABLE, struct lwip_tcp, rx);

void lwip_tcp_start(struct lwip_tcp *t);

/*
 * lwIP keeps its state in file-scope variables (pcb lists, tcp_ticks, the
 * datagram being processed). They are this server's private data: the
 * loader gives every loaded server file its own image, so two TCP servers
 * (one per stack) never share them.
 */
unsigned char *lwip_tcp_heap;	/* LWIP_RAM_HEAP_POINTER, lwipopts.h */
struct ip_globals ip_data;
const ip_addr_t ip_addr_any = IPADDR4_INIT(IPADDR_ANY);	/* lwIP's ip4_addr.c */
static struct netif ipv4_netif;
static struct lwip_tcp *srv;

// Milliseconds for lwIP (TCP timestamps, RTT): the timer service's clock.
u32_t
sys_now(void)
{
	return (u32_t)(timer_now_ns(TIMER) / 1000000u);
}

// The only IPv4 service this server knows; NULL for any other index.
struct netif *
netif_get_by_index(u8_t idx)
{
	return idx == netif_get_index(&ipv4_netif) ? &ipv4_netif : NULL;
}

// Routing is the IPv4 server's: every destination goes to it while it is up.
struct netif *
ip_route(const ip_addr_t *src, const ip_addr_t *dest)
{
	LWIP_UNUSED_ARG(src);
	LWIP_UNUSED_ARG(dest);
	return netif_is_up(&ipv4_netif) ? &ipv4_netif : NULL;
}

// tcp_input() drops segments to broadcast addresses; this says which are.
u8_t
ip4_addr_isbroadcast_u32(u32_t addr, const struct netif *netif)
{
	u32_t mask = ip4_addr_get_u32(netif_ip4_netmask(netif));
	u32_t net = ip4_addr_get_u32(netif_ip4_addr(netif)) & mask;

	if (addr == IPADDR_BROADCAST || addr == IPADDR_ANY)
		return 1;
	return mask != IPADDR_BROADCAST && (addr & mask) == net &&
	       (addr & ~mask) == (IPADDR_BROADCAST & ~mask);
}

/*
 * lwIP asks for its timer when a pcb becomes active. The timer service then
 * runs tcp_tmr() periodically; unlike lwIP's timeouts.c it is not stopped
 * when the last pcb goes (four idle wake-ups a second). Caller holds the
 * server lock (it is inside lwIP).
 */
void
tcp_timer_needed(void)
{
	if (srv == NULL || srv->tick != 0)
		return;
	srv->tick = bss_keep(timer_after_us(TIMER, TCP_TMR_INTERVAL * 1000u,
					    TCP_TMR_INTERVAL * 1000u,
					    bss_local(&lwip_tcp_tick_desc, srv)));
}

void
tick_run(struct lwip_tcp *t)
{
	LWIP_UNUSED_ARG(t);
	bss_lock();
	tcp_tmr();
	bss_unlock();
}

/*
 * A segment to the IPv4 service: a packet from the pool holding an IPv4
 * header (the IPv4 server completes id and checksum) and a copy of p. The
 * copy leaves p to TCP's retransmission queue, as a driver's copy would.
 * Caller holds the server lock. Returns ERR_OK, ERR_MEM when the pool is
 * empty, ERR_BUF when the TX queue is full (TCP retransmits later).
 */
err_t
tcp_ip_output(struct pbuf *p, const ip_addr_t *src, const ip_addr_t *dst,
	      u8_t ttl, u8_t tos, struct netif *netif)
{
	u32_t len = IP_HLEN + p->tot_len;
	struct ip_hdr *h;
	bss_ref_t pk;
	u8_t *d;

	LWIP_UNUSED_ARG(netif);
	if (srv == NULL || len > 0xffff)
		return ERR_VAL;
	pk = pktpool_alloc(PKTPOOL, len);
	if (pk == 0)
		return ERR_MEM;
	d = (u8_t *)(uintptr_t)packet_map(pk);
	h = (struct ip_hdr *)d;
	memset(h, 0, IP_HLEN);
	IPH_VHL_SET(h, 4, IP_HLEN / 4);
	IPH_TOS_SET(h, tos);
	IPH_LEN_SET(h, lwip_htons((u16_t)len));
	IPH_TTL_SET(h, ttl);
	IPH_PROTO_SET(h, IP_PROTO_TCP);
	ip4_addr_copy(h->src, *ip_2_ip4(src));
	ip4_addr_copy(h->dest, *ip_2_ip4(dst));
	if (pbuf_copy_partial(p, d + IP_HLEN, p->tot_len, 0) != p->tot_len) {
		bss_release(pk);
		return ERR_BUF;
	}
	packet_set_len(pk, len);
	if (queue_put_batch(srv->txq, &pk, 1) != 1) {
		bss_release(pk);
		return ERR_BUF;
	}
	return ERR_OK;
}

/*
 * One received datagram (a temporary of ours) into tcp_input(). The IPv4
 * server has checked the header and reassembled; what is checked here is
 * only what this code relies on. The TCP part is copied into a pbuf since
 * TCP keeps received data (out-of-sequence queue, unread data) after the
 * packet goes back to its owner. Caller holds the server lock.
 */
static void
input(struct lwip_tcp *t, bss_ref_t pk)
{
	const u8_t *d = (const u8_t *)(uintptr_t)packet_map(pk);
	u32_t len = packet_len(pk);
	const struct ip_hdr *h = (const struct ip_hdr *)d;
	u16_t hl, tot;
	struct pbuf *p;

	if (len < IP_HLEN || IPH_V(h) != 4) {
		t->rx_bad++;
		return;
	}
	hl = (u16_t)(IPH_HL(h) * 4);
	tot = lwip_ntohs(IPH_LEN(h));
	if (hl < IP_HLEN || tot < hl || tot > len) {
		t->rx_bad++;
		return;
	}
	p = pbuf_alloc(PBUF_RAW, (u16_t)(tot - hl), PBUF_RAM);
	if (p == NULL) {
		t->rx_nomem++;
		return;
	}
	pbuf_take(p, d + hl, (u16_t)(tot - hl));
	ip_data.current_netif = &ipv4_netif;
	ip_data.current_input_netif = &ipv4_netif;
	ip_data.current_ip4_header = h;
	ip_data.current_ip_header_tot_len = hl;
	ip_addr_copy_from_ip4(ip_data.current_iphdr_src, h->src);
	ip_addr_copy_from_ip4(ip_data.current_iphdr_dest, h->dest);
	tcp_input(p, &ipv4_netif);
	memset(&ip_data, 0, sizeof(ip_data));
	t->rx++;
}

// The input thread: a batch from the queue (unlocked), then lwIP (locked).
void
rx_run(struct lwip_tcp *t)
{
	bss_ref_t pkts[RX_BATCH];
	u32_t i, n;

	for (;;) {
		n = queue_get_batch(t->rxq, pkts, RX_BATCH);
		bss_lock();
		for (i = 0; i < n; i++)
			input(t, pkts[i]);
		bss_unlock();
		for (i = n; i-- > 0;)
			bss_release(pkts[i]);
	}
}

/*
 * Starts lwIP over the IPv4 service: heap, pools, TCP, the endpoint
 * description, then the input thread. Called from the server's constructor
 * before any other thread can enter.
 */
void
lwip_tcp_start(struct lwip_tcp *t)
{
	bss_ref_t heap;

	srv = t;
	heap = bss_keep(memory_alloc(MEMORY, MEM_SIZE + 4096));
	t->heap = heap;
	lwip_tcp_heap = (unsigned char *)(uintptr_t)map_map(MAP, heap);
	mem_init();
	memp_init();
	tcp_init();

	ip_addr_set_ip4_u32_val(ipv4_netif.ip_addr, ipv4_addr(IPV4));
	ip_addr_set_ip4_u32_val(ipv4_netif.netmask, ipv4_netmask(IPV4));
	/* The IPv4 server fragments; 1500 keeps segments unfragmented on Ethernet. */
	ipv4_netif.mtu = 1500;
	ipv4_netif.flags = NETIF_FLAG_UP | NETIF_FLAG_LINK_UP;
	ipv4_netif.num = 0;

	t->rxq = bss_keep(queues_create(QUEUES, RX_QLEN));
	t->txq = bss_keep(ipv4_tx_queue(IPV4));
	ipv4_listen(IPV4, IP_PROTO_TCP, t->rxq);
	thread_start(THREAD, bss_local(&lwip_tcp_rx_desc, t));
}
