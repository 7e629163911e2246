/*
 * fakecfg: configuration mechanism #1 (ports 0xcf8-0xcff) over an emulated
 * PCI bus, so the PCI server's enumeration and BAR decoding can be tested in
 * the hosted runtime: a host bridge, a multi-function device, a VGA device,
 * an RTL8139, and a bridge to bus 1 with a device that has a 64-bit BAR.
 * BARs behave as hardware's do: only the address bits above the size stick.
 */
#include <bss/server.h>
#include <svc/ioport.h>

struct fdev {
	uint8_t bus, dev, fn;
	uint8_t cfg[256];
	uint64_t size[6]; /* BAR sizes; for a 64-bit BAR the next register is its high half */
};

struct fake {
	uint32_t addr;
	uint32_t ndevs;
	struct fdev devs[10];
	uint32_t bad_sizing; /* BARs sized while the device decoded them */
};

static void fake_init(struct fake *f);

BSS_SERVER(IOPORT, struct fake, fk, .ctor = BSS_CTOR(fake_init));

static void put(uint8_t *c, unsigned off, unsigned size, uint32_t v)
{
	for (unsigned i = 0; i < size; i++)
		c[off + i] = (uint8_t)(v >> (8 * i));
}

static uint32_t get(const uint8_t *c, unsigned off, unsigned size)
{
	uint32_t v = 0;

	for (unsigned i = 0; i < size; i++)
		v |= (uint32_t)c[off + i] << (8 * i);
	return v;
}

static struct fdev *add(struct fake *f, uint8_t bus, uint8_t dev, uint8_t fn, uint32_t id,
			uint32_t class_rev, uint8_t hdr, uint8_t irq, uint8_t pin)
{
	struct fdev *d = &f->devs[f->ndevs++];

	d->bus = bus;
	d->dev = dev;
	d->fn = fn;
	put(d->cfg, 0x00, 4, id);
	put(d->cfg, 0x04, 2, 0x0003); /* the firmware enabled I/O and memory decoding */
	put(d->cfg, 0x08, 4, class_rev);
	d->cfg[0x0e] = hdr;
	d->cfg[0x3c] = irq;
	d->cfg[0x3d] = pin;
	return d;
}

static void bar(struct fdev *d, unsigned i, uint64_t base, uint64_t size, uint32_t flags)
{
	d->size[i] = size;
	put(d->cfg, 0x10 + 4 * i, 4, (uint32_t)base | flags);
	if (flags & 4) /* 64-bit */
		put(d->cfg, 0x14 + 4 * i, 4, (uint32_t)(base >> 32));
}

static void fake_init(struct fake *f)
{
	add(f, 0, 0, 0, 0x12378086, 0x06000002, 0x00, 0, 0);
	add(f, 0, 1, 0, 0x70008086, 0x06010000, 0x80, 0, 0);
	struct fdev *ide = add(f, 0, 1, 1, 0x70108086, 0x01018000, 0x00, 0, 0);
	bar(ide, 4, 0xc040, 16, 1);
	add(f, 0, 1, 3, 0x71138086, 0x06800003, 0x00, 9, 1);
	struct fdev *vga = add(f, 0, 2, 0, 0x11111234, 0x03000002, 0x00, 0, 0);
	bar(vga, 0, 0xfd000000, 16 << 20, 8);
	bar(vga, 2, 0xfebf0000, 4096, 0);
	struct fdev *rtl = add(f, 0, 3, 0, 0x813910ec, 0x02000020, 0x00, 11, 1);
	bar(rtl, 0, 0xc000, 256, 1);
	bar(rtl, 1, 0xfebf1000, 256, 0);
	struct fdev *br = add(f, 0, 4, 0, 0x00011b36, 0x06040000, 0x01, 0, 0);
	br->cfg[0x18] = 0;
	br->cfg[0x19] = 1;
	br->cfg[0x1a] = 1;
	struct fdev *nv = add(f, 1, 0, 0, 0x10411af4, 0x01080201, 0x00, 10, 1);
	bar(nv, 0, 0x800000000ull, 16384, 4 | 8);
	bar(nv, 2, 0xd000, 32, 1);
}

