/*
 * Packet pool (thesis 4.4): packets for data that is not in a driver's
 * buffers. Each allocated packet is a local server over one buffer; when its
 * last reference goes, its destructor puts the buffer back. Buffers are part
 * of the pool's private data and never grow, so exhaustion is a counted
 * refusal (alloc returns 0), never unbounded memory use.
 *
 * Two sizes: frames (2 KiB) and datagrams up to 64 KiB (large UDP
 * payloads; reassembled datagrams stay in the IPv4 server's slots).
 */
#include <bss/server.h>
#include <svc/pktpool.h>
#include <svc/packet.h>
#include <svc/stats.h>
#include "serverlib/net/pktbuf.h"

#define SMALL_SIZE 2048u
#define SMALL_COUNT 1024u
#define LARGE_SIZE 65536u
#define LARGE_COUNT 16u

struct pkt {
	struct pktbuf b;
	bool used;
};

struct pool {
	struct pkt small[SMALL_COUNT];
	struct pkt large[LARGE_COUNT];
	uint64_t allocs, refused;
	uint8_t small_buf[SMALL_COUNT][SMALL_SIZE];
	uint8_t large_buf[LARGE_COUNT][LARGE_SIZE];
};

/* Packets are touched on every hop: no lock, nothing in here blocks. */
BSS_SERVER(PKTPOOL, struct pool, pool, .attrs = BSS_THREADSAFE);

static void pkt_dtor(struct pkt *p)
{
	p->used = false;
}

BSS_LOCAL_SERVER(pkt_desc, PACKET, struct pkt, pkt, .dtor = BSS_CTOR(pkt_dtor));
BSS_LOCAL_SERVER(pstats_desc, STATS, struct pool, pstats);

PKTBUF_PACKET_FNS(pkt, struct pkt)

static bss_ref_t take(struct pkt *set, uint8_t *bufs, uint32_t count, uint32_t size)
{
	for (uint32_t i = 0; i < count; i++) {
		struct pkt *p = &set[i];
		if (p->used)
			continue;
		p->used = true;
		pktbuf_init(&p->b, bufs + (size_t)i * size, 0, 0, size);
		return bss_local(&pkt_desc, p);
	}
	return 0;
}

bss_ref_t pool_alloc(struct pool *pl, uint32_t size)
{
	bss_ref_t r = 0;

	if (size <= SMALL_SIZE)
		r = take(pl->small, &pl->small_buf[0][0], SMALL_COUNT, SMALL_SIZE);
	if (!r && size <= LARGE_SIZE)
		r = take(pl->large, &pl->large_buf[0][0], LARGE_COUNT, LARGE_SIZE);
	if (r)
		pl->allocs++;
	else
		pl->refused++;
	return r;
}

static uint32_t in_use(const struct pkt *set, uint32_t count)
{
	uint32_t n = 0;

	for (uint32_t i = 0; i < count; i++)
		n += set[i].used;
	return n;
}

uint32_t pstats_stats(struct pool *pl, void *buf, uint32_t n)
{
	int k = bss_snprintf(buf, n,
			     "pool.allocs %lu\npool.refused %lu\npool.small_in_use %u\n"
			     "pool.large_in_use %u\n",
			     (unsigned long)pl->allocs, (unsigned long)pl->refused,
			     in_use(pl->small, SMALL_COUNT), in_use(pl->large, LARGE_COUNT));
	return k < 0 ? 0 : (uint32_t)k < n ? (uint32_t)k : 0;
}

bss_ref_t pool_counters(struct pool *pl)
{
	return bss_local(&pstats_desc, pl);
}
