/*
 * pci: the PCI bus server. Its constructor enumerates the bus, prints one
 * machine-readable line per function (docs/driver-framework.md), then asks
 * the driver database for a driver for each function and keeps what it
 * gets: the drivers live as long as the bus server, and a driver that
 * crashes is replaced by a new instance (supervise.c).
 */
#include "pci.h"

#include <svc/crash.h>
#include <svc/driverdb.h>
#include <svc/iommu.h>
#include <svc/iospace.h>
#include <svc/ioport.h>
#include <svc/irq.h>
#include <svc/mmiospace.h>
#include <svc/pcibus.h>
#include <svc/thread.h>
#include <svc/timer.h>

static void pci_init(struct pci *pci);

BSS_SERVER(PCIBUS, struct pci, pci, .ctor = BSS_CTOR(pci_init), .stack_size = 16384,
	   BSS_REQUIRES(IOPORT_SVC_ID, IOSPACE_SVC_ID, MMIOSPACE_SVC_ID, IRQ_SVC_ID,
			DRIVERDB_SVC_ID, THREAD_SVC_ID, TIMER_SVC_ID, CRASH_SVC_ID, IOMMU_SVC_ID));

static const char *bar_kind(const struct bar *b)
{
	static const char *const mem[] = {"mem", "mem64", "mempf", "mem64pf"};

	if (b->flags & BAR_IO)
		return "io";
	return mem[((b->flags & BAR_64) ? 1 : 0) + ((b->flags & BAR_PREFETCH) ? 2 : 0)];
}

/* PCI: 00:03.0 10ec:8139 class 020000 rev 20 irq 11 bar0 io 0xc000/256 bar1 mem 0xfebf1000/256 */
static void report(const struct pcifn *f)
{
	char line[400];
	int n = bss_snprintf(line, sizeof(line), "PCI: %02x:%02x.%x %04x:%04x class %06x rev %02x",
			     f->bus, f->dev, f->fn, f->vendor, f->device, f->class, f->rev);

	if (f->irq_pin)
		n += bss_snprintf(line + n, sizeof(line) - (size_t)n, " irq %u", f->irq_line);
	else
		n += bss_snprintf(line + n, sizeof(line) - (size_t)n, " irq -");
	for (unsigned i = 0; i < 6; i++) {
		const struct bar *b = &f->bars[i];
		if (b->size)
			n += bss_snprintf(line + n, sizeof(line) - (size_t)n, " bar%u %s 0x%lx/%lu",
					  i, bar_kind(b), (unsigned long)b->base,
					  (unsigned long)b->size);
	}
	bss_printf("%s\n", line);
}

#define IOMMU_NONE 0xffffffffu /* iommu.expect: the load is over */

/* A driver for f, if the configuration has one; true if one was loaded. */
bool pci_load_driver(struct pcifn *f)
{
	volatile bss_ref_t h = 0;
	struct bss_try t;

	uint32_t loc = (uint32_t)f->bus << 8 | (uint32_t)f->dev << 3 | f->fn;

	BSS_TRY(t)
	{
		/* the driver may start the device while it loads: map its DMA memory from the start
		 */
		iommu_expect(REQ_IOMMU, loc);
		h = driverdb_driver(REQ_DRIVERDB, pci_ids(f), pci_dev_ref(f));
	}
	BSS_CATCH(t)
	{
		iommu_expect(REQ_IOMMU, IOMMU_NONE);
		/* no rule for this device is the normal case, not an error */
		if (t.err.id != BSS_E_UNRESOLVED || !strstr(t.err.msg, ": no driver for ")) {
			f->has_rule = 1;
			bss_printf("PCI: %02x:%02x.%x driver failed: %s\n", f->bus, f->dev, f->fn,
				   t.err.msg);
		}
	}
	if (!h)
		return false;
	f->has_rule = 1;
	/*
	 * Before anyone else can reach the driver: with an IOMMU, its DMA memory
	 * becomes what the function's DMA reaches (docs/isolation.md, "IOMMU").
	 * A driver whose memory cannot be mapped is still kept: its device's
	 * DMA is blocked, which it reports as a driver that does not work.
	 */
	BSS_TRY(t)
	{
		iommu_attach(REQ_IOMMU, loc, h);
	}
	BSS_CATCH(t)
	{
		bss_printf("PCI: %02x:%02x.%x iommu.attach failed: %s\n", f->bus, f->dev, f->fn,
			   t.err.msg);
	}
	f->driver = bss_keep(h);
	pci_supervise(f);
	return true;
}

static void pci_init(struct pci *pci)
{
	pci_scan(pci);
	bss_printf("PCI: %u functions on %u buses\n", pci->nfns, pci->nbuses);
	for (uint32_t i = 0; i < pci->nfns; i++)
		report(&pci->fns[i]);
	for (uint32_t i = 0; i < pci->nfns; i++) {
		struct pcifn *f = &pci->fns[i];
		if (pci_load_driver(f))
			bss_printf("PCI: %02x:%02x.%x driver loaded\n", f->bus, f->dev, f->fn);
	}
}

uint32_t pci_count(struct pci *pci)
{
	return pci->nfns;
}

struct pcifn *pci_fn(struct pci *pci, uint32_t i)
{
	if (i >= pci->nfns)
		bss_throw(BSS_E_INVAL, EINVAL, "pcibus: no such function");
	return &pci->fns[i];
}

bss_ref_t pci_dev(struct pci *pci, uint32_t i)
{
	return pci_dev_ref(pci_fn(pci, i));
}

bss_ref_t pci_driver(struct pci *pci, uint32_t i)
{
	struct pcifn *f = pci_fn(pci, i);

	if (!f->driver)
		bss_throw(BSS_E_UNRESOLVED, ENOENT,
			  f->pending ? "pcibus: the function's driver is being restarted"
				     : "pcibus: no driver for this function");
	return f->driver;
}
