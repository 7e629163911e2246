/*
 * An input: the queue service (services/queue.svc) over a function that
 * handles what is put, before the put returns. A layer registers one where
 * it would register a queue that only its own thread reads: its producer's
 * put then does the layer's work at once, and the queue's keep and unkeep
 * of each packet, the references handed over at the queue's two ends, the
 * consumer's call, wakeup and thread switch all go (docs/network.md "The
 * packet path"). An input takes every packet it is given (what it drops it
 * counts by reason) and holds none, so there is nothing to get: the gets
 * throw BSS_E_INVAL, length() is 0, taken() counts what was put.
 *
 * PKTIN_QUEUE_FNS(PREFIX, T, INPUT, TAKEN, CAP) defines PREFIX_put ...
 * PREFIX_try_get_batch_desc for BSS_LOCAL_SERVER(var, QUEUE, T, PREFIX):
 * INPUT(T *, const bss_ref_t *pkts, uint32_t n, const struct bss_pkt_desc *d)
 * handles n <= PKTIN_CHUNK packets (a batch on its stack stays bounded, however
 * many the caller puts; their references are the caller's temporaries, theirs
 * to keep for longer; the descriptors are the caller's, to copy before any
 * change), TAKEN(T *) is the count taken() reports, CAP(T *) capacity().
 */
#ifndef NET_PKTIN_H
#define NET_PKTIN_H

#include <bss/server.h>
#include <bss/pktdesc.h>

/* packets are handled this many at a time (put without descriptors: a zeroed descriptor each) */
#define PKTIN_CHUNK 32

static inline _Noreturn void pktin_no_get(void)
{
	bss_throw(BSS_E_INVAL, EINVAL,
		  "queue.get: an input handles packets as they are put, there is nothing to get");
}

/* How many of pkts go in: up to the first 0, as a queue's put_batch takes them. */
static inline uint32_t pktin_count(const bss_ref_t *pkts, uint32_t n)
{
	uint32_t k = 0;

	while (k < n && pkts[k])
		k++;
	return k;
}

/* clang-format off */
#define PKTIN_QUEUE_FNS(PREFIX, T, INPUT, TAKEN, CAP)                                              \
	void PREFIX##_put(T *s, bss_ref_t p)                                                       \
	{                                                                                          \
		struct bss_pkt_desc d = {0};                                                       \
		if (!p)                                                                            \
			bss_throw(BSS_E_INVAL, EINVAL, "queue.put: null packet");                  \
		INPUT(s, &p, 1, &d);                                                               \
	}                                                                                          \
	bss_ref_t PREFIX##_get(T *s)                                                               \
	{                                                                                          \
		(void)s;                                                                           \
		pktin_no_get();                                                                    \
	}                                                                                          \
	bss_ref_t PREFIX##_try_get(T *s)                                                           \
	{                                                                                          \
		(void)s;                                                                           \
		pktin_no_get();                                                                    \
	}                                                                                          \
	uint32_t PREFIX##_put_batch(T *s, const bss_ref_t *pkts, uint32_t n)                       \
	{                                                                                          \
		struct bss_pkt_desc d[PKTIN_CHUNK] = {0};                                          \
		uint32_t k = pktin_count(pkts, n);                                                 \
		for (uint32_t i = 0; i < k; i += PKTIN_CHUNK)                                      \
			INPUT(s, pkts + i, k - i < PKTIN_CHUNK ? k - i : PKTIN_CHUNK, d);          \
		return k;                                                                          \
	}                                                                                          \
	uint32_t PREFIX##_get_batch(T *s, bss_ref_t *pkts, uint32_t n)                             \
	{                                                                                          \
		(void)s, (void)pkts, (void)n;                                                      \
		pktin_no_get();                                                                    \
	}                                                                                          \
	uint32_t PREFIX##_try_get_batch(T *s, bss_ref_t *pkts, uint32_t n)                         \
	{                                                                                          \
		(void)s, (void)pkts, (void)n;                                                      \
		pktin_no_get();                                                                    \
	}                                                                                          \
	uint32_t PREFIX##_capacity(T *s)                                                           \
	{                                                                                          \
		return CAP(s);                                                                     \
	}                                                                                          \
	uint32_t PREFIX##_length(T *s)                                                             \
	{                                                                                          \
		(void)s;                                                                           \
		return 0;                                                                          \
	}                                                                                          \
	uint64_t PREFIX##_taken(T *s)                                                              \
	{                                                                                          \
		return TAKEN(s);                                                                   \
	}                                                                                          \
	uint32_t PREFIX##_put_batch_desc(T *s, const bss_ref_t *pkts, uint32_t n,                  \
					 const void *descs, uint32_t dn)                           \
	{                                                                                          \
		if (dn / sizeof(struct bss_pkt_desc) < n)                                          \
			bss_throw(BSS_E_INVAL, EINVAL,                                             \
				  "queue.put_batch_desc: fewer descriptors than packets");         \
		const struct bss_pkt_desc *d = descs;                                              \
		uint32_t k = pktin_count(pkts, n);                                                 \
		for (uint32_t i = 0; i < k; i += PKTIN_CHUNK)                                      \
			INPUT(s, pkts + i, k - i < PKTIN_CHUNK ? k - i : PKTIN_CHUNK, d + i);      \
		return k;                                                                          \
	}                                                                                          \
	uint32_t PREFIX##_get_batch_desc(T *s, bss_ref_t *pkts, uint32_t n, void *descs,           \
					 uint32_t dn)                                              \
	{                                                                                          \
		(void)s, (void)pkts, (void)n, (void)descs, (void)dn;                               \
		pktin_no_get();                                                                    \
	}                                                                                          \
	uint32_t PREFIX##_try_get_batch_desc(T *s, bss_ref_t *pkts, uint32_t n, void *descs,       \
					     uint32_t dn)                                          \
	{                                                                                          \
		(void)s, (void)pkts, (void)n, (void)descs, (void)dn;                               \
		pktin_no_get();                                                                    \
	}
/* clang-format on */

#endif
