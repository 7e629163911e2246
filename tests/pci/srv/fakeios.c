/*
 * fakeios: an iospace for the hosted runtime. Each region is a local server
 * whose ports remember the last value written to them, except that ports
 * 4-7 of a region read as all ones (so a PCI scan through it finds an empty
 * bus). Enough to test how the PC server hands out its port ranges.
 */
#include <bss/server.h>
#include <svc/ioport.h>
#include <svc/iospace.h>

struct region {
	uint32_t base, count;
	uint32_t val[8];
};

struct fios {
	struct region regions[16];
	uint32_t n;
};

BSS_SERVER(IOSPACE, struct fios, fios);
BSS_LOCAL_SERVER(region_desc, IOPORT, struct region, rg);

bss_ref_t fios_region(struct fios *f, uint32_t base, uint32_t count)
{
	if (f->n == 16 || count > 8)
		bss_throw(BSS_E_LIMIT, ENOSPC, "fakeios: too many or too large regions");
	struct region *r = &f->regions[f->n++];
	r->base = base;
	r->count = count;
	bss_printf("FAKEIOS: region 0x%x/%u\n", base, count);
	return bss_local(&region_desc, r);
}

static uint32_t rd(struct region *r, uint32_t off, uint32_t mask)
{
	if (off >= r->count)
		bss_throw(BSS_E_INVAL, EINVAL, "fakeios: port outside the region");
	return off >= 4 ? mask : r->val[off] & mask;
}

static void wr(struct region *r, uint32_t off, uint32_t v)
{
	if (off >= r->count)
		bss_throw(BSS_E_INVAL, EINVAL, "fakeios: port outside the region");
	r->val[off] = v;
}

uint32_t rg_in8(struct region *r, uint32_t off)
{
	return rd(r, off, 0xff);
}
uint32_t rg_in16(struct region *r, uint32_t off)
{
	return rd(r, off, 0xffff);
}
uint32_t rg_in32(struct region *r, uint32_t off)
{
	return rd(r, off, 0xffffffffu);
}
void rg_out8(struct region *r, uint32_t off, uint32_t v)
{
	wr(r, off, v);
}
void rg_out16(struct region *r, uint32_t off, uint32_t v)
{
	wr(r, off, v);
}
void rg_out32(struct region *r, uint32_t off, uint32_t v)
{
	wr(r, off, v);
}
uint32_t rg_base(struct region *r)
{
	return r->base;
}
uint32_t rg_count(struct region *r)
{
	return r->count;
}

/* A model, not ports: the caller uses the calls. */
uint32_t rg_grant(struct region *r)
{
	(void)r;
	return 0;
}
