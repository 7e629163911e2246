/* The local APIC, xAPIC mode: see lapic.h. */
#include "lapic.h"
#include "kprintf.h"
#include "paging.h"
#include "trap.h"

#define MSR_APIC_BASE 0x1b
#define APIC_BASE_ENABLE (1u << 11)
#define APIC_BASE_MASK 0xffffff000ull

/* register offsets (Intel SDM vol. 3, 11.4.1) */
#define REG_ID 0x20
#define REG_TPR 0x80
#define REG_EOI 0xb0
#define REG_SVR 0xf0
#define REG_ESR 0x280
#define REG_ICR_LO 0x300
#define REG_ICR_HI 0x310
#define REG_LVT_TIMER 0x320
#define REG_LVT_LINT0 0x350
#define REG_LVT_LINT1 0x360
#define REG_LVT_ERROR 0x370

#define SVR_ENABLE (1u << 8)
#define LVT_MASKED (1u << 16)
#define LVT_EXTINT (7u << 8)
#define LVT_NMI (4u << 8)
#define ICR_SELF (1u << 18) /* destination shorthand "self", fixed delivery */
#define ICR_PENDING (1u << 12)

static volatile uint32_t *regs;

static inline uint64_t rdmsr(uint32_t msr)
{
	uint32_t lo, hi;

	__asm__ volatile("rdmsr" : "=a"(lo), "=d"(hi) : "c"(msr));
	return (uint64_t)hi << 32 | lo;
}

static inline void wrmsr(uint32_t msr, uint64_t v)
{
	__asm__ volatile("wrmsr" : : "c"(msr), "a"((uint32_t)v), "d"((uint32_t)(v >> 32)));
}

static int has_apic(void)
{
	uint32_t a = 1, b, c = 0, d;

	__asm__ volatile("cpuid" : "+a"(a), "=b"(b), "+c"(c), "=d"(d));
	return (d >> 9) & 1;
}

static uint32_t rd(unsigned reg)
{
	return regs[reg / 4];
}

static void wr(unsigned reg, uint32_t v)
{
	regs[reg / 4] = v;
}

int lapic_init(void)
{
	if (!has_apic())
		return -1;
	uint64_t base = rdmsr(MSR_APIC_BASE);
	uint64_t phys = base & APIC_BASE_MASK;

	regs = paging_map_mmio(phys, 4096);
	if (!regs)
		return -1;
	wrmsr(MSR_APIC_BASE, base | APIC_BASE_ENABLE);
	/*
	 * Firmware leaves the APIC in virtual-wire mode, LINT0 taking the
	 * 8259s' INTR as ExtINT; software-enabling the APIC keeps that only
	 * if LINT0 says so, hence written, as LINT1's NMI.
	 */
	wr(REG_LVT_LINT0, LVT_EXTINT);
	wr(REG_LVT_LINT1, LVT_NMI);
	wr(REG_LVT_TIMER, LVT_MASKED);
	wr(REG_LVT_ERROR, LVT_MASKED);
	wr(REG_TPR, 0);
	wr(REG_SVR, SVR_ENABLE | LAPIC_SPURIOUS);
	wr(REG_ESR, 0);
	kprintf("BOOT: local APIC id %u at %lx, MSI vectors %u-%u\n", lapic_id(), phys, MSI_BASE,
		MSI_BASE + NR_MSI - 1);
	return 0;
}

int lapic_present(void)
{
	return regs != NULL;
}

uint32_t lapic_id(void)
{
	return rd(REG_ID) >> 24;
}

void lapic_eoi(void)
{
	wr(REG_EOI, 0);
}

void lapic_self_ipi(unsigned vector)
{
	while (rd(REG_ICR_LO) & ICR_PENDING)
		;
	wr(REG_ICR_HI, 0);
	wr(REG_ICR_LO, ICR_SELF | (vector & 0xff));
}
