/* ARP packets, cache, pending queue and policy. */
#include "arp.h"
#include "check.h"

static const uint8_t us[6] = {0x02, 0x00, 0x00, 0x00, 0x00, 0x01};
static const uint8_t peer[6] = {0x52, 0x54, 0x00, 0x12, 0x34, 0x56};
static const uint8_t evil[6] = {0x52, 0x54, 0x00, 0x66, 0x66, 0x66};
#define US_IP NL_IP4(10, 0, 0, 1)
#define PEER_IP NL_IP4(10, 0, 0, 2)

static struct nl_arp arp;
static struct nl_stats st;
static struct nl_arp_action act;

static void setup(void)
{
	nl_stats_init(&st);
	nl_arp_init(&arp, us, US_IP, &st);
}

static size_t mk(uint8_t *p, uint16_t op, const uint8_t *sha, uint32_t spa, const uint8_t *tha,
		 uint32_t tpa)
{
	struct nl_arp_pkt a = {.op = op, .spa = spa, .tpa = tpa};

	memcpy(a.sha, sha, 6);
	memcpy(a.tha, tha, 6);
	return nl_arp_build(p, NL_ARP_LEN, &a);
}

static enum nl_drop feed(uint16_t op, const uint8_t *sha, uint32_t spa, const uint8_t *tha,
			 uint32_t tpa, uint64_t now)
{
	uint8_t p[NL_ARP_LEN];

	mk(p, op, sha, spa, tha, tpa);
	return nl_arp_input(&arp, p, sizeof(p), now, &act);
}

static bool cached(uint32_t ip, const uint8_t *mac, uint64_t now)
{
	uint8_t m[6];

	if (!nl_arp_lookup(&arp, ip, now, m))
		return false;
	return !mac || nl_mac_eq(m, mac);
}

static bool test_arp_parse_valid(void)
{
	uint8_t p[60] = {0};
	struct nl_arp_pkt a;

	mk(p, NL_ARP_OP_REQUEST, peer, PEER_IP, nl_mac_zero, US_IP);
	/* Trailing Ethernet padding is fine. */
	EXPECT_DROP(nl_arp_parse(p, sizeof(p), &a), NL_OK);
	EXPECT_EQ(a.op, 1);
	EXPECT(nl_mac_eq(a.sha, peer));
	EXPECT_EQ(a.spa, PEER_IP);
	EXPECT_EQ(a.tpa, US_IP);
	EXPECT_EQ(p[0] << 8 | p[1], 1);
	EXPECT_EQ(p[2] << 8 | p[3], 0x0800);
	return true;
}

static bool test_arp_drop_malformed(void)
{
	uint8_t p[NL_ARP_LEN], q[NL_ARP_LEN];
	struct nl_arp_pkt a;

	mk(p, NL_ARP_OP_REQUEST, peer, PEER_IP, nl_mac_zero, US_IP);
	EXPECT_DROP(nl_arp_parse(p, 27, &a), ARP_DROP_SHORT);
	memcpy(q, p, sizeof(p));
	q[1] = 6; /* IEEE 802 htype */
	EXPECT_DROP(nl_arp_parse(q, sizeof(q), &a), ARP_DROP_BAD_HTYPE);
	memcpy(q, p, sizeof(p));
	q[2] = 0x86, q[3] = 0xdd;
	EXPECT_DROP(nl_arp_parse(q, sizeof(q), &a), ARP_DROP_BAD_PTYPE);
	memcpy(q, p, sizeof(p));
	q[4] = 8;
	EXPECT_DROP(nl_arp_parse(q, sizeof(q), &a), ARP_DROP_BAD_HLEN);
	memcpy(q, p, sizeof(p));
	q[5] = 16;
	EXPECT_DROP(nl_arp_parse(q, sizeof(q), &a), ARP_DROP_BAD_PLEN);
	memcpy(q, p, sizeof(p));
	q[7] = 3; /* RARP request */
	EXPECT_DROP(nl_arp_parse(q, sizeof(q), &a), ARP_DROP_BAD_OP);
	mk(q, NL_ARP_OP_REQUEST, nl_mac_broadcast, PEER_IP, nl_mac_zero, US_IP);
	EXPECT_DROP(nl_arp_parse(q, sizeof(q), &a), ARP_DROP_BAD_SENDER);
	mk(q, NL_ARP_OP_REQUEST, peer, NL_IP4(224, 0, 0, 1), nl_mac_zero, US_IP);
	EXPECT_DROP(nl_arp_parse(q, sizeof(q), &a), ARP_DROP_BAD_SENDER);
	mk(q, NL_ARP_OP_REQUEST, peer, NL_IP4_BROADCAST, nl_mac_zero, US_IP);
	EXPECT_DROP(nl_arp_parse(q, sizeof(q), &a), ARP_DROP_BAD_SENDER);
	/* And nl_arp_input counts what it drops. */
	setup();
	EXPECT_DROP(nl_arp_input(&arp, q, sizeof(q), 0, &act), ARP_DROP_BAD_SENDER);
	EXPECT_EQ(st.drop[ARP_DROP_BAD_SENDER], 1);
	return true;
}

