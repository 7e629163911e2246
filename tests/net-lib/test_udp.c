/* UDP parse/build and checksums. */
#include "check.h"
#include "udp.h"
#include "ipkt.h"

#define SRC NL_IP4(10, 0, 0, 1)
#define DST NL_IP4(10, 0, 0, 2)

/* 10.0.0.1:1234 -> 10.0.0.2:53 "hello", checksum a2f8 (computed independently). */
static const uint8_t hello[13] = {0x04, 0xd2, 0x00, 0x35, 0x00, 13, 0xa2,
				  0xf8, 'h',  'e',  'l',  'l',	'o'};

static bool test_udp_parse_valid(void)
{
	uint8_t p[16];
	struct nl_udp u;

	memcpy(p, hello, sizeof(hello));
	/* IP payload longer than the UDP length: the tail is ignored. */
	memset(p + 13, 0xee, 3);
	EXPECT_DROP(nl_udp_parse(p, sizeof(p), SRC, DST, &u), NL_OK);
	EXPECT_EQ(u.sport, 1234);
	EXPECT_EQ(u.dport, 53);
	EXPECT_EQ(u.len, 13);
	EXPECT_EQ(u.data_len, 5);
	EXPECT(memcmp(u.data, "hello", 5) == 0);
	return true;
}

static bool test_udp_drops(void)
{
	uint8_t p[13];
	struct nl_udp u;

	memcpy(p, hello, sizeof(p));
	EXPECT_DROP(nl_udp_parse(p, 7, SRC, DST, &u), UDP_DROP_SHORT);
	EXPECT_DROP(nl_udp_parse(p, 12, SRC, DST, &u), UDP_DROP_BAD_LEN);
	p[5] = 7;
	EXPECT_DROP(nl_udp_parse(p, 13, SRC, DST, &u), UDP_DROP_BAD_LEN);
	p[5] = 13;
	/* Wrong addresses break the pseudo-header part of the checksum. */
	EXPECT_DROP(nl_udp_parse(p, 13, SRC, NL_IP4(10, 0, 0, 3), &u), UDP_DROP_BAD_CSUM);
	p[12] = 'O';
	EXPECT_DROP(nl_udp_parse(p, 13, SRC, DST, &u), UDP_DROP_BAD_CSUM);
	/* Checksum 0: the sender computed none, so anything goes. */
	p[6] = p[7] = 0;
	EXPECT_DROP(nl_udp_parse(p, 13, SRC, DST, &u), NL_OK);
	return true;
}

/* A device-verified datagram: no sum, but the lengths still bound it. */
static bool test_udp_parse_verified(void)
{
	uint8_t p[13];
	struct nl_udp u;

	memcpy(p, hello, sizeof(p));
	p[12] = 'O'; /* the sum no longer matches: nl_udp_parse drops it, this does not */
	EXPECT_DROP(nl_udp_parse(p, 13, SRC, DST, &u), UDP_DROP_BAD_CSUM);
	EXPECT_DROP(nl_udp_parse_verified(p, 13, &u), NL_OK);
	EXPECT_EQ(u.dport, 53);
	EXPECT_EQ(u.data_len, 5);
	EXPECT(memcmp(u.data, "hellO", 5) == 0);
	EXPECT_DROP(nl_udp_parse_verified(p, 7, &u), UDP_DROP_SHORT);
	EXPECT_DROP(nl_udp_parse_verified(p, 12, &u), UDP_DROP_BAD_LEN);
	p[5] = 7;
	EXPECT_DROP(nl_udp_parse_verified(p, 13, &u), UDP_DROP_BAD_LEN);
	return true;
}

static bool test_udp_build_roundtrip(void)
{
	uint8_t p[13];
	struct nl_udp u;

	memcpy(p + 8, "hello", 5);
	EXPECT_EQ(nl_udp_build(p, 12, SRC, DST, 1234, 53, 5), 0);
	EXPECT_EQ(nl_udp_build(p, sizeof(p), SRC, DST, 1234, 53, 5), 13);
	EXPECT(memcmp(p, hello, 13) == 0);
	EXPECT_DROP(nl_udp_parse(p, 13, SRC, DST, &u), NL_OK);
	return true;
}

/* A computed checksum of 0 goes out as 0xffff and still verifies. */
static bool test_udp_zero_checksum_sent_as_ffff(void)
{
	uint8_t p[12] = {0};
	struct nl_udp u;
	uint16_t c;

	/* Put the would-be checksum into the data: the sum then becomes 0xffff. */
	nl_udp_build(p, sizeof(p), SRC, DST, 7, 7, 4);
	c = nl_get16(p + 6);
	nl_put16(p + 8, c);
	EXPECT_EQ(nl_udp_build(p, sizeof(p), SRC, DST, 7, 7, 4), 12);
	EXPECT_EQ(nl_get16(p + 6), 0xffff);
	EXPECT_DROP(nl_udp_parse(p, 12, SRC, DST, &u), NL_OK);
	return true;
}

static bool test_udp_build_ip_packet(void)
{
	uint8_t p[64];
	struct nl_ip_tx tx = {.id = 5, .ttl = 64, .src = SRC, .dst = DST};
	struct nl_ip_hdr h;
	struct nl_udp u;
	size_t n;

	memcpy(p + 28, "hello", 5);
	n = nl_udp_build_ip(p, sizeof(p), &tx, 1234, 53, 5);
	EXPECT_EQ(n, 33);
	EXPECT_DROP(nl_ip_parse(p, n, &h), NL_OK);
	EXPECT_EQ(h.proto, NL_IP_PROTO_UDP);
	EXPECT_DROP(nl_udp_parse(h.payload, h.payload_len, h.src, h.dst, &u), NL_OK);
	EXPECT(memcmp(h.payload, hello, 13) == 0);
	EXPECT_EQ(nl_udp_build_ip(p, 32, &tx, 1234, 53, 5), 0);
	return true;
}

void run_udp_tests(void)
{
	RUN(test_udp_parse_valid);
	RUN(test_udp_drops);
	RUN(test_udp_parse_verified);
	RUN(test_udp_build_roundtrip);
	RUN(test_udp_zero_checksum_sent_as_ffff);
	RUN(test_udp_build_ip_packet);
}
