/*
 * IPv4 reassembly over a fixed pool of slots. Rules and limits are listed
 * in ipv4.h; the short version: any overlap kills the datagram, nothing
 * reaches past 65535 bytes, and nothing outlives the timeout.
 *
 * A slot's payload buffer is preceded by NL_IP_HLEN_MAX bytes of room, where
 * the first fragment's header is placed so the finished datagram is one
 * contiguous run of bytes.
 */
#include "ipv4.h"
#include "csum.h"

void nl_ip_reasm_init(struct nl_ip_reasm *r, struct nl_ip_reasm_slot *slots, unsigned nslots,
		      uint32_t timeout_ms, struct nl_stats *st)
{
	memset(r, 0, sizeof(*r));
	r->slots = slots;
	r->nslots = nslots;
	r->timeout_ms = timeout_ms ? timeout_ms : NL_IP_REASM_DEFAULT_TIMEOUT_MS;
	r->linger_ms = r->timeout_ms;
	r->st = st;
	/* Only the flag: clearing 66 KiB buffers nobody reads would be waste. */
	for (unsigned i = 0; i < nslots; i++)
		slots[i].used = slots[i].lent = false;
}

void nl_ip_reasm_lend(struct nl_ip_reasm *r, const struct nl_ip_dgram *d)
{
	if (d->data && d->slot < r->nslots)
		r->slots[d->slot].lent = true;
}

void nl_ip_reasm_return(struct nl_ip_reasm *r, unsigned slot)
{
	if (slot < r->nslots)
		r->slots[slot].lent = false;
}

unsigned nl_ip_reasm_lent(const struct nl_ip_reasm *r)
{
	unsigned n = 0;

	for (unsigned i = 0; i < r->nslots; i++)
		n += r->slots[i].lent;
	return n;
}

static bool key_eq(const struct nl_ip_key *a, const struct nl_ip_key *b)
{
	return a->src == b->src && a->dst == b->dst && a->id == b->id && a->proto == b->proto;
}

/* A clock that went backwards counts as expired: freeing is the safe side. */
static bool expired(uint64_t start, uint32_t span, uint64_t now_ms)
{
	return now_ms < start || now_ms - start >= span;
}

static void remember(struct nl_ip_reasm *r, const struct nl_ip_key *key, uint64_t now_ms,
		     enum nl_drop why)
{
	struct nl_ip_recent *rc = &r->recent[r->recent_next];

	rc->key = *key;
	rc->until_ms = now_ms + r->linger_ms;
	rc->why = why;
	r->recent_next = (r->recent_next + 1) % NL_IP_REASM_RECENT;
}

static const struct nl_ip_recent *recent_find(const struct nl_ip_reasm *r,
					      const struct nl_ip_key *key, uint64_t now_ms)
{
	for (unsigned i = 0; i < NL_IP_REASM_RECENT; i++) {
		const struct nl_ip_recent *rc = &r->recent[i];

		if (rc->why != NL_OK && now_ms < rc->until_ms && key_eq(&rc->key, key))
			return rc;
	}
	return NULL;
}

/* Releases a slot; why (if not NL_OK) is counted and remembered for the key. */
static void release(struct nl_ip_reasm *r, struct nl_ip_reasm_slot *s, uint64_t now_ms,
		    enum nl_drop why)
{
	s->used = false;
	r->in_use--;
	r->bytes_held -= s->received;
	nl_stats_drop(r->st, why);
	remember(r, &s->key, now_ms, why == NL_OK ? IP_DROP_FRAG_LATE : why);
}

unsigned nl_ip_reasm_tick(struct nl_ip_reasm *r, uint64_t now_ms)
{
	unsigned n = 0;

	for (unsigned i = 0; i < r->nslots; i++) {
		struct nl_ip_reasm_slot *s = &r->slots[i];

		if (s->used && expired(s->created_ms, r->timeout_ms, now_ms)) {
			release(r, s, now_ms, IP_DROP_FRAG_TIMEOUT);
			n++;
		}
	}
	return n;
}

/* The slot for key: existing, free, or the oldest one evicted. */
static struct nl_ip_reasm_slot *get_slot(struct nl_ip_reasm *r, const struct nl_ip_key *key,
					 uint64_t now_ms)
{
	struct nl_ip_reasm_slot *free_slot = NULL, *oldest = NULL, *s;

	for (unsigned i = 0; i < r->nslots; i++) {
		s = &r->slots[i];
		if (s->lent)
			continue; /* its datagram is still being read: neither free nor evictable */
		if (!s->used) {
			if (!free_slot)
				free_slot = s;
			continue;
		}
		if (key_eq(&s->key, key))
			return s;
		if (!oldest || s->created_ms < oldest->created_ms)
			oldest = s;
	}
	s = free_slot;
	if (!s) {
		if (!oldest)
			return NULL; /* nslots == 0, or every slot lent */
		release(r, oldest, now_ms, IP_DROP_FRAG_EVICTED);
		s = oldest;
	}
	s->used = true;
	s->key = *key;
	s->created_ms = now_ms;
	s->end = 0;
	s->hi = 0;
	s->received = 0;
	s->hlen = 0;
	memset(s->map, 0, sizeof(s->map));
	r->in_use++;
	return s;
}

/*
 * Bits set in a byte. Spelled out: __builtin_popcount may become a libgcc
 * call, which a server does not link.
 */
static unsigned popcount8(uint8_t v)
{
	v = (uint8_t)(v - ((v >> 1) & 0x55));
	v = (uint8_t)((v & 0x33) + ((v >> 2) & 0x33));
	return (v + (v >> 4)) & 0x0f;
}

