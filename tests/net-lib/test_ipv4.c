/* IPv4 header validation, address checks, build, fragmentation iterator. */
#include "check.h"
#include "csum.h"
#include "ipkt.h"

static bool test_ip_parse_valid(void)
{
	uint8_t p[80];
	struct nl_ip_hdr h;
	size_t n = mkip(p, NL_IP_PROTO_UDP, 0x1234, "abcdefgh", 8);

	/* Plus Ethernet padding after the datagram. */
	memset(p + n, 0, sizeof(p) - n);
	EXPECT_DROP(nl_ip_parse(p, sizeof(p), &h), NL_OK);
	EXPECT_EQ(h.hlen, 20);
	EXPECT_EQ(h.total_len, 28);
	EXPECT_EQ(h.id, 0x1234);
	EXPECT_EQ(h.ttl, 64);
	EXPECT_EQ(h.proto, 17);
	EXPECT_EQ(h.src, A_IP);
	EXPECT_EQ(h.dst, B_IP);
	EXPECT_EQ(h.payload_len, 8);
	EXPECT(memcmp(h.payload, "abcdefgh", 8) == 0);
	EXPECT(!nl_ip_is_fragment(&h));
	return true;
}

static bool test_ip_parse_options(void)
{
	uint8_t p[64];
	struct nl_ip_hdr h;

	mkip(p, NL_IP_PROTO_UDP, 1, "", 0);
	/* Grow the header by one word of NOP options. */
	memmove(p + 24, p + 20, 8);
	memset(p + 20, 1, 4);
	p[0] = 0x46;
	nl_put16(p + 2, 32);
	memcpy(p + 24, "payload!", 8);
	fix_csum(p);
	EXPECT_DROP(nl_ip_parse(p, 32, &h), NL_OK);
	EXPECT_EQ(h.hlen, 24);
	EXPECT_EQ(h.payload_len, 8);
	EXPECT(h.payload == p + 24);
	return true;
}

static bool test_ip_drop_malformed(void)
{
	uint8_t p[64], q[64];
	struct nl_ip_hdr h;
	size_t n = mkip(p, NL_IP_PROTO_UDP, 1, "abcdefgh", 8);

	EXPECT_DROP(nl_ip_parse(p, 19, &h), IP_DROP_SHORT);
	memcpy(q, p, n);
	q[0] = 0x65;
	fix_csum(q);
	EXPECT_DROP(nl_ip_parse(q, n, &h), IP_DROP_BAD_VERSION);
	memcpy(q, p, n);
	q[0] = 0x44; /* IHL 4: 16 bytes, below the minimum */
	EXPECT_DROP(nl_ip_parse(q, n, &h), IP_DROP_BAD_IHL);
	memcpy(q, p, n);
	q[0] = 0x47; /* 28-byte header inside a 28-byte packet of total length 28: fine */
	fix_csum(q);
	EXPECT_DROP(nl_ip_parse(q, n, &h), NL_OK);
	q[0] = 0x48; /* 32 > total length 28 */
	fix_csum(q);
	EXPECT_DROP(nl_ip_parse(q, n, &h), IP_DROP_BAD_IHL);
	memcpy(q, p, n);
	nl_put16(q + 2, 29); /* one byte beyond the packet */
	fix_csum(q);
	EXPECT_DROP(nl_ip_parse(q, n, &h), IP_DROP_BAD_LEN);
	memcpy(q, p, n);
	nl_put16(q + 2, 19); /* shorter than the header */
	fix_csum(q);
	EXPECT_DROP(nl_ip_parse(q, n, &h), IP_DROP_BAD_IHL);
	memcpy(q, p, n);
	q[8] ^= 1; /* TTL changed in flight, checksum not */
	EXPECT_DROP(nl_ip_parse(q, n, &h), IP_DROP_BAD_CSUM);
	return true;
}

/* TTL 0 is no reason to drop for a host; a router must not pass TTL 1 on. */
static bool test_ip_ttl_only_checked_when_forwarding(void)
{
	uint8_t p[64];
	struct nl_ip_hdr h;
	size_t n = mkip(p, NL_IP_PROTO_UDP, 1, "abcdefgh", 8);

	p[8] = 0;
	fix_csum(p);
	EXPECT_DROP(nl_ip_parse(p, n, &h), NL_OK);
	EXPECT_DROP(nl_ip_forward_check(&h), IP_DROP_TTL_EXPIRED);
	h.ttl = 1;
	EXPECT_DROP(nl_ip_forward_check(&h), IP_DROP_TTL_EXPIRED);
	h.ttl = 2;
	EXPECT_DROP(nl_ip_forward_check(&h), NL_OK);
	return true;
}

