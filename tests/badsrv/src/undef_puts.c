/*
 * Bad server: calls puts(), which no server library provides; the file
 * imports an undefined symbol that is neither a service call nor a system call.
 */
#include <bss/server.h>
#include <svc/aio.h>

int puts(const char *s);

struct bad {
	uint64_t unused;
};

BSS_SERVER(AIO, struct bad, bad_puts, .attrs = BSS_THREADSAFE);

void bad_puts_wait_us(struct bad *b, uint64_t us)
{
	(void)b, (void)us;
	puts("waiting");
}
