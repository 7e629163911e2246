/*
 * t_queue: the queue server's packet descriptors (services/queue.svc,
 * include/bss/pktdesc.h), and an input (serverlib/net/pktin.h: the queue
 * service over a handler, what IPv4 and TCP receive through), run as an
 * executable server in the hosted runtime with queue.srv and pktpool.srv.
 * Prints "PASS: name (details)" / "FAIL: name: why".
 */
#include <bss/server.h>
#include <svc/exec.h>
#include <svc/pktpool.h>
#include <svc/queue.h>
#include <svc/queues.h>
#include "serverlib/net/pkt.h"
#include "serverlib/net/pktin.h"
#include "tests/harness/tcheck.h"

#define QUEUES BSS_REQ(0)
#define PKTPOOL BSS_REQ(1)

struct tq {
	unsigned failed;
	/* what the input's handler was given, call by call */
	uint32_t calls, n, taken;
	bool same_pkts;
	struct bss_pkt_desc d[4];
	bss_ref_t want[4]; /* the packets the next put should bring */
};

BSS_SERVER(EXEC, struct tq, tq, BSS_REQUIRES(QUEUES_SVC_ID, PKTPOOL_SVC_ID));

static void in_handle(struct tq *c, const bss_ref_t *pkts, uint32_t n, const struct bss_pkt_desc *d)
{
	c->calls++;
	c->n = n;
	c->same_pkts = n <= 4;
	for (uint32_t i = 0; c->same_pkts && i < n; i++) {
		c->same_pkts = bss_same(pkts[i], c->want[i]);
		c->d[i] = d[i];
	}
	c->taken += n;
}

#define IN_TAKEN(c) ((c)->taken)
#define IN_CAP(c) ((void)(c), 4u)

PKTIN_QUEUE_FNS(tin, struct tq, in_handle, IN_TAKEN, IN_CAP)

BSS_LOCAL_SERVER(tin_desc, QUEUE, struct tq, tin);

static struct bss_pkt_desc desc_of(bss_ref_t p, uint32_t off, uint32_t len, uint32_t meta)
{
	return (struct bss_pkt_desc){.addr = packet_map(p),
				     .off = off,
				     .len = len,
				     .cap = packet_cap(p),
				     .meta = meta,
				     .flags = PKT_DESC_VALID};
}

static bool same(const struct bss_pkt_desc *a, const struct bss_pkt_desc *b)
{
	return a->addr == b->addr && a->off == b->off && a->len == b->len && a->cap == b->cap &&
	       a->meta == b->meta && a->flags == b->flags;
}

/* get_batch: what it throws, 0 if nothing */
static uint32_t get_err(bss_ref_t q)
{
	volatile uint32_t id = 0;
	bss_ref_t got[2];
	struct bss_try t;

	BSS_TRY(t)
	{
		queue_try_get_batch(q, got, 2);
	}
	BSS_CATCH(t)
	{
		id = t.err.id;
	}
	return id;
}

/* put_batch_desc with fewer descriptors than packets: what it throws, 0 if nothing */
static uint32_t put_short(bss_ref_t q, const bss_ref_t *p, uint32_t n, const struct bss_pkt_desc *d,
			  uint32_t dn)
{
	volatile uint32_t id = 0;
	struct bss_try t;

	BSS_TRY(t)
	{
		queue_put_batch_desc(q, p, n, d, dn);
	}
	BSS_CATCH(t)
	{
		id = t.err.id;
	}
	return id;
}

/* An input, called through a reference as a producer would: handled in the put, nothing to get. */
static void check_input(struct tq *c, const bss_ref_t *p, const struct bss_pkt_desc *d)
{
	bss_ref_t in = bss_keep(bss_local(&tin_desc, c));

	for (unsigned i = 0; i < 3; i++)
		c->want[i] = p[i];
	uint32_t took = queue_put_batch_desc(in, p, 3, d, 3 * sizeof(d[0]));
	bool descs = c->n == 3;
	for (unsigned i = 0; descs && i < 3; i++)
		descs = same(&c->d[i], &d[i]);
	tcheck(&c->failed, "input-handles-the-put",
	       took == 3 && c->calls == 1 && c->same_pkts && descs && queue_taken(in) == 3 &&
		       queue_length(in) == 0,
	       "took %u in %u call(s), the packets %s, their descriptors %s, taken %lu", took,
	       c->calls, c->same_pkts ? "the same" : "other", descs ? "the same" : "other",
	       (unsigned long)queue_taken(in));

	bss_ref_t two[3] = {p[2], 0, p[1]};
	c->want[0] = p[2];
	uint32_t n = queue_put_batch(in, two, 3);
	tcheck(&c->failed, "input-plain-put-stops-at-0",
	       n == 1 && c->calls == 2 && c->n == 1 && c->same_pkts && c->d[0].flags == 0,
	       "took %u, the handler got %u with flags %x", n, c->n, c->d[0].flags);

	uint32_t id = put_short(in, p, 2, d, (uint32_t)sizeof(d[0]));
	tcheck(&c->failed, "input-desc-short-refused", id == BSS_E_INVAL && c->calls == 2,
	       "error %u, handler calls %u", id, c->calls);
	id = get_err(in);
	tcheck(&c->failed, "input-get-refused", id == BSS_E_INVAL, "error %u", id);
	bss_release(in);
}

