/*
 * Address spaces of isolated servers: page tables and memory (uspace.h),
 * and the core's hooks to create them (core/space.h). Which servers get
 * one is the command line's "isolate=a,b,..." (server file base names, or
 * "all") and the loader's isolate rules, which may put several servers in
 * one space (a protection domain); docs/isolation.md.
 *
 * Invariant: at most one space is open (its PDPT entry user accessible),
 * and only the open space's code runs in ring 3; every other space's entry
 * is supervisor-only, and no translation made while a space was open
 * survives its closing (usweep.c). A page is in two spaces only where it
 * was mapped on purpose (os_space_map, os_space_map_io, os_space_share).
 *
 * Invariant: the TSS's I/O permission bitmap opens exactly the open
 * space's granted ports (ioport.grant) to ring 3, switched with the open
 * space; ring 3 is the open space's code only, so an isolated server's in
 * and out reach its own ports and fault on any other.
 */
#include "arch.h"
#include "gdt.h"
#include "uspace.h"
#include "core/space.h"
#include "fmt.h"
#include "ksrv/ksrv.h"

#define PTE_U 0x004ul
#define PTE_FOREIGN (1ul << 9) /* a page the space maps but does not own (map service) */

extern uint64_t boot_pml4[512];

static uint64_t *kernel_pdpt; /* the kernel's PDPT for PML4 entry 1 */
static struct uspace *spaces[USPACE_MAX];
static uint64_t serials;  /* tells a space from an earlier one with the same index */
static char isolate[256]; /* the command line's isolate= */

static uint64_t *table(void)
{
	uint64_t pa = phys_alloc_pages(1, 1);

	if (!pa)
		return NULL;
	memset(phys_to_virt(pa), 0, PAGE_SIZE);
	return phys_to_virt(pa);
}

static struct uspace *open_space;

static uint64_t *pte(struct uspace *sp, uint64_t va, bool create);

/* The space's granted port ranges, opened to ring 3 or closed again. */
static void ports_allow(const struct uspace *sp, bool allow)
{
	for (unsigned i = 0; i < sp->nports; i++)
		gdt_io_allow(sp->ports[i].base, sp->ports[i].count, allow);
}

/*
 * One page table for all: ring 3 reaches only the open space. Switching
 * the open space invalidates what the closed one's user translations may
 * be (uspace_sweep: the pages walked since its last closing, not the whole
 * TLB); entering the space that is open already costs nothing, so a thread
 * going between the kernel and one isolated server pays nothing. A
 * supervisor-only translation of the opened space, made while it was
 * closed, may survive: ring 3's first touch of that page then faults, and
 * uspace_fault retries it. The I/O permission bitmap follows: the closed
 * space's ports close, the opened space's open.
 */
void uspace_open(struct uspace *sp, enum uspace_why why)
{
	if (open_space == sp)
		return;
	uspace_count_open(open_space, sp, why);
	if (open_space) {
		kernel_pdpt[open_space->index] &= ~PTE_U;
		ports_allow(open_space, false);
	}
	kernel_pdpt[sp->index] |= PTE_U;
	ports_allow(sp, true);
	if (uspace_full_flush)
		write_cr3(read_cr3());
	else if (open_space)
		uspace_sweep(open_space, &kernel_pdpt[open_space->index]);
	open_space = sp;
}

/*
 * Whether a protection fault of ring 3 at va (write: a write) is one the
 * page tables no longer say, a translation cached while its space was
 * closed (uspace_open): then it is dropped and the access may be retried.
 */
bool uspace_stale(struct uspace *sp, uint64_t va, bool write)
{
	uint64_t *e = sp == open_space ? pte(sp, va, false) : NULL;

	if (!e || !(*e & PTE_P) || !(*e & PTE_U) || (write && !(*e & PTE_W)))
		return false;
	invlpg(va);
	return true;
}

void uspace_ucall_init(void);

void uspace_init(void)
{
	kernel_pdpt = table();
	if (!kernel_pdpt)
		panic("uspace: no page for the kernel's PDPT");
	/* user accessible here; each space's PDPT entry decides (uspace_open) */
	boot_pml4[1] = virt_to_phys(kernel_pdpt) | PTE_P | PTE_W | PTE_U;
	write_cr3(read_cr3());
	if (boot_arg("isolate", isolate, sizeof(isolate)) < 0)
		isolate[0] = 0;
	char flush[8];
	uspace_full_flush =
		boot_arg("spaceflush", flush, sizeof(flush)) >= 0 && !strcmp(flush, "full");
	uspace_ucall_init();
}

