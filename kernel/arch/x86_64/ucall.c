/*
 * Calls across address spaces (uspace.h): a thread migrates into an
 * isolated server in ring 3 and back, its system calls trap in, errors
 * unwind out of it, faults end it.
 *
 * Invariant: every return to ring 3 (entry, system call return, a catch)
 * first opens the space of the activation it returns to (uspace_open) and
 * sets TSS.rsp0 to that activation's rsp0, where its next trap lands on the
 * thread's kernel stack. uspace_cur, the context's innermost activation,
 * is saved and restored with the context.
 */
#include "arch.h"
#include "gdt.h"
#include "uspace.h"
#include "core/space.h"
#include "fmt.h"

#define UTRY_MAX 4	      /* try blocks open at once in one activation */
#define RED_ZONE 128	      /* below a user rsp that the server may still use */
#define COPY_MAX (160 * 1024) /* bytes of buffers copied into a space per call */

struct uact;

/* A try block of an isolated server: the kernel's try record resumes it in ring 3. */
struct utry {
	struct bss_try kt; /* core_rethrow leaves the error here */
	uint64_t user;	   /* the server's struct bss_try, checked to be in its space */
	uint64_t regs[8];  /* rbx rbp r12 r13 r14 r15 rsp rip of the server at the try */
	struct uact *act;
};

/* One entry of a thread into a space, on the thread's kernel stack. */
struct uact {
	uint64_t ksp;	/* uentry.S: where the return resumes (offset 0) */
	uint64_t rsp0;	/* uentry.S: where its traps land (offset 8) */
	uint64_t entry; /* uentry.S: the space's entry trampoline (offset 16) */
	struct uact *prev;
	struct uspace *sp;
	struct ustack *stack;	/* NULL: it runs on an outer activation's stack */
	struct trap_frame *utf; /* the system call in progress, NULL while the server runs */
	unsigned ntry;
	struct utry tries[UTRY_MAX];
};
_Static_assert(__builtin_offsetof(struct uact, ksp) == 0, "uentry.S: uact.ksp");
_Static_assert(__builtin_offsetof(struct uact, rsp0) == 8, "uentry.S: uact.rsp0");
_Static_assert(__builtin_offsetof(struct uact, entry) == 16, "uentry.S: uact.entry");

/* Read by uentry.S's return gate. */
struct uact *uspace_cur;

uint64_t uspace_enter(struct uact *act, uint64_t rip, uint64_t usp, const uint64_t args[5]);
void uentry_syscall(void);
void uentry_fast(void);
void uentry_return(void);
void utry_landing(void);
_Noreturn void uspace_iret(struct trap_frame *tf);

#define MSR_EFER 0xc0000080
#define MSR_STAR 0xc0000081
#define MSR_LSTAR 0xc0000082
#define MSR_FMASK 0xc0000084
#define EFER_SCE 1

static uint64_t rdmsr(uint32_t msr)
{
	uint32_t lo, hi;

	__asm__ volatile("rdmsr" : "=a"(lo), "=d"(hi) : "c"(msr));
	return (uint64_t)hi << 32 | lo;
}

static void wrmsr(uint32_t msr, uint64_t v)
{
	__asm__ volatile("wrmsr" : : "c"(msr), "a"((uint32_t)v), "d"((uint32_t)(v >> 32)));
}

void uspace_ucall_init(void)
{
	idt_set_user_gate(USPACE_SYSCALL_VECTOR, uentry_syscall);
	idt_set_user_gate(USPACE_RETURN_VECTOR, uentry_return);
	/*
	 * SYSCALL enters at uentry_fast on KERNEL_CS; SYSRET returns to
	 * USER_CS with USER_DS (STAR's base: SS = base + 8, CS = base + 16).
	 * Interrupts, direction, trap and alignment-check flags are cleared.
	 */
	wrmsr(MSR_STAR, ((uint64_t)(USER_DS - 8) << 48) | ((uint64_t)KERNEL_CS << 32));
	wrmsr(MSR_LSTAR, (uint64_t)(uintptr_t)uentry_fast);
	wrmsr(MSR_FMASK, 0x40700);
	wrmsr(MSR_EFER, rdmsr(MSR_EFER) | EFER_SCE);
}

/* The thread's stack in sp: its own if it has one, else a free one. */
static struct ustack *stack_for(struct uspace *sp, struct thread *t)
{
	struct ustack *free = NULL;

