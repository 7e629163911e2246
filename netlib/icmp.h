/*
 * ICMP for IPv4 (RFC 792): message parse and checksum check, echo reply,
 * and error messages such as port unreachable, with the RFC 1122 3.2.2
 * rules on when an error must not be sent, and a token-bucket rate limit.
 *
 * The builders produce whole IPv4 packets (20-byte header, no options, then
 * the ICMP message), since that is what the ICMP server hands to IPv4.
 */
#ifndef NETLIB_ICMP_H
#define NETLIB_ICMP_H

#include "netlib.h"
#include "ipv4.h"
#include "stats.h"

NL_DECLS_BEGIN

#define NL_ICMP_HLEN 8
#define NL_ICMP_QUOTE 8 /* payload bytes quoted after the offending header */

#define NL_ICMP_ECHO_REPLY 0
#define NL_ICMP_DEST_UNREACH 3
#define NL_ICMP_SOURCE_QUENCH 4
#define NL_ICMP_REDIRECT 5
#define NL_ICMP_ECHO_REQUEST 8
#define NL_ICMP_TIME_EXCEEDED 11
#define NL_ICMP_PARAM_PROBLEM 12

/* Codes of NL_ICMP_DEST_UNREACH. */
#define NL_ICMP_NET_UNREACH 0
#define NL_ICMP_HOST_UNREACH 1
#define NL_ICMP_PROTO_UNREACH 2
#define NL_ICMP_PORT_UNREACH 3
#define NL_ICMP_FRAG_NEEDED 4 /* rest = next-hop MTU (RFC 1191) */

struct nl_icmp {
	uint8_t type;
	uint8_t code;
	uint16_t csum;
	uint32_t rest;	    /* bytes 4..7: id/seq for echo, MTU, pointer ... */
	const uint8_t *msg; /* the whole message */
	size_t len;
	const uint8_t *data; /* after the 8-byte header */
	size_t data_len;
};

static inline uint16_t nl_icmp_echo_id(const struct nl_icmp *m)
{
	return (uint16_t)(m->rest >> 16);
}

static inline uint16_t nl_icmp_echo_seq(const struct nl_icmp *m)
{
	return (uint16_t)m->rest;
}

/* Error types: never answered with another error (RFC 1122 3.2.2). */
bool nl_icmp_is_error(uint8_t type);

/*
 * Parses an ICMP message (the IP payload). Returns NL_OK, ICMP_DROP_SHORT
 * or ICMP_DROP_BAD_CSUM.
 */
enum nl_drop nl_icmp_parse(const uint8_t *p, size_t len, struct nl_icmp *out);

/*
 * Builds the echo reply to the request in req (a parsed IPv4 packet,
 * reassembled if it was fragmented): src our_ip, dst req->src, same
 * identifier, sequence and data. The checksum is updated incrementally
 * (RFC 1624) from the request's, so the data is not summed again. Returns
 * the packet length (req->payload_len + 20), or 0 with *why set:
 * ICMP_DROP_SHORT, ICMP_DROP_BAD_CSUM, ICMP_DROP_UNSUPPORTED (not an echo
 * request, code 0), ICMP_DROP_BCAST_ECHO (req->dst is not our_ip, i.e. a
 * broadcast, or req->src is not unicast), or IP_DROP_TOO_BIG (cap too
 * small).
 */
size_t nl_icmp_echo_reply(uint8_t *out, size_t cap, const struct nl_ip_hdr *req, uint32_t our_ip,
			  uint16_t ip_id, enum nl_drop *why);

/*
 * Builds an echo request from src to dst (a whole IPv4 packet, as the ICMP
 * server hands it to IPv4) with identifier id, sequence seq and data_len
 * bytes of data (byte i is i & 0xff). Returns the packet length, or 0 with
 * *why = IP_DROP_TOO_BIG when cap is too small.
 */
size_t nl_icmp_echo_request(uint8_t *out, size_t cap, uint32_t src, uint32_t dst, uint16_t id,
			    uint16_t seq, size_t data_len, uint16_t ip_id, enum nl_drop *why);

/*
 * Builds an ICMP error about orig: type, code, rest (bytes 4..7), then the
 * offending IP header (options included) and the first 8 bytes of its
 * payload. orig_bcast is what nl_ip_accept said about orig's destination.
 * Returns the packet length, or 0 with *why = ICMP_DROP_ERR_SUPPRESSED when
 * RFC 1122 forbids the error (orig is an ICMP error, a non-first fragment,
 * to a broadcast/multicast address, or from a source that is not one host)
 * or IP_DROP_TOO_BIG when cap is too small.
 */
size_t nl_icmp_error(uint8_t *out, size_t cap, uint8_t type, uint8_t code, uint32_t rest,
		     const struct nl_ip_hdr *orig, bool orig_bcast, uint32_t our_ip, uint16_t ip_id,
		     enum nl_drop *why);

/* Destination unreachable, port unreachable: what UDP sends for a closed port. */
size_t nl_icmp_port_unreach(uint8_t *out, size_t cap, const struct nl_ip_hdr *orig, bool orig_bcast,
			    uint32_t our_ip, uint16_t ip_id, enum nl_drop *why);

/*
 * Token bucket for ICMP errors (RFC 1812 4.3.2.8): rate_per_s tokens a
 * second, at most burst saved up. Integer only, in thousandths of a token.
 */
struct nl_ratelimit {
	uint64_t last_ms;
	uint64_t milli_tokens;
	uint32_t rate_per_s;
	uint32_t burst;
};

void nl_ratelimit_init(struct nl_ratelimit *rl, uint32_t rate_per_s, uint32_t burst,
		       uint64_t now_ms);

/* True (and one token spent) if a message may be sent now. */
bool nl_ratelimit_allow(struct nl_ratelimit *rl, uint64_t now_ms);

NL_DECLS_END

#endif /* NETLIB_ICMP_H */