/*
 * Whether the server file (a path or module line) is to be isolated: named
 * by "isolate=" (base name without .srv) or by loader.isolate (with it).
 * Its protection domain ("": a space of its own), NULL if not isolated.
 */
static const char *chosen(const char *file)
{
	const char *base = file, *dom;
	size_t n = 0;

	for (const char *p = file; *p && *p != ' '; p++)
		if (*p == '/')
			base = p + 1;
	while (base[n] && base[n] != ' ')
		n++;
	if ((dom = ksrv_isolated(base, n)))
		return dom;
	if (n > 4 && !memcmp(base + n - 4, ".srv", 4))
		n -= 4;
	for (const char *w = isolate; *w;) {
		size_t k = 0;
		while (w[k] && w[k] != ',')
			k++;
		if ((k == 3 && !memcmp(w, "all", 3)) || (k == n && !memcmp(w, base, n)))
			return "";
		w += k + (w[k] == ',');
	}
	return NULL;
}

struct uspace *uspace_create(const char *name)
{
	unsigned i = 0;

	while (i < USPACE_MAX && spaces[i])
		i++;
	if (i == USPACE_MAX)
		return NULL;
	struct uspace *sp = kzalloc(sizeof(*sp));
	if (!sp)
		return NULL;
	sp->pd = table();
	if (!sp->pd) {
		uspace_destroy(sp);
		return NULL;
	}
	sp->index = i;
	sp->serial = ++serials;
	sp->base = USPACE_BASE + (uint64_t)i * USPACE_SIZE;
	sp->brk = sp->base + PAGE_SIZE; /* the first page stays unmapped: NULL + base faults */
	size_t n = 0;
	while (name[n] && name[n] != ' ' && n < sizeof(sp->name) - 1)
		n++;
	fmt_snprintf(sp->name, sizeof(sp->name), "%.*s", (int)n, name);
	kernel_pdpt[i] = virt_to_phys(sp->pd) | PTE_P | PTE_W; /* closed */
	spaces[i] = sp;

	/*
	 * The trampolines every call uses (uentry.S):
	 *  0  return address of every entry:
	 *     mov %rax,%rdx; mov $-1,%eax; syscall; ud2
	 * 16  entry: mov %r10,%rcx (the fourth argument); jmp *%rax
	 */
	static const uint8_t code[] = {
		0x48, 0x89, 0xc2, 0xb8, 0xff, 0xff, 0xff, 0xff, 0x0f, 0x05, 0x0f, 0x0b,
		0xcc, 0xcc, 0xcc, 0xcc, 0x4c, 0x89, 0xd1, 0xff, 0xe0, 0x0f, 0x0b,
	};
	sp->trampoline = uspace_map_new(sp, PAGE_SIZE, false);
	if (!sp->trampoline) {
		uspace_destroy(sp);
		return NULL;
	}
	memcpy((void *)(uintptr_t)sp->trampoline, code, sizeof(code));
	return sp;
}

struct uspace *uspace_at(unsigned index)
{
	return index < USPACE_MAX ? spaces[index] : NULL;
}

static struct uspace *by_token(uint64_t token)
{
	struct uspace *sp = spaces[token & 0xff];

	return sp && sp->serial == token >> 8 ? sp : NULL;
}

/*
 * The page table entry for va in sp, with its page table made if create;
 * an entry handed out to be made raises sp->hi, the end of what the sweep
 * reads (also where a mapping failed halfway and left brk below it).
 * NULL for an address outside the space: the tables are indexed by va's
 * low bits, so a wild access elsewhere (the kernel's first page,
 * tests/isolate/crash.test) would find the space's own page at the same
 * offset, and uspace_stale would retry that fault for ever.
 */
static uint64_t *pte(struct uspace *sp, uint64_t va, bool create)
{
	if (va - sp->base >= USPACE_SIZE)
		return NULL;
	uint64_t *pde = &sp->pd[(va >> 21) & 511];

	if (!(*pde & PTE_P)) {
		if (!create)
			return NULL;
		uint64_t *pt = table();
		if (!pt)
			return NULL;
		*pde = virt_to_phys(pt) | PTE_P | PTE_W | PTE_U;
	}
	if (create && va + PAGE_SIZE > sp->hi)
		sp->hi = (va & ~(PAGE_SIZE - 1)) + PAGE_SIZE;
	return (uint64_t *)phys_to_virt(*pde & PTE_ADDR_MASK) + ((va >> 12) & 511);
}

