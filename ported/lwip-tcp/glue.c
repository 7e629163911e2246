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
 * The upper half is the TCP service (services/tcp.svc): listeners and
 * connections are local servers; a connection is a pair of streams (thesis
 * 4.5) over lwIP's raw callback API. See docs/tcp.md.
 *
 * Nothing below the lwIP API is touched: listen/accept/connect/close/abort
 * are tcp_listen/tcp_accept/tcp_connect/tcp_close/tcp_abort, receive window
 * updates are tcp_recved as the reader drains its stream, sending is
 * tcp_write + tcp_output (Nagle and congestion control decide what goes out),
 * RST for closed ports and TIME_WAIT are lwIP's own.
 */
#include <bss/server.h>
#include <svc/ethdev.h>
#include <svc/ethproto.h>
#include <svc/ipv4.h>
#include <svc/map.h>
#include <svc/memory.h>
#include <svc/packet.h>
#include <svc/pktpool.h>
#include <svc/queue.h>
#include <svc/queues.h>
#include <svc/runnable.h>
#include <svc/stats.h>
#include <svc/stream.h>
/*
 * The TCP service's client calls are named like lwIP's functions
 * (tcp_listen, tcp_connect); this server only implements the service, so
 * the generated client names are moved aside before lwIP's headers come.
 */
#define tcp_listen svc_tcp_listen
#define tcp_connect svc_tcp_connect
#include <svc/tcp.h>
#undef tcp_listen
#undef tcp_connect
#include <svc/tcpconn.h>
#include <svc/tcplisten.h>
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
#include "lwip/stats.h"
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
#define ETHPROTO BSS_REQ(7)

#define RX_BATCH	32
#define RX_QLEN		256
#define TX_BATCH	64
#define MAX_CONNS	512
#define MAX_LISTENERS	16
#define MAX_BACKLOG	64

#define EBADF		9
#define ENOMEM		12
#define EINVAL		22
#define EMFILE		24
#define EPIPE		32
#define EADDRINUSE	98
#define ECONNABORTED	103
#define ECONNRESET	104
#define ETIMEDOUT	110
#define ECONNREFUSED	111

/* A connection's end, as an error the TCP server throws (with a POSIX errno). */
#define TCP_E_CONN	(BSS_E_USER | 0x22a)

struct tcp_listener;

/*
 * A connection: the pcb, while lwIP has it for us, and what its two streams
 * need. Received data waits in one pbuf chain (lwIP's own, no copy) until
 * the reader takes it; only then does tcp_recved() open the window, so a
 * slow reader throttles the peer through lwIP's window management.
 */
struct tcp_conn {
	struct tcp_pcb *pcb;		/* NULL once lwIP ended it or we let it go */
	struct pbuf *rx;		/* received, not yet read (< 64 KiB: TCP_WND) */
	struct tcp_listener *lst;	/* set while it waits for accept() */
	err_t err;			/* why lwIP ended the pcb (tcp_err) */
	u32_t refs;			/* live local servers: connection, streams */
	u32_t peer_ip;			/* host order */
	u16_t peer_port;
	bool used, connecting, established, rx_fin, rx_closed, tx_closed;
};

struct tcp_listener {
	struct tcp_pcb *pcb;
	struct tcp_conn *pending[MAX_BACKLOG];	/* established, not accepted */
	u32_t head, len, backlog;
	bool used;
};

struct lwip_tcp {
	bss_ref_t heap;		/* permanent: the data space of lwIP's heap */
	bss_ref_t rxq;		/* permanent: given to ipv4.listen(6, ...) */
	bss_ref_t txq;		/* permanent: the IPv4 service's TX queue */
	bss_ref_t tick;		/* permanent: the periodic tcp_tmr() timeout */
	bss_ref_t out[TX_BATCH];	/* segments for the TX queue (temporaries) */
	u32_t nout;
	u32_t mem_waiters;	/* writers waiting for lwIP's heap */
	uint64_t rx, rx_bad, rx_nomem;	/* datagrams: taken, malformed, no memory */
	uint64_t tx, tx_nomem, tx_full;	/* segments: queued, no packet, queue full */
	uint64_t accepted, backlog_full, connects, bytes_in, bytes_out;
	struct tcp_conn conn[MAX_CONNS];
	struct tcp_listener lst[MAX_LISTENERS];
};

