/*
 * A frame generator posing as an Ethernet driver (services/ethdev.svc), for
 * make bench-stack: it plays a peer that sends UDP datagrams to the echo
 * port as fast as the stack takes them, and counts the echoes the stack
 * transmits. So the benchmark measures the stack (distributor or fast path,
 * IPv4, UDP, echo and back down), not a device.
 *
 * A window of datagrams is kept in flight; each echo lets another go. It
 * answers the stack's ARP requests for the peer. After warm-up it counts for
 * bench_ms and prints "bench: batch=B frames=N ns=T", then stops.
 *
 * Parameters: ip (the stack's), batch, bench_ms, qlen, txbufs.
 */
#include <bss/server.h>
#include <svc/config.h>
#include <svc/ethdev.h>
#include <svc/ethproto.h>
#include <svc/packet.h>
#include <svc/pktpool.h>
#include <svc/queue.h>
#include <svc/queues.h>
#include <svc/runnable.h>
#include <svc/thread.h>
#include <svc/timer.h>
#include "netlib/arp.h"
#include "netlib/eth.h"
#include "netlib/udp.h"
#include "serverlib/net/param.h"
#include "serverlib/net/pkt.h"

#define CONFIG BSS_REQ(0)
#define QUEUES BSS_REQ(1)
#define PKTPOOL BSS_REQ(2)
#define ETHPROTO BSS_REQ(3)
#define THREAD BSS_REQ(4)
#define TIMER BSS_REQ(5)

#define MAX_BATCH 256
#define FRAME_BUF 2048u
#define PAYLOAD 64u
#define PEER_IP NL_IP4(10, 77, 0, 1)

static const uint8_t peer_mac[NL_ETH_ALEN] = {0x02, 0, 0, 0, 0, 1};
static const uint8_t our_mac[NL_ETH_ALEN] = {0x02, 0xbe, 0x4c, 0, 0, 2};

struct gen {
	bss_ref_t rxq, txq, txfree, direct; /* permanent */
	uint32_t ip, batch, window, txbufs, bench_ms;
	uint32_t in_flight;
	bool warm, done;
	uint64_t t0, frames, echoes, lost;
	uint64_t seen;	    /* echoes at the last watchdog tick */
	bss_ref_t watchdog; /* permanent timeout */
	uint8_t tmpl[NL_ETH_HLEN + NL_IP_HLEN + NL_UDP_HLEN + PAYLOAD];
	uint32_t tmpl_len;
};

static void gen_init(struct gen *g);

BSS_SERVER(ETHDEV, struct gen, gen, .ctor = BSS_CTOR(gen_init), .stack_size = 32768,
	   BSS_REQUIRES(CONFIG_SVC_ID, QUEUES_SVC_ID, PKTPOOL_SVC_ID, ETHPROTO_SVC_ID,
			THREAD_SVC_ID, TIMER_SVC_ID));

static bss_ref_t rx_target(struct gen *g)
{
	if (!g->direct) {
		bss_ref_t q = ethproto_direct(ETHPROTO, NL_ETHERTYPE_IPV4);
		if (q) {
			g->direct = bss_keep(q);
			bss_release(q);
		}
	}
	return g->direct ? g->direct : g->rxq;
}

/* The peer: keeps the window full of datagrams to the echo port. */
void rx_run(struct gen *g)
{
	bss_ref_t pkts[MAX_BATCH];

	while (!g->done) {
		while (g->in_flight + g->batch > g->window && !g->done)
			bss_wait((uint64_t)(uintptr_t)g);
		uint32_t n = 0;
		while (n < g->batch) {
			bss_ref_t p = pktpool_alloc(PKTPOOL, FRAME_BUF);
			if (!p)
				break;
			memcpy(pkt_data(p), g->tmpl, g->tmpl_len);
			packet_set_len(p, g->tmpl_len);
			pkts[n++] = p;
		}
		uint32_t took = n ? queue_put_batch(rx_target(g), pkts, n) : 0;
		g->in_flight += took;
		pkt_release_all(pkts, n);
		if (!took)
			timer_sleep_us(TIMER, 100);
	}
}

