/*
 * The ipv4 service of an IPv4-over-Ethernet server, and its setup: address
 * from the "ip" parameter, queues registered with the Ethernet distributor
 * for IPv4 and ARP, the receive and transmit threads.
 */
#include "ip4.h"
#include <svc/config.h>
#include <svc/ethdev.h>
#include <svc/ethproto.h>
#include <svc/ipv4.h>
#include <svc/queue.h>
#include <svc/queues.h>
#include <svc/runnable.h>
#include <svc/stats.h>
#include <svc/thread.h>
#include <svc/timer.h>
#include <svc/route.h>
#include <svc/pktpool.h>
#include "serverlib/net/nstats.h"
#include "serverlib/net/param.h"

static void ip4_init(struct ip4 *s);

BSS_SERVER(IPV4, struct ip4, ip4, .ctor = BSS_CTOR(ip4_init), .stack_size = 65536,
	   BSS_REQUIRES(CONFIG_SVC_ID, ETHPROTO_SVC_ID, QUEUES_SVC_ID, PKTPOOL_SVC_ID, ROUTE_SVC_ID,
			THREAD_SVC_ID, TIMER_SVC_ID));

uint64_t now_ms(void)
{
	return timer_now_ns(TIMER) / 1000000u;
}

/* The batch's time: ARP ages in seconds, so one reading serves a batch. */
uint64_t txb_now(struct txb *out)
{
	if (!out->now)
		out->now = now_ms();
	return out->now;
}

/*
 * A batch that failed: a packet, a TX buffer or a queue of the device died
 * with its driver (docs/recovery.md). Whatever the batch held is dropped,
 * and the thread goes on, with the device's new queues once relinked.
 */
static void batch_lost(struct ip4 *s, bss_ref_t *pkts, uint32_t n, struct txb *out)
{
	pkt_release_all(pkts, n);
	txb_drop(out);
	s->dead_batches++;
}

/* For the recovery time (docs/recovery.md): the restarted driver delivers again. */
void ip4_first_frame(struct ip4 *s)
{
	s->await_frame = false;
	bss_printf("ipv4: first frame from the relinked device at %lu us\n",
		   (unsigned long)(timer_now_ns(TIMER) / 1000));
}

static void rx_loop(struct ip4 *s, bss_ref_t *pkts, volatile uint32_t *n, struct txb *out,
		    struct rxout *o)
{
	for (;;) {
		/* descriptors for the batch only: the kernel zeroes the whole out-buffer at each
		 * call, and all MAX_BATCH of them were 8 KiB for the 32 of a batch */
		*n = queue_get_batch_desc(s->rxq, pkts, s->batch, s->rxd,
					  s->batch * (uint32_t)sizeof(s->rxd[0]));
		if (s->await_frame)
			ip4_first_frame(s);
		rx_frames(s, pkts, s->rxd, *n, out, o);
		tx_flush(s, out);
		pkt_release_all(pkts, *n);
		*n = 0;
		s->txr_busy = false;
	}
}

/* Receive thread: ARP frames, from the distributor or passed on by the input (rx.c). */
void rx_run(struct ip4 *s)
{
	bss_ref_t pkts[MAX_BATCH];
	struct txb out = {0};
	struct rxout o = {.n = 0};
	volatile uint32_t n = 0;
	struct bss_try t;

	for (;;) {
		BSS_TRY(t)
		{
			rx_loop(s, pkts, &n, &out, &o);
		}
		BSS_CATCH(t)
		{
			rxout_drop(&o);
			batch_lost(s, pkts, n, &out);
			n = 0;
		}
	}
}

static void txr_loop(struct ip4 *s, bss_ref_t *pkts, volatile uint32_t *n, struct txb *out)
{
	uint64_t here[MAX_BATCH];

	for (;;) {
		*n = tx_next_batch(s, pkts, s->txd);
		s->txr_busy = true; /* the transmit input queues behind it (txin.c) */
		if (out->link != s->link) {
			txb_drop(out); /* the old driver's buffers */
			out->link = s->link;
		}
		bool ask = true;
		for (uint32_t i = 0; i < *n; i++) {
			/*
			 * The datagrams' addresses here, one system call for the rest
			 * of the batch (isolated), asked again after anything but a
			 * TX buffer sent as it is: the other ways may call the
			 * packet's server, and a call that ended a driver took its
			 * pages from this space (bss_here answers for now).
			 */
			if (ask)
				pkt_desc_here_n(pkts + i, s->txd + i, here + i, *n - i);
			out->nobuf = false;
			bool sent = tx_route(s, pkts[i], &s->txd[i], here[i], out);
			ask = !(sent && here[i]) && !pkt_everywhere();
			if (sent)
				pkts[i] = 0; /* out holds it: a TX buffer sent as it is */
			else if (out->nobuf && tx_hold(s, pkts[i]))
				pkts[i] = 0; /* set aside, for the next batch */
		}
		tx_flush(s, out);
		tx_stash_back(s, out);
		pkt_release_all(pkts, *n);
		*n = 0;
	}
}

