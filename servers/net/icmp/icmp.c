/*
 * ICMP (RFC 792) of one stack: answers echo requests, a batch at a time,
 * sends destination-unreachable errors for the other protocol servers (UDP's
 * closed ports), rate limited, and pings (echo requests of its own, for the
 * console) one at a time.
 */
#include <bss/server.h>
#include <svc/icmp.h>
#include <svc/config.h>
#include <svc/ipv4.h>
#include <svc/packet.h>
#include <svc/pktpool.h>
#include <svc/queue.h>
#include <svc/queues.h>
#include <svc/runnable.h>
#include <svc/stats.h>
#include <svc/thread.h>
#include <svc/timer.h>
#include "netlib/icmp.h"
#include "serverlib/net/nstats.h"
#include "serverlib/net/param.h"
#include "serverlib/net/pkt.h"

#define CONFIG BSS_REQ(0)
#define IPV4 BSS_REQ(1)
#define QUEUES BSS_REQ(2)
#define PKTPOOL BSS_REQ(3)
#define THREAD BSS_REQ(4)
#define TIMER BSS_REQ(5)

#define MAX_BATCH 256
#define PING_ID 0x4253 /* the identifier of our echo requests */
#define PING_DATA 56
#define PING_POLL_US 1000
#define NO_REPLY UINT64_MAX

/* The ping in flight; the receive thread notes its reply. */
struct ping {
	bool busy, got;
	uint32_t dst;
	uint16_t seq;
	uint64_t reply_ns;
};

struct icmp {
	bss_ref_t rxq, txq; /* permanent */
	uint32_t addr, batch;
	uint16_t next_id;
	struct nl_stats st;
	struct nl_ratelimit rl;
	uint64_t pool_empty, tx_full;
	uint64_t lost; /* batches dropped: a packet died with its driver */
	struct ping ping;
	struct bss_pkt_desc rxd[MAX_BATCH]; /* the receive thread's batch */
};

static void icmp_init(struct icmp *c);

BSS_SERVER(ICMP, struct icmp, ic, .ctor = BSS_CTOR(icmp_init), .stack_size = 32768,
	   BSS_REQUIRES(CONFIG_SVC_ID, IPV4_SVC_ID, QUEUES_SVC_ID, PKTPOOL_SVC_ID, THREAD_SVC_ID,
			TIMER_SVC_ID));

static uint64_t now_ms(void)
{
	return timer_now_ns(TIMER) / 1000000u;
}

/* The reply to our ping in flight? Then it is noted, with its arrival time. */
static bool ping_reply(struct icmp *c, const struct nl_ip_hdr *h)
{
	struct nl_icmp m;

	if (!c->ping.busy || c->ping.got || h->payload_len < 1 ||
	    h->payload[0] != NL_ICMP_ECHO_REPLY || h->src != c->ping.dst ||
	    nl_icmp_parse(h->payload, h->payload_len, &m) != NL_OK || m.code != 0 ||
	    nl_icmp_echo_id(&m) != PING_ID || nl_icmp_echo_seq(&m) != c->ping.seq)
		return false;
	c->ping.reply_ns = timer_now_ns(TIMER);
	c->ping.got = true;
	c->st.rx++;
	return true;
}

/*
 * Turns echo request p into its reply, in place: the reply is the request
 * with its addresses swapped and a new type (the same size or, without the
 * request's IP options, smaller), so it needs no packet of its own and no
 * copy (the IPv4 server copies it once into the device's TX buffer).
 * Returns false if p is dropped (counted) or was a reply to our ping.
 */
static bool echo(struct icmp *c, bss_ref_t p)
{
	struct nl_ip_hdr h;
	uint8_t *d = pkt_data(p);
	enum nl_drop why = nl_ip_parse(d, packet_len(p), &h);

	if (why != NL_OK) {
		nl_stats_drop(&c->st, why);
		return false;
	}
	if (ping_reply(c, &h))
		return false;
	size_t n = nl_icmp_echo_reply(d, h.total_len, &h, c->addr, 0, &why);
	if (!n) {
		nl_stats_drop(&c->st, why);
		return false;
	}
	if (n != h.total_len)
		packet_set_len(p, (uint32_t)n);
	c->st.rx++;
	return true;
}

static void rx_loop(struct icmp *c, bss_ref_t *in, bss_ref_t *out, volatile uint32_t *n,
		    volatile uint32_t *k)
{
	for (;;) {
		/* the out-buffer is the batch: the kernel zeroes (and copies) all of it */
		*n = queue_get_batch_desc(c->rxq, in, c->batch, c->rxd,
					  c->batch * (uint32_t)sizeof(c->rxd[0]));
		for (uint32_t i = 0; i < *n; i++) {
			/* the reply is the packet itself, trimmed as IPv4 said */
			pkt_desc_apply(in[i], &c->rxd[i]);
			if (echo(c, in[i])) {
				out[(*k)++] = in[i]; /* the reply: out holds it now */
				in[i] = 0;
			}
		}
		uint32_t took = *k ? queue_put_batch(c->txq, out, *k) : 0;
		c->st.tx += took;
		c->tx_full += *k - took;
		pkt_release_all(out, *k);
		pkt_release_all(in, *n);
		*n = *k = 0;
	}
}

/*
 * The receive thread. A batch that fails -- a datagram's buffer died with
 * its driver after IPv4 handed it on (docs/recovery.md) -- is dropped with
 * the replies made for it, and the thread goes on: it must outlive a
 * driver's crash. A reply is its request's own packet, moved from in[]
 * to out[] once it is made, so a failure releases every packet once.
 */
