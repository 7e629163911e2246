/*
 * Threads (thesis 3.4, 4.1.2): contexts that are dispatched within a host
 * thread and block by returning to it. The core's scheduler is a FIFO run
 * queue driven from the boot thread; it is cooperative: a thread runs until
 * it blocks or ends.
 */
#include "core.h"
#include "space.h"
#include "ctx.h"

struct thread *cur_thread;
static struct thread boot;
static struct thread *runq_head, *runq_tail;
static uint32_t live_threads;
static uint32_t next_tid = 1;
struct thread *all_threads;
static struct thread *threads_tail;
uint64_t sched_switches;

struct thread *sched_boot_thread(void)
{
	boot.state = T_RUNNING;
	boot.cur = kernel_server;
	cur_thread = &boot;
	return &boot;
}

uint32_t sched_live_threads(void)
{
	return live_threads;
}

/* A context switch; the address spaces the context entered go with it. */
static void switch_to(uint64_t *save_sp, uint64_t new_sp)
{
	uint64_t spaces = os_space_ctx_save();

	ctx_switch(save_sp, new_sp);
	os_space_ctx_restore(spaces);
}

static _Noreturn void thread_start(void *arg)
{
	struct thread *t = arg;
	struct bss_error err;

	os_space_ctx_restore(0);
	if (core_trycall(t->entry, t->arg, &err) != 0) {
		t->err = err;
		core_report_uncaught(t);
	}
	ref_release_temps(t, 0);
	t->state = T_DONE;
	ctx_switch(&t->sp, t->host->sp);
	os_panic("thread_start: a finished thread was resumed");
}

struct thread *thread_new(void (*entry)(void *), void *arg, size_t stack_size)
{
	struct thread *t = core_alloc(sizeof(*t));

	t->stack = os_alloc_stack(stack_size);
	if (!t->stack) {
		core_free(t, sizeof(*t));
		core_throw(BSS_E_NOMEM, ENOMEM, "no memory for a %zu-byte thread stack",
			   stack_size);
	}
	t->stack_size = stack_size;
	t->entry = entry;
	t->arg = arg;
	t->cur = kernel_server;
	t->state = T_NEW;
	t->id = next_tid++;
	t->sp = ctx_init((char *)t->stack + stack_size, thread_start, t);
	live_threads++;
	t->all_prev = threads_tail;
	if (threads_tail)
		threads_tail->all_next = t;
	else
		all_threads = t;
	threads_tail = t;
	return t;
}

void thread_free(struct thread *t)
{
	if (t->all_prev || all_threads == t) {
		if (t->all_prev)
			t->all_prev->all_next = t->all_next;
		else
			all_threads = t->all_next;
		if (t->all_next)
			t->all_next->all_prev = t->all_prev;
		else
			threads_tail = t->all_prev;
	}
	os_free_stack(t->stack, t->stack_size);
	core_free(t->temps, t->temps_cap * sizeof(*t->temps));
	core_free(t, sizeof(*t));
	live_threads--;
}

void thread_make_runnable(struct thread *t)
{
	t->state = T_RUNNABLE;
	/* every wakeup passes here: a context goes to its scheduler instead */
	if (t->owner) {
		t->owner->runnable(t->owner);
		return;
	}
	t->next = NULL;
	if (runq_tail)
		runq_tail->next = t;
	else
		runq_head = t;
	runq_tail = t;
}

/* Run t inside the current thread until t blocks or ends. */
void thread_dispatch(struct thread *t)
{
	struct thread *host = cur_thread;

	lock_commit(host);  /* t may enter what the host holds lazily */
	temps_commit(host); /* and drop the last count of what its temporaries name */
	t->host = host;
	t->state = T_RUNNING;
	cur_thread = t;
	sched_switches++;
	switch_to(&host->sp, t->sp);
	cur_thread = host;
	if (t->state == T_DONE && !t->owner)
		thread_free(t);
}

/*
 * Interrupt handlers must not block (thesis 4.1.4): every operation that may
 * block asks first, so that it can throw before it queues the thread anywhere.
 */
void thread_may_block(void)
{
	if (unlikely(cur_thread->no_block))
		core_throw(BSS_E_INVAL, EAGAIN, "%s would block in an interrupt handler",
			   server_name(cur_thread->cur));
}

void thread_block(void)
{
	struct thread *t = cur_thread;

	if (unlikely(t->no_block))
		os_panic("thread_block: an interrupt handler blocked");
	if (!t->host)
		os_panic("thread_block: the boot thread cannot block");
	lock_commit(t);
	temps_commit(t);
	if (t->state == T_RUNNING)
		t->state = T_BLOCKED;
	switch_to(&t->sp, t->host->sp);
}

void thread_requeue(void)
{
	thread_may_block();
	thread_make_runnable(cur_thread);
	thread_block();
	core_cancel_point(cur_thread);
}

void sched_run(void)
{
	for (;;) {
		while (runq_head) {
			struct thread *t = runq_head;
			runq_head = t->next;
			if (!runq_head)
				runq_tail = NULL;
			thread_dispatch(t);
			os_poll_interrupts();
		}
		if (!live_threads || !os_idle())
			return;
		sched_switches++;
	}
}