void lwip_tcp_start(struct lwip_tcp *t);

BSS_SERVER(TCP, struct lwip_tcp, lwip_tcp, .ctor = BSS_CTOR(lwip_tcp_start),
	   .attrs = BSS_THREADSAFE, .stack_size = 32768,
	   BSS_REQUIRES(IPV4_SVC_ID, QUEUES_SVC_ID, THREAD_SVC_ID, TIMER_SVC_ID,
			PKTPOOL_SVC_ID, MEMORY_SVC_ID, MAP_SVC_ID, ETHPROTO_SVC_ID));

BSS_LOCAL_SERVER(lwip_tcp_tick_desc, RUNNABLE, struct lwip_tcp, tick);
BSS_LOCAL_SERVER(lwip_tcp_rx_desc, RUNNABLE, struct lwip_tcp, rx);

/*
 * lwIP keeps its state in file-scope variables (pcb lists, tcp_ticks, the
 * datagram being processed). They are this server's private data: the
 * loader gives every loaded server file its own image, so two TCP servers
 * (one per stack) never share them.
 */
unsigned char *lwip_tcp_heap;	/* LWIP_RAM_HEAP_POINTER, lwipopts.h */
struct ip_globals ip_data;
const ip_addr_t ip_addr_any = IPADDR4_INIT(IPADDR_ANY);	/* lwIP's ip4_addr.c */
struct stats_ lwip_stats;	/* lwIP's stats.c: TCP and heap counters */
static struct netif ipv4_netif;
static struct lwip_tcp *srv;

static void flush(void);

/* Every entry into lwIP is between enter() and leave() (see the top). */
static void enter(void)
{
	bss_lock();
}

/* Segments lwIP produced go to the IPv4 server in one batch, then unlock. */
static void leave(void)
{
	flush();
	bss_unlock();
}

/* Waits with the lock released; what lwIP produced so far goes out first. */
static void wait_on(const void *key)
{
	flush();
	bss_wait((uint64_t)(uintptr_t)key);
}

static _Noreturn void leave_throw(uint32_t id, int32_t err, const char *msg)
{
	leave();
	bss_throw(id, err, msg);
}

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
	enter();
	tcp_tmr();
	/* writers that found lwIP's heap full try again */
	if (t->mem_waiters)
		bss_wake((uint64_t)(uintptr_t)&t->mem_waiters, 0);
	leave();
}

/*
 * Hands the collected segments to the IPv4 server: one put_batch per lwIP
 * entry instead of one call per segment. The queue keeps its own references;
 * what does not fit is dropped here and retransmitted by TCP later.
 */
static void
flush(void)
{
	struct lwip_tcp *t = srv;
	u32_t i, k;

	if (t == NULL || t->nout == 0)
		return;
	k = queue_put_batch(t->txq, t->out, t->nout);
	t->tx += k;
	t->tx_full += t->nout - k;
	for (i = 0; i < t->nout; i++)
		bss_release(t->out[i]);
	t->nout = 0;
}

/*
 * A segment to the IPv4 service: a packet from the pool holding an IPv4
 * header (the IPv4 server completes id and checksum) and a copy of p. The
 * copy leaves p to TCP's retransmission queue, as a driver's copy would.
 * The packet waits in srv->out until leave() or wait_on() flushes it.
 * Caller holds the server lock. Returns ERR_OK, or ERR_MEM when the pool is
 * empty (TCP retransmits later).
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
	if (srv->nout == TX_BATCH)
		flush();
	pk = pktpool_alloc(PKTPOOL, len);
	if (pk == 0) {
		srv->tx_nomem++;
		return ERR_MEM;
	}
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
	srv->out[srv->nout++] = pk;
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
		enter();
		for (i = 0; i < n; i++)
			input(t, pkts[i]);
		leave();
		for (i = n; i-- > 0;)
			bss_release(pkts[i]);
	}
}

/* ---- connections: lwIP's callbacks ---------------------------------- */

