/* Helpers shared by the IPv4, ICMP and UDP tests. */
#ifndef NETLIB_TEST_IPKT_H
#define NETLIB_TEST_IPKT_H

#include "csum.h"
#include "ipv4.h"

#define A_IP NL_IP4(192, 168, 1, 2)
#define B_IP NL_IP4(192, 168, 1, 1)

/* Builds header + payload at p from A_IP to B_IP; returns the length. */
static inline size_t mkip(uint8_t *p, uint8_t proto, uint16_t id, const void *payload, size_t len)
{
	struct nl_ip_tx tx = {
		.id = id,
		.ttl = 64,
		.proto = proto,
		.src = A_IP,
		.dst = B_IP,
		.payload_len = len,
	};

	nl_ip_build(p, NL_IP_HLEN, &tx);
	memcpy(p + NL_IP_HLEN, payload, len);
	return NL_IP_HLEN + len;
}

/* Rewrites the header checksum after a test changed a field. */
static inline void fix_csum(uint8_t *p)
{
	size_t hlen = (size_t)(p[0] & 0xf) * 4;

	nl_put16(p + 10, 0);
	nl_put16(p + 10, nl_csum(p, hlen));
}

#endif
