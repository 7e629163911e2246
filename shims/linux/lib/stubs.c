// SPDX-License-Identifier: GPL-2.0
/*
 * Linux functions that intentionally do nothing in a server, one line of
 * reason each. Anything not listed here and not shimmed stops the port
 * (tools/port's missing-symbol report): nothing is stubbed silently.
 */
#include <linux/pci.h>
#include <linux/interrupt.h>
#include <linux/rcupdate.h>
#include <linux/rtnetlink.h>
#include <linux/netdevice.h>

/* The pcidev reference is already the exclusive claim on the device's BARs. */
int pci_request_regions(struct pci_dev *pdev, const char *name)
{
	(void)pdev;
	(void)name;
	return 0;
}

/* Regions are released with the BAR references (pci_iounmap) and the pcidev. */
void pci_release_regions(struct pci_dev *pdev)
{
	(void)pdev;
}

/* No RCU readers: every ndo_* path runs under the server lock, so a grace period is over at once.
 */
void synchronize_rcu(void)
{
}

/* The RTNL is the kit's lock for configuration paths (rtnetlink.h). */
spinlock_t linux_rtnl;

/* BQL: the TX thread hands the driver one batch at a time; the driver's ring stops the queue. */
void netdev_sent_queue(struct net_device *dev, unsigned int bytes)
{
	(void)dev;
	(void)bytes;
}

/* BQL (see netdev_sent_queue): nothing in flight is counted. */
void netdev_completed_queue(struct net_device *dev, unsigned int pkts, unsigned int bytes)
{
	(void)dev;
	(void)pkts;
	(void)bytes;
}

/* BQL (see netdev_sent_queue): nothing to reset. */
void netdev_reset_queue(struct net_device *dev)
{
	(void)dev;
}

/* The handler runs under the server lock, which the caller holds: none is running. */
void synchronize_irq(unsigned int irq)
{
	(void)irq;
}