#define KEY_RX(c)	((const void *)&(c)->rx)
#define KEY_TX(c)	((const void *)&(c)->pcb)

static _Noreturn void
leave_throw_err(err_t e)
{
	switch (e) {
	case ERR_RST:
		leave_throw(TCP_E_CONN, ECONNRESET, "tcp: connection reset by the peer");
	case ERR_ABRT:
		leave_throw(TCP_E_CONN, ECONNABORTED, "tcp: connection aborted");
	case ERR_TIMEOUT:
		leave_throw(TCP_E_CONN, ETIMEDOUT, "tcp: connection timed out");
	case ERR_MEM:
		leave_throw(BSS_E_NOMEM, ENOMEM, "tcp: out of memory");
	default:
		leave_throw(TCP_E_CONN, EPIPE, "tcp: connection closed");
	}
}

static struct tcp_conn *
conn_alloc(struct lwip_tcp *t)
{
	u32_t i;

	for (i = 0; i < MAX_CONNS; i++)
		if (!t->conn[i].used) {
			memset(&t->conn[i], 0, sizeof(t->conn[i]));
			t->conn[i].used = true;
			return &t->conn[i];
		}
	return NULL;
}

static void
conn_free(struct tcp_conn *c)
{
	if (c->rx != NULL)
		pbuf_free(c->rx);
	memset(c, 0, sizeof(*c));
}

/*
 * Lets the pcb go: lwIP finishes it on its own (LAST_ACK, TIME_WAIT) and
 * frees it without telling anyone -- so no pointer to it may stay here.
 */
static void
conn_detach(struct tcp_conn *c)
{
	struct tcp_pcb *pcb = c->pcb;

	if (pcb == NULL)
		return;
	tcp_arg(pcb, NULL);
	tcp_recv(pcb, NULL);
	tcp_sent(pcb, NULL);
	tcp_err(pcb, NULL);
	c->pcb = NULL;
}

static err_t
recv_cb(void *arg, struct tcp_pcb *pcb, struct pbuf *p, err_t err)
{
	struct tcp_conn *c = arg;

	LWIP_UNUSED_ARG(err);
	if (p == NULL) {
		/* the peer's FIN; with ours sent too, the pcb is lwIP's alone */
		c->rx_fin = true;
		if (c->tx_closed)
			conn_detach(c);
		bss_wake((uint64_t)(uintptr_t)KEY_RX(c), 0);
		return ERR_OK;
	}
	if (c->rx_closed) {
		tcp_recved(pcb, p->tot_len);
		pbuf_free(p);
		return ERR_OK;
	}
	if (c->rx != NULL) {
		/* the window keeps this below 64 KiB; if not, lwIP keeps it for later */
		if ((u32_t)c->rx->tot_len + p->tot_len > 0xffff)
			return ERR_MEM;
		pbuf_cat(c->rx, p);
	} else {
		c->rx = p;
	}
	bss_wake((uint64_t)(uintptr_t)KEY_RX(c), 0);
	return ERR_OK;
}

static err_t
sent_cb(void *arg, struct tcp_pcb *pcb, u16_t len)
{
	struct tcp_conn *c = arg;

	LWIP_UNUSED_ARG(pcb);
	LWIP_UNUSED_ARG(len);
	bss_wake((uint64_t)(uintptr_t)KEY_TX(c), 0);
	return ERR_OK;
}

/* lwIP has freed the pcb (reset, abort, timeout, or closed after LAST_ACK). */
static void
err_cb(void *arg, err_t err)
{
	struct tcp_conn *c = arg;

	if (c == NULL)
		return;
	c->pcb = NULL;
	c->err = err;
	bss_wake((uint64_t)(uintptr_t)KEY_RX(c), 0);
	bss_wake((uint64_t)(uintptr_t)KEY_TX(c), 0);
	/* a pending one is freed by accept() or the listener's end */
	if (c->refs == 0 && !c->connecting && c->lst == NULL)
		conn_free(c);
}

