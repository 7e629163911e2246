/*
 * Queue factory (thesis 4.4): queues of packet references, as local servers.
 *
 * A queue holds permanent references to the packets in it, so a packet lives
 * while it waits, whoever put it there. get blocks with bss_wait until a
 * packet is there; the batched functions move up to n references per call,
 * which is what lets each layer handle many packets before the next runs.
 *
 * Each entry has a descriptor beside the reference (include/bss/pktdesc.h):
 * what the producer knew of the packet, so that consumers need not ask it.
 *
 * Rings live in data spaces from the memory service, so the factory's own
 * data stays small whatever the capacities; a queue's ring is released with
 * the queue.
 *
 * Recovery (docs/recovery.md): a packet whose server crashed (a driver's
 * buffer) is dropped when it would be handed out, so consumers only ever
 * get live packets; a thread blocked in get on a queue that is destroyed
 * (its device's driver crashed and was replaced) gets BSS_E_DEAD instead
 * of waiting forever.
 */
#include <bss/server.h>
#include <svc/queues.h>
#include <svc/queue.h>
#include <svc/packet.h>
#include <svc/memory.h>
#include <svc/map.h>
#include <bss/pktdesc.h>

#define MEMORY BSS_REQ(0)
#define MAP BSS_REQ(1)

#define MAX_QUEUES 256
#define MAX_CAPACITY 65536u

struct q {
	bool used;
	uint32_t cap, head, len; /* ring of cap entries; len from head */
	uint32_t waiters;      /* threads blocked in get (at most: a cancelled one stays counted) */
	uint32_t gen;	       /* bumped when the queue dies: its waiters then throw */
	uint64_t taken;	       /* packets handed out: progress, for watchdogs */
	uint64_t dropped_dead; /* packets whose server died while queued */
	bss_ref_t ds;	       /* the ring's data space, permanent */
	bss_ref_t *ring;       /* permanent references of this server */
	struct bss_pkt_desc *desc; /* beside ring[i]: desc[i] */
};

struct qf {
	struct q q[MAX_QUEUES];
};

BSS_SERVER(QUEUES, struct qf, qf, BSS_REQUIRES(MEMORY_SVC_ID, MAP_SVC_ID));

static void q_dtor(struct q *q)
{
	while (q->len) {
		bss_release(q->ring[q->head]);
		q->head = (q->head + 1) % q->cap;
		q->len--;
	}
	bss_release(q->ds);
	q->used = false;
	q->gen++;
	if (q->waiters)
		bss_wake((uint64_t)(uintptr_t)q, 0);
}

BSS_LOCAL_SERVER(queue_desc, QUEUE, struct q, q, .dtor = BSS_CTOR(q_dtor));

bss_ref_t qf_create(struct qf *f, uint32_t capacity)
{
	if (capacity == 0 || capacity > MAX_CAPACITY)
		bss_throw(BSS_E_INVAL, EINVAL, "queues.create: capacity out of range");
	for (unsigned i = 0; i < MAX_QUEUES; i++) {
		struct q *q = &f->q[i];
		if (q->used)
			continue;
		bss_ref_t ds =
			memory_alloc(MEMORY, (uint64_t)capacity * (sizeof(bss_ref_t) +
								   sizeof(struct bss_pkt_desc)));
		q->ring = (bss_ref_t *)(uintptr_t)map_map(MAP, ds);
		q->desc = (struct bss_pkt_desc *)(q->ring + capacity);
		q->ds = bss_keep(ds);
		q->cap = capacity;
		q->head = q->len = q->waiters = 0;
		q->taken = q->dropped_dead = 0;
		q->used = true;
		return bss_local(&queue_desc, q);
	}
	bss_throw(BSS_E_LIMIT, EMFILE, "queues.create: too many queues");
}

static void push(struct q *q, bss_ref_t p, const struct bss_pkt_desc *d)
{
	uint32_t i = (q->head + q->len) % q->cap;

	q->ring[i] = bss_keep(p);
	if (d)
		q->desc[i] = *d;
	else
		q->desc[i] = (struct bss_pkt_desc){0};
	q->len++;
}

/*
 * Takes the oldest live packet, 0 if there is none; the caller gets a
 * temporary, the queue's reference goes. Dead ones are dropped on the way.
 */
static bss_ref_t pop(struct q *q, struct bss_pkt_desc *d)
{
	while (q->len) {
		bss_ref_t t = bss_unkeep(q->ring[q->head]);

		if (d)
			*d = q->desc[q->head];

		q->head = (q->head + 1) % q->cap;
		q->len--;
		if (t) {
			q->taken++;
			return t;
		}
		q->dropped_dead++;
	}
	return 0;
}

/*
 * The first n of pkts (none 0, n at most the room left) into the ring, as
 * n pushes would: kept in runs of one bss_keep_n each (one system call for
 * an isolated queue, where a keep apiece was the largest part of its
 * system calls), the ring's wrap splitting a run. Where bss_keep_n stops,
 * push keeps the one packet itself: it throws the precise error (the
 * packets before it stay queued, as before) or grows the table.
 */
static void push_n(struct q *q, const bss_ref_t *pkts, uint32_t n, const struct bss_pkt_desc *d)
{
	uint32_t k = 0;

	while (k < n) {
		uint32_t i = (q->head + q->len) % q->cap, run = n - k;

		if (run > q->cap - i)
			run = q->cap - i;
		if (run > BSS_KEEP_MAX)
			run = BSS_KEEP_MAX;
		uint32_t got = bss_keep_n(pkts + k, q->ring + i, run);

		for (uint32_t j = 0; j < got; j++)
			q->desc[i + j] = d ? d[k + j] : (struct bss_pkt_desc){0};
		q->len += got;
		k += got;
		if (got < run) {
			push(q, pkts[k], d ? &d[k] : NULL);
			k++;
		}
	}
}

