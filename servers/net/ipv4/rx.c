/*
 * Input: ARP, and IPv4 datagrams for us. A datagram that came in one frame
 * stays in it: its descriptor is narrowed to the datagram (nothing moves,
 * and the packet's server is not called; a frame without a descriptor is
 * trimmed with packet.trim); a reassembled one stays in the slot it was
 * put together in, a packet of this server's (reasm.c). Each is put into
 * the queue of the server listening for its protocol, with its
 * descriptor, a batch per listener.
 */
#include "ip4.h"
#include <svc/packet.h>
#include <svc/queue.h>

static struct listener *listener(struct ip4 *s, uint32_t proto)
{
	for (unsigned i = 0; i < s->nls; i++)
		if (s->ls[i].proto == proto)
			return &s->ls[i];
	return NULL;
}

static void deliver_flush(struct ip4 *s)
{
	for (unsigned i = 0; i < s->nls; i++) {
		struct listener *l = &s->ls[i];
		if (!l->n)
			continue;
		uint32_t took = queue_put_batch_desc(l->q, l->batch, l->n, l->desc,
						     l->n * (uint32_t)sizeof(l->desc[0]));
		s->deliver_full += l->n - took;
		/* the queue holds its own references; ours go */
		pkt_release_all(l->batch, l->n);
		l->n = 0;
	}
}

/* Queues p for its listener; the batch takes the caller's reference over. */
static void deliver(struct ip4 *s, struct listener *l, bss_ref_t p, const struct bss_pkt_desc *d)
{
	if (l->n == MAX_BATCH)
		deliver_flush(s);
	l->desc[l->n] = *d;
	l->batch[l->n++] = p;
	s->st.rx++;
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

static void rx_fragment(struct ip4 *s, struct listener *l, const struct nl_ip_hdr *h)
{
	struct nl_ip_dgram d;
	struct bss_pkt_desc pd;

	if (nl_ip_reasm_input(&s->reasm, h, now_ms(), &d) != NL_REASM_DONE)
		return;
	bss_ref_t p = reasm_packet(s, &d, &pd);
	if (p)
		deliver(s, l, p, &pd);
}

/* Returns true if it took p over (the caller must not release it). */
static bool rx_ip(struct ip4 *s, bss_ref_t p, struct bss_pkt_desc *d, uint8_t *frame,
		  const struct nl_eth *eth)
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
	if (nl_ip_is_fragment(&h)) {
		rx_fragment(s, l, &h);
		return false;
	}
	uint32_t head = (uint32_t)(eth->payload - frame);
	if (d->flags & PKT_DESC_VALID) {
		d->off += head;
		d->len = h.total_len;
	} else {
		packet_trim(p, head, h.total_len);
	}
	deliver(s, l, p, d);
	return true;
}

void rx_frames(struct ip4 *s, bss_ref_t *pkts, struct bss_pkt_desc *d, uint32_t n, struct txb *out)
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
		if (eth.type == NL_ETHERTYPE_ARP)
			rx_arp(s, &eth, out);
		else if (eth.type == NL_ETHERTYPE_IPV4 && rx_ip(s, pkts[i], &d[i], frame, &eth)) {
			pkts[i] = 0;			     /* a listener's batch has it now */
			ask = !here[i] && !pkt_everywhere(); /* 0: map() was called */
		} else
			nl_stats_drop(&s->st, ETH_DROP_NO_PROTO);
	}
	deliver_flush(s);
}
