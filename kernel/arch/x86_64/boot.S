/*
 * Multiboot (v1) entry: the loader leaves us in 32-bit protected mode with
 * paging off, EAX = 0x2badb002 and EBX = physical address of the multiboot
 * information.  We zero .bss, build page tables that identity map the first
 * 4 GiB with 2 MiB pages, enter long mode and call
 * kmain(magic, mbi_phys) on the boot stack.
 *
 * QEMU's multiboot loader refuses ELF64 files, so the build converts the
 * linked kernel with "objcopy -O elf32-i386"; the code itself is unchanged.
 */
#include "boot_layout.h"

#define MB_MAGIC	0x1badb002
#define MB_ALIGN_MODS	(1 << 0)	/* modules on page boundaries */
#define MB_MEMINFO	(1 << 1)	/* we want mem_* and the memory map */
#define MB_FLAGS	(MB_ALIGN_MODS | MB_MEMINFO)

#define PTE_P		0x001
#define PTE_W		0x002
#define PTE_PS		0x080

#define CR0_PG		(1 << 31)
#define CR0_WP		(1 << 16)
#define CR4_PAE		(1 << 5)
#define MSR_EFER	0xc0000080
#define EFER_LME	(1 << 8)

#define COM1		0x3f8

	.section .multiboot, "a"
	.align 4
multiboot_header:
	.long MB_MAGIC
	.long MB_FLAGS
	.long -(MB_MAGIC + MB_FLAGS)

	.section .text.boot, "ax"
	.code32
	.globl _start
_start:
	cli
	cld
	mov	%eax, %ebp		/* multiboot magic, for kmain */
	mov	%ebx, %esi		/* multiboot info, for kmain */

	/*
	 * First thing: the TSC, so "boot-to-kmain" covers all of our own boot
	 * code.  It lives in .data because .bss is about to be cleared.
	 */
	rdtsc
	mov	%eax, boot_tsc_entry
	mov	%edx, boot_tsc_entry + 4

	/* .bss holds the page tables and the stack: it must be zero first. */
	mov	$_bss_start, %edi
	mov	$_bss_end, %ecx
	sub	%edi, %ecx
	shr	$2, %ecx
	xor	%eax, %eax
	rep stosl

	mov	$0x80000000, %eax
	cpuid
	cmp	$0x80000001, %eax
	jb	no_long_mode
	mov	$0x80000001, %eax
	cpuid
	bt	$29, %edx
	jnc	no_long_mode

	/* PML4[0] -> PDPT, PDPT[0..3] -> four page directories. */
	mov	$boot_pdpt + (PTE_P | PTE_W), %eax
	mov	%eax, boot_pml4
	mov	$boot_pdpt, %edi
	mov	$boot_pd + (PTE_P | PTE_W), %eax
	mov	$4, %ecx
1:	mov	%eax, (%edi)
	add	$4096, %eax
	add	$8, %edi
	loop	1b

	/* 2048 entries of 2 MiB: virtual == physical for [0, 4 GiB). */
	mov	$boot_pd, %edi
	mov	$(PTE_P | PTE_W | PTE_PS), %eax
	mov	$2048, %ecx
1:	mov	%eax, (%edi)
	movl	$0, 4(%edi)
	add	$0x200000, %eax
	add	$8, %edi
	loop	1b

	mov	%cr4, %eax
	or	$CR4_PAE, %eax
	mov	%eax, %cr4
	mov	$boot_pml4, %eax
	mov	%eax, %cr3
	mov	$MSR_EFER, %ecx
	rdmsr
	or	$EFER_LME, %eax
	wrmsr
	mov	%cr0, %eax
	or	$(CR0_PG | CR0_WP), %eax
	mov	%eax, %cr0

	lgdt	boot_gdt_ptr
	ljmp	$0x08, $long_mode_entry

/* Without long mode there is nothing we can run: say so on COM1 and stop. */
no_long_mode:
	mov	$no_long_mode_msg, %ebx
1:	movb	(%ebx), %al
	test	%al, %al
	jz	2f
	mov	%al, %cl
	mov	$COM1 + 5, %dx
3:	inb	%dx, %al
	test	$0x20, %al
	jz	3b
	mov	$COM1, %dx
	mov	%cl, %al
	outb	%al, %dx
	inc	%ebx
	jmp	1b
2:	mov	$DEBUG_EXIT_PORT, %dx
	mov	$EXIT_PANIC, %al
	outb	%al, %dx
4:	hlt
	jmp	4b

	.code64
long_mode_entry:
	mov	$0x10, %ax
	mov	%ax, %ds
	mov	%ax, %es
	mov	%ax, %ss
	xor	%eax, %eax
	mov	%ax, %fs
	mov	%ax, %gs
	mov	$boot_stack_top, %rsp
	mov	%ebp, %edi		/* kmain(magic, mbi_phys) */
	/* %esi still holds the multiboot info address */
	xor	%ebp, %ebp		/* ends frame-pointer backtraces */
	call	kmain
1:	cli
	hlt
	jmp	1b

	.section .rodata
no_long_mode_msg:
	.asciz	"KERNEL PANIC: CPU does not support long mode\r\n"

	.align 8
boot_gdt:
	.quad	0
	.quad	0x00af9a000000ffff	/* 0x08: 64-bit code, ring 0 */
	.quad	0x00cf92000000ffff	/* 0x10: data, ring 0 */
boot_gdt_end:
boot_gdt_ptr:
	.word	boot_gdt_end - boot_gdt - 1
	.long	boot_gdt

	.data
	.align 8
	.globl boot_tsc_entry
boot_tsc_entry:
	.quad	0

	.bss
	.align 4096
	.globl boot_pml4, boot_pdpt, boot_pd
boot_pml4:
	.skip	4096
boot_pdpt:
	.skip	4096
boot_pd:
	.skip	4 * 4096

	/* paging_init() unmaps this page to catch boot stack overflows. */
	.globl boot_stack_guard, boot_stack_bottom, boot_stack_top
boot_stack_guard:
	.skip	4096
boot_stack_bottom:
	.skip	BOOT_STACK_SIZE
boot_stack_top:

	.section .note.GNU-stack, "", @progbits
