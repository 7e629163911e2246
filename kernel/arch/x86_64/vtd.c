/*
 * Intel VT-d DMA remapping, the least that confines a device's DMA:
 * register-based invalidation, legacy-mode context entries, second-level
 * tables only (no queued invalidation, no interrupt remapping, no
 * pass-through). Found through ACPI's DMAR table (acpi.c).
 *
 * Invariants:
 * - Once translation is on, a function's DMA reaches exactly the pages
 *   vtd_map gave it: a function nobody attached has no context entry (its
 *   every request faults), an attached one a domain of its own whose
 *   second-level tables start empty.
 * - IOVA = physical address: a page is mapped at its own address, so the
 *   device is programmed with dmamem.phys, as without the IOMMU.
 * - vtd_unmap returns after the IOTLB's invalidation completed: memory the
 *   caller frees then can no longer be reached by the device.
 * - The tables are never freed (a function keeps its domain across its
 *   drivers' restarts; at most VTD_MAX_FNS functions); only leaves change.
 * - Single CPU, interrupts off in threads (docs/kernel-boot.md): nothing
 *   here is reentered, vtd_poll runs in the timer's interrupt between two
 *   threads' runs.
 */
#include "vtd.h"
#include "acpi.h"
#include "boot.h"
#include "fmt.h"
#include "kprintf.h"
#include "kstring.h"
#include "paging.h"
#include "pmm.h"

#define VTD_MAX_FNS 16

/* Registers (VT-d specification, chapter 11) */
#define R_VER 0x00
#define R_CAP 0x08
#define R_ECAP 0x10
#define R_GCMD 0x18
#define R_GSTS 0x1c
#define R_RTADDR 0x20
#define R_CCMD 0x28
#define R_FSTS 0x34
#define R_FECTL 0x38

#define GS_TE (1u << 31)
#define GS_SRTP (1u << 30)
#define GS_ONESHOT 0x96ffffffu /* GSTS's bits that are not one-shot commands */
#define CCMD_ICC (1ul << 63)
#define CCMD_GLOBAL (1ul << 61)
#define IOTLB_IVT (1ul << 63)
#define IOTLB_GLOBAL (1ul << 60)
#define IOTLB_DOMAIN (2ul << 60)
#define FSTS_PFO 1u
#define FSTS_PPF 2u
#define FECTL_IM (1u << 31)
#define FRCD_F (1ul << 63)
#define FRCD_T (1ul << 62) /* 1: the request was a read */

#define SL_R 1ul
#define SL_W 2ul
#define CTX_P 1ul
#define ROOT_P 1ul

struct fn {
	uint32_t loc;
	uint16_t did;	/* domain ID: the slot's index + 1 (0 is reserved with CM) */
	uint64_t *top;	/* second-level table root */
	uint64_t pages; /* leaves mapped now */
	char who[48];
};

static volatile uint8_t *regs;
static uint64_t cap, ecap;
static unsigned levels; /* second-level table levels: 3 (39-bit) or 4 (48-bit) */
static unsigned fro, nfr, iro;
static int coherent, on;
static uint64_t *root;
static uint64_t *ctx[256];
static struct fn fns[VTD_MAX_FNS];
static unsigned nfns;
static uint64_t nfaults;

static uint32_t rd32(unsigned off)
{
	return *(volatile uint32_t *)(regs + off);
}

static uint64_t rd64(unsigned off)
{
	return *(volatile uint64_t *)(regs + off);
}

static void wr32(unsigned off, uint32_t v)
{
	*(volatile uint32_t *)(regs + off) = v;
}

static void wr64(unsigned off, uint64_t v)
{
	*(volatile uint64_t *)(regs + off) = v;
}

/* A unit that does not snoop its table walks (ECAP.C clear) reads them from memory. */
static void flush(const void *p)
{
	if (!coherent)
		__asm__ volatile("clflush (%0)" ::"r"(p) : "memory");
}

static uint64_t *table(void)
{
	uint64_t pa = phys_alloc_pages(1, 1);

	if (!pa)
		return NULL;
	uint64_t *t = phys_to_virt(pa);
	memset(t, 0, PAGE_SIZE);
	for (unsigned i = 0; i < PAGE_SIZE; i += 64)
		flush((uint8_t *)t + i);
	return t;
}

/* A global command, keeping what is enabled; waits for its status bit to become want. */
static void gcmd(uint32_t bit, int set)
{
	uint32_t st = rd32(R_GSTS) & GS_ONESHOT;

	wr32(R_GCMD, set ? st | bit : st & ~bit);
	while (!(rd32(R_GSTS) & bit) != !set)
		__asm__ volatile("pause");
}

static void inval_context(void)
{
	wr64(R_CCMD, CCMD_ICC | CCMD_GLOBAL);
	while (rd64(R_CCMD) & CCMD_ICC)
		__asm__ volatile("pause");
}

