/*
 * UDP (RFC 768) of one stack: sockets bound to ports, as local servers.
 * Received datagrams are checked (length, checksum with the pseudo header),
 * rewritten in place into the socket format (an 8-byte address header, then
 * the data; services/udpsock.svc) and queued for their socket, a batch per
 * socket. A datagram for a closed port makes ICMP send port unreachable.
 */
#include <bss/server.h>
#include <bss/netoffload.h>
#include <svc/icmp.h>
#include <svc/config.h>
#include <svc/ipv4.h>
#include <svc/packet.h>
#include <svc/queue.h>
#include <svc/queues.h>
#include <svc/runnable.h>
#include <svc/stats.h>
#include <svc/thread.h>
#include <svc/udp.h>
#include <svc/udpsock.h>
#include "netlib/udp.h"
#include "netlib/icmp.h"
#include "serverlib/net/nstats.h"
#include "serverlib/net/param.h"
#include "serverlib/net/pkt.h"

#define CONFIG BSS_REQ(0)
#define IPV4 BSS_REQ(1)
#define ICMP BSS_REQ(2)
#define QUEUES BSS_REQ(3)
#define THREAD BSS_REQ(4)

#define MAX_BATCH 256
#define MAX_SOCKS 64
#define ADDR_HLEN 8
#define EPHEMERAL 49152u

struct udp;

struct sock {
	struct udp *u;
	bool used;
	uint16_t port;
	bss_ref_t rxq; /* permanent */
	uint32_t n;    /* received datagrams batched for rxq */
	bss_ref_t batch[MAX_BATCH];
	uint64_t rx, tx, full;
};

struct udp {
	bss_ref_t rxq, txq; /* permanent */
	uint32_t addr, batch, qlen;
	uint16_t next_port;
	struct nl_stats st;
	uint64_t rcv_full, snd_bad, tx_full;
	uint64_t rx_csum_ok;	 /* datagrams whose checksum the device verified */
	uint64_t tx_moved;	 /* datagrams sent whose data had to move (no room in front) */
	uint64_t lost, snd_dead; /* batches, datagrams dropped: died with their driver */
	struct sock socks[MAX_SOCKS];
	struct bss_pkt_desc rxd[MAX_BATCH]; /* the receive thread's batch */
};

static void udp_init(struct udp *u);

BSS_SERVER(UDP, struct udp, us, .ctor = BSS_CTOR(udp_init), .stack_size = 32768,
	   BSS_REQUIRES(CONFIG_SVC_ID, IPV4_SVC_ID, ICMP_SVC_ID, QUEUES_SVC_ID, THREAD_SVC_ID));

static struct sock *by_port(struct udp *u, uint32_t port)
{
	for (unsigned i = 0; i < MAX_SOCKS; i++)
		if (u->socks[i].used && u->socks[i].port == port)
			return &u->socks[i];
	return NULL;
}

static void flush(struct udp *u)
{
	for (unsigned i = 0; i < MAX_SOCKS; i++) {
		struct sock *k = &u->socks[i];
		if (!k->n)
			continue;
		uint32_t took = queue_put_batch(k->rxq, k->batch, k->n);
		k->rx += took;
		k->full += k->n - took;
		u->rcv_full += k->n - took;
		pkt_release_all(k->batch, k->n);
		k->n = 0;
	}
}

/*
 * One received datagram (a temporary of ours): to its socket, or an ICMP
 * error. meta is what its descriptor says (0 without one): a checksum the
 * device verified (PKT_CSUM_OK) is not summed again; one it found bad, or
 * did not check, comes without the bit and is summed here.
 */
