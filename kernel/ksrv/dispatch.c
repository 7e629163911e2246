/*
 * The low-level thread service (thesis 3.5.2, 4.1.2), services/dispatch.svc
 * and services/context.svc: contexts are threads the core never runs by
 * itself. Someone dispatches a context inside its own thread (thread_dispatch:
 * the caller becomes the context's host) and gets control back when the
 * context blocks, yields or ends. A scheduler server builds the thread factory
 * on this (servers/sched/).
 *
 * Wakeups: every context has an owner hook (struct thread_owner, core.h), so
 * when the core makes it runnable (lock handover, bss_wake, a timer, yield)
 * it lands on its domain's ready list instead of the core's run queue, and
 * the domain's waiter (a scheduler in wait_runnable) is woken.
 *
 * Scheduling stays cooperative, like the core's: nothing preempts a context.
 * Interrupts only arrive between threads (docs/kernel-services.md), so a
 * timer-driven preemption call would have nothing to interrupt.
 */
#include "ksrv.h"

#define CTX_STACK (128 * 1024)

/* What state() and dispatch() return: the numbers of services/context.svc. */
enum { CTX_RUNNABLE, CTX_BLOCKED, CTX_ENDED, CTX_FAILED, CTX_RUNNING };

struct domain {
	struct ctx *ready_head, *ready_tail; /* runnable contexts, oldest first */
	struct thread *waiter;		     /* blocked in wait_runnable */
	uint32_t live;			     /* contexts that may still run */
	uint32_t users;			     /* its server (the root's never goes) + its contexts */
};

struct ctx {
	struct thread_owner owner; /* first: the core hands us &owner */
	struct thread *t;	   /* NULL before the thread exists and once it ended */
	struct domain *dom;	   /* NULL once orphaned */
	struct ctx *rnext, *rprev; /* the domain's ready list */
	uint64_t tag;
	uint64_t cpu_ns;
	uint32_t tid;	/* its thread's ID, kept after the thread is gone */
	bss_ref_t body; /* permanent reference of the kernel server; 0: released */
	uint8_t queued, started, ended, failed, live, orphan;
};

static struct domain root = {.users = 1};
KSRV_SERVICE(dispatch_desc, DISPATCH, struct domain, kdispatch)
KSRV_SERVICE(context_desc, CONTEXT, struct ctx, kcontext)

static void dom_put(struct domain *d)
{
	if (--d->users == 0)
		core_free(d, sizeof(*d));
}

static void unqueue(struct ctx *c)
{
	struct domain *d = c->dom;

	if (!c->queued)
		return;
	if (c->rprev)
		c->rprev->rnext = c->rnext;
	else
		d->ready_head = c->rnext;
	if (c->rnext)
		c->rnext->rprev = c->rprev;
	else
		d->ready_tail = c->rprev;
	c->rnext = c->rprev = NULL;
	c->queued = 0;
}

static void wake_waiter(struct domain *d)
{
	struct thread *w = d->waiter;

	if (w) {
		d->waiter = NULL;
		thread_make_runnable(w); /* a scheduler may itself be a context */
	}
}

/* The core's wakeup of a context (thread_make_runnable): queue it. */
static void ctx_runnable(struct thread_owner *o)
{
	struct ctx *c = (struct ctx *)o;
	struct domain *d = c->dom;

	if (!c->queued) {
		c->queued = 1;
		c->rnext = NULL;
		c->rprev = d->ready_tail;
		if (d->ready_tail)
			d->ready_tail->rnext = c;
		else
			d->ready_head = c;
		d->ready_tail = c;
	}
	wake_waiter(d);
}

/* The context can never run again under its domain. */
static void drop_live(struct ctx *c)
{
	if (!c->live)
		return;
	c->live = 0;
	/* a waiter with nothing left to wait for must learn it (wait_runnable returns 0) */
	if (--c->dom->live == 0)
		wake_waiter(c->dom);
}

static void release_body(struct ctx *c)
{
	struct thread *t = cur_thread;
	struct server *saved = t->cur;

	if (!c->body)
		return;
	t->cur = kernel_server; /* the holder of the reference */
	ref_release(c->body);
	t->cur = saved;
	c->body = 0;
}

/* ---- the context's own thread ---- */

static void ctx_run(void *arg)
{
	struct ctx *c = arg;

	cur_thread->cur = kernel_server;
	core_call(c->body, RUNNABLE_SVC_ID, RUNNABLE_FN_RUN, 0, 0, 0, 0);
}

static void ctx_entry(void *arg)
{
	struct ctx *c = arg;
	struct thread *t = cur_thread;
	struct server *saved = t->cur;
	struct bss_error err;

	/*
	 * The error is caught here rather than in the core's thread_start so
	 * that the context records that it failed; it is reported the same
	 * way, once, and ends this context only.
	 */
	if (core_trycall(ctx_run, c, &err)) {
		c->failed = 1;
		t->err = err;
		core_report_uncaught(t);
	}
	t->cur = saved;
	release_body(c);
	if (c->orphan) /* nobody refers to the record any more */
		core_free(c, sizeof(*c));
}