static err_t
connected_cb(void *arg, struct tcp_pcb *pcb, err_t err)
{
	struct tcp_conn *c = arg;

	LWIP_UNUSED_ARG(pcb);
	LWIP_UNUSED_ARG(err);
	c->established = true;
	bss_wake((uint64_t)(uintptr_t)KEY_TX(c), 0);
	return ERR_OK;
}

static void
conn_attach(struct tcp_conn *c, struct tcp_pcb *pcb)
{
	c->pcb = pcb;
	tcp_arg(pcb, c);
	tcp_recv(pcb, recv_cb);
	tcp_sent(pcb, sent_cb);
	tcp_err(pcb, err_cb);
}

static err_t
accept_cb(void *arg, struct tcp_pcb *pcb, err_t err)
{
	struct tcp_listener *l = arg;
	struct tcp_conn *c;

	if (err != ERR_OK || pcb == NULL || l == NULL)
		return ERR_VAL;
	c = l->len < l->backlog ? conn_alloc(srv) : NULL;
	if (c == NULL) {
		/* lwIP answers ERR_MEM with tcp_abort(): the peer gets RST */
		srv->backlog_full++;
		tcp_arg(pcb, NULL);
		return ERR_MEM;
	}
	conn_attach(c, pcb);
	c->established = true;
	c->peer_ip = lwip_ntohl(ip4_addr_get_u32(ip_2_ip4(&pcb->remote_ip)));
	c->peer_port = pcb->remote_port;
	c->lst = l;
	l->pending[(l->head + l->len++) % MAX_BACKLOG] = c;
	srv->accepted++;
	bss_wake((uint64_t)(uintptr_t)l, 0);
	return ERR_OK;
}

/* ---- connections: local servers ------------------------------------- */

/* The last of a connection's local servers went: close it (lwIP's close). */
static void
conn_unref(struct tcp_conn *c)
{
	struct tcp_pcb *pcb;

	enter();
	if (--c->refs == 0) {
		pcb = c->pcb;
		conn_detach(c);
		/* RST if received data was never read, else FIN (lwIP decides) */
		if (pcb != NULL && tcp_close(pcb) != ERR_OK)
			tcp_abort(pcb);
		conn_free(c);
	}
	leave();
}

static void conn_dtor(struct tcp_conn *c) { conn_unref(c); }
static void rxs_dtor(struct tcp_conn *c) { conn_unref(c); }
static void txs_dtor(struct tcp_conn *c) { conn_unref(c); }

BSS_LOCAL_SERVER(conn_desc, TCPCONN, struct tcp_conn, conn, .dtor = BSS_CTOR(conn_dtor));
BSS_LOCAL_SERVER(rxs_desc, STREAM, struct tcp_conn, rxs, .dtor = BSS_CTOR(rxs_dtor));
BSS_LOCAL_SERVER(txs_desc, STREAM, struct tcp_conn, txs, .dtor = BSS_CTOR(txs_dtor));

/* A new local server of c; refs counts it from here (lock held). */
static bss_ref_t
conn_local(struct tcp_conn *c, const struct bss_local_desc *desc)
{
	c->refs++;
	return bss_local(desc, c);
}

bss_ref_t
conn_rx(struct tcp_conn *c)
{
	bss_ref_t r;

	enter();
	r = conn_local(c, &rxs_desc);
	leave();
	return r;
}

bss_ref_t
conn_tx(struct tcp_conn *c)
{
	bss_ref_t r;

	enter();
	r = conn_local(c, &txs_desc);
	leave();
	return r;
}

uint64_t
conn_peer(struct tcp_conn *c)
{
	return (uint64_t)c->peer_ip << 16 | c->peer_port;
}

void
conn_abort(struct tcp_conn *c)
{
	struct tcp_pcb *pcb;

	enter();
	pcb = c->pcb;
	if (pcb != NULL) {
		conn_detach(c);
		c->err = ERR_ABRT;
		tcp_abort(pcb);
	}
	c->tx_closed = true;
	bss_wake((uint64_t)(uintptr_t)KEY_RX(c), 0);
	bss_wake((uint64_t)(uintptr_t)KEY_TX(c), 0);
	leave();
}

