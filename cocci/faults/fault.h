/*
 * What each injected fault does (docs/faults.md); the rules beside this
 * file say where. A fault mutant of a ported driver is compiled with
 * -include of this header. Every site calls bss_fault(site), which returns
 * 0 unless the boot armed that site: then the site's code runs the fault,
 * with parameters (a bit, an offset) taken from the word it returned.
 */
#ifndef BSS_FAULT_H
#define BSS_FAULT_H

#include <stdint.h>
#include <bss/server.h>

/* faulty or original: a changed condition (branch, off-by-one). */
#define BSS_FAULT_IF(site, faulty, original) (bss_fault(site) ? (faulty) : (original))

/* A statement that runs unless the site is armed (a missing write, a skipped release). */
#define BSS_FAULT_RUN(site) (bss_fault(site) == 0)

/* A statement that runs only when the site is armed (an extra write). */
#define BSS_FAULT_ON(site) (bss_fault(site) != 0)

/*
 * True for ever once the site was armed (an endless loop). The flag is the
 * mutant's own data, so a new instance of the driver starts without it.
 */
#define BSS_FAULT_STICKY(site)                                                                     \
	({                                                                                         \
		static int bss_fault_stuck_;                                                       \
		bss_fault_stuck_ = bss_fault_stuck_ || bss_fault(site) != 0;                       \
		bss_fault_stuck_;                                                                  \
	})

/*
 * A corrupted pointer: one bit of bits 3-47 flipped. Low bits point into
 * the same object or its neighbours, middle ones elsewhere in memory, high
 * ones nowhere (a page fault).
 */
#define BSS_FAULT_PTR(site, p)                                                                     \
	({                                                                                         \
		__typeof__(&*(p)) bss_p_ = (p);                                                    \
		uint64_t bss_w_ = bss_fault(site);                                                 \
		bss_w_ ? (__typeof__(bss_p_))((uintptr_t)bss_p_ ^ (1ull << (3 + bss_w_ % 45)))     \
		       : bss_p_;                                                                   \
	})

/* A wrong bus address: 1 to 256 pages further than the buffer. */
#define BSS_FAULT_DMA(site, a)                                                                     \
	({                                                                                         \
		__typeof__(a) bss_a_ = (a);                                                        \
		uint64_t bss_w_ = bss_fault(site);                                                 \
		bss_w_ ? (__typeof__(a))(bss_a_ + ((bss_w_ >> 8) % 256 + 1) * 4096) : bss_a_;      \
	})

/* A wrong length: half of it, or 1 to 64 bytes more. */
#define BSS_FAULT_LEN(site, n)                                                                     \
	({                                                                                         \
		__typeof__(n) bss_n_ = (n);                                                        \
		uint64_t bss_w_ = bss_fault(site);                                                 \
		bss_w_ ? (__typeof__(n))((bss_w_ & 2) ? bss_n_ / 2                                 \
						      : bss_n_ + 1 + (bss_w_ >> 8) % 64)           \
		       : bss_n_;                                                                   \
	})

#endif
