/*
 * t_sched: the dispatch service and the scheduler server built on it, as an
 * executable server (hosted: tests/sched/sched.test; kernel:
 * tests/sched/sched-qemu.test). Prints "PASS: name (details)" or
 * "FAIL: name: why" per check.
 *
 * The scheduler server is loaded by name: the default query always answers a
 * "thread" requirement with the kernel's own thread factory, so a server
 * that wants this scheduler is given it explicitly.
 *
 * The threads and contexts run worker local servers of this server, which
 * share its lock; they block only in outgoing calls (which drop the lock), so
 * the main thread can always get the lock back when a dispatch returns.
 */
#include <stdarg.h>
#include <bss/server.h>
#include "tests/harness/tcheck.h"
#include <svc/context.h>
#include <svc/dispatch.h>
#include <svc/exec.h>
#include <svc/files.h>
#include <svc/loader.h>
#include <svc/query.h>
#include <svc/runnable.h>
#include <svc/thread.h>
#include <svc/timer.h>
#include <svc/victim.h>

#define LOADER BSS_REQ(0)
#define TIMER BSS_REQ(1)
#define DISPATCH BSS_REQ(2)
#define FILES BSS_REQ(3)

#define MS 1000000ull
#define MAX_WORKERS 64
#define MAX_LOG 256

enum { CTX_RUNNABLE, CTX_BLOCKED, CTX_ENDED, CTX_FAILED, CTX_RUNNING };

enum mode { W_COUNT, W_SLEEP, W_THROW, W_BUSY, W_LOCK_HOLD, W_LOCK_WAIT, W_SELF_DISPATCH };

struct tst;

struct worker {
	struct tst *c;
	enum mode mode;
	uint32_t idx;
	uint32_t rounds;
	uint32_t step; /* how far the body got */
	uint32_t tid;  /* thread ID the body saw */
	uint32_t err;  /* error caught by the body */
	uint32_t seen; /* W_SLEEP: log entries there were when it woke */
	bss_ref_t ctx; /* W_SELF_DISPATCH: its own context */
};

struct tst {
	unsigned failed;
	bss_ref_t sched;  /* the scheduler server's thread factory */
	bss_ref_t victim; /* serialized: holds its lock while it sleeps */
	uint32_t done;
	uint32_t log[MAX_LOG];
	uint32_t nlog;
	uint32_t nworkers;
	struct worker w[MAX_WORKERS];
};

BSS_SERVER(EXEC, struct tst, ts,
	   BSS_REQUIRES(LOADER_SVC_ID, TIMER_SVC_ID, DISPATCH_SVC_ID, FILES_SVC_ID),
	   .stack_size = 16384);

#define check(c, name, ok, ...) tcheck(&(c)->failed, name, ok, __VA_ARGS__)

static uint64_t now(void)
{
	return timer_now_ns(TIMER);
}

/* ---- the worker: one body for every check ---- */

void wk_run(struct worker *w)
{
	struct tst *c = w->c;
	struct bss_try t;

	w->step = 1;
	w->tid = dispatch_self_id(DISPATCH);
	switch (w->mode) {
	case W_COUNT:
		for (uint32_t r = 0; r < w->rounds; r++) {
			if (c->nlog < MAX_LOG)
				c->log[c->nlog++] = w->idx;
			thread_yield(c->sched);
		}
		break;
	case W_SLEEP:
		timer_sleep_us(TIMER, w->rounds);
		w->seen = c->nlog;
		break;
	case W_THROW:
		bss_throw(BSS_E_USER + 7, EIO, w->rounds ? "sched-boom" : "ctx-boom");
	case W_BUSY:
		timer_delay_us(TIMER, 3000);
		dispatch_yield(DISPATCH);
		w->step = 2;
		timer_delay_us(TIMER, 3000);
		break;
	case W_LOCK_HOLD:
		victim_block_us(c->victim, w->rounds);
		break;
	case W_LOCK_WAIT:
		victim_ping(c->victim);
		break;
	case W_SELF_DISPATCH:
		BSS_TRY(t)
		{
			context_dispatch(w->ctx);
		}
		BSS_CATCH(t)
		{
			w->err = t.err.id;
		}
		break;
	}
	w->step = 9;
	c->done++;
}
BSS_LOCAL_SERVER(worker_desc, RUNNABLE, struct worker, wk);

static struct worker *worker(struct tst *c, enum mode m, uint32_t idx, uint32_t rounds)
{
	if (c->nworkers == MAX_WORKERS)
		bss_throw(BSS_E_LIMIT, ENOMEM, "t_sched: out of workers");
	struct worker *w = &c->w[c->nworkers++];
	w->c = c;
	w->mode = m;
	w->idx = idx;
	w->rounds = rounds;
	return w;
}

