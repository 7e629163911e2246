/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Glue of the lwIP TCP server: lwIP's TCP core, as make port ports it,
 * over the kit's IPv4 service (services/ipv4.svc), offering the TCP service
 * (services/tcp.svc). Two halves, a file each:
 *
 *  - server.c, the lower half: the server itself and lwIP over the IPv4
 *    service (input thread, tcp_ip_output, timers, heap), its counters;
 *  - conn.c, the upper half: listeners, connections and their streams,
 *    local servers over lwIP's raw callback API.
 *
 * The server is BSS_THREADSAFE and takes its own lock (bss_lock) around
 * every entry into lwIP: lwIP's TCP is not reentrant, and under the
 * runtime's automatic locking a thread would drop the lock at each outgoing
 * call from inside lwIP (packet allocation, queue put), letting the timer
 * thread in halfway. The blocking queue read happens outside the lock.
 * This is lwIP's own core-lock discipline (LOCK_TCPIP_CORE), kept by hand.
 *
 * This header is what the two halves share: lwIP's and the services'
 * headers, the server's data and that lock.
 */
#ifndef LWIP_TCP_GLUE_H
#define LWIP_TCP_GLUE_H

#include <bss/server.h>
#include <svc/ethdev.h>
#include <svc/ethproto.h>
#include <svc/ipv4.h>
#include <svc/map.h>
#include <svc/memory.h>
#include <svc/packet.h>
#include <svc/pktpool.h>
#include <svc/queue.h>
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
#include <svc/timeout.h>
#include <svc/timer.h>
#include <svc/weaknotify.h>

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
#include <bss/netoffload.h>
#include "serverlib/net/pkt.h"

/* The required services (server.c's BSS_REQUIRES, in this order). */
#define IPV4 BSS_REQ(0)
#define TIMER BSS_REQ(1)
#define PKTPOOL BSS_REQ(2)
#define MEMORY BSS_REQ(3)
#define MAP BSS_REQ(4)
#define ETHPROTO BSS_REQ(5)

#define TX_BATCH 64
/* free TX buffers taken per call to the TX-free queue, kept across entries */
#define TX_STASH 8
/* free TX buffers the stash leaves to IPv4 (output.c, stash_fill) */
#define TX_RESERVE 2
#define MAX_CONNS 512
#define MAX_LISTENERS 16
#define MAX_BACKLOG 64

struct tcp_listener;

/* A datagram waiting in srv->out (output.c). */
struct tcp_out {
	u8_t *d;    /* its bytes (packet.map) */
	u32_t cap;  /* packet.cap */
	u32_t meta; /* packet.meta to set when it goes */
	u16_t mss;  /* TSO: the payload of every segment joined in; 0: one segment */
	u8_t ack;   /* a pure ACK (no data, SYN, FIN or RST) */
	u8_t room;  /* in a TX buffer of the device, behind the link header's room */
	/* the TX buffer's descriptor from TX-free (flags 0: none, or a pool packet) */
	struct bss_pkt_desc desc;
};

/*
 * A connection: the pcb, while lwIP has it for us, and what its two streams
 * need. Received data waits in one pbuf chain (lwIP's own, no copy) until
 * the reader takes it; only then does tcp_recved() open the window, so a
 * slow reader throttles the peer through lwIP's window management.
 */
struct tcp_conn {
	struct tcp_pcb *pcb; /* NULL once lwIP ended it or we let it go */
	/*
	 * Received, not yet read (< 64 KiB: TCP_WND): a chain appended to at
	 * rx_last without pbuf_cat, whose walk to update every pbuf's tot_len
	 * cost about 100 instructions per segment; rx_len is the chain's
	 * length, its pbufs' tot_len fields are not kept up to date.
	 */
	struct pbuf *rx;
	struct pbuf *rx_last;
	u32_t rx_len;
	struct tcp_listener *lst; /* set while it waits for accept() */
	err_t err;		  /* why lwIP ended the pcb (tcp_err) */
	u32_t refs;		  /* live local servers: connection, streams */
	u32_t peer_ip;		  /* host order */
	u16_t peer_port;
	bool used, connecting, established, rx_fin, rx_closed, tx_closed;
	/* threads in wait_rx, wait_tx: a wake with none is a system call (isolated) for nothing */
	u32_t rx_waiters, tx_waiters;
};

struct tcp_listener {
	struct tcp_pcb *pcb;
	struct tcp_conn *pending[MAX_BACKLOG]; /* established, not accepted */
	u32_t head, len, backlog;
	bool used;
};

