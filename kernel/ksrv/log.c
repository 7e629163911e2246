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

KSRV_SERVICE(log_desc, LOG, void, klog)

static char ring[LOG_SIZE];
static uint64_t written; /* bytes ever written */
static struct log_waiter *waiters;

void ksrv_log_append(const char *text, size_t len)
{
	if (len > LOG_SIZE) {
		written += len - LOG_SIZE; /* only the tail can stay */
		text += len - LOG_SIZE;
		len = LOG_SIZE;
	}
	for (size_t i = 0; i < len; i++)
		ring[(written + i) % LOG_SIZE] = text[i];
	written += len;
	while (waiters) {
		struct log_waiter *w = waiters;
		waiters = w->next;
		thread_make_runnable(w->t);
	}
}

uint64_t klog_read(void *self, uint64_t pos, void *out, uint32_t n)
{
	(void)self;
	char *buf = out;
	if (pos > written)
		core_throw(BSS_E_INVAL, EINVAL, "log: position %lu is past the end (%lu)",
			   (unsigned long)pos, (unsigned long)written);
	while (pos == written) {
		struct log_waiter w = {cur_thread, waiters};
		thread_may_block();
		waiters = &w;
		thread_block();
	}
	uint64_t oldest = written > LOG_SIZE ? written - LOG_SIZE : 0;
	uint64_t skipped = pos < oldest ? oldest - pos : 0;
	if (skipped > 0xffffffffu)
		return 0xffffffffull << 32; /* a reader 4 GiB behind catches up in steps */
	pos += skipped;
	uint64_t k = written - pos < n ? written - pos : n;
	for (uint64_t i = 0; i < k; i++)
		buf[i] = ring[(pos + i) % LOG_SIZE];
	return k | skipped << 32;
}

uint64_t klog_end(void *self)
{
	(void)self;
	return written;
}

void ksrv_log_init(void)
{
	ksrv_add(&log_desc, "log");
}