static bss_ref_t body(struct worker *w)
{
	return bss_local(&worker_desc, w);
}

/* Sleep until c->done reaches want (others run meanwhile); false after 5 s. */
static bool wait_done(struct tst *c, uint32_t want)
{
	for (unsigned i = 0; i < 5000 && c->done < want; i++)
		timer_sleep_us(TIMER, 1000);
	return c->done >= want;
}

/* ---- the scheduler server, as a thread factory ---- */

static void test_round_robin(struct tst *c)
{
	c->done = 0;
	c->nlog = 0;
	for (uint32_t i = 0; i < 3; i++)
		thread_start(c->sched, body(worker(c, W_COUNT, i, 4)));
	bool ok = wait_done(c, 3);
	bool order = c->nlog == 12;
	for (uint32_t i = 0; order && i < 12; i++)
		order = c->log[i] == i % 3;
	char seq[40];
	uint32_t n = c->nlog < 12 ? c->nlog : 12;
	for (uint32_t i = 0; i < n; i++)
		seq[i] = (char)('a' + c->log[i]);
	seq[n] = 0;
	check(c, "sched-round-robin-yield", ok && order, "3 threads x 4 yields ran in order %s",
	      seq);
}

static void test_all_complete(struct tst *c)
{
	enum { N = 20 };
	struct worker *w[N];
	uint32_t id[N];
	uint32_t self = thread_self_id(c->sched);

	c->done = 0;
	c->nlog = 0;
	for (uint32_t i = 0; i < N; i++) {
		w[i] = worker(c, W_COUNT, i, 3);
		id[i] = thread_start(c->sched, body(w[i]));
	}
	bool ok = wait_done(c, N);
	unsigned ids_ok = 0;
	for (uint32_t i = 0; i < N; i++)
		ids_ok += w[i]->step == 9 && w[i]->tid == id[i] && id[i] != self &&
			  (i == 0 || id[i] != id[i - 1]);
	check(c, "sched-threads-complete", ok && c->nlog == 3 * N,
	      "%u of %u threads ended, %u yields", c->done, N, c->nlog);
	check(c, "sched-thread-ids", ids_ok == N,
	      "%u of %u threads saw the ID start() returned, all distinct from main's %u", ids_ok,
	      N, self);
}

static void test_sched_blocking(struct tst *c)
{
	struct worker *s = worker(c, W_SLEEP, 0, 30000);
	struct worker *y = worker(c, W_COUNT, 1, 2);

	c->done = 0;
	c->nlog = 0;
	uint64_t t0 = now();
	thread_start(c->sched, body(s));
	thread_start(c->sched, body(y));
	bool ok = wait_done(c, 2);
	uint64_t d = now() - t0;
	/* the sleeper blocked first; the other ran to its end meanwhile */
	check(c, "sched-blocked-thread-others-run",
	      ok && s->seen == 2 && c->nlog == 2 && d >= 30 * MS,
	      "sleeper woke after %lu us, the other thread had yielded %u of 2 times by then",
	      (unsigned long)(d / 1000), s->seen);
}

static void test_sched_error(struct tst *c)
{
	c->done = 0;
	c->nlog = 0;
	thread_start(c->sched, body(worker(c, W_THROW, 9, 1)));
	for (uint32_t i = 0; i < 3; i++)
		thread_start(c->sched, body(worker(c, W_COUNT, i, 2)));
	bool ok = wait_done(c, 3);
	check(c, "sched-error-ends-only-that-thread", ok && c->done == 3 && c->nlog == 6,
	      "after one thread threw, the other %u ended", c->done);
}

/*
 * Schedulers stack (thesis 3.4.2): a second scheduler whose own scheduler
 * thread is a thread of the first. Loaded with a query of ours that hands it
 * the first scheduler as its "thread" requirement.
 */
bss_ref_t tq_resolve(struct tst *c, uint32_t svc_id)
{
	if (svc_id == THREAD_SVC_ID)
		return c->sched;
	if (svc_id == DISPATCH_SVC_ID)
		return DISPATCH;
	bss_throw(BSS_E_UNRESOLVED, ENOENT,
		  "t_sched: the stacked scheduler needs only thread, dispatch");
}
BSS_LOCAL_SERVER(query_desc, QUERY, struct tst, tq);