/* Transmit thread: datagrams from the protocol servers. */
void txr_run(struct ip4 *s)
{
	bss_ref_t pkts[MAX_BATCH];
	struct txb out = {.wait = true, .d = s->txfd};
	volatile uint32_t n = 0;
	struct bss_try t;

	for (;;) {
		BSS_TRY(t)
		{
			txr_loop(s, pkts, &n, &out);
		}
		BSS_CATCH(t)
		{
			batch_lost(s, pkts, n, &out);
			n = 0;
			s->txr_busy = false;
		}
	}
}

BSS_LOCAL_SERVER(rx_desc, RUNNABLE, struct ip4, rx);
BSS_LOCAL_SERVER(txr_desc, RUNNABLE, struct ip4, txr);

/* The device to send on: the distributor's, at the start and after a driver restart. */
static void link_device(struct ip4 *s)
{
	s->dev = bss_keep(ethproto_device(ETHPROTO));
	ethdev_mac(s->dev, s->mac, NL_ETH_ALEN);
	s->mtu = ethdev_mtu(s->dev);
	if (s->mtu < NL_IP_MIN_MTU || s->mtu > NL_ETH_MTU)
		s->mtu = NL_ETH_MTU;
	/* what this server can pass on; TSO frames must fit the link's frames too */
	s->off = ethdev_offloads(s->dev) &
		 (NETOFF_TX_CSUM | NETOFF_TSO | NETOFF_RX_CSUM | NETOFF_TSO_MAX_SET(0xffff));
	if (NETOFF_TSO_MAX(s->off) <= s->mtu)
		s->off &= ~(NETOFF_TSO | NETOFF_TSO_MAX_SET(0xffff));
	/*
	 * hw_csum 0: no checksum is left to the device or taken from it. A
	 * driver that points the NIC at the wrong bytes (a stale buffer) then
	 * sends them with our checksum, which the peer refuses, instead of one
	 * the NIC computed over them (docs/faults-results.md, "e1000e 6.1").
	 */
	if (!s->hw_csum)
		s->off = 0;
	s->txfree = bss_keep(ethdev_txfree_queue(s->dev));
	s->tx = bss_keep(ethdev_tx_queue(s->dev));
	s->link++;
}

void ip4_announce(struct ip4 *s)
{
	/* tell the network who we are (RFC 5227 announcement) */
	uint8_t f[NL_ARP_FRAME_LEN];
	struct txb out = {0};
	size_t n = nl_arp_announce_frame(&s->arp, f, sizeof(f));
	if (n && tx_frame(s, &out, f, n))
		tx_flush(s, &out);
}

static void ip4_init(struct ip4 *s)
{
	char v[40];
	uint32_t ip, len;

	if (!param_str(CONFIG, "ip", v, sizeof(v)) || !parse_ip(v, &ip, &len) || len > 30 ||
	    !nl_ip4_is_unicast(ip))
		bss_throw(BSS_E_INVAL, EINVAL, "ipv4: parameter ip (a.b.c.d/len) missing or bad");
	s->ifc.addr = ip;
	s->ifc.mask = prefix_mask(len);
	s->batch = param_u32(CONFIG, "batch", 32);
	if (s->batch < 1 || s->batch > MAX_BATCH)
		s->batch = 32;
	uint32_t qlen = param_u32(CONFIG, "qlen", 512);

	s->hw_csum = param_u32(CONFIG, "hw_csum", 1) != 0;
	if (!s->hw_csum)
		bss_printf("ipv4: checksums and segmentation in software (hw_csum 0)\n");
	link_device(s);
	s->next_id = (uint16_t)(timer_now_ns(TIMER) >> 10);

	nl_stats_init(&s->st);
	nl_arp_init(&s->arp, s->mac, s->ifc.addr, &s->st);
	nl_ip_reasm_init(&s->reasm, s->slots, REASM_SLOTS,
			 param_u32(CONFIG, "reasm_ms", NL_IP_REASM_DEFAULT_TIMEOUT_MS), &s->st);

	s->rxq = bss_keep(queues_create(QUEUES, qlen));
	s->txq = bss_keep(queues_create(QUEUES, qlen));
	s->in = bss_keep(ip4_input_new(s));
	/* datagrams out are routed and framed as they are put (txin.c), the rest by the thread */
	s->txin = bss_keep(ip4_txin_new(s));
	/* IPv4 frames are handled as they are put (rx.c), the driver's fast path included */
	ethproto_register(ETHPROTO, NL_ETHERTYPE_IPV4, s->in);
	ethproto_register(ETHPROTO, NL_ETHERTYPE_ARP, s->rxq);
	thread_start(THREAD, bss_local(&rx_desc, s));
	thread_start(THREAD, bss_local(&txr_desc, s));
	tick_start(s);
	/* a device still negotiating its link (e1000 for 1-2 s after open)
	   drops this one: the tick announces again once it has a link, which
	   answers a peer whose ARP requests went unanswered meanwhile */
	s->announce_up = true;
	ip4_announce(s);
}

