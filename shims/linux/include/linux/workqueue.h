/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Work items over the timer service: queueing a work arms a one-shot
 * timer (no delay for plain work) whose body is a local server (runnable)
 * of this server; the timer runs it in a new thread, which calls the work
 * function. Work queued in the interrupt path, which must not call out, is
 * armed by a thread of the shim library (lib/workqueue.c).
 */
#ifndef _LINUX_WORKQUEUE_H
#define _LINUX_WORKQUEUE_H

#include <linux/types.h>

struct work_struct;
typedef void (*work_func_t)(struct work_struct *work);

struct work_struct {
	work_func_t func;
	bss_ref_t timeout;	      /* the armed timer, 0 if none */
	u32 pending;		      /* queued and not yet started */
	u32 running;		      /* the work function is running */
	unsigned long delay;	      /* queued in the interrupt path: the delay to arm */
	struct work_struct *next_irq; /* ... and the next such work */
	bool in_irq_list;
};

struct delayed_work {
	struct work_struct work;
};

void linux_init_work(struct work_struct *w, work_func_t func);
#define INIT_WORK(w, f) linux_init_work(w, f)
#define INIT_DELAYED_WORK(dw, f) linux_init_work(&(dw)->work, f)

/* Queues w to run after delay jiffies; false if it was queued already. */
bool linux_queue_work(struct work_struct *w, unsigned long delay);
/* Dequeues w and waits for it to finish running; true if it was queued. */
bool cancel_work_sync(struct work_struct *w);

static inline bool schedule_work(struct work_struct *w)
{
	return linux_queue_work(w, 0);
}
static inline bool schedule_delayed_work(struct delayed_work *dw, unsigned long delay)
{
	return linux_queue_work(&dw->work, delay);
}
static inline bool cancel_delayed_work_sync(struct delayed_work *dw)
{
	return cancel_work_sync(&dw->work);
}

/* Every workqueue is the timer service: work runs in a thread of its own. */
struct workqueue_struct;
#define system_wq ((struct workqueue_struct *)0)
#define system_power_efficient_wq ((struct workqueue_struct *)0)
static inline bool queue_delayed_work(struct workqueue_struct *wq, struct delayed_work *dw,
				      unsigned long delay)
{
	(void)wq;
	return schedule_delayed_work(dw, delay);
}
void flush_scheduled_work(void);

#endif