/* ---- the context service ---- */

static uint32_t ctx_state_of(struct ctx *c)
{
	if (!c->t)
		return c->failed ? CTX_FAILED : c->ended ? CTX_ENDED : CTX_BLOCKED;
	switch (c->t->state) {
	case T_RUNNING:
		return CTX_RUNNING;
	case T_BLOCKED:
		return CTX_BLOCKED;
	default:
		return CTX_RUNNABLE;
	}
}

uint32_t kcontext_dispatch(struct ctx *c)
{
	struct thread *t = c->t;
	uint32_t st = ctx_state_of(c);

	if (st == CTX_RUNNING)
		core_throw(BSS_E_INVAL, EBUSY, "context %u is already running", t->id);
	if (st != CTX_RUNNABLE)
		return st;
	unqueue(c);
	c->started = 1;
	uint64_t t0 = os_now_ns();
	thread_dispatch(t); /* back here when it blocks, yields or ends */
	c->cpu_ns += os_now_ns() - t0;
	os_poll_interrupts(); /* between two threads, as the core's loop does */
	if (t->state != T_DONE)
		return ctx_state_of(c);
	/* owned threads are left to us by the core: the stack goes now */
	c->t = NULL;
	c->ended = 1;
	thread_free(t);
	drop_live(c);
	return c->failed ? CTX_FAILED : CTX_ENDED;
}

uint32_t kcontext_state(struct ctx *c)
{
	return ctx_state_of(c);
}

uint64_t kcontext_cpu_ns(struct ctx *c)
{
	return c->cpu_ns;
}

uint32_t kcontext_id(struct ctx *c)
{
	return c->tid;
}

static void ctx_dtor(struct ctx *c)
{
	struct domain *d = c->dom;
	struct thread *t = c->t;

	unqueue(c);
	drop_live(c);
	c->dom = NULL;
	dom_put(d);
	if (t && c->started) {
		/*
		 * It may hold locks and references deep in other servers: only
		 * running it to its end gives them back. The core's own
		 * scheduler adopts it; ctx_entry frees the record at the end.
		 */
		c->orphan = 1;
		t->owner = NULL;
		if (t->state == T_RUNNABLE)
			thread_make_runnable(t);
		return;
	}
	release_body(c);
	if (t)
		thread_free(t);
	core_free(c, sizeof(*c));
}

/* ---- the dispatch service: a domain ---- */

bss_ref_t kdispatch_create(struct domain *d, bss_ref_t body, uint64_t tag)
{
	struct server *r = ref_resolve(body);
	struct ctx *c = core_alloc(sizeof(*c));

	c->owner.runnable = ctx_runnable;
	c->tag = tag;
	c->dom = d;
	d->users++;
	/* from here on, an error unwinding the call releases h and ctx_dtor cleans up */
	bss_ref_t h = ksrv_object(&context_desc, c, "context", (bss_fn_t)ctx_dtor);
	c->body = ref_new_perm(kernel_server, r);
	c->t = thread_new(ctx_entry, c, CTX_STACK);
	c->t->owner = &c->owner;
	c->tid = c->t->id;
	c->live = 1;
	d->live++;
	ctx_runnable(&c->owner); /* a new context is runnable */
	return h;
}

uint32_t kdispatch_wait_runnable(struct domain *d, void *out, uint32_t size)
{
	uint64_t *tags = out;
	uint32_t n = 0;

	if (size < sizeof(*tags))
		core_throw(BSS_E_INVAL, EINVAL, "wait_runnable: room for no tag");
	while (!d->ready_head) {
		if (!d->live)
			return 0;
		if (d->waiter)
			core_throw(BSS_E_INVAL, EBUSY, "wait_runnable: domain has a waiter");
		thread_may_block();
		d->waiter = cur_thread;
		thread_block();
		if (d->waiter == cur_thread) /* woken by something else */
			d->waiter = NULL;
	}
	while (d->ready_head && (n + 1) * sizeof(*tags) <= size) {
		struct ctx *c = d->ready_head;
		tags[n++] = c->tag;
		unqueue(c);
	}
	return n;
}

void kdispatch_yield(struct domain *d)
{
	(void)d;
	thread_requeue();
}

uint32_t kdispatch_self_id(struct domain *d)
{
	(void)d;
	return cur_thread->id;
}

static void dom_dtor(struct domain *d)
{
	dom_put(d);
}

bss_ref_t kdispatch_domain(struct domain *parent)
{
	(void)parent;
	struct domain *d = core_alloc(sizeof(*d));

	d->users = 1;
	return ksrv_object(&dispatch_desc, d, "dispatch", (bss_fn_t)dom_dtor);
}

void ksrv_dispatch_init(void)
{
	/* the kernel's server is a domain too: ksrv_add would give it no private data */
	struct server *s = server_new_kernel(DISPATCH_SVC_ID, &dispatch_desc, &root, "dispatch",
					     BSS_THREADSAFE);
	s->pinned = 1;
	ksrv_register(s);
}
