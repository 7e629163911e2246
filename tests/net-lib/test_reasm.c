/* IPv4 reassembly: correctness, overlap policy, limits, memory bounds. */
#include "check.h"
#include "ipkt.h"

#define NSLOTS 8

static struct nl_ip_reasm_slot slots[NSLOTS];
static struct nl_ip_reasm ra;
static struct nl_stats st;
static uint8_t data[65536];
static struct nl_ip_dgram dg;

static void setup(void)
{
	nl_stats_init(&st);
	nl_ip_reasm_init(&ra, slots, NSLOTS, 30000, &st);
	for (unsigned i = 0; i < sizeof(data); i++)
		data[i] = (uint8_t)(i * 131 + (i >> 8));
}

/*
 * Feeds the fragment [off, off + len) of datagram id, with payload bytes
 * taken from data + off + shift (shift != 0 makes conflicting contents).
 */
static enum nl_reasm_res frag_x(uint16_t id, size_t off, size_t len, bool mf, uint64_t now,
				size_t shift)
{
	static uint8_t p[NL_IP_HLEN + 65535];
	struct nl_ip_tx tx = {
		.id = id,
		.mf = mf,
		.frag_off = (uint16_t)off,
		.ttl = 64,
		.proto = NL_IP_PROTO_UDP,
		.src = A_IP,
		.dst = B_IP,
		.payload_len = len,
	};
	struct nl_ip_hdr h;

	/* Offsets beyond the 13-bit field cannot be built: fake the header. */
	if (!nl_ip_build(p, sizeof(p), &tx))
		return (enum nl_reasm_res) - 1;
	memcpy(p + NL_IP_HLEN, data + off + shift, len);
	if (nl_ip_parse(p, NL_IP_HLEN + len, &h) != NL_OK)
		return (enum nl_reasm_res) - 1;
	return nl_ip_reasm_input(&ra, &h, now, &dg);
}

static enum nl_reasm_res frag(uint16_t id, size_t off, size_t len, bool mf, uint64_t now)
{
	return frag_x(id, off, len, mf, now, 0);
}

/* The finished datagram is a valid unfragmented packet carrying data[0..len). */
static bool check_done(size_t len)
{
	struct nl_ip_hdr h;

	EXPECT_DROP(nl_ip_parse(dg.data, dg.len, &h), NL_OK);
	EXPECT(!nl_ip_is_fragment(&h));
	EXPECT_EQ(h.total_len, NL_IP_HLEN + len);
	EXPECT_EQ(h.payload_len, len);
	EXPECT(memcmp(h.payload, data, len) == 0);
	EXPECT_EQ(h.src, A_IP);
	return true;
}

/* 4000 bytes fragmented for MTU 1500, fed last-first: original bytes back. */
static bool test_reasm_4000_out_of_order(void)
{
	struct nl_ip_frag_iter it;
	struct nl_ip_frag f[3];
	unsigned n = 0;

	setup();
	nl_ip_frag_init(&it, 4000, NL_IP_HLEN, 1500, false);
	while (n < 3 && nl_ip_frag_next(&it, &f[n]))
		n++;
	EXPECT_EQ(n, 3);
	EXPECT_EQ(frag(1, f[2].offset, f[2].len, f[2].more, 0), NL_REASM_HELD);
	EXPECT_EQ(frag(1, f[0].offset, f[0].len, f[0].more, 1), NL_REASM_HELD);
	EXPECT_EQ(ra.in_use, 1);
	EXPECT_EQ(ra.bytes_held, f[2].len + f[0].len);
	EXPECT_EQ(frag(1, f[1].offset, f[1].len, f[1].more, 2), NL_REASM_DONE);
	EXPECT_EQ(dg.len, 4020);
	if (!check_done(4000))
		return false;
	EXPECT_EQ(ra.in_use, 0);
	EXPECT_EQ(ra.bytes_held, 0);
	EXPECT_EQ(nl_stats_drops(&st), 0);
	return true;
}