static void arp_reply(struct gen *g, const uint8_t *frame, uint32_t len)
{
	struct nl_arp_pkt req, rep;

	if (len < NL_ETH_HLEN + NL_ARP_LEN ||
	    nl_arp_parse(frame + NL_ETH_HLEN, len - NL_ETH_HLEN, &req) != NL_OK ||
	    req.op != NL_ARP_OP_REQUEST || req.tpa != PEER_IP)
		return;
	rep.op = NL_ARP_OP_REPLY;
	nl_mac_copy(rep.sha, peer_mac);
	rep.spa = PEER_IP;
	nl_mac_copy(rep.tha, req.sha);
	rep.tpa = req.spa;
	bss_ref_t p = pktpool_alloc(PKTPOOL, FRAME_BUF);
	if (!p)
		return;
	size_t n = nl_arp_build_frame(pkt_data(p), FRAME_BUF, req.sha, &rep);
	packet_set_len(p, (uint32_t)n);
	queue_put_batch(g->rxq, &p, 1);
	bss_release(p);
}

/*
 * Datagrams the stack dropped (while ARP resolves, when a queue is full) never
 * come back: when nothing came back for a tick, the window starts over.
 */
void wd_run(struct gen *g)
{
	uint64_t total = g->echoes + g->frames;

	if (total == g->seen && g->in_flight) {
		g->lost += g->in_flight;
		g->in_flight = 0;
		bss_wake((uint64_t)(uintptr_t)g, 0);
	}
	g->seen = total;
}

BSS_LOCAL_SERVER(wd_desc, RUNNABLE, struct gen, wd);

static void count(struct gen *g, uint32_t echoes)
{
	uint64_t now = timer_now_ns(TIMER);

	g->in_flight -= echoes < g->in_flight ? echoes : g->in_flight;
	if (!g->warm) {
		/* the first echoes come after ARP; start the clock once the pipe runs */
		if ((g->echoes += echoes) >= 4u * g->window) {
			g->warm = true;
			g->t0 = now;
			g->frames = 0;
		}
		return;
	}
	g->frames += echoes;
	if (!g->done && now - g->t0 >= (uint64_t)g->bench_ms * 1000000u) {
		g->done = true;
		bss_printf("bench: batch=%u frames=%lu ns=%lu lost=%lu\n", g->batch,
			   (unsigned long)g->frames, (unsigned long)(now - g->t0),
			   (unsigned long)g->lost);
	}
}

/* Keeps txbufs buffers in the TX-free queue. */
static void top_up(struct gen *g)
{
	while (queue_length(g->txfree) < g->txbufs) {
		bss_ref_t p = pktpool_alloc(PKTPOOL, FRAME_BUF);
		if (!p)
			return;
		queue_put_batch(g->txfree, &p, 1);
		bss_release(p);
	}
}

/* The device side: takes what the stack sends, counts echoes, recycles buffers. */
void tx_run(struct gen *g)
{
	bss_ref_t pkts[MAX_BATCH];

	for (;;) {
		uint32_t n = queue_get_batch(g->txq, pkts, MAX_BATCH), echoes = 0;
		for (uint32_t i = 0; i < n; i++) {
			const uint8_t *f = pkt_data(pkts[i]);
			uint32_t len = packet_len(pkts[i]);
			uint16_t type = len >= NL_ETH_HLEN ? nl_get16(f + 12) : 0;
			if (type == NL_ETHERTYPE_ARP)
				arp_reply(g, f, len);
			else if (type == NL_ETHERTYPE_IPV4 && len >= g->tmpl_len &&
				 f[NL_ETH_HLEN + 9] == NL_IP_PROTO_UDP)
				echoes++;
		}
		queue_put_batch(g->txfree, pkts, n);
		pkt_release_all(pkts, n);
		top_up(g);
		if (echoes)
			count(g, echoes);
		bss_wake((uint64_t)(uintptr_t)g, 0);
	}
}