/* A request for our address gets a correct reply and teaches us the sender. */
static bool test_arp_request_gets_reply(void)
{
	struct nl_eth e;
	struct nl_arp_pkt r;

	setup();
	EXPECT_DROP(feed(NL_ARP_OP_REQUEST, peer, PEER_IP, nl_mac_zero, US_IP, 1000), NL_OK);
	EXPECT(act.reply);
	EXPECT_EQ(act.nresolved, 0);
	EXPECT_DROP(nl_eth_parse(act.reply_frame, sizeof(act.reply_frame), &e), NL_OK);
	EXPECT(nl_mac_eq(e.dst, peer));
	EXPECT(nl_mac_eq(e.src, us));
	EXPECT_EQ(e.type, NL_ETHERTYPE_ARP);
	EXPECT_DROP(nl_arp_parse(e.payload, e.payload_len, &r), NL_OK);
	EXPECT_EQ(r.op, NL_ARP_OP_REPLY);
	EXPECT(nl_mac_eq(r.sha, us));
	EXPECT_EQ(r.spa, US_IP);
	EXPECT(nl_mac_eq(r.tha, peer));
	EXPECT_EQ(r.tpa, PEER_IP);
	EXPECT(cached(PEER_IP, peer, 1000));
	EXPECT_EQ(nl_stats_drops(&st), 0);
	return true;
}

/* Nobody else may claim our IP: request, reply or gratuitous; cache untouched. */
static bool test_arp_spoof_of_our_ip_rejected(void)
{
	setup();
	EXPECT_DROP(feed(NL_ARP_OP_REPLY, evil, US_IP, peer, PEER_IP, 0), ARP_DROP_SPOOF);
	EXPECT_DROP(feed(NL_ARP_OP_REQUEST, evil, US_IP, nl_mac_zero, PEER_IP, 0), ARP_DROP_SPOOF);
	EXPECT_DROP(feed(NL_ARP_OP_REQUEST, evil, US_IP, nl_mac_zero, US_IP, 0), ARP_DROP_SPOOF);
	EXPECT_DROP(feed(NL_ARP_OP_REPLY, evil, US_IP, us, US_IP, 0), ARP_DROP_SPOOF);
	EXPECT(!act.reply);
	EXPECT_EQ(nl_arp_cache_used(&arp), 0);
	EXPECT(!cached(US_IP, NULL, 0));
	EXPECT_EQ(st.drop[ARP_DROP_SPOOF], 4);
	return true;
}

static bool test_arp_own_packet_looped_back(void)
{
	setup();
	EXPECT_DROP(feed(NL_ARP_OP_REQUEST, us, US_IP, nl_mac_zero, PEER_IP, 0), ARP_DROP_LOOP);
	EXPECT_EQ(nl_arp_cache_used(&arp), 0);
	return true;
}

/* Traffic between other hosts creates no entry (only refreshes one). */
static bool test_arp_not_for_us_creates_nothing(void)
{
	setup();
	EXPECT_DROP(feed(NL_ARP_OP_REQUEST, peer, PEER_IP, nl_mac_zero, NL_IP4(10, 0, 0, 9), 0),
		    ARP_DROP_NOT_FOR_US);
	EXPECT(!act.reply);
	EXPECT_EQ(nl_arp_cache_used(&arp), 0);
	/* Once we know the peer, its packets to others refresh the entry. */
	feed(NL_ARP_OP_REQUEST, peer, PEER_IP, nl_mac_zero, US_IP, 0);
	EXPECT_DROP(feed(NL_ARP_OP_REQUEST, evil, PEER_IP, nl_mac_zero, NL_IP4(10, 0, 0, 9), 10),
		    ARP_DROP_NOT_FOR_US);
	EXPECT(cached(PEER_IP, evil, 10));
	return true;
}

