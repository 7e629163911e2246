/*
 * DMA memory: physically contiguous, zeroed, with its physical address known
 * (flags bit 0: below 4 GiB). Each block is a dmamem server; releasing the
 * last reference frees it.
 *
 * The iommu service (services/iommu.svc): a PCI bus server names the server
 * that drives a function, and the blocks that server allocated are mapped
 * for the function in the runtime's IOMMU (ksrv_os_iommu_*), the earlier
 * ones at once, later ones as they come. While it loads the driver
 * (expect), blocks allocated on its thread are mapped as they come: the
 * driver may start the device before the load returns. A block is unmapped
 * before it is freed. The server is known by its number (server.id, never
 * reused), so a driver that died and a new server at the same address are
 * not confused.
 */
#include "ksrv.h"
#include "common/fmt.h"
#include <svc/iommu.h>

#define DMA_BELOW_4G 1u
#define IOMMU_FNS 16
#define NO_FN 0xffffffffu

struct dmamem {
	void *va;
	uint64_t phys, size;
	uint64_t held;	       /* the bytes behind va: size, or more for a block reused whole */
	struct ksrv_maps maps; /* isolated drivers it is mapped into */
	uint32_t owner;	       /* the allocating server's number */
	uint32_t fn;	       /* the function it is mapped for in the IOMMU, or NO_FN */
	struct dmamem *next, *prev;
};

/* Every live block, for attach to find a driver's earlier ones. */
static struct dmamem *blocks;

/* Which server drives which function (only while the IOMMU translates). */
static struct {
	uint32_t fn, server;
} attached[IOMMU_FNS];
static unsigned nattached;

/* iommu.expect: the threads loading a function's driver (one per function) */
static struct {
	struct thread *t;
	uint32_t fn;
} expecting[IOMMU_FNS];

KSRV_SERVICE(dmamem_desc, DMAMEM, struct dmamem, kdmamem)
KSRV_SERVICE(dma_desc, DMA, void, kdma)
KSRV_SERVICE(iommu_desc, IOMMU, void, kiommu)

/* For an isolated driver, the block mapped into its space (the device still uses phys). */
uint64_t kdmamem_map(struct dmamem *d)
{
	return ksrv_map_for_caller(&d->maps, d->va, d->size);
}

uint64_t kdmamem_phys(struct dmamem *d)
{
	return d->phys;
}

uint64_t kdmamem_size(struct dmamem *d)
{
	return d->size;
}

/*
 * DMA memory a crashed driver held (released by the reaper, crash.c) may
 * still be written by its device: a restarted driver turns bus mastering
 * back on before its probe resets the chip, and the chip goes on at the old
 * rings' addresses (docs/faults-results.md, "e1000e 6.1": received frames
 * written over a new driver's image). Such blocks serve later DMA allocations only, never
 * the heap, stacks or server images.
 */
struct quarantined {
	void *va;
	uint64_t phys, held;
	struct quarantined *next;
};
static struct quarantined *quarantine;

static bool quarantine_put(struct dmamem *d)
{
	struct quarantined *q;

	if (!cur_thread || !cur_thread->reaper)
		return false;
	q = core_try_alloc(sizeof(*q));
	if (!q)
		return true; /* kept out of reuse for good: a leak, not a corruption */
	q->va = d->va;
	q->phys = d->phys;
	q->held = d->held;
	q->next = quarantine;
	quarantine = q;
	return true;
}

/* A quarantined block for size bytes (the smallest that fits), or NULL. */
static void *quarantine_take(uint64_t size, bool below_4g, uint64_t *phys, uint64_t *held)
{
	struct quarantined **best = NULL;

	for (struct quarantined **pp = &quarantine; *pp; pp = &(*pp)->next) {
		struct quarantined *q = *pp;
		if (q->held < size || (below_4g && q->phys + q->held > (1ull << 32)))
			continue;
		if (!best || q->held < (*best)->held)
			best = pp;
	}
	if (!best)
		return NULL;
	struct quarantined *q = *best;
	void *va = q->va;
	*best = q->next;
	*phys = q->phys;
	*held = q->held;
	core_free(q, sizeof(*q));
	return va;
}

static void dm_free(struct dmamem *d)
{
	/* the device first: the pages may be reused when this returns */
	if (d->fn != NO_FN)
		ksrv_os_iommu_unmap(d->fn, d->phys, d->size);
	if (d->prev)
		d->prev->next = d->next;
	else
		blocks = d->next;
	if (d->next)
		d->next->prev = d->prev;
	ksrv_unmap_all(&d->maps, d->size);
	if (!quarantine_put(d))
		ksrv_os_dma_free(d->va, d->held);
	core_free(d, sizeof(*d));
}