static bool test_ip_accept_addresses(void)
{
	struct nl_ip_if ifc = {.addr = B_IP, .mask = 0xffffff00};
	struct nl_ip_hdr h = {.src = A_IP, .dst = B_IP};
	bool bc;

	EXPECT_DROP(nl_ip_accept(&h, &ifc, false, &bc), NL_OK);
	EXPECT(!bc);
	h.dst = NL_IP4(192, 168, 1, 255);
	EXPECT_DROP(nl_ip_accept(&h, &ifc, false, &bc), NL_OK);
	EXPECT(bc);
	h.dst = NL_IP4_BROADCAST;
	EXPECT_DROP(nl_ip_accept(&h, &ifc, false, &bc), NL_OK);
	EXPECT(bc);
	h.dst = NL_IP4(192, 168, 1, 3);
	EXPECT_DROP(nl_ip_accept(&h, &ifc, false, &bc), IP_DROP_NOT_FOR_US);
	h.dst = NL_IP4(224, 0, 0, 1);
	EXPECT_DROP(nl_ip_accept(&h, &ifc, false, &bc), IP_DROP_NOT_FOR_US);
	EXPECT_DROP(nl_ip_accept(&h, &ifc, true, &bc), NL_OK);
	EXPECT(bc);
	h.dst = B_IP;
	h.src = NL_IP4(224, 0, 0, 5);
	EXPECT_DROP(nl_ip_accept(&h, &ifc, false, &bc), IP_DROP_BAD_SRC);
	h.src = NL_IP4(127, 0, 0, 1);
	EXPECT_DROP(nl_ip_accept(&h, &ifc, false, &bc), IP_DROP_BAD_SRC);
	h.src = NL_IP4(192, 168, 1, 255);
	EXPECT_DROP(nl_ip_accept(&h, &ifc, false, &bc), IP_DROP_BAD_SRC);
	h.src = 0; /* DHCP client */
	EXPECT_DROP(nl_ip_accept(&h, &ifc, false, &bc), NL_OK);
	return true;
}

static bool test_ip_build_roundtrip(void)
{
	uint8_t p[40];
	struct nl_ip_hdr h;
	struct nl_ip_tx tx = {
		.tos = 0x10,
		.id = 77,
		.df = true,
		.ttl = 9,
		.proto = 1,
		.src = A_IP,
		.dst = B_IP,
		.payload_len = 20,
	};

	EXPECT_EQ(nl_ip_build(p, 19, &tx), 0);
	EXPECT_EQ(nl_ip_build(p, sizeof(p), &tx), 20);
	EXPECT_EQ(nl_csum(p, 20), 0);
	EXPECT_DROP(nl_ip_parse(p, sizeof(p), &h), NL_OK);
	EXPECT(h.df && !h.mf);
	EXPECT_EQ(h.tos, 0x10);
	EXPECT_EQ(h.ttl, 9);
	tx.payload_len = 65516;
	EXPECT_EQ(nl_ip_build(p, sizeof(p), &tx), 0);
	tx.payload_len = 8;
	tx.frag_off = 12;
	EXPECT_EQ(nl_ip_build(p, sizeof(p), &tx), 0);
	return true;
}

/* 4000 bytes at MTU 1500: 1480 + 1480 + 1040, offsets in 8-byte units. */
static bool test_ip_fragment_4000_at_1500(void)
{
	struct nl_ip_frag_iter it;
	struct nl_ip_frag f[4];
	unsigned n = 0;

	EXPECT_DROP(nl_ip_frag_init(&it, 4000, 20, 1500, false), NL_OK);
	while (n < 4 && nl_ip_frag_next(&it, &f[n]))
		n++;
	EXPECT_EQ(n, 3);
	EXPECT_EQ(f[0].offset, 0);
	EXPECT_EQ(f[0].len, 1480);
	EXPECT(f[0].more);
	EXPECT_EQ(f[1].offset, 1480);
	EXPECT_EQ(f[1].len, 1480);
	EXPECT(f[1].more);
	EXPECT_EQ(f[2].offset, 2960);
	EXPECT_EQ(f[2].len, 1040);
	EXPECT(!f[2].more);
	EXPECT(!nl_ip_frag_next(&it, &f[3]));
	/* What fits is one unfragmented piece, even with DF. */
	EXPECT_DROP(nl_ip_frag_init(&it, 1480, 20, 1500, true), NL_OK);
	EXPECT(nl_ip_frag_next(&it, &f[0]));
	EXPECT(!f[0].more && f[0].len == 1480);
	EXPECT(!nl_ip_frag_next(&it, &f[0]));
	return true;
}

static bool test_ip_fragment_refusals(void)
{
	struct nl_ip_frag_iter it;
	struct nl_ip_frag f;

	EXPECT_DROP(nl_ip_frag_init(&it, 1481, 20, 1500, true), IP_DROP_NEED_FRAG);
	EXPECT(!nl_ip_frag_next(&it, &f));
	EXPECT_DROP(nl_ip_frag_init(&it, 65516, 20, 1500, false), IP_DROP_TOO_BIG);
	EXPECT(!nl_ip_frag_next(&it, &f));
	EXPECT_DROP(nl_ip_frag_init(&it, 100, 20, 67, false), IP_DROP_TOO_BIG);
	/* The smallest MTU still makes progress: 48 bytes per fragment. */
	EXPECT_DROP(nl_ip_frag_init(&it, 100, 20, 68, false), NL_OK);
	EXPECT(nl_ip_frag_next(&it, &f) && f.len == 48);
	return true;
}

void run_ipv4_tests(void)
{
	RUN(test_ip_parse_valid);
	RUN(test_ip_parse_options);
	RUN(test_ip_drop_malformed);
	RUN(test_ip_ttl_only_checked_when_forwarding);
	RUN(test_ip_accept_addresses);
	RUN(test_ip_build_roundtrip);
	RUN(test_ip_fragment_4000_at_1500);
	RUN(test_ip_fragment_refusals);
}
