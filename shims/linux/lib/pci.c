// SPDX-License-Identifier: GPL-2.0
/* PCI: the pci_dev from the pcidev service, id matching, BARs. */
#include <linux/pci.h>
#include <linux/ioport.h>
#include <linux/interrupt.h>

struct linux_iomap linux_iomaps[LINUX_IOMAP_MAX];

struct pci_dev *linux_pci_dev;

void linux_pci_dev_init(struct pci_dev *pdev, bss_ref_t svc)
{
	u64 ids = pcidev_ids(svc);
	u32 loc = pcidev_location(svc);
	u32 sub = pcidev_cfg_read(svc, PCI_SUBSYSTEM_VENDOR_ID, 4);

	static struct pci_bus bus;

	pdev->svc = svc;
	pdev->bus = &bus;
	linux_pci_dev = pdev;
	pdev->vendor = ids & 0xffff;
	pdev->device = (ids >> 16) & 0xffff;
	pdev->class = (ids >> 32) & 0xffffff;
	pdev->revision = ids >> 56;
	pdev->subsystem_vendor = sub & 0xffff;
	pdev->subsystem_device = sub >> 16;
	pdev->irq = pcidev_irq_line(svc);
	pdev->pcie_cap = linux_pcie_cap(pdev);
	bss_snprintf(pdev->dev.name, sizeof(pdev->dev.name), "0000:%02x:%02x.%x", loc >> 8,
		     (loc >> 3) & 0x1f, loc & 7);
}

static bool id_matches(const struct pci_device_id *id, const struct pci_dev *pdev)
{
	return (id->vendor == PCI_ANY_ID || id->vendor == pdev->vendor) &&
	       (id->device == PCI_ANY_ID || id->device == pdev->device) &&
	       (id->subvendor == PCI_ANY_ID || id->subvendor == pdev->subsystem_vendor) &&
	       (id->subdevice == PCI_ANY_ID || id->subdevice == pdev->subsystem_device) &&
	       !((id->class ^ pdev->class) & id->class_mask);
}

int linux_pci_probe(const struct pci_driver *drv, struct pci_dev *pdev)
{
	const struct pci_device_id *id;

	for (id = drv->id_table; id->vendor || id->subvendor || id->class_mask; id++)
		if (id_matches(id, pdev))
			return drv->probe(pdev, id);
	printk(KERN_ERR "%s: %04x:%04x is not in %s's id table\n", pci_name(pdev), pdev->vendor,
	       pdev->device, drv->name);
	return -ENODEV;
}

/* Decoding on; the PCI server may have left it off. */
int pci_enable_device(struct pci_dev *pdev)
{
	u16 cmd;

	pci_read_config_word(pdev, PCI_COMMAND, &cmd);
	cmd |= PCI_COMMAND_IO | PCI_COMMAND_MEMORY;
	pci_write_config_word(pdev, PCI_COMMAND, cmd);
	return 0;
}

void pci_disable_device(struct pci_dev *pdev)
{
	pcidev_bus_master(pdev->svc, 0);
}

resource_size_t pci_resource_start(struct pci_dev *pdev, int bar)
{
	u32 v = pcidev_cfg_read(pdev->svc, PCI_BASE_ADDRESS_0 + 4 * bar, 4);

	return v & 1 ? v & ~3u : v & ~15u;
}

/* The BAR's ioport or mmio reference, kept; 0 if the PCI server refuses. */
static bss_ref_t bar_ref(struct pci_dev *pdev, int bar, bool io)
{
	struct bss_try t;
	volatile bss_ref_t ref = 0;

	BSS_TRY(t)
	{
		ref = bss_keep(io ? pcidev_bar_io(pdev->svc, bar)
				  : pcidev_bar_mmio(pdev->svc, bar));
	}
	BSS_CATCH(t)
	{
		printk(KERN_ERR "%s: BAR %d: %s\n", pci_name(pdev), bar, t.err.msg);
	}
	return ref;
}

/* The region's uncached mapping, NULL where the runtime has none (hosted). */
static volatile u8 *mmio_va(bss_ref_t ref)
{
	struct bss_try t;
	volatile uintptr_t va = 0;

	BSS_TRY(t)
	{
		va = (uintptr_t)mmio_map(ref);
	}
	BSS_CATCH(t)
	{
		va = 0;
	}
	return (volatile u8 *)va;
}

/*
 * Whether this server's own in/out may reach the I/O BAR (ioport.grant);
 * where not, or where the runtime says no, accesses are ioport calls. An
 * offset past the BAR then faults instead of throwing: the permission
 * bitmap holds the BAR's ports only.
 */
