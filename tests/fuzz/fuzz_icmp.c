/*
 * Fuzzes ICMP. The input is used as an IPv4 packet if it parses as one,
 * else it is wrapped as the payload of an ICMP packet from A to B. Then:
 * the message parser must agree with the checksum; an echo request must get
 * a reply that re-parses as a valid packet with the same id, sequence and
 * data; a port unreachable about the packet must either be refused under
 * RFC 1122 or re-parse and quote exactly the header plus 8 bytes.
 */
#include "csum.h"
#include "fuzz.h"
#include "icmp.h"

#define A_IP NL_IP4(192, 168, 1, 2)
#define B_IP NL_IP4(192, 168, 1, 1)

static uint8_t in[NL_IP_MAX];
static uint8_t out[NL_IP_MAX + 64];

static void check_echo(const struct nl_ip_hdr *h)
{
	struct nl_icmp m, rm;
	struct nl_ip_hdr rh;
	enum nl_drop why, r;
	size_t n;

	r = nl_icmp_parse(h->payload, h->payload_len, &m);
	FUZZ_CHECK(r == NL_OK || r == ICMP_DROP_SHORT || r == ICMP_DROP_BAD_CSUM);
	FUZZ_CHECK(r != NL_OK || nl_csum(h->payload, h->payload_len) == 0);
	n = nl_icmp_echo_reply(out, sizeof(out), h, B_IP, 0x1234, &why);
	if (!n) {
		FUZZ_CHECK(why != NL_OK);
		FUZZ_CHECK(r != NL_OK || m.type != NL_ICMP_ECHO_REQUEST || m.code != 0 ||
			   why == ICMP_DROP_BCAST_ECHO);
		return;
	}
	FUZZ_CHECK(why == NL_OK && r == NL_OK && m.type == NL_ICMP_ECHO_REQUEST);
	FUZZ_CHECK(n == NL_IP_HLEN + h->payload_len);
	FUZZ_CHECK(nl_ip_parse(out, n, &rh) == NL_OK);
	FUZZ_CHECK(rh.src == B_IP && rh.dst == h->src && rh.proto == NL_IP_PROTO_ICMP);
	FUZZ_CHECK(nl_icmp_parse(rh.payload, rh.payload_len, &rm) == NL_OK);
	FUZZ_CHECK(rm.type == NL_ICMP_ECHO_REPLY && rm.code == 0 && rm.rest == m.rest);
	FUZZ_CHECK(rm.data_len == m.data_len && memcmp(rm.data, m.data, m.data_len) == 0);
}

static void check_unreach(const struct nl_ip_hdr *h, bool bcast)
{
	struct nl_ip_hdr rh;
	struct nl_icmp m;
	enum nl_drop why;
	size_t quote = h->payload_len < 8 ? h->payload_len : 8;
	size_t n = nl_icmp_port_unreach(out, sizeof(out), h, bcast, B_IP, 1, &why);

	if (!n) {
		FUZZ_CHECK(why == ICMP_DROP_ERR_SUPPRESSED);
		return;
	}
	FUZZ_CHECK(!bcast && h->frag_off == 0 && nl_ip4_is_unicast(h->src));
	FUZZ_CHECK(h->proto != NL_IP_PROTO_ICMP || !nl_icmp_is_error(h->payload[0]));
	FUZZ_CHECK(n == NL_IP_HLEN + 8 + h->hlen + quote);
	FUZZ_CHECK(nl_ip_parse(out, n, &rh) == NL_OK && rh.dst == h->src);
	FUZZ_CHECK(nl_icmp_parse(rh.payload, rh.payload_len, &m) == NL_OK);
	FUZZ_CHECK(m.type == 3 && m.code == 3);
	FUZZ_CHECK(memcmp(m.data, h->hdr, h->hlen + quote) == 0);
	/* The quoted header is still a checksummed header (its length field may lie). */
	FUZZ_CHECK(nl_csum(m.data, h->hlen) == 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n)
{
	struct nl_ip_hdr h;
	struct nl_ip_tx tx = {.ttl = 64, .proto = NL_IP_PROTO_ICMP, .src = A_IP, .dst = B_IP};

	if (n > sizeof(in))
		return 0;
	memcpy(in, d, n);
	if (nl_ip_parse(in, n, &h) != NL_OK) {
		if (n > NL_IP_MAX - NL_IP_HLEN)
			return 0;
		tx.payload_len = n;
		/* The first byte also picks a source: sometimes not a unicast host. */
		if (n && (d[0] & 0x40))
			tx.src = (d[0] & 0x80) ? 0 : NL_IP4(224, 0, 0, 1);
		nl_ip_build(in, NL_IP_HLEN, &tx);
		memcpy(in + NL_IP_HLEN, d, n);
		FUZZ_CHECK(nl_ip_parse(in, NL_IP_HLEN + n, &h) == NL_OK);
	}
	check_echo(&h);
	check_unreach(&h, n && (d[n - 1] & 1));
	return 0;
}
