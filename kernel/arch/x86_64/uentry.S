/*
 * Entering and leaving isolated servers (ucall.c, uspace.h).  struct uact
 * starts with ksp (offset 0), rsp0 (offset 8) and entry (offset 16).
 * Calls go by SYSRET and SYSCALL (cheaper than IRETQ and int under QEMU's
 * TCG); the int 0x80 and 0x81 gates do the same for code that uses them,
 * and a caught error returns to ring 3 by IRETQ (uspace_iret).
 */
#include "gdt.h"

#define SYSCALL_VECTOR 0x80

	.text

/*
 * uint64_t uspace_enter(struct uact *act %rdi, uint64_t rip %rsi,
 *                       uint64_t usp %rdx, const uint64_t args[5] %rcx)
 * Runs rip(args...) in ring 3 on usp, whose top holds the return address
 * (the space's trampoline). Returns when uentry_return resumes here, with
 * the server's result.
 */
	.globl	uspace_enter
	.type	uspace_enter, @function
uspace_enter:
	push	%rbp
	push	%rbx
	push	%r12
	push	%r13
	push	%r14
	push	%r15
	mov	%rsp, 0(%rdi)		/* act->ksp */
	mov	%rsp, %rax
	and	$-16, %rax
	mov	%rax, 8(%rdi)		/* act->rsp0: traps land below the saved registers */
	mov	tss_rsp0_addr(%rip), %r8
	mov	%rax, (%r8)
	/*
	 * SYSRET to the space's entry trampoline (act->entry, uspace.c): it
	 * moves the fourth argument from r10 to rcx (SYSRET takes rip from
	 * rcx) and jumps to rax. rflags from r11: interrupts off, as in every
	 * thread (cooperative scheduling).
	 */
	mov	16(%rdi), %r9		/* act->entry */
	mov	%rsi, %rax
	mov	%rdx, %r11		/* usp, until the switch */
	mov	24(%rcx), %r10
	mov	32(%rcx), %r8
	mov	16(%rcx), %rdx
	mov	8(%rcx), %rsi
	mov	0(%rcx), %rdi
	mov	%r9, %rcx
	mov	%r11, %rsp
	mov	$2, %r11d
	/* nothing of the kernel's stays in a register */
	xor	%ebx, %ebx
	xor	%ebp, %ebp
	xor	%r9d, %r9d
	xor	%r12d, %r12d
	xor	%r13d, %r13d
	xor	%r14d, %r14d
	xor	%r15d, %r15d
	sysretq
	.size	uspace_enter, . - uspace_enter

/*
 * SYSCALL from ring 3 (LSTAR): eax = -1 is the trampoline's return with the
 * result in rdx; anything else is a call out through import number eax,
 * the fourth argument in r10. A call out gets the same trap frame as the
 * int 0x80 gate, on the activation's trap stack, and returns by SYSRET.
 */
	.globl	uentry_fast
	.type	uentry_fast, @function
uentry_fast:
	cmp	$-1, %eax
	je	2f
	mov	%rsp, uentry_user_rsp(%rip)
	mov	uspace_cur(%rip), %rsp
	mov	8(%rsp), %rsp		/* act->rsp0 */
	pushq	$USER_DS
	pushq	uentry_user_rsp(%rip)
	push	%r11			/* rflags */
	pushq	$USER_CS
	push	%rcx			/* rip */
	mov	%r10, %rcx
	pushq	$0
	pushq	$SYSCALL_VECTOR
	sub	$8, %rsp		/* cr2 */
	push	%rax
	push	%rbx
	push	%rcx
	push	%rdx
	push	%rsi
	push	%rdi
	push	%rbp
	push	%r8
	push	%r9
	push	%r10
	push	%r11
	push	%r12
	push	%r13
	push	%r14
	push	%r15
	mov	%rsp, %rdi
	mov	%rsp, %rbx
	and	$-16, %rsp
	call	uspace_syscall
	mov	%rbx, %rsp
	pop	%r15
	pop	%r14
	pop	%r13
	pop	%r12
	pop	%r11
	pop	%r10
	pop	%r9
	pop	%r8
	pop	%rbp
	pop	%rdi
	pop	%rsi
	pop	%rdx
	pop	%rcx
	pop	%rbx
	pop	%rax
	add	$24, %rsp
	mov	0(%rsp), %rcx		/* rip */
	mov	16(%rsp), %r11		/* rflags */
	mov	24(%rsp), %rsp
	sysretq
2:	mov	%rdx, %rax
	mov	uspace_cur(%rip), %rcx
	mov	0(%rcx), %rsp
	pop	%r15
	pop	%r14
	pop	%r13
	pop	%r12
	pop	%rbx
	pop	%rbp
	ret
	.size	uentry_fast, . - uentry_fast

	.bss
	.align	8
uentry_user_rsp:
	.quad	0
	.text

/* int $0x81: the server's function returned (to the trampoline), result in %rax. */
	.globl	uentry_return
	.type	uentry_return, @function
uentry_return:
	cld
	mov	uspace_cur(%rip), %rcx
	mov	0(%rcx), %rsp
	pop	%r15
	pop	%r14
	pop	%r13
	pop	%r12
	pop	%rbx
	pop	%rbp
	ret
	.size	uentry_return, . - uentry_return

/* int $0x80: a call out of the server; %eax is its import number. */
	.globl	uentry_syscall
	.type	uentry_syscall, @function
uentry_syscall:
	pushq	$0
	pushq	$SYSCALL_VECTOR
	jmp	isr_common
	.size	uentry_syscall, . - uentry_syscall

/* A try of the server caught an error: the kernel's side of it (rbx = struct utry *). */
	.globl	utry_landing
	.type	utry_landing, @function
utry_landing:
	mov	%rbx, %rdi
	and	$-16, %rsp
	call	uspace_try_resume
	ud2
	.size	utry_landing, . - utry_landing

/* _Noreturn void uspace_iret(struct trap_frame *tf): back to ring 3 as tf says. */
	.globl	uspace_iret
	.type	uspace_iret, @function
uspace_iret:
	mov	%rdi, %rsp
	pop	%r15
	pop	%r14
	pop	%r13
	pop	%r12
	pop	%r11
	pop	%r10
	pop	%r9
	pop	%r8
	pop	%rbp
	pop	%rdi
	pop	%rsi
	pop	%rdx
	pop	%rcx
	pop	%rbx
	pop	%rax
	add	$24, %rsp		/* cr2, vector, error code */
	iretq
	.size	uspace_iret, . - uspace_iret

	.section .note.GNU-stack, "", @progbits
