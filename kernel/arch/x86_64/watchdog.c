/*
 * The hang watchdog (docs/recovery.md, "watchdog=MS" on the kernel command
 * line). Interrupts are taken only between threads (docs/kernel-services.md),
 * so a thread that never gives up the CPU -- an endless loop in a driver's
 * thread or interrupt handler -- would stop the machine, and no interrupt
 * could tell. An NMI can: the I/O APIC delivers the PIT's tick (its pin 2,
 * next to the 8259's IRQ 0) as an NMI as well, and each NMI checks whether
 * the scheduler moved on (sched_switches). After MS milliseconds without,
 * the running server crashes where it runs (arch_hang, fault.c); if kernel
 * code runs at that moment (a delay the server called), the thread is
 * marked instead and the kernel's delay loop throws for it
 * (core_hang_point).
 *
 * The milliseconds are the TSC's, not a count of ticks: under QEMU's TCG on
 * a loaded host the PIT's ticks come late (2,000 of them took up to 6.6 s),
 * so a hang counted in ticks was noticed seconds late. Each NMI adds the
 * time since the previous one, but at most MAX_GAP_US: a host that does
 * not run the guest at all for a while (the TSC, which follows the host's
 * clock under TCG, jumps) must not make a thread that was about to yield
 * look hung.
 */
#include "arch.h"
#include "core/core.h"
#include "cpu.h"
#include "timer.h"

#define IOAPIC_BASE 0xfec00000ull
#define IOAPIC_REGSEL 0x00
#define IOAPIC_WIN 0x10
#define IOAPIC_REDIR(pin) (0x10 + 2 * (pin))
#define PIT_PIN 2 /* ISA IRQ 0 after the interrupt source override */
#define DELIVERY_NMI (4u << 8)

int arch_hang(struct trap_frame *tf, unsigned ms);

#define MAX_GAP_US 50000

static unsigned limit;	  /* ms without a switch that make a hang; 0: off */
static uint64_t seen;	  /* sched_switches at the last switch seen */
static uint64_t stuck_us; /* real time since, as the NMIs saw it */
static uint64_t last_tsc; /* the previous NMI */
static int reported;

static void ioapic_write(volatile uint32_t *io, uint32_t reg, uint32_t v)
{
	io[IOAPIC_REGSEL / 4] = reg;
	io[IOAPIC_WIN / 4] = v;
}

void watchdog_init(unsigned ms)
{
	volatile uint32_t *io = paging_map_mmio(IOAPIC_BASE, 4096);

	if (!io || !ms)
		return;
	ioapic_write(io, IOAPIC_REDIR(PIT_PIN) + 1, 0);	       /* to APIC 0 */
	ioapic_write(io, IOAPIC_REDIR(PIT_PIN), DELIVERY_NMI); /* edge, unmasked */
	limit = ms;
	kprintf("WATCHDOG: a thread that keeps the CPU for %u ms hangs\n", ms);
}

/* Each PIT tick, as an NMI: whatever runs, with nothing blocked. */
void watchdog_nmi(struct trap_frame *tf)
{
	uint64_t now = rdtsc(), gap_us = last_tsc ? tsc_to_us(now - last_tsc) : 0;
	unsigned ms;

	last_tsc = now;
	if (!limit)
		return;
	if (sched_switches != seen) {
		seen = sched_switches;
		stuck_us = 0;
		core_hung = NULL;
		return;
	}
	stuck_us += gap_us < MAX_GAP_US ? gap_us : MAX_GAP_US;
	ms = (unsigned)(stuck_us / 1000);
	if (ms < limit)
		return;
	/* the limit it passed, as the tick count said when its NMIs were on
	   time; the time so far when kernel code ran at the first look */
	if (!core_hung)
		ms = limit;
	core_hung = cur_thread;
	if (arch_hang(tf, ms)) {
		stuck_us = 0;
		return;
	}
	if (ms >= 4 * limit && !reported) {
		reported = 1;
		kprintf("WATCHDOG: thread %u has kept the CPU for %u ms in the kernel\n",
			cur_thread ? cur_thread->id : 0, ms);
	}
}
