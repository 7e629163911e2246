// SPDX-License-Identifier: GPL-2.0
/*
 * Glue: Linux's 8139too as a BSS Ethernet driver server (thesis 4.4, 5.3.6).
 *
 * The same file serves every upstream version. It holds what only a BSS
 * server has: the list of required services, the ethdev service the
 * driver implements, and three local servers: the interrupt handler, the
 * TX thread and the Ethernet link. Everything else is the driver's code
 * (build/ported/rtl8139/<version>/8139too.c) over the Linux shims.
 */
#include <linux/pci.h>
#include <linux/netdevice.h>
#include <linux/interrupt.h>
#include <svc/ethdev.h>

struct rtl_glue {
	struct pci_dev pdev;
	bss_ref_t notify;	/* link_notify's runnable, 0 if none */
	u32 link_events, link_seen;
};

static struct rtl_glue *glue;

static void rtl_ctor(struct rtl_glue *g);

/* Slots in enum linux_req order (shims/linux/include/bss-linux.h). */
BSS_SERVER(ETHDEV, struct rtl_glue, rtl, .ctor = BSS_CTOR(rtl_ctor), .stack_size = 32768,
	   BSS_REQUIRES(PCIDEV_SVC_ID, DMA_SVC_ID, TIMER_SVC_ID, QUEUES_SVC_ID, THREAD_SVC_ID));

/* Interrupt handler: the kernel's interrupt path; must not block. */
BSS_LOCAL_SERVER(rtl_irq_server, IRQHANDLER, struct linux_irq_action, rtl_irq);
const struct bss_local_desc *const linux_irq_server = &rtl_irq_server;

u32 rtl_irq_handle(struct linux_irq_action *a, u32 line)
{
	(void)line;
	return linux_irq_handle(a);
}

/* TX thread: consumes the TX queue, a batch per call, one ndo_start_xmit per packet. */
BSS_LOCAL_SERVER(rtl_tx_server, RUNNABLE, struct rtl_glue, rtl_tx);

#define TX_BATCH 8

void rtl_tx_run(struct rtl_glue *g)
{
	bss_ref_t p[TX_BATCH];
	u32 i, n;

	(void)g;
	for (;;) {
		n = queue_get_batch(linux_netdev->txq, p, TX_BATCH);
		for (i = 0; i < n; i++)
			linux_dev_xmit(linux_netdev, p[i]);
		linux_tx_flush(linux_netdev);
	}
}

/* Ethernet link: tells link_notify's client about carrier changes. */
BSS_LOCAL_SERVER(rtl_link_server, RUNNABLE, struct rtl_glue, rtl_link);

void linux_link_changed(void)
{
	if (glue) {
		glue->link_events++;
		bss_wake((uintptr_t)&glue->link_events, 0);
	}
}

void rtl_link_run(struct rtl_glue *g)
{
	struct bss_try t;

	for (;;) {
		while (g->link_seen == g->link_events)
			bss_wait((uintptr_t)&g->link_events);
		g->link_seen = g->link_events;
		if (!g->notify)
			continue;
		BSS_TRY(t) {
			runnable_run(g->notify);
		} BSS_CATCH(t) {
			bss_printf("rtl8139: link notify: %s", t.err.msg);
		}
	}
}

/* Probe (the driver's pci_driver) and open, as Linux's ifup would. */
static void rtl_ctor(struct rtl_glue *g)
{
	int rc;

	glue = g;
	linux_pci_dev_init(&g->pdev, LINUX_PCI);
	rc = linux_pci_probe(linux_pci_server, &g->pdev);
	if (rc == 0 && !linux_netdev)
		rc = -ENODEV;
	if (rc == 0)
		rc = linux_dev_open(linux_netdev);
	if (rc)
		bss_throw(LINUX_E_PROBE, -rc, "rtl8139: probe or open failed");
	thread_start(LINUX_THREAD, bss_local(&rtl_tx_server, g));
	thread_start(LINUX_THREAD, bss_local(&rtl_link_server, g));
}

/* ---- the ethdev service ---- */

u32 rtl_mac(struct rtl_glue *g, void *addr, u32 len)
{
	(void)g;
	len = len < ETH_ALEN ? len : ETH_ALEN;
	memcpy(addr, linux_netdev->dev_addr, len);
	return ETH_ALEN;
}

u32 rtl_mtu(struct rtl_glue *g)
{
	(void)g;
	return linux_netdev->mtu;
}

u32 rtl_link(struct rtl_glue *g)
{
	(void)g;
	return netif_carrier_ok(linux_netdev) ? linux_netdev->bss_speed : 0;
}

void rtl_link_notify(struct rtl_glue *g, bss_ref_t notify)
{
	if (g->notify)
		bss_release(g->notify);
	g->notify = bss_keep(notify);
}

bss_ref_t rtl_rx_queue(struct rtl_glue *g)
{
	(void)g;
	return bss_temp(linux_netdev->rxq);
}

bss_ref_t rtl_txfree_queue(struct rtl_glue *g)
{
	(void)g;
	return bss_temp(linux_netdev->txfreeq);
}

void rtl_rx_direct(struct rtl_glue *g, u32 type, bss_ref_t q)
{
	(void)g;
	linux_dev_rx_direct(linux_netdev, type, q);
}

bss_ref_t rtl_tx_queue(struct rtl_glue *g)
{
	(void)g;
	return bss_temp(linux_netdev->txq);
}

/* Counters of struct rtnl_link_stats64 as "name value" lines, like every
 * ethdev (was the raw struct: binary in the status page, and its length
 * returned even when cut to len) */
u32 rtl_stats(struct rtl_glue *g, void *buf, u32 len)
{
	struct rtnl_link_stats64 s;
	int n;

	(void)g;
	linux_netdev->netdev_ops->ndo_get_stats64(linux_netdev, &s);
	n = bss_snprintf(buf, len, "dev.rx %lu\ndev.tx %lu\ndev.rx_bytes %lu\ndev.tx_bytes %lu\n"
			 "dev.rx_errors %lu\ndev.tx_errors %lu\ndev.rx_dropped %lu\n",
			 (unsigned long)s.rx_packets, (unsigned long)s.tx_packets,
			 (unsigned long)s.rx_bytes, (unsigned long)s.tx_bytes,
			 (unsigned long)s.rx_errors, (unsigned long)s.tx_errors,
			 (unsigned long)s.rx_dropped);
	return n > 0 && (u32)n < len ? (u32)n : 0;
}
