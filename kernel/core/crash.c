/*
 * Crashes (docs/recovery.md): a server whose code faulted, failed an
 * assertion, hung or was killed is destroyed with everything it holds, and
 * none of its code runs again. Its destructors are not run either: its
 * state is what went wrong.
 *
 * At the crash, in whatever thread noticed it (a faulting thread, an
 * interrupt pseudo-thread, a killer), without blocking:
 *   - the server and its local servers are marked dead and crashed: calls
 *     through any reference to them throw BSS_E_DEAD from then on;
 *   - every thread with the server on its call chain is cancelled: woken
 *     from a wait a crash may end (bss_wait, a timer's sleep) or from the
 *     server's lock, it throws BSS_E_DEAD (errno ECANCELED) there, and the
 *     unwinding skips every catch inside a crashed server; a thread that
 *     would return into one throws instead (core_cancel_point);
 *   - a reaper thread is started for the rest, which may block.
 * The reaper (server.c, server_crash_destroy) then tells the holders of weak
 * references first (a supervisor can stop the device before its DMA memory
 * goes), and releases the local servers and every reference the server
 * holds: interrupt attachments, DMA memory, timeouts, queues, its required
 * services. The server's memory goes when the last reference to it does.
 */
#include "core.h"
#include "common/fmt.h"

#define REAPER_STACK (64 * 1024)

/* Does t run in, or return into, o? */
static bool on_chain(struct thread *t, struct server *o)
{
	if (t->cur == o)
		return true;
	for (struct frame *f = t->frames; f; f = f->prev)
		if (f->callee == o || f->caller == o)
			return true;
	return false;
}

/* Whether a crashed server is on t's chain from frame `from` outward, or is cur. */
bool core_chain_crashed(struct thread *t, struct frame *from, struct server *cur)
{
	(void)t;
	if (cur && cur->crashed)
		return true;
	for (struct frame *f = from; f; f = f->prev)
		if (f->callee->crashed || f->caller->crashed)
			return true;
	return false;
}

/* Wake t if it waits where a crash may end the wait; it throws when it runs. */
static void cancel(struct thread *t)
{
	t->cancel = 1;
	if (t->state == T_BLOCKED && t->unwait) {
		t->unwait(t);
		t->unwait = NULL;
		thread_make_runnable(t);
	}
}

static void reap(void *arg)
{
	struct server *o = arg;

	cur_thread->cur = kernel_server;
	cur_thread->reaper = 1;
	server_crash_destroy(o);
}

void core_crash(struct server *s, const char *why)
{
	struct server *o = s->owner;

	if (o->crashed || o->pinned || o->kind == SRV_KERNEL)
		return;
	o->crashed = 1;
	core_log("bss: %s crashed at %lu us: %s\n", server_name(o),
		 (unsigned long)(os_now_ns() / 1000), why);
	if (o->dead)
		return; /* its destructor went wrong: the destruction under way ends it */
	o->dead = 1;
	/* the reaper's hold: no reference going can free them before it is done */
	o->refs++;
	o->group_refs++;
	for (struct server *l = o->locals; l; l = l->next_local) {
		l->dead = 1;
		l->crashed = 1;
		l->refs++;
	}
	for (struct thread *t = all_threads; t; t = t->all_next)
		if (!t->cancel && on_chain(t, o)) {
			if (t == cur_thread)
				t->cancel = 1;
			else
				cancel(t);
		}
	/* threads waiting for its lock: they give up the wait (lock_take) */
	while (o->lock_waiters) {
		struct thread *w = o->lock_waiters;
		o->lock_waiters = w->next;
		w->cancel = 1;
		thread_make_runnable(w);
	}
	o->lock_waiters_tail = NULL;
	thread_make_runnable(thread_new(reap, o, REAPER_STACK));
}

_Noreturn void core_crash_throw(uint32_t id, int32_t err, const char *fmt, ...)
{
	struct thread *t = cur_thread;
	char msg[sizeof(t->err.msg)];
	va_list ap;

	va_start(ap, fmt);
	fmt_vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	core_crash(t->cur, msg);
	core_throw(id, err, "%s", msg);
}

/*
 * An error escaped a thread body, a timeout's body or an interrupt handler
 * of s (the kernel caught it): a BSS_FAILSTOP server crashes, as a fault
 * would have crashed it, so that its supervisor restarts it.
 */
void core_uncaught_in(struct server *s, const struct bss_error *err, const char *where)
{
	char why[sizeof(err->msg) + 48];

	if (!s || !s->owner->failstop || s->owner->crashed)
		return;
	fmt_snprintf(why, sizeof(why), "uncaught error in %s: %s", where, err->msg);
	core_crash(s, why);
}

struct thread *volatile core_hung;

/*
 * Where a hung thread may be running kernel code for long (a busy-wait
 * delay): if the watchdog marked it, the innermost loaded server on its
 * chain crashes and the thread throws, as if that server had faulted.
 */
void core_hang_point(void)
{
	struct thread *t = cur_thread;

	if (likely(t != core_hung))
		return;
	core_hung = NULL;
	struct server *s = t->cur->kind == SRV_KERNEL ? NULL : t->cur;
	for (struct frame *f = t->frames; f && !s; f = f->prev)
		if (f->caller->kind != SRV_KERNEL)
			s = f->caller;
	if (!s)
		return;
	core_crash(s, "hang (the watchdog found it in a kernel delay)");
	core_throw(BSS_E_FAULT, ETIMEDOUT, "hang in %s", server_name(s));
}

/*
 * A cancelled thread stops at the next wait a crash may end and wherever it
 * would run a crashed server's code again: throw.
 */
void core_cancel_point(struct thread *t)
{
	if (likely(!t->cancel))
		return;
	core_throw(BSS_E_DEAD, ECANCELED, "thread %u cancelled: a server it was in crashed", t->id);
}
