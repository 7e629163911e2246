/*
 * ctx_switch / ctx_init: see ctx.h. A switched-out context's stack holds, from
 * its saved stack pointer up: r15 r14 r13 r12 rbp rbx and the return address.
 */
	.text

	.globl ctx_switch
	.type ctx_switch, @function
ctx_switch:
	push %rbx
	push %rbp
	push %r12
	push %r13
	push %r14
	push %r15
	mov %rsp, (%rdi)
	mov %rsi, %rsp
	pop %r15
	pop %r14
	pop %r13
	pop %r12
	pop %rbp
	pop %rbx
	ret
	.size ctx_switch, .-ctx_switch

/* First code of a new context (rsp 16-aligned): r12 = entry, r13 = arg, from ctx_init. */
	.type ctx_start, @function
ctx_start:
	mov %r13, %rdi
	call *%r12
	ud2                       /* entry returned: a bug, trap loudly */
	.size ctx_start, .-ctx_start

/* uint64_t ctx_init(void *stack_top, void (*entry)(void *), void *arg) */
	.globl ctx_init
	.type ctx_init, @function
ctx_init:
	mov %rdi, %rax
	and $-16, %rax
	lea ctx_start(%rip), %rcx
	mov %rcx, -8(%rax)        /* return address of ctx_switch */
	movq $0, -16(%rax)        /* rbx */
	movq $0, -24(%rax)        /* rbp */
	mov %rsi, -32(%rax)       /* r12 = entry */
	mov %rdx, -40(%rax)       /* r13 = arg */
	movq $0, -48(%rax)        /* r14 */
	movq $0, -56(%rax)        /* r15 */
	sub $56, %rax
	ret
	.size ctx_init, .-ctx_init

	.section .note.GNU-stack, "", @progbits
