/*
 * Output: routing (with a one-entry cache, since a batch usually goes to one
 * peer), neighbour resolution, fragmentation to the MTU, and framing into
 * the driver's own TX buffers (thesis 4.4: the driver owns them). A
 * datagram a protocol server built in such a buffer (PKT_TX_ROOM,
 * ipv4.tx_buffers) gets its Ethernet header in front and goes as it is;
 * any other is copied into one. Offloads a datagram asks for
 * (packet.meta) go with its frame to the driver: a TCP segment larger than the MTU with a segment
 * size is one frame the device cuts (TSO); a checksum left to the device
 * is done here when the datagram must be fragmented after all.
 */
#include "ip4.h"
#include <svc/packet.h>
#include <svc/queue.h>
#include <svc/pktpool.h>
#include <svc/route.h>
#include "netlib/csum.h"

/* Gives up what a batch holds: after an error, or buffers of a replaced driver. */
void txb_drop(struct txb *out)
{
	pkt_release_all(out->f, out->n);
	pkt_release_all(out->free, out->nfree);
	out->n = out->nfree = 0;
}

/* Frame f into out's batch; pd its descriptor (NULL: the packet says all). */
static void txb_add(struct txb *out, bss_ref_t f, const struct bss_pkt_desc *pd)
{
	if (out->d) {
		if (pd)
			out->d[out->n] = *pd;
		else
			out->d[out->n].flags = 0;
	}
	out->f[out->n++] = f;
}

void tx_flush(struct ip4 *s, struct txb *out)
{
	out->now = 0; /* the next batch reads the time again */
	if (!out->n)
		return;
	uint32_t took = out->d ? queue_put_batch_desc(s->tx, out->f, out->n, out->d,
						      out->n * (uint32_t)sizeof(out->d[0]))
			       : queue_put_batch(s->tx, out->f, out->n);
	s->tx_full += out->n - took;
	s->st.tx += took;
	pkt_release_all(out->f, out->n);
	out->n = 0;
}

/*
 * A free TX buffer of the driver, or 0 (the caller counts the drop): one
 * the transmit thread took ahead (tx_stock) first. The transmit thread
 * waits for one instead, unless the buffers are lent out (below): dropping
 * there lost TCP segments whenever a burst outran a slow NIC (4
 * descriptors on the RTL8139), and TCP fell back to its retransmission
 * timer; waiting fills txq, whose senders see it full.
 */
static bss_ref_t tx_buffer(struct ip4 *s, struct txb *out)
{
	if (out->n == MAX_BATCH)
		tx_flush(s, out);
	if (out->nfree)
		return out->free[--out->nfree];
	/*
	 * Once protocol servers build datagrams in TX buffers (tx_buffers), the
	 * ones this thread would wait for may sit behind it in its own queue:
	 * then it never waits (held.c).
	 */
	if (!out->wait || s->lends)
		return queue_try_get(s->txfree);
	/* the transmit thread lives on, so it may keep a few: one call per TXB_STASH frames */
	out->nfree = queue_try_get_batch(s->txfree, out->free, TXB_STASH);
	if (out->nfree)
		return out->free[--out->nfree];
	tx_flush(s, out); /* the driver frees buffers by sending these */
	s->tx_waits++;
	return queue_get(s->txfree);
}

/* Takes free TX buffers ahead until out holds need; false when fewer are free. */
static bool tx_stock(struct ip4 *s, struct txb *out, uint32_t need)
{
	while (out->nfree < need) {
		uint32_t got =
			queue_try_get_batch(s->txfree, out->free + out->nfree, need - out->nfree);
		if (!got)
			return false;
		out->nfree += got;
	}
	return true;
}

bool tx_frame(struct ip4 *s, struct txb *out, const uint8_t *data, size_t len)
{
	bss_ref_t f = tx_buffer(s, out);

	if (!f) {
		s->tx_nobuf++;
		return false;
	}
	uint8_t *b = pkt_data(f);
	uint32_t cap = packet_cap(f);
	if (len > cap) {
		bss_release(f);
		return false;
	}
	memcpy(b, data, len);
	size_t n = nl_eth_pad(b, len, cap);
	packet_set_len(f, (uint32_t)(n ? n : len));
	txb_add(out, f, NULL);
	return true;
}

void tx_arp_request(struct ip4 *s, uint32_t ip, struct txb *out)
{
	uint8_t f[NL_ARP_FRAME_LEN];
	size_t n = nl_arp_request_frame(&s->arp, ip, f, sizeof(f));

	if (n)
		tx_frame(s, out, f, n);
}

