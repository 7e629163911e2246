/*
 * Fuzzes ARP: the packet parser and the resolver state machine, driven by
 * a script carved from the input. Each op is one byte (low 3 bits):
 *   0  raw packet: 1 length byte, then that many bytes (max 60)
 *   1  crafted packet: op, sender MAC, sender IP, target IP picked from
 *      small sets by 3 bytes, so spoofs, probes and replies come often
 *   2  resolve: 1 byte picks the address, a fresh handle is queued
 *   3  tick          4  advance the clock by (byte * 64) ms
 *   5  lookup        6  drain
 * Invariants: bounded queue, every pending packet has a waiting entry, our
 * address is never cached, no address is cached twice, replies re-parse,
 * and every handle comes back exactly once (resolved, refused or freed).
 */
#include "arp.h"
#include "fuzz.h"

#define US_IP NL_IP4(10, 0, 0, 1)
#define MAX_HANDLES 4096

static const uint8_t us[6] = {0x02, 0, 0, 0, 0, 1};

enum { H_NONE, H_PENDING, H_DONE };
static uint8_t hstate[MAX_HANDLES];

static uint32_t pick_ip(uint8_t b)
{
	switch (b & 7) {
	case 0:
		return US_IP;
	case 1:
		return 0;
	case 2:
		return NL_IP4_BROADCAST;
	case 3:
		return NL_IP4(224, 0, 0, 1);
	default:
		/* A handful of neighbours, so entries get reused and evicted. */
		return NL_IP4(10, 0, 0, 2 + (b >> 3));
	}
}

static void pick_mac(uint8_t b, uint8_t *mac)
{
	static const uint8_t base[6] = {0x52, 0x54, 0, 0, 0, 0};

	memcpy(mac, base, 6);
	mac[5] = b >> 2;
	if ((b & 3) == 0)
		memcpy(mac, us, 6);
	else if ((b & 3) == 1 && (b & 4))
		memset(mac, 0xff, 6);
}

static void returned(uint64_t h)
{
	FUZZ_CHECK(h < MAX_HANDLES && hstate[h] == H_PENDING);
	hstate[h] = H_DONE;
}

static void check_state(const struct nl_arp *a)
{
	FUZZ_CHECK(a->npending <= NL_ARP_PENDING_MAX);
	for (unsigned i = 0; i < a->npending; i++) {
		unsigned same = 0, waiting = 0;

		for (unsigned j = 0; j < a->npending; j++)
			same += a->pending[j].ip == a->pending[i].ip;
		FUZZ_CHECK(same <= NL_ARP_PENDING_PER_IP);
		for (unsigned j = 0; j < NL_ARP_CACHE_SIZE; j++)
			waiting += a->cache[j].state == NL_ARP_INCOMPLETE &&
				   a->cache[j].ip == a->pending[i].ip;
		FUZZ_CHECK(waiting == 1);
		FUZZ_CHECK(hstate[a->pending[i].handle] == H_PENDING);
	}
	for (unsigned i = 0; i < NL_ARP_CACHE_SIZE; i++) {
		const struct nl_arp_entry *e = &a->cache[i];

		if (e->state == NL_ARP_FREE)
			continue;
		FUZZ_CHECK(e->state == NL_ARP_INCOMPLETE || e->state == NL_ARP_REACHABLE);
		FUZZ_CHECK(!(e->state == NL_ARP_REACHABLE && e->ip == US_IP));
		FUZZ_CHECK(e->state != NL_ARP_REACHABLE || nl_mac_is_unicast(e->mac));
		FUZZ_CHECK(e->state != NL_ARP_REACHABLE || !nl_mac_eq(e->mac, us));
		for (unsigned j = i + 1; j < NL_ARP_CACHE_SIZE; j++)
			FUZZ_CHECK(a->cache[j].state == NL_ARP_FREE || a->cache[j].ip != e->ip);
	}
}

