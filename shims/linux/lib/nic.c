// SPDX-License-Identifier: GPL-2.0
/*
 * The NIC bridge: any ported Linux PCI Ethernet driver as a BSS ethdev
 * server (thesis 4.4, 5.3.6). One bridge for every NIC driver, as Genode
 * has one NIC bridge for its PC NIC drivers: a driver brings only its
 * pci_driver (pci-driver.cocci declares it with bss_pci_server()) and the
 * net_device it registers; this file is what a BSS server has and Linux
 * has not: the required services (LINUX_REQUIRES, bss-linux.h), the
 * constructor (probe + open), the ethdev service, and two local servers:
 * the TX thread and the Ethernet link. The interrupt handler is request_irq's
 * (irq.c), NAPI's threads netdev.c's.
 */
#include <linux/pci.h>
#include <linux/netdevice.h>
#include <svc/ethdev.h>
#include "pkt.h"

struct linux_nic {
	struct pci_dev pdev;
	bss_ref_t notify; /* link_notify's runnable, 0 if none */
	u32 link_events, link_seen;
};

static struct linux_nic *the_nic;

static void linux_nic_ctor(struct linux_nic *nic);

/* A driver fails stop: an error its code does not catch crashes it, and the bus restarts it. */
BSS_SERVER(ETHDEV, struct linux_nic, linux_nic, .ctor = BSS_CTOR(linux_nic_ctor),
	   .stack_size = 32768, .attrs = BSS_FAILSTOP, LINUX_REQUIRES);

/* TX thread: consumes the TX queue, a batch per call, one ndo_start_xmit per packet. */
BSS_LOCAL_SERVER(linux_tx_server, RUNNABLE, struct linux_nic, linux_tx);

void linux_tx_run(struct linux_nic *nic)
{
	bss_ref_t p[LINUX_TX_BATCH_MAX];
	/* frames the stack built in TX buffers come with length and offloads here */
	struct bss_pkt_desc d[LINUX_TX_BATCH_MAX];
	u32 n;

	(void)nic;
	for (;;) {
		n = queue_get_batch_desc(linux_netdev->txq, p, LINUX_TX_BATCH_MAX, d, sizeof(d));
		linux_dev_xmit_batch(linux_netdev, p, d, n);
		linux_tx_flush(linux_netdev);
	}
}

/* Ethernet link: tells link_notify's client about carrier changes. */
BSS_LOCAL_SERVER(linux_link_server, RUNNABLE, struct linux_nic, linux_link);

/* netif_carrier_on/off (any context, the interrupt path included): wake the link thread. */
void linux_link_changed(struct net_device *dev)
{
	(void)dev;
	if (the_nic) {
		the_nic->link_events++;
		bss_wake((uintptr_t)&the_nic->link_events, 0);
	}
}

void linux_link_run(struct linux_nic *nic)
{
	struct bss_try t;

	for (;;) {
		while (nic->link_seen == nic->link_events)
			bss_wait((uintptr_t)&nic->link_events);
		nic->link_seen = nic->link_events;
		if (!nic->notify)
			continue;
		BSS_TRY(t)
		{
			runnable_run(nic->notify);
		}
		BSS_CATCH(t)
		{
			bss_printf("%s: link notify: %s", linux_pci_server->name, t.err.msg);
		}
	}
}

/* The module's init, probe (the driver's pci_driver) and open, as Linux's modprobe and ifup would.
 */
static void linux_nic_ctor(struct linux_nic *nic)
{
	int rc;

	the_nic = nic;
	linux_pci_dev_init(&nic->pdev, LINUX_PCI);
	rc = linux_pci_module_init ? linux_pci_module_init() : 0;
	if (rc == 0)
		rc = linux_pci_probe(linux_pci_server, &nic->pdev);
	if (rc == 0 && !linux_netdev)
		rc = -ENODEV;
	if (rc == 0)
		rc = linux_dev_open(linux_netdev);
	if (rc)
		bss_throw(LINUX_E_PROBE, -rc, "linux nic: probe or open failed");
	/* one line in every driver's words: the peer checks read the MAC here */
	bss_printf("%s: %s: MAC %02x:%02x:%02x:%02x:%02x:%02x, PCI %s, carrier %s\n",
		   linux_pci_server->name, linux_netdev->name, linux_netdev->dev_addr[0],
		   linux_netdev->dev_addr[1], linux_netdev->dev_addr[2], linux_netdev->dev_addr[3],
		   linux_netdev->dev_addr[4], linux_netdev->dev_addr[5], pci_name(&nic->pdev),
		   netif_carrier_ok(linux_netdev) ? "on" : "off");
	thread_start(LINUX_THREAD, bss_local(&linux_tx_server, nic));
	thread_start(LINUX_THREAD, bss_local(&linux_link_server, nic));
}

