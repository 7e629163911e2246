/* ICMP parse, echo reply, port unreachable, suppression, rate limit. */
#include "check.h"
#include "icmp.h"
#include "ipkt.h"

/* Windows ping's first request from A_IP to B_IP (checksum 0x4d5a). */
static size_t mk_ping(uint8_t *p)
{
	uint8_t m[40] = {8, 0, 0x4d, 0x5a, 0, 1, 0, 1};

	memcpy(m + 8, "abcdefghijklmnopqrstuvwabcdefghi", 32);
	return mkip(p, NL_IP_PROTO_ICMP, 0x0100, m, sizeof(m));
}

static bool test_icmp_parse_and_drops(void)
{
	uint8_t p[64];
	struct nl_ip_hdr h;
	struct nl_icmp m;
	size_t n = mk_ping(p);

	EXPECT_DROP(nl_ip_parse(p, n, &h), NL_OK);
	EXPECT_DROP(nl_icmp_parse(h.payload, h.payload_len, &m), NL_OK);
	EXPECT_EQ(m.type, 8);
	EXPECT_EQ(nl_icmp_echo_id(&m), 1);
	EXPECT_EQ(nl_icmp_echo_seq(&m), 1);
	EXPECT_EQ(m.data_len, 32);
	EXPECT_DROP(nl_icmp_parse(h.payload, 7, &m), ICMP_DROP_SHORT);
	p[30] ^= 0x20; /* 'c' -> 'C' */
	EXPECT_DROP(nl_icmp_parse(h.payload, h.payload_len, &m), ICMP_DROP_BAD_CSUM);
	return true;
}

/* The reply: addresses swapped, type 0, same id/seq/data, checksum 0x555a. */
static bool test_icmp_echo_reply_correct(void)
{
	uint8_t p[64], out[80];
	struct nl_ip_hdr h, rh;
	struct nl_icmp m;
	enum nl_drop why;
	size_t n = mk_ping(p);

	nl_ip_parse(p, n, &h);
	n = nl_icmp_echo_reply(out, sizeof(out), &h, B_IP, 0x4242, &why);
	EXPECT_DROP(why, NL_OK);
	EXPECT_EQ(n, 60);
	EXPECT_DROP(nl_ip_parse(out, n, &rh), NL_OK);
	EXPECT_EQ(rh.src, B_IP);
	EXPECT_EQ(rh.dst, A_IP);
	EXPECT_EQ(rh.proto, NL_IP_PROTO_ICMP);
	EXPECT_EQ(rh.id, 0x4242);
	EXPECT_DROP(nl_icmp_parse(rh.payload, rh.payload_len, &m), NL_OK);
	EXPECT_EQ(m.type, 0);
	EXPECT_EQ(m.code, 0);
	EXPECT_EQ(m.csum, 0x555a);
	EXPECT_EQ(m.rest, 0x00010001);
	EXPECT(memcmp(m.data, "abcdefghijklmnopqrstuvwabcdefghi", 32) == 0);
	/* Built in place over the request, too. */
	n = nl_icmp_echo_reply(p, sizeof(p), &h, B_IP, 1, &why);
	EXPECT_EQ(n, 60);
	EXPECT(memcmp(p + 20, out + 20, 40) == 0);
	return true;
}

/* Even and odd sized payloads, and checksum values near the wrap. */
static bool test_icmp_echo_reply_checksums_verify(void)
{
	uint8_t p[200], out[200], m[150];
	struct nl_ip_hdr h, rh;
	struct nl_icmp im;
	enum nl_drop why;

	for (unsigned len = 8; len < sizeof(m); len++) {
		memset(m, 0, sizeof(m));
		m[0] = 8;
		for (unsigned i = 4; i < len; i++)
			m[i] = (uint8_t)(len * 3 + i * 11);
		nl_put16(m + 2, nl_csum(m, len));
		nl_ip_parse(p, mkip(p, NL_IP_PROTO_ICMP, 1, m, len), &h);
		EXPECT(nl_icmp_echo_reply(out, sizeof(out), &h, B_IP, 1, &why) == 20 + len);
		EXPECT_DROP(nl_ip_parse(out, 20 + len, &rh), NL_OK);
		EXPECT_DROP(nl_icmp_parse(rh.payload, rh.payload_len, &im), NL_OK);
		EXPECT_EQ(im.type, 0);
	}
	return true;
}

