// SPDX-License-Identifier: BSD-3-Clause
/*
 * Output of the lwIP TCP server's glue (glue.h): tcp_ip_output()
 * (lwip/tcp_ip.h) puts each segment lwIP sends, behind an IPv4 header,
 * into a packet from the packet pool; the packets of one entry into lwIP
 * go to the IPv4 service's TX queue in one call (flush).
 *
 * What the device offloads (ipv4.offloads(), bss/netoffload.h) is used as
 * Linux's TCP uses it:
 *  - checksums (NETOFF_TX_CSUM): lwIP computes none (shim lwip/netif.h);
 *    the checksum field gets the pseudo header's sum and the packet asks the
 *    device for the rest (PKT_TX_CSUM);
 *  - segmentation (NETOFF_TSO): consecutive full segments of a connection
 *    in one batch become one datagram the device cuts back into the same
 *    segments (PKT_MSS), as Linux's GSO hands a driver one large skb.
 * Within a batch, a pure ACK also replaces an earlier one of its
 * connection that it supersedes (merge_ack).
 *
 * A datagram is built right in a TX buffer of the device when one is free
 * (ipv4.tx_buffers(), behind ipv4.tx_room() bytes for the link header,
 * PKT_TX_ROOM): the IPv4 server then sends that buffer as it is, where it
 * used to copy every datagram into one. When none is free the segment
 * waits in lwIP (ERR_MEM): a pool packet would make IPv4 wait for a TX
 * buffer to copy it into (docs/tcp.md). Only a datagram larger than a
 * frame goes into a packet of the pool, which IPv4 copies. A TX buffer that is not sent goes back
 * to the TX-free queue (give_back): released, the driver would never see it again.
 *
 * The TX buffers come from TX-free TX_STASH at a time, each with the
 * descriptor its driver put beside it (its address there, its size): the
 * datagram's address here is then the runtime's earlier share of its
 * pages (bss_here, no call), and its length and offload word go to IPv4
 * in the descriptor flush puts beside it, not by set_len and set_meta
 * calls into the driver. A buffer without one (a driver that fills none,
 * one given back) is asked as before.
 */
#include "glue.h"

u16_t lwip_tcp_csum_off; /* shim lwip/netif.h: checksums lwIP leaves alone */

static int tso;	      /* merge segments: the device does TSO and checksums */
static u32_t tso_max; /* the largest datagram it segments */

void output_init(struct lwip_tcp *t, u32_t off, u32_t mtu)
{
	t->off = off;
	t->room = ipv4_tx_room(IPV4);
	t->txmax = mtu;
	if (off & NETOFF_TX_CSUM)
		lwip_tcp_csum_off |= NETIF_CHECKSUM_GEN_TCP;
	tso = (off & (NETOFF_TSO | NETOFF_TX_CSUM)) == (NETOFF_TSO | NETOFF_TX_CSUM);
	tso_max = LWIP_MIN(NETOFF_TSO_MAX(off), 0xffffu);
}

/*
 * A TX buffer not sent: back where the driver looks for it (a dead
 * device's is let go), with its descriptor d from TX-free if it had one.
 */
static void give_back(struct lwip_tcp *t, bss_ref_t pk, const struct bss_pkt_desc *d)
{
	struct bss_try e;

	t->out_calls++;
	BSS_TRY(e)
	{
		if (d->flags & PKT_DESC_VALID) {
			/* the descriptor said length and offloads, never the packet: as it came */
			queue_put_batch_desc(t->txfree, &pk, 1, d, sizeof(*d));
		} else {
			packet_set_meta(pk, 0);
			queue_put(t->txfree, pk);
		}
	}
	BSS_CATCH(e)
	{
	}
	bss_release(pk);
}

/* The TX buffers taken ahead go (those of a driver that died or was replaced). */
static void stash_drop(struct lwip_tcp *t)
{
	pkt_release_all(t->stash, t->nstash);
	t->nstash = 0;
}

/*
 * The TX-free queue is held by a weak reference: a strong one would keep a
 * dead driver's queue alive, and with it the wait of the IPv4 transmit
 * thread in that queue, which only the queue's death ends (docs/recovery.md).
 * It is looked up again once it died (a call threw) or came back empty:
 * a restarted driver has a new one, and with no pool packet to fall back
 * on (out_packet) TCP would send nothing until it did.
 */