uint64_t uspace_map_new(struct uspace *sp, size_t size, bool guard)
{
	size_t n = (size + PAGE_SIZE - 1) / PAGE_SIZE;
	uint64_t va = sp->brk + (guard ? PAGE_SIZE : 0);

	if (va + n * PAGE_SIZE > sp->base + USPACE_SIZE)
		return 0;
	for (size_t k = 0; k < n; k++) {
		uint64_t pa = phys_alloc_pages(1, 1);
		uint64_t *e = pa ? pte(sp, va + k * PAGE_SIZE, true) : NULL;
		if (!e) {
			if (pa)
				phys_free_pages(pa, 1);
			return 0; /* the pages mapped so far go with the space */
		}
		memset(phys_to_virt(pa), 0, PAGE_SIZE);
		*e = pa | PTE_P | PTE_W | PTE_U;
	}
	sp->brk = va + n * PAGE_SIZE;
	return va;
}

uint64_t uspace_reserve(struct uspace *sp, size_t size)
{
	uint64_t va = sp->brk + PAGE_SIZE;

	size = (size + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1);
	if (va + size > sp->base + USPACE_SIZE)
		return 0;
	sp->brk = va + size;
	return va;
}

/* Whether va lies in one of sp's reserved stacks. */
static bool in_stack(const struct uspace *sp, uint64_t va)
{
	for (unsigned i = 0; i < USPACE_STACKS; i++) {
		uint64_t top = sp->stacks[i].top;
		if (top && va < top && va >= top - USPACE_STACK)
			return true;
	}
	return false;
}

bool uspace_commit(struct uspace *sp, uint64_t lo, uint64_t hi)
{
	if (lo < sp->base || hi > sp->base + USPACE_SIZE || lo > hi)
		return false;
	for (uint64_t va = lo & ~(PAGE_SIZE - 1); va < hi; va += PAGE_SIZE) {
		uint64_t *e = pte(sp, va, false);
		if (e && (*e & PTE_P))
			continue;
		if (!in_stack(sp, va) || !(e = pte(sp, va, true)))
			return false;
		uint64_t pa = phys_alloc_pages(1, 1);
		if (!pa)
			return false;
		memset(phys_to_virt(pa), 0, PAGE_SIZE);
		*e = pa | PTE_P | PTE_W | PTE_U;
	}
	return true;
}

bool uspace_range_ok(struct uspace *sp, uint64_t p, uint64_t n)
{
	if (p < sp->base || n > USPACE_SIZE || p - sp->base > USPACE_SIZE - n)
		return false;
	for (uint64_t va = p & ~(PAGE_SIZE - 1); va < p + n; va += PAGE_SIZE) {
		uint64_t *e = pte(sp, va, false);
		/* a stack page not touched yet is the server's all the same */
		if ((!e || !(*e & PTE_P)) && !uspace_commit(sp, va, va + 1))
			return false;
	}
	return true;
}

/*
 * Other spaces' shares (os_space_share) of source pages in [lo, lo + n) of
 * the space named by tok: unmapped, because those pages are going. A lookup
 * that misses for a cleared entry only maps the run anew. The caller
 * flushes the TLB.
 */
static void drop_shares(uint64_t tok, uint64_t lo, uint64_t n)
{
	for (unsigned j = 0; j < USPACE_MAX; j++) {
		struct uspace *o = spaces[j];
		for (unsigned k = 0; o && k < USPACE_SHARES; k++) {
			struct ushare *h = &o->shares[k];
			if (!h->src_va || h->src_token != tok || h->src_va >= lo + n ||
			    h->src_va + (uint64_t)h->npages * PAGE_SIZE <= lo)
				continue;
			for (uint32_t p = 0; p < h->npages; p++) {
				uint64_t *e = pte(o, h->va + (uint64_t)p * PAGE_SIZE, false);
				if (e)
					*e = 0;
			}
			h->src_va = 0;
		}
	}
}

void uspace_destroy(struct uspace *sp)
{
	if (sp->pd) {
		for (unsigned i = 0; i < 512; i++) {
			if (!(sp->pd[i] & PTE_P))
				continue;
			uint64_t *pt = phys_to_virt(sp->pd[i] & PTE_ADDR_MASK);
			for (unsigned j = 0; j < 512; j++)
				if ((pt[j] & PTE_P) && !(pt[j] & PTE_FOREIGN))
					phys_free_pages(pt[j] & PTE_ADDR_MASK, 1);
			phys_free_pages(virt_to_phys(pt), 1);
		}
	}
	if (spaces[sp->index] == sp) {
		/* pages of this space other spaces map go first: they are about to be freed */
		drop_shares(sp->serial << 8 | sp->index, sp->base, USPACE_SIZE);
		if (open_space == sp) {
			ports_allow(sp, false);
			open_space = NULL;
		}
		spaces[sp->index] = NULL;
		kernel_pdpt[sp->index] = 0;
		write_cr3(read_cr3()); /* its translations may be cached */
	}
	if (sp->pd)
		phys_free_pages(virt_to_phys(sp->pd), 1);
	kfree(sp);
}

