// SPDX-License-Identifier: GPL-2.0
/* Delayed work: a one-shot timer whose body is a runnable local server. */
#include <linux/kernel.h>
#include <linux/workqueue.h>
#include <linux/jiffies.h>

BSS_LOCAL_SERVER(linux_work_server, RUNNABLE, struct delayed_work, linux_work);

void linux_work_run(struct delayed_work *dw)
{
	if (!dw->pending)
		return;		/* cancelled after the timer fired */
	dw->pending = 0;
	dw->running = 1;
	dw->work.func(&dw->work);
	dw->running = 0;
	bss_wake((uintptr_t)dw, 0);
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
