/*
 * IPv4 header validation and build, receive address checks, and the
 * fragmentation iterator for outgoing datagrams.
 */
#include "ipv4.h"
#include "csum.h"

enum nl_drop nl_ip_parse(const uint8_t *p, size_t len, struct nl_ip_hdr *h)
{
	uint16_t frag;

	if (len < NL_IP_HLEN)
		return IP_DROP_SHORT;
	if ((p[0] >> 4) != 4)
		return IP_DROP_BAD_VERSION;
	h->hlen = (uint8_t)((p[0] & 0xf) * 4);
	h->total_len = nl_get16(p + 2);
	if (h->hlen < NL_IP_HLEN || h->hlen > len || h->hlen > h->total_len)
		return IP_DROP_BAD_IHL;
	/* Shorter is fine: Ethernet pads small packets up to 46 bytes. */
	if (h->total_len > len)
		return IP_DROP_BAD_LEN;
	if (!nl_csum_verify32(p, h->hlen))
		return IP_DROP_BAD_CSUM;
	h->tos = p[1];
	h->id = nl_get16(p + 4);
	frag = nl_get16(p + 6);
	h->df = frag & NL_IP_FLAG_DF;
	h->mf = frag & NL_IP_FLAG_MF;
	h->frag_off = (uint16_t)((frag & NL_IP_OFF_MASK) * 8);
	h->ttl = p[8];
	h->proto = p[9];
	h->src = nl_get32(p + 12);
	h->dst = nl_get32(p + 16);
	h->hdr = p;
	h->payload = p + h->hlen;
	h->payload_len = h->total_len - h->hlen;
	return NL_OK;
}

/* The directed broadcast of ifc's subnet, or 0 when it has none (/31, /32). */
static uint32_t subnet_bcast(const struct nl_ip_if *ifc)
{
	if (ifc->addr == 0 || (~ifc->mask) <= 1)
		return 0;
	return ifc->addr | ~ifc->mask;
}

enum nl_drop nl_ip_accept(const struct nl_ip_hdr *h, const struct nl_ip_if *ifc,
			  bool accept_multicast, bool *bcast)
{
	uint32_t sbc = subnet_bcast(ifc);

	*bcast = false;
	/*
	 * RFC 1122 3.2.1.3: such sources are martians. 0.0.0.0 stays legal,
	 * it is what a DHCP client sends from.
	 */
	if (h->src == NL_IP4_BROADCAST || nl_ip4_is_multicast(h->src) || (h->src >> 28) == 0xf ||
	    (h->src >> 24) == 127 || (sbc && h->src == sbc))
		return IP_DROP_BAD_SRC;
	if (ifc->addr != 0 && h->dst == ifc->addr)
		return NL_OK;
	if (h->dst == NL_IP4_BROADCAST || (sbc && h->dst == sbc) ||
	    (accept_multicast && nl_ip4_is_multicast(h->dst))) {
		*bcast = true;
		return NL_OK;
	}
	return IP_DROP_NOT_FOR_US;
}

enum nl_drop nl_ip_forward_check(const struct nl_ip_hdr *h)
{
	return h->ttl <= 1 ? IP_DROP_TTL_EXPIRED : NL_OK;
}

size_t nl_ip_build(uint8_t *p, size_t cap, const struct nl_ip_tx *tx)
{
	uint16_t frag;

	if (cap < NL_IP_HLEN || tx->payload_len > NL_IP_MAX - NL_IP_HLEN)
		return 0;
	if ((tx->frag_off & 7) || tx->frag_off / 8 > NL_IP_OFF_MASK)
		return 0;
	frag = (uint16_t)(tx->frag_off / 8);
	if (tx->df)
		frag |= NL_IP_FLAG_DF;
	if (tx->mf)
		frag |= NL_IP_FLAG_MF;
	p[0] = 0x45;
	p[1] = tx->tos;
	nl_put16(p + 2, (uint16_t)(NL_IP_HLEN + tx->payload_len));
	nl_put16(p + 4, tx->id);
	nl_put16(p + 6, frag);
	p[8] = tx->ttl;
	p[9] = tx->proto;
	nl_put16(p + 10, 0);
	nl_put32(p + 12, tx->src);
	nl_put32(p + 16, tx->dst);
	nl_put16(p + 10, nl_csum(p, NL_IP_HLEN));
	return NL_IP_HLEN;
}

enum nl_drop nl_ip_frag_init(struct nl_ip_frag_iter *it, size_t payload_len, size_t hlen,
			     unsigned mtu, bool df)
{
	it->payload_len = payload_len;
	it->off = 0;
	/* A refused datagram yields no fragments even if the caller iterates. */
	it->done = true;
	it->chunk = 0;
	if (hlen < NL_IP_HLEN || hlen > NL_IP_HLEN_MAX || payload_len > NL_IP_MAX - hlen ||
	    mtu < NL_IP_MIN_MTU)
		return IP_DROP_TOO_BIG;
	if (payload_len + hlen <= mtu) {
		it->chunk = payload_len;
		it->done = false;
		return NL_OK;
	}
	if (df)
		return IP_DROP_NEED_FRAG;
	it->done = false;
	/* Offsets are in 8-byte units, so every fragment but the last is too. */
	it->chunk = (mtu - hlen) & ~(size_t)7;
	return NL_OK;
}

bool nl_ip_frag_next(struct nl_ip_frag_iter *it, struct nl_ip_frag *f)
{
	size_t left;

	if (it->done)
		return false;
	left = it->payload_len - it->off;
	f->offset = it->off;
	if (left <= it->chunk) {
		f->len = left;
		f->more = false;
		it->done = true;
	} else {
		f->len = it->chunk;
		f->more = true;
		it->off += it->chunk;
	}
	return true;
}