	if (likely(sp->hot && sp->hot->t == t))
		return sp->hot;
	for (unsigned i = 0; i < USPACE_STACKS; i++)
		if (sp->stacks[i].t == t)
			return sp->hot = &sp->stacks[i];
	/* one no thread is using, preferably made already */
	for (unsigned i = 0; i < USPACE_STACKS && !free; i++)
		if (!sp->stacks[i].active && sp->stacks[i].top)
			free = &sp->stacks[i];
	for (unsigned i = 0; i < USPACE_STACKS && !free; i++)
		if (!sp->stacks[i].top)
			free = &sp->stacks[i];
	if (!free)
		core_throw(BSS_E_LIMIT, EAGAIN, "%s: more than %d threads inside", sp->name,
			   USPACE_STACKS);
	if (!free->top) {
		uint64_t lo = uspace_reserve(sp, USPACE_STACK);
		if (!lo)
			core_throw(BSS_E_NOMEM, ENOMEM, "%s: no room for a thread's stack",
				   sp->name);
		free->top = lo + USPACE_STACK;
	}
	free->t = t;
	return sp->hot = free;
}

static bool is_buffer(uint8_t kind)
{
	return kind == K_IN || kind == K_OUT || kind == K_INOUT || kind == K_REFS_IN ||
	       kind == K_REFS_OUT;
}

static uint64_t buffer_bytes(const struct callsig *sig, const uint64_t a[4], unsigned i)
{
	uint64_t n = space_count_arg(sig, a, i);

	return sig->kind[i] == K_REFS_IN || sig->kind[i] == K_REFS_OUT ? n * sizeof(bss_ref_t) : n;
}

/*
 * A filled out-buffer comes back only as far as the return value says (the
 * rest stays the caller's); call.c throws when that is more than fits.
 */
static uint64_t copy_back_bytes(const struct callsig *sig, const uint64_t a[4], unsigned i,
				uint64_t r)
{
	uint64_t n = buffer_bytes(sig, a, i);

	if (!sig->fill[i])
		return n;
	uint64_t v = sig->ret == K_W ? (uint32_t)r : r;
	uint64_t unit = sig->kind[i] == K_REFS_OUT ? sizeof(bss_ref_t) : sig->fill[i];
	return v > n / unit ? n : v * unit;
}

uint64_t os_space_call(struct server *owner, bss_fn_t fn, void *self, const struct callsig *sig,
		       uint64_t a[4])
{
	struct uspace *sp = owner->space;
	struct thread *t = cur_thread;
	struct uact act;
	uint64_t usp, args[5] = {(uint64_t)(uintptr_t)self, a[0], a[1], a[2], a[3]};
	uint64_t copied = 0;

	if (sp->dead)
		core_throw(BSS_E_DEAD, EPIPE, "%s was ended by a fault: %s", sp->name, sp->fault);
	act.stack = NULL;
	usp = 0;
	/* A thread entering a space it is already in (a callback) continues below its own frames.
	 */
	for (struct uact *o = uspace_cur; o; o = o->prev)
		if (o->sp == sp) {
			usp = o->utf->rsp - RED_ZONE;
			break;
		}
	if (!usp) {
		act.stack = stack_for(sp, t);
		usp = act.stack->top;
	}
	usp &= ~15ull;
	/* Buffers go by copy: the server sees its own copy, in its own space. */
	for (unsigned i = 0; sig && i < sig->nargs; i++)
		if (is_buffer(sig->kind[i]) && a[i])
			copied += (buffer_bytes(sig, a, i) + 15) & ~15ull;
	if (copied > COPY_MAX)
		core_throw(BSS_E_LIMIT, E2BIG,
			   "%s: more than %d bytes of buffers for an isolated server", sp->name,
			   COPY_MAX);
	/*
	 * What the kernel writes below usp must be the server's own stack
	 * (a nested entry's usp comes from the server) and mapped.
	 */
	if (!uspace_commit(sp, usp - copied - 16, usp))
		core_throw(BSS_E_INVAL, EFAULT, "%s: stack pointer 0x%lx: no stack there", sp->name,
			   (unsigned long)usp);
	for (unsigned i = 0; sig && i < sig->nargs; i++) {
		uint64_t n = is_buffer(sig->kind[i]) && a[i] ? buffer_bytes(sig, a, i) : 0;
		if (!n)
			continue;
		usp -= (n + 15) & ~15ull;
		/* a filled out-buffer holds the caller's own bytes: the server gets zeros */
		if (sig->fill[i])
			memset((void *)(uintptr_t)usp, 0, n);
		else
			memcpy((void *)(uintptr_t)usp, (const void *)(uintptr_t)a[i], n);
		args[i + 1] = usp;
	}
	usp -= 8;
	*(uint64_t *)(uintptr_t)usp = sp->trampoline; /* fn's return address */

	act.prev = uspace_cur;
	act.entry = sp->trampoline + USPACE_ENTRY_OFFSET;
	act.sp = sp;
	act.utf = NULL;
	act.ntry = 0;
	if (act.stack)
		act.stack->active++;
	uspace_cur = &act;
	uspace_entries++;
	uspace_open(sp, USPACE_CALL);
	uint64_t r = uspace_enter(&act, (uint64_t)(uintptr_t)fn, usp, args);
	uspace_cur = act.prev;
	if (act.stack)
		act.stack->active--;
	for (unsigned i = 0; sig && i < sig->nargs; i++) {
		uint8_t k = sig->kind[i];
		if ((k == K_OUT || k == K_INOUT || k == K_REFS_OUT) && a[i])
			memcpy((void *)(uintptr_t)a[i], (const void *)(uintptr_t)args[i + 1],
			       copy_back_bytes(sig, a, i, r));
	}
	return r;
}