/* ---- the ethdev service ---- */

u32 linux_nic_mac(struct linux_nic *nic, void *addr, u32 len)
{
	(void)nic;
	len = len < ETH_ALEN ? len : ETH_ALEN;
	memcpy(addr, linux_netdev->dev_addr, len);
	return ETH_ALEN;
}

u32 linux_nic_mtu(struct linux_nic *nic)
{
	(void)nic;
	return linux_netdev->mtu;
}

u32 linux_nic_link(struct linux_nic *nic)
{
	(void)nic;
	/* the speed is what the MII library saw; a driver without it has a carrier only */
	if (!netif_carrier_ok(linux_netdev))
		return 0;
	return linux_netdev->bss_speed ? linux_netdev->bss_speed : 0xffffffffu;
}

void linux_nic_link_notify(struct linux_nic *nic, bss_ref_t notify)
{
	if (nic->notify)
		bss_release(nic->notify);
	nic->notify = bss_keep(notify);
}

bss_ref_t linux_nic_rx_queue(struct linux_nic *nic)
{
	(void)nic;
	return bss_temp(linux_netdev->rxq);
}

bss_ref_t linux_nic_txfree_queue(struct linux_nic *nic)
{
	(void)nic;
	return bss_temp(linux_netdev->txfreeq);
}

void linux_nic_rx_direct(struct linux_nic *nic, u32 type, bss_ref_t q)
{
	(void)nic;
	linux_dev_rx_direct(linux_netdev, type, q);
}

bss_ref_t linux_nic_tx_queue(struct linux_nic *nic)
{
	(void)nic;
	return bss_temp(linux_netdev->txq);
}

/*
 * The offloads the driver's features promise, as Linux's stack reads them.
 * NETIF_F_HW_CSUM is a checksum offload only with NETIF_F_TSO beside it
 * (e1000): a device that cuts TCP segments fills in their checksums.
 * Without it (8139too) the driver may checksum in software while copying
 * into a bounce buffer (skb_copy_and_csum_dev), which here costs the stack
 * more than its own checksum (two packet.meta calls per frame; measured:
 * TCP out of 8139too 24 MiB/s without, 15-18 with). Without the checksum
 * the stack cannot use TSO either. NETIF_F_RXCSUM counts in hw_features
 * too: e1000 keeps it there (user-switchable) yet verifies by default.
 */
u32 linux_nic_offloads(struct linux_nic *nic)
{
	netdev_features_t f = linux_netdev->features;
	u32 off = 0;

	(void)nic;
	if (f & NETIF_F_IP_CSUM || (f & NETIF_F_HW_CSUM && f & NETIF_F_TSO))
		off |= NETOFF_TX_CSUM;
	if ((f | linux_netdev->hw_features) & NETIF_F_RXCSUM)
		off |= NETOFF_RX_CSUM;
	if (f & NETIF_F_TSO && linux_tx_size > ETH_FRAME_LEN)
		off |= NETOFF_TSO | NETOFF_TSO_MAX_SET(LINUX_TSO_MAX(linux_tx_size));
	return off;
}

/* Counters of struct rtnl_link_stats64 as "name value" lines, like every ethdev. */
u32 linux_nic_stats(struct linux_nic *nic, void *buf, u32 len)
{
	struct rtnl_link_stats64 s;
	int n;

	(void)nic;
	dev_get_stats(linux_netdev, &s);
	n = bss_snprintf(buf, len,
			 "dev.rx %lu\ndev.tx %lu\ndev.rx_bytes %lu\ndev.tx_bytes %lu\n"
			 "dev.rx_errors %lu\ndev.tx_errors %lu\ndev.rx_dropped %lu\n"
			 "dev.rx_csum_ok %lu\n",
			 (unsigned long)s.rx_packets, (unsigned long)s.tx_packets,
			 (unsigned long)s.rx_bytes, (unsigned long)s.tx_bytes,
			 (unsigned long)s.rx_errors, (unsigned long)s.tx_errors,
			 (unsigned long)s.rx_dropped, (unsigned long)linux_rx_csum_ok);
	return n > 0 && (u32)n < len ? (u32)n : 0;
}
