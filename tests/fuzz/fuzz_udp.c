/*
 * Fuzzes UDP. The first 8 input bytes are the source and destination
 * addresses, the rest is the datagram. A datagram that parses is rebuilt
 * from its fields: the rebuild must parse, carry the same data, and have
 * the same checksum field when the original had one (the encoding is
 * unique except for "none"). The IP-level builder must agree too.
 */
#include "fuzz.h"
#include "udp.h"

static uint8_t buf[NL_IP_MAX + 64];

int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n)
{
	struct fz f = {d, n};
	uint32_t src = fz_u32(&f), dst = fz_u32(&f);
	struct nl_udp u, u2;
	struct nl_ip_hdr h;
	struct nl_ip_tx tx = {.ttl = 64, .src = src, .dst = dst};
	enum nl_drop r;
	size_t len;

	if (f.n > NL_IP_MAX - NL_IP_HLEN)
		return 0;
	r = nl_udp_parse(f.p, f.n, src, dst, &u);
	if (r != NL_OK) {
		FUZZ_CHECK(r == UDP_DROP_SHORT || r == UDP_DROP_BAD_LEN || r == UDP_DROP_BAD_CSUM);
		return 0;
	}
	FUZZ_CHECK(u.len >= NL_UDP_HLEN && u.len <= f.n);
	FUZZ_CHECK(u.data == f.p + NL_UDP_HLEN && u.data_len == (size_t)u.len - NL_UDP_HLEN);

	memcpy(buf + NL_UDP_HLEN, u.data, u.data_len);
	len = nl_udp_build(buf, sizeof(buf), src, dst, u.sport, u.dport, u.data_len);
	FUZZ_CHECK(len == u.len);
	FUZZ_CHECK(nl_udp_parse(buf, len, src, dst, &u2) == NL_OK);
	FUZZ_CHECK(u2.sport == u.sport && u2.dport == u.dport && u2.len == u.len);
	FUZZ_CHECK(u2.csum != 0 && (u.csum == 0 || u2.csum == u.csum));
	FUZZ_CHECK(memcmp(u2.data, u.data, u.data_len) == 0);

	memcpy(buf + NL_IP_HLEN + NL_UDP_HLEN, u.data, u.data_len);
	len = nl_udp_build_ip(buf, sizeof(buf), &tx, u.sport, u.dport, u.data_len);
	FUZZ_CHECK(len == NL_IP_HLEN + u.len);
	FUZZ_CHECK(nl_ip_parse(buf, len, &h) == NL_OK && h.proto == NL_IP_PROTO_UDP);
	FUZZ_CHECK(nl_udp_parse(h.payload, h.payload_len, h.src, h.dst, &u2) == NL_OK);
	FUZZ_CHECK(u2.csum != 0 && (u.csum == 0 || u2.csum == u.csum));
	return 0;
}
