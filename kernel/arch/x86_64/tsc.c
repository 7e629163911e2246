/*
 * TSC calibration and delays.  PIT channel 2 (the speaker channel, whose
 * output we can poll in port 0x61) counts down a known interval while we
 * read the TSC at both ends.  Under QEMU's TCG the TSC follows the host's
 * clock, so the result is meaningful there as well.
 */
#include "timer.h"
#include "cpu.h"
#include "io.h"

#define PIT_HZ 1193182
#define PIT_CH2 0x42
#define PIT_CMD 0x43
#define PORT_B 0x61
#define PORTB_GATE2 0x01
#define PORTB_SPEAKER 0x02
#define PORTB_OUT2 0x20
#define CMD_CH2_ONESHOT 0xb0 /* channel 2, lobyte/hibyte, mode 0 (terminal count), binary */
#define CAL_MS 10
#define CAL_TRIES 32
/* done once the count is known to 1/CAL_SLACK */
#define CAL_SLACK 256

uint64_t tsc_hz;
static uint64_t ns_mult; /* ns = cycles * ns_mult >> 32 */

/*
 * One count of CAL_MS by PIT channel 2: *lo and *hi bound the TSC cycles
 * it took. The count starts during the outb that raises the gate and
 * ends between the last read that saw OUT2 low and the first that saw it
 * high; the TSC is read on both sides of each. Under QEMU's TCG the vCPU
 * thread may lose the host CPU at either edge (a loaded host): the PIT
 * and the TSC both follow the host's clock meanwhile, so such an edge
 * shows as a wide bracket instead of a wrong count.
 */
static void cal_once(uint64_t *lo, uint64_t *hi)
{
	unsigned count = PIT_HZ * CAL_MS / 1000;
	uint8_t b = inb(PORT_B);
	uint64_t s0, s1, low, e1;

	/* Gate low while programming, speaker off. */
	outb(PORT_B, (b & ~(PORTB_GATE2 | PORTB_SPEAKER)));
	outb(PIT_CMD, CMD_CH2_ONESHOT);
	outb(PIT_CH2, count & 0xff);
	outb(PIT_CH2, count >> 8);
	/* Raising the gate starts the count; OUT2 goes high when it reaches 0. */
	s0 = rdtsc();
	outb(PORT_B, (b & ~PORTB_SPEAKER) | PORTB_GATE2);
	s1 = rdtsc();
	low = s1; /* before the last read that saw OUT2 low */
	for (;;) {
		uint64_t t = rdtsc();

		if (inb(PORT_B) & PORTB_OUT2) {
			e1 = rdtsc();
			break;
		}
		low = t;
	}
	outb(PORT_B, b);
	*lo = low - s1;
	*hi = e1 - s0;
}

/*
 * A single count was off by 6.6 times on a loaded host (17 GHz for 2.6):
 * the kernel's clock then ran that much slow, and everything timed by it
 * (fault injection's arming, watchdogs, timeouts) with it. Every attempt's
 * bracket holds the true count, so their intersection does: attempts go
 * on until it is narrow (one attempt on an idle host), and its middle is
 * taken. Should the brackets not meet (a PIT that does not keep the TSC's
 * time), the narrowest attempt is taken instead.
 */
unsigned tsc_calibrate(uint64_t *err_ppm)
{
	uint64_t lo = 0, hi = UINT64_MAX, best = 0, width = UINT64_MAX;
	unsigned i;

	for (i = 0; i < CAL_TRIES; i++) {
		uint64_t l, h;

		cal_once(&l, &h);
		if (h - l < width) {
			width = h - l;
			best = l + width / 2;
		}
		if (l > lo)
			lo = l;
		if (h < hi)
			hi = h;
		if (lo > hi || (hi - lo) * CAL_SLACK <= lo)
			break;
	}
	if (lo <= hi) {
		best = lo + (hi - lo) / 2;
		width = hi - lo;
	}
	*err_ppm = best ? width / 2 * 1000000 / best : 0;
	tsc_hz = best * 1000 / CAL_MS;
	if (!tsc_hz)
		tsc_hz = 1; /* keep divisions defined; the self-check reports it */
	ns_mult = (1000000000ull << 32) / tsc_hz;
	return i < CAL_TRIES ? i + 1 : CAL_TRIES;
}

uint64_t tsc_to_ns(uint64_t cycles)
{
	return (uint64_t)(((unsigned __int128)cycles * ns_mult) >> 32);
}

uint64_t tsc_to_us(uint64_t cycles)
{
	return tsc_to_ns(cycles) / 1000;
}

uint64_t tsc_now_ns(void)
{
	return tsc_to_ns(rdtsc());
}

void udelay(unsigned us)
{
	uint64_t cycles = (uint64_t)us * (tsc_hz / 1000) / 1000;
	uint64_t t0 = rdtsc();

	while (rdtsc() - t0 < cycles)
		__asm__ volatile("pause");
}
