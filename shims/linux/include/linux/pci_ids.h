/* SPDX-License-Identifier: GPL-2.0 */
/* PCI vendor and device IDs the ported drivers name. */
#ifndef _LINUX_PCI_IDS_H
#define _LINUX_PCI_IDS_H

#define PCI_VENDOR_ID_REALTEK		0x10ec
#define PCI_DEVICE_ID_REALTEK_8139	0x8139
#define PCI_VENDOR_ID_ATHEROS		0x168c
#define PCI_VENDOR_ID_TTTECH		0x0357
#define PCI_DEVICE_ID_TTTECH_MC322	0x000a

#endif