uint32_t tq_main(struct tq *c)
{
	bss_ref_t q = bss_keep(queues_create(QUEUES, 4));
	bss_ref_t p[3], got[4];
	struct bss_pkt_desc d[3], out[4];

	for (unsigned i = 0; i < 3; i++) {
		p[i] = bss_keep(pktpool_alloc(PKTPOOL, 256));
		packet_set_len(p[i], 200);
		d[i] = desc_of(p[i], 14 * i, 100 + i, i);
	}

	uint32_t took = queue_put_batch_desc(q, p, 3, d, sizeof(d));
	uint32_t n = queue_get_batch_desc(q, got, 4, out, sizeof(out));
	bool kept = n == 3;
	for (uint32_t i = 0; kept && i < n; i++)
		kept = bss_same(got[i], p[i]) && same(&out[i], &d[i]);
	tcheck(&c->failed, "queue-desc-travels-with-its-packet", took == 3 && kept,
	       "put %u, got %u back, each with its own descriptor: %d", took, n, kept);
	pkt_release_all(got, n);

	queue_put(q, p[0]);
	queue_put_batch(q, &p[1], 1);
	out[0].flags = out[1].flags = 0x5a;
	n = queue_get_batch_desc(q, got, 4, out, sizeof(out));
	tcheck(&c->failed, "queue-plain-put-has-no-desc",
	       n == 2 && out[0].flags == 0 && out[1].flags == 0 && out[0].len == 0,
	       "got %u, flags %x %x", n, out[0].flags, out[1].flags);
	pkt_release_all(got, n);

	uint32_t id = put_short(q, p, 2, d, (uint32_t)sizeof(d[0]));
	tcheck(&c->failed, "queue-desc-short-refused", id == BSS_E_INVAL && queue_length(q) == 0,
	       "error %u, %u queued", id, queue_length(q));

	queue_put_batch_desc(q, p, 2, d, 2 * sizeof(d[0]));
	n = queue_try_get_batch_desc(q, got, 4, out, sizeof(out[0]));
	tcheck(&c->failed, "queue-desc-room-limits-batch",
	       n == 1 && same(&out[0], &d[0]) && queue_length(q) == 1,
	       "got %u with room for one descriptor, %u left", n, queue_length(q));
	pkt_release_all(got, n);
	n = queue_try_get_batch_desc(q, got, 4, out, sizeof(out));
	pkt_release_all(got, n);

	took = queue_put_batch_desc(q, p, 3, d, sizeof(d));
	took += queue_put_batch_desc(q, p, 3, d, sizeof(d));
	tcheck(&c->failed, "queue-desc-full", took == 4 && queue_length(q) == 4,
	       "took %u into a queue of 4", took);
	n = queue_try_get_batch_desc(q, got, 4, out, sizeof(out));
	pkt_release_all(got, n);

	/* the consumer's side: the address as it is here (one space), checked against cap */
	uint32_t len = 0;
	uint8_t *a = pkt_desc_data(p[1], &d[1], &len);
	struct bss_pkt_desc bad = d[1];
	bad.off = bad.cap - 10;
	uint32_t blen = 0;
	uint8_t *b = pkt_desc_data(p[1], &bad, &blen);
	tcheck(&c->failed, "pkt-desc-data", a == pkt_data(p[1]) + 14 && len == 101 && !b,
	       "address %s, length %u; past the buffer: %s",
	       a == pkt_data(p[1]) + 14 ? "ok" : "wrong", len, b ? "used" : "refused");

	check_input(c, p, d);

	for (unsigned i = 0; i < 3; i++)
		bss_release(p[i]);
	bss_release(q);
	bss_printf("t_queue: %u failed\n", c->failed);
	return c->failed ? 1 : 0;
}
