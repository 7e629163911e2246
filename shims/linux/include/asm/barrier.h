/* SPDX-License-Identifier: GPL-2.0 */
/* x86_64 memory barriers: DMA buffers are ordinary write-back memory. */
#ifndef _ASM_BARRIER_H
#define _ASM_BARRIER_H

#define mb() __asm__ __volatile__("mfence" ::: "memory")
#define rmb() __asm__ __volatile__("lfence" ::: "memory")
#define wmb() __asm__ __volatile__("sfence" ::: "memory")
#define smp_mb() mb()
#define smp_rmb() __asm__ __volatile__("" ::: "memory")
#define smp_wmb() __asm__ __volatile__("" ::: "memory")

/* Descriptor rings: x86 keeps loads and stores to write-back memory in order. */
#define dma_rmb() barrier()
#define dma_wmb() barrier()
#define smp_mb__before_atomic() barrier()
#define smp_mb__after_atomic() barrier()
#define smp_store_release(p, v)                                                                    \
	do {                                                                                       \
		barrier();                                                                         \
		WRITE_ONCE(*(p), v);                                                               \
	} while (0)
#define smp_load_acquire(p)                                                                        \
	({                                                                                         \
		typeof(*(p)) _v = READ_ONCE(*(p));                                                 \
		barrier();                                                                         \
		_v;                                                                                \
	})

#endif
