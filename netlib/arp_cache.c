/*
 * ARP resolver of one interface: cache with expiry and LRU replacement, and
 * the bounded queue of packets waiting for an address. Policy is described
 * in arp.h; every drop this file reports is counted in a->st here.
 */
#include "arp.h"

void nl_arp_init(struct nl_arp *a, const uint8_t *mac, uint32_t ip, struct nl_stats *st)
{
	memset(a, 0, sizeof(*a));
	nl_mac_copy(a->mac, mac);
	a->ip = ip;
	a->ttl_ms = NL_ARP_DEFAULT_TTL_MS;
	a->retry_ms = NL_ARP_DEFAULT_RETRY_MS;
	a->max_tries = NL_ARP_DEFAULT_TRIES;
	a->st = st;
}

static enum nl_drop count(struct nl_arp *a, enum nl_drop why)
{
	nl_stats_drop(a->st, why);
	return why;
}

/* Live entry for ip (lapsed REACHABLE entries are freed on the way). */
static struct nl_arp_entry *find(struct nl_arp *a, uint32_t ip, uint64_t now_ms)
{
	for (unsigned i = 0; i < NL_ARP_CACHE_SIZE; i++) {
		struct nl_arp_entry *e = &a->cache[i];

		if (e->state == NL_ARP_FREE || e->ip != ip)
			continue;
		if (e->state == NL_ARP_REACHABLE && now_ms >= e->expires_ms) {
			e->state = NL_ARP_FREE;
			return NULL;
		}
		return e;
	}
	return NULL;
}

/*
 * A free entry, else the least recently used REACHABLE one. INCOMPLETE
 * entries are never taken: packets wait on them. NULL if all are waiting.
 */
static struct nl_arp_entry *alloc_entry(struct nl_arp *a)
{
	struct nl_arp_entry *lru = NULL;

	for (unsigned i = 0; i < NL_ARP_CACHE_SIZE; i++) {
		struct nl_arp_entry *e = &a->cache[i];

		if (e->state == NL_ARP_FREE)
			return e;
		if (e->state == NL_ARP_REACHABLE && (!lru || e->used_ms < lru->used_ms))
			lru = e;
	}
	return lru;
}

/*
 * Moves the handles queued for ip, in FIFO order, into out (if not NULL)
 * and closes the gap. Returns how many.
 */
static unsigned take_pending(struct nl_arp *a, uint32_t ip, uint64_t *out)
{
	unsigned n = 0, kept = 0;

	for (unsigned i = 0; i < a->npending; i++) {
		if (a->pending[i].ip == ip) {
			if (out)
				out[n] = a->pending[i].handle;
			n++;
		} else {
			a->pending[kept++] = a->pending[i];
		}
	}
	a->npending = kept;
	return n;
}

/* Makes e a live entry for mac; hands back what waited on it. */
static void learn(struct nl_arp *a, struct nl_arp_entry *e, const uint8_t *mac, uint64_t now_ms,
		  struct nl_arp_action *act)
{
	bool was_waiting = e->state == NL_ARP_INCOMPLETE;

	nl_mac_copy(e->mac, mac);
	e->state = NL_ARP_REACHABLE;
	e->tries = 0;
	e->expires_ms = now_ms + a->ttl_ms;
	e->used_ms = now_ms;
	if (was_waiting) {
		act->resolved_ip = e->ip;
		nl_mac_copy(act->resolved_mac, mac);
		act->nresolved = take_pending(a, e->ip, act->resolved);
	}
}

enum nl_drop nl_arp_input(struct nl_arp *a, const uint8_t *p, size_t len, uint64_t now_ms,
			  struct nl_arp_action *act)
{
	struct nl_arp_pkt pkt;
	struct nl_arp_entry *e = NULL;
	enum nl_drop why;

	act->reply = false;
	act->nresolved = 0;
	why = nl_arp_parse(p, len, &pkt);
	if (why != NL_OK)
		return count(a, why);
	/* Our own broadcast reflected by a switch or a loop. */
	if (nl_mac_eq(pkt.sha, a->mac))
		return count(a, ARP_DROP_LOOP);
	/* Nobody else may speak for our address, not even to update a cache. */
	if (a->ip != 0 && pkt.spa == a->ip)
		return count(a, ARP_DROP_SPOOF);

	/* RFC 826 merge: refresh what we already know about the sender. */
	if (pkt.spa != 0) {
		e = find(a, pkt.spa, now_ms);
		if (e)
			learn(a, e, pkt.sha, now_ms, act);
	}

	if (a->ip == 0 || pkt.tpa != a->ip) {
		/* Gratuitous ARP: fully handled by the merge above. */
		if (pkt.spa != 0 && pkt.spa == pkt.tpa)
			return NL_OK;
		return count(a, ARP_DROP_NOT_FOR_US);
	}

	if (!e && pkt.spa != 0) {
		if (pkt.op == NL_ARP_OP_REPLY)
			return count(a, ARP_DROP_UNSOLICITED);
		/* A request to us: we will talk to the sender, remember it. */
		e = alloc_entry(a);
		if (e) {
			e->ip = pkt.spa;
			learn(a, e, pkt.sha, now_ms, act);
		} else {
			/* Still answer; only the caching is lost. */
			nl_stats_drop(a->st, ARP_DROP_CACHE_FULL);
		}
	}

