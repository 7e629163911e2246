/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Delayed work over the timer service: schedule_delayed_work() arms a
 * one-shot timer whose body is a local server (runnable) of this server;
 * the timer runs it in a new thread, which calls the work function.
 */
#ifndef _LINUX_WORKQUEUE_H
#define _LINUX_WORKQUEUE_H

#include <linux/types.h>

struct work_struct;
typedef void (*work_func_t)(struct work_struct *work);

struct work_struct {
	work_func_t func;
};

struct delayed_work {
	struct work_struct work;
	bss_ref_t timeout;	/* the armed timer, 0 if none */
	u32 pending;		/* armed and not yet started */
	u32 running;		/* the work function is running */
};

#define INIT_WORK(w, f)		do { (w)->func = (f); } while (0)
#define INIT_DELAYED_WORK(dw, f) do { INIT_WORK(&(dw)->work, f); (dw)->timeout = 0; \
				      (dw)->pending = 0; (dw)->running = 0; } while (0)

bool schedule_delayed_work(struct delayed_work *dw, unsigned long delay);
/* Every workqueue is the timer service: work runs in a thread of its own. */
struct workqueue_struct;
#define system_wq			((struct workqueue_struct *)0)
#define system_power_efficient_wq	((struct workqueue_struct *)0)
static inline bool queue_delayed_work(struct workqueue_struct *wq, struct delayed_work *dw,
				      unsigned long delay)
{
	(void)wq;
	return schedule_delayed_work(dw, delay);
}
bool cancel_delayed_work_sync(struct delayed_work *dw);
void flush_scheduled_work(void);

#endif
