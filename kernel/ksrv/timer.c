/*
 * The timer service: time, sleeping threads that the runtime's idle loop
 * wakes when their deadline passes, busy-wait delays, and timeouts (one-shot
 * or periodic), each run by a thread of its own.
 */
#include "ksrv.h"

struct sleeper {
	struct thread *t;
	uint64_t deadline;
	struct sleeper *next;
};

static struct sleeper *sleepers; /* sorted by deadline */

uint64_t ksrv_timer_next(void)
{
	return sleepers ? sleepers->deadline : UINT64_MAX;
}

void ksrv_timer_wake(uint64_t now)
{
	while (sleepers && sleepers->deadline <= now) {
		struct sleeper *s = sleepers;
		sleepers = s->next;
		thread_make_runnable(s->t);
	}
}

/* Takes t's sleep off the list (a crash or a cancelled timeout ends it early). */
static void unsleep(struct thread *t)
{
	for (struct sleeper **pp = &sleepers; *pp; pp = &(*pp)->next)
		if ((*pp)->t == t) {
			*pp = (*pp)->next;
			return;
		}
}

void ksrv_sleep_until(uint64_t deadline)
{
	struct thread *t = cur_thread;
	struct sleeper s = {t, deadline, NULL};
	struct sleeper **pp = &sleepers;

	thread_may_block();
	core_cancel_point(t);
	while (*pp && (*pp)->deadline <= s.deadline)
		pp = &(*pp)->next;
	s.next = *pp;
	*pp = &s;
	t->unwait = unsleep;
	thread_block();
	t->unwait = NULL;
	core_cancel_point(t);
}

uint64_t ktimer_now_ns(void *self)
{
	(void)self;
	return os_now_ns();
}

void ktimer_sleep_us(void *self, uint64_t us)
{
	(void)self;
	ksrv_sleep_until(os_now_ns() + us * 1000);
}

void ktimer_delay_us(void *self, uint32_t us)
{
	(void)self;
	uint64_t end = os_now_ns() + (uint64_t)us * 1000;

	while (os_now_ns() < end) {
		__asm__ volatile("pause");
		core_hang_point();
	}
}

/*
 * A pending timeout: a thread sleeps until the deadline and calls the body.
 * The record is shared by that thread and the timeout server; whichever ends
 * last frees it.
 */
struct tmo {
	bss_ref_t body; /* permanent reference of the kernel server */
	uint64_t deadline;
	uint64_t period_ns;
	int cancelled;
	int users;
	struct thread *t; /* its thread, while it sleeps */
};

KSRV_SERVICE(timeout_desc, TIMEOUT, struct tmo, ktimeout)
KSRV_SERVICE(timer_desc, TIMER, void, ktimer)

static void tmo_put(struct tmo *m)
{
	if (--m->users == 0) {
		struct thread *t = cur_thread;
		struct server *saved = t->cur;
		t->cur = kernel_server;
		ref_release(m->body);
		t->cur = saved;
		core_free(m, sizeof(*m));
	}
}

/*
 * A cancelled timeout's thread ends now, not at the deadline: it holds the
 * body, and with it the body's server (which may have crashed, crash.c).
 */
void ktimeout_cancel(struct tmo *m)
{
	m->cancelled = 1;
	if (m->t && m->t->state == T_BLOCKED) {
		unsleep(m->t);
		m->t->unwait = NULL;
		thread_make_runnable(m->t);
		m->t = NULL;
	}
}

static void tmo_dtor(struct tmo *m)
{
	ktimeout_cancel(m);
	tmo_put(m);
}

/* Runs as the kernel server, which holds the body's reference. */
static void tmo_run(void *arg)
{
	struct tmo *m = arg;
	struct thread *t = cur_thread;
	struct server *saved = t->cur;

	t->cur = kernel_server;
	core_call(m->body, RUNNABLE_SVC_ID, RUNNABLE_FN_RUN, 0, 0, 0, 0);
	t->cur = saved;
}

static void tmo_thread(void *arg)
{
	struct tmo *m = arg;

	for (;;) {
		if (m->deadline > os_now_ns() && !m->cancelled) {
			m->t = cur_thread;
			ksrv_sleep_until(m->deadline);
			m->t = NULL;
		}
		if (m->cancelled)
			break;
		struct bss_error err;
		struct server *saved = cur_thread->cur;
		if (core_trycall(tmo_run, m, &err)) {
			cur_thread->cur = saved;
			core_uncaught_in(kernel_server->perm[H_PERM_IDX(m->body)].target, &err,
					 "a timeout");
			if (err.id == BSS_E_DEAD || err.id == BSS_E_FAULT)
				break; /* the body's server is gone (crash.c): nothing to run */
			core_log("bss: timeout body failed: %s (error %u)\n", err.msg, err.id);
		}
		if (!m->period_ns || m->cancelled)
			break;
		m->deadline += m->period_ns;
	}
	tmo_put(m);
}

bss_ref_t ktimer_after_us(void *self, uint64_t us, uint64_t period_us, bss_ref_t body)
{
	(void)self;
	struct server *b = ref_resolve(body);
	struct tmo *m = core_alloc(sizeof(*m));

	m->body = ref_new_perm(kernel_server, b);
	m->deadline = os_now_ns() + us * 1000;
	m->period_ns = period_us * 1000;
	m->users = 2;
	bss_ref_t h = ksrv_object(&timeout_desc, m, "timeout", (bss_fn_t)tmo_dtor);
	struct thread *t = thread_new(tmo_thread, m, 64 * 1024);
	thread_make_runnable(t);
	return h;
}

void ksrv_timer_init(void)
{
	ksrv_add(&timer_desc, "timer");
}