static void test_stacked(struct tst *c)
{
	bss_ref_t upper =
		loader_load(LOADER, files_open(FILES, "sched.srv", 9), bss_local(&query_desc, c));
	struct worker *s = worker(c, W_SLEEP, 0, 10000);

	c->done = 0;
	c->nlog = 0;
	thread_start(upper, body(s));
	for (uint32_t i = 0; i < 3; i++)
		thread_start(upper, body(worker(c, W_COUNT, i, 3)));
	bool ok = wait_done(c, 4);
	bool order = c->nlog == 9;
	for (uint32_t i = 0; order && i < 9; i++)
		order = c->log[i] == i % 3;
	check(c, "sched-stacked", ok && order && s->seen == 9,
	      "a scheduler running in a thread of another: %u of 4 threads ended, %u yields in "
	      "round-robin order: %s, sleeper resumed after them: %s",
	      c->done, c->nlog, order ? "yes" : "no", s->seen == 9 ? "yes" : "no");
	bss_release(upper);
}

/* ---- the dispatch service itself ---- */

static uint32_t wait_tags(bss_ref_t dom, uint64_t *tags, uint32_t max)
{
	return dispatch_wait_runnable(dom, tags, max * (uint32_t)sizeof(*tags));
}

static void test_ctx_timer(struct tst *c, bss_ref_t dom)
{
	struct worker *w = worker(c, W_SLEEP, 0, 20000);
	bss_ref_t x = dispatch_create(dom, body(w), 7);
	uint64_t tags[4];

	uint32_t n = wait_tags(dom, tags, 4);
	check(c, "ctx-new-is-runnable",
	      n == 1 && tags[0] == 7 && context_state(x) == CTX_RUNNABLE && w->step == 0,
	      "%u tag(s), first %lu, not run yet", n, (unsigned long)tags[0]);

	/* the worker's 20 ms sleep starts inside this dispatch: after t_sleep */
	uint64_t t_sleep = now();
	uint32_t st1 = context_dispatch(x);
	uint32_t step1 = w->step;
	uint32_t st2 = context_dispatch(x);
	check(c, "ctx-blocked-not-dispatched",
	      st1 == CTX_BLOCKED && st2 == CTX_BLOCKED && step1 == 1 && w->step == 1 &&
		      context_state(x) == CTX_BLOCKED,
	      "dispatch -> %u, again -> %u without running it (step %u)", st1, st2, w->step);

	n = wait_tags(dom, tags, 4);
	/* measured from before the sleep began, so a slow host cannot make it look early */
	uint64_t d = now() - t_sleep;
	check(c, "ctx-wait-runnable-timer",
	      n == 1 && tags[0] == 7 && d >= 19 * MS && context_state(x) == CTX_RUNNABLE,
	      "woken %lu us after the sleep began, with %u tag(s)", (unsigned long)(d / 1000), n);
	uint32_t st3 = context_dispatch(x);
	check(c, "ctx-dispatched-when-runnable",
	      st3 == CTX_ENDED && w->step == 9 && context_state(x) == CTX_ENDED &&
		      w->tid == context_id(x),
	      "dispatch -> %u, body finished (step %u)", st3, w->step);
	bss_release(x);
}

static void test_ctx_lock(struct tst *c, bss_ref_t dom)
{
	struct worker *a = worker(c, W_LOCK_HOLD, 0, 20000);
	struct worker *b = worker(c, W_LOCK_WAIT, 1, 0);
	bss_ref_t xa = dispatch_create(dom, body(a), 1);
	bss_ref_t xb = dispatch_create(dom, body(b), 2);
	uint64_t tags[4];

	wait_tags(dom, tags, 4);	    /* both new: already known */
	uint32_t sa = context_dispatch(xa); /* sleeps holding the victim's lock */
	uint32_t sb = context_dispatch(xb); /* waits for that lock */
	uint32_t n = wait_tags(dom, tags, 4);
	check(c, "ctx-lock-waiter-not-runnable",
	      sa == CTX_BLOCKED && sb == CTX_BLOCKED && n == 1 && tags[0] == 1,
	      "holder and waiter blocked; woken: %u tag(s), first %lu", n, (unsigned long)tags[0]);
	uint32_t sb2 = context_dispatch(xb);
	uint32_t sa2 = context_dispatch(xa); /* returns, hands the lock to b */
	uint32_t stb = context_state(xb);
	n = wait_tags(dom, tags, 4);
	uint32_t sb3 = context_dispatch(xb);
	check(c, "ctx-lock-handover-wakes-waiter",
	      sb2 == CTX_BLOCKED && sa2 == CTX_ENDED && stb == CTX_RUNNABLE && n == 1 &&
		      tags[0] == 2 && sb3 == CTX_ENDED && b->step == 9,
	      "waiter %u before, holder ended %u, waiter then %u, tag %lu, dispatch -> %u", sb2,
	      sa2, stb, (unsigned long)tags[0], sb3);
	bss_release(xa);
	bss_release(xb);
}