static bool test_arp_unsolicited_reply_dropped(void)
{
	setup();
	EXPECT_DROP(feed(NL_ARP_OP_REPLY, peer, PEER_IP, us, US_IP, 0), ARP_DROP_UNSOLICITED);
	EXPECT_EQ(nl_arp_cache_used(&arp), 0);
	return true;
}

/* Gratuitous ARP: accepted, updates an existing entry, creates none. */
static bool test_arp_gratuitous_updates_existing_only(void)
{
	setup();
	EXPECT_DROP(feed(NL_ARP_OP_REQUEST, peer, PEER_IP, nl_mac_zero, PEER_IP, 0), NL_OK);
	EXPECT_EQ(nl_arp_cache_used(&arp), 0);
	feed(NL_ARP_OP_REQUEST, peer, PEER_IP, nl_mac_zero, US_IP, 0);
	EXPECT(cached(PEER_IP, peer, 0));
	/* The peer moved to a new NIC and announces it. */
	EXPECT_DROP(feed(NL_ARP_OP_REPLY, evil, PEER_IP, nl_mac_broadcast, PEER_IP, 5), NL_OK);
	EXPECT(cached(PEER_IP, evil, 5));
	EXPECT(!act.reply);
	return true;
}

/* RFC 5227 probe for our address: answered (we defend it), nothing learned. */
static bool test_arp_probe_answered_not_learned(void)
{
	struct nl_arp_pkt r;

	setup();
	EXPECT_DROP(feed(NL_ARP_OP_REQUEST, peer, 0, nl_mac_zero, US_IP, 0), NL_OK);
	EXPECT(act.reply);
	EXPECT_DROP(nl_arp_parse(act.reply_frame + 14, NL_ARP_LEN, &r), NL_OK);
	EXPECT_EQ(r.tpa, 0);
	EXPECT(nl_mac_eq(act.reply_frame, peer));
	EXPECT_EQ(nl_arp_cache_used(&arp), 0);
	return true;
}

/* Outgoing packets wait for the reply and come back in order. */
static bool test_arp_resolve_queues_until_reply(void)
{
	struct nl_arp_result res;
	struct nl_arp_pkt q;
	uint8_t f[64];

	setup();
	nl_arp_resolve(&arp, PEER_IP, 101, 0, &res);
	EXPECT(res.queued && res.send_request && !res.found);
	EXPECT_DROP(res.drop, NL_OK);
	nl_arp_resolve(&arp, PEER_IP, 102, 1, &res);
	EXPECT(res.queued && !res.send_request);
	EXPECT_EQ(arp.npending, 2);
	EXPECT_EQ(nl_arp_request_frame(&arp, PEER_IP, f, sizeof(f)), 60);
	EXPECT(nl_mac_is_broadcast(f));
	EXPECT_DROP(nl_arp_parse(f + 14, 46, &q), NL_OK);
	EXPECT_EQ(q.op, NL_ARP_OP_REQUEST);
	EXPECT_EQ(q.tpa, PEER_IP);
	EXPECT_EQ(q.spa, US_IP);
	EXPECT(nl_mac_is_zero(q.tha));

	EXPECT_DROP(feed(NL_ARP_OP_REPLY, peer, PEER_IP, us, US_IP, 50), NL_OK);
	EXPECT(!act.reply);
	EXPECT_EQ(act.nresolved, 2);
	EXPECT_EQ(act.resolved[0], 101);
	EXPECT_EQ(act.resolved[1], 102);
	EXPECT_EQ(act.resolved_ip, PEER_IP);
	EXPECT(nl_mac_eq(act.resolved_mac, peer));
	EXPECT_EQ(arp.npending, 0);
	nl_arp_resolve(&arp, PEER_IP, 103, 60, &res);
	EXPECT(res.found && !res.queued && nl_mac_eq(res.mac, peer));
	return true;
}