/* ---- core/space.h ---- */

bool os_space_wanted(const char *file)
{
	return chosen(file) != NULL;
}

/*
 * A protection domain's servers share its space: the first one's load
 * makes it, the others join it while it lives (a dead one, ended by a
 * fault, is left to its servers and a new one is made).
 */
void *os_space_new(const char *file)
{
	const char *dom = chosen(file);

	if (!dom)
		return NULL;
	const char *base = file;
	for (const char *p = file; *p && *p != ' '; p++)
		if (*p == '/')
			base = p + 1;
	size_t n = 0;
	while (base[n] && base[n] != ' ')
		n++;
	for (unsigned i = 0; *dom && i < USPACE_MAX; i++) {
		struct uspace *sp = spaces[i];
		if (sp && !sp->dead && !strcmp(sp->domain, dom)) {
			sp->users++;
			kprintf("USPACE: %.*s isolated in space %u at 0x%lx (domain %s)\n", (int)n,
				base, sp->index, sp->base, dom);
			return sp;
		}
	}
	struct uspace *sp = uspace_create(*dom ? dom : base);
	if (!sp) {
		kprintf("USPACE: %s: no address space left\n", file);
		return NULL;
	}
	sp->users = 1;
	fmt_snprintf(sp->domain, sizeof(sp->domain), "%s", dom);
	if (*dom)
		kprintf("USPACE: %.*s isolated in space %u at 0x%lx (domain %s)\n", (int)n, base,
			sp->index, sp->base, dom);
	else
		kprintf("USPACE: %s isolated in space %u at 0x%lx\n", sp->name, sp->index,
			sp->base);
	return sp;
}

/* A domain's space stays while any of its servers' images does (their memory with it). */
void os_space_free(void *space)
{
	struct uspace *sp = space;

	if (sp->users > 1) {
		sp->users--;
		return;
	}
	uspace_destroy(sp);
}

void *os_space_alloc(void *space, size_t size)
{
	return (void *)(uintptr_t)uspace_map_new(space, size, false);
}

/* Maps the physical pages [pa, pa + size) at sp's next free address; flags say how (cached or not).
 */
static uint64_t map_phys(struct uspace *sp, uint64_t pa, uint64_t size, uint64_t flags,
			 uint64_t *token)
{
	size_t n = (size + PAGE_SIZE - 1) / PAGE_SIZE;
	uint64_t va = sp->brk + PAGE_SIZE; /* an unmapped page before it */

	*token = sp->serial << 8 | sp->index;
	if (pa & (PAGE_SIZE - 1) || va + n * PAGE_SIZE > sp->base + USPACE_SIZE)
		return 0;
	for (size_t k = 0; k < n; k++) {
		uint64_t *e = pte(sp, va + k * PAGE_SIZE, true);
		if (!e)
			return 0; /* the entries made so far go with the space */
		*e = (pa + k * PAGE_SIZE) | PTE_P | PTE_W | PTE_U | PTE_FOREIGN | flags;
	}
	sp->brk = va + n * PAGE_SIZE;
	return va;
}

uint64_t os_space_map(void *space, const void *kaddr, uint64_t size, uint64_t *token)
{
	return map_phys(space, virt_to_phys(kaddr), size, 0, token);
}

/*
 * Device registers: uncached (PCD | PWT select PAT entry 3, UC, which the
 * kernel leaves as the CPU sets it), so every load and store reaches the
 * device, in order, as through the kernel's own mapping (paging_map_mmio).
 */
uint64_t os_space_map_io(void *space, uint64_t phys, uint64_t size, uint64_t *token)
{
	return map_phys(space, phys, size, PTE_PCD | PTE_PWT, token);
}

bool os_space_grant_ports(void *space, uint32_t base, uint32_t count, uint64_t *token)
{
	struct uspace *sp = space;

	*token = sp->serial << 8 | sp->index;
	for (unsigned i = 0; i < sp->nports; i++)
		if (sp->ports[i].base == base && sp->ports[i].count == count) {
			sp->ports[i].grants++;
			return true;
		}
	if (sp->nports == USPACE_PORTS || !count || base >= GDT_IO_PORTS ||
	    count > GDT_IO_PORTS - base)
		return false;
	sp->ports[sp->nports++] = (struct uports){base, count, 1};
	if (open_space == sp)
		gdt_io_allow(base, count, true);
	return true;
}

