/* Checksum tests against vectors computed independently of the library. */
#include "check.h"
#include "csum.h"

/* RFC 1071 section 3: the words 0001 f203 f4f5 f6f7 sum to ddf2. */
static bool test_csum_rfc1071_example(void)
{
	static const uint8_t d[] = {0x00, 0x01, 0xf2, 0x03, 0xf4, 0xf5, 0xf6, 0xf7};

	EXPECT_EQ(nl_csum_add(0, d, sizeof(d)), 0xddf2);
	EXPECT_EQ(nl_csum(d, sizeof(d)), 0x220d);
	return true;
}

/* A textbook IPv4 header (192.168.0.1 -> 192.168.0.199, UDP): checksum b861. */
static bool test_csum_ipv4_header_known(void)
{
	uint8_t h[] = {0x45, 0x00, 0x00, 0x73, 0x00, 0x00, 0x40, 0x00, 0x40, 0x11,
		       0x00, 0x00, 0xc0, 0xa8, 0x00, 0x01, 0xc0, 0xa8, 0x00, 0xc7};

	EXPECT_EQ(nl_csum(h, sizeof(h)), 0xb861);
	nl_put16(h + 10, 0xb861);
	EXPECT_EQ(nl_csum(h, sizeof(h)), 0);
	return true;
}

/*
 * The echo request Windows' ping sends first: id 1, seq 1, 32 bytes
 * "abcdefghijklmnopqrstuvwabcdefghi". Captures show checksum 0x4d5a.
 */
static bool test_csum_icmp_echo_windows_ping(void)
{
	uint8_t m[40] = {8, 0, 0, 0, 0, 1, 0, 1};

	memcpy(m + 8, "abcdefghijklmnopqrstuvwabcdefghi", 32);
	EXPECT_EQ(nl_csum(m, sizeof(m)), 0x4d5a);
	return true;
}

/* UDP 10.0.0.1:1234 -> 10.0.0.2:53 "hello": checksum a2f8 with pseudo header. */
static bool test_csum_udp_pseudo_header_known(void)
{
	uint8_t u[13] = {0x04, 0xd2, 0x00, 0x35, 0x00, 13, 0, 0, 'h', 'e', 'l', 'l', 'o'};
	uint32_t sum = nl_csum_pseudo(NL_IP4(10, 0, 0, 1), NL_IP4(10, 0, 0, 2), 17, 13);

	EXPECT_EQ(nl_csum_fold(nl_csum_add(sum, u, sizeof(u))), 0xa2f8);
	return true;
}

/* An odd length pads the last byte as the high half of a word. */
static bool test_csum_odd_length(void)
{
	static const uint8_t a[] = {0x12, 0x34, 0x56};
	static const uint8_t b[] = {0x12, 0x34, 0x56, 0x00};

	EXPECT_EQ(nl_csum(a, 3), nl_csum(b, 4));
	EXPECT_EQ(nl_csum(a, 3), (uint16_t) ~(0x1234 + 0x5600));
	return true;
}

/* Summing in even-length pieces equals summing at once; carries survive. */
static bool test_csum_incremental_chunks(void)
{
	uint8_t d[1001];
	uint32_t sum = 0;

	for (unsigned i = 0; i < sizeof(d); i++)
		d[i] = (uint8_t)(0xff - i * 7);
	for (unsigned off = 0; off < sizeof(d); off += 100)
		sum = nl_csum_add(sum, d + off, sizeof(d) - off < 100 ? sizeof(d) - off : 100);
	EXPECT_EQ(nl_csum_fold(sum), nl_csum(d, sizeof(d)));
	/* All-ones data: the sum of many 0xffff must fold to 0xffff, csum 0. */
	memset(d, 0xff, sizeof(d) - 1);
	EXPECT_EQ(nl_csum(d, sizeof(d) - 1), 0);
	return true;
}

