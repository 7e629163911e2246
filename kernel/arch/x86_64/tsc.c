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

uint64_t tsc_hz;
static uint64_t ns_mult; /* ns = cycles * ns_mult >> 32 */

void tsc_calibrate(void)
{
	unsigned count = PIT_HZ * CAL_MS / 1000;
	uint8_t b = inb(PORT_B);

	/* Gate low while programming, speaker off. */
	outb(PORT_B, (b & ~(PORTB_GATE2 | PORTB_SPEAKER)));
	outb(PIT_CMD, CMD_CH2_ONESHOT);
	outb(PIT_CH2, count & 0xff);
	outb(PIT_CH2, count >> 8);
	/* Raising the gate starts the count; OUT2 goes high when it reaches 0. */
	outb(PORT_B, (b & ~PORTB_SPEAKER) | PORTB_GATE2);
	uint64_t t0 = rdtsc();
	while (!(inb(PORT_B) & PORTB_OUT2))
		;
	uint64_t t1 = rdtsc();
	outb(PORT_B, b);

	tsc_hz = (t1 - t0) * 1000 / CAL_MS;
	if (!tsc_hz)
		tsc_hz = 1; /* keep divisions defined; the self-check reports it */
	ns_mult = (1000000000ull << 32) / tsc_hz;
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