/*
 * The distributor's device was replaced (a restarted driver): its TX queues
 * from now on. Releasing the old TX-free queue ends the transmit thread's
 * wait in it (it throws, batch_lost); the old buffers it stashed are
 * dropped at its next batch.
 *
 * The announcement made now goes nowhere while the new instance has no
 * carrier yet (the NIC bridge drops frames then, as Linux does), and so do
 * the replies to the ARP requests it receives before its link is up: a
 * peer whose resolution of our address failed while the old instance hung
 * (e1000 hanging at its first transmission, the reply to the peer's first
 * request) kept failing, and the RX watchdog's probe, which that peer
 * cannot answer, restarted the new instance again and again
 * (docs/faults-results.md). The tick announces once more when the link is up.
 */
void ip4_relink(struct ip4 *s)
{
	bss_ref_t dev = s->dev, txfree = s->txfree, tx = s->tx;

	link_device(s);
	s->relinks++;
	s->await_frame = true;
	s->announce_up = true;
	bss_release(txfree);
	bss_release(tx);
	bss_release(dev);
	ip4_announce(s);
}

void ip4_listen(struct ip4 *s, uint32_t proto, bss_ref_t rx)
{
	if (proto > 255)
		net_throwf(BSS_E_INVAL, EINVAL, "ipv4.listen: protocol %u", proto);
	for (unsigned i = 0; i < s->nls; i++)
		if (s->ls[i].proto == proto)
			net_throwf(BSS_E_INVAL, EBUSY, "ipv4.listen: protocol %u is taken", proto);
	if (s->nls == MAX_LISTEN)
		bss_throw(BSS_E_LIMIT, EINVAL, "ipv4.listen: too many protocols");
	s->ls[s->nls].proto = proto;
	s->ls[s->nls].q = bss_keep(rx);
	s->nls++;
}

bss_ref_t ip4_tx_queue(struct ip4 *s)
{
	return s->txin;
}

uint32_t ip4_offloads(struct ip4 *s)
{
	return s->off;
}

bss_ref_t ip4_tx_buffers(struct ip4 *s)
{
	s->lends = true;
	return s->txfree;
}

uint32_t ip4_tx_room(struct ip4 *s)
{
	(void)s;
	return NL_ETH_HLEN;
}

bss_ref_t ip4_endpoint(struct ip4 *s, uint32_t ip)
{
	return ep_get(s, ip);
}

uint32_t ip4_addr(struct ip4 *s)
{
	return s->ifc.addr;
}

uint32_t ip4_netmask(struct ip4 *s)
{
	return s->ifc.mask;
}

uint32_t ipst_stats(struct ip4 *s, void *buf, uint32_t n)
{
	const struct nstats_extra x[] = {
		{".tx_nobuf", s->tx_nobuf},
		{".tx_waits", s->tx_waits},
		{".tx_held", s->tx_held},
		{".tx_full", s->tx_full},
		{".no_route", s->no_route},
		{".deliver_full", s->deliver_full},
		{".in_frames", s->in_frames},
		{".in_arp_full", s->in_arp_full},
		{".txin_sent", s->txin_sent},
		{".txin_queued", s->txin_queued},
		{".pool_empty", s->pool_empty},
		{".arp_entries", nl_arp_cache_used(&s->arp)},
		{".arp_pending", s->arp.npending},
		{".reasm_slots_used", s->reasm.in_use},
		{".reasm_bytes", s->reasm.bytes_held},
		{".reasm_lent", nl_ip_reasm_lent(&s->reasm)},
		{".reasm_in_place", s->reasm_in_place},
		{".tx_tso", s->tx_tso},
		{".tx_csum_sw", s->tx_csum_sw},
		{".tx_in_place", s->tx_in_place},
		{".tx_room_back", s->tx_room_back},
		{".relinks", s->relinks},
		{".dead_batches", s->dead_batches},
	};

	return nstats_text(buf, n, "ip", &s->st,
			   NSTATS_LAYER(NL_LAYER_ETH) | NSTATS_LAYER(NL_LAYER_IP) |
				   NSTATS_LAYER(NL_LAYER_ARP),
			   x, sizeof(x) / sizeof(x[0]));
}

BSS_LOCAL_SERVER(stats_desc, STATS, struct ip4, ipst);

bss_ref_t ip4_counters(struct ip4 *s)
{
	return bss_local(&stats_desc, s);
}
