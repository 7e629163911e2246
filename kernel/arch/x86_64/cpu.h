/* Privileged CPU instructions and registers used across the kernel. */
#ifndef ARCH_CPU_H
#define ARCH_CPU_H

#include <stdint.h>

#define RFLAGS_IF (1ul << 9)

static inline void cli(void)
{
	__asm__ volatile("cli" : : : "memory");
}

static inline void sti(void)
{
	__asm__ volatile("sti" : : : "memory");
}

static inline void hlt(void)
{
	__asm__ volatile("hlt" : : : "memory");
}

/*
 * Wait for an interrupt with interrupts enabled, then disable them again.
 * STI delays interrupt recognition by one instruction, so no interrupt can
 * slip in between it and HLT and leave us sleeping with the event missed.
 */
static inline void cpu_idle(void)
{
	__asm__ volatile("sti; hlt; cli" : : : "memory");
}

static inline void cpu_poll_interrupts(void)
{
	__asm__ volatile("sti; nop; cli" : : : "memory");
}

static inline uint64_t read_rflags(void)
{
	uint64_t v;

	__asm__ volatile("pushfq; popq %0" : "=r"(v));
	return v;
}

/* Disable interrupts, returning whether they were on (for irq_restore). */
static inline int irq_save(void)
{
	int on = (read_rflags() & RFLAGS_IF) != 0;

	cli();
	return on;
}

static inline void irq_restore(int on)
{
	if (on)
		sti();
}

static inline uint64_t rdtsc(void)
{
	uint32_t lo, hi;

	__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return ((uint64_t)hi << 32) | lo;
}

static inline uint64_t read_cr0(void)
{
	uint64_t v;

	__asm__ volatile("mov %%cr0, %0" : "=r"(v));
	return v;
}

static inline uint64_t read_cr2(void)
{
	uint64_t v;

	__asm__ volatile("mov %%cr2, %0" : "=r"(v));
	return v;
}

static inline uint64_t read_cr3(void)
{
	uint64_t v;

	__asm__ volatile("mov %%cr3, %0" : "=r"(v));
	return v;
}

static inline void write_cr3(uint64_t v)
{
	__asm__ volatile("mov %0, %%cr3" : : "r"(v) : "memory");
}

static inline uint64_t read_cr4(void)
{
	uint64_t v;

	__asm__ volatile("mov %%cr4, %0" : "=r"(v));
	return v;
}

static inline void invlpg(uintptr_t va)
{
	__asm__ volatile("invlpg (%0)" : : "r"(va) : "memory");
}

#endif