/* Two datagrams interleaved, many small pieces in a scrambled order. */
static bool test_reasm_interleaved_small_pieces(void)
{
	unsigned order[50];
	unsigned done = 0;

	setup();
	for (unsigned i = 0; i < 50; i++)
		order[i] = (i * 17) % 50;
	for (unsigned i = 0; i < 50; i++) {
		size_t off = order[i] * 80;
		bool last = order[i] == 49;

		for (uint16_t id = 10; id < 12; id++) {
			enum nl_reasm_res r = frag(id, off, last ? 77 : 80, !last, i);

			EXPECT(r == NL_REASM_HELD || r == NL_REASM_DONE);
			if (r == NL_REASM_DONE) {
				if (!check_done(49 * 80 + 77))
					return false;
				done++;
			}
		}
	}
	EXPECT_EQ(done, 2);
	EXPECT_EQ(ra.in_use, 0);
	return true;
}

/* Overlap with different data drops the datagram and its later fragments. */
static bool test_reasm_overlap_drops_datagram(void)
{
	setup();
	EXPECT_EQ(frag(5, 0, 800, true, 0), NL_REASM_HELD);
	EXPECT_EQ(frag(5, 400, 800, true, 1), NL_REASM_DROPPED);
	EXPECT_DROP(dg.why, IP_DROP_FRAG_OVERLAP);
	EXPECT_EQ(ra.in_use, 0);
	EXPECT_EQ(ra.bytes_held, 0);
	/* The rest of the datagram is not reassembled into something new. */
	EXPECT_EQ(frag(5, 800, 800, false, 2), NL_REASM_DROPPED);
	EXPECT_DROP(dg.why, IP_DROP_FRAG_OVERLAP);
	EXPECT_EQ(ra.in_use, 0);
	EXPECT_EQ(st.drop[IP_DROP_FRAG_OVERLAP], 2);
	/* Same range, different bytes: also an overlap (the evasion case). */
	EXPECT_EQ(frag(6, 0, 800, true, 3), NL_REASM_HELD);
	EXPECT_EQ(frag_x(6, 0, 800, true, 4, 1), NL_REASM_DROPPED);
	EXPECT_DROP(dg.why, IP_DROP_FRAG_OVERLAP);
	/* Fragments disagreeing about the end. */
	EXPECT_EQ(frag(7, 800, 100, false, 5), NL_REASM_HELD);
	EXPECT_EQ(frag(7, 800, 200, false, 6), NL_REASM_DROPPED);
	EXPECT_DROP(dg.why, IP_DROP_FRAG_OVERLAP);
	EXPECT_EQ(frag(8, 1600, 8, true, 7), NL_REASM_HELD);
	EXPECT_EQ(frag(8, 800, 100, false, 8), NL_REASM_DROPPED);
	EXPECT_DROP(dg.why, IP_DROP_FRAG_OVERLAP);
	EXPECT_EQ(ra.in_use, 0);
	return true;
}

/* An exact duplicate is dropped alone; the datagram still completes. */
static bool test_reasm_exact_duplicate_tolerated(void)
{
	setup();
	EXPECT_EQ(frag(9, 0, 800, true, 0), NL_REASM_HELD);
	EXPECT_EQ(frag(9, 0, 800, true, 1), NL_REASM_DROPPED);
	EXPECT_DROP(dg.why, IP_DROP_FRAG_DUP);
	EXPECT_EQ(ra.bytes_held, 800);
	EXPECT_EQ(frag(9, 800, 3, false, 2), NL_REASM_DONE);
	return check_done(803);
}

/* Ping of death: offset + length beyond 65535. */
static bool test_reasm_overlong_dropped(void)
{
	setup();
	EXPECT_EQ(frag(20, 0, 1480, true, 0), NL_REASM_HELD);
	/* 20 + 65512 + 8 = 65540 > 65535 */
	EXPECT_EQ(frag(20, 65512, 8, false, 1), NL_REASM_DROPPED);
	EXPECT_DROP(dg.why, IP_DROP_FRAG_OVERLONG);
	EXPECT_EQ(ra.in_use, 0);
	/* Alone, without an earlier slot: dropped before taking one. */
	EXPECT_EQ(frag(21, 65504, 24, false, 2), NL_REASM_DROPPED);
	EXPECT_DROP(dg.why, IP_DROP_FRAG_OVERLONG);
	EXPECT_EQ(ra.in_use, 0);
	/* Exactly 65535 is fine. */
	EXPECT_EQ(frag(22, 65512, 3, false, 3), NL_REASM_HELD);
	EXPECT_EQ(ra.in_use, 1);
	return true;
}

