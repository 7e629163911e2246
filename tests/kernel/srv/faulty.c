/*
 * faulty: a server that crashes on request (services/faulty.svc). Every
 * crash must come back to the caller as BSS_E_FAULT, with this server still
 * usable afterwards.
 */
#include <bss/server.h>
#include <svc/faulty.h>

struct fy {
	uint32_t pings;
	uint64_t depth;
	uint64_t limit; /* 0: none; only so the compiler sees a way out */
};

BSS_SERVER(FAULTY, struct fy, fy);

/* Each level keeps a buffer live across the call, so no tail call and no folding. */
__attribute__((noinline)) static uint64_t recurse(struct fy *f, uint64_t n)
{
	volatile uint8_t buf[256];

	buf[n & 255] = (uint8_t)n;
	f->depth = n;
	if (f->limit && n >= f->limit)
		return n;
	return recurse(f, n + 1) + buf[n & 255];
}

uint64_t fy_fault(struct fy *f, uint32_t kind, uint64_t arg)
{
	volatile uint64_t a = arg;

	switch (kind) {
	case 0:
		return *(volatile uint64_t *)(uintptr_t)a;
	case 1:
		return 100 / a;
	case 2:
		__asm__ volatile("ud2");
		return 0;
	case 3:
		return recurse(f, 0);
	case 4:
		*(volatile uint64_t *)(uintptr_t)a = 1;
		return 0;
	case 5: /* a jump into nowhere (or into someone else's code) */
		return ((uint64_t(*)(void))(uintptr_t)a)();
	case 6: /* a bad pointer handed to the runtime */
		bss_debug((const char *)(uintptr_t)a, 16);
		return 0;
	}
	bss_printf("faulty: no fault kind %u\n", kind);
	return 0;
}

uint32_t fy_ping(struct fy *f)
{
	return ++f->pings;
}
