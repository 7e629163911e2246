/*
 * ARP packet format for Ethernet/IPv4 (RFC 826): parse, validate, build.
 *
 *  0      2      4    5    6      8         14     18        24     28
 *  | htype| ptype|hlen|plen|  op  |   sha    | spa  |   tha    | tpa  |
 */
#include "arp.h"

enum nl_drop nl_arp_parse(const uint8_t *p, size_t len, struct nl_arp_pkt *out)
{
	if (len < NL_ARP_LEN)
		return ARP_DROP_SHORT;
	if (nl_get16(p) != 1)
		return ARP_DROP_BAD_HTYPE;
	if (nl_get16(p + 2) != NL_ETHERTYPE_IPV4)
		return ARP_DROP_BAD_PTYPE;
	if (p[4] != NL_ETH_ALEN)
		return ARP_DROP_BAD_HLEN;
	if (p[5] != 4)
		return ARP_DROP_BAD_PLEN;
	out->op = nl_get16(p + 6);
	if (out->op != NL_ARP_OP_REQUEST && out->op != NL_ARP_OP_REPLY)
		return ARP_DROP_BAD_OP;
	nl_mac_copy(out->sha, p + 8);
	out->spa = nl_get32(p + 14);
	nl_mac_copy(out->tha, p + 18);
	out->tpa = nl_get32(p + 24);
	/*
	 * A group sender MAC would make every cache that learns it send
	 * unicast traffic to a group; a group sender IP is nobody's address.
	 * 0.0.0.0 stays legal: it is how RFC 5227 probes look.
	 */
	if (!nl_mac_is_unicast(out->sha))
		return ARP_DROP_BAD_SENDER;
	if (out->spa == NL_IP4_BROADCAST || (out->spa >> 28) >= 0xe)
		return ARP_DROP_BAD_SENDER;
	return NL_OK;
}

size_t nl_arp_build(uint8_t *p, size_t cap, const struct nl_arp_pkt *pkt)
{
	if (cap < NL_ARP_LEN)
		return 0;
	nl_put16(p, 1);
	nl_put16(p + 2, NL_ETHERTYPE_IPV4);
	p[4] = NL_ETH_ALEN;
	p[5] = 4;
	nl_put16(p + 6, pkt->op);
	nl_mac_copy(p + 8, pkt->sha);
	nl_put32(p + 14, pkt->spa);
	nl_mac_copy(p + 18, pkt->tha);
	nl_put32(p + 24, pkt->tpa);
	return NL_ARP_LEN;
}

size_t nl_arp_build_frame(uint8_t *frame, size_t cap, const uint8_t *eth_dst,
			  const struct nl_arp_pkt *pkt)
{
	if (cap < NL_ARP_FRAME_LEN)
		return 0;
	nl_eth_build(frame, cap, eth_dst, pkt->sha, NL_ETHERTYPE_ARP);
	nl_arp_build(frame + NL_ETH_HLEN, cap - NL_ETH_HLEN, pkt);
	return nl_eth_pad(frame, NL_ETH_HLEN + NL_ARP_LEN, cap);
}
