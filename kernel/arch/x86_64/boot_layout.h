/*
 * Constants shared by assembly and C: stack sizes and the isa-debug-exit
 * protocol.  Only #defines here, so boot.S and isr.S can include it.
 */
#ifndef ARCH_BOOT_LAYOUT_H
#define ARCH_BOOT_LAYOUT_H

#define BOOT_STACK_SIZE (32 * 1024) /* kmain's stack */
#define IST_STACK_SIZE (16 * 1024)  /* each IST stack: double fault, NMI */

/*
 * QEMU's isa-debug-exit device (-device isa-debug-exit,iobase=0xf4,
 * iosize=0x04): writing V to the port ends QEMU with status (V << 1) | 1.
 * Without the device the write goes nowhere and we halt instead.
 */
#define DEBUG_EXIT_PORT 0xf4
#define EXIT_OK 0x10	/* QEMU status 33: all self-checks passed */
#define EXIT_FAIL 0x11	/* QEMU status 35: a self-check failed */
#define EXIT_PANIC 0x12 /* QEMU status 37: panic or unhandled trap */

#endif