/* The TCP or UDP checksum a datagram left to the device, done here (RFC 1071). */
static void l4_csum(struct ip4 *s, uint8_t *d, uint32_t len)
{
	uint32_t hlen = (uint32_t)(d[0] & 15) * 4;
	uint32_t at = d[9] == NL_IP_PROTO_TCP ? 16 : d[9] == NL_IP_PROTO_UDP ? 6 : 0;

	if (!at || len < hlen + at + 2)
		return;
	/* the field holds the pseudo header's sum: the sum over it covers that too */
	uint16_t c = nl_csum(d + hlen, len - hlen);
	if (d[9] == NL_IP_PROTO_UDP && !c)
		c = 0xffff;
	nl_put16(d + hlen + at, c);
	s->tx_csum_sw++;
}

/*
 * A TX buffer a protocol server filled in place (PKT_TX_ROOM) that will not
 * go as it is: back to the device's TX-free queue, the only way a TX buffer
 * returns (releasing it would lose it).
 */
void tx_room_back(struct ip4 *s, bss_ref_t p)
{
	packet_set_meta(p, 0);
	queue_put(s->txfree, p);
	s->tx_room_back++;
}

/* One frame for a whole datagram, with the offloads it asks for. */
static void tx_whole(struct ip4 *s, const uint8_t *d, uint32_t len, const uint8_t *mac,
		     uint32_t meta, struct txb *out)
{
	bss_ref_t f = tx_buffer(s, out);

	if (!f) {
		s->tx_nobuf++;
		return;
	}
	uint8_t *b = pkt_data(f);
	uint32_t cap = packet_cap(f);
	uint32_t flen = NL_ETH_HLEN + len;
	if (flen > cap) {
		bss_release(f);
		nl_stats_drop(&s->st, IP_DROP_TOO_BIG);
		return;
	}
	nl_eth_build(b, NL_ETH_HLEN, mac, s->mac, NL_ETHERTYPE_IPV4);
	memcpy(b + NL_ETH_HLEN, d, len);
	size_t n = nl_eth_pad(b, flen, cap);
	packet_set_len(f, (uint32_t)(n ? n : flen));
	if (meta)
		packet_set_meta(f, meta);
	if (PKT_MSS(meta))
		s->tx_tso++;
	txb_add(out, f, NULL);
}

/*
 * The datagram d was built in TX buffer p, behind room for the Ethernet
 * header: the header goes there and p itself into the batch (no copy).
 * asked is the meta p carries, meta what the device is to do now. With
 * p's descriptor pd (the room at its offset), and a batch that carries
 * descriptors, the frame's length and offloads go in its descriptor
 * instead of set_len and set_meta calls into the driver.
 */
static void tx_in_place(struct ip4 *s, bss_ref_t p, const struct bss_pkt_desc *pd, uint8_t *d,
			uint32_t len, const uint8_t *mac, uint32_t asked, uint32_t meta,
			struct txb *out)
{
	uint8_t *b = d - NL_ETH_HLEN;
	uint32_t flen = NL_ETH_HLEN + len;

	if (out->n == MAX_BATCH)
		tx_flush(s, out);
	nl_eth_build(b, NL_ETH_HLEN, mac, s->mac, NL_ETHERTYPE_IPV4);
	/* a TX buffer holds a frame of the MTU: room for the padding */
	size_t n = nl_eth_pad(b, flen, NL_ETH_ZLEN);
	if (PKT_MSS(meta))
		s->tx_tso++;
	s->tx_in_place++;
	if (pd && out->d) {
		struct bss_pkt_desc fd = *pd;

		fd.len = (uint32_t)n;
		fd.meta = meta;
		txb_add(out, p, &fd);
		return;
	}
	if (n != flen)
		packet_set_len(p, (uint32_t)n);
	if (meta != (asked & ~PKT_TX_ROOM)) /* the bit itself is nothing to a driver */
		packet_set_meta(p, meta);
	txb_add(out, p, NULL);
}

/*
 * Frames the datagram d (len bytes, the contents of packet p) to mac,
 * fragmenting if needed. Callers pass what they mapped already: every
 * packet.map/len/cap is a service call, and this is the per-packet path.
 * asked is p's meta (PKT_TX_ROOM: d lies in a TX buffer, sent in place when
 * it goes whole), pd its descriptor when d came from it (NULL: none).
 * Returns true when out took p over.
 */