static void input(struct udp *u, bss_ref_t p, uint32_t meta)
{
	uint8_t *d = pkt_data(p);
	struct nl_ip_hdr h;
	struct nl_udp m;
	enum nl_drop why = nl_ip_parse(d, packet_len(p), &h);

	if (why == NL_OK && meta & PKT_CSUM_OK) {
		why = nl_udp_parse_verified(h.payload, h.payload_len, &m);
		u->rx_csum_ok++;
	} else if (why == NL_OK) {
		why = nl_udp_parse(h.payload, h.payload_len, h.src, h.dst, &m);
	}
	if (why != NL_OK) {
		nl_stats_drop(&u->st, why);
		return;
	}
	struct sock *k = by_port(u, m.dport);
	if (!k) {
		nl_stats_drop(&u->st, UDP_DROP_NO_PORT);
		icmp_unreach(ICMP, p, NL_ICMP_PORT_UNREACH);
		return;
	}
	u->st.rx++;
	uint32_t src = h.src;
	uint16_t sport = m.sport, dport = m.dport;
	/*
	 * The address header takes the UDP header's place, in front of the
	 * data, and the packet is trimmed to them: the data is not moved.
	 */
	_Static_assert(ADDR_HLEN == NL_UDP_HLEN, "the address header replaces the UDP header");
	uint8_t *a = (uint8_t *)m.data - ADDR_HLEN;
	nl_put32(a, src);
	nl_put16(a + 4, sport);
	nl_put16(a + 6, dport);
	packet_trim(p, (uint32_t)(a - d), (uint32_t)(ADDR_HLEN + m.data_len));
	if (k->n == MAX_BATCH)
		flush(u);
	if (k->used) /* flush may have let the socket close */
		k->batch[k->n++] = bss_temp(p);
}

static void rx_loop(struct udp *u, bss_ref_t *pkts, volatile uint32_t *n)
{
	for (;;) {
		/* the out-buffer is the batch: the kernel zeroes (and copies) all of it */
		*n = queue_get_batch_desc(u->rxq, pkts, u->batch, u->rxd,
					  u->batch * (uint32_t)sizeof(u->rxd[0]));
		for (uint32_t i = 0; i < *n; i++) {
			/* the socket's reader gets the packet alone: trimmed as IPv4 said */
			pkt_desc_apply(pkts[i], &u->rxd[i]);
			input(u, pkts[i], u->rxd[i].flags & PKT_DESC_VALID ? u->rxd[i].meta : 0);
		}
		flush(u);
		pkt_release_all(pkts, *n);
		*n = 0;
	}
}

/*
 * The receive thread. A batch that fails -- a datagram's buffer died with
 * its driver after IPv4 handed it on (docs/recovery.md) -- is dropped, with
 * what was batched for the sockets, and the thread goes on: it must
 * outlive a driver's crash.
 */
void rx_run(struct udp *u)
{
	bss_ref_t pkts[MAX_BATCH];
	volatile uint32_t n = 0;
	struct bss_try t;

	for (;;) {
		BSS_TRY(t)
		{
			rx_loop(u, pkts, &n);
		}
		BSS_CATCH(t)
		{
			for (unsigned i = 0; i < MAX_SOCKS; i++) {
				pkt_release_all(u->socks[i].batch, u->socks[i].n);
				u->socks[i].n = 0;
			}
			pkt_release_all(pkts, n);
			n = 0;
			u->lost++;
		}
	}
}

BSS_LOCAL_SERVER(rx_desc, RUNNABLE, struct udp, rx);

static void udp_init(struct udp *u)
{
	u->batch = param_u32(CONFIG, "batch", 32);
	if (u->batch < 1 || u->batch > MAX_BATCH)
		u->batch = 32;
	u->qlen = param_u32(CONFIG, "qlen", 512);
	u->addr = ipv4_addr(IPV4);
	u->next_port = EPHEMERAL;
	nl_stats_init(&u->st);
	u->rxq = bss_keep(queues_create(QUEUES, u->qlen));
	u->txq = bss_keep(ipv4_tx_queue(IPV4));
	ipv4_listen(IPV4, NL_IP_PROTO_UDP, u->rxq);
	thread_start(THREAD, bss_local(&rx_desc, u));
}

/* ---- sockets ---- */

bss_ref_t sk_rx_queue(struct sock *k)
{
	return k->rxq;
}

uint32_t sk_port(struct sock *k)
{
	return k->port;
}

/*
 * Rewrites a socket-format packet in place into an IPv4/UDP datagram: the
 * headers go in front of the data, into the bytes a receiving layer
 * trimmed off (packet.push), or else the data moves to make room (a packet
 * an application filled from its start).
 */
