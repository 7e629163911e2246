/* SPDX-License-Identifier: GPL-2.0 */
/*
 * PCI over the pcidev service (the PCI device is required service
 * LINUX_REQ_PCI). There is no driver core: pci-driver.cocci turns the
 * driver's registration into bss_pci_server(DRIVER), and the NIC bridge's
 * constructor (lib/nic.c) calls linux_pci_probe(), which matches the id
 * table against the device and calls probe().
 */
#ifndef _LINUX_PCI_H
#define _LINUX_PCI_H

#include <linux/kernel.h>
#include <linux/device.h>
#include <linux/errno.h>
#include <linux/io.h>
#include <asm/io.h>
#include <linux/ioport.h>
#include <linux/pci_ids.h>
#include <linux/dma-mapping.h>
#include <linux/interrupt.h>

#define PCI_ANY_ID (~0u)

#define PCI_COMMAND 0x04
#define PCI_COMMAND_IO 0x1
#define PCI_COMMAND_MEMORY 0x2
#define PCI_COMMAND_MASTER 0x4
#define PCI_COMMAND_INVALIDATE 0x10
#define PCI_COMMAND_SERR 0x100
#define PCI_STATUS 0x06
#define PCI_REVISION_ID 0x08
#define PCI_SUBSYSTEM_VENDOR_ID 0x2c
#define PCI_BASE_ADDRESS_0 0x10
#define PCI_CAPABILITY_LIST 0x34
#define PCI_CAP_ID_EXP 0x10
#define PCI_CAP_ID_MSI 0x05
#define PCI_CAP_ID_MSIX 0x11
#define PCI_MSIX_FLAGS 2 /* in the capability */
#define PCI_MSIX_FLAGS_QSIZE 0x07ff

/* PCI Express capability registers (offsets in the capability) */
#define PCI_EXP_DEVCTL 0x08
#define PCI_EXP_DEVCTL_CERE 0x0001
#define PCI_EXP_LNKCTL 0x10
#define PCI_EXP_LNKCTL_ASPM_L0S 0x0001
#define PCI_EXP_LNKCTL_ASPM_L1 0x0002
#define PCI_EXP_LNKCTL_ASPMC 0x0003
#define PCI_EXP_LNKSTA 0x12
#define PCI_EXP_LNKSTA_NLW 0x03f0
#define PCIE_LINK_STATE_L0S BIT(0)
#define PCIE_LINK_STATE_L1 BIT(1)
#define PCI_LTR_VALUE_MASK 0x000003ff
#define PCI_LTR_SCALE_SHIFT 10

struct pci_device_id {
	u32 vendor, device;
	u32 subvendor, subdevice;
	u32 class, class_mask;
	unsigned long driver_data;
};

#define PCI_DEVICE(vend, dev)                                                                      \
	.vendor = (vend), .device = (dev), .subvendor = PCI_ANY_ID, .subdevice = PCI_ANY_ID
#define PCI_VDEVICE(vend, dev)                                                                     \
	.vendor = PCI_VENDOR_ID_##vend, .device = (dev), .subvendor = PCI_ANY_ID,                  \
	.subdevice = PCI_ANY_ID, 0, 0
#define PCI_DEVICE_SUB(vend, dev, subvend, subdev)                                                 \
	.vendor = (vend), .device = (dev), .subvendor = (subvend), .subdevice = (subdev)

/* Power states: the device stays in D0 (no suspend, no Wake-on-LAN). */
typedef int pci_power_t;
#define PCI_D0 0
#define PCI_D3hot 3
#define PCI_D3cold 4

#define PCI_STD_NUM_BARS 6

struct pci_dev;
/* The bus: its bridge is not known here (NULL, as for a root bus). */
struct pci_bus {
	struct pci_dev *self;
};

struct pci_dev {
	struct device dev;
	struct pci_bus *bus;
	u8 pcie_cap; /* the PCI Express capability's offset, 0 if none */
	bool state_saved;
	bool pme_poll; /* poll for PME: no PME here, nothing polls */
	unsigned short vendor, device;
	unsigned short subsystem_vendor, subsystem_device;
	unsigned int class;
	u8 revision;
	unsigned int irq;
	unsigned int msi_enabled : 1;  /* request_irq attaches to an MSI line */
	unsigned int msix_enabled : 1; /* request_irq of an MSI-X label attaches its entry */
	u16 msix_nentries;	       /* the MSI-X table's size, once enabled */
	bss_ref_t svc;		       /* the pcidev service */
};

