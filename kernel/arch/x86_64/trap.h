/*
 * Exceptions and interrupts.  Every vector in 0..63 (and the APIC's
 * spurious 255) enters through isr.S,
 * which saves all general registers into a struct trap_frame on the current
 * stack (the double fault stack for #DF) and calls trap_dispatch().  When
 * trap_dispatch() returns, the registers are reloaded from the frame and
 * IRETQ resumes at tf->rip with tf->rsp: a handler may edit any field to
 * resume somewhere else.
 */
#ifndef ARCH_TRAP_H
#define ARCH_TRAP_H

#include <stdint.h>

#define IRQ_BASE 32 /* the 8259s are remapped to vectors 32..47 */
#define NR_IRQS 16
/*
 * Message-signalled interrupts through the local APIC (lapic.h): vectors
 * 48..63 are the interrupt service's lines 16..31 (line = vector - IRQ_BASE).
 */
#define MSI_BASE (IRQ_BASE + NR_IRQS)
#define NR_MSI 16
#define NR_STUBS (MSI_BASE + NR_MSI) /* isr.S's stubs for vectors 0..63 */
#define LAPIC_SPURIOUS 0xff	     /* needs no EOI */

#define T_DIVIDE 0
#define T_DEBUG 1
#define T_NMI 2
#define T_BREAKPOINT 3
#define T_INVALID_OPCODE 6
#define T_DOUBLE_FAULT 8
#define T_GP 13
#define T_PAGE_FAULT 14

/* #PF error code bits */
#define PF_PRESENT 0x1 /* 0: page not present; 1: protection violation */
#define PF_WRITE 0x2
#define PF_USER 0x4
#define PF_FETCH 0x10

/* Lowest address first, i.e. in the reverse order of the pushes in isr.S. */
struct trap_frame {
	uint64_t r15, r14, r13, r12, r11, r10, r9, r8;
	uint64_t rbp, rdi, rsi, rdx, rcx, rbx, rax;
	uint64_t cr2;	 /* read on entry to every vector; meaningful for #PF only */
	uint64_t vector; /* 0..31 exception, 32..47 IRQ 0..15, 48..63 MSI */
	uint64_t error;	 /* CPU error code, 0 for vectors without one */
	/* Pushed by the CPU; in 64-bit mode rsp and ss are always there. */
	uint64_t rip, cs, rflags, rsp, ss;
};
/* isr.S pushes the registers in this order, then reads the frame as this struct */
_Static_assert(__builtin_offsetof(struct trap_frame, r15) == 0, "isr.S: trap_frame.r15");
_Static_assert(__builtin_offsetof(struct trap_frame, rax) == 14 * 8, "isr.S: trap_frame.rax");
_Static_assert(__builtin_offsetof(struct trap_frame, cr2) == 15 * 8, "isr.S: trap_frame.cr2");
_Static_assert(__builtin_offsetof(struct trap_frame, vector) == 16 * 8, "isr.S: trap_frame.vector");
_Static_assert(__builtin_offsetof(struct trap_frame, error) == 17 * 8, "isr.S: trap_frame.error");
_Static_assert(__builtin_offsetof(struct trap_frame, rip) == 18 * 8, "isr.S: trap_frame.rip");
_Static_assert(__builtin_offsetof(struct trap_frame, cs) == 19 * 8, "uentry.S: trap_frame.cs");
_Static_assert(__builtin_offsetof(struct trap_frame, rflags) == 20 * 8,
	       "uentry.S: trap_frame.rflags");
_Static_assert(__builtin_offsetof(struct trap_frame, rsp) == 21 * 8, "uentry.S: trap_frame.rsp");
_Static_assert(__builtin_offsetof(struct trap_frame, ss) == 22 * 8, "uentry.S: trap_frame.ss");
_Static_assert(sizeof(struct trap_frame) == 23 * 8, "isr.S: struct trap_frame");

/* Called from isr.S for every vector, with interrupts disabled. */
void trap_dispatch(struct trap_frame *tf);

/*
 * Exceptions (vectors 0..31) go to this hook.  Return nonzero once the
 * fault is dealt with and tf edited to resume somewhere sensible; return 0
 * and the kernel panics with a register dump.  The default (weak)
 * definition returns 0; the core overrides it to turn faults in servers
 * into errors.  A #DF arrives on its own IST stack; tf->rsp is the
 * interrupted stack pointer (inside the guard page on a stack overflow).
 */
int arch_fault_hook(struct trap_frame *tf);

/*
 * Each hardware interrupt goes to this hook (default: does nothing), with
 * interrupts disabled; the 8259 (or, for an MSI line 16..31, the local
 * APIC) gets its EOI afterwards.  IRQ 0 is the 1000 Hz PIT tick: the kernel
 * counts it in `ticks` before the hook runs.
 */
void arch_irq_dispatch(unsigned irq);

/*
 * Self-tests only: when set, consulted for exceptions before
 * arch_fault_hook, with the same contract.
 */
extern int (*trap_test_hook)(struct trap_frame *tf);

/*
 * NMI sampling for tools/qemu-prof ("nmiprof" on the command line): the
 * profiler injects NMIs through QEMU's monitor and reads this structure with
 * the monitor's memory dump. Each NMI stores the RIP it interrupted in
 * ring[count % size] and increments count. Under TCG that RIP is exact,
 * unlike the one the monitor shows for a running CPU.
 */
struct trap_nmi_samples {
	volatile uint64_t count;
	uint64_t size;
	uint64_t *ring; /* NULL: NMIs are fatal, as without sampling */
};
extern struct trap_nmi_samples trap_nmi_samples;
void trap_nmi_sampling_init(void);

/* Set by the scheduler's interrupt windows (os.c): an interrupt returns with interrupts off. */
extern int trap_one_irq;

/* watchdog.c: the hang watchdog ("watchdog=MS"); every NMI goes to watchdog_nmi. */
void watchdog_init(unsigned ms);
void watchdog_nmi(struct trap_frame *tf);

/* "page fault", "invalid opcode", ... */
const char *trap_name(unsigned vector);

/* Prints the registers of tf on the console. */
void trap_dump(const struct trap_frame *tf);

#endif
