/*
 * Timers: ARP retries and expiry, reassembly timeouts, the announcement
 * once the device's link is up (at start and after ip4_relink). Runs in the timer's
 * thread every TICK_US, under the server's lock.
 */
#include "ip4.h"
#include <svc/ethdev.h>
#include <svc/runnable.h>
#include <svc/timer.h>

/* Has the device a link yet? A dead one (restarted again) has not. */
static __attribute__((noinline)) bool link_up(struct ip4 *s)
{
	struct bss_try t;
	volatile bool up = false;

	BSS_TRY(t)
	{
		up = ethdev_link(s->dev) != 0;
	}
	BSS_CATCH(t)
	{
		up = false;
	}
	return up;
}

void tick_run(struct ip4 *s)
{
	uint64_t now = now_ms();
	struct nl_arp_tick t;
	struct txb out = {0};

	nl_arp_tick(&s->arp, now, &t);
	for (unsigned i = 0; i < t.nfreed; i++)
		bss_release(t.freed[i].handle);
	for (unsigned i = 0; i < t.nrequest; i++)
		tx_arp_request(s, t.request_ip[i], &out);
	nl_ip_reasm_tick(&s->reasm, now);
	tx_flush(s, &out);
	if (s->announce_up && link_up(s)) {
		s->announce_up = false;
		ip4_announce(s);
	}
}

BSS_LOCAL_SERVER(tick_desc, RUNNABLE, struct ip4, tick);

void tick_start(struct ip4 *s)
{
	s->tick = bss_keep(timer_after_us(TIMER, TICK_US, TICK_US, bss_local(&tick_desc, s)));
}
