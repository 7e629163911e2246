/* SPDX-License-Identifier: GPL-2.0 */
/*
 * PCIe Advanced Error Reporting, as Linux has it without CONFIG_PCIEAER:
 * not available (the bus server restarts a failing driver instead).
 */
#ifndef _LINUX_AER_H
#define _LINUX_AER_H

struct pci_dev;

static inline int pci_enable_pcie_error_reporting(struct pci_dev *dev)
{
	(void)dev;
	return -EINVAL;
}
static inline int pci_disable_pcie_error_reporting(struct pci_dev *dev)
{
	(void)dev;
	return -EINVAL;
}

#endif
