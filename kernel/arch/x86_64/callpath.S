/*
 * bss_call_cached: the common case of a service call whose stub's cache
 * matched a target that is not a leaf (kernel/core/call.c says what it
 * checks and why; call_lazy there is the same path in C, for the other
 * entries). By hand because it is the hottest path of the model: no
 * register to save, the frame written in five stores, nothing in a register
 * across the call, every branch of the common case falls through. Shared by
 * the bare-metal kernel and the hosted runtime (x86_64 SysV); the offsets
 * below are checked against the C structures in call.c.
 *
 * In:  %rdi handle, %rsi %rdx %rcx %r8 the arguments, %r9 the import.
 * Anything uncommon goes, untouched, to bss_call_general (the full checks).
 */
#define SRV_OWNER	0x10	/* struct server */
#define SRV_DEAD	0x1e
#define SRV_LOCK_HOLDER	0x28
#define THR_CUR		0x08	/* struct thread */
#define THR_FRAMES	0x18
#define THR_NTEMPS	0x28
#define THR_NTRIES	0x38
#define IMP_ATOMIC	0x06	/* struct import */
#define IMP_HOLDER	0x38
#define IMP_CACHED	0x40
#define IMP_FN		0x48
#define IMP_SELF	0x50
#define FRM_PREV	0x00	/* struct frame */
#define FRM_CALLER	0x08
#define FRM_CALLEE	0x10
#define FRM_TEMPS	0x18	/* temp_top, temp_free */
#define FRM_STATE	0x20	/* ntries, relock, locked, held */
#define FRM_NTRIES	0x20
#define FRM_LOCKED	0x25	/* locked, then held */
#define F_REAL		1
#define F_LAZY		2
/* the frame, and the stack 16-byte aligned at the call (8 on entry) */
#define FRAME_SPACE	56

	.section .text.callpath, "ax", @progbits
	.globl bss_call_cached
	.type bss_call_cached, @function
bss_call_cached:
	.cfi_startproc				/* for debuggers and profilers (hosted) */
	mov	IMP_CACHED(%r9), %rax		/* s, the cached target */
	mov	cur_thread(%rip), %r10		/* t */
	mov	SRV_OWNER(%rax), %r11		/* callee */
	cmpb	$0, SRV_DEAD(%rax)		/* died (a local server with its parent) */
	jne	2f
	cmpq	$0, SRV_LOCK_HOLDER(%r11)	/* its lock is held */
	jne	2f
	mov	THR_FRAMES(%r10), %rax		/* cf: the caller's frame */
	cmpb	$F_REAL, FRM_LOCKED(%rax)	/* the caller holds its lock really */
	je	2f
	/* the handle is no longer needed: %rdi is free */
	sub	$FRAME_SPACE, %rsp
	.cfi_adjust_cfa_offset FRAME_SPACE
	mov	%rax, FRM_PREV(%rsp)
	/* state: t->ntries, relock = cf->locked unless the call is atomic, F_LAZY, not held */
	movzbl	FRM_LOCKED(%rax), %eax
	movzbl	IMP_ATOMIC(%r9), %edi
	dec	%edi
	and	%edi, %eax
	shl	$32, %rax
	mov	THR_NTRIES(%r10), %edi
	or	%rdi, %rax
	bts	$(40 + 1), %rax			/* locked = F_LAZY (2) */
	mov	%rax, FRM_STATE(%rsp)
	mov	IMP_HOLDER(%r9), %rax
	mov	%rax, FRM_CALLER(%rsp)
	mov	%r11, FRM_CALLEE(%rsp)
	mov	THR_NTEMPS(%r10), %eax		/* temp_top, and temp_free 0 */
	mov	%rax, FRM_TEMPS(%rsp)
	mov	%rsp, THR_FRAMES(%r10)
	mov	%r11, THR_CUR(%r10)
	mov	IMP_SELF(%r9), %rdi
	call	*IMP_FN(%r9)
	/* the same thread returns; everything else is read back from the frame */
	mov	cur_thread(%rip), %r10
	cmpw	$F_LAZY, FRM_LOCKED(%rsp)	/* still lazily locked, hold not counted */
	jne	1f
	mov	FRM_TEMPS(%rsp), %ecx		/* no temporary left */
	cmp	%ecx, THR_NTEMPS(%r10)
	jne	1f
	mov	FRM_NTRIES(%rsp), %ecx		/* no try block left open */
	cmp	%ecx, THR_NTRIES(%r10)
	jne	1f
	mov	FRM_CALLER(%rsp), %rcx
	mov	%rcx, THR_CUR(%r10)
	mov	FRM_PREV(%rsp), %rcx
	mov	%rcx, THR_FRAMES(%r10)
	.cfi_remember_state
	add	$FRAME_SPACE, %rsp
	.cfi_adjust_cfa_offset -FRAME_SPACE
	ret
	.cfi_restore_state
1:	mov	%rsp, %rdi			/* something to undo: the full return */
	mov	%rax, %rsi
	call	call_leave
	add	$FRAME_SPACE, %rsp
	.cfi_adjust_cfa_offset -FRAME_SPACE
	ret
2:	jmp	bss_call_general
	.cfi_endproc
	.size bss_call_cached, .-bss_call_cached

	.section .note.GNU-stack, "", @progbits