void uspace_syscall(struct trap_frame *tf)
{
	struct uact *act = uspace_cur;

	if ((tf->cs & 3) != 3 || !act)
		panic("uspace: system call gate used from ring 0");
	act->utf = tf;
	uspace_syscalls++;
	uspace_count_sys(act->sp, (uint32_t)tf->rax);
	uint64_t a[5] = {tf->rdi, tf->rsi, tf->rdx, tf->rcx, tf->r8};
	tf->rax = space_syscall((uint32_t)tf->rax, a);
	act->utf = NULL;
	uspace_open(act->sp, USPACE_RETURN);
	gdt_set_rsp0(act->rsp0);
}

static const char *fault_what(const struct trap_frame *tf, char *buf, size_t n)
{
	/* without NX the CPU reports no fetch bit: a fault at rip itself is one */
	bool fetch = (tf->error & PF_FETCH) || tf->cr2 == tf->rip;

	if (tf->vector == T_PAGE_FAULT)
		fmt_snprintf(buf, n, "page fault (%s 0x%lx)",
			     fetch		    ? "fetch"
			     : tf->error & PF_WRITE ? "write"
						    : "read",
			     tf->cr2);
	else
		fmt_snprintf(buf, n, "%s", trap_name((unsigned)tf->vector));
	return buf;
}

/*
 * A CPU exception in ring 3 ends the isolated server: its space is marked
 * dead (later calls throw BSS_E_DEAD), the server crashes (core/crash.c:
 * it is destroyed with everything it holds, and its supervisor may load a
 * new one), and the error goes to its caller, past the server's own try
 * blocks (it cannot be trusted to handle it).
 */
static _Noreturn int end(struct uact *act, struct thread *t, const char *what, uint64_t rip,
			 int32_t err)
{
	struct uspace *sp = act->sp;

	sp->dead = 1;
	fmt_snprintf(sp->fault, sizeof(sp->fault), "%s at rip=0x%lx in %s (isolated)", what, rip,
		     sp->name);
	core_log("bss: %s ended by a fault: %s\n", sp->name, sp->fault);
	act->utf = NULL;
	while (t->ntries && t->tries[t->ntries - 1].server == t->cur)
		t->ntries--;
	core_crash_throw(BSS_E_FAULT, err, "%s", sp->fault);
}

int uspace_fault(struct trap_frame *tf)
{
	struct uact *act = uspace_cur;
	struct thread *t = cur_thread;
	char what[64];

	if (!act || !t)
		return 0;
	struct uspace *sp = act->sp;
	/* a stack's first touch of a page: map it and go on */
	if (tf->vector == T_PAGE_FAULT && !(tf->error & PF_PRESENT) &&
	    uspace_commit(sp, tf->cr2, tf->cr2 + 1))
		return 1;
	if (tf->vector == T_PAGE_FAULT && (tf->error & PF_PRESENT) &&
	    uspace_stale(sp, tf->cr2, tf->error & PF_WRITE))
		return 1;
	return end(act, t, fault_what(tf, what, sizeof(what)), tf->rip,
		   tf->vector == T_DIVIDE ? EDOM : EFAULT);
}

static struct {
	uint64_t rip;
	unsigned ms;
} hang;

static _Noreturn void hang_end(void)
{
	char what[64];

	fmt_snprintf(what, sizeof(what), "hang (no thread switch for %u ms)", hang.ms);
	end(uspace_cur, cur_thread, what, hang.rip, ETIMEDOUT);
}

/*
 * The watchdog caught the isolated server's code keeping the CPU
 * (watchdog.c): as a fault. The NMI runs on its own stack (gdt.h), which
 * the unwinding must not keep using: a later NMI would reuse it. So IRETQ
 * "calls" hang_end in ring 0 on the activation's trap stack, free while
 * ring 3 runs, as if the server had trapped there.
 */