/* The definition, one big-endian 16-bit word at a time (RFC 1071). */
static uint16_t csum_reference(const uint8_t *d, size_t len)
{
	uint64_t acc = 0;

	for (size_t i = 0; i + 1 < len; i += 2)
		acc += (uint32_t)(d[i] << 8 | d[i + 1]);
	if (len & 1)
		acc += (uint32_t)d[len - 1] << 8;
	while (acc >> 16)
		acc = (acc & 0xffff) + (acc >> 16);
	return (uint16_t)~acc;
}

/* The word-at-a-time sum matches the definition at every length, at every
 * alignment of the data, and added on to a running partial. */
static bool test_csum_matches_definition(void)
{
	static uint8_t d[1600];
	uint32_t x = 99;

	for (unsigned i = 0; i < sizeof(d); i++) {
		x = x * 1103515245 + 12345;
		d[i] = (uint8_t)(x >> 16);
	}
	for (size_t off = 0; off < 8; off++)
		for (size_t len = 0; len + off <= sizeof(d); len += (len < 80 ? 1 : 37)) {
			EXPECT_EQ(nl_csum(d + off, len), csum_reference(d + off, len));
			uint32_t head = nl_csum_add(0, d + off, len & ~(size_t)1);
			uint32_t both = nl_csum_add(head, d + off + (len & ~(size_t)1), len & 1);
			EXPECT_EQ(nl_csum_fold(both), csum_reference(d + off, len));
		}
	return true;
}

/*
 * nl_csum_verify32 agrees with nl_csum(...) == 0 on headers of every IPv4
 * length (20-60 bytes) and alignment: with the right checksum stored, with
 * one bit flipped, and on the edge cases of the fold (all ones, all zeros).
 */
static bool test_csum_verify32_matches_csum(void)
{
	static uint8_t d[64 + 8];
	uint32_t x = 7;

	for (int n = 0; n < 3000; n++) {
		size_t off = (size_t)n % 8, len = 20 + 4 * ((size_t)n % 11);
		uint8_t *h = d + off;

		for (size_t i = 0; i < len; i++) {
			x = x * 1103515245 + 12345;
			h[i] = n % 50 == 0 ? 0xff : n % 50 == 1 ? 0 : (uint8_t)(x >> 16);
		}
		if (n % 3 != 2) {
			nl_put16(h + 10, 0);
			nl_put16(h + 10, nl_csum(h, len));
		}
		if (n % 3 == 1) {
			x = x * 1103515245 + 12345;
			h[(x >> 8) % len] ^= (uint8_t)(1u << ((x >> 4) % 8));
		}
		EXPECT_EQ(nl_csum_verify32(h, len), nl_csum(h, len) == 0);
	}
	return true;
}

/* RFC 1624 update of one word gives what a full recomputation gives. */
static bool test_csum_update16_matches_recompute(void)
{
	uint8_t d[64];
	uint32_t x = 12345;

	for (unsigned i = 0; i < sizeof(d); i++)
		d[i] = (uint8_t)(i * 31 + 7);
	for (int n = 0; n < 2000; n++) {
		uint16_t old_csum = nl_csum(d, sizeof(d));
		unsigned w;
		uint16_t old, new;

		x = x * 1103515245 + 12345;
		w = (x >> 8) % (sizeof(d) / 2);
		old = nl_get16(d + 2 * w);
		new = (uint16_t)(x >> 16);
		if (n % 7 == 0)
			new = 0;
		nl_put16(d + 2 * w, new);
		/* Both are valid encodings of the same sum; compare the sums. */
		EXPECT_EQ(nl_csum_update16(old_csum, old, new) % 0xffff,
			  nl_csum(d, sizeof(d)) % 0xffff);
	}
	return true;
}

void run_csum_tests(void)
{
	RUN(test_csum_rfc1071_example);
	RUN(test_csum_ipv4_header_known);
	RUN(test_csum_icmp_echo_windows_ping);
	RUN(test_csum_udp_pseudo_header_known);
	RUN(test_csum_odd_length);
	RUN(test_csum_incremental_chunks);
	RUN(test_csum_matches_definition);
	RUN(test_csum_update16_matches_recompute);
	RUN(test_csum_verify32_matches_csum);
}