static bool test_arp_cache_entry_expires(void)
{
	struct nl_arp_tick t;

	setup();
	feed(NL_ARP_OP_REQUEST, peer, PEER_IP, nl_mac_zero, US_IP, 1000);
	EXPECT(cached(PEER_IP, peer, 1000 + NL_ARP_DEFAULT_TTL_MS - 1));
	EXPECT(!cached(PEER_IP, peer, 1000 + NL_ARP_DEFAULT_TTL_MS));
	EXPECT_EQ(nl_arp_cache_used(&arp), 0);
	/* The timer lapses entries nobody looks up, too. */
	feed(NL_ARP_OP_REQUEST, peer, PEER_IP, nl_mac_zero, US_IP, 5000);
	nl_arp_tick(&arp, 4999 + NL_ARP_DEFAULT_TTL_MS, &t);
	EXPECT_EQ(nl_arp_cache_used(&arp), 1);
	nl_arp_tick(&arp, 5000 + NL_ARP_DEFAULT_TTL_MS, &t);
	EXPECT_EQ(nl_arp_cache_used(&arp), 0);
	EXPECT_EQ(t.nfreed + t.nrequest, 0);
	return true;
}

/* The pending queue is bounded in total and per address; refusals are counted. */
static bool test_arp_pending_queue_bounded(void)
{
	struct nl_arp_result res;
	unsigned queued = 0;

	setup();
	for (unsigned i = 0; i < NL_ARP_PENDING_PER_IP + 3; i++) {
		nl_arp_resolve(&arp, PEER_IP, i, 0, &res);
		queued += res.queued;
	}
	EXPECT_EQ(queued, NL_ARP_PENDING_PER_IP);
	EXPECT_DROP(res.drop, ARP_DROP_PENDING_FULL);
	EXPECT_EQ(st.drop[ARP_DROP_PENDING_FULL], 3);
	for (uint32_t ip = 100; ip < 200; ip++) {
		nl_arp_resolve(&arp, NL_IP4(10, 0, 1, ip), ip, 0, &res);
		queued += res.queued;
		EXPECT(arp.npending <= NL_ARP_PENDING_MAX);
	}
	EXPECT_EQ(queued, NL_ARP_PENDING_MAX);
	EXPECT_EQ(arp.npending, NL_ARP_PENDING_MAX);
	EXPECT_EQ(st.drop[ARP_DROP_PENDING_FULL],
		  3 + 100 - (NL_ARP_PENDING_MAX - NL_ARP_PENDING_PER_IP));
	return true;
}

/* No reply: requests are retried, then the packets come back for freeing. */
static bool test_arp_unresolved_after_retries(void)
{
	struct nl_arp_result res;
	struct nl_arp_tick t;

	setup();
	nl_arp_resolve(&arp, PEER_IP, 7, 0, &res);
	nl_arp_resolve(&arp, PEER_IP, 8, 10, &res);
	nl_arp_tick(&arp, 999, &t);
	EXPECT_EQ(t.nrequest, 0);
	nl_arp_tick(&arp, 1000, &t);
	EXPECT_EQ(t.nrequest, 1);
	EXPECT_EQ(t.request_ip[0], PEER_IP);
	nl_arp_tick(&arp, 2000, &t);
	EXPECT_EQ(t.nrequest, 1);
	EXPECT_EQ(t.nfreed, 0);
	nl_arp_tick(&arp, 3000, &t);
	EXPECT_EQ(t.nrequest, 0);
	EXPECT_EQ(t.nfreed, 2);
	EXPECT_EQ(t.freed[0].handle, 7);
	EXPECT_EQ(t.freed[1].handle, 8);
	EXPECT_DROP(t.freed[0].why, ARP_DROP_UNRESOLVED);
	EXPECT_EQ(st.drop[ARP_DROP_UNRESOLVED], 2);
	EXPECT_EQ(arp.npending, 0);
	EXPECT_EQ(nl_arp_cache_used(&arp), 0);
	return true;
}

