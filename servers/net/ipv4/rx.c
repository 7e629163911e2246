/*
 * Input: ARP, and IPv4 datagrams for us. A datagram that came in one frame
 * stays in it: its descriptor is narrowed to the datagram (nothing moves,
 * and the packet's server is not called; a frame without a descriptor is
 * trimmed with packet.trim); a reassembled one stays in the slot it was
 * put together in, a packet of this server's (reasm.c). Each is put into
 * the queue of the server listening for its protocol, with its
 * descriptor, a batch per listener.
 *
 * IPv4 frames are handled in the call that brings them (the input, below),
 * not by a thread of ours after a queue: the input is what this server
 * registers with the distributor for IPv4, and so what the NIC bridge's
 * fast path puts its batches into. A queue between the driver and this
 * server cost every received TCP segment a queue hop: the queue's keep
 * and unkeep of each packet, the references handed over at each end, two
 * calls, a wakeup and a thread switch per batch (docs/bench-net-results.md
 * "No queue between the driver and TCP"). ARP still goes through the
 * receive thread's queue: its replies are sent from there.
 */
#include "ip4.h"
#include <svc/packet.h>
#include <svc/queue.h>
#include "serverlib/net/pktin.h"

/* The last protocol's listener first: a bulk transfer's datagrams are all for one. */
static struct listener *listener(struct ip4 *s, uint32_t proto)
{
	if (s->ls_last < s->nls && s->ls[s->ls_last].proto == proto)
		return &s->ls[s->ls_last];
	for (unsigned i = 0; i < s->nls; i++)
		if (s->ls[i].proto == proto) {
			s->ls_last = i;
			return &s->ls[i];
		}
	return NULL;
}

/* Releases what the batch holds of its own: reassembled datagrams' packets. */
void rxout_drop(struct rxout *o)
{
	for (uint32_t j = o->n; j-- > 0;)
		if (o->own[j])
			bss_release(o->p[j]);
	o->n = 0;
	o->mixed = false;
}

/* The entries of o going to dest, in order, as one put; what a full queue refuses is counted. */
static void put_dest(struct ip4 *s, struct rxout *o, uint8_t dest)
{
	bss_ref_t p[RX_OUT];
	struct bss_pkt_desc d[RX_OUT];
	const bss_ref_t *pp = o->p;
	const struct bss_pkt_desc *dp = o->d;
	uint32_t k = 0;

	if (!o->mixed)
		k = o->dest[0] == dest ? o->n : 0;
	else
		for (uint32_t j = 0; j < o->n; j++)
			k += o->dest[j] == dest;
	if (!k)
		return;
	if (k < o->n) {
		k = 0;
		for (uint32_t j = 0; j < o->n; j++) {
			if (o->dest[j] != dest)
				continue;
			p[k] = o->p[j];
			d[k++] = o->d[j];
		}
		pp = p;
		dp = d;
	}
	bss_ref_t q = dest == RX_TO_THREAD ? s->rxq : s->ls[dest].q;
	uint32_t took = queue_put_batch_desc(q, pp, k, dp, k * (uint32_t)sizeof(dp[0]));

	if (dest == RX_TO_THREAD)
		s->in_arp_full += k - took;
	else
		s->deliver_full += k - took;
}

/*
 * The queues hold their own references; the batch's own go. A batch all
 * for one listener (a bulk transfer's) is one put, without a pass over
 * the batch per listener.
 */
static void deliver_flush(struct ip4 *s, struct rxout *o)
{
	if (!o->n)
		return;
	if (!o->mixed) {
		put_dest(s, o, o->dest[0]);
	} else {
		for (unsigned i = 0; i < s->nls; i++)
			put_dest(s, o, (uint8_t)i);
		put_dest(s, o, RX_TO_THREAD);
	}
	rxout_drop(o);
}

/*
 * Queues p for dest; own: the batch releases p once it is put. True when
 * it flushed the batch first: the puts ran the listeners' inputs, which
 * may have called into a driver (and ended it).
 */
static bool deliver(struct ip4 *s, struct rxout *o, uint8_t dest, bss_ref_t p,
		    const struct bss_pkt_desc *d, bool own)
{
	bool flushed = o->n == RX_OUT;

	if (flushed)
		deliver_flush(s, o);
	o->mixed |= o->n && dest != o->dest[0];
	o->d[o->n] = *d;
	o->dest[o->n] = dest;
	o->own[o->n] = own;
	o->p[o->n++] = p;
	return flushed;
}

static void rx_arp(struct ip4 *s, const struct nl_eth *eth, struct txb *out)
{
	struct nl_arp_action act;

	if (nl_arp_input(&s->arp, eth->payload, eth->payload_len, now_ms(), &act) != NL_OK)
		return;
	if (act.reply)
		tx_frame(s, out, act.reply_frame, sizeof(act.reply_frame));
	if (act.nresolved)
		tx_resolved(s, act.resolved, act.nresolved, act.resolved_mac, out);
}

