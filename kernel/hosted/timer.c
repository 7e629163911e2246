/*
 * The hosted timer server: time, and sleeping threads that the idle loop
 * wakes when their deadline passes.
 */
#include "hosted.h"

#include <string.h>
#include <time.h>

#define SVC_TIMER 0x00000003u

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

struct server *timer_server(void)
{
	static const bss_fn_t fns[] = { (bss_fn_t)timer_now, (bss_fn_t)timer_sleep };
	static struct bss_service_desc desc;
	const struct bss_svc_def *d = svc_lookup(SVC_TIMER);

	desc.svc_id = SVC_TIMER;
	desc.nfuncs = 2;
	for (unsigned i = 0; i < 2; i++) {
		desc.funcs[i] = fns[i];
		strncpy(desc.sigs[i], d->sigs[i], BSS_SIG_LEN - 1);
	}
	struct server *s = server_new_kernel(SVC_TIMER, &desc, NULL, "timer", BSS_THREADSAFE);
	s->pinned = 1;
	return s;
}