bss_ref_t kdma_alloc(void *self, uint64_t size, uint32_t flags)
{
	(void)self;
	if (ksrv_os_no_hw)
		core_throw(BSS_E_INVAL, ENOSYS, "dma: %s", ksrv_os_no_hw);
	if (!size || size > (256ull << 20) || (flags & ~DMA_BELOW_4G))
		core_throw(BSS_E_INVAL, EINVAL, "dma.alloc: bad size %lu or flags 0x%x",
			   (unsigned long)size, flags);
	struct dmamem *d = core_alloc(sizeof(*d));
	d->size = d->held = size;
	d->va = quarantine_take(size, flags & DMA_BELOW_4G, &d->phys, &d->held);
	if (!d->va)
		d->va = ksrv_os_dma_alloc(size, flags & DMA_BELOW_4G, &d->phys);
	if (!d->va) {
		core_free(d, sizeof(*d));
		core_throw(BSS_E_NOMEM, ENOMEM, "dma.alloc: no %lu contiguous bytes",
			   (unsigned long)size);
	}
	__builtin_memset(d->va, 0, size);
	struct frame *f = cur_thread->frames;
	d->owner = f && f->caller ? f->caller->id : 0;
	d->fn = NO_FN;
	for (unsigned i = 0; i < nattached; i++)
		if (attached[i].server == d->owner &&
		    ksrv_os_iommu_map(attached[i].fn, d->phys, d->size) >= 0)
			d->fn = attached[i].fn;
	/* the function's domain is made for the first block of its load */
	for (unsigned i = 0; i < IOMMU_FNS && d->fn == NO_FN; i++)
		if (expecting[i].t == cur_thread &&
		    ksrv_os_iommu_attach(expecting[i].fn, "the driver being loaded") >= 0 &&
		    ksrv_os_iommu_map(expecting[i].fn, d->phys, d->size) >= 0)
			d->fn = expecting[i].fn;
	d->next = blocks;
	d->prev = NULL;
	if (blocks)
		blocks->prev = d;
	blocks = d;
	return ksrv_object(&dmamem_desc, d, "dmamem", (bss_fn_t)dm_free);
}

uint32_t kiommu_attach(void *self, uint32_t fn, bss_ref_t driver)
{
	(void)self;
	struct server *s = ref_resolve(driver)->owner;
	unsigned i;
	uint32_t mapped = 0;
	char who[48];
	const char *file = image_file(s);
	size_t n = __builtin_strlen(file);

	if (fn > 0xffff)
		core_throw(BSS_E_INVAL, EINVAL, "iommu.attach: bad location 0x%x", fn);
	/* as sysinfo names servers: the file, without ".srv", and the server's number */
	if (n > 4 && !__builtin_memcmp(file + n - 4, ".srv", 4))
		n -= 4;
	if (n)
		fmt_snprintf(who, sizeof(who), "%.*s#%u", (int)n, file, s->id);
	else
		fmt_snprintf(who, sizeof(who), "%s#%u", server_name(s), s->id);
	/* faults recorded until now are the old driver's: a restarted pcnet32's
	   device, bus master again before its probe resets it, read the dead
	   instance's ring; read at the next tick, the record ended the new one */
	ksrv_os_iommu_poll();
	if (ksrv_os_iommu_attach(fn, who) < 0)
		return 0;
	for (i = 0; i < nattached && attached[i].fn != fn; i++)
		;
	if (i == nattached) {
		if (nattached == IOMMU_FNS)
			core_throw(BSS_E_LIMIT, ENOSPC, "iommu.attach: %u functions already",
				   nattached);
		nattached++;
	}
	attached[i].fn = fn;
	attached[i].server = s->id;
	for (i = 0; i < IOMMU_FNS; i++)
		if (expecting[i].t && expecting[i].fn == fn)
			expecting[i].t = NULL;
	for (struct dmamem *d = blocks; d; d = d->next) {
		if (d->owner != s->id || d->fn != NO_FN)
			continue;
		if (ksrv_os_iommu_map(fn, d->phys, d->size) < 0)
			core_throw(BSS_E_NOMEM, ENOMEM, "iommu.attach: no memory for page tables");
		d->fn = fn;
		mapped++;
	}
	return mapped;
}

/*
 * A device whose DMA the IOMMU blocked was programmed with an address its
 * driver does not own: the driver's state is wrong, as after a wild
 * pointer, and it crashes like one. Only the server attached now: the
 * faults a dead driver's device still causes until its successor resets it
 * (its blocks are unmapped) end nobody, and a crashed one is not crashed
 * again.
 */
void ksrv_iommu_blocked(uint32_t fn, const char *what)
{
	char why[160];

	for (unsigned i = 0; i < nattached; i++) {
		if (attached[i].fn != fn)
			continue;
		for (struct server *s = loaded_servers; s; s = s->all_next)
			if (s->id == attached[i].server && !s->dead) {
				fmt_snprintf(why, sizeof(why), "DMA blocked by the IOMMU: %s",
					     what);
				core_crash(s, why);
			}
		return;
	}
}

void kiommu_expect(void *self, uint32_t fn)
{
	(void)self;
	unsigned i, free = IOMMU_FNS;

	for (i = 0; i < IOMMU_FNS; i++) {
		if (expecting[i].t == cur_thread || (fn <= 0xffff && expecting[i].fn == fn))
			expecting[i].t = NULL;
		if (!expecting[i].t && free == IOMMU_FNS)
			free = i;
	}
	/* all taken: attach's sweep maps the blocks, after the load */
	if (fn > 0xffff || free == IOMMU_FNS)
		return;
	expecting[free].t = cur_thread;
	expecting[free].fn = fn;
}

void ksrv_dma_init(void)
{
	ksrv_add(&dma_desc, "dma");
	ksrv_add(&iommu_desc, "iommu");
}