struct lwip_tcp {
	bss_ref_t heap;			    /* permanent: the data space of lwIP's heap */
	bss_ref_t in;			    /* permanent: the input, given to ipv4.listen(6, ...) */
	uint64_t in_taken;		    /* datagrams put into it */
	bss_ref_t txq;			    /* permanent: the IPv4 service's TX queue */
	bss_ref_t tick;			    /* permanent: the periodic tcp_tmr() timeout */
	bss_ref_t out[TX_BATCH];	    /* datagrams for the TX queue (temporaries) */
	struct tcp_out outi[TX_BATCH];	    /* what output.c knows of each */
	struct bss_pkt_desc outd[TX_BATCH]; /* their descriptors for the TX queue (flush) */
	u32_t nout;
	u32_t off;	   /* ipv4.offloads() (bss/netoffload.h) */
	bss_ref_t txfree;  /* weak: ipv4.tx_buffers(), 0 after its device died */
	u32_t room, txmax; /* ipv4.tx_room(); the largest datagram in a TX buffer */
	u32_t txfree_tick; /* tcp_ticks of txfree's last lookup */
	/* free TX buffers (permanent references) with their descriptors, taken ahead */
	bss_ref_t stash[TX_STASH];
	struct bss_pkt_desc stashd[TX_STASH];
	u32_t nstash;
	uint64_t tx_in_place; /* datagrams built in a TX buffer (no copy in IPv4) */
	/*
	 * Calls output made that may have entered a packet's server (map,
	 * set_len, a pool packet, a TX buffer given back or taken slowly):
	 * one of them may have ended a driver, so input_batch asks bss_here
	 * again for the rest of its batch (server.c).
	 */
	u32_t out_calls;
	uint64_t acks_merged;		  /* pure ACKs a later one replaced */
	uint64_t segs_merged;		  /* segments joined into a TSO datagram */
	uint64_t rx_csum_ok, rx_csum_not; /* datagrams the device checked, or did not */
	uint64_t rx_held;		  /* segments kept in the driver's buffer until read */
	uint64_t rx_held_moved;		  /* held segments copied out of a dying driver's buffer */
	bss_ref_t dev_weak;		  /* weak: the device, while segments may be held */
	bss_ref_t dev_notify;		  /* permanent: devw, told of the device's death */
	u32_t mem_waiters;		  /* writers waiting for lwIP's heap */
	uint64_t rx, rx_bad, rx_nomem;	  /* datagrams: taken, malformed, no memory */
	uint64_t rx_dead;		  /* datagrams whose driver crashed under them */
	uint64_t tx, tx_nomem, tx_full;	  /* segments: queued, no packet, queue full */
	uint64_t accepted, backlog_full, connects, bytes_in, bytes_out;
	struct tcp_conn conn[MAX_CONNS];
	struct tcp_listener lst[MAX_LISTENERS];
};

/* server.c: the server (its constructor sets it; lwIP's callbacks lack it) */
extern struct lwip_tcp *srv;

/* output.c: hands what lwIP produced to the IPv4 server (lock held) */
void flush(void);
/* output.c: what the IPv4 service offloads (ipv4.offloads), its TX buffers; mtu: the link's */
void output_init(struct lwip_tcp *t, u32_t off, u32_t mtu);
/* rxhold.c: gives back the driver buffers whose held pbufs were freed (lock held) */
void rx_release_held(void);
/* rxhold.c: may one more segment be held (the device watched, room left)? May throw. */
int rx_hold_room(struct lwip_tcp *t);
/* rxhold.c: a pbuf over n bytes at d of packet pk, holding it; NULL when full */
struct pbuf *rx_hold(bss_ref_t pk, const u8_t *d, u16_t n);
/* server.c: the timer service's clock */
u64_t glue_now_ns(void);
/* isn.c: SipHash-2-4, the keyed function of RFC 6528 ISNs */
u64_t lwip_tcp_siphash(const u64_t k[2], const u8_t *p, u32_t len);

/* A connection's end, as an error the TCP server throws (with a POSIX errno). */
#define TCP_E_CONN (BSS_E_USER | 0x22a)

/* What a connection's reader and writer wait on (stream.c), woken by lwIP's callbacks. */
#define KEY_RX(c) ((const void *)&(c)->rx)
#define KEY_TX(c) ((const void *)&(c)->pcb)

/* conn.c: leaves lwIP with the error a connection ended with, as a throw */
_Noreturn void leave_throw_err(err_t e);
/* conn.c: lets the pcb go (lwIP finishes it on its own) */
void conn_detach(struct tcp_conn *c);

/* Every entry into lwIP is between enter() and leave() (see the top). */
static inline void enter(void)
{
	bss_lock();
}

/* Segments lwIP produced go to the IPv4 server in one batch, then unlock. */
static inline void leave(void)
{
	flush();
	rx_release_held();
	bss_unlock();
}

/* Waits with the lock released; what lwIP produced so far goes out first. */
static inline void wait_on(const void *key)
{
	flush();
	rx_release_held();
	bss_wait((uint64_t)(uintptr_t)key);
}

static inline _Noreturn void leave_throw(uint32_t id, int32_t err, const char *msg)
{
	leave();
	bss_throw(id, err, msg);
}

/*
 * Waits and wakes on a connection's keys, counted: lwIP's callbacks wake
 * on every segment received and every ACK, mostly with no one waiting.
 * Lock held, so a waiter counted here is in bss_wait before any wake can
 * run. The count is of threads waiting and not yet woken: a wake takes
 * off those it woke, so the segments that arrive before a woken reader
 * runs make no wake each (a system call, isolated). A wait ended by a
 * throw leaves its count up: wakes then go unconditionally, as before.
 */
static inline void wait_rx(struct tcp_conn *c)
{
	c->rx_waiters++;
	wait_on(KEY_RX(c));
}

static inline void wait_tx(struct tcp_conn *c)
{
	c->tx_waiters++;
	wait_on(KEY_TX(c));
}

static inline void wake_rx(struct tcp_conn *c)
{
	if (c->rx_waiters) {
		u32_t woke = bss_wake((uint64_t)(uintptr_t)KEY_RX(c), 0);

		c->rx_waiters -= woke < c->rx_waiters ? woke : c->rx_waiters;
	}
}

static inline void wake_tx(struct tcp_conn *c)
{
	if (c->tx_waiters) {
		u32_t woke = bss_wake((uint64_t)(uintptr_t)KEY_TX(c), 0);

		c->tx_waiters -= woke < c->tx_waiters ? woke : c->tx_waiters;
	}
}

#endif /* LWIP_TCP_GLUE_H */
