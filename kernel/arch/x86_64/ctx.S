/*
 * ctx_switch / ctx_init: see kernel/core/ctx.h.  Stack layout of a switched-out
 * context, from its saved stack pointer upwards:
 *
 *	r15, r14, r13, r12, rbx, rbp, return address
 *
 * ctx_init builds the same layout with ctx_start as the return address and
 * entry/arg parked in r12/r13.
 */
	.text

	.globl	ctx_switch
	.type	ctx_switch, @function
ctx_switch:				/* (uint64_t *save_sp %rdi, uint64_t new_sp %rsi) */
	.cfi_startproc
	push	%rbp
	push	%rbx
	push	%r12
	push	%r13
	push	%r14
	push	%r15
	mov	%rsp, (%rdi)
	mov	%rsi, %rsp
	pop	%r15
	pop	%r14
	pop	%r13
	pop	%r12
	pop	%rbx
	pop	%rbp
	ret
	.cfi_endproc
	.size	ctx_switch, . - ctx_switch

	.globl	ctx_init
	.type	ctx_init, @function
ctx_init:				/* (void *stack_top %rdi, entry %rsi, arg %rdx) */
	.cfi_startproc
	and	$-16, %rdi
	/*
	 * Seven slots below the aligned top: after the six pops and the RET,
	 * %rsp equals the aligned top, so ctx_start's CALL leaves the entry
	 * function with %rsp + 8 aligned to 16, as the ABI requires.
	 */
	lea	-56(%rdi), %rax
	movq	$0, 0(%rax)		/* r15 */
	movq	$0, 8(%rax)		/* r14 */
	mov	%rdx, 16(%rax)		/* r13: arg */
	mov	%rsi, 24(%rax)		/* r12: entry */
	movq	$0, 32(%rax)		/* rbx */
	movq	$0, 40(%rax)		/* rbp: ends frame-pointer walks */
	lea	ctx_start(%rip), %rcx
	mov	%rcx, 48(%rax)		/* return address of the first switch */
	ret
	.cfi_endproc
	.size	ctx_init, . - ctx_init

	.type	ctx_start, @function
ctx_start:
	.cfi_startproc
	.cfi_undefined rip		/* outermost frame, for debuggers */
	mov	%r13, %rdi
	call	*%r12
	call	ctx_entry_returned
	ud2
	.cfi_endproc
	.size	ctx_start, . - ctx_start

	.weak	ctx_entry_returned
	.type	ctx_entry_returned, @function
ctx_entry_returned:
	.cfi_startproc
	ud2
	.cfi_endproc
	.size	ctx_entry_returned, . - ctx_entry_returned

	.section .note.GNU-stack, "", @progbits
