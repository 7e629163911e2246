/*
 * The hosted timer server: time, and sleeping threads that the idle loop
 * wakes when their deadline passes.
 */
#include "hosted.h"

#include <string.h>
#include <time.h>

#define SVC_TIMER 0x00000003u
#define SVC_TIMEOUT 0x00000019u
#define SVC_RUNNABLE 0x00000102u

struct sleeper {
	struct thread *t;
	uint64_t deadline;
	struct sleeper *next;
};

static struct sleeper *sleepers; /* sorted by deadline */

static uint64_t timer_now(void *self)
{
	(void)self;
	return os_now_ns();
}

static void timer_sleep(void *self, uint64_t us)
{
	(void)self;
	struct sleeper s = { cur_thread, os_now_ns() + us * 1000, NULL };
	struct sleeper **pp = &sleepers;

	while (*pp && (*pp)->deadline <= s.deadline)
		pp = &(*pp)->next;
	s.next = *pp;
	*pp = &s;
	thread_block();
}

static void timer_delay(void *self, uint32_t us)
{
	(void)self;
	uint64_t end = os_now_ns() + (uint64_t)us * 1000;

	while (os_now_ns() < end)
		;
}

/*
 * A pending timeout: a thread sleeps until the deadline and calls the body.
 * The record is shared by that thread and the timeout server; whichever ends
 * last frees it.
 */
struct tmo {
	bss_ref_t body;     /* permanent reference of the kernel server */
	uint64_t deadline;
	uint64_t period_ns;
	int cancelled;
	int users;
};

static const struct bss_service_desc *tmo_desc;

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

static void tmo_cancel(struct tmo *m)
{
	m->cancelled = 1;
}

static void tmo_dtor(struct tmo *m)
{
	m->cancelled = 1;
	tmo_put(m);
}

/* Runs as the kernel server, which holds the body's reference. */
static void tmo_run(struct tmo *m)
{
	struct thread *t = cur_thread;
	struct server *saved = t->cur;

	t->cur = kernel_server;
	core_call(m->body, SVC_RUNNABLE, 0, 0, 0, 0, 0);
	t->cur = saved;
}

static void sleep_until(uint64_t deadline)
{
	uint64_t now = os_now_ns();

	if (deadline > now)
		timer_sleep(NULL, (deadline - now + 999) / 1000);
}

static void tmo_thread(void *arg)
{
	struct tmo *m = arg;

	for (;;) {
		sleep_until(m->deadline);
		if (m->cancelled)
			break;
		struct bss_error err;
		if (core_trycall((void (*)(void *))tmo_run, m, &err))
			core_log("bss: timeout body failed: %s (error %u)\n", err.msg, err.id);
		if (!m->period_ns || m->cancelled)
			break;
		m->deadline += m->period_ns;
	}
	tmo_put(m);
}

static bss_ref_t timer_after(void *self, uint64_t us, uint64_t period_us, bss_ref_t body)
{
	(void)self;
	struct server *b = ref_resolve(body);
	struct tmo *m = core_alloc(sizeof(*m));

	m->body = ref_new_perm(kernel_server, b);
	m->deadline = os_now_ns() + us * 1000;
	m->period_ns = period_us * 1000;
	m->users = 2;
	struct server *s = server_new_kernel(SVC_TIMEOUT, tmo_desc, m, "timeout", BSS_THREADSAFE);
	s->dtor = (bss_fn_t)tmo_dtor;
	struct thread *t = thread_new(tmo_thread, m, 64 * 1024);
	thread_make_runnable(t);
	return ref_new_temp(cur_thread, cur_thread->cur, s);
}

/* Wake every thread whose deadline passed, sleeping until the first one if none has. */
int timer_idle(void)
{
	if (!sleepers)
		return 0;
	uint64_t now = os_now_ns();
	if (sleepers->deadline > now) {
		uint64_t d = sleepers->deadline - now;
		struct timespec ts = { (time_t)(d / 1000000000ull), (long)(d % 1000000000ull) };
		nanosleep(&ts, NULL);
		now = os_now_ns();
	}
	while (sleepers && sleepers->deadline <= now) {
		struct sleeper *s = sleepers;
		sleepers = s->next;
		thread_make_runnable(s->t);
	}
	return 1;
}

static void fill_desc(struct bss_service_desc *desc, uint32_t id, const bss_fn_t *fns, unsigned n)
{
	const struct bss_svc_def *d = svc_lookup(id);

	if (!d || d->nfuncs != n)
		os_panic("timer: server does not match its service definition");
	desc->svc_id = id;
	desc->nfuncs = n;
	for (unsigned i = 0; i < n; i++) {
		desc->funcs[i] = fns[i];
		strncpy(desc->sigs[i], d->sigs[i], BSS_SIG_LEN - 1);
	}
}

struct server *timer_server(void)
{
	static const bss_fn_t fns[] = { (bss_fn_t)timer_now, (bss_fn_t)timer_sleep,
					(bss_fn_t)timer_delay, (bss_fn_t)timer_after };
	static const bss_fn_t tfns[] = { (bss_fn_t)tmo_cancel };
	static struct bss_service_desc desc, tdesc;

	fill_desc(&desc, SVC_TIMER, fns, 4);
	fill_desc(&tdesc, SVC_TIMEOUT, tfns, 1);
	tmo_desc = &tdesc;
	struct server *s = server_new_kernel(SVC_TIMER, &desc, NULL, "timer", BSS_THREADSAFE);
	s->pinned = 1;
	return s;
}
