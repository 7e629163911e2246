/*
 * Errors (thesis 3.4.3): throw unwinds service calls up to the nearest try,
 * releasing the temporary references and locks of every call it leaves, and
 * resumes at the catch with the error ID, errno and message. An error no
 * server catches ends the thread's operation and is reported once.
 */
#include "core.h"
#include "space.h"
#include "common/fmt.h"

void core_log(const char *fmt, ...)
{
	char buf[256];
	va_list ap;

	va_start(ap, fmt);
	int n = fmt_vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	os_debug_write(buf, n < (int)sizeof(buf) ? (size_t)n : sizeof(buf) - 1);
}

struct jmpctx *core_try_push(struct bss_try *user)
{
	struct thread *t = cur_thread;

	if (t->ntries == BSS_MAX_TRIES)
		core_throw(BSS_E_LIMIT, ENOMEM, "try blocks nested deeper than %d", BSS_MAX_TRIES);
	struct tryrec *r = &t->tries[t->ntries++];
	r->runtime = 0;
	r->user = user;
	r->frame = t->frames;
	r->server = t->cur;
	return &r->ctx;
}

void core_try_pop(struct bss_try *user)
{
	struct thread *t = cur_thread;

	if (!t->ntries || t->tries[t->ntries - 1].user != user ||
	    t->tries[t->ntries - 1].frame != t->frames)
		core_throw(BSS_E_INVAL, EINVAL, "bss_try_leave without a matching try");
	t->ntries--;
}

_Noreturn void core_rethrow(void)
{
	struct thread *t = cur_thread;

	/*
	 * A copy: destructors run by the unwinding below push try records of
	 * their own. A crashed server's code never runs again, so neither do
	 * its catches (crash.c).
	 */
	struct tryrec rec;
	do {
		if (!t->ntries)
			os_panic("core_rethrow: error with no try record on the thread");
		rec = t->tries[--t->ntries];
	} while (unlikely(rec.server->crashed) && !rec.runtime);
	struct tryrec *r = &rec;
	lock_commit(t);		  /* below, every lock a frame holds is real */
	bool callee_holds = true; /* the innermost callee is running: it holds its lock */
	bool relock = false;

	t->unwinding++;
	while (t->frames != r->frame) {
		struct frame *f = t->frames;
		if (!f)
			os_panic("core_rethrow: try record below the frame stack");
		ref_release_temps(t, f->temp_top);
		/* a destructor that ran may have made the frame's lock lazy again: nothing to
		 * release */
		if (f->locked == F_REAL && callee_holds)
			lock_release(t, f->callee);
		callee_holds = !f->relock;
		relock = f->relock;
		t->cur = f->caller;
		t->frames = f->prev;
		frame_unhold(f);
	}
	t->unwinding--;
	/* Only the catching server runs again: it alone gets its lock back. */
	if (relock && !r->server->crashed)
		lock_take(t, r->server);
	/* caught outside every crashed server: the thread goes on */
	if (unlikely(t->cancel) && !core_chain_crashed(t, r->frame, r->server))
		t->cancel = 0;
	r->user->err = t->err;
	os_space_unwind(r->ctx.rsp);
	jmp_resume(&r->ctx, 1);
}

_Noreturn void core_throw(uint32_t id, int32_t err, const char *fmt, ...)
{
	struct thread *t = cur_thread;
	va_list ap;

	t->err.id = id;
	t->err.err = err;
	va_start(ap, fmt);
	fmt_vsnprintf(t->err.msg, sizeof(t->err.msg), fmt, ap);
	va_end(ap);
	core_rethrow();
}

/* Run fn(arg) under a try; 0 if it returned, -1 with *err filled if it threw. */
int core_trycall(void (*fn)(void *), void *arg, struct bss_error *err)
{
	struct bss_try u;

	if (bss_sys_try(&u) == 0) {
		/*
		 * The runtime's try (a destructor, a thread's end): it catches
		 * whatever the server it runs in is, crashed or not, so that the
		 * runtime's bookkeeping after it is always done.
		 */
		cur_thread->tries[cur_thread->ntries - 1].runtime = 1;
		fn(arg);
		core_try_pop(&u);
		return 0;
	}
	*err = u.err;
	return -1;
}

void core_report_uncaught(struct thread *t)
{
	core_log("bss: uncaught error in thread %u: %s (error %u, errno %d)\n", t->id, t->err.msg,
		 t->err.id, t->err.err);
}