void os_space_revoke_ports(uint64_t token, uint32_t base, uint32_t count)
{
	struct uspace *sp = by_token(token);

	for (unsigned i = 0; sp && i < sp->nports; i++) {
		if (sp->ports[i].base != base || sp->ports[i].count != count)
			continue;
		if (--sp->ports[i].grants)
			return;
		sp->ports[i] = sp->ports[--sp->nports];
		if (open_space == sp) {
			/* another range of the space may share a bitmap byte: reopen them all */
			gdt_io_allow(base, count, false);
			ports_allow(sp, true);
		}
		return;
	}
}

uint64_t os_space_shared(void *to, uint64_t addr, uint64_t len)
{
	struct uspace *dst = to;

	if (!dst || addr < USPACE_BASE || addr >= USPACE_BASE + USPACE_MAX * USPACE_SIZE || !len ||
	    len > USPACE_SIZE)
		return 0;
	struct uspace *src = spaces[(addr - USPACE_BASE) / USPACE_SIZE];
	if (!src || src == dst)
		return 0;
	uint64_t tok = src->serial << 8 | src->index;
	uint64_t first = addr & ~(PAGE_SIZE - 1);
	uint32_t n = (uint32_t)((addr + len - first + PAGE_SIZE - 1) / PAGE_SIZE);
	unsigned k0 = (unsigned)((first >> 12) % USPACE_SHARES);
	for (unsigned tries = 0; tries < USPACE_SHARES; tries++) {
		struct ushare *e = &dst->shares[(k0 + tries) % USPACE_SHARES];
		if (!e->src_va)
			return 0;
		if (e->src_va == first && e->src_token == tok && e->npages >= n)
			return e->va + (addr - first);
	}
	return 0;
}

uint64_t os_space_share(void *to, uint64_t addr, uint64_t len)
{
	struct uspace *dst = to;

	if (addr < USPACE_BASE || addr >= USPACE_BASE + USPACE_MAX * USPACE_SIZE || !len ||
	    len > USPACE_SIZE)
		return 0;
	struct uspace *src = spaces[(addr - USPACE_BASE) / USPACE_SIZE];
	if (!src || src == dst || !uspace_range_ok(src, addr, len))
		return 0;
	uint64_t tok = src->serial << 8 | src->index;
	uint64_t first = addr & ~(PAGE_SIZE - 1);
	uint32_t n = (uint32_t)((addr + len - first + PAGE_SIZE - 1) / PAGE_SIZE);
	/* a run mapped before (an open-addressed table by its first page), or a new one */
	unsigned k0 = (unsigned)((first >> 12) % USPACE_SHARES);
	struct ushare *h = NULL;
	for (unsigned tries = 0; tries < USPACE_SHARES; tries++) {
		struct ushare *e = &dst->shares[(k0 + tries) % USPACE_SHARES];
		if (!e->src_va) {
			h = e;
			break;
		}
		if (e->src_va == first && e->src_token == tok && e->npages >= n)
			return e->va + (addr - first);
	}
	uint64_t va = dst->brk + PAGE_SIZE; /* an unmapped page before each run */
	if (!h || va + (uint64_t)n * PAGE_SIZE > dst->base + USPACE_SIZE)
		return 0;
	for (uint32_t p = 0; p < n; p++) {
		uint64_t *e = pte(dst, va + (uint64_t)p * PAGE_SIZE, true);
		if (!e)
			return 0; /* the entries made so far go with the space */
		*e = (*pte(src, first + (uint64_t)p * PAGE_SIZE, false) & PTE_ADDR_MASK) | PTE_P |
		     PTE_W | PTE_U | PTE_FOREIGN;
	}
	dst->brk = va + (uint64_t)n * PAGE_SIZE;
	h->src_va = first;
	h->src_token = tok;
	h->npages = n;
	h->va = va;
	return va + (addr - first);
}

bool os_space_mapped(uint64_t token)
{
	return by_token(token) != NULL;
}

void os_space_unmap(uint64_t token, uint64_t va, uint64_t size)
{
	struct uspace *sp = by_token(token);

	if (!sp)
		return;
	for (uint64_t p = va; p < va + size; p += PAGE_SIZE) {
		uint64_t *e = pte(sp, p, false);
		if (e)
			*e = 0;
	}
	drop_shares(token, va, size); /* and where other spaces were given them */
	write_cr3(read_cr3());	      /* no translation of the pages may survive */
}

bool os_space_ok(void *space, uint64_t p, uint64_t n)
{
	return uspace_range_ok(space, p, n);
}