	if (pkt.op == NL_ARP_OP_REQUEST) {
		struct nl_arp_pkt r = {
			.op = NL_ARP_OP_REPLY,
			.spa = a->ip,
			.tpa = pkt.spa,
		};

		nl_mac_copy(r.sha, a->mac);
		nl_mac_copy(r.tha, pkt.sha);
		nl_arp_build_frame(act->reply_frame, sizeof(act->reply_frame), pkt.sha, &r);
		act->reply = true;
	}
	return NL_OK;
}

bool nl_arp_lookup(struct nl_arp *a, uint32_t ip, uint64_t now_ms, uint8_t *mac)
{
	struct nl_arp_entry *e = find(a, ip, now_ms);

	if (!e || e->state != NL_ARP_REACHABLE)
		return false;
	e->used_ms = now_ms;
	nl_mac_copy(mac, e->mac);
	return true;
}

void nl_arp_resolve(struct nl_arp *a, uint32_t ip, uint64_t handle, uint64_t now_ms,
		    struct nl_arp_result *res)
{
	struct nl_arp_entry *e;
	unsigned for_ip = 0;

	memset(res, 0, sizeof(*res));
	if (nl_arp_lookup(a, ip, now_ms, res->mac)) {
		res->found = true;
		return;
	}
	for (unsigned i = 0; i < a->npending; i++)
		for_ip += a->pending[i].ip == ip;
	/* Refuse the new packet rather than drop an older one: simplest bound. */
	if (a->npending >= NL_ARP_PENDING_MAX || for_ip >= NL_ARP_PENDING_PER_IP) {
		res->drop = count(a, ARP_DROP_PENDING_FULL);
		return;
	}
	e = find(a, ip, now_ms);
	if (!e) {
		e = alloc_entry(a);
		if (!e) {
			res->drop = count(a, ARP_DROP_CACHE_FULL);
			return;
		}
		e->ip = ip;
		e->state = NL_ARP_INCOMPLETE;
		e->tries = 1;
		e->expires_ms = now_ms + a->retry_ms;
		e->used_ms = now_ms;
		res->send_request = true;
	}
	a->pending[a->npending].handle = handle;
	a->pending[a->npending].ip = ip;
	a->npending++;
	res->queued = true;
}

void nl_arp_tick(struct nl_arp *a, uint64_t now_ms, struct nl_arp_tick *out)
{
	out->nrequest = 0;
	out->nfreed = 0;
	for (unsigned i = 0; i < NL_ARP_CACHE_SIZE; i++) {
		struct nl_arp_entry *e = &a->cache[i];
		uint64_t gone[NL_ARP_PENDING_MAX];
		unsigned n;

		if (e->state == NL_ARP_FREE || now_ms < e->expires_ms)
			continue;
		if (e->state == NL_ARP_REACHABLE) {
			e->state = NL_ARP_FREE;
			continue;
		}
		if (e->tries < a->max_tries) {
			e->tries++;
			e->expires_ms = now_ms + a->retry_ms;
			out->request_ip[out->nrequest++] = e->ip;
			continue;
		}
		n = take_pending(a, e->ip, gone);
		for (unsigned j = 0; j < n; j++) {
			out->freed[out->nfreed].handle = gone[j];
			out->freed[out->nfreed].why = count(a, ARP_DROP_UNRESOLVED);
			out->nfreed++;
		}
		e->state = NL_ARP_FREE;
	}
}

unsigned nl_arp_drain(struct nl_arp *a, struct nl_arp_freed *out)
{
	unsigned n = a->npending;

	for (unsigned i = 0; i < n; i++) {
		out[i].handle = a->pending[i].handle;
		out[i].why = count(a, ARP_DROP_UNRESOLVED);
	}
	a->npending = 0;
	for (unsigned i = 0; i < NL_ARP_CACHE_SIZE; i++)
		if (a->cache[i].state == NL_ARP_INCOMPLETE)
			a->cache[i].state = NL_ARP_FREE;
	return n;
}

size_t nl_arp_request_frame(const struct nl_arp *a, uint32_t ip, uint8_t *frame, size_t cap)
{
	struct nl_arp_pkt r = {
		.op = NL_ARP_OP_REQUEST,
		.spa = a->ip,
		.tpa = ip,
	};

	nl_mac_copy(r.sha, a->mac);
	nl_mac_copy(r.tha, nl_mac_zero);
	return nl_arp_build_frame(frame, cap, nl_mac_broadcast, &r);
}

size_t nl_arp_announce_frame(const struct nl_arp *a, uint8_t *frame, size_t cap)
{
	return nl_arp_request_frame(a, a->ip, frame, cap);
}

unsigned nl_arp_cache_used(const struct nl_arp *a)
{
	unsigned n = 0;

	for (unsigned i = 0; i < NL_ARP_CACHE_SIZE; i++)
		n += a->cache[i].state != NL_ARP_FREE;
	return n;
}
