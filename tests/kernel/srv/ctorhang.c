/*
 * ctorhang: a server whose constructor arms a periodic timeout, takes DMA
 * memory and then hangs. The watchdog crashes it inside its load: the
 * loader's caller gets the error, and the reaper frees what the
 * constructor took, once (a restarted e1000e whose probe crashed once
 * freed its image twice: docs/faults-results.md).
 */
#include <bss/server.h>
#include <svc/dma.h>
#include <svc/runnable.h>
#include <svc/timer.h>

#define TIMER BSS_REQ(0)
#define DMA BSS_REQ(1)

struct ch {
	volatile uint64_t spins;
	uint32_t ticks;
	bss_ref_t tmo, dma;
};

static void ch_init(struct ch *c);

BSS_SERVER(RUNNABLE, struct ch, ch, .ctor = BSS_CTOR(ch_init),
	   BSS_REQUIRES(TIMER_SVC_ID, DMA_SVC_ID));

void ch_run(struct ch *c)
{
	c->ticks++;
}

BSS_LOCAL_SERVER(tick_desc, RUNNABLE, struct ch, cht);

void cht_run(struct ch *c)
{
	c->ticks++;
}

static void ch_init(struct ch *c)
{
	c->tmo = bss_keep(timer_after_us(TIMER, 1000, 1000, bss_local(&tick_desc, c)));
	c->dma = bss_keep(dma_alloc(DMA, 8192, 1));
	for (;;)
		c->spins++;
}
