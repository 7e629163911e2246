/* 8254 PIT: channel 0 is the periodic tick (IRQ 0). */
#include "timer.h"
#include "cpu.h"
#include "io.h"
#include "pic.h"

#define PIT_HZ 1193182
#define PIT_CH0 0x40
#define PIT_CMD 0x43
#define CMD_CH0_RATE 0x34 /* channel 0, lobyte/hibyte, mode 2 (rate generator), binary */

volatile uint64_t ticks;
volatile uint64_t tick_max_gap;
static uint64_t last_tick_tsc;

void timer_init(void)
{
	unsigned div = (PIT_HZ + TIMER_HZ / 2) / TIMER_HZ;

	outb(PIT_CMD, CMD_CH0_RATE);
	outb(PIT_CH0, div & 0xff);
	outb(PIT_CH0, div >> 8);
	pic_unmask(0);
}

void pit_tick(void)
{
	uint64_t now = rdtsc();

	if (ticks && now - last_tick_tsc > tick_max_gap)
		tick_max_gap = now - last_tick_tsc;
	last_tick_tsc = now;
	ticks++;
}
