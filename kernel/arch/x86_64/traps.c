/* trap_dispatch: exceptions to the fault hook or a panic, IRQs to their hook. */
#include "trap.h"
#include "boot_layout.h"
#include "cpu.h"
#include "heap.h"
#include "kprintf.h"
#include "lapic.h"
#include "paging.h"
#include "pic.h"
#include "timer.h"
#include "uspace.h"

int (*trap_test_hook)(struct trap_frame *tf);
int trap_one_irq;
struct trap_nmi_samples trap_nmi_samples;

#define NMI_RING (1u << 16)

void trap_nmi_sampling_init(void)
{
	trap_nmi_samples.ring = kzalloc(NMI_RING * sizeof(uint64_t));
	if (trap_nmi_samples.ring)
		trap_nmi_samples.size = NMI_RING;
}

static const char *const names[32] = {
	[0] = "divide error",
	[1] = "debug",
	[2] = "NMI",
	[3] = "breakpoint",
	[4] = "overflow",
	[5] = "bound range exceeded",
	[6] = "invalid opcode",
	[7] = "device not available",
	[8] = "double fault",
	[9] = "coprocessor segment overrun",
	[10] = "invalid TSS",
	[11] = "segment not present",
	[12] = "stack-segment fault",
	[13] = "general protection fault",
	[14] = "page fault",
	[16] = "x87 floating-point error",
	[17] = "alignment check",
	[18] = "machine check",
	[19] = "SIMD floating-point exception",
	[20] = "virtualization exception",
	[21] = "control protection exception",
	[28] = "hypervisor injection exception",
	[29] = "VMM communication exception",
	[30] = "security exception",
};

const char *trap_name(unsigned vector)
{
	if (vector < 32)
		return names[vector] ? names[vector] : "reserved exception";
	if (vector < NR_STUBS)
		return "interrupt";
	return "unknown vector";
}

__attribute__((weak)) int arch_fault_hook(struct trap_frame *tf)
{
	(void)tf;
	return 0;
}

__attribute__((weak)) void arch_irq_dispatch(unsigned irq)
{
	(void)irq;
}

void trap_dump(const struct trap_frame *tf)
{
	kprintf("  vector=%lu error=0x%lx cs=0x%lx ss=0x%lx rflags=0x%lx\n", tf->vector, tf->error,
		tf->cs, tf->ss, tf->rflags);
	kprintf("  rip=%016lx rsp=%016lx rbp=%016lx\n", tf->rip, tf->rsp, tf->rbp);
	kprintf("  rax=%016lx rbx=%016lx rcx=%016lx rdx=%016lx\n", tf->rax, tf->rbx, tf->rcx,
		tf->rdx);
	kprintf("  rsi=%016lx rdi=%016lx r8 =%016lx r9 =%016lx\n", tf->rsi, tf->rdi, tf->r8,
		tf->r9);
	kprintf("  r10=%016lx r11=%016lx r12=%016lx r13=%016lx\n", tf->r10, tf->r11, tf->r12,
		tf->r13);
	kprintf("  r14=%016lx r15=%016lx\n", tf->r14, tf->r15);
	kprintf("  cr0=%016lx cr2=%016lx cr3=%016lx cr4=%016lx\n", read_cr0(), tf->cr2, read_cr3(),
		read_cr4());
	if (tf->vector == T_PAGE_FAULT) {
		uint64_t pte = paging_lookup(tf->cr2);
		const char *access = "read", *hint = "";

		if (tf->error & PF_FETCH)
			access = "instruction fetch";
		else if (tf->error & PF_WRITE)
			access = "write";
		if (tf->cr2 < PAGE_SIZE)
			hint = ": NULL pointer";
		else if (pte && !(pte & PTE_P))
			hint = ": a guard page, stack overflow?";
		kprintf("  page fault: %s %s at %lx%s\n", access,
			tf->error & PF_PRESENT ? "violating protection" : "of a non-present page",
			tf->cr2, hint);
	}
	if (tf->vector == T_DOUBLE_FAULT && !paging_is_mapped(tf->rsp - 8))
		kprintf("  stack pointer %lx is at an unmapped page: stack overflow?\n", tf->rsp);
}

static _Noreturn void trap_panic(struct trap_frame *tf)
{
	if (!panic_enter())
		machine_exit(EXIT_PANIC);
	if (tf->vector >= IRQ_BASE)
		kprintf("KERNEL PANIC: unexpected vector %lu at rip=0x%lx\n", tf->vector, tf->rip);
	else
		kprintf("KERNEL PANIC: %s at rip=0x%lx\n", trap_name(tf->vector), tf->rip);
	trap_dump(tf);
	backtrace_print(tf->rbp);
	machine_exit(EXIT_PANIC);
}

static void irq_handle(unsigned irq)
{
	if (pic_spurious(irq))
		return;
	if (irq == 0)
		pit_tick();
	arch_irq_dispatch(irq);
	pic_eoi(irq);
}

/* An MSI: edge-triggered, never spurious; the local APIC takes the EOI. */
static void msi_handle(unsigned vector)
{
	arch_irq_dispatch(vector - IRQ_BASE);
	lapic_eoi();
}

void trap_dispatch(struct trap_frame *tf)
{
	if (tf->vector >= IRQ_BASE && tf->vector < NR_STUBS) {
		if (tf->vector < MSI_BASE)
			irq_handle(tf->vector - IRQ_BASE);
		else
			msi_handle(tf->vector);
		/*
		 * The scheduler's windows (os.c) take one interrupt each. A
		 * level-triggered line nobody acknowledges (a driver that failed)
		 * would otherwise interrupt the same window for ever, and no
		 * thread -- not even a watchdog -- would run again.
		 */
		if (trap_one_irq)
			tf->rflags &= ~(uint64_t)0x200; /* IF */
		return;
	}
	if (tf->vector == LAPIC_SPURIOUS)
		return; /* withdrawn before the CPU took it: no EOI */
	if (tf->vector == T_NMI) {
		struct trap_nmi_samples *ns = &trap_nmi_samples;
		if (ns->ring) {
			ns->ring[ns->count % ns->size] = tf->rip;
			ns->count++;
		}
		watchdog_nmi(tf);
		return;
	}
	if (tf->vector == USPACE_SYSCALL_VECTOR) {
		uspace_syscall(tf);
		return;
	}
	if (tf->vector < 32) {
		if (trap_test_hook && trap_test_hook(tf))
			return;
		if (arch_fault_hook(tf))
			return;
	}
	trap_panic(tf);
}