static void check_action(const struct nl_arp_action *act)
{
	struct nl_eth e;
	struct nl_arp_pkt r;

	for (unsigned i = 0; i < act->nresolved; i++)
		returned(act->resolved[i]);
	FUZZ_CHECK(act->nresolved == 0 || nl_mac_is_unicast(act->resolved_mac));
	if (!act->reply)
		return;
	FUZZ_CHECK(nl_eth_parse(act->reply_frame, NL_ARP_FRAME_LEN, &e) == NL_OK);
	FUZZ_CHECK(e.type == NL_ETHERTYPE_ARP && nl_mac_eq(e.src, us));
	FUZZ_CHECK(nl_arp_parse(e.payload, e.payload_len, &r) == NL_OK);
	FUZZ_CHECK(r.op == NL_ARP_OP_REPLY && r.spa == US_IP && nl_mac_eq(r.sha, us));
	FUZZ_CHECK(nl_mac_eq(r.tha, e.dst));
}

int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n)
{
	static struct nl_arp a;
	struct nl_stats st;
	struct nl_arp_action act;
	struct nl_arp_tick t;
	struct nl_arp_result res;
	struct nl_arp_freed fr[NL_ARP_PENDING_MAX];
	struct fz f = {d, n};
	uint64_t now = 0, next = 0;
	struct nl_arp_pkt pkt;
	uint8_t p[64], mac[6];
	size_t len;
	const uint8_t *raw;
	unsigned k;

	memset(hstate, 0, sizeof(hstate));
	nl_stats_init(&st);
	nl_arp_init(&a, us, US_IP, &st);
	/* Every input is also tried as a bare packet. */
	if (nl_arp_parse(d, n, &pkt) == NL_OK)
		FUZZ_CHECK(nl_arp_build(p, sizeof(p), &pkt) == NL_ARP_LEN &&
			   memcmp(p, d, NL_ARP_LEN) == 0);

	while (fz_more(&f) && next < MAX_HANDLES) {
		switch (fz_u8(&f) & 7) {
		case 0:
			raw = fz_bytes(&f, fz_u8(&f) % 61, &len);
			nl_arp_input(&a, raw, len, now, &act);
			check_action(&act);
			break;
		case 1:
			pkt.op = (fz_u8(&f) & 1) ? NL_ARP_OP_REPLY : NL_ARP_OP_REQUEST;
			pick_mac(fz_u8(&f), pkt.sha);
			pkt.spa = pick_ip(fz_u8(&f));
			pkt.tpa = pick_ip(fz_u8(&f));
			memset(pkt.tha, 0, 6);
			nl_arp_build(p, sizeof(p), &pkt);
			nl_arp_input(&a, p, NL_ARP_LEN, now, &act);
			check_action(&act);
			break;
		case 2:
			hstate[next] = H_PENDING;
			nl_arp_resolve(&a, pick_ip(fz_u8(&f)), next, now, &res);
			FUZZ_CHECK(res.found + res.queued + (res.drop != NL_OK) == 1);
			FUZZ_CHECK(!res.send_request || res.queued);
			if (!res.queued)
				returned(next);
			next++;
			break;
		case 3:
			nl_arp_tick(&a, now, &t);
			FUZZ_CHECK(t.nrequest <= NL_ARP_CACHE_SIZE &&
				   t.nfreed <= NL_ARP_PENDING_MAX);
			for (unsigned i = 0; i < t.nfreed; i++) {
				FUZZ_CHECK(t.freed[i].why == ARP_DROP_UNRESOLVED);
				returned(t.freed[i].handle);
			}
			break;
		case 4:
			now += (uint64_t)fz_u8(&f) * 64;
			break;
		case 5:
			if (nl_arp_lookup(&a, pick_ip(fz_u8(&f)), now, mac))
				FUZZ_CHECK(nl_mac_is_unicast(mac));
			break;
		case 6:
			k = nl_arp_drain(&a, fr);
			for (unsigned i = 0; i < k; i++)
				returned(fr[i].handle);
			break;
		default:
			break;
		}
		check_state(&a);
	}
	/* Whatever is still queued comes back on drain: nothing leaks. */
	k = nl_arp_drain(&a, fr);
	for (unsigned i = 0; i < k; i++)
		returned(fr[i].handle);
	for (uint64_t h = 0; h < next; h++)
		FUZZ_CHECK(hstate[h] == H_DONE);
	FUZZ_CHECK(a.npending == 0);
	return 0;
}
