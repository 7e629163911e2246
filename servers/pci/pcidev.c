/*
 * A PCI function as a local server (services/pcidev.svc): what its driver
 * gets instead of raw configuration space access to the whole bus.
 */
#include "pci.h"

#include <svc/iospace.h>
#include <svc/irq.h>
#include <svc/mmiospace.h>
#include <svc/pcidev.h>

BSS_LOCAL_SERVER(pcidev_desc, PCIDEV, struct pcifn, pd);

bss_ref_t pci_dev_ref(struct pcifn *f)
{
	/* a reference to one's own local server does not keep the server alive */
	if (!f->ref)
		f->ref = bss_keep(bss_local(&pcidev_desc, f));
	return f->ref;
}

uint64_t pci_ids(const struct pcifn *f)
{
	return (uint64_t)f->vendor | (uint64_t)f->device << 16 | (uint64_t)f->class << 32 |
	       (uint64_t)f->rev << 56;
}

uint64_t pd_ids(struct pcifn *f)
{
	return pci_ids(f);
}

uint32_t pd_location(struct pcifn *f)
{
	return (uint32_t)f->bus << 8 | (uint32_t)f->dev << 3 | f->fn;
}

static void check_access(uint32_t off, uint32_t size)
{
	if ((size != 1 && size != 2 && size != 4) || off % size || off + size > 256)
		bss_throw(BSS_E_INVAL, EINVAL, "pcidev: bad config space access");
}

uint32_t pd_cfg_read(struct pcifn *f, uint32_t off, uint32_t size)
{
	check_access(off, size);
	return pci_cfg_read(f->bus, f->dev, f->fn, off, size);
}

void pd_cfg_write(struct pcifn *f, uint32_t off, uint32_t size, uint32_t value)
{
	check_access(off, size);
	pci_cfg_write(f->bus, f->dev, f->fn, off, size, value);
}

uint64_t pd_bar(struct pcifn *f, uint32_t n)
{
	if (n >= 6 || !f->bars[n].size)
		return 0;
	return (f->bars[n].size & ((1ull << 56) - 1)) | (uint64_t)f->bars[n].flags << 56;
}

static struct bar *get_bar(struct pcifn *f, uint32_t n, bool io)
{
	if (n >= 6 || !f->bars[n].size)
		bss_throw(BSS_E_INVAL, EINVAL, "pcidev: no such BAR");
	if (!(f->bars[n].flags & BAR_IO) != !io)
		bss_throw(BSS_E_INVAL, EINVAL,
			  io ? "pcidev: not an I/O BAR" : "pcidev: not a memory BAR");
	return &f->bars[n];
}

/* Handing out a region means the driver is about to use it: decode it. */
static void enable(struct pcifn *f, uint32_t bit)
{
	uint32_t cmd = pci_cfg_read(f->bus, f->dev, f->fn, PCI_COMMAND, 2);

	if (!(cmd & bit))
		pci_cfg_write(f->bus, f->dev, f->fn, PCI_COMMAND, 2, cmd | bit);
}

bss_ref_t pd_bar_io(struct pcifn *f, uint32_t n)
{
	struct bar *b = get_bar(f, n, true);
	bss_ref_t r = iospace_region(REQ_IOSPACE, (uint32_t)b->base, (uint32_t)b->size);

	enable(f, PCI_CMD_IO);
	return r;
}

bss_ref_t pd_bar_mmio(struct pcifn *f, uint32_t n)
{
	struct bar *b = get_bar(f, n, false);
	bss_ref_t r = mmiospace_region(REQ_MMIOSPACE, b->base, b->size);

	enable(f, PCI_CMD_MEM);
	return r;
}

uint32_t pd_irq_line(struct pcifn *f)
{
	return f->irq_line;
}

bss_ref_t pd_attach_irq(struct pcifn *f, bss_ref_t handler)
{
	if (!f->irq_pin)
		bss_throw(BSS_E_INVAL, EINVAL, "pcidev: function has no interrupt pin");
	pci_msi_off(f);
	return irq_attach(REQ_IRQ, f->irq_line, handler);
}

/*
 * A conventional PCI bus master keeps the bus for at most its latency timer
 * (in PCI clocks) once another master wants it; 0, which firmware may leave,
 * makes it give the bus up after every data phase. As Linux's bus code does
 * for every bus master it enables (x86 pcibios_set_master), a timer below 16
 * becomes 64. On PCI Express the register is read-only and the write has no
 * effect. make tracediff found this missing (docs/porting/tracediff.md).
 */
#define LATENCY_MIN 16
#define LATENCY_SET 64

void pd_bus_master(struct pcifn *f, uint32_t on)
{
	uint32_t cmd = pci_cfg_read(f->bus, f->dev, f->fn, PCI_COMMAND, 2);

	cmd = on ? cmd | PCI_CMD_MASTER : cmd & ~PCI_CMD_MASTER;
	pci_cfg_write(f->bus, f->dev, f->fn, PCI_COMMAND, 2, cmd);
	if (on && pci_cfg_read(f->bus, f->dev, f->fn, PCI_LATENCY_TIMER, 1) < LATENCY_MIN)
		pci_cfg_write(f->bus, f->dev, f->fn, PCI_LATENCY_TIMER, 1, LATENCY_SET);
}
