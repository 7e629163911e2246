/*
 * Fuzzes IPv4: every input is used three ways.
 *
 * A. As a packet for nl_ip_parse: accepted headers must describe bytes
 *    inside the input, and rebuilding a plain header gives the same bytes.
 * B. Its first 5 bytes as (payload length, MTU, order): the fragmentation
 *    iterator must tile the payload in legal pieces, and reassembling the
 *    pieces in a scrambled order must give the original bytes back.
 * C. As a script of fragments (6 bytes each, see below) fed to a 4-slot
 *    reassembler on a fake clock: the pool stays bounded, its byte count
 *    adds up, every finished datagram is valid, at most 65535 bytes, and
 *    made of the bytes that were sent; after a timeout everything is free.
 *
 * Script record: b0 bits 0-1 datagram (id), bit 2 MF, bit 3 corrupt the
 * data, bits 4-7 clock step in 2.5 s units; b1-b2 offset in 8-byte units;
 * b3-b4 payload length (11 bits unless b5 bit 7); b5 bits 0-3 option words
 * in the header.
 */
#include "csum.h"
#include "fuzz.h"
#include "ipv4.h"

#define NSLOTS 4

static struct nl_ip_reasm_slot slots[NSLOTS];
static struct nl_ip_reasm_slot one_slot;
static uint8_t pkt[NL_IP_MAX + 64];

/*
 * pat[id][k] is the byte at payload position k of datagram id, so all
 * fragments of a datagram agree unless a record asks for corruption.
 * Precomputed: generating it per fragment would dominate the run time.
 */
#define PAT_LEN (2 * 65536)
static uint8_t pat[4][PAT_LEN];

static void init_pat(void)
{
	static bool done;

	if (done)
		return;
	for (unsigned id = 0; id < 4; id++)
		for (size_t k = 0; k < PAT_LEN; k++)
			pat[id][k] = (uint8_t)(k * 7 + (k >> 8) * 13 + id * 101);
	done = true;
}

static void part_a(const uint8_t *d, size_t n)
{
	struct nl_ip_hdr h, h2;
	struct nl_ip_if ifc = {NL_IP4(10, 0, 0, 1), 0xffffff00};
	uint8_t b[NL_IP_HLEN];
	enum nl_drop r = nl_ip_parse(d, n, &h);
	bool bc;

	if (r != NL_OK) {
		FUZZ_CHECK(r == IP_DROP_SHORT || r == IP_DROP_BAD_VERSION || r == IP_DROP_BAD_IHL ||
			   r == IP_DROP_BAD_LEN || r == IP_DROP_BAD_CSUM);
		return;
	}
	FUZZ_CHECK(h.hlen >= NL_IP_HLEN && h.hlen <= NL_IP_HLEN_MAX && h.hlen <= h.total_len);
	FUZZ_CHECK(h.total_len <= n && h.payload == d + h.hlen);
	FUZZ_CHECK(h.payload_len == (size_t)h.total_len - h.hlen);
	FUZZ_CHECK(nl_csum(d, h.hlen) == 0);
	r = nl_ip_accept(&h, &ifc, d[1] & 1, &bc);
	FUZZ_CHECK(r == NL_OK || r == IP_DROP_BAD_SRC || r == IP_DROP_NOT_FOR_US);
	if (h.hlen == NL_IP_HLEN && !(d[6] & 0x80)) {
		struct nl_ip_tx tx = {
			.tos = h.tos,
			.id = h.id,
			.df = h.df,
			.mf = h.mf,
			.frag_off = h.frag_off,
			.ttl = h.ttl,
			.proto = h.proto,
			.src = h.src,
			.dst = h.dst,
			.payload_len = h.payload_len,
		};

		FUZZ_CHECK(nl_ip_build(b, sizeof(b), &tx) == NL_IP_HLEN);
		/* Same fields; the checksum may be the other encoding of zero. */
		FUZZ_CHECK(memcmp(b, d, 10) == 0 && memcmp(b + 12, d + 12, 8) == 0);
		FUZZ_CHECK(nl_ip_parse(b, sizeof(b), &h2) ==
			   (h.payload_len ? IP_DROP_BAD_LEN : NL_OK));
	}
}

static unsigned gcd(unsigned a, unsigned b)
{
	while (b) {
		unsigned t = a % b;

		a = b;
		b = t;
	}
	return a;
}