/* A full cache replaces the least recently used entry. */
static bool test_arp_lru_replacement(void)
{
	uint8_t mac[6] = {0x02, 0, 0, 0, 0, 0};

	setup();
	for (unsigned i = 0; i < NL_ARP_CACHE_SIZE; i++) {
		mac[5] = (uint8_t)(i + 10);
		feed(NL_ARP_OP_REQUEST, mac, NL_IP4(10, 0, 2, i + 10), nl_mac_zero, US_IP, i);
	}
	EXPECT_EQ(nl_arp_cache_used(&arp), NL_ARP_CACHE_SIZE);
	/* Use the oldest; now the second oldest is least recently used. */
	EXPECT(cached(NL_IP4(10, 0, 2, 10), NULL, 100));
	mac[5] = 200;
	feed(NL_ARP_OP_REQUEST, mac, NL_IP4(10, 0, 2, 200), nl_mac_zero, US_IP, 101);
	EXPECT_EQ(nl_arp_cache_used(&arp), NL_ARP_CACHE_SIZE);
	EXPECT(cached(NL_IP4(10, 0, 2, 200), mac, 102));
	EXPECT(cached(NL_IP4(10, 0, 2, 10), NULL, 102));
	EXPECT(!cached(NL_IP4(10, 0, 2, 11), NULL, 102));
	EXPECT(cached(NL_IP4(10, 0, 2, 12), NULL, 102));
	return true;
}

/* With every entry waiting on a reply, a new address cannot get one. */
static bool test_arp_cache_full_of_waiting_entries(void)
{
	struct nl_arp_result res;

	setup();
	/* The queue (16) runs out before the cache (32): fill the cache by hand. */
	for (unsigned i = 0; i < NL_ARP_CACHE_SIZE; i++) {
		arp.cache[i].state = NL_ARP_INCOMPLETE;
		arp.cache[i].ip = NL_IP4(10, 0, 3, i);
		arp.cache[i].expires_ms = 1000;
	}
	nl_arp_resolve(&arp, PEER_IP, 1, 0, &res);
	EXPECT_DROP(res.drop, ARP_DROP_CACHE_FULL);
	EXPECT(!res.queued);
	/* A request to us is still answered, just not cached. */
	EXPECT_DROP(feed(NL_ARP_OP_REQUEST, peer, PEER_IP, nl_mac_zero, US_IP, 0), NL_OK);
	EXPECT(act.reply);
	EXPECT_EQ(st.drop[ARP_DROP_CACHE_FULL], 2);
	return true;
}

static bool test_arp_drain_returns_everything(void)
{
	struct nl_arp_result res;
	struct nl_arp_freed out[NL_ARP_PENDING_MAX];

	setup();
	nl_arp_resolve(&arp, PEER_IP, 1, 0, &res);
	nl_arp_resolve(&arp, NL_IP4(10, 0, 0, 3), 2, 0, &res);
	EXPECT_EQ(nl_arp_drain(&arp, out), 2);
	EXPECT_EQ(out[0].handle + out[1].handle, 3);
	EXPECT_EQ(arp.npending, 0);
	EXPECT_EQ(nl_arp_cache_used(&arp), 0);
	return true;
}

static bool test_arp_announce_frame(void)
{
	uint8_t f[60];
	struct nl_arp_pkt a;

	setup();
	EXPECT_EQ(nl_arp_announce_frame(&arp, f, sizeof(f)), 60);
	EXPECT_DROP(nl_arp_parse(f + 14, 46, &a), NL_OK);
	EXPECT_EQ(a.spa, US_IP);
	EXPECT_EQ(a.tpa, US_IP);
	EXPECT_EQ(nl_arp_announce_frame(&arp, f, 59), 0);
	return true;
}

void run_arp_tests(void)
{
	RUN(test_arp_parse_valid);
	RUN(test_arp_drop_malformed);
	RUN(test_arp_request_gets_reply);
	RUN(test_arp_spoof_of_our_ip_rejected);
	RUN(test_arp_own_packet_looped_back);
	RUN(test_arp_not_for_us_creates_nothing);
	RUN(test_arp_unsolicited_reply_dropped);
	RUN(test_arp_gratuitous_updates_existing_only);
	RUN(test_arp_probe_answered_not_learned);
	RUN(test_arp_resolve_queues_until_reply);
	RUN(test_arp_cache_entry_expires);
	RUN(test_arp_pending_queue_bounded);
	RUN(test_arp_unresolved_after_retries);
	RUN(test_arp_lru_replacement);
	RUN(test_arp_cache_full_of_waiting_entries);
	RUN(test_arp_drain_returns_everything);
	RUN(test_arp_announce_frame);
}
