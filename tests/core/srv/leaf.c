/*
 * leaf: a server with no service or system calls at all, so calls to it go
 * through the call stubs' inline cache (kernel/core/stub.c).
 */
#include <bss/server.h>
#include <svc/bench.h>

struct leaf {
	uint64_t calls;
};

BSS_SERVER(BENCH, struct leaf, lf, .attrs = BSS_THREADSAFE);

void lf_nop(struct leaf *l)
{
	l->calls++;
}
