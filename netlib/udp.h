/*
 * UDP (RFC 768) over IPv4: parse with length and checksum checks, build
 * with checksum. A zero checksum field means the sender computed none; a
 * computed checksum of zero is sent as 0xffff.
 */
#ifndef NETLIB_UDP_H
#define NETLIB_UDP_H

#include "netlib.h"
#include "ipv4.h"
#include "stats.h"

NL_DECLS_BEGIN

#define NL_UDP_HLEN 8

struct nl_udp {
	uint16_t sport, dport;
	uint16_t len;	     /* the header's length field: header + data */
	uint16_t csum;	     /* 0: none was sent */
	const uint8_t *data; /* into the parsed segment */
	size_t data_len;     /* len - 8; IP payload bytes past len are ignored */
};

/*
 * Parses the UDP datagram p (the IP payload, len bytes) sent from src to
 * dst. Returns NL_OK, UDP_DROP_SHORT (< 8 bytes), UDP_DROP_BAD_LEN (length
 * field below 8 or beyond len) or UDP_DROP_BAD_CSUM (pseudo header
 * included).
 */
enum nl_drop nl_udp_parse(const uint8_t *p, size_t len, uint32_t src, uint32_t dst,
			  struct nl_udp *out);

/*
 * nl_udp_parse without the checksum, for a datagram whose checksum the
 * device verified (packet.meta's PKT_CSUM_OK): the lengths are still
 * checked, as they bound what the caller reads.
 */
enum nl_drop nl_udp_parse_verified(const uint8_t *p, size_t len, struct nl_udp *out);

/*
 * Writes the 8-byte header at p for data_len bytes the caller already put
 * at p + 8 (so data is never copied), and computes the checksum. Returns
 * the datagram length, or 0 if cap is too small or the datagram would not
 * fit in one IPv4 datagram.
 */
size_t nl_udp_build(uint8_t *p, size_t cap, uint32_t src, uint32_t dst, uint16_t sport,
		    uint16_t dport, size_t data_len);

/*
 * Whole IPv4 packet: 20-byte header from tx (proto and payload_len are set
 * here) and the UDP datagram, data expected at p + 28. Returns the packet
 * length or 0.
 */
size_t nl_udp_build_ip(uint8_t *p, size_t cap, const struct nl_ip_tx *tx, uint16_t sport,
		       uint16_t dport, size_t data_len);

NL_DECLS_END

#endif /* NETLIB_UDP_H */
