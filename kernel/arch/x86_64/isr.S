/*
 * Entry stubs for vectors 0..63 and 255 (the local APIC's spurious vector).  Each stub makes the stack uniform (a dummy
 * error code where the CPU pushes none, then the vector number) and jumps to
 * isr_common, which completes the struct trap_frame described in trap.h.
 * All gates are interrupt gates, so interrupts stay off until IRETQ.
 */
	.text

	.macro stub vec
	.align 16
isr_stub_\vec:
	.if \vec == 8 || (\vec >= 10 && \vec <= 14) || \vec == 17 || \vec == 21 || \vec == 29 || \vec == 30
	/* the CPU pushed an error code */
	.else
	pushq	$0
	.endif
	pushq	$\vec
	jmp	isr_common
	.endm

	.irp v, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	stub \v
	.endr
	.irp v, 32,33,34,35,36,37,38,39,40,41,42,43,44,45,46,47
	stub \v
	.endr
	.irp v, 48,49,50,51,52,53,54,55,56,57,58,59,60,61,62,63,255
	stub \v
	.endr

	/* also the system call gate of isolated servers (uentry.S) */
	.globl isr_common
isr_common:
	cld				/* the C ABI wants DF clear */
	sub	$8, %rsp		/* cr2 slot */
	push	%rax
	mov	%cr2, %rax
	mov	%rax, 8(%rsp)
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
	mov	%rsp, %rdi		/* struct trap_frame * */
	mov	%rsp, %rbx		/* callee-saved: survives the call */
	and	$-16, %rsp		/* ABI stack alignment for the C call */
	call	trap_dispatch
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
	add	$24, %rsp		/* cr2, vector, error code */
	iretq

	.section .rodata
	.align 8
	.globl isr_stub_table
isr_stub_table:
	.irp v, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	.quad	isr_stub_\v
	.endr
	.irp v, 32,33,34,35,36,37,38,39,40,41,42,43,44,45,46,47
	.quad	isr_stub_\v
	.endr
	.irp v, 48,49,50,51,52,53,54,55,56,57,58,59,60,61,62,63
	.quad	isr_stub_\v
	.endr
	.globl isr_stub_spurious
isr_stub_spurious:
	.quad	isr_stub_255

	.section .note.GNU-stack, "", @progbits
