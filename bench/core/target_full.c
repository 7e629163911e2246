/*
 * The benchmark target, automatically locked and not a leaf (it has a call
 * site it never reaches), so calls to it take the full bookkeeping path.
 */
#include <bss/server.h>
#include <svc/bench.h>

struct target {
	int never;
};

BSS_SERVER(BENCH, struct target, tg);

void tg_nop(struct target *t)
{
	if (t->never)
		bss_throw(BSS_E_INVAL, EINVAL, "unreachable");
}
