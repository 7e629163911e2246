/*
 * sched: a scheduler server (thesis 3.5.2). It implements the thread factory
 * on the low-level dispatch service: every thread it starts is a context of
 * its own dispatch domain, and one scheduler thread dispatches the runnable
 * ones, oldest first (round-robin: a thread that yields queues up behind the
 * others). Scheduling is cooperative, as in the thesis's prototype: a thread
 * runs until it blocks, yields or ends.
 *
 * The scheduler thread itself comes from a lower-level thread factory (our
 * required "thread" service: the kernel's, or another scheduler), because
 * scheduling always happens within the context of a lower-level thread
 * (thesis 3.4.2). It exists only while we have threads, so a system whose
 * threads have all ended is not kept alive by its scheduler.
 */
#include <bss/server.h>
#include <svc/context.h>
#include <svc/dispatch.h>
#include <svc/runnable.h>
#include <svc/thread.h>

#define DISPATCH BSS_REQ(0)
#define LOWER BSS_REQ(1)

#define MAX_THREADS 256
#define BATCH 16

/* context states, as services/context.svc numbers them */
enum { CTX_RUNNABLE, CTX_BLOCKED, CTX_ENDED, CTX_FAILED };

struct slot {
	bss_ref_t ctx; /* permanent; 0: free */
	uint32_t gen;  /* in the tag, so a tag of a dead thread finds nothing */
};

struct sched {
	bss_ref_t dom; /* our own dispatch domain */
	struct slot slot[MAX_THREADS];
	uint32_t nthreads; /* started and not ended */
	uint8_t running;   /* the scheduler thread exists */
};

static void sched_init(struct sched *s);

BSS_SERVER(THREAD, struct sched, sched, .ctor = BSS_CTOR(sched_init),
	   BSS_REQUIRES(DISPATCH_SVC_ID, THREAD_SVC_ID));

static void sched_init(struct sched *s)
{
	/* a domain of our own: wakeups of other schedulers' contexts never reach us */
	s->dom = bss_keep(dispatch_domain(DISPATCH));
}

static struct slot *slot_of(struct sched *s, uint64_t tag)
{
	uint32_t i = (uint32_t)tag;

	if (i >= MAX_THREADS || !s->slot[i].ctx || s->slot[i].gen != (uint32_t)(tag >> 32))
		return NULL;
	return &s->slot[i];
}

static void run_one(struct sched *s, uint64_t tag)
{
	struct slot *sl = slot_of(s, tag);

	if (!sl)
		return;
	/* an outgoing call: our lock is free while the thread runs, so it can call us */
	uint32_t st = context_dispatch(sl->ctx);
	if (st == CTX_ENDED || st == CTX_FAILED) {
		bss_release(sl->ctx);
		sl->ctx = 0;
		sl->gen++;
		s->nthreads--;
	}
}

/* The scheduler thread. */
void loop_run(struct sched *s)
{
	uint64_t tags[BATCH];

	for (;;) {
		uint32_t n = dispatch_wait_runnable(s->dom, tags, sizeof(tags));
		/*
		 * 0: the domain has nothing that can run. A thread started
		 * while we waited for our lock is seen on the next round.
		 */
		if (!n && !s->nthreads)
			break;
		for (uint32_t i = 0; i < n; i++)
			run_one(s, tags[i]);
	}
	s->running = 0;
}
BSS_LOCAL_SERVER(loop_desc, RUNNABLE, struct sched, loop);

uint32_t sched_start(struct sched *s, bss_ref_t body)
{
	uint32_t i;

	for (i = 0; i < MAX_THREADS && s->slot[i].ctx; i++)
		;
	if (i == MAX_THREADS)
		bss_throw(BSS_E_LIMIT, EAGAIN, "sched: too many threads");
	struct slot *sl = &s->slot[i];
	uint64_t tag = (uint64_t)sl->gen << 32 | i;
	sl->ctx = bss_keep(dispatch_create(s->dom, body, tag));
	s->nthreads++;
	if (!s->running) {
		struct bss_try t;
		/* set first: our lock is free during the call, another start() must not race */
		s->running = 1;
		BSS_TRY(t)
		{
			thread_start(LOWER, bss_local(&loop_desc, s));
		}
		BSS_CATCH(t)
		{
			/* nobody would ever dispatch it: the thread was never started */
			s->running = 0;
			bss_release(sl->ctx);
			sl->ctx = 0;
			sl->gen++;
			s->nthreads--;
			bss_throw(t.err.id, t.err.err, t.err.msg);
		}
	}
	return context_id(sl->ctx);
}

void sched_yield(struct sched *s)
{
	(void)s;
	dispatch_yield(DISPATCH);
}

uint32_t sched_self_id(struct sched *s)
{
	(void)s;
	return dispatch_self_id(DISPATCH);
}