void rx_run(struct icmp *c)
{
	bss_ref_t in[MAX_BATCH], out[MAX_BATCH];
	volatile uint32_t n = 0, k = 0;
	struct bss_try t;

	for (;;) {
		BSS_TRY(t)
		{
			rx_loop(c, in, out, &n, &k);
		}
		BSS_CATCH(t)
		{
			pkt_release_all(out, k);
			pkt_release_all(in, n);
			n = k = 0;
			c->lost++;
		}
	}
}

BSS_LOCAL_SERVER(rx_desc, RUNNABLE, struct icmp, rx);

static void icmp_init(struct icmp *c)
{
	c->batch = param_u32(CONFIG, "batch", 32);
	if (c->batch < 1 || c->batch > MAX_BATCH)
		c->batch = 32;
	c->addr = ipv4_addr(IPV4);
	nl_stats_init(&c->st);
	nl_ratelimit_init(&c->rl, param_u32(CONFIG, "icmp_rate", 100),
			  param_u32(CONFIG, "icmp_burst", 50), now_ms());
	c->rxq = bss_keep(queues_create(QUEUES, param_u32(CONFIG, "qlen", 512)));
	c->txq = bss_keep(ipv4_tx_queue(IPV4));
	ipv4_listen(IPV4, NL_IP_PROTO_ICMP, c->rxq);
	thread_start(THREAD, bss_local(&rx_desc, c));
}

void ic_unreach(struct icmp *c, bss_ref_t orig, uint32_t code)
{
	struct nl_ip_hdr h;
	enum nl_drop why = nl_ip_parse(pkt_data(orig), packet_len(orig), &h);

	if (why != NL_OK || code > 15) {
		nl_stats_drop(&c->st, why != NL_OK ? why : ICMP_DROP_UNSUPPORTED);
		return;
	}
	/* checked before the rate limit: a suppressed error spends no token */
	bool bcast = h.dst != c->addr;
	uint8_t probe[NL_IP_HLEN + NL_ICMP_HLEN + NL_IP_HLEN_MAX + NL_ICMP_QUOTE];
	size_t n = nl_icmp_error(probe, sizeof(probe), NL_ICMP_DEST_UNREACH, (uint8_t)code, 0, &h,
				 bcast, c->addr, 0, &why);
	if (!n) {
		nl_stats_drop(&c->st, why);
		return;
	}
	if (!nl_ratelimit_allow(&c->rl, now_ms())) {
		nl_stats_drop(&c->st, ICMP_DROP_RATELIMIT);
		return;
	}
	bss_ref_t r = pktpool_alloc(PKTPOOL, (uint32_t)n);
	if (!r) {
		c->pool_empty++;
		return;
	}
	memcpy(pkt_data(r), probe, n);
	packet_set_len(r, (uint32_t)n);
	uint32_t took = queue_put_batch(c->txq, &r, 1);
	c->st.tx += took;
	c->tx_full += 1 - took;
	bss_release(r);
}

/* Puts our echo request into the transmit queue; false if there was no room. */
static bool ping_send(struct icmp *c, uint32_t dst, uint16_t seq)
{
	enum nl_drop why;
	bss_ref_t r = pktpool_alloc(PKTPOOL, NL_IP_HLEN + NL_ICMP_HLEN + PING_DATA);

	if (!r) {
		c->pool_empty++;
		return false;
	}
	size_t n = nl_icmp_echo_request(pkt_data(r), packet_cap(r), c->addr, dst, PING_ID, seq,
					PING_DATA, 0, &why);
	if (!n) {
		bss_release(r);
		return false;
	}
	packet_set_len(r, (uint32_t)n);
	uint32_t took = queue_put_batch(c->txq, &r, 1);
	c->st.tx += took;
	c->tx_full += 1 - took;
	bss_release(r);
	return took == 1;
}

/*
 * The receive thread notes the reply's arrival; we look every millisecond
 * (the round trip is timed by that note, not by the look) until it or the
 * deadline comes.
 */
uint64_t ic_ping(struct icmp *c, uint32_t dst, uint32_t seq, uint64_t timeout_us)
{
	while (c->ping.busy)
		bss_wait((uint64_t)(uintptr_t)&c->ping);
	c->ping = (struct ping){.busy = true, .dst = dst, .seq = (uint16_t)seq};
	volatile uint64_t rtt = NO_REPLY;
	struct bss_try t;

	BSS_TRY(t)
	{
		uint64_t sent = timer_now_ns(TIMER), deadline = sent + timeout_us * 1000;
		if (ping_send(c, dst, (uint16_t)seq)) {
			while (!c->ping.got && timer_now_ns(TIMER) < deadline)
				timer_sleep_us(TIMER, PING_POLL_US);
			if (c->ping.got)
				rtt = c->ping.reply_ns - sent;
		}
	}
	BSS_CATCH(t)
	{
		c->ping.busy = false;
		bss_wake((uint64_t)(uintptr_t)&c->ping, 1);
		bss_throw(t.err.id, t.err.err, t.err.msg);
	}
	c->ping.busy = false;
	bss_wake((uint64_t)(uintptr_t)&c->ping, 1);
	return rtt;
}

uint32_t ist_stats(struct icmp *c, void *buf, uint32_t n)
{
	const struct nstats_extra x[] = {
		{".pool_empty", c->pool_empty}, {".tx_full", c->tx_full}, {".lost", c->lost}};

	return nstats_text(buf, n, "icmp", &c->st, NSTATS_LAYER(NL_LAYER_ICMP), x, 3);
}

BSS_LOCAL_SERVER(stats_desc, STATS, struct icmp, ist);

bss_ref_t ic_counters(struct icmp *c)
{
	return bss_local(&stats_desc, c);
}