static void txfree_lookup(struct lwip_tcp *t)
{
	bss_ref_t q = ipv4_tx_buffers(IPV4);

	t->txfree_tick = tcp_ticks;
	if (t->txfree != 0 && bss_same(q, t->txfree))
		return;
	if (t->txfree != 0)
		bss_release(t->txfree);
	t->txfree = 0;
	stash_drop(t);
	t->txfree = bss_weak(q, 0);
}

/*
 * Refills the stash: up to TX_STASH free TX buffers in one call, kept as
 * permanent references across entries into lwIP (a temporary would end
 * with the call that took it). Holding a few keeps them from IPv4's
 * copies only while TCP sends: they go to the device with its segments.
 */
static void stash_fill(struct lwip_tcp *t)
{
	bss_ref_t got[TX_STASH];
	u32_t i, n, free = queue_length(t->txfree);

	/*
	 * TX_RESERVE free buffers stay for IPv4's copies (ICMP and UDP
	 * answers): TCP's input now runs on the driver's thread, which frees
	 * TX buffers and, in the same poll, refills this stash with them, so
	 * IPv4's thread would find none for as long as a bulk send lasts. TCP
	 * then sends through a pool packet that IPv4 copies, in turn.
	 */
	if (free <= TX_RESERVE)
		return;
	n = free - TX_RESERVE < TX_STASH ? free - TX_RESERVE : TX_STASH;
	n = queue_try_get_batch_desc(t->txfree, got, n, t->stashd, sizeof(t->stashd));
	/*
	 * Isolated: one system call for the batch; bss_keep throws for the
	 * first it stopped at, and stash_drop then gives up those kept.
	 */
	t->nstash = n ? bss_keep_n(got, t->stash, n) : 0;
	for (i = t->nstash; i < n; i++, t->nstash++)
		t->stash[i] = bss_keep(got[i]);
	if (n)
		bss_release_n(got, n); /* isolated: one system call, not n */
}

/*
 * Where the datagram goes in TX buffer pk with descriptor *dd: its address
 * here, past the room. In the runtime's space map() stays (a plain call
 * there): it throws for a dead driver's buffer, which the stash may hold
 * since before the crash, where the descriptor's address would be freed
 * memory. Elsewhere bss_here answers 0 for it, and map() throws.
 */
static u8_t *tx_addr(struct lwip_tcp *t, bss_ref_t pk, struct bss_pkt_desc *dd)
{
	u32_t len;
	u8_t *a;

	if (dd->flags & PKT_DESC_VALID && dd->cap >= t->room + t->txmax) {
		dd->off = dd->len = dd->meta = 0;
		if (pkt_everywhere())
			return (u8_t *)(uintptr_t)packet_map(pk) + t->room;
		a = pkt_desc_data(pk, dd, &len);
		if (a)
			return a + t->room;
	}
	dd->flags = 0; /* none, or one that cannot hold a frame: the packet says */
	return (u8_t *)(uintptr_t)packet_map(pk) + t->room;
}

/*
 * A free TX buffer of the device (a reference of the caller's), *d where
 * the datagram goes in it, *dd its descriptor; 0 when none is free.
 * Emptiness looks the TX-free queue up again (a restarted driver has a new
 * one), at most once per lwIP slow tick (tcp_ticks, 500 ms): at every
 * empty try it was a call into IPv4's space per segment lwIP tried while
 * the device was behind.
 */
static bss_ref_t tx_buffer(struct lwip_tcp *t, u8_t **d, struct bss_pkt_desc *dd)
{
	volatile bss_ref_t pk = 0;
	struct bss_try e;

	/*
	 * The common case, a stashed buffer whose pages the runtime shared
	 * here before, makes no call that throws (bss_here answers 0 for a
	 * dead driver's): no try, which isolated is two system calls per
	 * segment. Any other goes the way below, in a try.
	 */
	if (t->nstash && !pkt_everywhere()) {
		struct bss_pkt_desc *sd = &t->stashd[t->nstash - 1];
		uint64_t a = 0;

		if (sd->flags & PKT_DESC_VALID && sd->cap >= t->room + t->txmax)
			a = bss_here(t->stash[t->nstash - 1], sd->addr, sd->cap);
		if (a) {
			t->nstash--;
			pk = t->stash[t->nstash];
			t->stash[t->nstash] = 0;
			*dd = *sd;
			dd->off = dd->len = dd->meta = 0;
			*d = (u8_t *)(uintptr_t)a + t->room;
			return pk;
		}
	}
	t->out_calls++;
	BSS_TRY(e)
	{
		if (t->nstash == 0 && t->txfree != 0)
			stash_fill(t);
		if (t->nstash == 0 && (t->txfree == 0 || t->txfree_tick != tcp_ticks)) {
			txfree_lookup(t);
			if (t->txfree != 0)
				stash_fill(t);
		}
		if (t->nstash) {
			t->nstash--;
			pk = t->stash[t->nstash];
			t->stash[t->nstash] = 0;
			*dd = t->stashd[t->nstash];
			*d = tx_addr(t, pk, dd);
		}
	}
	BSS_CATCH(e)
	{
		/* the queue or the buffer died with its driver: the pool's, this time */
		if (pk)
			bss_release(pk);
		pk = 0;
		stash_drop(t);
		if (t->txfree != 0)
			bss_release(t->txfree);
		t->txfree = 0;
	}
	return pk;
}

