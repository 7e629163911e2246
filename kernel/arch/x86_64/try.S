/*
 * try / throw register save and restore for the core (kernel/core/error.c).
 * Shared by the bare-metal kernel and the hosted runtime: both are x86_64
 * SysV code. struct jmpctx layout: rbx rbp r12 r13 r14 r15 rsp rip.
 */
	.text

/* int bss_sys_try(struct bss_try *user): returns 0 now, 1 when an error is caught. */
	.globl bss_sys_try
	.type bss_sys_try, @function
bss_sys_try:
	sub $8, %rsp              /* align the stack for the C call */
	call core_try_push        /* rax = struct jmpctx *; callee-saved registers intact */
	add $8, %rsp
	mov %rbx, 0(%rax)
	mov %rbp, 8(%rax)
	mov %r12, 16(%rax)
	mov %r13, 24(%rax)
	mov %r14, 32(%rax)
	mov %r15, 40(%rax)
	lea 8(%rsp), %rdx         /* the caller's stack pointer after our return */
	mov %rdx, 48(%rax)
	mov (%rsp), %rdx          /* our return address */
	mov %rdx, 56(%rax)
	xor %eax, %eax
	ret
	.size bss_sys_try, .-bss_sys_try

/* void jmp_resume(struct jmpctx *ctx, int value): never returns. */
	.globl jmp_resume
	.type jmp_resume, @function
jmp_resume:
	mov 0(%rdi), %rbx
	mov 8(%rdi), %rbp
	mov 16(%rdi), %r12
	mov 24(%rdi), %r13
	mov 32(%rdi), %r14
	mov 40(%rdi), %r15
	mov 48(%rdi), %rsp
	mov %esi, %eax
	jmp *56(%rdi)
	.size jmp_resume, .-jmp_resume

	.section .note.GNU-stack, "", @progbits
