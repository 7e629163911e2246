/*
 * The thread factory (thesis 3.5.2) over the core's scheduler: a new thread
 * calls run() on the body it was given, then ends.
 */
#include "ksrv.h"

#define THREAD_STACK (128 * 1024)

static void thread_body(void *arg)
{
	bss_ref_t body = (bss_ref_t)(uintptr_t)arg;
	struct bss_try u;

	/* runs as the kernel server, which holds the permanent reference */
	if (bss_sys_try(&u) == 0) {
		core_call(body, SVC_RUNNABLE, 0, 0, 0, 0, 0);
		core_try_pop(&u);
		ref_release(body);
	} else {
		ref_release(body);
		cur_thread->err = u.err;
		core_rethrow();
	}
}

static uint32_t thread_start_fn(void *self, bss_ref_t body)
{
	(void)self;
	struct server *r = ref_resolve(body);
	bss_ref_t h = ref_new_perm(kernel_server, r);
	struct thread *t = thread_new(thread_body, (void *)(uintptr_t)h, THREAD_STACK);

	thread_make_runnable(t);
	return t->id;
}

static void thread_yield_fn(void *self)
{
	(void)self;
	thread_yield();
}

static uint32_t thread_self_fn(void *self)
{
	(void)self;
	return cur_thread->id;
}

void ksrv_thread_init(void)
{
	static const bss_fn_t fns[] = { (bss_fn_t)thread_start_fn, (bss_fn_t)thread_yield_fn,
					(bss_fn_t)thread_self_fn };

	ksrv_add(SVC_THREAD, fns, 3, "thread");
}