static bool tx_link(struct ip4 *s, bss_ref_t p, const struct bss_pkt_desc *pd, uint8_t *d,
		    uint32_t len, const uint8_t *mac, uint32_t asked, struct txb *out)
{
	uint32_t hlen = (uint32_t)(d[0] & 15) * 4;
	uint16_t flags = nl_get16(d + 6);
	uint32_t meta = s->off ? asked & ~PKT_TX_ROOM : 0;
	struct nl_ip_frag_iter it;
	struct nl_ip_frag fr;

	if (PKT_MSS(meta) &&
	    (!(s->off & NETOFF_TSO) || len > NETOFF_TSO_MAX(s->off) || d[9] != NL_IP_PROTO_TCP))
		meta &= ~PKT_MSS_SET(0xffff); /* not the device's to cut: fragments */
	/*
	 * The transmit thread takes every buffer a datagram to copy needs
	 * before it touches it (the checksum below is done once): with too few
	 * free, the datagram is set aside untouched (out->nobuf, held.c).
	 */
	if (out->wait && s->lends && !(asked & PKT_TX_ROOM)) {
		uint32_t per = (s->mtu - hlen) & ~7u;
		uint32_t frames = len <= s->mtu || PKT_MSS(meta) ? 1 : (len - hlen + per - 1) / per;
		/* more than it may take ahead: sent as far as the buffers go, the rest dropped */
		if (frames <= TXB_FREE_MAX && !tx_stock(s, out, frames)) {
			out->nobuf = true;
			return false;
		}
	}
	if (meta & PKT_TX_CSUM &&
	    (!(s->off & NETOFF_TX_CSUM) || (len > s->mtu && !PKT_MSS(meta)))) {
		l4_csum(s, d, len);
		meta &= ~PKT_TX_CSUM;
	}
	if (len <= s->mtu || PKT_MSS(meta)) {
		if (asked & PKT_TX_ROOM) {
			tx_in_place(s, p, pd, d, len, mac, asked, meta, out);
			return true;
		}
		tx_whole(s, d, len, mac, meta, out);
		return false;
	}
	enum nl_drop why = nl_ip_frag_init(&it, len - hlen, hlen, s->mtu, flags & NL_IP_FLAG_DF);
	if (why != NL_OK) {
		nl_stats_drop(&s->st, why);
		goto sent;
	}
	while (nl_ip_frag_next(&it, &fr)) {
		bss_ref_t f = tx_buffer(s, out);
		if (!f) {
			s->tx_nobuf++;
			goto sent;
		}
		uint8_t *b = pkt_data(f);
		uint32_t cap = packet_cap(f);
		uint32_t flen = NL_ETH_HLEN + hlen + (uint32_t)fr.len;
		if (flen > cap) {
			bss_release(f);
			nl_stats_drop(&s->st, IP_DROP_TOO_BIG);
			goto sent;
		}
		nl_eth_build(b, NL_ETH_HLEN, mac, s->mac, NL_ETHERTYPE_IPV4);
		uint8_t *ip = b + NL_ETH_HLEN;
		memcpy(ip, d, hlen);
		memcpy(ip + hlen, d + hlen + fr.offset, fr.len);
		nl_put16(ip + 2, (uint16_t)(hlen + fr.len));
		nl_put16(ip + 6, (uint16_t)((flags & NL_IP_FLAG_DF) |
					    (fr.more ? NL_IP_FLAG_MF : 0) | (fr.offset / 8)));
		nl_put16(ip + 10, 0);
		nl_put16(ip + 10, nl_csum(ip, hlen));
		size_t n = nl_eth_pad(b, flen, cap);
		packet_set_len(f, (uint32_t)(n ? n : flen));
		txb_add(out, f, NULL);
	}
sent:
	if (asked & PKT_TX_ROOM)
		tx_room_back(s, p);
	return false;
}

static bool is_broadcast(struct ip4 *s, uint32_t dst)
{
	return dst == NL_IP4_BROADCAST || dst == (s->ifc.addr | ~s->ifc.mask);
}

/*
 * A datagram built in a TX buffer whose neighbour is not resolved yet
 * moves into a pool packet, which the resolver may hold as long as it
 * likes; the TX buffer goes back to the device. 0 if the pool is empty.
 */
static bss_ref_t room_to_pool(struct ip4 *s, bss_ref_t p, const uint8_t *d, uint32_t len,
			      uint32_t meta)
{
	bss_ref_t c = pktpool_alloc(PKTPOOL, len);

	if (c) {
		memcpy(pkt_data(c), d, len);
		packet_set_len(c, len);
		if (meta & ~PKT_TX_ROOM)
			packet_set_meta(c, meta & ~PKT_TX_ROOM);
	} else {
		s->pool_empty++;
	}
	tx_room_back(s, p);
	return c;
}

/*
 * Sends datagram p (d, len bytes: its contents; meta, its packet.meta; pd
 * its descriptor when those came from it) to next hop hop (a neighbour).
 * Returns true when out took p over.
 */