static void part_b(const uint8_t *d, size_t n)
{
	static uint8_t payload[8192];
	struct fz f = {d, n};
	size_t plen = fz_u16(&f) % sizeof(payload);
	unsigned mtu = fz_u16(&f) % 1600;
	uint8_t order = fz_u8(&f);
	struct nl_ip_frag_iter it;
	static struct nl_ip_frag fr[sizeof(payload) / 8 + 1];
	unsigned nf = 0, done = 0, stride;
	struct nl_ip_reasm ra;
	struct nl_ip_dgram dg;
	size_t next = 0;
	enum nl_drop r;

	r = nl_ip_frag_init(&it, plen, NL_IP_HLEN, mtu, order & 0x80);
	if (r != NL_OK) {
		FUZZ_CHECK(r == IP_DROP_TOO_BIG || r == IP_DROP_NEED_FRAG);
		FUZZ_CHECK(!nl_ip_frag_next(&it, &fr[0]));
		return;
	}
	FUZZ_CHECK(mtu >= NL_IP_MIN_MTU);
	while (nl_ip_frag_next(&it, &fr[nf])) {
		FUZZ_CHECK(nf < sizeof(fr) / sizeof(fr[0]) - 1);
		FUZZ_CHECK(fr[nf].offset == next && fr[nf].len + NL_IP_HLEN <= mtu);
		FUZZ_CHECK(fr[nf].more ? fr[nf].len % 8 == 0 && fr[nf].len > 0 : true);
		next += fr[nf].len;
		nf++;
	}
	FUZZ_CHECK(next == plen && nf > 0 && !fr[nf - 1].more);
	if (plen == 0)
		return;
	memcpy(payload, pat[3], plen);
	/* A scrambled but complete order: i * stride + order mod nf, stride coprime to nf. */
	stride = 1 + (order & 0x3f) % nf;
	while (gcd(stride, nf) != 1)
		stride++;
	nl_ip_reasm_init(&ra, &one_slot, 1, 0, NULL);
	for (unsigned i = 0; i < nf; i++) {
		unsigned j = (unsigned)(((size_t)i * stride + order) % nf);
		struct nl_ip_tx tx = {
			.id = 7,
			.mf = fr[j].more,
			.frag_off = (uint16_t)fr[j].offset,
			.ttl = 1,
			.proto = 17,
			.src = 1,
			.dst = 2,
			.payload_len = fr[j].len,
		};
		struct nl_ip_hdr h;
		enum nl_reasm_res res;

		FUZZ_CHECK(nl_ip_build(pkt, sizeof(pkt), &tx) == NL_IP_HLEN);
		memcpy(pkt + NL_IP_HLEN, payload + fr[j].offset, fr[j].len);
		FUZZ_CHECK(nl_ip_parse(pkt, NL_IP_HLEN + fr[j].len, &h) == NL_OK);
		res = nl_ip_reasm_input(&ra, &h, i, &dg);
		FUZZ_CHECK(res == (i + 1 == nf ? NL_REASM_DONE : NL_REASM_HELD));
		if (res == NL_REASM_DONE) {
			FUZZ_CHECK(dg.len == NL_IP_HLEN + plen);
			FUZZ_CHECK(memcmp(dg.data + NL_IP_HLEN, payload, plen) == 0);
			done++;
		}
	}
	FUZZ_CHECK(done == 1 && ra.in_use == 0 && ra.bytes_held == 0);
}

static void check_pool(const struct nl_ip_reasm *ra)
{
	unsigned used = 0;
	size_t held = 0;

	for (unsigned i = 0; i < NSLOTS; i++) {
		FUZZ_CHECK(!(slots[i].used && slots[i].lent));
		if (!slots[i].used)
			continue;
		used++;
		held += slots[i].received;
		FUZZ_CHECK(slots[i].received <= NL_IP_REASM_PAYLOAD_MAX);
		FUZZ_CHECK(slots[i].hi <= NL_IP_REASM_PAYLOAD_MAX);
		FUZZ_CHECK(!slots[i].end || slots[i].hi <= slots[i].end);
	}
	FUZZ_CHECK(used == ra->in_use && used <= NSLOTS);
	FUZZ_CHECK(held == ra->bytes_held);
}