static void rx_fragment(struct ip4 *s, struct rxout *o, uint8_t dest, const struct nl_ip_hdr *h)
{
	struct nl_ip_dgram d;
	struct bss_pkt_desc pd;

	if (nl_ip_reasm_input(&s->reasm, h, now_ms(), &d) != NL_REASM_DONE)
		return;
	bss_ref_t p = reasm_packet(s, &d, &pd);
	if (p) {
		deliver(s, o, dest, p, &pd, true);
		s->st.rx++;
	}
}

/* True when p was handed on without a call out of this server (see rx_frames). */
static bool rx_ip(struct ip4 *s, struct rxout *o, bss_ref_t p, const struct bss_pkt_desc *d,
		  uint8_t *frame, const struct nl_eth *eth)
{
	struct nl_ip_hdr h;
	bool bcast;
	enum nl_drop why = nl_ip_parse(eth->payload, eth->payload_len, &h);

	if (why == NL_OK)
		why = nl_ip_accept(&h, &s->ifc, false, &bcast);
	struct listener *l = NULL;
	if (why == NL_OK && !(l = listener(s, h.proto)))
		why = IP_DROP_NO_PROTO;
	if (why != NL_OK) {
		nl_stats_drop(&s->st, why);
		return false;
	}
	uint8_t dest = (uint8_t)(l - s->ls);
	if (nl_ip_is_fragment(&h)) {
		rx_fragment(s, o, dest, &h);
		return false;
	}
	uint32_t head = (uint32_t)(eth->payload - frame);
	bool valid = d->flags & PKT_DESC_VALID;

	if (!valid)
		packet_trim(p, head, h.total_len);
	bool flushed = deliver(s, o, dest, p, d, false);
	/*
	 * The caller's descriptor is its own (an in-buffer): narrowed in the
	 * batch's copy, which deliver() always puts last (after a flush if the
	 * batch was full).
	 */
	if (valid) {
		o->d[o->n - 1].off += head;
		o->d[o->n - 1].len = h.total_len;
	}
	s->st.rx++;
	return valid && !flushed;
}

/*
 * out: the receive thread's frames to send (ARP replies); NULL for the
 * input, which passes ARP frames on to that thread.
 */
__attribute__((noinline)) void rx_frames(struct ip4 *s, const bss_ref_t *pkts,
					 const struct bss_pkt_desc *d, uint32_t n, struct txb *out,
					 struct rxout *o)
{
	uint64_t here[MAX_BATCH];
	bool ask = true;

	for (uint32_t i = 0; i < n; i++) {
		/*
		 * The frames' addresses here, one system call for the rest of the
		 * batch (isolated), asked again after anything but a frame
		 * handed on: ARP, fragments and drops may call out, and a call
		 * into a frame's driver that ended it would have taken its
		 * pages from this space (bss_here answers for now, not later).
		 */
		if (ask)
			pkt_desc_here_n(pkts + i, d + i, here + i, n - i);
		ask = !pkt_everywhere();
		uint32_t len;
		uint8_t *frame = pkt_desc_data_at(pkts[i], &d[i], here[i], &len);
		struct nl_eth eth;
		enum nl_drop why = frame ? nl_eth_parse(frame, len, &eth) : ETH_DROP_BAD_DESC;

		/* IPv4 frames may come straight from the driver: check what the distributor would
		 */
		if (why == NL_OK)
			why = nl_eth_accept(&eth, s->mac, false);
		if (why != NL_OK) {
			nl_stats_drop(&s->st, why);
			continue;
		}
		if (eth.type == NL_ETHERTYPE_ARP && out)
			rx_arp(s, &eth, out);
		else if (eth.type == NL_ETHERTYPE_ARP)
			deliver(s, o, RX_TO_THREAD, pkts[i], &d[i], false);
		else if (eth.type == NL_ETHERTYPE_IPV4) {
			if (rx_ip(s, o, pkts[i], &d[i], frame, &eth))
				ask = !here[i] && !pkt_everywhere(); /* 0: map() was called */
		} else
			nl_stats_drop(&s->st, ETH_DROP_NO_PROTO);
	}
	deliver_flush(s, o);
}

/*
 * The input (serverlib/net/pktin.h): frames put into it are handled before
 * the put returns; what is dropped is counted here, by reason.
 */
static void input(struct ip4 *s, const bss_ref_t *pkts, uint32_t n, const struct bss_pkt_desc *d)
{
	struct rxout o; /* only o.n entries are read: not cleared whole (1.3 KiB) per batch */
	struct bss_try t;

	o.n = 0;
	o.mixed = false;

	if (s->await_frame)
		ip4_first_frame(s);
	BSS_TRY(t)
	{
		rx_frames(s, pkts, d, n, NULL, &o);
	}
	BSS_CATCH(t)
	{
		/* a packet or a queue died with its server (docs/recovery.md): the rest is dropped
		 */
		rxout_drop(&o);
		s->dead_batches++;
	}
	s->in_frames += n;
}

#define IN_TAKEN(s) ((s)->in_frames)
#define IN_CAP(s) queue_capacity((s)->rxq)

PKTIN_QUEUE_FNS(ipin, struct ip4, input, IN_TAKEN, IN_CAP)

BSS_LOCAL_SERVER(ipin_desc, QUEUE, struct ip4, ipin);

bss_ref_t ip4_input_new(struct ip4 *s)
{
	return bss_local(&ipin_desc, s);
}
