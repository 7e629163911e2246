/* The debug service: text to the runtime's console. */
#include "ksrv.h"

KSRV_SERVICE(debug_desc, DEBUG, void, kdebug)

void kdebug_write(void *self, const void *text, uint32_t len)
{
	(void)self;
	os_debug_write(text, len);
}

void ksrv_debug_init(void)
{
	ksrv_add(&debug_desc, "debug");
}