/*
 * The receiving stream: one call copies everything buffered (up to n) out of
 * lwIP's pbufs and opens the window by as much; lwIP decides when the window
 * update is worth a segment.
 */
uint32_t
rxs_read(struct tcp_conn *c, void *buf, uint32_t n)
{
	u16_t k;

	if (n == 0)
		return 0;
	enter();
	while (c->rx == NULL && !c->rx_fin && !c->rx_closed && c->pcb != NULL)
		wait_on(KEY_RX(c));
	if (c->rx == NULL) {
		if (c->rx_fin || c->rx_closed || c->err == ERR_OK || c->err == ERR_CLSD) {
			leave();
			return 0;
		}
		leave_throw_err(c->err);
	}
	k = (u16_t)LWIP_MIN(n, c->rx->tot_len);
	pbuf_copy_partial(c->rx, buf, k, 0);
	c->rx = pbuf_free_header(c->rx, k);
	if (c->pcb != NULL)
		tcp_recved(c->pcb, k);
	srv->bytes_in += k;
	leave();
	return k;
}

uint32_t
rxs_write(struct tcp_conn *c, const void *buf, uint32_t n)
{
	LWIP_UNUSED_ARG(c);
	LWIP_UNUSED_ARG(buf);
	LWIP_UNUSED_ARG(n);
	bss_throw(BSS_E_INVAL, EBADF, "tcp: the receiving stream cannot be written");
}

// Reading ends: what is buffered and what still comes is acknowledged and dropped.
void
rxs_close(struct tcp_conn *c)
{
	enter();
	c->rx_closed = true;
	if (c->rx != NULL) {
		if (c->pcb != NULL)
			tcp_recved(c->pcb, c->rx->tot_len);
		pbuf_free(c->rx);
		c->rx = NULL;
	}
	bss_wake((uint64_t)(uintptr_t)KEY_RX(c), 0);
	leave();
}

uint32_t
rxs_available(struct tcp_conn *c)
{
	return c->rx != NULL ? c->rx->tot_len : 0;
}

/*
 * Copies as much of buf into lwIP's send buffer as it takes (tcp_write in
 * 64 KiB pieces); 0 when the buffer is full or lwIP's heap is. Lock held.
 */
static u32_t
tx_some(struct tcp_conn *c, const u8_t *buf, u32_t n, bool *nomem)
{
	u32_t done = 0, k;
	err_t e;

	/* no slivers: wait until a full segment (or all of n) fits */
	if (tcp_sndbuf(c->pcb) < LWIP_MIN(n, (u32_t)c->pcb->mss))
		return 0;
	while (done < n) {
		k = LWIP_MIN(n - done, (u32_t)tcp_sndbuf(c->pcb));
		if (k == 0)
			break;
		e = tcp_write(c->pcb, buf + done, (u16_t)k,
			      TCP_WRITE_FLAG_COPY | (done + k < n ? TCP_WRITE_FLAG_MORE : 0));
		if (e == ERR_MEM && k > c->pcb->mss)
			e = tcp_write(c->pcb, buf + done, (u16_t)(k = c->pcb->mss),
				      TCP_WRITE_FLAG_COPY);
		if (e != ERR_OK) {
			*nomem = done == 0;
			break;
		}
		done += k;
	}
	return done;
}

/*
 * The sending stream: blocks while lwIP's send buffer is full (backpressure:
 * it drains only as the peer acknowledges), then takes as much as fits.
 */
uint32_t
txs_write(struct tcp_conn *c, const void *buf, uint32_t n)
{
	bool nomem;
	u32_t done;

	if (n == 0)
		return 0;
	enter();
	for (;;) {
		if (c->tx_closed)
			leave_throw(TCP_E_CONN, EPIPE, "tcp: write after close");
		if (c->pcb == NULL)
			leave_throw_err(c->err);
		nomem = false;
		done = tx_some(c, buf, n, &nomem);
		if (done != 0)
			break;
		if (nomem && c->pcb->unacked == NULL) {
			/* nothing in flight to wake us: the timer retries */
			srv->mem_waiters++;
			wait_on(&srv->mem_waiters);
			srv->mem_waiters--;
		} else {
			tcp_output(c->pcb);
			wait_on(KEY_TX(c));
		}
	}
	tcp_output(c->pcb);
	srv->bytes_out += done;
	leave();
	return done;
}