static struct fdev *find(struct fake *f)
{
	if (!(f->addr & 0x80000000u))
		return NULL;
	uint8_t bus = (f->addr >> 16) & 0xff, dev = (f->addr >> 11) & 31, fn = (f->addr >> 8) & 7;

	for (uint32_t i = 0; i < f->ndevs; i++)
		if (f->devs[i].bus == bus && f->devs[i].dev == dev && f->devs[i].fn == fn)
			return &f->devs[i];
	return NULL;
}

/* The value BAR register reg holds after v was written to it. */
static uint32_t bar_write(struct fdev *d, unsigned reg, uint32_t v, struct fake *f)
{
	unsigned i = reg;
	uint32_t old = get(d->cfg, 0x10 + 4 * i, 4);
	bool high = i > 0 && !d->size[i] && (get(d->cfg, 0x10 + 4 * (i - 1), 4) & 7) == 4 &&
		    d->size[i - 1];

	/* a host bridge is exempt: it may be what routes memory at all */
	if (v == 0xffffffffu && (get(d->cfg, 0x04, 2) & 3) && get(d->cfg, 0x0a, 2) != 0x0600)
		f->bad_sizing++;
	if (high) /* upper half of a 64-bit BAR */
		return v & (uint32_t)(~(d->size[i - 1] - 1) >> 32);
	if (!d->size[i])
		return 0;
	uint32_t low = old & ((old & 1) ? 3u : 0xfu);
	uint32_t mask = (uint32_t) ~(d->size[i] - 1);
	if (old & 1)
		mask &= 0xffffu; /* 16-bit I/O decoder */
	return (v & mask & ~((old & 1) ? 3u : 0xfu)) | low;
}

static uint32_t cfg_in(struct fake *f, uint32_t off, unsigned size)
{
	struct fdev *d = find(f);

	if (!d)
		return size == 4 ? 0xffffffffu : size == 2 ? 0xffff : 0xff;
	return get(d->cfg, (f->addr & 0xfc) + off, size);
}

static void cfg_out(struct fake *f, uint32_t off, unsigned size, uint32_t v)
{
	struct fdev *d = find(f);
	unsigned reg = (f->addr & 0xfc) + off;

	if (!d || reg < 4)
		return;
	unsigned end = (d->cfg[0x0e] & 0x7f) == 0 ? 0x28 : 0x18;

	if (reg >= 0x10 && reg < end && size == 4) {
		put(d->cfg, reg, 4, bar_write(d, (reg - 0x10) / 4, v, f));
		return;
	}
	if (reg == 0x3d || (reg >= 0x08 && reg < 0x0c))
		return; /* read-only */
	put(d->cfg, reg, size, v);
}

uint32_t fk_in8(struct fake *f, uint32_t off)
{
	return off >= 4 ? cfg_in(f, off - 4, 1) : (f->addr >> (8 * off)) & 0xff;
}

uint32_t fk_in16(struct fake *f, uint32_t off)
{
	return off >= 4 ? cfg_in(f, off - 4, 2) : (f->addr >> (8 * off)) & 0xffff;
}

uint32_t fk_in32(struct fake *f, uint32_t off)
{
	if (f->bad_sizing == 1) {
		bss_printf("FAKECFG: a BAR was sized while decoding was on\n");
		f->bad_sizing++;
	}
	return off >= 4 ? cfg_in(f, 0, 4) : f->addr;
}

void fk_out8(struct fake *f, uint32_t off, uint32_t v)
{
	if (off >= 4)
		cfg_out(f, off - 4, 1, v);
}

void fk_out16(struct fake *f, uint32_t off, uint32_t v)
{
	if (off >= 4)
		cfg_out(f, off - 4, 2, v);
}

void fk_out32(struct fake *f, uint32_t off, uint32_t v)
{
	if (off == 0)
		f->addr = v;
	else
		cfg_out(f, 0, 4, v);
}

uint32_t fk_base(struct fake *f)
{
	(void)f;
	return 0xcf8;
}

uint32_t fk_count(struct fake *f)
{
	(void)f;
	return 8;
}

/* A model, not ports: the caller uses the calls. */
uint32_t fk_grant(struct fake *f)
{
	(void)f;
	return 0;
}