/* did 0: every domain. Read and write draining, so no request in flight uses an old entry. */
static void inval_iotlb(uint16_t did)
{
	unsigned reg = iro * 16 + 8;
	uint64_t drain = 3ul << 48;

	wr64(reg, IOTLB_IVT | drain | (did ? IOTLB_DOMAIN | (uint64_t)did << 32 : IOTLB_GLOBAL));
	while (rd64(reg) & IOTLB_IVT)
		__asm__ volatile("pause");
}

int vtd_enabled(void)
{
	return on;
}

void vtd_init(void)
{
	const char *why = NULL;
	int all = 0;
	unsigned haw = 0;

	if (boot_arg("iommu", NULL, 0) < 0)
		return;
	uint64_t base = acpi_dmar_unit(&why, &all, &haw);
	if (!base) {
		kprintf("iommu: not enabled: %s\n", why);
		return;
	}
	regs = paging_map_mmio(base, PAGE_SIZE);
	cap = rd64(R_CAP);
	ecap = rd64(R_ECAP);
	uint32_t ver = rd32(R_VER);
	unsigned sagaw = (cap >> 8) & 0x1f;
	fro = (cap >> 24) & 0x3ff;
	nfr = ((cap >> 40) & 0xff) + 1;
	iro = (ecap >> 8) & 0x3ff;
	coherent = ecap & 1;
	/* the narrowest width offered: our memory lies far below 512 GiB */
	levels = (sagaw & 2) ? 3 : (sagaw & 4) ? 4 : 0;
	kprintf("iommu: DMA remapping unit at 0x%lx (DMAR: %s, host address width %u), version "
		"%u.%u, cap 0x%lx ecap 0x%lx\n",
		(unsigned long)base, all ? "every device" : "listed devices", haw, (ver >> 4) & 15,
		ver & 15, (unsigned long)cap, (unsigned long)ecap);
	if (!levels) {
		kprintf("iommu: not enabled: SAGAW 0x%x offers neither 3- nor 4-level tables\n",
			sagaw);
		return;
	}
	/* the fault records and the IOTLB registers must lie in the page mapped */
	if (fro * 16 + nfr * 16 > PAGE_SIZE || iro * 16 + 16 > PAGE_SIZE) {
		kprintf("iommu: not enabled: registers beyond the first page (FRO %u, IRO %u)\n",
			fro, iro);
		return;
	}
	if (rd32(R_GSTS) & GS_TE) {
		kprintf("iommu: not enabled: translation was on already (firmware)\n");
		return;
	}
	root = table();
	if (!root) {
		kprintf("iommu: not enabled: no page for the root table\n");
		return;
	}
	/* faults are polled (vtd_poll): no interrupt, no MSI to set up */
	wr32(R_FECTL, FECTL_IM);
	wr64(R_RTADDR, virt_to_phys(root));
	gcmd(GS_SRTP, 1);
	inval_context();
	inval_iotlb(0);
	wr32(R_FSTS, FSTS_PFO);
	gcmd(GS_TE, 1);
	on = 1;
	kprintf("iommu: translation enabled: %u-level second-level tables (%u-bit), %u fault "
		"record(s), %s page walks; every device's DMA blocked until its driver is "
		"attached\n",
		levels, levels == 3 ? 39 : 48, nfr, coherent ? "snooped" : "flushed");
}

static struct fn *fn_of(uint32_t loc)
{
	for (unsigned i = 0; i < nfns; i++)
		if (fns[i].loc == loc)
			return &fns[i];
	return NULL;
}

static void name(char *buf, uint32_t loc)
{
	static const char hex[] = "0123456789abcdef";
	unsigned bus = loc >> 8, dev = (loc >> 3) & 31, f = loc & 7;

	buf[0] = hex[bus >> 4], buf[1] = hex[bus & 15], buf[2] = ':';
	buf[3] = hex[dev >> 4], buf[4] = hex[dev & 15], buf[5] = '.';
	buf[6] = hex[f], buf[7] = 0;
}

int vtd_attach(uint32_t loc, const char *who)
{
	if (!on || loc > 0xffff)
		return -1;
	struct fn *f = fn_of(loc);
	char where[8];

	name(where, loc);
	if (!f) {
		unsigned bus = loc >> 8, devfn = loc & 0xff;
		if (nfns == VTD_MAX_FNS) {
			kprintf("iommu: %s: not attached: %u functions already\n", where, nfns);
			return -1;
		}
		if (!ctx[bus]) {
			ctx[bus] = table();
			if (!ctx[bus])
				return -1;
			root[bus * 2] = virt_to_phys(ctx[bus]) | ROOT_P;
			flush(&root[bus * 2]);
		}
		f = &fns[nfns];
		f->top = table();
		if (!f->top)
			return -1;
		f->loc = loc;
		f->did = (uint16_t)(nfns + 1);
		nfns++;
		/* high half first: the unit may read the entry once P is set */
		ctx[bus][devfn * 2 + 1] = (levels == 3 ? 1u : 2u) | (uint64_t)f->did << 8;
		__asm__ volatile("" ::: "memory");
		ctx[bus][devfn * 2] = virt_to_phys(f->top) | CTX_P;
		flush(&ctx[bus][devfn * 2]);
		/* a not-present context entry may be cached (caching mode) */
		inval_context();
		inval_iotlb(f->did);
	}
	size_t n = 0;
	int same = 1;
	while (who[n] && n + 1 < sizeof(f->who)) {
		same = same && f->who[n] == who[n];
		f->who[n] = who[n], n++;
	}
	if (same && !f->who[n])
		return 0; /* the same driver again (each block of a load): said already */
	f->who[n] = 0;
	kprintf("iommu: %s attached to %s (domain %u, %lu pages mapped)\n", where, f->who, f->did,
		(unsigned long)f->pages);
	return 0;
}

