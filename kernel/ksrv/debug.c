/* The debug service: text to the runtime's console. */
#include "ksrv.h"

static void debug_write(void *self, const char *text, uint32_t len)
{
	(void)self;
	os_debug_write(text, len);
}

void ksrv_debug_init(void)
{
	static const bss_fn_t fns[] = { (bss_fn_t)debug_write };

	ksrv_add(SVC_DEBUG, fns, 1, "debug");
}