static void test_ctx_cpu(struct tst *c, bss_ref_t dom)
{
	struct worker *w = worker(c, W_BUSY, 0, 0);
	bss_ref_t x = dispatch_create(dom, body(w), 3);
	uint64_t tags[4];

	wait_tags(dom, tags, 4);
	uint64_t c0 = context_cpu_ns(x);
	uint32_t s1 = context_dispatch(x);
	uint64_t c1 = context_cpu_ns(x);
	uint32_t n = wait_tags(dom, tags, 4); /* the yield queued it again */
	uint32_t s2 = context_dispatch(x);
	uint64_t c2 = context_cpu_ns(x);
	check(c, "ctx-yield-stays-runnable",
	      s1 == CTX_RUNNABLE && n == 1 && tags[0] == 3 && s2 == CTX_ENDED,
	      "dispatch -> %u, queued again (%u tag), then -> %u", s1, n, s2);
	check(c, "ctx-cpu-accounting", c0 == 0 && c1 >= 3 * MS && c2 >= c1 + 3 * MS,
	      "cpu %lu -> %lu -> %lu us", (unsigned long)(c0 / 1000), (unsigned long)(c1 / 1000),
	      (unsigned long)(c2 / 1000));
	bss_release(x);
}

static void test_ctx_error(struct tst *c, bss_ref_t dom)
{
	struct worker *e = worker(c, W_THROW, 0, 0);
	struct worker *k = worker(c, W_COUNT, 1, 0);
	bss_ref_t xe = dispatch_create(dom, body(e), 4);
	bss_ref_t xk = dispatch_create(dom, body(k), 5);
	uint64_t tags[4];

	wait_tags(dom, tags, 4);
	uint32_t se = context_dispatch(xe);
	uint32_t sk = context_dispatch(xk);
	uint32_t se2 = context_dispatch(xe);
	check(c, "ctx-error-ends-only-that-context",
	      se == CTX_FAILED && context_state(xe) == CTX_FAILED && se2 == CTX_FAILED &&
		      sk == CTX_ENDED && k->step == 9,
	      "thrower -> %u (again %u), other -> %u", se, se2, sk);
	bss_release(xe);
	bss_release(xk);
}

static void test_ctx_self_dispatch(struct tst *c, bss_ref_t dom)
{
	struct worker *w = worker(c, W_SELF_DISPATCH, 0, 0);
	bss_ref_t x = dispatch_create(dom, body(w), 6);
	uint64_t tags[4];

	w->ctx = bss_keep(x);
	wait_tags(dom, tags, 4);
	uint32_t st = context_dispatch(x);
	check(c, "ctx-dispatch-running-throws", st == CTX_ENDED && w->err == BSS_E_INVAL,
	      "a context dispatching itself got error %u", w->err);
	bss_release(w->ctx);
	bss_release(x);
}

static void test_ctx_orphan(struct tst *c, bss_ref_t dom)
{
	struct worker *w = worker(c, W_SLEEP, 0, 10000);
	bss_ref_t x = dispatch_create(dom, body(w), 8);
	uint64_t tags[4];

	wait_tags(dom, tags, 4);
	uint32_t st = context_dispatch(x);
	bss_release(x); /* blocked in a sleep: the core's scheduler takes it over */
	uint32_t n = wait_tags(dom, tags, 4);
	for (unsigned i = 0; i < 100 && w->step != 9; i++)
		timer_sleep_us(TIMER, 1000);
	check(c, "ctx-released-runs-to-end", st == CTX_BLOCKED && n == 0 && w->step == 9,
	      "released while blocked; domain then empty (%u tags); body finished: %s", n,
	      w->step == 9 ? "yes" : "no");
}

static void test_dispatch(struct tst *c)
{
	bss_ref_t dom = dispatch_domain(DISPATCH);
	uint64_t tags[2];

	check(c, "dispatch-empty-domain", wait_tags(dom, tags, 2) == 0,
	      "wait_runnable on a domain without contexts returns 0");
	test_ctx_timer(c, dom);
	test_ctx_lock(c, dom);
	test_ctx_cpu(c, dom);
	test_ctx_error(c, dom);
	test_ctx_self_dispatch(c, dom);
	test_ctx_orphan(c, dom);
}

uint32_t ts_main(struct tst *c)
{
	c->sched = bss_keep(loader_load_named(LOADER, "sched", 5));
	c->victim = bss_keep(loader_load_named(LOADER, "victim_serial", 13));
	test_dispatch(c);
	test_round_robin(c);
	test_all_complete(c);
	test_sched_blocking(c);
	test_sched_error(c);
	test_stacked(c);
	/* the scheduler's thread ends with its last thread: nothing may stay blocked */
	bss_release(c->sched);
	bss_release(c->victim);
	bss_printf("t_sched: %u check(s) failed\n", c->failed);
	return c->failed ? 1 : 0;
}
