/*
 * UDP datagrams: length and checksum validation, header build.
 */
#include "udp.h"
#include "csum.h"

enum nl_drop nl_udp_parse_verified(const uint8_t *p, size_t len, struct nl_udp *out)
{
	if (len < NL_UDP_HLEN)
		return UDP_DROP_SHORT;
	out->sport = nl_get16(p);
	out->dport = nl_get16(p + 2);
	out->len = nl_get16(p + 4);
	out->csum = nl_get16(p + 6);
	if (out->len < NL_UDP_HLEN || out->len > len)
		return UDP_DROP_BAD_LEN;
	out->data = p + NL_UDP_HLEN;
	out->data_len = out->len - NL_UDP_HLEN;
	return NL_OK;
}

enum nl_drop nl_udp_parse(const uint8_t *p, size_t len, uint32_t src, uint32_t dst,
			  struct nl_udp *out)
{
	enum nl_drop why = nl_udp_parse_verified(p, len, out);

	/* The checksum covers the datagram as its length field says, not any tail. */
	if (why == NL_OK && out->csum != 0 &&
	    nl_csum_fold(nl_csum_add(nl_csum_pseudo(src, dst, NL_IP_PROTO_UDP, out->len), p,
				     out->len)) != 0)
		return UDP_DROP_BAD_CSUM;
	return why;
}

size_t nl_udp_build(uint8_t *p, size_t cap, uint32_t src, uint32_t dst, uint16_t sport,
		    uint16_t dport, size_t data_len)
{
	size_t len = NL_UDP_HLEN + data_len;
	uint16_t csum;

	if (data_len > NL_IP_MAX - NL_IP_HLEN - NL_UDP_HLEN || cap < len)
		return 0;
	nl_put16(p, sport);
	nl_put16(p + 2, dport);
	nl_put16(p + 4, (uint16_t)len);
	nl_put16(p + 6, 0);
	csum = nl_csum_fold(
		nl_csum_add(nl_csum_pseudo(src, dst, NL_IP_PROTO_UDP, (uint16_t)len), p, len));
	/* 0 on the wire means "no checksum"; its one's complement twin is 0xffff. */
	nl_put16(p + 6, csum ? csum : 0xffff);
	return len;
}

size_t nl_udp_build_ip(uint8_t *p, size_t cap, const struct nl_ip_tx *tx, uint16_t sport,
		       uint16_t dport, size_t data_len)
{
	struct nl_ip_tx t = *tx;
	size_t n;

	if (cap < NL_IP_HLEN)
		return 0;
	n = nl_udp_build(p + NL_IP_HLEN, cap - NL_IP_HLEN, tx->src, tx->dst, sport, dport,
			 data_len);
	if (!n)
		return 0;
	t.proto = NL_IP_PROTO_UDP;
	t.payload_len = n;
	if (!nl_ip_build(p, cap, &t))
		return 0;
	return NL_IP_HLEN + n;
}
