// SPDX-License-Identifier: GPL-2.0
/* Delayed work and kernel timers: a one-shot timer whose body is a runnable local server. */
#include <linux/kernel.h>
#include <linux/workqueue.h>
#include <linux/jiffies.h>
#include <linux/timer.h>

BSS_LOCAL_SERVER(linux_work_server, RUNNABLE, struct delayed_work, linux_work);

static u32 works_running;	/* work functions running now */

void linux_work_run(struct delayed_work *dw)
{
	if (!dw->pending)
		return;		/* cancelled after the timer fired */
	dw->pending = 0;
	dw->running = 1;
	works_running++;
	dw->work.func(&dw->work);
	dw->running = 0;
	bss_wake((uintptr_t)dw, 0);
	if (!--works_running)
		bss_wake((uintptr_t)&works_running, 0);
}

/* Linux waits for the work queued when it is called: here, what runs. */
void flush_scheduled_work(void)
{
	while (works_running)
		bss_wait((uintptr_t)&works_running);
}

bool schedule_delayed_work(struct delayed_work *dw, unsigned long delay)
{
	if (dw->pending)
		return false;
	if (dw->timeout)
		bss_release(dw->timeout);
	dw->pending = 1;
	dw->timeout = bss_keep(timer_after_us(LINUX_TIMER, jiffies_to_usecs(delay), 0,
					      bss_local(&linux_work_server, dw)));
	return true;
}

bool cancel_delayed_work_sync(struct delayed_work *dw)
{
	bool was_pending = dw->pending;

	dw->pending = 0;
	if (dw->timeout) {
		timeout_cancel(dw->timeout);
		bss_release(dw->timeout);
		dw->timeout = 0;
	}
	while (dw->running)
		bss_wait((uintptr_t)dw);
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
	struct delayed_work *dw = &t->dw;
	int was_pending = dw->pending;
	long delay = (long)(expires - jiffies);

	dw->pending = 0;
	if (dw->timeout) {
		timeout_cancel(dw->timeout);
		bss_release(dw->timeout);
		dw->timeout = 0;
	}
	t->expires = expires;
	schedule_delayed_work(dw, delay > 0 ? delay : 0);
	return was_pending;
}

int del_timer_sync(struct timer_list *t)
{
	return cancel_delayed_work_sync(&t->dw);
}
