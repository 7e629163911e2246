/*
 * Bad server: requires the runnable service, which neither the kernel nor any
 * server file given to the test implements. The file is well-formed; the load
 * must fail with "cannot be resolved" and leave nothing allocated.
 */
#include <bss/server.h>
#include <svc/aio.h>
#include <svc/runnable.h>

struct bad {
	uint64_t unused;
};

BSS_SERVER(AIO, struct bad, bad_unresolved, .attrs = BSS_THREADSAFE, BSS_REQUIRES(RUNNABLE_SVC_ID));

void bad_unresolved_wait_us(struct bad *b, uint64_t us)
{
	(void)b, (void)us;
}
