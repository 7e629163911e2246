/*
 * Closing a space without flushing the whole TLB (uspace_open): under
 * QEMU's TCG a CR3 write empties the soft TLB and the jump cache, and the
 * kernel's own translations must then be walked again, most of what a
 * space switch costs (docs/isolation.md). Instead, the pages of the closed
 * space that may be cached are invalidated one by one: every translation
 * the CPU caches was made by a page walk, which sets the accessed bit in
 * each entry it used (the PDPT entry, the PDE, the PTE), and the sweep
 * clears an accessed bit only together with an INVLPG of what it covers.
 * So a PTE whose accessed bit is clear has no translation cached since the
 * last sweep, and a PDE or PDPT entry whose bit is clear has none below it.
 *
 * Invariant: after uspace_sweep(sp), no translation of sp's pages made
 * while sp was open remains cached (INVLPG also drops every cached paging
 * structure entry, and QEMU's jump cache entries of the page).
 */
#include "arch.h"
#include "uspace.h"

#define PTE_A 0x020ul

/* "spaceflush=full" on the command line: a CR3 write at every switch, as before (to compare). */
bool uspace_full_flush;
uint64_t uspace_swept_pages, uspace_scanned_ptes, uspace_sweep_cycles;

/*
 * The eight PTEs at pt, one or two of them walked as a rule: unrolled, and
 * out of sweep_pt's loop, whose registers it would take.
 */
static __attribute__((noinline)) void sweep8(uint64_t *pt, uint64_t va)
{
#pragma GCC unroll 8
	for (unsigned k = 0; k < 8; k++)
		if (pt[k] & PTE_A) {
			pt[k] &= ~PTE_A;
			invlpg(va + (uint64_t)k * PAGE_SIZE);
			uspace_swept_pages++;
		}
}

/* The PTEs [0, n) of pt, whose first page is at va. */
static void sweep_pt(uint64_t *pt, unsigned n, uint64_t va)
{
	uspace_scanned_ptes += n;
	for (unsigned j = 0; j < n; j += 8) {
		/* eight at once: most entries of a used table were not walked */
		uint64_t any = pt[j] | pt[j + 1] | pt[j + 2] | pt[j + 3] | pt[j + 4] | pt[j + 5] |
			       pt[j + 6] | pt[j + 7];
		if (any & PTE_A)
			sweep8(pt + j, va + (uint64_t)j * PAGE_SIZE);
	}
}

static void sweep(struct uspace *sp, uint64_t *pdpte)
{
	/* one INVLPG at least: it drops the cached PDPT entry that still says user */
	invlpg(sp->base);
	if (!(*pdpte & PTE_A))
		return;
	*pdpte &= ~PTE_A;
	/* every entry of the space lies below hi (uspace.c's pte) */
	uint64_t used = sp->hi > sp->base ? sp->hi - sp->base : 0;
	unsigned npd = (unsigned)((used + (2ul << 20) - 1) >> 21);
	for (unsigned i = 0; i < npd && i < 512; i++) {
		uint64_t pde = sp->pd[i];
		if (!(pde & PTE_P) || !(pde & PTE_A))
			continue;
		sp->pd[i] = pde & ~PTE_A;
		uint64_t va = sp->base + ((uint64_t)i << 21);
		uint64_t left = (sp->hi - va + PAGE_SIZE - 1) / PAGE_SIZE;
		unsigned n = left >= 512 ? 512 : (unsigned)((left + 7) & ~7ul);
		sweep_pt(phys_to_virt(pde & PTE_ADDR_MASK), n, va);
	}
}

void uspace_sweep(struct uspace *sp, uint64_t *pdpte)
{
	uint64_t t0 = rdtsc();

	sweep(sp, pdpte);
	uspace_sweep_cycles += rdtsc() - t0;
}
