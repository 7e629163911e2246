/*
 * Message-signalled interrupts (PCI Local Bus 3.0, 6.8.1). The PCI bus
 * server owns configuration space, so it programs a function's MSI
 * capability; the kernel's irq service gives the line (a vector of the
 * CPU's) and the message; the driver only hands in its handler, through
 * the pcidev reference that names its own function (pcidev.attach_msi).
 * One message, the function's first: what Linux's pci_enable_msi asks for.
 */
#include "pci.h"

#include <svc/irq.h>
#include <svc/irqline.h>
#include <svc/pcidev.h>

#define PCI_STATUS 0x06
#define PCI_STATUS_CAP_LIST 0x10
#define PCI_CAP_PTR 0x34
#define PCI_CAP_ID_MSI 0x05

/* the capability's registers, from its offset */
#define MSI_CTRL 2
#define MSI_ADDR_LO 4
#define MSI_ADDR_HI 8 /* 64-bit capable functions only */
#define MSI_DATA_32 8
#define MSI_DATA_64 12
#define MSI_CTRL_ENABLE 0x1
#define MSI_CTRL_QSIZE 0x70 /* multiple message enable: 0, one message */
#define MSI_CTRL_64BIT 0x80

static uint32_t rd(struct pcifn *f, uint32_t off, uint32_t size)
{
	return pci_cfg_read(f->bus, f->dev, f->fn, off, size);
}

static void wr(struct pcifn *f, uint32_t off, uint32_t size, uint32_t v)
{
	pci_cfg_write(f->bus, f->dev, f->fn, off, size, v);
}

/* The offset of the function's capability with this ID, 0 if it has none. */
uint32_t pci_find_cap(struct pcifn *f, uint8_t id)
{
	if (!(rd(f, PCI_STATUS, 2) & PCI_STATUS_CAP_LIST))
		return 0;
	uint32_t pos = rd(f, PCI_CAP_PTR, 1) & 0xfc;
	/* 48 entries at most fit in the 192 bytes: a loop in the list ends too */
	for (int n = 0; pos >= 0x40 && n < 48; n++) {
		if (rd(f, pos, 1) == id)
			return pos;
		pos = rd(f, pos + 1, 1) & 0xfc;
	}
	return 0;
}

/* The MSI capability's offset, 0 if the function has none. */
uint32_t pci_msi_cap(struct pcifn *f)
{
	return pci_find_cap(f, PCI_CAP_ID_MSI);
}

static void intx(struct pcifn *f, bool on)
{
	uint32_t cmd = rd(f, PCI_COMMAND, 2);
	uint32_t want = on ? cmd & ~PCI_CMD_INTX_DISABLE : cmd | PCI_CMD_INTX_DISABLE;

	if (want != cmd)
		wr(f, PCI_COMMAND, 2, want);
}

/*
 * MSI and MSI-X off, INTx on: as firmware leaves a function, and how a new driver
 * instance finds it whatever its predecessor enabled (a dead driver's
 * function must not go on writing a vector the kernel gives to another).
 */
void pci_msi_off(struct pcifn *f)
{
	uint32_t cap = pci_msi_cap(f);

	if (cap) {
		uint32_t ctrl = rd(f, cap + MSI_CTRL, 2);
		if (ctrl & MSI_CTRL_ENABLE)
			wr(f, cap + MSI_CTRL, 2, ctrl & ~MSI_CTRL_ENABLE);
	}
	pci_msix_off(f);
	intx(f, true);
}

bss_ref_t pd_attach_msi(struct pcifn *f, bss_ref_t handler)
{
	uint32_t cap = pci_msi_cap(f);

	if (!cap)
		bss_throw(BSS_E_INVAL, EOPNOTSUPP, "pcidev: function has no MSI capability");
	pci_msi_off(f);
	bss_ref_t line = irq_attach_msi(REQ_IRQ, handler);
	uint64_t msg = irqline_msi(line);
	uint32_t ctrl = rd(f, cap + MSI_CTRL, 2);

	wr(f, cap + MSI_ADDR_LO, 4, (uint32_t)msg);
	if (ctrl & MSI_CTRL_64BIT) {
		wr(f, cap + MSI_ADDR_HI, 4, 0);
		wr(f, cap + MSI_DATA_64, 2, (uint32_t)(msg >> 32));
	} else {
		wr(f, cap + MSI_DATA_32, 2, (uint32_t)(msg >> 32));
	}
	/* INTx off first: the function signals one way only */
	intx(f, false);
	wr(f, cap + MSI_CTRL, 2, (ctrl & ~MSI_CTRL_QSIZE) | MSI_CTRL_ENABLE);
	bss_printf("PCI: %02x:%02x.%x MSI on (address %x data %x)\n", f->bus, f->dev, f->fn,
		   (uint32_t)msg, (uint32_t)(msg >> 32));
	return line;
}

void pd_disable_msi(struct pcifn *f)
{
	pci_msi_off(f);
}
