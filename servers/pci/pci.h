/*
 * The PCI bus server (thesis 4.3): enumerates the functions behind a host
 * bridge through configuration mechanism #1, decodes their BARs, exposes
 * each function as a pcidev local server, and asks the driver database for
 * a driver for each. It knows no vendor, device or driver: the
 * configuration decides (docs/driver-framework.md).
 */
#ifndef PCI_SERVER_H
#define PCI_SERVER_H

#include <bss/server.h>

#define REQ_CFGIO BSS_REQ(0)	 /* ioport 0xcf8-0xcff, given by the platform server */
#define REQ_IOSPACE BSS_REQ(1)	 /* for I/O BARs */
#define REQ_MMIOSPACE BSS_REQ(2) /* for memory BARs */
#define REQ_IRQ BSS_REQ(3)
#define REQ_DRIVERDB BSS_REQ(4)
#define REQ_THREAD BSS_REQ(5) /* the supervisor's restart thread */
#define REQ_TIMER BSS_REQ(6)
#define REQ_CRASH BSS_REQ(7) /* restart(): ends a driver on purpose */
#define REQ_IOMMU BSS_REQ(8) /* tells the kernel which driver drives which function */

#define PCI_MAX_FNS 64
#define PCI_MAX_BUSES 32
#define PCI_MAX_WATCHERS 4

/* Configuration space offsets used here. */
#define PCI_VENDOR 0x00
#define PCI_COMMAND 0x04
#define PCI_REVISION 0x08 /* revision, then the 24-bit class code */
#define PCI_LATENCY_TIMER 0x0d
#define PCI_HEADER_TYPE 0x0e
#define PCI_BAR0 0x10
#define PCI_SECONDARY_BUS 0x19 /* type 1 (bridge) headers */
#define PCI_IRQ_LINE 0x3c
#define PCI_IRQ_PIN 0x3d

#define PCI_CMD_IO 0x1
#define PCI_CMD_MEM 0x2
#define PCI_CMD_MASTER 0x4
#define PCI_CMD_INTX_DISABLE 0x400

/* pcidev.bar() flags (services/pcidev.svc) */
#define BAR_IO 1u
#define BAR_64 2u
#define BAR_PREFETCH 4u

struct bar {
	uint64_t base;
	uint64_t size; /* 0: absent */
	uint32_t flags;
};

struct pci;

struct pcifn {
	struct pci *pci;
	uint8_t bus, dev, fn;
	uint8_t hdr_type; /* without the multi-function bit */
	uint16_t vendor, device;
	uint32_t class; /* base << 16 | sub << 8 | prog-if */
	uint8_t rev;
	uint8_t irq_line, irq_pin;
	struct bar bars[6];
	bss_ref_t ref;	      /* its pcidev local server, permanent */
	bss_ref_t driver;     /* permanent, or 0 */
	bss_ref_t msix_table; /* its MSI-X table's mmio, kept once mapped (msix.c) */
	/* supervision (supervise.c) */
	bss_ref_t drv_weak;		      /* weak, with a notify: told when the driver dies */
	bss_ref_t watchers[PCI_MAX_WATCHERS]; /* runnables, permanent */
	uint32_t nwatchers;
	uint32_t restarts;   /* new instances after the first */
	uint32_t failed;     /* restarts in a row that did not load */
	uint64_t started_ns; /* when the driver was loaded (timer.now_ns) */
	uint64_t died_ns;    /* when the driver died */
	bss_ref_t notify;    /* our weaknotify local server for it, permanent */
	bss_ref_t restarter; /* our runnable local server that restarts it, permanent */
	uint8_t has_rule;    /* the driver database had a driver for it once */
	uint8_t pending;     /* its driver died: a new one is due */
	uint8_t gave_up;
	uint8_t requested; /* restart() ended it */
};

struct pci {
	struct pcifn fns[PCI_MAX_FNS];
	uint32_t nfns;
	uint8_t bus_seen[256];
	uint32_t nbuses;
};

/* cfgspace.c */
uint32_t pci_cfg_read(uint8_t bus, uint8_t dev, uint8_t fn, uint32_t off, uint32_t size);
void pci_cfg_write(uint8_t bus, uint8_t dev, uint8_t fn, uint32_t off, uint32_t size,
		   uint32_t value);

/* scan.c */
void pci_scan(struct pci *pci);

/* bars.c */
void pci_read_bars(struct pcifn *f);

/* pci.c */
bool pci_load_driver(struct pcifn *f);
struct pcifn *pci_fn(struct pci *pci, uint32_t i); /* throws for a bad index */

/* supervise.c */
void pci_supervise(struct pcifn *f);

/* msi.c */
uint32_t pci_find_cap(struct pcifn *f, uint8_t id);
uint32_t pci_msi_cap(struct pcifn *f);
void pci_msi_off(struct pcifn *f);

/* msix.c */
uint32_t pci_msix_cap(struct pcifn *f);
void pci_msix_off(struct pcifn *f);

/* pcidev.c */
bss_ref_t pci_dev_ref(struct pcifn *f);
uint64_t pci_ids(const struct pcifn *f);

#endif