static bool to_datagram(struct udp *u, struct sock *k, bss_ref_t p)
{
	uint8_t *d = pkt_data(p);
	uint32_t len = packet_len(p), cap = packet_cap(p);
	uint32_t hl = NL_IP_HLEN + NL_UDP_HLEN;

	if (len < ADDR_HLEN)
		return false;
	uint32_t dst = nl_get32(d);
	uint16_t dport = nl_get16(d + 4);
	size_t data_len = len - ADDR_HLEN;
	if (packet_push(p, hl - ADDR_HLEN)) {
		d = pkt_data(p); /* the packet starts earlier now */
		cap = packet_cap(p);
	} else {
		if (len - ADDR_HLEN + hl > cap)
			return false;
		memmove(d + hl, d + ADDR_HLEN, data_len);
		u->tx_moved++;
	}
	struct nl_ip_tx tx = {.ttl = NL_IP_DEFAULT_TTL, .src = u->addr, .dst = dst};
	size_t n = nl_udp_build_ip(d, cap, &tx, k->port, dport, data_len);
	if (!n || !dst || !dport)
		return false;
	packet_set_len(p, (uint32_t)n);
	return true;
}

/*
 * A datagram whose buffer died with its driver (an echo of one received
 * before the crash, docs/recovery.md) makes to_datagram throw: it is
 * dropped and the rest of the batch goes out. One try per batch, entered
 * again only after a failure.
 */
uint32_t sk_send_batch(struct sock *k, const bss_ref_t *pkts, uint32_t n)
{
	struct udp *u = k->u;
	bss_ref_t ok[MAX_BATCH];
	volatile uint32_t m = 0, i = 0;
	struct bss_try t;

	while (i < n && m < MAX_BATCH) {
		BSS_TRY(t)
		{
			for (; i < n && m < MAX_BATCH; i++) {
				if (to_datagram(u, k, pkts[i]))
					ok[m++] = pkts[i];
				else
					u->snd_bad++;
			}
		}
		BSS_CATCH(t)
		{
			u->snd_dead++;
			i++;
		}
	}
	uint32_t took = m ? queue_put_batch(u->txq, ok, m) : 0;
	u->st.tx += took;
	k->tx += took;
	u->tx_full += m - took;
	return n;
}

static void sk_dtor(struct sock *k)
{
	pkt_release_all(k->batch, k->n);
	k->n = 0;
	bss_release(k->rxq);
	k->used = false;
}

BSS_LOCAL_SERVER(sock_desc, UDPSOCK, struct sock, sk, .dtor = BSS_CTOR(sk_dtor));

bss_ref_t us_open(struct udp *u, uint32_t port)
{
	if (port > 0xffff)
		net_throwf(BSS_E_INVAL, 22, "udp.open: port %u", port);
	for (unsigned tries = 0; !port && tries < 16384; tries++) {
		uint32_t p = u->next_port++;
		if (u->next_port < EPHEMERAL)
			u->next_port = EPHEMERAL;
		if (!by_port(u, p))
			port = p;
	}
	if (!port || by_port(u, port))
		net_throwf(BSS_E_INVAL, EADDRINUSE, "udp.open: port %u is in use", port);
	for (unsigned i = 0; i < MAX_SOCKS; i++) {
		struct sock *k = &u->socks[i];
		if (k->used)
			continue;
		memset(k, 0, sizeof(*k));
		k->u = u;
		k->port = (uint16_t)port;
		k->used = true;
		k->rxq = bss_keep(queues_create(QUEUES, u->qlen));
		return bss_local(&sock_desc, k);
	}
	bss_throw(BSS_E_LIMIT, EMFILE, "udp.open: too many sockets");
}

uint32_t ust_stats(struct udp *u, void *buf, uint32_t n)
{
	const struct nstats_extra x[] = {{".rcvbuf_full", u->rcv_full},
					 {".send_bad", u->snd_bad},
					 {".tx_full", u->tx_full},
					 {".tx_moved", u->tx_moved},
					 {".lost", u->lost},
					 {".send_dead", u->snd_dead},
					 {".rx_csum_ok", u->rx_csum_ok}};

	return nstats_text(buf, n, "udp", &u->st, NSTATS_LAYER(NL_LAYER_UDP), x, 7);
}

BSS_LOCAL_SERVER(stats_desc, STATS, struct udp, ust);

bss_ref_t us_counters(struct udp *u)
{
	return bss_local(&stats_desc, u);
}
