/*
 * The log service: everything the runtime writes to its debug output also
 * goes into a ring of the last LOG_SIZE bytes, so a server (the console) can
 * show it elsewhere. Readers that have seen everything block until the next
 * write; a write wakes them wherever it comes from, an interrupt handler
 * included (waking only queues a thread).
 */
#include "ksrv.h"

#define LOG_SIZE 16384u

struct log_waiter {
	struct thread *t;
	struct log_waiter *next;
};

static char ring[LOG_SIZE];
static uint64_t log_end; /* bytes ever written */
static struct log_waiter *waiters;

void ksrv_log_append(const char *text, size_t len)
{
	if (len > LOG_SIZE) {
		log_end += len - LOG_SIZE; /* only the tail can stay */
		text += len - LOG_SIZE;
		len = LOG_SIZE;
	}
	for (size_t i = 0; i < len; i++)
		ring[(log_end + i) % LOG_SIZE] = text[i];
	log_end += len;
	while (waiters) {
		struct log_waiter *w = waiters;
		waiters = w->next;
		thread_make_runnable(w->t);
	}
}

static uint64_t log_read(void *self, uint64_t pos, char *buf, uint32_t n)
{
	(void)self;
	if (pos > log_end)
		core_throw(BSS_E_INVAL, 22, "log: position %lu is past the end (%lu)",
			   (unsigned long)pos, (unsigned long)log_end);
	while (pos == log_end) {
		struct log_waiter w = { cur_thread, waiters };
		thread_may_block();
		waiters = &w;
		thread_block();
	}
	uint64_t oldest = log_end > LOG_SIZE ? log_end - LOG_SIZE : 0;
	uint64_t skipped = pos < oldest ? oldest - pos : 0;
	if (skipped > 0xffffffffu)
		return 0xffffffffull << 32; /* a reader 4 GiB behind catches up in steps */
	pos += skipped;
	uint64_t k = log_end - pos < n ? log_end - pos : n;
	for (uint64_t i = 0; i < k; i++)
		buf[i] = ring[(pos + i) % LOG_SIZE];
	return k | skipped << 32;
}

static uint64_t log_end_pos(void *self)
{
	(void)self;
	return log_end;
}

void ksrv_log_init(void)
{
	static const bss_fn_t fns[] = { (bss_fn_t)log_read, (bss_fn_t)log_end_pos };

	ksrv_add(SVC_LOG, fns, 2, "log");
}