static bool pio_granted(bss_ref_t ref)
{
	struct bss_try t;
	volatile bool ok = false;

	BSS_TRY(t)
	{
		ok = ioport_grant(ref) != 0;
	}
	BSS_CATCH(t)
	{
		ok = false;
	}
	return ok;
}

void __iomem *pci_iomap(struct pci_dev *pdev, int bar, unsigned long max)
{
	unsigned long flags = pci_resource_flags(pdev, bar);
	int i;

	(void)max;
	for (i = 0; i < LINUX_IOMAP_MAX && linux_iomaps[i].ref; i++)
		;
	if (i == LINUX_IOMAP_MAX || !flags)
		return NULL;
	linux_iomaps[i].ref = bar_ref(pdev, bar, flags & IORESOURCE_IO);
	if (!linux_iomaps[i].ref)
		return NULL;
	linux_iomaps[i].is_io = flags & IORESOURCE_IO;
	linux_iomaps[i].va = linux_iomaps[i].is_io ? NULL : mmio_va(linux_iomaps[i].ref);
	linux_iomaps[i].pio = linux_iomaps[i].is_io && pio_granted(linux_iomaps[i].ref);
	linux_iomaps[i].port = linux_iomaps[i].pio ? (u16)ioport_base(linux_iomaps[i].ref) : 0;
	return (void __iomem *)((uintptr_t)(i + 1) << LINUX_IOMAP_SHIFT);
}

void pci_iounmap(struct pci_dev *pdev, void __iomem *addr)
{
	u32 off;
	struct linux_iomap *m = linux_iomap_of(addr, &off);

	(void)pdev;
	bss_release(m->ref);
	m->ref = 0;
	m->va = NULL;
	m->pio = false;
}

/* Memory-write-invalidate: the command register bit (the device may ignore it). */
int pci_set_mwi(struct pci_dev *pdev)
{
	u16 cmd;

	pci_read_config_word(pdev, PCI_COMMAND, &cmd);
	pci_write_config_word(pdev, PCI_COMMAND, cmd | PCI_COMMAND_INVALIDATE);
	return 0;
}

void pci_clear_mwi(struct pci_dev *pdev)
{
	u16 cmd;

	pci_read_config_word(pdev, PCI_COMMAND, &cmd);
	pci_write_config_word(pdev, PCI_COMMAND, cmd & ~PCI_COMMAND_INVALIDATE);
}

/* ioremap: the memory BAR of this server's device that holds phys, mapped. */
void __iomem *ioremap(resource_size_t phys, size_t size)
{
	struct pci_dev *pdev = linux_pci_dev;
	int bar;

	for (bar = 0; pdev && bar < 6; bar++) {
		resource_size_t start = pci_resource_start(pdev, bar);

		if (pci_resource_flags(pdev, bar) == IORESOURCE_MEM && phys >= start &&
		    phys + size <= start + pci_resource_len(pdev, bar)) {
			u8 __iomem *base = pci_iomap(pdev, bar, 0);

			return base ? base + (phys - start) : NULL;
		}
	}
	printk(KERN_ERR "ioremap: %#llx is in no memory BAR of the device\n",
	       (unsigned long long)phys);
	return NULL;
}

void iounmap(volatile void __iomem *addr)
{
	pci_iounmap(linux_pci_dev, (void __iomem *)addr);
}

/* ---- port numbers (inb, request_region) ---- */

static struct {
	resource_size_t start, len;
	void __iomem *base; /* pci_iomap's token */
} io_bars[6];
static bool io_bars_ready;

static int io_bar_of(unsigned long port, unsigned long n)
{
	int bar;

	if (!io_bars_ready && linux_pci_dev) {
		for (bar = 0; bar < 6; bar++)
			if (pci_resource_flags(linux_pci_dev, bar) == IORESOURCE_IO) {
				io_bars[bar].start = pci_resource_start(linux_pci_dev, bar);
				io_bars[bar].len = pci_resource_len(linux_pci_dev, bar);
			}
		io_bars_ready = true;
	}
	for (bar = 0; bar < 6; bar++)
		if (io_bars[bar].len && port >= io_bars[bar].start &&
		    port + n <= io_bars[bar].start + io_bars[bar].len)
			return bar;
	return -1;
}

void __iomem *linux_port(unsigned long port, const char *sym)
{
	static char msg[96];
	int bar = io_bar_of(port, 1);

	if (bar >= 0 && !io_bars[bar].base)
		io_bars[bar].base = pci_iomap(linux_pci_dev, bar, 0);
	if (bar < 0 || !io_bars[bar].base) {
		bss_snprintf(msg, sizeof(msg), "Linux shims: %s: port %#lx is in no mapped I/O BAR",
			     sym, port);
		bss_throw(LINUX_E_UNSUPPORTED, 38 /* ENOSYS */, msg);
	}
	return (u8 __iomem *)io_bars[bar].base + (port - io_bars[bar].start);
}

