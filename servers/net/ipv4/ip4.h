/*
 * IPv4 over Ethernet (thesis 4.5): one server per interface. It receives
 * the interface's IPv4 and ARP frames, answers ARP for its address, resolves
 * neighbours, validates and reassembles datagrams and hands them to the
 * protocol servers' queues; on output it routes, resolves and fragments to
 * the device's MTU. Files: ipv4.c (service, setup), rx.c (input), reasm.c
 * (reassembled datagrams as packets), tx.c (output), held.c (datagrams set
 * aside), ep.c (endpoints), tick.c (timers).
 *
 * Three threads run in here (receive, transmit, timer), and the threads of
 * the producers that put IPv4 frames into the input (rx.c); each keeps its
 * own batch of outgoing frames (struct txb) and of received datagrams
 * (struct rxout), because the server's lock is released at every outgoing
 * call and another thread may run meanwhile.
 */
#ifndef IPV4_IP4_H
#define IPV4_IP4_H

#include <bss/server.h>
#include "netlib/arp.h"
#include "netlib/eth.h"
#include "netlib/ipv4.h"
#include "serverlib/net/pkt.h"
#include "serverlib/net/pktbuf.h"
#include <bss/netoffload.h>

#define CONFIG BSS_REQ(0)
#define ETHPROTO BSS_REQ(1)
#define QUEUES BSS_REQ(2)
#define PKTPOOL BSS_REQ(3)
#define ROUTE BSS_REQ(4)
#define THREAD BSS_REQ(5)
#define TIMER BSS_REQ(6)

#define MAX_BATCH 256
#define MAX_LISTEN 8
#define MAX_EP 16
#define REASM_SLOTS 4
#define TICK_US 100000u

struct ip4;

/* An endpoint local server: one neighbour. */
struct ep {
	struct ip4 *s;
	uint32_t ip;
	bool used;
};

/* A reassembled datagram handed up in its slot (reasm.c). */
struct rpkt {
	struct ip4 *s;
	struct pktbuf b;
	unsigned slot;
};

#define TXB_STASH 8
/* the most TX buffers the transmit thread takes ahead for one datagram (its fragments) */
#define TXB_FREE_MAX 16
/* datagrams the transmit thread sets aside for want of a TX buffer (held.c) */
#define TX_HELD_MAX 32
#define TX_HELD_POLL_US 1000u
#define TX_HELD_MS 2000u

/* A batch of frames for the device's TX queue. */
struct txb {
	uint32_t n;
	bool wait;     /* may block for a TX buffer (the transmit thread only) */
	bool nobuf;    /* the datagram just routed found no TX buffer to be copied into */
	uint32_t link; /* the device (ip4.link) its stashed TX buffers belong to */
	/* the transmit thread's free TX buffers, fetched a batch per call */
	uint32_t nfree;
	bss_ref_t free[TXB_FREE_MAX];
	uint64_t now; /* ms, read once per batch (txb_now): a service call */
	bss_ref_t f[MAX_BATCH];
	/*
	 * The transmit thread's: the descriptor of each frame in f (flags 0
	 * but for TX buffers sent in place: length and offloads in it, no
	 * set_len or set_meta call); NULL for the other threads, whose frames
	 * the packets describe.
	 */
	struct bss_pkt_desc *d;
};

struct listener {
	uint32_t proto;
	bss_ref_t q;
};

/* received datagrams batched per call: the puts to the listeners are made a chunk at a time */
#define RX_OUT 32
/* rxout.dest of an ARP frame the input passes on to the receive thread */
#define RX_TO_THREAD 0xff

/* A receiving call's datagrams on their way to the listeners' queues (rx.c). */
struct rxout {
	uint32_t n;
	bss_ref_t p[RX_OUT];
	struct bss_pkt_desc d[RX_OUT]; /* the datagram in p[i]: d[i] */
	uint8_t dest[RX_OUT];	       /* index into ip4.ls, or RX_TO_THREAD */
	bool own[RX_OUT];	       /* p[i] is the batch's to release (a reassembled one) */
	bool mixed;		       /* not all for dest[0] */
};

