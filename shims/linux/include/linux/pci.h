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

#define PCI_ANY_ID	(~0u)

#define PCI_COMMAND		0x04
#define  PCI_COMMAND_IO		0x1
#define  PCI_COMMAND_MEMORY	0x2
#define  PCI_COMMAND_MASTER	0x4
#define  PCI_COMMAND_INVALIDATE	0x10
#define PCI_STATUS		0x06
#define PCI_REVISION_ID		0x08
#define PCI_SUBSYSTEM_VENDOR_ID	0x2c
#define PCI_BASE_ADDRESS_0	0x10

struct pci_device_id {
	u32 vendor, device;
	u32 subvendor, subdevice;
	u32 class, class_mask;
	unsigned long driver_data;
};

#define PCI_DEVICE(vend, dev) \
	.vendor = (vend), .device = (dev), .subvendor = PCI_ANY_ID, .subdevice = PCI_ANY_ID
#define PCI_DEVICE_SUB(vend, dev, subvend, subdev) \
	.vendor = (vend), .device = (dev), .subvendor = (subvend), .subdevice = (subdev)

/* Power states: the device stays in D0 (no suspend, no Wake-on-LAN). */
typedef int pci_power_t;
#define PCI_D0		0
#define PCI_D3hot	3

struct pci_dev {
	struct device dev;
	unsigned short vendor, device;
	unsigned short subsystem_vendor, subsystem_device;
	unsigned int class;
	u8 revision;
	unsigned int irq;
	bss_ref_t svc;		/* the pcidev service */
};

struct pci_driver {
	const char *name;
	const struct pci_device_id *id_table;
	int (*probe)(struct pci_dev *dev, const struct pci_device_id *id);
	void (*remove)(struct pci_dev *dev);
	struct device_driver driver;
};

/*
 * The driver this server runs (pci-driver.cocci writes the declaration),
 * and the module's init function the bridge calls before probe, if the
 * driver's does more than register (NULL otherwise).
 */
#define bss_pci_server(drv) \
	const struct pci_driver *const linux_pci_server = &(drv); \
	int (*const linux_pci_module_init)(void) = NULL
#define bss_pci_server_init(drv, init) \
	const struct pci_driver *const linux_pci_server = &(drv); \
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
static inline void pci_set_master(struct pci_dev *pdev) { pcidev_bus_master(pdev->svc, 1); }
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

static inline void pci_set_drvdata(struct pci_dev *pdev, void *data) { pdev->dev.driver_data = data; }
static inline void *pci_get_drvdata(struct pci_dev *pdev) { return pdev->dev.driver_data; }
static inline const char *pci_name(const struct pci_dev *pdev) { return pdev->dev.name; }

#endif