static bool test_icmp_echo_reply_refusals(void)
{
	uint8_t p[64], out[80];
	struct nl_ip_hdr h;
	enum nl_drop why;
	size_t n = mk_ping(p);

	nl_ip_parse(p, n, &h);
	EXPECT_EQ(nl_icmp_echo_reply(out, 59, &h, B_IP, 1, &why), 0);
	EXPECT_DROP(why, IP_DROP_TOO_BIG);
	/* Sent to a broadcast address: silence (no smurf amplification). */
	h.dst = NL_IP4(192, 168, 1, 255);
	EXPECT_EQ(nl_icmp_echo_reply(out, sizeof(out), &h, B_IP, 1, &why), 0);
	EXPECT_DROP(why, ICMP_DROP_BCAST_ECHO);
	h.dst = B_IP;
	h.src = 0;
	EXPECT_EQ(nl_icmp_echo_reply(out, sizeof(out), &h, B_IP, 1, &why), 0);
	EXPECT_DROP(why, ICMP_DROP_BCAST_ECHO);
	/* An echo reply is not answered. */
	p[20] = 0;
	nl_put16(p + 22, 0x555a);
	nl_ip_parse(p, n, &h);
	EXPECT_EQ(nl_icmp_echo_reply(out, sizeof(out), &h, B_IP, 1, &why), 0);
	EXPECT_DROP(why, ICMP_DROP_UNSUPPORTED);
	return true;
}

/* Port unreachable quotes the offending header and the first 8 payload bytes. */
static bool test_icmp_port_unreach_contents(void)
{
	static const uint8_t udp[12] = {0x30, 0x39, 0x00, 0x35, 0x00, 12, 0, 0, 'p', 'i', 'n', 'g'};
	uint8_t p[64], out[96];
	struct nl_ip_hdr h, rh;
	struct nl_icmp m;
	enum nl_drop why;
	size_t n = mkip(p, NL_IP_PROTO_UDP, 0x77, udp, sizeof(udp));

	nl_ip_parse(p, n, &h);
	n = nl_icmp_port_unreach(out, sizeof(out), &h, false, B_IP, 9, &why);
	EXPECT_DROP(why, NL_OK);
	EXPECT_EQ(n, 20 + 8 + 20 + 8);
	EXPECT_DROP(nl_ip_parse(out, n, &rh), NL_OK);
	EXPECT_EQ(rh.src, B_IP);
	EXPECT_EQ(rh.dst, A_IP);
	EXPECT_EQ(rh.proto, NL_IP_PROTO_ICMP);
	EXPECT_DROP(nl_icmp_parse(rh.payload, rh.payload_len, &m), NL_OK);
	EXPECT_EQ(m.type, 3);
	EXPECT_EQ(m.code, 3);
	EXPECT_EQ(m.rest, 0);
	EXPECT_EQ(m.data_len, 28);
	EXPECT(memcmp(m.data, p, 28) == 0);
	/* A short payload is quoted whole. */
	n = mkip(p, NL_IP_PROTO_UDP, 0x78, udp, 3);
	nl_ip_parse(p, n, &h);
	EXPECT_EQ(nl_icmp_port_unreach(out, sizeof(out), &h, false, B_IP, 9, &why), 20 + 8 + 23);
	EXPECT_EQ(nl_icmp_port_unreach(out, 50, &h, false, B_IP, 9, &why), 0);
	EXPECT_DROP(why, IP_DROP_TOO_BIG);
	return true;
}

/* RFC 1122 3.2.2: no errors about errors, fragments, broadcasts, non-hosts. */
static bool test_icmp_error_suppressed(void)
{
	uint8_t p[96], out[128], err[64];
	struct nl_ip_hdr h;
	enum nl_drop why;
	size_t n = mkip(p, NL_IP_PROTO_UDP, 1, "12345678", 8);

	nl_ip_parse(p, n, &h);
	EXPECT(nl_icmp_port_unreach(out, sizeof(out), &h, false, B_IP, 1, &why) > 0);
	EXPECT_EQ(nl_icmp_port_unreach(out, sizeof(out), &h, true, B_IP, 1, &why), 0);
	EXPECT_DROP(why, ICMP_DROP_ERR_SUPPRESSED);
	h.dst = NL_IP4(224, 0, 0, 9);
	EXPECT_EQ(nl_icmp_port_unreach(out, sizeof(out), &h, false, B_IP, 1, &why), 0);
	h.dst = B_IP;
	h.frag_off = 1480;
	EXPECT_EQ(nl_icmp_port_unreach(out, sizeof(out), &h, false, B_IP, 1, &why), 0);
	h.frag_off = 0;
	h.src = 0;
	EXPECT_EQ(nl_icmp_port_unreach(out, sizeof(out), &h, false, B_IP, 1, &why), 0);
	h.src = NL_IP4(127, 0, 0, 1);
	EXPECT_EQ(nl_icmp_port_unreach(out, sizeof(out), &h, false, B_IP, 1, &why), 0);
	/* An ICMP error about an ICMP error. */
	n = nl_icmp_port_unreach(err, sizeof(err), (nl_ip_parse(p, 28, &h), &h), false, B_IP, 1,
				 &why);
	EXPECT(n > 0);
	nl_ip_parse(err, n, &h);
	EXPECT_EQ(nl_icmp_port_unreach(out, sizeof(out), &h, false, A_IP, 1, &why), 0);
	EXPECT_DROP(why, ICMP_DROP_ERR_SUPPRESSED);
	/* But an error about an echo request is allowed. */
	n = mk_ping(p);
	nl_ip_parse(p, n, &h);
	EXPECT(nl_icmp_port_unreach(out, sizeof(out), &h, false, B_IP, 1, &why) > 0);
	return true;
}

