// SPDX-License-Identifier: GPL-2.0
/* Work items and kernel timers: a one-shot timer whose body is a runnable local server. */
#include <linux/kernel.h>
#include <linux/workqueue.h>
#include <linux/jiffies.h>
#include <linux/timer.h>

BSS_LOCAL_SERVER(linux_work_server, RUNNABLE, struct work_struct, linux_work);

static u32 works_running; /* work functions running now */

void linux_work_run(struct work_struct *w)
{
	if (!w->pending)
		return; /* cancelled after the timer fired */
	w->pending = 0;
	w->running = 1;
	works_running++;
	w->func(w);
	w->running = 0;
	bss_wake((uintptr_t)w, 0);
	if (!--works_running)
		bss_wake((uintptr_t)&works_running, 0);
}

/* Linux waits for the work queued when it is called: here, what runs. */
void flush_scheduled_work(void)
{
	while (works_running)
		bss_wait((uintptr_t)&works_running);
}

static void arm(struct work_struct *w, unsigned long delay)
{
	if (w->timeout)
		bss_release(w->timeout);
	w->timeout = bss_keep(timer_after_us(LINUX_TIMER, jiffies_to_usecs(delay), 0,
					     bss_local(&linux_work_server, w)));
}

/*
 * Work queued in the interrupt path (e1000's link interrupt queues its
 * watchdog): the handler must not call the timer service, so it links the
 * work here and wakes this thread, which arms the timer.
 */
static struct work_struct *irq_works;
static bool irq_thread_started;
struct linux_workq {
	int unused;
};
static struct linux_workq workq;

BSS_LOCAL_SERVER(linux_workq_server, RUNNABLE, struct linux_workq, linux_workq);

void linux_workq_run(struct linux_workq *q)
{
	struct work_struct *w;

	(void)q;
	for (;;) {
		while (!irq_works)
			bss_wait((uintptr_t)&irq_works);
		w = irq_works;
		irq_works = w->next_irq;
		w->next_irq = NULL;
		w->in_irq_list = false;
		if (w->pending) /* not cancelled meanwhile */
			arm(w, w->delay);
	}
}

void linux_init_work(struct work_struct *w, work_func_t func)
{
	memset(w, 0, sizeof(*w));
	w->func = func;
	if (!irq_thread_started) {
		irq_thread_started = true;
		thread_start(LINUX_THREAD, bss_local(&linux_workq_server, &workq));
	}
}

bool linux_queue_work(struct work_struct *w, unsigned long delay)
{
	if (w->pending)
		return false;
	w->pending = 1;
	if (linux_in_irq) {
		w->delay = delay;
		if (!w->in_irq_list) {
			w->in_irq_list = true;
			w->next_irq = irq_works;
			irq_works = w;
		}
		bss_wake((uintptr_t)&irq_works, 0);
		return true;
	}
	arm(w, delay);
	return true;
}

bool cancel_work_sync(struct work_struct *w)
{
	bool was_pending = w->pending;

	w->pending = 0;
	if (w->timeout) {
		timeout_cancel(w->timeout);
		bss_release(w->timeout);
		w->timeout = 0;
	}
	while (w->running)
		bss_wait((uintptr_t)w);
	return was_pending;
}

/* ---- struct timer_list ---- */

static void linux_timer_fire(struct work_struct *w)
{
	struct timer_list *t = container_of(w, struct timer_list, dw.work);

	t->function(t);
}

void timer_setup(struct timer_list *t, void (*fn)(struct timer_list *), unsigned int flags)
{
	(void)flags;
	INIT_DELAYED_WORK(&t->dw, linux_timer_fire);
	t->function = fn;
}

/* Re-arms without waiting for a running callback: the callback may be the caller. */
int mod_timer(struct timer_list *t, unsigned long expires)
{
	struct work_struct *w = &t->dw.work;
	int was_pending = w->pending;
	long delay = (long)(expires - jiffies);

	w->pending = 0;
	if (w->timeout) {
		timeout_cancel(w->timeout);
		bss_release(w->timeout);
		w->timeout = 0;
	}
	t->expires = expires;
	linux_queue_work(w, delay > 0 ? delay : 0);
	return was_pending;
}

int del_timer_sync(struct timer_list *t)
{
	return cancel_delayed_work_sync(&t->dw);
}
