/*
 * Ethernet II framing: header parse and build, MAC address helpers.
 *
 * Frames are handled without the FCS (the NIC checks and strips it, thesis
 * 4.4). Only EtherType frames are supported: 802.1Q/802.1ad VLAN tags and
 * 802.3 length fields are dropped as ETH_DROP_UNSUPPORTED_TYPE.
 */
#ifndef NETLIB_ETH_H
#define NETLIB_ETH_H

#include "netlib.h"
#include "stats.h"

NL_DECLS_BEGIN

#define NL_ETH_ALEN 6
#define NL_ETH_HLEN 14
#define NL_ETH_ZLEN 60 /* minimum frame without FCS; shorter ones get padded */
#define NL_ETH_MTU 1500
#define NL_ETH_FRAME_MAX 1514 /* header + MTU, without FCS */

#define NL_ETHERTYPE_IPV4 0x0800
#define NL_ETHERTYPE_ARP 0x0806
#define NL_ETHERTYPE_VLAN 0x8100
#define NL_ETHERTYPE_QINQ 0x88a8
#define NL_ETHERTYPE_IPV6 0x86dd

extern const uint8_t nl_mac_broadcast[NL_ETH_ALEN];
extern const uint8_t nl_mac_zero[NL_ETH_ALEN];

struct nl_eth {
	uint8_t dst[NL_ETH_ALEN];
	uint8_t src[NL_ETH_ALEN];
	uint16_t type;
	const uint8_t *payload; /* points into the parsed frame */
	size_t payload_len;	/* includes any padding up to 60 bytes */
};

/*
 * The servers are built -ffreestanding, which makes memcmp and memcpy
 * calls that the compiler never expands: the builtins make these two the
 * few loads and stores they are (each frame received compared and copied
 * addresses through calls of about 50 guest instructions each).
 */
static inline bool nl_mac_eq(const uint8_t *a, const uint8_t *b)
{
	return __builtin_memcmp(a, b, NL_ETH_ALEN) == 0;
}

static inline void nl_mac_copy(uint8_t *dst, const uint8_t *src)
{
	__builtin_memcpy(dst, src, NL_ETH_ALEN);
}

/* Group bit set: multicast, and broadcast too. */
static inline bool nl_mac_is_multicast(const uint8_t *mac)
{
	return mac[0] & 1;
}

static inline bool nl_mac_is_broadcast(const uint8_t *mac)
{
	return nl_mac_eq(mac, nl_mac_broadcast);
}

static inline bool nl_mac_is_zero(const uint8_t *mac)
{
	return nl_mac_eq(mac, nl_mac_zero);
}

/* A usable station address: not a group address, not all zeros. */
static inline bool nl_mac_is_unicast(const uint8_t *mac)
{
	return !nl_mac_is_multicast(mac) && !nl_mac_is_zero(mac);
}

/*
 * Splits a frame into header fields and payload. Returns NL_OK,
 * ETH_DROP_SHORT, ETH_DROP_BAD_SRC or ETH_DROP_UNSUPPORTED_TYPE.
 */
enum nl_drop nl_eth_parse(const uint8_t *frame, size_t len, struct nl_eth *out);

/*
 * Receive filter: NL_OK when the frame is addressed to our_mac or to the
 * broadcast address (and to any multicast address if accept_multicast),
 * else ETH_DROP_NOT_FOR_US.
 */
enum nl_drop nl_eth_accept(const struct nl_eth *eth, const uint8_t *our_mac, bool accept_multicast);

/*
 * Writes the 14-byte header at frame. Returns NL_ETH_HLEN, or 0 if cap is
 * too small.
 */
size_t nl_eth_build(uint8_t *frame, size_t cap, const uint8_t *dst, const uint8_t *src,
		    uint16_t type);

/*
 * Zero-pads a frame of len bytes to NL_ETH_ZLEN (the NIC sends what it is
 * given, and receivers drop runts). Returns the new length, or 0 if cap
 * cannot hold the padding.
 */
size_t nl_eth_pad(uint8_t *frame, size_t len, size_t cap);

NL_DECLS_END

#endif /* NETLIB_ETH_H */