/*
 * Up to n of the oldest live packets into pkts (their descriptors into d
 * unless it is NULL), as pops would: the ring's entries are unkept in
 * runs of one bss_unkeep_n each (a dead packet's entry comes back 0 and
 * is dropped); where it stops, pop unkeeps the one entry itself.
 */
#define POP_RUN 64u

static uint32_t pop_n(struct q *q, bss_ref_t *pkts, uint32_t n, struct bss_pkt_desc *d)
{
	bss_ref_t got[POP_RUN];
	uint32_t k = 0;

	while (k < n && q->len) {
		uint32_t run = n - k;

		if (run > q->len)
			run = q->len;
		if (run > q->cap - q->head)
			run = q->cap - q->head;
		if (run > POP_RUN)
			run = POP_RUN;
		uint32_t m = bss_unkeep_n(q->ring + q->head, got, run);

		if (!m) {
			bss_ref_t p = pop(q, d ? &d[k] : NULL);
			if (p)
				pkts[k++] = p;
			continue;
		}
		for (uint32_t j = 0; j < m; j++) {
			if (!got[j]) {
				q->dropped_dead++;
				continue;
			}
			if (d)
				d[k] = q->desc[q->head + j];
			pkts[k++] = got[j];
			q->taken++;
		}
		q->head = (q->head + m) % q->cap;
		q->len -= m;
	}
	return k;
}

static void wake(struct q *q)
{
	if (q->waiters)
		bss_wake((uint64_t)(uintptr_t)q, 0);
}

static void wait_nonempty(struct q *q)
{
	uint32_t gen = q->gen;

	while (!q->len) {
		q->waiters++;
		bss_wait((uint64_t)(uintptr_t)q);
		if (q->gen != gen)
			bss_throw(BSS_E_DEAD, EPIPE, "queue.get: the queue was destroyed");
		q->waiters--;
	}
}

void q_put(struct q *q, bss_ref_t p)
{
	if (!p)
		bss_throw(BSS_E_INVAL, EINVAL, "queue.put: null packet");
	if (q->len == q->cap)
		bss_throw(BSS_E_OVERFLOW, ENOBUFS, "queue.put: queue full");
	push(q, p, NULL);
	wake(q);
}

bss_ref_t q_get(struct q *q)
{
	bss_ref_t p;

	do {
		wait_nonempty(q);
	} while (!(p = pop(q, NULL)));
	return p;
}

bss_ref_t q_try_get(struct q *q)
{
	return pop(q, NULL);
}

/* The batch calls with and without descriptors share these: d is NULL without. */
static uint32_t put_batch(struct q *q, const bss_ref_t *pkts, uint32_t n,
			  const struct bss_pkt_desc *d)
{
	uint32_t k = 0;

	while (k < n && q->len + k < q->cap && pkts[k])
		k++;
	push_n(q, pkts, k, d);
	if (k)
		wake(q);
	return k;
}

static uint32_t try_get_batch(struct q *q, bss_ref_t *pkts, uint32_t n, struct bss_pkt_desc *d)
{
	return pop_n(q, pkts, n, d);
}

static uint32_t get_batch(struct q *q, bss_ref_t *pkts, uint32_t n, struct bss_pkt_desc *d)
{
	uint32_t k;

	if (!n)
		return 0;
	do {
		wait_nonempty(q);
	} while (!(k = try_get_batch(q, pkts, n, d)));
	return k;
}

uint32_t q_put_batch(struct q *q, const bss_ref_t *pkts, uint32_t n)
{
	return put_batch(q, pkts, n, NULL);
}

uint32_t q_try_get_batch(struct q *q, bss_ref_t *pkts, uint32_t n)
{
	return try_get_batch(q, pkts, n, NULL);
}

uint32_t q_get_batch(struct q *q, bss_ref_t *pkts, uint32_t n)
{
	return get_batch(q, pkts, n, NULL);
}

uint32_t q_capacity(struct q *q)
{
	return q->cap;
}

uint32_t q_length(struct q *q)
{
	return q->len;
}

uint64_t q_taken(struct q *q)
{
	return q->taken;
}

/* services/queue.svc's gets fill their descriptors as 'out filled*32' */
_Static_assert(sizeof(struct bss_pkt_desc) == 32, "queue.svc: a descriptor is 32 bytes");

static uint32_t descs_for(const char *fn, uint32_t n, uint32_t dn)
{
	if (dn / sizeof(struct bss_pkt_desc) < n)
		bss_throw(BSS_E_INVAL, EINVAL, fn);
	return n;
}

/* a short descriptor buffer limits the batch: never a packet without its descriptor */
static uint32_t descs_room(uint32_t n, uint32_t dn)
{
	uint32_t room = dn / sizeof(struct bss_pkt_desc);

	return n < room ? n : room;
}

uint32_t q_put_batch_desc(struct q *q, const bss_ref_t *pkts, uint32_t n, const void *descs,
			  uint32_t dn)
{
	n = descs_for("queue.put_batch_desc: fewer descriptors than packets", n, dn);
	return put_batch(q, pkts, n, descs);
}

uint32_t q_try_get_batch_desc(struct q *q, bss_ref_t *pkts, uint32_t n, void *descs, uint32_t dn)
{
	return try_get_batch(q, pkts, descs_room(n, dn), descs);
}

uint32_t q_get_batch_desc(struct q *q, bss_ref_t *pkts, uint32_t n, void *descs, uint32_t dn)
{
	if (!n)
		return 0;
	descs_for("queue.get_batch_desc: no room for a descriptor", 1, dn);
	return get_batch(q, pkts, descs_room(n, dn), descs);
}
