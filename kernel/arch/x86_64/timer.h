/*
 * Time: the PIT's 1000 Hz tick and the TSC.  The TSC is calibrated against
 * the PIT once at boot (tsc_calibrate) and is then the clock for short
 * delays and timestamps; ticks count only while interrupts are enabled.
 */
#ifndef ARCH_TIMER_H
#define ARCH_TIMER_H

#include <stdint.h>

#define TIMER_HZ 1000

/* PIT interrupts since timer_init(); incremented in IRQ 0. */
extern volatile uint64_t ticks;

/*
 * Longest TSC interval between two consecutive ticks since it was last set
 * to 0.  Much more than a tick period means ticks were lost: under QEMU's
 * TCG that happens when the host does not run the vCPU for a while.
 */
extern volatile uint64_t tick_max_gap;

/* TSC frequency in Hz, set by tsc_calibrate(). */
extern uint64_t tsc_hz;

/* Programs PIT channel 0 for TIMER_HZ and unmasks IRQ 0 (interrupts stay as they are). */
void timer_init(void);

/*
 * Measures tsc_hz against PIT channel 2 (about 10 ms per attempt, polled,
 * no interrupts; more attempts on a loaded host). Returns the attempts
 * made; *err_ppm is how far off tsc_hz may be, in parts per million.
 */
unsigned tsc_calibrate(uint64_t *err_ppm);

/* Busy-waits at least us microseconds (TSC based; needs tsc_calibrate()). */
void udelay(unsigned us);

/* TSC cycles to nanoseconds / microseconds. */
uint64_t tsc_to_ns(uint64_t cycles);
uint64_t tsc_to_us(uint64_t cycles);

/* Nanoseconds since the TSC started (roughly: since the machine was reset). */
uint64_t tsc_now_ns(void);

/* Called by the IRQ 0 handler. */
void pit_tick(void);

#endif
