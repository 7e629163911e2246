/*
 * Bad server: built with -mcmodel=large (mk/badsrv.mk); position-independent
 * code of the large model reaches data through GOT-relative 64-bit offsets,
 * relocation types the loader does not support.
 */
#include <bss/server.h>
#include <svc/aio.h>

struct bad {
	uint32_t last;
};

BSS_SERVER(AIO, struct bad, bad_large, .attrs = BSS_THREADSAFE);

static uint32_t table[8] = {2, 7, 1, 8, 2, 8, 1, 8};

void bad_large_wait_us(struct bad *b, uint64_t us)
{
	b->last = table[us & 7];
}
