/*
 * Bad server: its constructor throws. The file passes every check of the
 * file format; the load must fail with "constructor of bad_ctor failed" and
 * leave nothing allocated.
 */
#include <bss/server.h>
#include <svc/aio.h>

struct bad {
	uint64_t started;
};

static void bad_init(struct bad *b)
{
	b->started = 1;
	bss_throw(BSS_E_USER + 7, EIO, "bad_ctor refuses to start");
}

BSS_SERVER(AIO, struct bad, bad_ctor, .attrs = BSS_THREADSAFE, .ctor = BSS_CTOR(bad_init));

void bad_ctor_wait_us(struct bad *b, uint64_t us)
{
	(void)b, (void)us;
}
