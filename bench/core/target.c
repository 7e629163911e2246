/*
 * The callee of the call-path benchmark: a service function that returns at
 * once. Built automatically locked (default) and thread-safe (BENCH_ATTRS).
 */
#include <bss/server.h>
#include <svc/bench.h>

#ifndef BENCH_ATTRS
#define BENCH_ATTRS BSS_AUTOLOCK
#endif

struct target {
	int unused;
};

BSS_SERVER(BENCH, struct target, tg, .attrs = BENCH_ATTRS);

void tg_nop(struct target *t)
{
	(void)t;
}