/*
 * A packet for a datagram of len bytes: a TX buffer when one is free and
 * the datagram fits a frame of the MTU (every TX buffer holds one), else
 * one from the pool; *d is where the datagram goes, *room says which.
 */
static bss_ref_t out_packet(struct lwip_tcp *t, u32_t len, u8_t **d, u8_t *room,
			    struct bss_pkt_desc *dd)
{
	bss_ref_t pk = 0;

	*room = 0;
	dd->flags = 0;
	if (len <= t->txmax) {
		/*
		 * None free: lwIP sends it later. A pool packet would make IPv4's
		 * transmit thread wait for a TX buffer to copy it into, maybe one
		 * this server queued behind it (docs/tcp.md).
		 */
		pk = tx_buffer(t, d, dd);
		if (pk == 0)
			return 0;
		*room = 1;
		t->tx_in_place++;
		return pk;
	}
	t->out_calls++;
	pk = pktpool_alloc(PKTPOOL, len);
	if (pk)
		*d = (u8_t *)(uintptr_t)packet_map(pk);
	return pk;
}

/*
 * The TCP checksum field of datagram d: the pseudo header's sum, left to
 * the device. flush writes it once per datagram, not at every segment
 * joined into it.
 */
static void pseudo_sum(u8_t *d)
{
	const struct ip_hdr *h = (const struct ip_hdr *)d;
	struct tcp_hdr *th = (struct tcp_hdr *)(d + IP_HLEN);
	u32_t src = lwip_ntohl(ip4_addr_get_u32(&h->src));
	u32_t dst = lwip_ntohl(ip4_addr_get_u32(&h->dest));
	u32_t sum = (src >> 16) + (src & 0xffff) + (dst >> 16) + (dst & 0xffff) + IP_PROTO_TCP +
		    (u32_t)(lwip_ntohs(IPH_LEN(h)) - IP_HLEN);

	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	th->chksum = lwip_htons((u16_t)sum);
}

/*
 * n bytes of p from off on to d: a segment lwIP built from a copied write
 * lies in one pbuf, copied without pbuf_copy_partial's walk.
 */
static u16_t seg_copy(struct pbuf *p, u8_t *d, u16_t n, u16_t off)
{
	if (p->len >= (u32_t)off + n) {
		memcpy(d, (const u8_t *)p->payload + off, n);
		return n;
	}
	return pbuf_copy_partial(p, d, n, off);
}

/*
 * Hands the collected datagrams to the IPv4 server: one put_batch per lwIP
 * entry instead of one call per segment. The queue keeps its own references;
 * what does not fit is dropped here and retransmitted by TCP later.
 */
void flush(void)
{
	struct lwip_tcp *t = srv;
	bss_ref_t done[TX_BATCH];
	u32_t i, k, n;

	if (t == NULL || t->nout == 0)
		return;
	t->out_calls++;
	for (i = 0; i < t->nout; i++) {
		struct tcp_out *o = &t->outi[i];
		u32_t len = (o->room ? t->room : 0) + lwip_ntohs(IPH_LEN((struct ip_hdr *)o->d));

		if (o->meta & PKT_TX_CSUM)
			pseudo_sum(o->d);
		t->outd[i] = o->desc;
		if (o->desc.flags & PKT_DESC_VALID) {
			/* IPv4 reads them here: no call into the driver */
			t->outd[i].len = len;
			t->outd[i].meta = o->meta;
			continue;
		}
		if (o->mss) /* joined segments: the length grew since */
			packet_set_len(t->out[i], len);
		if (o->meta)
			packet_set_meta(t->out[i], o->meta);
	}
	k = queue_put_batch_desc(t->txq, t->out, t->nout, t->outd,
				 t->nout * (u32_t)sizeof(t->outd[0]));
	t->tx += k;
	t->tx_full += t->nout - k;
	for (i = 0, n = 0; i < t->nout; i++)
		if (i >= k && t->outi[i].room)
			give_back(t, t->out[i], &t->outi[i].desc);
		else
			done[n++] = t->out[i];
	t->nout = 0;
	if (n)
		bss_release_n(done, n); /* isolated: one system call per batch, not per segment */
}