/* Number of set bits among blocks [first, last). */
static size_t blocks_set(const uint8_t *map, size_t first, size_t last)
{
	size_t n = 0;

	for (size_t b = first; b < last; b++) {
		/* Whole bytes at a time where the range allows. */
		if ((b & 7) == 0 && b + 8 <= last) {
			n += popcount8(map[b / 8]);
			b += 7;
			continue;
		}
		n += (map[b / 8] >> (b & 7)) & 1;
	}
	return n;
}

static void blocks_mark(uint8_t *map, size_t first, size_t last)
{
	for (size_t b = first; b < last; b++) {
		if ((b & 7) == 0 && b + 8 <= last) {
			map[b / 8] = 0xff;
			b += 7;
			continue;
		}
		map[b / 8] |= (uint8_t)(1u << (b & 7));
	}
}

static enum nl_reasm_res dropped(struct nl_ip_reasm *r, struct nl_ip_dgram *out, enum nl_drop why)
{
	nl_stats_drop(r->st, why);
	out->why = why;
	return NL_REASM_DROPPED;
}

/* Drops the datagram in s because of the current fragment, counted once. */
static enum nl_reasm_res kill(struct nl_ip_reasm *r, struct nl_ip_reasm_slot *s, uint64_t now_ms,
			      struct nl_ip_dgram *out, enum nl_drop why)
{
	release(r, s, now_ms, why);
	out->why = why;
	return NL_REASM_DROPPED;
}

/* Fixes up the stored first header for the whole datagram and hands it out. */
static enum nl_reasm_res finish(struct nl_ip_reasm *r, struct nl_ip_reasm_slot *s, uint64_t now_ms,
				struct nl_ip_dgram *out)
{
	uint8_t *hdr = s->buf + NL_IP_HLEN_MAX - s->hlen;

	nl_put16(hdr + 2, (uint16_t)(s->hlen + s->end));
	/* Clear MF and the offset; DF is kept as the sender set it. */
	nl_put16(hdr + 6, nl_get16(hdr + 6) & NL_IP_FLAG_DF);
	nl_put16(hdr + 10, 0);
	nl_put16(hdr + 10, nl_csum(hdr, s->hlen));
	out->data = hdr;
	out->len = (size_t)s->hlen + s->end;
	out->slot = (unsigned)(s - r->slots);
	release(r, s, now_ms, NL_OK);
	return NL_REASM_DONE;
}

enum nl_reasm_res nl_ip_reasm_input(struct nl_ip_reasm *r, const struct nl_ip_hdr *h,
				    uint64_t now_ms, struct nl_ip_dgram *out)
{
	struct nl_ip_key key = {h->src, h->dst, h->id, h->proto};
	const struct nl_ip_recent *rc;
	struct nl_ip_reasm_slot *s;
	size_t off = h->frag_off, len = h->payload_len, end = off + len;
	size_t first, last, set, hlen;
	uint8_t *dst;

	out->data = NULL;
	out->len = 0;
	out->why = NL_OK;
	out->slot = 0;
	nl_ip_reasm_tick(r, now_ms);

	/* Cheap per-fragment checks first: these drop only this fragment. */
	if (len == 0 || (h->mf && (len & 7)))
		return dropped(r, out, IP_DROP_FRAG_BAD);
	rc = recent_find(r, &key, now_ms);
	if (rc)
		return dropped(r, out, rc->why);
	/* Even with the smallest header this cannot fit in 65535 bytes. */
	if (end > NL_IP_REASM_PAYLOAD_MAX) {
		s = NULL;
		for (unsigned i = 0; i < r->nslots && !s; i++)
			if (r->slots[i].used && key_eq(&r->slots[i].key, &key))
				s = &r->slots[i];
		if (s)
			return kill(r, s, now_ms, out, IP_DROP_FRAG_OVERLONG);
		remember(r, &key, now_ms, IP_DROP_FRAG_OVERLONG);
		return dropped(r, out, IP_DROP_FRAG_OVERLONG);
	}

	s = get_slot(r, &key, now_ms);
	if (!s)
		return dropped(r, out, IP_DROP_FRAG_EVICTED);

	/* The last fragment fixes the end; everyone must agree with it. */
	if (s->end && (end > s->end || (!h->mf && end != s->end)))
		return kill(r, s, now_ms, out, IP_DROP_FRAG_OVERLAP);
	if (!h->mf && s->hi > end)
		return kill(r, s, now_ms, out, IP_DROP_FRAG_OVERLAP);
	/* With the real header length (options) it may no longer fit. */
	hlen = off == 0 ? h->hlen : (s->hlen ? s->hlen : NL_IP_HLEN);
	if (hlen + (end > s->hi ? end : s->hi) > NL_IP_MAX)
		return kill(r, s, now_ms, out, IP_DROP_FRAG_OVERLONG);

	dst = s->buf + NL_IP_HLEN_MAX + off;
	first = off / 8;
	last = (end + 7) / 8;
	set = blocks_set(s->map, first, last);
	if (set == last - first && memcmp(dst, h->payload, len) == 0) {
		/* Exact duplicate: harmless, keep the datagram. */
		return dropped(r, out, IP_DROP_FRAG_DUP);
	}
	if (set)
		return kill(r, s, now_ms, out, IP_DROP_FRAG_OVERLAP);

	memcpy(dst, h->payload, len);
	blocks_mark(s->map, first, last);
	s->received += (uint32_t)len;
	r->bytes_held += len;
	if (end > s->hi)
		s->hi = (uint32_t)end;
	if (!h->mf)
		s->end = (uint32_t)end;
	if (off == 0) {
		s->hlen = h->hlen;
		memcpy(s->buf + NL_IP_HLEN_MAX - h->hlen, h->hdr, h->hlen);
	}
	if (s->end && s->received == s->end)
		return finish(r, s, now_ms, out);
	return NL_REASM_HELD;
}
