/*
 * Bad server: built with -fno-pie (mk/badsrv.mk), so indexing a static table
 * uses an absolute 32-bit address (R_X86_64_32S), which the loader refuses.
 */
#include <bss/server.h>
#include <svc/aio.h>

struct bad {
	uint32_t last;
};

BSS_SERVER(AIO, struct bad, bad_nopie, .attrs = BSS_THREADSAFE);

static uint32_t table[8] = {3, 1, 4, 1, 5, 9, 2, 6};

void bad_nopie_wait_us(struct bad *b, uint64_t us)
{
	b->last = table[us & 7];
}