static int same_conn(const u8_t *d, const struct tcp_hdr *th, const ip_addr_t *src,
		     const ip_addr_t *dst)
{
	const struct ip_hdr *h = (const struct ip_hdr *)d;
	const struct tcp_hdr *o = (const struct tcp_hdr *)(d + IP_HLEN);

	return ip4_addr_cmp(&h->src, ip_2_ip4(src)) && ip4_addr_cmp(&h->dest, ip_2_ip4(dst)) &&
	       o->src == th->src && o->dest == th->dest;
}

/*
 * A pure ACK replaces the one of the same connection still waiting in
 * srv->out when it acknowledges more: a cumulative ACK says everything the
 * earlier one said (a receiver may acknowledge several segments at once,
 * as Linux's GRO does). Equal acknowledgement numbers are not merged:
 * duplicate ACKs tell the sender of a loss. The search stops at any other
 * segment of the connection, so no ACK moves before data. Returns 1 if p
 * was merged.
 */
static int merge_ack(struct pbuf *p, const ip_addr_t *src, const ip_addr_t *dst)
{
	const struct tcp_hdr *th = (const struct tcp_hdr *)p->payload;
	u32_t i;

	for (i = srv->nout; i-- > 0;) {
		struct tcp_out *o = &srv->outi[i];
		const struct tcp_hdr *oh = (const struct tcp_hdr *)(o->d + IP_HLEN);

		if (!same_conn(o->d, th, src, dst))
			continue;
		if (!o->ack || TCPH_HDRLEN_BYTES(oh) != TCPH_HDRLEN_BYTES(th) ||
		    !TCP_SEQ_GT(lwip_ntohl(th->ackno), lwip_ntohl(oh->ackno)))
			return 0;
		seg_copy(p, o->d + IP_HLEN, p->tot_len, 0);
		srv->acks_merged++;
		return 1;
	}
	return 0;
}

/*
 * A data segment that continues the last datagram in srv->out (the same
 * connection, the next sequence number, every segment in it full) is
 * appended to it, up to the device's limit: the device cuts the datagram
 * back into segments of the first one's size, each with the headers of
 * the first and its own sequence number (PKT_MSS). The joined datagram
 * carries the newest acknowledgement and window. Segments with options or
 * flags other than ACK and PSH are never joined. Returns 1 if p was.
 */
static int merge_data(struct pbuf *p, const ip_addr_t *src, const ip_addr_t *dst, u16_t payload)
{
	const struct tcp_hdr *th = (const struct tcp_hdr *)p->payload;
	struct tcp_out *o;
	struct tcp_hdr *oh;
	u32_t len, olen, mss;

	if (srv->nout == 0)
		return 0;
	o = &srv->outi[srv->nout - 1];
	oh = (struct tcp_hdr *)(o->d + IP_HLEN);
	len = lwip_ntohs(IPH_LEN((struct ip_hdr *)o->d));
	olen = len - IP_HLEN - TCP_HLEN;
	mss = o->mss ? o->mss : olen;
	if (o->ack || !same_conn(o->d, th, src, dst) || TCPH_HDRLEN_BYTES(oh) != TCP_HLEN ||
	    TCPH_FLAGS(oh) & ~(TCP_ACK | TCP_PSH) || olen == 0 || olen % mss || payload > mss ||
	    lwip_ntohl(th->seqno) != lwip_ntohl(oh->seqno) + olen || len + payload > tso_max)
		return 0;
	if (len + payload > o->cap && o->room) {
		srv->out_calls++;
		/* the first join into a TX buffer: a device that segments has room for a TSO frame
		 */
		o->cap = (o->desc.flags & PKT_DESC_VALID ? o->desc.cap - o->desc.off
							 : packet_cap(srv->out[srv->nout - 1])) -
			 srv->room;
	}
	if (len + payload > o->cap) {
		/* the first join: the datagram moves into a packet for a whole TSO frame */
		bss_ref_t big;
		u8_t *d;

		srv->out_calls++;
		big = pktpool_alloc(PKTPOOL, tso_max);
		if (big == 0)
			return 0;
		d = (u8_t *)(uintptr_t)packet_map(big);
		memcpy(d, o->d, len);
		if (o->room)
			give_back(srv, srv->out[srv->nout - 1], &o->desc);
		else
			bss_release(srv->out[srv->nout - 1]);
		srv->out[srv->nout - 1] = big;
		o->d = d;
		o->cap = packet_cap(big);
		o->room = 0;
		o->desc.flags = 0;
		oh = (struct tcp_hdr *)(d + IP_HLEN);
	}
	seg_copy(p, o->d + len, payload, TCP_HLEN);
	len += payload;
	IPH_LEN_SET((struct ip_hdr *)o->d, lwip_htons((u16_t)len));
	oh->ackno = th->ackno;
	oh->wnd = th->wnd;
	TCPH_SET_FLAG(oh, TCPH_FLAGS(th) & TCP_PSH);
	o->mss = (u16_t)mss; /* flush sets the packet's length */
	o->meta = PKT_TX_CSUM | PKT_MSS_SET(mss) | (o->room ? PKT_TX_ROOM : 0);
	srv->segs_merged++;
	return 1;
}