struct ip4 {
	/* the device */
	bss_ref_t dev, txfree, tx;
	uint8_t mac[NL_ETH_ALEN];
	uint32_t mtu;
	uint32_t off; /* the device's offloads we pass on (ipv4.offloads) */
	bool hw_csum; /* parameter hw_csum: the device's checksum offloads used at all */
	/* our address */
	struct nl_ip_if ifc;
	uint32_t batch;
	uint16_t next_id;
	/* the inputs (rx.c, txin.c); the receive thread's queue (ARP); the transmit thread's */
	bss_ref_t in, txin, rxq, txq;
	/* datagrams the transmit input put into txq, those the thread took out (txin.c) */
	uint64_t txq_in, txq_out;
	uint64_t txin_sent, txin_queued; /* what the transmit input sent at once, queued */
	bool txr_busy;			 /* the transmit thread works through a batch */
	uint64_t in_frames;		 /* frames put into the input */
	uint64_t in_arp_full;		 /* ARP frames the input found no room for in rxq */
	struct listener ls[MAX_LISTEN];
	struct bss_pkt_desc rxd[MAX_BATCH];  /* the receive thread's batch: the frames */
	struct bss_pkt_desc txd[MAX_BATCH];  /* the transmit thread's: the datagrams */
	struct bss_pkt_desc txfd[MAX_BATCH]; /* and its frames (txb.d) */
	unsigned nls;
	unsigned ls_last; /* the listener rx.c found last (an index into ls, checked) */
	/* routing cache: the last destination looked up */
	uint32_t rc_dst, rc_hop;
	/* protocol state */
	struct nl_stats st;
	struct nl_arp arp;
	struct nl_ip_reasm reasm;
	uint64_t reasm_in_place; /* datagrams handed up in their slot, not copied */
	bss_ref_t tick;		 /* the timer's timeout, permanent */
	struct ep eps[MAX_EP];
	uint64_t tx_nobuf, tx_waits, tx_full, no_route, deliver_full, pool_empty;
	uint64_t tx_tso, tx_csum_sw; /* frames the device segments; checksums done here */
	/* TX buffers built in place (PKT_TX_ROOM): sent as they are; given back unsent */
	uint64_t tx_in_place, tx_room_back;
	/* someone asked for tx_buffers: a datagram may be a TX buffer (a meta call each) */
	bool lends;
	/* a restarted driver (docs/recovery.md): its number, batches lost to the old one */
	uint32_t link;
	bool await_frame; /* relinked, no frame received since */
	bool announce_up; /* at start, relinked: announce ourselves once the device has a link */
	uint64_t relinks, dead_batches;
	/* set aside by the transmit thread, sent before its next batch (held.c) */
	bss_ref_t held[TX_HELD_MAX];
	uint32_t nheld;
	uint64_t held_since; /* ms: since when it could not send all it held */
	uint64_t tx_held;    /* datagrams set aside (each time) */
	struct nl_ip_reasm_slot slots[REASM_SLOTS];
	struct rpkt rp[REASM_SLOTS]; /* the packet over each slot while it is lent */
};

uint64_t now_ms(void);
uint64_t txb_now(struct txb *out);

/* reasm.c: the finished datagram d as a packet over its slot, its descriptor in *pd; 0: none */
bss_ref_t reasm_packet(struct ip4 *s, const struct nl_ip_dgram *d, struct bss_pkt_desc *pd);

/* rx.c */
void rx_frames(struct ip4 *s, const bss_ref_t *pkts, const struct bss_pkt_desc *d, uint32_t n,
	       struct txb *out, struct rxout *o);
void rxout_drop(struct rxout *o);
bss_ref_t ip4_input_new(struct ip4 *s);

/* txin.c */
bss_ref_t ip4_txin_new(struct ip4 *s);

/* ipv4.c */
void ip4_first_frame(struct ip4 *s);

/* tx.c */
void tx_flush(struct ip4 *s, struct txb *out);
bool tx_frame(struct ip4 *s, struct txb *out, const uint8_t *data, size_t len);
/* Both return true when out took p over (a TX buffer sent in place): drop the handle. */
bool tx_datagram(struct ip4 *s, bss_ref_t p, uint32_t hop, struct txb *out);
bool tx_route(struct ip4 *s, bss_ref_t p, const struct bss_pkt_desc *pd, uint64_t here,
	      struct txb *out);
void tx_resolved(struct ip4 *s, const uint64_t *handles, unsigned n, const uint8_t *mac,
		 struct txb *out);
void tx_arp_request(struct ip4 *s, uint32_t ip, struct txb *out);
void txb_drop(struct txb *out);
void tx_room_back(struct ip4 *s, bss_ref_t p);

/* held.c */
uint32_t tx_next_batch(struct ip4 *s, bss_ref_t *pkts, struct bss_pkt_desc *d);
bool tx_hold(struct ip4 *s, bss_ref_t p);
void tx_stash_back(struct ip4 *s, struct txb *out);

/* ep.c */
bss_ref_t ep_get(struct ip4 *s, uint32_t ip);

/* tick.c */
void tick_start(struct ip4 *s);
void ip4_announce(struct ip4 *s);

#endif
