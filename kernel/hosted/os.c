/*
 * The hosted runtime's side of kernel/core/os.h: a Linux process plays the
 * machine. One OS thread runs every BSS thread (the core is single-CPU and
 * cooperative on bare metal too), so the semantics are the kernel's.
 */
#include "hosted.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

void *os_alloc(size_t size)
{
	return malloc(size ? size : 1);
}

void os_free(void *p, size_t size)
{
	(void)size;
	free(p);
}

/*
 * Server images go close to the runtime's code so that system calls bind as
 * direct 32-bit calls; the loader falls back to far jumps if the kernel puts
 * them elsewhere.
 */
static uintptr_t image_hint;

void *os_alloc_image(size_t size)
{
	size_t len = (size + 4095) & ~(size_t)4095;

	if (!image_hint)
		image_hint = (((uintptr_t)&os_alloc_image) & ~(uintptr_t)0xfffff) + (256u << 20);
	void *p = mmap((void *)image_hint, len, PROT_READ | PROT_WRITE | PROT_EXEC,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		return NULL;
	image_hint = (uintptr_t)p + len + 4096;
	return p;
}

void os_free_image(void *p, size_t size)
{
	munmap(p, (size + 4095) & ~(size_t)4095);
}

void *os_alloc_stack(size_t size)
{
	size_t len = ((size + 4095) & ~(size_t)4095) + 4096;
	uint8_t *p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED)
		return NULL;
	mprotect(p, 4096, PROT_NONE); /* guard page below the stack */
	return p + 4096;
}

void os_free_stack(void *base, size_t size)
{
	munmap((uint8_t *)base - 4096, ((size + 4095) & ~(size_t)4095) + 4096);
}

void os_debug_write(const char *text, size_t len)
{
	fwrite(text, 1, len, stdout);
	fflush(stdout);
	ksrv_log_append(text, len);
}

uint64_t os_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

int tap_poll(int64_t timeout_ns); /* tap.c: also wakes threads waiting for a frame */

/*
 * Sleep until the first sleeping thread's deadline or until a TAP device has
 * a frame for a waiting thread, then wake whoever is due.
 */
int os_idle(void)
{
	uint64_t next = ksrv_timer_next();

	if (next == UINT64_MAX)
		return tap_poll(-1);
	uint64_t now = os_now_ns();
	tap_poll(next > now ? (int64_t)(next - now) : 0);
	ksrv_timer_wake(os_now_ns());
	return 1;
}

/* TAP frames arrive through os_idle only: the hosted runtime has no interrupts. */
void os_poll_interrupts(void)
{
}

_Noreturn void os_panic(const char *msg)
{
	fprintf(stderr, "bss-host: core panic: %s\n", msg);
	abort();
}