/*
 * PCI error recovery (AER): the bus server restarts a driver instead
 * (docs/recovery.md), so these handlers are declared but never called.
 */
typedef unsigned int pci_ers_result_t;
typedef unsigned int pci_channel_state_t;
enum {
	PCI_ERS_RESULT_NONE = 1,
	PCI_ERS_RESULT_CAN_RECOVER,
	PCI_ERS_RESULT_NEED_RESET,
	PCI_ERS_RESULT_DISCONNECT,
	PCI_ERS_RESULT_RECOVERED,
};
#define pci_channel_io_perm_failure 3

struct pci_error_handlers {
	pci_ers_result_t (*error_detected)(struct pci_dev *dev, pci_channel_state_t error);
	pci_ers_result_t (*slot_reset)(struct pci_dev *dev);
	void (*resume)(struct pci_dev *dev);
};

struct pci_driver {
	const char *name;
	const struct pci_device_id *id_table;
	int (*probe)(struct pci_dev *dev, const struct pci_device_id *id);
	void (*remove)(struct pci_dev *dev);
	void (*shutdown)(struct pci_dev *dev); /* never called: no power-off */
	const struct pci_error_handlers *err_handler;
	struct device_driver driver;
};

/*
 * The driver this server runs (pci-driver.cocci writes the declaration),
 * and the module's init function the bridge calls before probe, if the
 * driver's does more than register (NULL otherwise).
 */
#define bss_pci_server(drv)                                                                        \
	const struct pci_driver *const linux_pci_server = &(drv);                                  \
	int (*const linux_pci_module_init)(void) = NULL
#define bss_pci_server_init(drv, init)                                                             \
	const struct pci_driver *const linux_pci_server = &(drv);                                  \
	int (*const linux_pci_module_init)(void) = (init)
extern const struct pci_driver *const linux_pci_server;
extern int (*const linux_pci_module_init)(void);

/* Fill pdev from the pcidev service; then match and probe. */
void linux_pci_dev_init(struct pci_dev *pdev, bss_ref_t svc);
/* The device this server drives (linux_pci_dev_init's). */
extern struct pci_dev *linux_pci_dev;
int linux_pci_probe(const struct pci_driver *drv, struct pci_dev *pdev);

static inline int pci_read_config_byte(struct pci_dev *d, int off, u8 *v)
{
	*v = pcidev_cfg_read(d->svc, off, 1);
	return 0;
}
static inline int pci_read_config_word(struct pci_dev *d, int off, u16 *v)
{
	*v = pcidev_cfg_read(d->svc, off, 2);
	return 0;
}
static inline int pci_read_config_dword(struct pci_dev *d, int off, u32 *v)
{
	*v = pcidev_cfg_read(d->svc, off, 4);
	return 0;
}
static inline int pci_write_config_byte(struct pci_dev *d, int off, u8 v)
{
	pcidev_cfg_write(d->svc, off, 1, v);
	return 0;
}
static inline int pci_write_config_word(struct pci_dev *d, int off, u16 v)
{
	pcidev_cfg_write(d->svc, off, 2, v);
	return 0;
}
static inline int pci_write_config_dword(struct pci_dev *d, int off, u32 v)
{
	pcidev_cfg_write(d->svc, off, 4, v);
	return 0;
}

int pci_enable_device(struct pci_dev *pdev);
void pci_disable_device(struct pci_dev *pdev);
static inline void pci_set_master(struct pci_dev *pdev)
{
	pcidev_bus_master(pdev->svc, 1);
}
int pci_set_mwi(struct pci_dev *pdev);
void pci_clear_mwi(struct pci_dev *pdev);
static inline int pci_set_power_state(struct pci_dev *pdev, pci_power_t state)
{
	(void)pdev;
	if (state != PCI_D0)
		LINUX_UNSUPPORTED(pci_set_power_state);
	return 0;
}
static inline int pci_enable_wake(struct pci_dev *pdev, pci_power_t state, bool enable)
{
	(void)pdev;
	(void)state;
	if (enable)
		LINUX_UNSUPPORTED(pci_enable_wake);
	return 0;
}
int pci_request_regions(struct pci_dev *pdev, const char *name);
void pci_release_regions(struct pci_dev *pdev);