int uspace_hang(struct trap_frame *tf, unsigned ms)
{
	struct uact *act = uspace_cur;

	if (!act || !cur_thread)
		return 0;
	hang.rip = tf->rip;
	hang.ms = ms;
	/* rsp + 8 aligned as after a call; a zero return address ends backtraces */
	uint64_t sp = (act->rsp0 & ~15ull) - 8;
	*(uint64_t *)(uintptr_t)sp = 0;
	tf->rsp = sp;
	tf->rip = (uint64_t)(uintptr_t)hang_end;
	tf->cs = KERNEL_CS;
	tf->ss = KERNEL_DS;
	tf->rflags = 2;
	return 1;
}

/* ---- try blocks of isolated servers ---- */

uint64_t os_space_try(uint64_t user)
{
	struct uact *act = uspace_cur;
	struct trap_frame *tf = act->utf;

	if (!uspace_range_ok(act->sp, user, sizeof(struct bss_try)) ||
	    !uspace_range_ok(act->sp, tf->rsp, 8))
		core_throw(BSS_E_INVAL, EFAULT, "try: 0x%lx is not in %s's address space",
			   (unsigned long)user, act->sp->name);
	if (act->ntry == UTRY_MAX)
		core_throw(BSS_E_LIMIT, ENOMEM, "%s: try blocks nested deeper than %d in one call",
			   act->sp->name, UTRY_MAX);
	/*
	 * The catch resumes as the stub's return would have: at the return
	 * address read now (the slot is reused by later calls) and the stack
	 * pointer above it, like bss_sys_try in the kernel. Its IRETQ would
	 * raise a #GP in ring 0 for a non-canonical rip, with the kernel's
	 * frame: any address outside the space is refused here, before the
	 * record exists (one inside that is not code faults in ring 3).
	 */
	uint64_t ret = *(const uint64_t *)(uintptr_t)tf->rsp;
	if (ret - act->sp->base >= USPACE_SIZE)
		core_throw(BSS_E_INVAL, EFAULT,
			   "try: return address 0x%lx is not in %s's address space",
			   (unsigned long)ret, act->sp->name);
	struct utry *u = &act->tries[act->ntry];
	struct jmpctx *c = core_try_push(&u->kt);
	act->ntry++;
	u->user = user;
	u->act = act;
	uint64_t regs[8] = {tf->rbx, tf->rbp, tf->r12, tf->r13, tf->r14, tf->r15, tf->rsp + 8, ret};
	memcpy(u->regs, regs, sizeof(regs));
	/* the catch resumes in the kernel at the activation's trap stack, then returns to ring 3 */
	*c = (struct jmpctx){.rbx = (uint64_t)(uintptr_t)u,
			     .rsp = act->rsp0,
			     .rip = (uint64_t)(uintptr_t)utry_landing};
	return 0;
}

void os_space_untry(uint64_t user)
{
	struct uact *act = uspace_cur;

	if (!act->ntry || act->tries[act->ntry - 1].user != user)
		if (!act->ntry || act->tries[act->ntry - 1].user != user)
			core_throw(BSS_E_INVAL, EINVAL, "bss_try_leave without a matching try");
	core_try_pop(&act->tries[act->ntry - 1].kt);
	act->ntry--;
}

/* From utry_landing, on the activation's trap stack: the catch of u, in ring 3. */
_Noreturn void uspace_try_resume(struct utry *u)
{
	struct uact *act = u->act;
	struct trap_frame f;

	act->ntry = (unsigned)(u - act->tries);
	act->utf = NULL;
	memcpy((void *)(uintptr_t)u->user, &u->kt.err, sizeof(u->kt.err));
	memset(&f, 0, sizeof(f));
	f.rbx = u->regs[0];
	f.rbp = u->regs[1];
	f.r12 = u->regs[2];
	f.r13 = u->regs[3];
	f.r14 = u->regs[4];
	f.r15 = u->regs[5];
	f.rsp = u->regs[6];
	f.rip = u->regs[7];
	f.rax = 1; /* bss_try_enter's second return */
	f.cs = USER_CS;
	f.ss = USER_DS;
	f.rflags = 2;
	uspace_open(act->sp, USPACE_CATCH);
	gdt_set_rsp0(act->rsp0);
	uspace_iret(&f);
}

/* ---- core/space.h: contexts and unwinding ---- */

uint64_t os_space_ctx_save(void)
{
	return (uint64_t)(uintptr_t)uspace_cur;
}

void os_space_ctx_restore(uint64_t state)
{
	uspace_cur = (struct uact *)(uintptr_t)state;
}

void os_space_unwind(uint64_t sp)
{
	/* activations live on the stack: those below sp are being unwound */
	while (uspace_cur && (uint64_t)(uintptr_t)uspace_cur < sp) {
		if (uspace_cur->stack)
			uspace_cur->stack->active--;
		uspace_cur = uspace_cur->prev;
	}
}
