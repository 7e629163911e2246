/*
 * Probing accesses: the instruction at probe_*_access may fault;
 * probe_fixup() then moves the saved rip to the matching probe_*_fail.
 * Nothing else is on the stack at that point, so resuming there is a plain
 * return from the probe function.
 */
	.text

	.globl	probe_read8, probe_read8_access, probe_read8_fail
	.type	probe_read8, @function
probe_read8:				/* (const volatile void *p %rdi) */
probe_read8_access:
	movzbl	(%rdi), %eax
	ret
probe_read8_fail:
	mov	$-1, %eax
	ret
	.size	probe_read8, . - probe_read8

	.globl	probe_write8, probe_write8_access, probe_write8_fail
	.type	probe_write8, @function
probe_write8:				/* (volatile void *p %rdi, uint8_t v %sil) */
probe_write8_access:
	movb	%sil, (%rdi)
	xor	%eax, %eax
	ret
probe_write8_fail:
	mov	$-1, %eax
	ret
	.size	probe_write8, . - probe_write8

	.section .note.GNU-stack, "", @progbits