/* With header options the same payload end no longer fits. */
static bool test_reasm_overlong_with_options(void)
{
	static uint8_t p[128];
	struct nl_ip_hdr h;
	size_t n;

	setup();
	EXPECT_EQ(frag(23, 65512, 3, false, 0), NL_REASM_HELD);
	/* First fragment with a 24-byte header: 24 + 65515 > 65535. */
	n = mkip(p, NL_IP_PROTO_UDP, 23, data, 64);
	memmove(p + 24, p + 20, 64);
	memset(p + 20, 1, 4);
	p[0] = 0x46;
	nl_put16(p + 2, (uint16_t)(n + 4));
	nl_put16(p + 6, NL_IP_FLAG_MF);
	fix_csum(p);
	EXPECT_DROP(nl_ip_parse(p, n + 4, &h), NL_OK);
	EXPECT_EQ(nl_ip_reasm_input(&ra, &h, 1, &dg), NL_REASM_DROPPED);
	EXPECT_DROP(dg.why, IP_DROP_FRAG_OVERLONG);
	EXPECT_EQ(ra.in_use, 0);
	return true;
}

static bool test_reasm_bad_fragment(void)
{
	setup();
	/* A non-last fragment must be a multiple of 8 bytes. */
	EXPECT_EQ(frag(30, 0, 100, true, 0), NL_REASM_DROPPED);
	EXPECT_DROP(dg.why, IP_DROP_FRAG_BAD);
	EXPECT_EQ(frag(30, 8, 0, false, 0), NL_REASM_DROPPED);
	EXPECT_DROP(dg.why, IP_DROP_FRAG_BAD);
	EXPECT_EQ(ra.in_use, 0);
	return true;
}

/* An incomplete datagram is freed after the timeout, and counted. */
static bool test_reasm_timeout_frees_slot(void)
{
	setup();
	EXPECT_EQ(frag(40, 0, 800, true, 1000), NL_REASM_HELD);
	EXPECT_EQ(nl_ip_reasm_tick(&ra, 30999), 0);
	EXPECT_EQ(ra.in_use, 1);
	EXPECT_EQ(nl_ip_reasm_tick(&ra, 31000), 1);
	EXPECT_EQ(ra.in_use, 0);
	EXPECT_EQ(ra.bytes_held, 0);
	EXPECT_COUNT(&st, IP_DROP_FRAG_TIMEOUT, 1);
	/* The straggler is dropped, not given a fresh slot. */
	EXPECT_EQ(frag(40, 800, 10, false, 31001), NL_REASM_DROPPED);
	EXPECT_DROP(dg.why, IP_DROP_FRAG_TIMEOUT);
	EXPECT_EQ(ra.in_use, 0);
	/* Input alone also expires: no tick needed. */
	EXPECT_EQ(frag(41, 0, 800, true, 40000), NL_REASM_HELD);
	EXPECT_EQ(frag(42, 0, 800, true, 70000), NL_REASM_HELD);
	EXPECT_EQ(ra.in_use, 1);
	/* Datagram 40, its straggler (counted under its datagram's fate), 41. */
	EXPECT_COUNT(&st, IP_DROP_FRAG_TIMEOUT, 3);
	return true;
}

/* A fragment of a datagram that was already delivered. */
static bool test_reasm_late_fragment_after_complete(void)
{
	setup();
	EXPECT_EQ(frag(50, 0, 800, true, 0), NL_REASM_HELD);
	EXPECT_EQ(frag(50, 800, 10, false, 1), NL_REASM_DONE);
	EXPECT_EQ(frag(50, 800, 10, false, 2), NL_REASM_DROPPED);
	EXPECT_DROP(dg.why, IP_DROP_FRAG_LATE);
	EXPECT_EQ(ra.in_use, 0);
	/* After the linger time the id may be reused by the sender. */
	EXPECT_EQ(frag(50, 0, 800, true, 1 + 30000), NL_REASM_HELD);
	return true;
}

/*
 * 1000 datagrams that never complete: the pool stays at 8 slots (the oldest
 * evicted each time), and after the timeout every slot is free again.
 */
