/*
 * Base address registers. A BAR's size is found by writing all ones and
 * reading back which address bits stick; the original value is restored.
 * Decoding is switched off meanwhile, so the device never answers at the
 * bogus all-ones address (a memory BAR there could shadow RAM).
 */
#include "pci.h"

static uint32_t rd(struct pcifn *f, uint32_t off)
{
	return pci_cfg_read(f->bus, f->dev, f->fn, off, 4);
}

static void wr(struct pcifn *f, uint32_t off, uint32_t v)
{
	pci_cfg_write(f->bus, f->dev, f->fn, off, 4, v);
}

/* What sticks of all ones written to the register; the register is restored. */
static uint32_t probe(struct pcifn *f, uint32_t off, uint32_t orig)
{
	wr(f, off, 0xffffffffu);
	uint32_t m = rd(f, off);
	wr(f, off, orig);
	return m;
}

/* Decodes the BAR at index i; returns how many registers it used (1 or 2). */
static unsigned read_bar(struct pcifn *f, unsigned i, unsigned nbars)
{
	uint32_t off = PCI_BAR0 + 4 * i;
	uint32_t lo = rd(f, off);
	struct bar *b = &f->bars[i];

	if (lo & 1) {
		uint32_t m = probe(f, off, lo) & ~3u;
		/* devices may implement only the low 16 bits of an I/O BAR */
		if (m && !(m & 0xffff0000u))
			m |= 0xffff0000u;
		b->flags = BAR_IO;
		b->base = lo & ~3u;
		b->size = m ? (uint64_t)(~m + 1) : 0;
		return 1;
	}
	uint32_t type = (lo >> 1) & 3;
	if (lo & 8)
		b->flags |= BAR_PREFETCH;
	if (type == 2 && i + 1 < nbars) {
		uint32_t hi = rd(f, off + 4);
		uint64_t m = (uint64_t)probe(f, off + 4, hi) << 32 | (probe(f, off, lo) & ~0xfu);
		b->flags |= BAR_64;
		b->base = (uint64_t)hi << 32 | (lo & ~0xfu);
		b->size = m ? ~m + 1 : 0;
		return 2;
	}
	uint32_t m = probe(f, off, lo) & ~0xfu;
	b->base = lo & ~0xfu;
	b->size = m ? (uint64_t)(~m + 1) : 0;
	return 1;
}

void pci_read_bars(struct pcifn *f)
{
	unsigned nbars = f->hdr_type == 0 ? 6 : f->hdr_type == 1 ? 2 : 0;
	uint32_t cmd = pci_cfg_read(f->bus, f->dev, f->fn, PCI_COMMAND, 2);

	/* a host bridge may be what routes memory accesses at all: leave it on */
	bool toggle = (f->class >> 8) != 0x0600;

	if (!nbars)
		return;
	if (toggle)
		pci_cfg_write(f->bus, f->dev, f->fn, PCI_COMMAND, 2,
			      cmd & ~(PCI_CMD_IO | PCI_CMD_MEM));
	for (unsigned i = 0; i < nbars;)
		i += read_bar(f, i, nbars);
	if (toggle)
		pci_cfg_write(f->bus, f->dev, f->fn, PCI_COMMAND, 2, cmd);
	for (unsigned i = 0; i < 6; i++)
		if (!f->bars[i].size)
			f->bars[i].flags = 0;
}