uint32_t
txs_read(struct tcp_conn *c, void *buf, uint32_t n)
{
	LWIP_UNUSED_ARG(c);
	LWIP_UNUSED_ARG(buf);
	LWIP_UNUSED_ARG(n);
	bss_throw(BSS_E_INVAL, EBADF, "tcp: the sending stream cannot be read");
}

// Our FIN, after what was written (tcp_shutdown: lwIP retries if out of memory).
void
txs_close(struct tcp_conn *c)
{
	enter();
	if (!c->tx_closed) {
		c->tx_closed = true;
		if (c->pcb != NULL) {
			tcp_shutdown(c->pcb, 0, 1);
			if (c->rx_fin)
				conn_detach(c);
		}
	}
	bss_wake((uint64_t)(uintptr_t)KEY_TX(c), 0);
	leave();
}

uint32_t
txs_available(struct tcp_conn *c)
{
	return c->pcb != NULL && !c->tx_closed ? tcp_sndbuf(c->pcb) : 0;
}

/* ---- listeners -------------------------------------------------------- */

static void
lst_dtor(struct tcp_listener *l)
{
	struct tcp_conn *c;

	enter();
	if (l->pcb != NULL) {
		tcp_arg(l->pcb, NULL);
		tcp_close(l->pcb);	/* a listening pcb closes at once */
	}
	while (l->len > 0) {
		c = l->pending[l->head];
		l->head = (l->head + 1) % MAX_BACKLOG;
		l->len--;
		if (c->pcb != NULL) {
			struct tcp_pcb *pcb = c->pcb;

			conn_detach(c);
			tcp_abort(pcb);
		}
		conn_free(c);
	}
	memset(l, 0, sizeof(*l));
	leave();
}

BSS_LOCAL_SERVER(lst_desc, TCPLISTEN, struct tcp_listener, lst, .dtor = BSS_CTOR(lst_dtor));

bss_ref_t
lst_accept(struct tcp_listener *l)
{
	struct tcp_conn *c;
	bss_ref_t r;

	enter();
	for (;;) {
		while (l->len == 0)
			wait_on(l);
		c = l->pending[l->head];
		l->head = (l->head + 1) % MAX_BACKLOG;
		l->len--;
		c->lst = NULL;
		/* reset before anyone took it, and nothing to read: gone */
		if (c->pcb != NULL || c->rx != NULL || c->rx_fin)
			break;
		conn_free(c);
	}
	r = conn_local(c, &conn_desc);
	leave();
	return r;
}

uint32_t
lst_port(struct tcp_listener *l)
{
	return l->pcb != NULL ? l->pcb->local_port : 0;
}

/* ---- the TCP service --------------------------------------------------- */

bss_ref_t
lwip_tcp_listen(struct lwip_tcp *t, uint32_t port, uint32_t backlog)
{
	struct tcp_listener *l = NULL;
	struct tcp_pcb *pcb, *lp;
	u32_t i;

	if (port > 0xffff)
		bss_throw(BSS_E_INVAL, EINVAL, "tcp.listen: port out of range");
	backlog = LWIP_MAX(1u, LWIP_MIN(backlog, (u32_t)MAX_BACKLOG));
	enter();
	for (i = 0; i < MAX_LISTENERS && l == NULL; i++)
		if (!t->lst[i].used)
			l = &t->lst[i];
	if (l == NULL)
		leave_throw(BSS_E_LIMIT, EMFILE, "tcp.listen: too many listeners");
	pcb = tcp_new();
	if (pcb == NULL)
		leave_throw(BSS_E_NOMEM, ENOMEM, "tcp.listen: out of memory");
	/* a port whose last connections are in TIME_WAIT can listen again */
	ip_set_option(pcb, SOF_REUSEADDR);
	if (tcp_bind(pcb, IP_ADDR_ANY, (u16_t)port) != ERR_OK) {
		tcp_close(pcb);
		leave_throw(BSS_E_INVAL, EADDRINUSE, "tcp.listen: port in use");
	}
	lp = tcp_listen_with_backlog(pcb, (u8_t)backlog);
	if (lp == NULL) {
		tcp_close(pcb);
		leave_throw(BSS_E_NOMEM, ENOMEM, "tcp.listen: out of memory");
	}
	memset(l, 0, sizeof(*l));
	l->used = true;
	l->pcb = lp;
	l->backlog = backlog;
	tcp_arg(lp, l);
	tcp_accept(lp, accept_cb);
	leave();
	return bss_local(&lst_desc, l);
}