/* bar(n): size | flags << 56, flags bit 0 = I/O space. */
static inline resource_size_t pci_resource_len(struct pci_dev *pdev, int bar)
{
	return pcidev_bar(pdev->svc, bar) & ((1ull << 56) - 1);
}
static inline unsigned long pci_resource_flags(struct pci_dev *pdev, int bar)
{
	u64 b = pcidev_bar(pdev->svc, bar);

	if (!b)
		return 0;
	return (b >> 56) & 1 ? IORESOURCE_IO : IORESOURCE_MEM;
}
resource_size_t pci_resource_start(struct pci_dev *pdev, int bar);
static inline resource_size_t pci_resource_end(struct pci_dev *pdev, int bar)
{
	resource_size_t len = pci_resource_len(pdev, bar);

	return len ? pci_resource_start(pdev, bar) + len - 1 : 0;
}

void __iomem *pci_iomap(struct pci_dev *pdev, int bar, unsigned long max);
void pci_iounmap(struct pci_dev *pdev, void __iomem *addr);

static inline void pci_set_drvdata(struct pci_dev *pdev, void *data)
{
	pdev->dev.driver_data = data;
}
static inline void *pci_get_drvdata(struct pci_dev *pdev)
{
	return pdev->dev.driver_data;
}
static inline const char *pci_name(const struct pci_dev *pdev)
{
	return pdev->dev.name;
}

/* The BARs whose resource flags have any of flags, as a mask (bit n: BAR n). */
static inline int pci_select_bars(struct pci_dev *pdev, unsigned long flags)
{
	int bar, bars = 0;

	for (bar = 0; bar < PCI_STD_NUM_BARS; bar++)
		if (pci_resource_flags(pdev, bar) & flags)
			bars |= 1 << bar;
	return bars;
}
/* Memory decoding only: I/O decoding stays as the PCI server left it. */
static inline int pci_enable_device_mem(struct pci_dev *pdev)
{
	u16 cmd;

	pci_read_config_word(pdev, PCI_COMMAND, &cmd);
	pci_write_config_word(pdev, PCI_COMMAND, cmd | PCI_COMMAND_MEMORY);
	return 0;
}
#define pci_request_selected_regions(pdev, bars, name)                                             \
	((void)(bars), pci_request_regions(pdev, name))
#define pci_release_selected_regions(pdev, bars) ((void)(bars), pci_release_regions(pdev))
/* Saved for a restore after suspend or error recovery, neither of which runs here. */
static inline int pci_save_state(struct pci_dev *pdev)
{
	(void)pdev;
	return 0;
}
static inline void __iomem *pci_ioremap_bar(struct pci_dev *pdev, int bar)
{
	if (!(pci_resource_flags(pdev, bar) & IORESOURCE_MEM))
		return NULL;
	return pci_iomap(pdev, bar, 0);
}
/* The PCI server stops a dead function before anyone could see it offline. */
static inline bool pci_channel_offline(struct pci_dev *pdev)
{
	(void)pdev;
	return false;
}
/* PCI-X burst size (82545/82546 on a PCI-X bus): no PCI-X capability access. */
static inline int pcix_get_mmrbc(struct pci_dev *pdev)
{
	(void)pdev;
	LINUX_UNSUPPORTED(pcix_get_mmrbc);
	return -EINVAL;
}
static inline int pcix_set_mmrbc(struct pci_dev *pdev, int mmrbc)
{
	(void)pdev;
	(void)mmrbc;
	LINUX_UNSUPPORTED(pcix_set_mmrbc);
	return -EINVAL;
}
static inline int pci_wake_from_d3(struct pci_dev *pdev, bool enable)
{
	(void)pdev;
	if (enable)
		LINUX_UNSUPPORTED(pci_wake_from_d3);
	return 0;
}

#define to_pci_dev(d) container_of(d, struct pci_dev, dev)

/* Nothing was saved to restore (pci_save_state): only error recovery calls it. */
static inline void pci_restore_state(struct pci_dev *pdev)
{
	(void)pdev;
	LINUX_UNSUPPORTED(pci_restore_state);
}
static inline void pci_clear_master(struct pci_dev *pdev)
{
	pcidev_bus_master(pdev->svc, 0);
}
#define pci_request_selected_regions_exclusive pci_request_selected_regions
#define pci_release_mem_regions(pdev) pci_release_regions(pdev)
/* Runtime PM never runs the device in D3 (linux/pm_runtime.h). */
static inline bool pci_dev_run_wake(struct pci_dev *pdev)
{
	(void)pdev;
	return false;
}
static inline int pci_prepare_to_sleep(struct pci_dev *pdev)
{
	(void)pdev;
	LINUX_UNSUPPORTED(pci_prepare_to_sleep);
	return -EIO;
}

