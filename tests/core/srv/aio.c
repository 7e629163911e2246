/*
 * aio: an atomic service for the locking tests; waiting in it keeps the
 * caller's lock, as an I/O access would.
 */
#include <bss/server.h>
#include <svc/aio.h>
#include <svc/timer.h>

struct aio {
	int unused;
};

BSS_SERVER(AIO, struct aio, aio_impl, .attrs = BSS_THREADSAFE, BSS_REQUIRES(TIMER_SVC_ID));

void aio_impl_wait_us(struct aio *a, uint64_t us)
{
	(void)a;
	timer_sleep_us(BSS_REQ(0), us);
}
