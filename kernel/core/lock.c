/*
 * Automatic synchronization (thesis 3.4.1): at most one thread runs inside a
 * locked server. The lock lives in the owner (a local server shares its
 * parent's). Waiters queue FIFO and the lock is handed over directly on
 * release, so a waiting thread cannot be overtaken forever.
 */
#include "core.h"

static void enqueue_waiter(struct server *s, struct thread *t)
{
	t->next = NULL;
	if (s->lock_waiters_tail)
		s->lock_waiters_tail->next = t;
	else
		s->lock_waiters = t;
	s->lock_waiters_tail = t;
}

/* Is owner already on t's service call chain (a callback)? */
bool thread_in_chain(struct thread *t, struct server *owner)
{
	for (struct frame *f = t->frames; f; f = f->prev)
		if (f->caller == owner)
			return true;
	return false;
}

/* Take s's lock for t, waiting if another thread holds it; no callback check. */
void lock_take(struct thread *t, struct server *s)
{
	if (likely(!s->lock_holder)) {
		s->lock_holder = t;
		s->lock_depth = 1;
		return;
	}
	if (s->lock_holder == t) {
		s->lock_depth++;
		return;
	}
	thread_may_block();
	enqueue_waiter(s, t);
	t->blocked_on = s;
	thread_block();
	t->blocked_on = NULL;
	/* lock_release handed the lock to us before waking us */
	if (s->lock_holder != t)
		os_panic("lock_take: woken without the lock");
}

/* Enter s's lock for a service call into it; throws on a forbidden callback. */
void lock_acquire(struct thread *t, struct server *s)
{
	if (unlikely(s->no_callbacks) && (s->lock_holder == t || thread_in_chain(t, s)))
		core_throw(BSS_E_CALLBACK, 35 /* EDEADLK */, "callback into %s, which forbids callbacks",
			   server_name(s));
	lock_take(t, s);
}

/* Caller holds s's lock. */
void lock_release(struct thread *t, struct server *s)
{
	if (s->lock_holder != t)
		os_panic("lock_release: not the holder");
	if (--s->lock_depth)
		return;
	struct thread *w = s->lock_waiters;
	if (!w) {
		s->lock_holder = NULL;
		return;
	}
	s->lock_waiters = w->next;
	if (!s->lock_waiters)
		s->lock_waiters_tail = NULL;
	s->lock_holder = w;
	s->lock_depth = 1;
	/*
	 * An interrupt whose handler's owner was locked waits here as an
	 * interrupt pseudo-thread (kernel/ksrv/irq.c); it is delivered now,
	 * within the releasing thread, instead of waiting for the scheduler.
	 */
	if (unlikely(w->irq))
		thread_dispatch(w);
	else
		thread_make_runnable(w);
}