/*
 * A segment to the IPv4 service: a TX buffer or a packet from the pool
 * (out_packet) holding an IPv4 header (the IPv4 server completes id and
 * checksum) and a copy of p. The copy leaves p to TCP's retransmission
 * queue, as a driver's copy would.
 * The packet waits in srv->out until leave() or wait_on() flushes it.
 * Caller holds the server lock. Returns ERR_OK, or ERR_MEM when no TX
 * buffer is free or the pool is empty (lwIP sends it later).
 */
err_t tcp_ip_output(struct pbuf *p, const ip_addr_t *src, const ip_addr_t *dst, u8_t ttl, u8_t tos,
		    struct netif *netif)
{
	const struct tcp_hdr *th = (const struct tcp_hdr *)p->payload;
	u32_t len = IP_HLEN + p->tot_len;
	u16_t hl, payload;
	struct bss_pkt_desc dd;
	struct tcp_out *o;
	struct ip_hdr *h;
	bss_ref_t pk;
	u8_t *d, room;
	int ack;

	LWIP_UNUSED_ARG(netif);
	if (srv == NULL || len > 0xffff || p->len < TCP_HLEN)
		return ERR_VAL;
	hl = TCPH_HDRLEN_BYTES(th);
	payload = (u16_t)(p->tot_len - hl);
	ack = payload == 0 && TCPH_FLAGS(th) == TCP_ACK;
	if (ack && merge_ack(p, src, dst))
		return ERR_OK;
	if (tso && payload && hl == TCP_HLEN && !(TCPH_FLAGS(th) & ~(TCP_ACK | TCP_PSH)) &&
	    merge_data(p, src, dst, payload))
		return ERR_OK;
	if (srv->nout == TX_BATCH)
		flush();
	pk = out_packet(srv, len, &d, &room, &dd);
	if (pk == 0) {
		srv->tx_nomem++;
		return ERR_MEM;
	}
	h = (struct ip_hdr *)d;
	memset(h, 0, IP_HLEN);
	IPH_VHL_SET(h, 4, IP_HLEN / 4);
	IPH_TOS_SET(h, tos);
	IPH_LEN_SET(h, lwip_htons((u16_t)len));
	IPH_TTL_SET(h, ttl);
	IPH_PROTO_SET(h, IP_PROTO_TCP);
	ip4_addr_copy(h->src, *ip_2_ip4(src));
	ip4_addr_copy(h->dest, *ip_2_ip4(dst));
	if (seg_copy(p, d + IP_HLEN, p->tot_len, 0) != p->tot_len) {
		if (room)
			give_back(srv, pk, &dd);
		else
			bss_release(pk);
		return ERR_BUF;
	}
	if (!(dd.flags & PKT_DESC_VALID)) { /* else flush puts the length in its descriptor */
		srv->out_calls++;
		packet_set_len(pk, (room ? srv->room : 0) + len);
	}
	o = &srv->outi[srv->nout];
	o->desc = dd;
	o->d = d;
	o->cap = len; /* packet.cap only when a join needs more (a call) */
	o->mss = 0;
	o->ack = (u8_t)ack;
	o->room = room;
	o->meta = room ? PKT_TX_ROOM : 0;
	if (srv->off & NETOFF_TX_CSUM)
		o->meta |= PKT_TX_CSUM; /* flush writes the pseudo header's sum */
	srv->out[srv->nout++] = pk;
	return ERR_OK;
}