/*
 * MSI (CONFIG_PCI_MSI, lib/pci.c): pci_enable_msi finds the function's MSI
 * capability and marks the device; request_irq then attaches the handler to
 * a message-signalled line of its own (pcidev.attach_msi: the PCI bus
 * server programs the capability, the kernel gives the vector). pdev->irq
 * keeps its number, a label here. If no line can be had (no local APIC, none
 * free), request_irq fails with a log line and the driver falls back to
 * INTx, as Linux's drivers do when request_irq fails on MSI.
 * MSI-X (lib/pci.c): pci_enable_msix_range checks the entries against the
 * function's table and gives each a label, LINUX_MSIX_IRQ(entry), as its
 * vector; request_irq on a label attaches the handler to that entry
 * (pcidev.attach_msix: the bus server writes the table, the kernel gives
 * the vector) and free_irq masks it again (pcidev.detach_msix).
 */
#define PCI_IRQ_LEGACY (1 << 0)
#define PCI_IRQ_INTX PCI_IRQ_LEGACY
#define PCI_IRQ_MSI (1 << 1)
#define PCI_IRQ_MSIX (1 << 2)
#define PCI_IRQ_ALL_TYPES (PCI_IRQ_LEGACY | PCI_IRQ_MSI | PCI_IRQ_MSIX)
#define LINUX_MSIX_IRQ_BASE 256u /* above every legacy line */
#define LINUX_MSIX_IRQ(entry) (LINUX_MSIX_IRQ_BASE + (entry))
#define LINUX_MSIX_MAX 2048 /* the table size field's limit */
struct msix_entry {
	u32 vector;
	u16 entry;
};
int pci_msix_vec_count(struct pci_dev *pdev);
int pci_enable_msix_range(struct pci_dev *pdev, struct msix_entry *entries, int minvec, int maxvec);
static inline int pci_enable_msix_exact(struct pci_dev *pdev, struct msix_entry *entries, int nvec)
{
	int rc = pci_enable_msix_range(pdev, entries, nvec, nvec);

	return rc < 0 ? rc : 0;
}
void pci_disable_msix(struct pci_dev *pdev);
int pci_enable_msi(struct pci_dev *pdev);
void pci_disable_msi(struct pci_dev *pdev);
int pci_alloc_irq_vectors(struct pci_dev *pdev, unsigned int min, unsigned int max,
			  unsigned int flags);
int pci_irq_vector(struct pci_dev *pdev, unsigned int nr);
void pci_free_irq_vectors(struct pci_dev *pdev);

/* A capability's offset in configuration space, 0 if none. */
static inline u8 pci_find_capability(struct pci_dev *pdev, int cap)
{
	u8 pos, id;
	int n;

	pci_read_config_byte(pdev, PCI_CAPABILITY_LIST, &pos);
	for (n = 0; pos >= 0x40 && n < 48; n++) {
		pci_read_config_byte(pdev, pos, &id);
		if (id == cap)
			return pos;
		pci_read_config_byte(pdev, pos + 1, &pos);
	}
	return 0;
}
static inline int linux_pcie_cap(struct pci_dev *pdev)
{
	return pci_find_capability(pdev, PCI_CAP_ID_EXP);
}
static inline u16 pci_pcie_cap(struct pci_dev *pdev)
{
	return pdev->pcie_cap;
}
static inline int pcie_capability_read_word(struct pci_dev *pdev, int where, u16 *val)
{
	int cap = pdev->pcie_cap;

	*val = 0;
	return cap ? pci_read_config_word(pdev, cap + where, val) : -EINVAL;
}
static inline int pcie_capability_write_word(struct pci_dev *pdev, int where, u16 val)
{
	int cap = pdev->pcie_cap;

	return cap ? pci_write_config_word(pdev, cap + where, val) : -EINVAL;
}
static inline int pcie_capability_clear_word(struct pci_dev *pdev, int where, u16 clear)
{
	u16 v;
	int err = pcie_capability_read_word(pdev, where, &v);

	return err ? err : pcie_capability_write_word(pdev, where, v & ~clear);
}

#endif