bss_ref_t
lwip_tcp_connect(struct lwip_tcp *t, uint32_t ip, uint32_t port)
{
	struct tcp_conn *c;
	struct tcp_pcb *pcb;
	ip_addr_t a;
	err_t e;
	bss_ref_t r;

	if (port == 0 || port > 0xffff)
		bss_throw(BSS_E_INVAL, EINVAL, "tcp.connect: port out of range");
	enter();
	c = conn_alloc(t);
	if (c == NULL)
		leave_throw(BSS_E_LIMIT, EMFILE, "tcp.connect: too many connections");
	pcb = tcp_new();
	if (pcb == NULL) {
		conn_free(c);
		leave_throw(BSS_E_NOMEM, ENOMEM, "tcp.connect: out of memory");
	}
	conn_attach(c, pcb);
	c->connecting = true;
	c->peer_ip = ip;
	c->peer_port = (u16_t)port;
	ip_addr_set_ip4_u32_val(a, lwip_htonl(ip));
	e = tcp_connect(pcb, &a, (u16_t)port, connected_cb);
	if (e != ERR_OK) {
		conn_detach(c);
		tcp_abort(pcb);
		conn_free(c);
		leave_throw(TCP_E_CONN, e == ERR_MEM ? ENOMEM : EINVAL, "tcp.connect failed");
	}
	t->connects++;
	while (c->pcb != NULL && !c->established)
		wait_on(KEY_TX(c));
	c->connecting = false;
	if (c->pcb == NULL) {
		e = c->err;
		conn_free(c);
		if (e == ERR_RST)
			leave_throw(TCP_E_CONN, ECONNREFUSED, "tcp.connect: refused");
		leave_throw(TCP_E_CONN, ETIMEDOUT, "tcp.connect: no answer");
	}
	r = conn_local(c, &conn_desc);
	leave();
	return r;
}

/* ---- statistics -------------------------------------------------------- */

static u32_t
stat_line(char *buf, u32_t n, u32_t at, const char *name, uint64_t v)
{
	char tmp[64];
	int k = bss_snprintf(tmp, sizeof(tmp), "%s %lu\n", name, (unsigned long)v);

	if (k <= 0 || (u32_t)k >= sizeof(tmp) || at + (u32_t)k > n)
		return at;
	memcpy(buf + at, tmp, (size_t)k);
	return at + (u32_t)k;
}

static u32_t
count_pcbs(struct tcp_pcb *p)
{
	u32_t n = 0;

	for (; p != NULL; p = p->next)
		n++;
	return n;
}

static u32_t
count_listen_pcbs(struct tcp_pcb_listen *p)
{
	u32_t n = 0;

	for (; p != NULL; p = p->next)
		n++;
	return n;
}

/*
 * Our counters, then lwIP's own (lwip_stats.tcp: its drops by reason), the
 * pcbs per state list and lwIP's heap.
 */
