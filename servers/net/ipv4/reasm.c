/*
 * A reassembled datagram goes up in the slot it was put together in, as a
 * packet of this server's (a local server over the slot), where it used to
 * be copied once more into a pool packet: each fragment's bytes are copied
 * once, from the driver's buffer into the slot, and no more. The
 * reassembler lends the slot (nl_ip_reasm_lend) until the packet's last
 * reference goes; meanwhile it takes no datagram and is never evicted, so
 * consumers that keep data past their turn (TCP's held segments) copy it
 * instead of keeping the packet: its descriptor says PKT_DESC_LENT.
 *
 * Why one copy stays (docs/network.md "Zero copy"): the fragments' buffers
 * are the driver's RX buffers, which it needs back; an incomplete datagram
 * may wait the whole timeout (30 s), and a peer that never sends the last
 * fragment would keep up to 44 buffers per slot from the driver. And
 * every consumer reads one contiguous datagram: UDP's sockets hand the
 * application one packet with its address header written over the UDP
 * header, ICMP's echo reply is its request rewritten in place, TCP's
 * input parses one header and one payload.
 */
#include "ip4.h"

static void rpkt_dtor(struct rpkt *p)
{
	nl_ip_reasm_return(&p->s->reasm, p->slot);
}

BSS_LOCAL_SERVER(rpkt_desc, PACKET, struct rpkt, rpkt, .dtor = BSS_CTOR(rpkt_dtor));

PKTBUF_PACKET_FNS(rpkt, struct rpkt)

bss_ref_t reasm_packet(struct ip4 *s, const struct nl_ip_dgram *d, struct bss_pkt_desc *pd)
{
	struct nl_ip_reasm_slot *sl = &s->slots[d->slot];
	struct rpkt *p = &s->rp[d->slot];
	/* the slot's header room in front: a reply's headers go there (packet.push) */
	uint32_t head = (uint32_t)(d->data - sl->buf);
	uint32_t cap = (uint32_t)(sizeof(sl->buf) - head);

	p->s = s;
	p->slot = d->slot;
	pktbuf_init(&p->b, sl->buf + head, head, (uint32_t)d->len, cap);
	bss_ref_t r = bss_local(&rpkt_desc, p);
	if (!r)
		return 0;
	nl_ip_reasm_lend(&s->reasm, d);
	s->reasm_in_place++;
	*pd = (struct bss_pkt_desc){
		.addr = (uint64_t)(uintptr_t)p->b.buf,
		.len = p->b.len,
		.cap = cap,
		.flags = PKT_DESC_VALID | PKT_DESC_LENT,
	};
	return r;
}
