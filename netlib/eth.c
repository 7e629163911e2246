/*
 * Ethernet II header parse/build and receive filtering.
 */
#include "eth.h"

const uint8_t nl_mac_broadcast[NL_ETH_ALEN] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff};
const uint8_t nl_mac_zero[NL_ETH_ALEN];

/*
 * Values below 0x0600 are 802.3 length fields (LLC frames follow), and VLAN
 * tags would shift every later header by 4 bytes; neither is something the
 * stack speaks, so both are one "unsupported type" drop.
 */
static bool type_supported(uint16_t type)
{
	if (type < 0x0600)
		return false;
	return type != NL_ETHERTYPE_VLAN && type != NL_ETHERTYPE_QINQ && type != 0x9100;
}

enum nl_drop nl_eth_parse(const uint8_t *frame, size_t len, struct nl_eth *out)
{
	if (len < NL_ETH_HLEN)
		return ETH_DROP_SHORT;
	nl_mac_copy(out->dst, frame);
	nl_mac_copy(out->src, frame + NL_ETH_ALEN);
	out->type = nl_get16(frame + 2 * NL_ETH_ALEN);
	out->payload = frame + NL_ETH_HLEN;
	out->payload_len = len - NL_ETH_HLEN;
	/* A group or zero source cannot be answered and is never legitimate. */
	if (!nl_mac_is_unicast(out->src))
		return ETH_DROP_BAD_SRC;
	if (!type_supported(out->type))
		return ETH_DROP_UNSUPPORTED_TYPE;
	return NL_OK;
}

enum nl_drop nl_eth_accept(const struct nl_eth *eth, const uint8_t *our_mac, bool accept_multicast)
{
	if (nl_mac_eq(eth->dst, our_mac) || nl_mac_is_broadcast(eth->dst))
		return NL_OK;
	if (accept_multicast && nl_mac_is_multicast(eth->dst))
		return NL_OK;
	return ETH_DROP_NOT_FOR_US;
}

size_t nl_eth_build(uint8_t *frame, size_t cap, const uint8_t *dst, const uint8_t *src,
		    uint16_t type)
{
	if (cap < NL_ETH_HLEN)
		return 0;
	nl_mac_copy(frame, dst);
	nl_mac_copy(frame + NL_ETH_ALEN, src);
	nl_put16(frame + 2 * NL_ETH_ALEN, type);
	return NL_ETH_HLEN;
}

size_t nl_eth_pad(uint8_t *frame, size_t len, size_t cap)
{
	if (len >= NL_ETH_ZLEN)
		return len;
	if (cap < NL_ETH_ZLEN)
		return 0;
	memset(frame + len, 0, NL_ETH_ZLEN - len);
	return NL_ETH_ZLEN;
}
