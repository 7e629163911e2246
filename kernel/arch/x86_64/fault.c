/*
 * Faults are errors (thesis 3.4.3): a CPU exception while a server's code
 * runs crashes the server (it is destroyed, docs/recovery.md) and becomes
 * BSS_E_FAULT, thrown to that server's caller like any error.
 * The hook edits the trap frame so that IRETQ resumes in fault_throw on a
 * usable stack, which throws on the faulting thread. A fault in the kernel
 * itself (its own code, or while no server runs) still panics.
 *
 * Stack overflows arrive as a double fault on the IST stack: the faulting
 * stack is exhausted, so the throw runs on an emergency stack until the
 * unwind reaches the catching try record, whose saved rsp puts it back on
 * the thread's own stack. One overflow can be in flight at a time (one CPU,
 * interrupts off); a second one while the first is unwinding panics.
 */
#include "arch.h"
#include "core/core.h"
#include "fmt.h"
#include "uspace.h"

#define EMERGENCY_STACK 16384
/* A throw unwinds and may run destructors: keep this much stack below the fault. */
#define THROW_HEADROOM 16384

extern char _kernel_start[], _kernel_end[];

#define VEC_HANG 256 /* not a CPU exception: the watchdog's (watchdog.c) */

static struct {
	uint64_t vector, rip, cr2, error;
	const char *server;
	unsigned hang_ms;
} fault;

static uint8_t emergency[EMERGENCY_STACK] __attribute__((aligned(16)));
/* Read by fault_landing below. */
__attribute__((used)) static int emergency_busy;
__attribute__((used)) static uint64_t emergency_resume;

/*
 * The catching try resumes here instead of at its own address when the
 * throw ran on the emergency stack: free the stack, then continue there
 * with eax (bss_sys_try's result) intact.
 */
void fault_landing(void);
__asm__(".text\n"
	".globl fault_landing\n"
	"fault_landing:\n"
	"\tmovl $0, emergency_busy(%rip)\n"
	"\tjmp *emergency_resume(%rip)\n");

static const char *what(void)
{
	static char buf[48];

	switch (fault.vector) {
	case T_PAGE_FAULT:
		fmt_snprintf(buf, sizeof(buf), "page fault (%s 0x%lx)",
			     fault.error & PF_FETCH   ? "fetch"
			     : fault.error & PF_WRITE ? "write"
						      : "read",
			     fault.cr2);
		return buf;
	case T_DOUBLE_FAULT:
		return "stack overflow (double fault)";
	case VEC_HANG:
		fmt_snprintf(buf, sizeof(buf), "hang (no thread switch for %u ms)", fault.hang_ms);
		return buf;
	default:
		return trap_name((unsigned)fault.vector);
	}
}

/* The faulting server crashes (kernel/core/crash.c); its caller gets the error. */
static _Noreturn void fault_throw(void)
{
	int32_t err = fault.vector == T_DIVIDE	 ? EDOM
		      : fault.vector == VEC_HANG ? ETIMEDOUT
						 : EFAULT;

	core_crash_throw(BSS_E_FAULT, err, "%s at rip=0x%lx in %s", what(), fault.rip,
			 fault.server);
}

static int in_kernel_image(uint64_t a)
{
	return a >= (uintptr_t)_kernel_start && a < (uintptr_t)_kernel_end;
}

/* Does a server's code run in t, at rip (and not the kernel's)? */
static int in_server(struct thread *t, uint64_t rip)
{
	return t && t->cur && t->cur->kind != SRV_KERNEL && t->ntries && !in_kernel_image(rip);
}

static int redirect(struct trap_frame *tf, struct thread *t);

int arch_fault_hook(struct trap_frame *tf)
{
	struct thread *t = cur_thread;

	if ((tf->cs & 3) == 3)
		return uspace_fault(tf); /* an isolated server's: crashes it */
	if (!in_server(t, tf->rip) || tf->vector == T_NMI || tf->vector == 18 /* #MC */)
		return 0; /* no server runs: the kernel's own fault */
	fault.vector = tf->vector;
	fault.rip = tf->rip;
	fault.cr2 = tf->cr2;
	fault.error = tf->error;
	fault.server = server_name(t->cur);
	return redirect(tf, t);
}

/*
 * The watchdog saw a thread keep the CPU for ms milliseconds (watchdog.c):
 * if a server's code runs there, it hangs; it crashes as if it had faulted
 * there. 0 if the NMI came while kernel code ran: the next one may find it.
 */
int arch_hang(struct trap_frame *tf, unsigned ms)
{
	struct thread *t = cur_thread;

	if ((tf->cs & 3) == 3)
		return uspace_hang(tf, ms); /* resumed on the thread's kernel stack */
	if (!in_server(t, tf->rip))
		return 0;
	fault.vector = VEC_HANG;
	fault.rip = tf->rip;
	fault.cr2 = fault.error = 0;
	fault.hang_ms = ms;
	fault.server = server_name(t->cur);
	return redirect(tf, t);
}

extern char boot_stack_bottom[], boot_stack_top[];

/* Is sp within t's stack (the boot stack for the boot thread, which has none of its own)? */
static int on_own_stack(struct thread *t, uint64_t sp)
{
	uintptr_t lo = t->stack ? (uintptr_t)t->stack : (uintptr_t)boot_stack_bottom;
	uintptr_t hi = t->stack ? lo + t->stack_size : (uintptr_t)boot_stack_top;

	return sp > lo && sp <= hi;
}

/* Make IRETQ "call" fault_throw on a stack that has room for the unwinding. */
static int redirect(struct trap_frame *tf, struct thread *t)
{
	uint64_t sp = tf->rsp;
	/*
	 * The faulting code may have loaded rsp with garbage (a corrupt frame
	 * popped, a call through a wild pointer): writing below it would fault
	 * in the kernel. An rsp off the thread's own stack is treated as an
	 * overflow: the throw runs on the emergency stack.
	 */
	int overflow = tf->vector == T_DOUBLE_FAULT || !on_own_stack(t, sp) ||
		       (t->stack && sp - (uintptr_t)t->stack < THROW_HEADROOM);
	if (overflow) {
		if (emergency_busy)
			return 0;
		emergency_busy = 1;
		struct jmpctx *c = &t->tries[t->ntries - 1].ctx;
		emergency_resume = c->rip;
		c->rip = (uint64_t)(uintptr_t)fault_landing;
		sp = (uint64_t)(uintptr_t)(emergency + sizeof(emergency));
	} else {
		sp -= 256; /* whatever the faulting code left just below rsp */
	}
	/* As if fault_throw had been called: rsp + 8 aligned, a zero return address ends
	 * backtraces. */
	sp = (sp & ~15ull) - 8;
	*(uint64_t *)(uintptr_t)sp = 0;
	tf->rsp = sp;
	tf->rip = (uint64_t)(uintptr_t)fault_throw;
	return 1;
}
