/*
 * Automatic synchronization (thesis 3.4.1): at most one thread runs inside a
 * locked server. The lock lives in the owner (a local server shares its
 * parent's). Waiters queue FIFO and the lock is handed over directly on
 * release, so a waiting thread cannot be overtaken forever.
 *
 * Lazy locks. Threads switch only when one blocks (core.h), so a lock the
 * running thread takes and gives back without blocking is seen by nobody.
 * The call path (call.c) therefore locks an automatically locked callee
 * whose lock is free, and unlocks its caller for the call, only in the
 * frame (F_LAZY): lock_holder stays NULL. Invariant: a thread holds lazy
 * locks only while it runs; lock_commit makes them real before anything
 * else can look (the thread blocks, dispatches another thread, or unwinds).
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

/* One lazily held lock of t becomes real; nobody else can hold it (see above). */
static void commit_one(struct thread *t, struct server *s)
{
	if (!s->lock_holder) {
		s->lock_holder = t;
		s->lock_depth = 1;
	} else if (s->lock_holder == t) {
		s->lock_depth++;
	} else if (!s->crashed) { /* a crashed server's lock was given back (crashed_lock) */
		os_panic("lock_commit: a lazily held lock has another holder");
	}
}

/*
 * Make t's lazy locks real, innermost frame first. A lazily locked callee
 * is still held if no frame inside it dropped it for an outgoing call (the
 * innermost one, or a caller of atomic services); one that was dropped
 * stays free, and both frames' returns then do what the eager path does.
 */
void lock_commit(struct thread *t)
{
	bool held = true; /* the next frame's callee still holds its lock */

	for (struct frame *f = t->frames; f; f = f->prev) {
		if (f->locked == F_LAZY) {
			if (held)
				commit_one(t, f->callee);
			f->locked = F_REAL;
		}
		held = f->relock == F_NONE;
		if (f->relock == F_LAZY)
			f->relock = F_REAL;
	}
}

/*
 * The lock of a crashed server (crash.c) guards nothing any more: whoever
 * wants it gives it back at once and throws, since entering or returning
 * into the server would run its code. Interrupt pseudo-threads just return:
 * their handler is dead, so the interrupt path skips it.
 */
static void crashed_lock(struct thread *t, struct server *s)
{
	if (s->lock_holder == t) {
		s->lock_depth = 1;
		lock_release(t, s);
	}
	if (t->irq)
		return;
	t->cancel = 1;
	core_cancel_point(t);
}

/* Take s's lock for t, waiting if another thread holds it; no callback check. */
void lock_take(struct thread *t, struct server *s)
{
	if (likely(!s->lock_holder)) {
		s->lock_holder = t;
		s->lock_depth = 1;
		if (unlikely(s->crashed))
			crashed_lock(t, s);
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
	if (unlikely(s->crashed)) {
		crashed_lock(t, s);
		return;
	}
	/* lock_release handed the lock to us before waking us */
	if (s->lock_holder != t)
		os_panic("lock_take: woken without the lock");
}

/* Enter s's lock for a service call into it; throws on a forbidden callback. */
void lock_acquire(struct thread *t, struct server *s)
{
	if (unlikely(s->no_callbacks) && (s->lock_holder == t || thread_in_chain(t, s)))
		core_throw(BSS_E_CALLBACK, EDEADLK, "callback into %s, which forbids callbacks",
			   server_name(s));
	lock_take(t, s);
}

/* Caller holds s's lock. */
void lock_release(struct thread *t, struct server *s)
{
	if (s->lock_holder != t) {
		if (s->crashed)
			return; /* given back when it crashed (crashed_lock) */
		os_panic("lock_release: not the holder");
	}
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