BSS_LOCAL_SERVER(rx_desc, RUNNABLE, struct gen, rx);
BSS_LOCAL_SERVER(tx_desc, RUNNABLE, struct gen, tx);

static void build_template(struct gen *g)
{
	uint8_t *f = g->tmpl;
	struct nl_ip_tx tx = {.ttl = 64, .src = PEER_IP, .dst = g->ip, .id = 1};

	nl_eth_build(f, NL_ETH_HLEN, our_mac, peer_mac, NL_ETHERTYPE_IPV4);
	for (unsigned i = 0; i < PAYLOAD; i++)
		f[NL_ETH_HLEN + NL_IP_HLEN + NL_UDP_HLEN + i] = (uint8_t)i;
	size_t n = nl_udp_build_ip(f + NL_ETH_HLEN, sizeof(g->tmpl) - NL_ETH_HLEN, &tx, 40000, 7,
				   PAYLOAD);
	g->tmpl_len = (uint32_t)(NL_ETH_HLEN + n);
}

static void gen_init(struct gen *g)
{
	char v[40];
	uint32_t len;

	if (!param_str(CONFIG, "ip", v, sizeof(v)) || !parse_ip(v, &g->ip, &len))
		bss_throw(BSS_E_INVAL, EINVAL, "benchgen: parameter ip missing");
	g->batch = param_u32(CONFIG, "batch", 32);
	if (g->batch < 1 || g->batch > MAX_BATCH)
		g->batch = 32;
	g->window = 4 * g->batch < 16 ? 16 : 4 * g->batch > 256 ? 256 : 4 * g->batch;
	g->bench_ms = param_u32(CONFIG, "bench_ms", 1000);
	uint32_t qlen = param_u32(CONFIG, "qlen", 1024);
	g->txbufs = param_u32(CONFIG, "txbufs", 384);
	build_template(g);
	g->rxq = bss_keep(queues_create(QUEUES, qlen));
	g->txq = bss_keep(queues_create(QUEUES, qlen));
	g->txfree = bss_keep(queues_create(QUEUES, qlen));
	top_up(g);
	thread_start(THREAD, bss_local(&rx_desc, g));
	thread_start(THREAD, bss_local(&tx_desc, g));
	g->watchdog = bss_keep(timer_after_us(TIMER, 20000, 20000, bss_local(&wd_desc, g)));
}

uint32_t gen_mac(struct gen *g, void *addr, uint32_t len)
{
	(void)g;
	uint32_t n = len < NL_ETH_ALEN ? len : NL_ETH_ALEN;

	memcpy(addr, our_mac, n);
	return n;
}

uint32_t gen_mtu(struct gen *g)
{
	(void)g;
	return NL_ETH_MTU;
}

uint32_t gen_link(struct gen *g)
{
	(void)g;
	return 10000;
}

void gen_link_notify(struct gen *g, bss_ref_t notify)
{
	(void)g;
	(void)notify;
}

/* The generator finds the IPv4 queue itself (ethproto.direct). */
void gen_rx_direct(struct gen *g, uint32_t type, bss_ref_t q)
{
	(void)g;
	(void)type;
	(void)q;
}

bss_ref_t gen_rx_queue(struct gen *g)
{
	return g->rxq;
}

bss_ref_t gen_txfree_queue(struct gen *g)
{
	return g->txfree;
}

bss_ref_t gen_tx_queue(struct gen *g)
{
	return g->txq;
}

uint32_t gen_stats(struct gen *g, void *buf, uint32_t len)
{
	int n = bss_snprintf(buf, len, "dev.in_flight %u\ndev.frames %lu\n", g->in_flight,
			     (unsigned long)g->frames);
	return n > 0 && (uint32_t)n < len ? (uint32_t)n : 0;
}

/* No offloads: the stack computes every checksum and sends MTU-sized frames. */
uint32_t gen_offloads(struct gen *g)
{
	(void)g;
	return 0;
}