struct resource *request_region(resource_size_t start, resource_size_t n, const char *name)
{
	static struct resource res[6];
	int bar = io_bar_of(start, n);

	if (bar < 0)
		return NULL;
	res[bar] = (struct resource){start, start + n - 1, name};
	return &res[bar];
}

/* CONFIG_PCI_MSI: the line itself is attached by request_irq (lib/irq.c). */
int pci_enable_msi(struct pci_dev *pdev)
{
	if (pdev->msi_enabled || pdev->msix_enabled)
		return -EINVAL;
	if (!pci_find_capability(pdev, PCI_CAP_ID_MSI))
		return -EINVAL;
	pdev->msi_enabled = 1;
	return 0;
}

void pci_disable_msi(struct pci_dev *pdev)
{
	if (!pdev->msi_enabled)
		return;
	pcidev_disable_msi(pdev->svc);
	pdev->msi_enabled = 0;
}

/* The MSI-X table's size, -EINVAL without the capability (as Linux's). */
int pci_msix_vec_count(struct pci_dev *pdev)
{
	u8 cap = pci_find_capability(pdev, PCI_CAP_ID_MSIX);
	u16 flags;

	if (!cap)
		return -EINVAL;
	pci_read_config_word(pdev, cap + PCI_MSIX_FLAGS, &flags);
	return (flags & PCI_MSIX_FLAGS_QSIZE) + 1;
}

/*
 * The entries are only checked and labelled here; each is attached by its
 * request_irq, which is when the kernel gives a vector. A driver short of
 * vectors then sees request_irq fail, and e1000e, like Linux's drivers,
 * gives MSI-X up for MSI. One action per vector: LINUX_IRQ_ACTIONS at most.
 */
int pci_enable_msix_range(struct pci_dev *pdev, struct msix_entry *entries, int minvec, int maxvec)
{
	int n = pci_msix_vec_count(pdev);

	if (pdev->msi_enabled || pdev->msix_enabled || minvec < 1 || maxvec < minvec)
		return -EINVAL;
	if (n < 0)
		return n;
	if (maxvec > n)
		maxvec = n;
	if (maxvec > LINUX_IRQ_ACTIONS)
		maxvec = LINUX_IRQ_ACTIONS;
	if (maxvec < minvec)
		return -ENOSPC;
	for (int i = 0; i < maxvec; i++) {
		if (entries[i].entry >= n)
			return -EINVAL;
		for (int j = 0; j < i; j++)
			if (entries[j].entry == entries[i].entry)
				return -EINVAL;
	}
	for (int i = 0; i < maxvec; i++)
		entries[i].vector = LINUX_MSIX_IRQ(entries[i].entry);
	pdev->msix_enabled = 1;
	pdev->msix_nentries = (u16)n;
	return maxvec;
}

/* Vectors still requested are freed first (lib/irq.c says why). */
void pci_disable_msix(struct pci_dev *pdev)
{
	if (!pdev->msix_enabled)
		return;
	linux_irq_msix_release_all();
	pcidev_disable_msix(pdev->svc);
	pdev->msix_enabled = 0;
	pdev->msix_nentries = 0;
}

/* MSI-X (entries 0..n-1), else one vector: MSI, else the INTx line, as asked. */
int pci_alloc_irq_vectors(struct pci_dev *pdev, unsigned int min, unsigned int max,
			  unsigned int flags)
{
	if (max < min || !max || min > LINUX_IRQ_ACTIONS)
		return -ENOSPC;
	if (flags & PCI_IRQ_MSIX) {
		struct msix_entry e[LINUX_IRQ_ACTIONS];
		unsigned int n = max < LINUX_IRQ_ACTIONS ? max : LINUX_IRQ_ACTIONS;

		for (unsigned int i = 0; i < n; i++)
			e[i].entry = (u16)i;
		int rc = pci_enable_msix_range(pdev, e, (int)(min ? min : 1), (int)n);
		if (rc > 0)
			return rc;
	}
	if (min > 1)
		return -ENOSPC;
	if ((flags & PCI_IRQ_MSI) && !pci_enable_msi(pdev))
		return 1;
	if (flags & PCI_IRQ_LEGACY)
		return 1;
	return -ENOSPC;
}

int pci_irq_vector(struct pci_dev *pdev, unsigned int nr)
{
	if (pdev->msix_enabled)
		return nr < pdev->msix_nentries ? (int)LINUX_MSIX_IRQ(nr) : -EINVAL;
	return nr ? -EINVAL : (int)pdev->irq;
}

void pci_free_irq_vectors(struct pci_dev *pdev)
{
	pci_disable_msix(pdev);
	pci_disable_msi(pdev);
}
