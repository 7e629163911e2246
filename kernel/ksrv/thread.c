/*
 * The thread factory (thesis 3.5.2) over the core's scheduler: a new thread
 * calls run() on the body it was given, then ends.
 */
#include "ksrv.h"

#define THREAD_STACK (128 * 1024)

KSRV_SERVICE(thread_desc, THREAD, void, kthread)

static void thread_body(void *arg)
{
	bss_ref_t body = (bss_ref_t)(uintptr_t)arg;
	struct bss_try u;

	/* runs as the kernel server, which holds the permanent reference */
	if (bss_sys_try(&u) == 0) {
		core_call(body, RUNNABLE_SVC_ID, RUNNABLE_FN_RUN, 0, 0, 0, 0);
		core_try_pop(&u);
		ref_release(body);
	} else {
		struct server *b = kernel_server->perm[H_PERM_IDX(body)].target;

		core_uncaught_in(b, &u.err, "a thread");
		bool crashed = b && b->crashed;
		ref_release(body);
		/* a thread of a crashed server ends quietly: the crash was reported (crash.c) */
		if (crashed)
			return;
		cur_thread->err = u.err;
		core_rethrow();
	}
}

uint32_t kthread_start(void *self, bss_ref_t body)
{
	(void)self;
	struct server *r = ref_resolve(body);
	bss_ref_t h = ref_new_perm(kernel_server, r);
	struct thread *t = thread_new(thread_body, (void *)(uintptr_t)h, THREAD_STACK);

	thread_make_runnable(t);
	return t->id;
}

void kthread_yield(void *self)
{
	(void)self;
	thread_requeue();
}

uint32_t kthread_self_id(void *self)
{
	(void)self;
	return cur_thread->id;
}

void ksrv_thread_init(void)
{
	ksrv_add(&thread_desc, "thread");
}
