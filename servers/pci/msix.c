/*
 * MSI-X (PCI Local Bus 3.0, 6.8.2): the function's messages are in a
 * table in one of its memory BARs, one entry (address, data, vector
 * control) per vector. The PCI bus server programs it as it programs the
 * MSI capability (msi.c): the driver hands in a handler per entry through
 * the pcidev reference that names its own function, the kernel's irq
 * service gives each a line, and the table write is ours, so an isolated
 * driver needs no mapping of the table's page.
 */
#include "pci.h"

#include <svc/irq.h>
#include <svc/irqline.h>
#include <svc/mmio.h>
#include <svc/mmiospace.h>
#include <svc/pcidev.h>

#define PCI_STATUS 0x06
#define PCI_STATUS_CAP_LIST 0x10
#define PCI_CAP_PTR 0x34
#define PCI_CAP_ID_MSIX 0x11

/* the capability's registers, from its offset */
#define MSIX_CTRL 2
#define MSIX_TABLE 4	     /* BIR in bits 2:0, the offset in the BAR above */
#define MSIX_CTRL_SIZE 0x7ff /* table size - 1 */
#define MSIX_CTRL_MASKALL 0x4000
#define MSIX_CTRL_ENABLE 0x8000

/* a table entry */
#define MSIX_ENTRY 16
#define MSIX_ADDR_LO 0
#define MSIX_ADDR_HI 4
#define MSIX_DATA 8
#define MSIX_VCTRL 12
#define MSIX_VCTRL_MASK 0x1

static uint32_t rd(struct pcifn *f, uint32_t off, uint32_t size)
{
	return pci_cfg_read(f->bus, f->dev, f->fn, off, size);
}

static void wr(struct pcifn *f, uint32_t off, uint32_t size, uint32_t v)
{
	pci_cfg_write(f->bus, f->dev, f->fn, off, size, v);
}

/* The MSI-X capability's offset, 0 if the function has none. */
uint32_t pci_msix_cap(struct pcifn *f)
{
	return pci_find_cap(f, PCI_CAP_ID_MSIX);
}

/*
 * The table, mapped once per function (a BAR does not move while the bus
 * server runs) and kept. It must lie in a memory BAR of the function's own:
 * a BIR naming an I/O BAR, an absent one, or a table past its BAR's end is
 * refused, so no write of ours reaches memory the function does not decode.
 */
static bss_ref_t table(struct pcifn *f, uint32_t cap, uint32_t *nentries)
{
	uint32_t n = (rd(f, cap + MSIX_CTRL, 2) & MSIX_CTRL_SIZE) + 1;
	uint32_t t = rd(f, cap + MSIX_TABLE, 4);
	uint32_t bir = t & 7, off = t & ~7u;
	struct bar *b = bir < 6 ? &f->bars[bir] : NULL;

	if (!b || !b->size || (b->flags & BAR_IO) || off >= b->size ||
	    b->size - off < (uint64_t)n * MSIX_ENTRY)
		bss_throw(BSS_E_INVAL, EINVAL, "pcidev: MSI-X table outside a memory BAR");
	if (!f->msix_table)
		f->msix_table = bss_keep(
			mmiospace_region(REQ_MMIOSPACE, b->base + off, (uint64_t)n * MSIX_ENTRY));
	*nentries = n;
	return f->msix_table;
}

static void mask_entry(bss_ref_t tab, uint32_t i)
{
	mmio_write32(tab, i * MSIX_ENTRY + MSIX_VCTRL, MSIX_VCTRL_MASK);
}

/*
 * MSI-X off, every entry masked: what a new driver instance finds, and what
 * a dead driver's function is left in (its vectors go back to the kernel).
 * Used by pci_msi_off for every path that turns message interrupts off.
 */
void pci_msix_off(struct pcifn *f)
{
	uint32_t cap = pci_msix_cap(f);

	if (!cap)
		return;
	uint32_t ctrl = rd(f, cap + MSIX_CTRL, 2);
	if (ctrl & (MSIX_CTRL_ENABLE | MSIX_CTRL_MASKALL))
		wr(f, cap + MSIX_CTRL, 2, ctrl & ~(MSIX_CTRL_ENABLE | MSIX_CTRL_MASKALL));
	if (f->msix_table) {
		uint32_t n = (ctrl & MSIX_CTRL_SIZE) + 1;
		for (uint32_t i = 0; i < n; i++)
			mask_entry(f->msix_table, i);
	}
}

static uint32_t entry_of(struct pcifn *f, uint32_t entry, uint32_t *cap, bss_ref_t *tab)
{
	uint32_t n;

	*cap = pci_msix_cap(f);
	if (!*cap)
		bss_throw(BSS_E_INVAL, EOPNOTSUPP, "pcidev: function has no MSI-X capability");
	*tab = table(f, *cap, &n);
	if (entry >= n)
		bss_throw(BSS_E_INVAL, EINVAL, "pcidev: no such MSI-X table entry");
	return n;
}

bss_ref_t pd_attach_msix(struct pcifn *f, uint32_t entry, bss_ref_t handler)
{
	uint32_t cap;
	bss_ref_t tab;
	uint32_t n = entry_of(f, entry, &cap, &tab);
	uint32_t ctrl = rd(f, cap + MSIX_CTRL, 2);

	if (!(ctrl & MSIX_CTRL_ENABLE)) {
		/* the first vector: from a clean state, INTx and MSI off, all masked */
		pci_msi_off(f);
		ctrl = rd(f, cap + MSIX_CTRL, 2);
		uint32_t cmd = rd(f, PCI_COMMAND, 2);
		/* the table is memory the function decodes */
		wr(f, PCI_COMMAND, 2, cmd | PCI_CMD_MEM | PCI_CMD_INTX_DISABLE);
		wr(f, cap + MSIX_CTRL, 2, ctrl | MSIX_CTRL_ENABLE | MSIX_CTRL_MASKALL);
		for (uint32_t i = 0; i < n; i++)
			mask_entry(tab, i);
	}
	bss_ref_t line = irq_attach_msi(REQ_IRQ, handler);
	uint64_t msg = irqline_msi(line);
	uint32_t o = entry * MSIX_ENTRY;

	/* masked while it changes: a message must never be half old, half new */
	mask_entry(tab, entry);
	mmio_write32(tab, o + MSIX_ADDR_LO, (uint32_t)msg);
	mmio_write32(tab, o + MSIX_ADDR_HI, 0);
	mmio_write32(tab, o + MSIX_DATA, (uint32_t)(msg >> 32));
	mmio_write32(tab, o + MSIX_VCTRL, 0);
	ctrl = rd(f, cap + MSIX_CTRL, 2);
	if (ctrl & MSIX_CTRL_MASKALL)
		wr(f, cap + MSIX_CTRL, 2, ctrl & ~MSIX_CTRL_MASKALL);
	bss_printf("PCI: %02x:%02x.%x MSI-X entry %u on (address %x data %x)\n", f->bus, f->dev,
		   f->fn, entry, (uint32_t)msg, (uint32_t)(msg >> 32));
	return line;
}

/* Before the driver releases an entry's irqline: its vector is the kernel's again. */
void pd_detach_msix(struct pcifn *f, uint32_t entry)
{
	uint32_t cap;
	bss_ref_t tab;

	entry_of(f, entry, &cap, &tab);
	mask_entry(tab, entry);
}

void pd_disable_msix(struct pcifn *f)
{
	pci_msi_off(f);
}
