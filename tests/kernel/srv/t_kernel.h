/* t_kernel's shared part: its requirements, state and checks (t_kernel.c, t_kernel_crash.c). */
#ifndef T_KERNEL_H
#define T_KERNEL_H

#include <stdarg.h>
#include <bss/server.h>
#include "tests/harness/tcheck.h"
#include <svc/dataspace.h>
#include <svc/debug.h>
#include <svc/dma.h>
#include <svc/dmamem.h>
#include <svc/exec.h>
#include <svc/faulty.h>
#include <svc/ioport.h>
#include <svc/iospace.h>
#include <svc/irq.h>
#include <svc/irqhandler.h>
#include <svc/irqline.h>
#include <svc/loader.h>
#include <svc/map.h>
#include <svc/memory.h>
#include <svc/mmio.h>
#include <svc/mmiospace.h>
#include <svc/meminfo.h>
#include <svc/weaknotify.h>
#include <svc/runnable.h>
#include <svc/thread.h>
#include <svc/timeout.h>
#include <svc/timer.h>

#define LOADER BSS_REQ(0)
#define THREAD BSS_REQ(1)
#define TIMER BSS_REQ(2)
#define MEMORY BSS_REQ(3)
#define MAP BSS_REQ(4)
#define IOSPACE BSS_REQ(5)
#define MMIOSPACE BSS_REQ(6)
#define IRQ BSS_REQ(7)
#define DMA BSS_REQ(8)
#define DEBUG BSS_REQ(9)
#define MEMINFO BSS_REQ(10)

#define RTC_IRQ 8
#define RTC_RATE 8 /* 32768 >> (8 - 1) = 256 Hz */
#define MS 1000000ull

struct job {
	uint32_t runs;
	uint32_t tid;
};

struct rtc {
	bss_ref_t io; /* permanent: ports 0x70-0x71 */
	volatile uint32_t count;
	uint32_t throw_next;
	uint32_t thrown;
	uint32_t try_block;
	uint32_t block_err;
};

/* Told when the crashed faulty server dies; looks at its DMA memory then. */
struct watch {
	uint32_t told;
	uint32_t dma_alive; /* its DMA memory was still there when we were told */
	bss_ref_t dma;	    /* weak */
};

struct tk {
	unsigned failed;
	struct watch watch;
	struct job job, once, periodic, sleeper;
	struct rtc rtc;
};

#define check(c, name, ok, ...) tcheck(&(c)->failed, name, ok, __VA_ARGS__)

static inline bool contains(const char *s, const char *w)
{
	size_t n = strlen(w);

	for (; *s; s++)
		if (!strncmp(s, w, n))
			return true;
	return false;
}

void tk_test_faults(struct tk *c);
void tk_test_crash(struct tk *c);
void tk_test_ctor_hang(struct tk *c);

#endif
