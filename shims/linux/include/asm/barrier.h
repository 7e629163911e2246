/* SPDX-License-Identifier: GPL-2.0 */
/* x86_64 memory barriers: DMA buffers are ordinary write-back memory. */
#ifndef _ASM_BARRIER_H
#define _ASM_BARRIER_H

#define mb()	__asm__ __volatile__("mfence" ::: "memory")
#define rmb()	__asm__ __volatile__("lfence" ::: "memory")
#define wmb()	__asm__ __volatile__("sfence" ::: "memory")
#define smp_mb()	mb()
#define smp_rmb()	__asm__ __volatile__("" ::: "memory")
#define smp_wmb()	__asm__ __volatile__("" ::: "memory")

#endif
