/*
 * Bad server: built with -fcommon (mk/badsrv.mk), so the uninitialised global
 * below is a common symbol, which the loader refuses.
 */
#include <bss/server.h>
#include <svc/aio.h>

struct bad {
	uint64_t unused;
};

BSS_SERVER(AIO, struct bad, bad_common, .attrs = BSS_THREADSAFE);

uint64_t bad_common_total;

void bad_common_wait_us(struct bad *b, uint64_t us)
{
	(void)b;
	bad_common_total += us;
}