static void part_c(const uint8_t *d, size_t n)
{
	static struct nl_ip_reasm ra;
	struct nl_stats st;
	struct fz f = {d, n};
	uint64_t now = 0;
	bool corrupted = false;
	unsigned lent[NSLOTS], lent_n = 0;

	nl_stats_init(&st);
	nl_ip_reasm_init(&ra, slots, NSLOTS, 30000, &st);
	while (f.n >= 6) {
		uint8_t b0 = fz_u8(&f);
		uint16_t id = b0 & 3, off = (uint16_t)((fz_u16(&f) & NL_IP_OFF_MASK) * 8);
		size_t len = fz_u16(&f) % (NL_IP_REASM_PAYLOAD_MAX - 40 + 1);
		uint8_t b5 = fz_u8(&f);
		size_t opt = (b5 & 0xf) % 11 * 4;
		struct nl_ip_tx tx = {
			.id = id,
			.mf = b0 & 4,
			.frag_off = off,
			.ttl = 64,
			.proto = 17,
			.src = NL_IP4(10, 0, 0, 9),
			.dst = NL_IP4(10, 0, 0, 1),
			.payload_len = len,
		};
		struct nl_ip_hdr h;
		struct nl_ip_dgram dg;
		enum nl_reasm_res res;
		size_t hlen = NL_IP_HLEN + opt;

		now += (uint64_t)(b0 >> 4) * 2500;
		/* Mostly small fragments (fast); bit 7 of b5 allows any length. */
		if (!(b5 & 0x80))
			len &= 0x7ff;
		if (len + hlen > NL_IP_MAX)
			continue;
		FUZZ_CHECK(nl_ip_build(pkt, sizeof(pkt), &tx) == NL_IP_HLEN);
		/* Grow the header by NOP options and fix length and checksum. */
		memset(pkt + NL_IP_HLEN, 1, opt);
		pkt[0] = (uint8_t)(0x40 | hlen / 4);
		nl_put16(pkt + 2, (uint16_t)(hlen + len));
		nl_put16(pkt + 10, 0);
		nl_put16(pkt + 10, nl_csum(pkt, hlen));
		memcpy(pkt + hlen, pat[id] + off, len);
		if (b0 & 8)
			pkt[hlen + len / 2] ^= 0x5a;
		corrupted |= (b0 & 8) != 0;
		FUZZ_CHECK(nl_ip_parse(pkt, hlen + len, &h) == NL_OK);

		/* bit 5 of b5 returns the oldest lent datagram first */
		if ((b5 & 0x20) && lent_n) {
			nl_ip_reasm_return(&ra, lent[0]);
			memmove(lent, lent + 1, --lent_n * sizeof(lent[0]));
		}
		res = nl_ip_reasm_input(&ra, &h, now, &dg);
		check_pool(&ra);
		FUZZ_CHECK(nl_ip_reasm_lent(&ra) == lent_n);
		if (res == NL_REASM_DROPPED) {
			FUZZ_CHECK(nl_drop_layer(dg.why) == NL_LAYER_IP && dg.why != NL_OK);
		} else if (res == NL_REASM_DONE) {
			struct nl_ip_hdr out;

			FUZZ_CHECK(dg.len <= NL_IP_MAX);
			FUZZ_CHECK(nl_ip_parse(dg.data, dg.len, &out) == NL_OK);
			FUZZ_CHECK(!nl_ip_is_fragment(&out) && out.total_len == dg.len);
			FUZZ_CHECK(out.id == id && out.src == tx.src);
			FUZZ_CHECK(corrupted || memcmp(out.payload, pat[id], out.payload_len) == 0);
			/* bit 6 of b5 lends it (the IPv4 server's packet over the slot) */
			if (b5 & 0x40) {
				FUZZ_CHECK(lent_n <
					   NSLOTS); /* a lent slot never finishes another */
				lent[lent_n++] = dg.slot;
				nl_ip_reasm_lend(&ra, &dg);
			}
		} else {
			FUZZ_CHECK(res == NL_REASM_HELD);
		}
	}
	/* Memory returns to baseline after the timeout. */
	nl_ip_reasm_tick(&ra, now + 30000);
	check_pool(&ra);
	FUZZ_CHECK(ra.in_use == 0 && ra.bytes_held == 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n)
{
	init_pat();
	part_a(d, n);
	part_b(d, n);
	part_c(d, n);
	return 0;
}