static bool tx_mapped(struct ip4 *s, bss_ref_t p, const struct bss_pkt_desc *pd, uint8_t *d,
		      uint32_t len, uint32_t meta, uint32_t hop, struct txb *out)
{
	if (meta & PKT_TX_ROOM) {
		/* built in a TX buffer: the datagram starts past the link header's room */
		if (len < NL_ETH_HLEN) {
			nl_stats_drop(&s->st, IP_DROP_BAD_LEN);
			tx_room_back(s, p);
			return false;
		}
		d += NL_ETH_HLEN;
		len -= NL_ETH_HLEN;
	}
	if (len < NL_IP_HLEN || len < (uint32_t)(d[0] & 15) * 4 || nl_get16(d + 2) != len) {
		nl_stats_drop(&s->st, IP_DROP_BAD_LEN);
		if (meta & PKT_TX_ROOM)
			tx_room_back(s, p);
		return false;
	}
	/* ours to fill: identification, TTL, checksum */
	if (!(nl_get16(d + 6) & (NL_IP_FLAG_MF | NL_IP_OFF_MASK)))
		nl_put16(d + 4, s->next_id++);
	if (!d[8])
		d[8] = NL_IP_DEFAULT_TTL;
	nl_put16(d + 10, 0);
	nl_put16(d + 10, nl_csum(d, (size_t)(d[0] & 15) * 4));

	if (is_broadcast(s, nl_get32(d + 16)))
		return tx_link(s, p, pd, d, len, nl_mac_broadcast, meta, out);
	uint8_t mac[NL_ETH_ALEN];
	uint64_t now = txb_now(out);
	if (nl_arp_lookup(&s->arp, hop, now, mac))
		return tx_link(s, p, pd, d, len, mac, meta, out);
	if (meta & PKT_TX_ROOM) {
		p = room_to_pool(s, p, d, len, meta);
		if (!p)
			return false;
		d = pkt_data(p);
		meta &= ~PKT_TX_ROOM;
	}
	/* the resolver holds a permanent reference while the packet waits */
	struct nl_arp_result r;
	bss_ref_t keep = bss_keep(p);
	nl_arp_resolve(&s->arp, hop, keep, now, &r);
	if (!r.queued)
		bss_release(keep);
	if (r.send_request)
		tx_arp_request(s, hop, out);
	if (r.found)
		tx_link(s, p, NULL, d, len, r.mac, meta, out);
	return false;
}

bool tx_datagram(struct ip4 *s, bss_ref_t p, uint32_t hop, struct txb *out)
{
	return tx_mapped(s, p, NULL, pkt_data(p), packet_len(p),
			 s->off || s->lends ? packet_meta(p) : 0, hop, out);
}

/* Handles released by the resolver are our permanent references: send and drop them. */
void tx_resolved(struct ip4 *s, const uint64_t *handles, unsigned n, const uint8_t *mac,
		 struct txb *out)
{
	for (unsigned i = 0; i < n; i++) {
		/* never a TX buffer: room_to_pool moved those out */
		tx_link(s, handles[i], NULL, pkt_data(handles[i]), packet_len(handles[i]), mac,
			s->off ? packet_meta(handles[i]) & ~PKT_TX_ROOM : 0, out);
		bss_release(handles[i]);
	}
}

/*
 * Routes and sends datagram p from the TX queue, pd its queue descriptor:
 * a TX buffer a protocol server built in place (its room at the
 * descriptor's offset) comes with its length and offload word there, and
 * its address where the runtime shared the buffer's pages before, so it
 * costs no call into the driver (pkt.h); here is that address or 0, asked
 * for the batch at once (pkt_desc_here_n).
 */
bool tx_route(struct ip4 *s, bss_ref_t p, const struct bss_pkt_desc *pd, uint64_t here,
	      struct txb *out)
{
	uint32_t len;
	uint8_t *d = pd->flags & PKT_DESC_VALID ? pkt_desc_data_at(p, pd, here, &len) : NULL;
	uint32_t meta;

	if (d) {
		meta = pd->meta;
	} else {
		pd = NULL; /* none, or one past its buffer: the packet says */
		d = pkt_data(p);
		len = packet_len(p);
		/* PKT_TX_ROOM matters without offloads too, once tx_buffers lent */
		meta = s->off || s->lends ? packet_meta(p) : 0;
	}
	uint32_t at = meta & PKT_TX_ROOM ? NL_ETH_HLEN : 0;
	uint32_t dst = len >= at + NL_IP_HLEN ? nl_get32(d + at + 16) : 0;

	if (!dst || dst != s->rc_dst || !s->rc_hop) {
		s->rc_dst = dst;
		s->rc_hop = is_broadcast(s, dst) ? dst : route_lookup(ROUTE, dst);
	}
	if (!s->rc_hop) {
		s->no_route++;
		if (meta & PKT_TX_ROOM)
			tx_room_back(s, p);
		return false;
	}
	return tx_mapped(s, p, pd, d, len, meta, s->rc_hop, out);
}