static bool test_reasm_flood_stays_bounded(void)
{
	size_t max_bytes = 0;

	setup();
	for (unsigned i = 0; i < 1000; i++) {
		EXPECT_EQ(frag((uint16_t)(1000 + i), 0, 1480, true, i), NL_REASM_HELD);
		EXPECT(ra.in_use <= NSLOTS);
		if (ra.bytes_held > max_bytes)
			max_bytes = ra.bytes_held;
	}
	EXPECT_EQ(ra.in_use, NSLOTS);
	EXPECT_EQ(max_bytes, NSLOTS * 1480);
	EXPECT_COUNT(&st, IP_DROP_FRAG_EVICTED, 1000 - NSLOTS);
	/* Memory returns to baseline once the survivors time out. */
	EXPECT_EQ(nl_ip_reasm_tick(&ra, 999 + 30000), NSLOTS);
	EXPECT_EQ(ra.in_use, 0);
	EXPECT_EQ(ra.bytes_held, 0);
	for (unsigned i = 0; i < NSLOTS; i++)
		EXPECT(!slots[i].used);
	return true;
}

/* An evicted datagram's later fragments do not evict someone else. */
static bool test_reasm_evicted_stragglers_dropped(void)
{
	setup();
	for (unsigned i = 0; i <= NSLOTS; i++)
		EXPECT_EQ(frag((uint16_t)(60 + i), 0, 800, true, i), NL_REASM_HELD);
	/* id 60 was evicted by id 68. */
	EXPECT_EQ(frag(60, 800, 10, false, 20), NL_REASM_DROPPED);
	EXPECT_DROP(dg.why, IP_DROP_FRAG_EVICTED);
	EXPECT_EQ(ra.in_use, NSLOTS);
	EXPECT_EQ(frag(61, 800, 10, false, 21), NL_REASM_DONE);
	return check_done(810);
}

/*
 * A lent datagram stays where it lies while new ones come: its slot is
 * neither reused nor evicted; with every slot lent a new datagram is
 * dropped, and a returned slot takes one again.
 */
static bool test_reasm_lent_slot_kept(void)
{
	const uint8_t *lent[NSLOTS];
	unsigned slot[NSLOTS];

	setup();
	for (unsigned i = 0; i < NSLOTS; i++) {
		EXPECT_EQ(frag((uint16_t)(70 + i), 0, 800, true, i), NL_REASM_HELD);
		EXPECT_EQ(frag((uint16_t)(70 + i), 800, 10, false, i), NL_REASM_DONE);
		EXPECT(check_done(810));
		nl_ip_reasm_lend(&ra, &dg);
		lent[i] = dg.data;
		slot[i] = dg.slot;
		EXPECT_EQ(nl_ip_reasm_lent(&ra), i + 1);
	}
	/* the first lent datagram is intact after all the others came */
	dg.data = lent[0];
	dg.len = NL_IP_HLEN + 810;
	EXPECT(check_done(810));
	EXPECT_EQ(frag(90, 0, 800, true, 100), NL_REASM_DROPPED);
	EXPECT_DROP(dg.why, IP_DROP_FRAG_EVICTED);
	EXPECT_EQ(ra.in_use, 0);
	nl_ip_reasm_return(&ra, slot[3]);
	EXPECT_EQ(nl_ip_reasm_lent(&ra), NSLOTS - 1);
	EXPECT_EQ(frag(91, 0, 800, true, 101), NL_REASM_HELD);
	EXPECT_EQ(frag(91, 800, 10, false, 102), NL_REASM_DONE);
	EXPECT_EQ(dg.slot, slot[3]);
	EXPECT(dg.data == lent[3]);
	/* a slot that was not lent, and one out of range, change nothing */
	nl_ip_reasm_return(&ra, slot[3]);
	nl_ip_reasm_return(&ra, NSLOTS);
	EXPECT_EQ(nl_ip_reasm_lent(&ra), NSLOTS - 1);
	return check_done(810);
}

void run_reasm_tests(void)
{
	RUN(test_reasm_4000_out_of_order);
	RUN(test_reasm_interleaved_small_pieces);
	RUN(test_reasm_overlap_drops_datagram);
	RUN(test_reasm_exact_duplicate_tolerated);
	RUN(test_reasm_overlong_dropped);
	RUN(test_reasm_overlong_with_options);
	RUN(test_reasm_bad_fragment);
	RUN(test_reasm_timeout_frees_slot);
	RUN(test_reasm_late_fragment_after_complete);
	RUN(test_reasm_flood_stays_bounded);
	RUN(test_reasm_evicted_stragglers_dropped);
	RUN(test_reasm_lent_slot_kept);
}
