/*
 * The crash service (services/crash.svc): a supervisor ends a server as if
 * it had faulted (kernel/core/crash.c). Kernel servers cannot be killed.
 */
#include "ksrv.h"
#include <svc/crash.h>

KSRV_SERVICE(crash_desc, CRASH, void, kcrash)

void kcrash_kill(void *self, bss_ref_t target, const void *why, uint32_t len)
{
	(void)self;
	struct server *s = ref_resolve(target);
	char msg[128];

	if (s->owner->kind == SRV_KERNEL)
		core_throw(BSS_E_INVAL, EPERM, "crash.kill: %s is a kernel server", server_name(s));
	ksrv_name_arg(msg, sizeof(msg), why, len < sizeof(msg) ? len : sizeof(msg) - 1,
		      "crash.kill");
	core_crash(s, msg);
}

void ksrv_kill_init(void)
{
	ksrv_add(&crash_desc, "crash");
}