static bool test_icmp_ratelimit(void)
{
	struct nl_ratelimit rl;
	unsigned ok = 0;

	nl_ratelimit_init(&rl, 10, 5, 1000);
	for (int i = 0; i < 20; i++)
		ok += nl_ratelimit_allow(&rl, 1000);
	EXPECT_EQ(ok, 5);
	/* 10 per second: one token every 100 ms. */
	EXPECT(!nl_ratelimit_allow(&rl, 1099));
	EXPECT(nl_ratelimit_allow(&rl, 1100));
	EXPECT(!nl_ratelimit_allow(&rl, 1100));
	/* A long pause refills only up to the burst. */
	ok = 0;
	for (int i = 0; i < 20; i++)
		ok += nl_ratelimit_allow(&rl, 1000000);
	EXPECT_EQ(ok, 5);
	check_seen[ICMP_DROP_RATELIMIT] = true; /* the server counts refusals */
	return true;
}

/* Our own echo request: parses as one, its reply comes back to us, and an
 * empty one has the checksum worked out by hand (~(0x0800 + 1 + 1)). */
static bool test_icmp_echo_request(void)
{
	uint8_t p[128], r[128];
	struct nl_ip_hdr h, rh;
	struct nl_icmp m;
	enum nl_drop why;
	size_t n = nl_icmp_echo_request(p, sizeof(p), A_IP, B_IP, 0x4253, 7, 56, 9, &why);

	EXPECT_DROP(why, NL_OK);
	EXPECT_EQ(n, 84);
	EXPECT_DROP(nl_ip_parse(p, n, &h), NL_OK);
	EXPECT_EQ(h.src, A_IP);
	EXPECT_EQ(h.dst, B_IP);
	EXPECT_EQ(h.proto, NL_IP_PROTO_ICMP);
	EXPECT_DROP(nl_icmp_parse(h.payload, h.payload_len, &m), NL_OK);
	EXPECT_EQ(m.type, NL_ICMP_ECHO_REQUEST);
	EXPECT_EQ(nl_icmp_echo_id(&m), 0x4253);
	EXPECT_EQ(nl_icmp_echo_seq(&m), 7);
	EXPECT_EQ(m.data_len, 56);
	EXPECT_EQ(m.data[55], 55);
	n = nl_icmp_echo_reply(r, sizeof(r), &h, B_IP, 1, &why);
	EXPECT_EQ(n, 84);
	EXPECT_DROP(nl_ip_parse(r, n, &rh), NL_OK);
	EXPECT_EQ(rh.dst, A_IP);
	n = nl_icmp_echo_request(p, sizeof(p), A_IP, B_IP, 1, 1, 0, 9, &why);
	EXPECT_EQ(n, 28);
	EXPECT_DROP(nl_ip_parse(p, n, &h), NL_OK);
	EXPECT_DROP(nl_icmp_parse(h.payload, h.payload_len, &m), NL_OK);
	EXPECT_EQ(m.csum, 0xf7fd);
	EXPECT_EQ(nl_icmp_echo_request(p, 83, A_IP, B_IP, 1, 1, 56, 9, &why), 0);
	EXPECT_DROP(why, IP_DROP_TOO_BIG);
	return true;
}

void run_icmp_tests(void)
{
	RUN(test_icmp_parse_and_drops);
	RUN(test_icmp_echo_reply_correct);
	RUN(test_icmp_echo_reply_checksums_verify);
	RUN(test_icmp_echo_reply_refusals);
	RUN(test_icmp_echo_request);
	RUN(test_icmp_port_unreach_contents);
	RUN(test_icmp_error_suppressed);
	RUN(test_icmp_ratelimit);
}