/* The leaf for iova in f's tables; with create, missing tables are made. */
static uint64_t *leaf(struct fn *f, uint64_t iova, int create)
{
	uint64_t *t = f->top;

	for (unsigned l = levels; l > 1; l--) {
		uint64_t *e = &t[(iova >> (12 + 9 * (l - 1))) & 511];
		if (!(*e & (SL_R | SL_W))) {
			if (!create)
				return NULL;
			uint64_t *n = table();
			if (!n)
				return NULL;
			*e = virt_to_phys(n) | SL_R | SL_W;
			flush(e);
		}
		t = phys_to_virt(*e & PTE_ADDR_MASK);
	}
	return &t[(iova >> 12) & 511];
}

long vtd_map(uint32_t loc, uint64_t phys, uint64_t size)
{
	struct fn *f = on ? fn_of(loc) : NULL;

	if (!f || (phys & (PAGE_SIZE - 1)) || phys >> (levels == 3 ? 39 : 48))
		return -1;
	for (uint64_t p = phys; p < phys + size; p += PAGE_SIZE) {
		uint64_t *e = leaf(f, p, 1);
		if (!e)
			return -1; /* the caller unmaps what was done */
		if (!(*e & SL_W))
			f->pages++;
		*e = p | SL_R | SL_W;
		flush(e);
	}
	/* not needed without caching mode, but rare and cheap */
	inval_iotlb(f->did);
	char where[8];
	name(where, loc);
	kprintf("iommu: %s (%s) maps 0x%lx+%lu: %lu pages mapped\n", where, f->who,
		(unsigned long)phys, (unsigned long)size, (unsigned long)f->pages);
	return (long)f->pages;
}

void vtd_unmap(uint32_t loc, uint64_t phys, uint64_t size)
{
	struct fn *f = on ? fn_of(loc) : NULL;

	if (!f)
		return;
	for (uint64_t p = phys; p < phys + size; p += PAGE_SIZE) {
		uint64_t *e = leaf(f, p, 0);
		if (e && (*e & SL_W)) {
			*e = 0;
			flush(e);
			f->pages--;
		}
	}
	inval_iotlb(f->did);
	char where[8];
	name(where, loc);
	kprintf("iommu: %s (%s) unmaps 0x%lx+%lu: %lu pages mapped\n", where, f->who,
		(unsigned long)phys, (unsigned long)size, (unsigned long)f->pages);
}

static const char *reason(unsigned fr)
{
	static const char *const r[] = {
		"?",
		"root entry not present",
		"context entry not present (no driver attached)",
		"invalid context entry",
		"address beyond the address width",
		"write to a page not mapped writable",
		"read of a page not mapped readable",
		"page table entry fetch error",
		"root table address error",
		"context table address error",
		"reserved bit in a root entry",
		"reserved bit in a context entry",
		"reserved bit in a page table entry",
		"translation type blocked",
	};
	return fr < sizeof(r) / sizeof(r[0]) ? r[fr] : "other";
}

void vtd_poll(void (*blocked)(uint32_t loc, const char *what))
{
	if (!on)
		return;
	uint32_t st = rd32(R_FSTS);
	if (!(st & (FSTS_PPF | FSTS_PFO)))
		return;
	for (unsigned k = 0, i = (st >> 8) & 0xff; k < nfr; k++, i = (i + 1) % nfr) {
		unsigned off = fro * 16 + i * 16;
		uint64_t hi = rd64(off + 8);
		if (!(hi & FRCD_F))
			continue;
		uint64_t lo = rd64(off);
		uint32_t sid = hi & 0xffff;
		struct fn *f = fn_of(sid);
		char where[8];
		name(where, sid);
		char what[96];
		fmt_snprintf(what, sizeof(what), "%s at 0x%lx: %s (reason %u)",
			     (hi & FRCD_T) ? "read" : "write", (unsigned long)(lo & ~0xffful),
			     reason((hi >> 32) & 0xff), (unsigned)((hi >> 32) & 0xff));
		nfaults++;
		kprintf("iommu: DMA fault %lu blocked: %s (%s) %s\n", (unsigned long)nfaults, where,
			f ? f->who : "no driver", what);
		wr32(off + 12, 1u << 31); /* F is write-1-to-clear */
		if (f)
			blocked(sid, what);
	}
	if (st & FSTS_PFO) {
		kprintf("iommu: fault records overflowed: faults were lost\n");
		wr32(R_FSTS, FSTS_PFO);
	}
}