uint32_t
tstats_stats(struct lwip_tcp *t, void *out, uint32_t n)
{
	static const char *const name[] = {
		"tcp.rx", "tcp.rx_bad", "tcp.rx_nomem", "tcp.tx", "tcp.tx_nomem",
		"tcp.tx_queue_full", "tcp.accepted", "tcp.backlog_full", "tcp.connects",
		"tcp.bytes_in", "tcp.bytes_out",
		"lwip.tcp.xmit", "lwip.tcp.recv", "lwip.tcp.drop", "lwip.tcp.chkerr",
		"lwip.tcp.lenerr", "lwip.tcp.memerr", "lwip.tcp.rterr", "lwip.tcp.proterr",
		"lwip.tcp.opterr", "lwip.tcp.err",
		"tcp.pcbs_active", "tcp.pcbs_listen", "tcp.pcbs_time_wait", "tcp.conns",
		"lwip.mem.used", "lwip.mem.max", "lwip.mem.err",
	};
	uint64_t v[sizeof(name) / sizeof(name[0])];
	char *buf = out;
	u32_t at = 0, i, k = 0, conns = 0;

	enter();
	for (i = 0; i < MAX_CONNS; i++)
		conns += t->conn[i].used;
	v[k++] = t->rx;
	v[k++] = t->rx_bad;
	v[k++] = t->rx_nomem;
	v[k++] = t->tx;
	v[k++] = t->tx_nomem;
	v[k++] = t->tx_full;
	v[k++] = t->accepted;
	v[k++] = t->backlog_full;
	v[k++] = t->connects;
	v[k++] = t->bytes_in;
	v[k++] = t->bytes_out;
	v[k++] = lwip_stats.tcp.xmit;
	v[k++] = lwip_stats.tcp.recv;
	v[k++] = lwip_stats.tcp.drop;
	v[k++] = lwip_stats.tcp.chkerr;
	v[k++] = lwip_stats.tcp.lenerr;
	v[k++] = lwip_stats.tcp.memerr;
	v[k++] = lwip_stats.tcp.rterr;
	v[k++] = lwip_stats.tcp.proterr;
	v[k++] = lwip_stats.tcp.opterr;
	v[k++] = lwip_stats.tcp.err;
	v[k++] = count_pcbs(tcp_active_pcbs);
	v[k++] = count_listen_pcbs(tcp_listen_pcbs.listen_pcbs);
	v[k++] = count_pcbs(tcp_tw_pcbs);
	v[k++] = conns;
	v[k++] = lwip_stats.mem.used;
	v[k++] = lwip_stats.mem.max;
	v[k++] = lwip_stats.mem.err;
	leave();
	for (i = 0; i < k; i++)
		at = stat_line(buf, n, at, name[i], v[i]);
	return at;
}

BSS_LOCAL_SERVER(tstats_desc, STATS, struct lwip_tcp, tstats);

bss_ref_t
lwip_tcp_counters(struct lwip_tcp *t)
{
	return bss_local(&tstats_desc, t);
}

/*
 * Starts lwIP over the IPv4 service: heap, pools, TCP, the endpoint
 * description, then the input thread. The constructor: no other thread can
 * enter yet.
 */
void
lwip_tcp_start(struct lwip_tcp *t)
{
	bss_ref_t heap, dev;

	srv = t;
	heap = bss_keep(memory_alloc(MEMORY, MEM_SIZE + 4096));
	t->heap = heap;
	lwip_tcp_heap = (unsigned char *)(uintptr_t)map_map(MAP, heap);
	mem_init();
	memp_init();
	tcp_init();

	/* the IPv4 service speaks host order, lwIP's addresses are network order */
	ip_addr_set_ip4_u32_val(ipv4_netif.ip_addr, lwip_htonl(ipv4_addr(IPV4)));
	ip_addr_set_ip4_u32_val(ipv4_netif.netmask, lwip_htonl(ipv4_netmask(IPV4)));
	/*
	 * The MSS lwIP offers and uses follows the link's MTU (the stack has
	 * one link: its Ethernet device), so segments leave unfragmented.
	 */
	dev = ethproto_device(ETHPROTO);
	ipv4_netif.mtu = (u16_t)LWIP_MIN(ethdev_mtu(dev), 0xffffu);
	bss_release(dev);
	ipv4_netif.flags = NETIF_FLAG_UP | NETIF_FLAG_LINK_UP;
	ipv4_netif.num = 0;

	t->rxq = bss_keep(queues_create(QUEUES, RX_QLEN));
	t->txq = bss_keep(ipv4_tx_queue(IPV4));
	ipv4_listen(IPV4, IP_PROTO_TCP, t->rxq);
	thread_start(THREAD, bss_local(&lwip_tcp_rx_desc, t));
}
