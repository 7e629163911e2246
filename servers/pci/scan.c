/*
 * Enumeration: every device slot of a bus, every function of a
 * multi-function device, and the bus behind each PCI-to-PCI bridge (its
 * secondary bus number, as the firmware assigned it). A bus is scanned at
 * most once, so a misconfigured bridge cannot send the scan round in circles.
 */
#include "pci.h"

static void scan_bus(struct pci *pci, uint8_t bus);

static void add_function(struct pci *pci, uint8_t bus, uint8_t dev, uint8_t fn, uint32_t id)
{
	if (pci->nfns == PCI_MAX_FNS) {
		bss_printf("PCI: %02x:%02x.%u ignored: more than %u functions\n", bus, dev, fn,
			   PCI_MAX_FNS);
		return;
	}
	struct pcifn *f = &pci->fns[pci->nfns++];
	uint32_t rc = pci_cfg_read(bus, dev, fn, PCI_REVISION, 4);

	f->pci = pci;
	f->bus = bus;
	f->dev = dev;
	f->fn = fn;
	f->vendor = id & 0xffff;
	f->device = (uint16_t)(id >> 16);
	f->rev = rc & 0xff;
	f->class = rc >> 8;
	f->hdr_type = pci_cfg_read(bus, dev, fn, PCI_HEADER_TYPE, 1) & 0x7f;
	f->irq_line = (uint8_t)pci_cfg_read(bus, dev, fn, PCI_IRQ_LINE, 1);
	f->irq_pin = (uint8_t)pci_cfg_read(bus, dev, fn, PCI_IRQ_PIN, 1);
	pci_read_bars(f);
	if (f->hdr_type == 1) {
		uint8_t sec = (uint8_t)pci_cfg_read(bus, dev, fn, PCI_SECONDARY_BUS, 1);
		if (sec)
			scan_bus(pci, sec);
	}
}

static void scan_bus(struct pci *pci, uint8_t bus)
{
	if (pci->bus_seen[bus] || pci->nbuses == PCI_MAX_BUSES)
		return;
	pci->bus_seen[bus] = 1;
	pci->nbuses++;
	for (uint8_t dev = 0; dev < 32; dev++) {
		uint32_t id = pci_cfg_read(bus, dev, 0, PCI_VENDOR, 4);
		if ((id & 0xffff) == 0xffff)
			continue;
		bool multi = pci_cfg_read(bus, dev, 0, PCI_HEADER_TYPE, 1) & 0x80;
		for (uint8_t fn = 0; fn < (multi ? 8 : 1); fn++) {
			if (fn)
				id = pci_cfg_read(bus, dev, fn, PCI_VENDOR, 4);
			if ((id & 0xffff) != 0xffff)
				add_function(pci, bus, dev, fn, id);
		}
	}
}

/* Bus 0, and what hangs off it; a host bridge with functions 1-7 (several
 * host controllers) roots further buses, numbered by their function. */
void pci_scan(struct pci *pci)
{
	scan_bus(pci, 0);
	if (pci_cfg_read(0, 0, 0, PCI_HEADER_TYPE, 1) & 0x80)
		for (uint8_t fn = 1; fn < 8; fn++)
			if ((pci_cfg_read(0, 0, fn, PCI_VENDOR, 2) & 0xffff) != 0xffff &&
			    (pci_cfg_read(0, 0, fn, PCI_REVISION, 4) >> 16) == 0x0600)
				scan_bus(pci, fn);
}
