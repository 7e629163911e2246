/* IDT setup: all 256 gates exist, vectors 0..63 and 255 point at isr.S's stubs. */
#include "idt.h"
#include "gdt.h"
#include "trap.h"

struct idt_gate {
	uint16_t off_lo;
	uint16_t sel;
	uint8_t ist;
	uint8_t type_attr;
	uint16_t off_mid;
	uint32_t off_hi;
	uint32_t reserved;
} __attribute__((packed));
_Static_assert(sizeof(struct idt_gate) == 16, "the CPU's 64-bit gate descriptor");

struct idt_ptr {
	uint16_t limit;
	uint64_t base;
} __attribute__((packed));
_Static_assert(sizeof(struct idt_ptr) == 10, "lidt operand");

#define GATE_INTERRUPT 0x8e /* present, ring 0, 64-bit interrupt gate */
#define GATE_USER 0x60	    /* DPL 3: "int" from ring 3 may use it */

extern void *isr_stub_table[NR_STUBS];
extern void *isr_stub_spurious;

/* Unused gates stay not-present: using one raises #GP, which panics. */
static struct idt_gate idt[256];

void idt_set_gate(unsigned vector, void *handler, unsigned ist)
{
	uint64_t a = (uint64_t)(uintptr_t)handler;

	idt[vector] = (struct idt_gate){
		.off_lo = a & 0xffff,
		.sel = KERNEL_CS,
		.ist = ist & 7,
		.type_attr = GATE_INTERRUPT,
		.off_mid = (a >> 16) & 0xffff,
		.off_hi = a >> 32,
	};
}

void idt_set_user_gate(unsigned vector, void *handler)
{
	idt_set_gate(vector, handler, 0);
	idt[vector].type_attr |= GATE_USER;
}

void idt_init(void)
{
	for (unsigned v = 0; v < NR_STUBS; v++)
		idt_set_gate(v, isr_stub_table[v],
			     v == T_DOUBLE_FAULT ? IST_DOUBLE_FAULT
			     : v == T_NMI	 ? IST_NMI
						 : 0);
	idt_set_gate(LAPIC_SPURIOUS, isr_stub_spurious, 0);

	struct idt_ptr p = {sizeof(idt) - 1, (uint64_t)(uintptr_t)idt};
	__asm__ volatile("lidt %0" : : "m"(p) : "memory");
}
