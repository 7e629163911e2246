/* Packet queues for hosted tests: rings of kept references. */
#include <bss/server.h>
#include <svc/queue.h>
#include <svc/queues.h>
#include <bss/pktdesc.h>

#define QMAX 4
#define QLEN 128

struct q {
	bss_ref_t slot[QLEN];
	struct bss_pkt_desc desc[QLEN];
	uint32_t head, n, cap;
	uint64_t taken;
};
struct qs {
	struct q q[QMAX];
	uint32_t n;
};

BSS_SERVER(QUEUES, struct qs, fqs);
BSS_LOCAL_SERVER(q_desc, QUEUE, struct q, fq);

bss_ref_t fqs_create(struct qs *s, uint32_t cap)
{
	if (s->n == QMAX || cap > QLEN)
		bss_throw(BSS_E_LIMIT, ENOSPC, "fake queues: too many");
	s->q[s->n].cap = cap;
	return bss_local(&q_desc, &s->q[s->n++]);
}

void fq_put(struct q *q, bss_ref_t p)
{
	if (q->n == q->cap)
		bss_throw(BSS_E_OVERFLOW, ENOBUFS, "queue full");
	q->desc[(q->head + q->n) % QLEN] = (struct bss_pkt_desc){0};
	q->slot[(q->head + q->n++) % QLEN] = bss_keep(p);
	bss_wake((uintptr_t)q, 0);
}

bss_ref_t fq_try_get(struct q *q)
{
	if (!q->n)
		return 0;
	bss_ref_t r = q->slot[q->head];
	q->head = (q->head + 1) % QLEN;
	q->n--;
	q->taken++;
	bss_ref_t t = bss_temp(r);
	bss_release(r);
	return t;
}

bss_ref_t fq_get(struct q *q)
{
	while (!q->n)
		bss_wait((uintptr_t)q);
	return fq_try_get(q);
}

uint32_t fq_put_batch(struct q *q, const bss_ref_t *p, uint32_t n)
{
	uint32_t i;

	for (i = 0; i < n && q->n < q->cap; i++)
		fq_put(q, p[i]);
	return i;
}

uint32_t fq_try_get_batch(struct q *q, bss_ref_t *p, uint32_t n)
{
	uint32_t i;

	for (i = 0; i < n && q->n; i++)
		p[i] = fq_try_get(q);
	return i;
}

uint32_t fq_get_batch(struct q *q, bss_ref_t *p, uint32_t n)
{
	while (!q->n)
		bss_wait((uintptr_t)q);
	return fq_try_get_batch(q, p, n);
}

uint32_t fq_capacity(struct q *q)
{
	return q->cap;
}
uint32_t fq_length(struct q *q)
{
	return q->n;
}
uint64_t fq_taken(struct q *q)
{
	return q->taken;
}

uint32_t fq_put_batch_desc(struct q *q, const bss_ref_t *p, uint32_t n, const void *descs,
			   uint32_t dn)
{
	const struct bss_pkt_desc *d = descs;
	uint32_t i;

	if (dn / sizeof(*d) < n)
		bss_throw(BSS_E_INVAL, EINVAL, "fake queue: fewer descriptors than packets");
	for (i = 0; i < n && q->n < q->cap; i++) {
		fq_put(q, p[i]);
		q->desc[(q->head + q->n - 1) % QLEN] = d[i];
	}
	return i;
}

uint32_t fq_try_get_batch_desc(struct q *q, bss_ref_t *p, uint32_t n, void *descs, uint32_t dn)
{
	struct bss_pkt_desc *d = descs;
	uint32_t i;

	for (i = 0; i < n && i < dn / sizeof(*d) && q->n; i++) {
		d[i] = q->desc[q->head];
		p[i] = fq_try_get(q);
	}
	return i;
}

uint32_t fq_get_batch_desc(struct q *q, bss_ref_t *p, uint32_t n, void *descs, uint32_t dn)
{
	while (!q->n)
		bss_wait((uintptr_t)q);
	return fq_try_get_batch_desc(q, p, n, descs, dn);
}
