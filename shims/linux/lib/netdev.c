// SPDX-License-Identifier: GPL-2.0
/*
 * The net_device behind the ethdev service: the RX/TX/TX-free queues,
 * threaded NAPI, the receive and the transmit path. The packets are
 * skbuff.c's.
 */
#include <linux/netdevice.h>
#include <linux/etherdevice.h>
#include <bss/pktdesc.h>
#include "pkt.h"

#define LINUX_QUEUE_LEN 64
/* the driver's private area (e1000e's adapter: 12 KiB) */
#define LINUX_PRIV_MAX 16384
/*
 * Frames put in one call: a poll's whole batch as a rule (e1000 brings
 * about 30 a poll host->guest), each put being two slow calls (driver ->
 * IPv4 -> TCP) and a pass of IPv4's and TCP's per-batch work. The inputs
 * take PKTIN_CHUNK (32) at a time.
 */
#define LINUX_RX_BATCH 32
#define LINUX_TXFREE_LEN 64 /* at least the TX buffers there are */

struct net_device *linux_netdev;
static union {
	struct net_device dev;
	unsigned char mem[ALIGN(sizeof(struct net_device), 32) + LINUX_PRIV_MAX];
} netdev_mem __aligned(32);
static bool netdev_taken;

/*
 * Frames a NAPI poll received, put into their queue in one call when it
 * ends (or when the next poll's would not fit, after a poll that used its
 * whole budget: linux_napi_run): the RX queue, or the fast-path queue
 * ethdev.rx_direct named. Each
 * with its descriptor (include/bss/pktdesc.h): the stack then asks the
 * packet neither its length nor its offload word, and a layer in this
 * space not even its address (every question would be a call here).
 */
struct rx_batch {
	bss_ref_t pkt[LINUX_RX_BATCH];
	struct bss_pkt_desc desc[LINUX_RX_BATCH];
	unsigned int n;
};
static struct rx_batch rx_slow, rx_fast;
bool linux_in_napi;
bool linux_xmit_more;

/* ---- net_device ---- */

void ether_setup(struct net_device *dev)
{
	dev->mtu = ETH_DATA_LEN;
	dev->min_mtu = ETH_MIN_MTU;
	dev->max_mtu = ETH_DATA_LEN;
	dev->addr_len = ETH_ALEN;
}

/* ethtool.cocci removed the driver's table: what a driver asks of it fails. */
static int no_get_eeprom_len(struct net_device *dev)
{
	(void)dev;
	LINUX_UNSUPPORTED(ethtool_ops.get_eeprom_len);
	return 0;
}

static int no_get_eeprom(struct net_device *dev, struct ethtool_eeprom *ee, u8 *data)
{
	(void)dev, (void)ee, (void)data;
	LINUX_UNSUPPORTED(ethtool_ops.get_eeprom);
	return -EINVAL;
}

const struct ethtool_ops linux_no_ethtool_ops = {
	.get_eeprom_len = no_get_eeprom_len,
	.get_eeprom = no_get_eeprom,
};

struct net_device *alloc_netdev(int sizeof_priv, const char *name, unsigned char name_assign_type,
				void (*setup)(struct net_device *dev))
{
	struct net_device *dev = &netdev_mem.dev;

	(void)name_assign_type;
	if (sizeof_priv > LINUX_PRIV_MAX) {
		printk(KERN_ERR "alloc_netdev: a private area of %d bytes, more than the %d kept\n",
		       sizeof_priv, LINUX_PRIV_MAX);
		return NULL;
	}
	if (netdev_taken || strlen(name) >= IFNAMSIZ)
		return NULL;
	netdev_taken = true;
	memset(&netdev_mem, 0, sizeof(netdev_mem));
	memcpy(dev->name, name, strlen(name) + 1);
	/* Linux's: carrier on until the driver says otherwise (ne2k-pci never does) */
	dev->state = LINUX_DEV_XOFF;
	dev->txq0.dev = dev;
	dev->ethtool_ops = &linux_no_ethtool_ops;
	setup(dev);
	return dev;
}

struct net_device *alloc_etherdev(int sizeof_priv)
{
	return alloc_netdev(sizeof_priv, "eth%d", NET_NAME_UNKNOWN, ether_setup);
}

void free_netdev(struct net_device *dev)
{
	(void)dev;
	netdev_taken = false;
}

/* The queues and the packet pool behind the ethdev service; throws. */
static void netdev_bss_init(struct net_device *dev)
{
	dev->rxq = bss_keep(queues_create(LINUX_QUEUES, LINUX_QUEUE_LEN));
	dev->txq = bss_keep(queues_create(LINUX_QUEUES, LINUX_QUEUE_LEN));
	dev->txfreeq = bss_keep(queues_create(LINUX_QUEUES, LINUX_TXFREE_LEN));
	linux_pkt_pool_init(dev);
}

int register_netdev(struct net_device *dev)
{
	struct bss_try t;

	BSS_TRY(t)
	{
		netdev_bss_init(dev);
	}
	BSS_CATCH(t)
	{
		printk(KERN_ERR "register_netdev: %s\n", t.err.msg);
		return -ENOMEM;
	}
	memcpy(dev->name, "eth0", 5);
	linux_netdev = dev;
	return 0;
}

void unregister_netdev(struct net_device *dev)
{
	if (dev->state & LINUX_DEV_RUNNING)
		dev->netdev_ops->ndo_stop(dev);
	dev->state &= ~LINUX_DEV_RUNNING;
	linux_netdev = NULL;
}

/* __dev_open: running before ndo_open, as in Linux. */
int linux_dev_open(struct net_device *dev)
{
	int rc;

	dev->state |= LINUX_DEV_RUNNING;
	linux_rx_pool_opening(true);
	rc = dev->netdev_ops->ndo_open(dev);
	linux_rx_pool_opening(false);
	if (rc)
		dev->state &= ~LINUX_DEV_RUNNING;
	else if (dev->netdev_ops->ndo_set_rx_mode)
		dev->netdev_ops->ndo_set_rx_mode(dev);
	return rc;
}

/* Linux's dev_get_stats: the driver's 64-bit counters, its own, or the device's. */
struct rtnl_link_stats64 *dev_get_stats(struct net_device *dev, struct rtnl_link_stats64 *storage)
{
	const struct net_device_ops *ops = dev->netdev_ops;

	if (ops->ndo_get_stats64) {
		memset(storage, 0, sizeof(*storage));
		ops->ndo_get_stats64(dev, storage);
	} else if (ops->ndo_get_stats) {
		netdev_stats_to_stats64(storage, ops->ndo_get_stats(dev));
	} else {
		netdev_stats_to_stats64(storage, &dev->stats);
	}
	return storage;
}

/* ---- receive ---- */

/* A batch of received frames into q; what it cannot take is dropped. */
static void rx_put(struct net_device *dev, struct rx_batch *b, bss_ref_t q)
{
	unsigned int took;

	if (!b->n)
		return;
	took = queue_put_batch_desc(q, b->pkt, b->n, b->desc, b->n * (u32)sizeof(b->desc[0]));
	dev->stats.rx_dropped += b->n - took;
	/* the newest first: each is then the top temporary, no free list to keep */
	bss_release_n(b->pkt, b->n);
	b->n = 0;
}

static void rx_flush(struct net_device *dev)
{
	rx_put(dev, &rx_slow, dev->rxq);
	rx_put(dev, &rx_fast, dev->rxdirect);
}

/*
 * Do n more frames fit in the batches without a put? Only asked with one
 * NAPI context: the batches are the NAPI thread's temporaries, which no
 * other thread may put.
 */
static unsigned int napi_count;

static bool rx_room(int n)
{
	return napi_count == 1 && n >= 0 && rx_slow.n + (unsigned int)n <= LINUX_RX_BATCH &&
	       rx_fast.n + (unsigned int)n <= LINUX_RX_BATCH;
}

/* Frames already batched for an old queue go to the new one (set once, at start). */
void linux_dev_rx_direct(struct net_device *dev, u32 type, bss_ref_t q)
{
	if (dev->rxdirect)
		bss_release(dev->rxdirect);
	dev->rxdirect = q ? bss_keep(q) : 0;
	dev->rxdirect_type = type;
}

/*
 * The whole frame (from head) goes into the RX queue; full queue: drop.
 * Within a NAPI poll, frames are collected and put in one call when the
 * poll returns (a queue call per frame was a good part of the RX cost),
 * those of the fast path's EtherType into its queue (skipping the
 * distributor's thread);
 * a frame that the full queue then refuses is counted as dropped, as
 * Linux counts a backlog drop, though NET_RX_SUCCESS was returned.
 */
int netif_receive_skb(struct sk_buff *skb)
{
	struct net_device *dev = linux_netdev;
	struct linux_pkt *p = skb->pkt;
	struct bss_try t;
	volatile int ret = NET_RX_SUCCESS;
	bss_ref_t ref;

	p->off = skb->head - p->buf; /* skb_reserve's headroom is not the frame's */
	p->len = skb->data + skb->len - skb->head;
	if (skb->ip_summed == CHECKSUM_UNNECESSARY) {
		p->meta = PKT_CSUM_OK;
		linux_rx_csum_ok++;
	}
	ref = linux_pkt_ref(p);
	if (linux_in_napi) {
		bool fast = dev->rxdirect && p->len >= ETH_HLEN &&
			    (u32)(skb->head[12] << 8 | skb->head[13]) == dev->rxdirect_type;
		struct rx_batch *b = fast ? &rx_fast : &rx_slow;

		if (b->n == LINUX_RX_BATCH)
			rx_put(dev, b, fast ? dev->rxdirect : dev->rxq);
		b->desc[b->n] = (struct bss_pkt_desc){.addr = (uintptr_t)(p->buf + p->off),
						      .len = p->len,
						      .cap = p->cap - p->off,
						      .meta = p->meta,
						      .flags = PKT_DESC_VALID};
		b->pkt[b->n++] = ref;
		return NET_RX_SUCCESS;
	}
	BSS_TRY(t)
	{
		queue_put(dev->rxq, ref);
	}
	BSS_CATCH(t)
	{
		dev->stats.rx_dropped++;
		ret = NET_RX_DROP;
	}
	bss_release(ref);
	return ret;
}

/* ---- NAPI: one thread per napi_struct ---- */

BSS_LOCAL_SERVER(linux_napi_server, RUNNABLE, struct napi_struct, linux_napi);

void linux_napi_run(struct napi_struct *n)
{
	for (;;) {
		while (!n->kicked)
			bss_wait((uintptr_t)n);
		n->kicked = 0;
		if (n->state & LINUX_NAPI_DEL)
			return;
		while (n->state & LINUX_NAPI_SCHED) {
			int work;
			bool more;

			linux_in_napi = true;
			work = n->poll(n, n->weight);
			linux_in_napi = false;
			more = work >= n->weight && !(n->state & LINUX_NAPI_DISABLE);
			/*
			 * A full budget's frames wait for the next poll's where
			 * both fit in one put (8139cp's weight is 16): a put per
			 * batch, not per poll, as Linux's GRO holds a batch
			 * across polls that used their budget.
			 */
			if (!more || !rx_room(n->weight))
				rx_flush(n->dev);
			linux_tx_flush(n->dev); /* what the poll's TX cleanup freed */
			if (work < n->weight)
				break; /* the driver completed */
			if (n->state & LINUX_NAPI_DISABLE) {
				n->state &= ~LINUX_NAPI_SCHED;
				break;
			}
			thread_yield(LINUX_THREAD); /* full budget: let others run */
		}
		rx_flush(n->dev); /* nothing is left batched while no poll runs */
		if (n->waiters)
			bss_wake((uintptr_t)&n->waiters, 0);
	}
}

void netif_napi_add_weight(struct net_device *dev, struct napi_struct *napi,
			   int (*poll)(struct napi_struct *, int), int weight)
{
	napi->dev = dev;
	napi->poll = poll;
	napi->weight = weight;
	napi->state = LINUX_NAPI_SCHED; /* until napi_enable */
	napi_count++;
	thread_start(LINUX_THREAD, bss_local(&linux_napi_server, napi));
}

void netif_napi_del(struct napi_struct *napi)
{
	napi->state |= LINUX_NAPI_DEL;
	napi_count--;
	napi->kicked = 1;
	bss_wake((uintptr_t)napi, 0);
}

void napi_enable(struct napi_struct *n)
{
	n->state &= ~(LINUX_NAPI_SCHED | LINUX_NAPI_DISABLE);
}

/* Waits for a running poll to complete, then holds SCHED (as Linux). */
void napi_disable(struct napi_struct *n)
{
	n->state |= LINUX_NAPI_DISABLE;
	while (n->state & LINUX_NAPI_SCHED) {
		n->waiters++;
		bss_wait((uintptr_t)&n->waiters);
		n->waiters--;
	}
	n->state = LINUX_NAPI_SCHED;
}

/* Waits for a running poll to complete (as Linux's, it waits forever while disabled). */
void napi_synchronize(const struct napi_struct *n)
{
	struct napi_struct *w = (struct napi_struct *)n;

	while (w->state & LINUX_NAPI_SCHED) {
		w->waiters++;
		bss_wait((uintptr_t)&w->waiters);
		w->waiters--;
	}
}

/* Linux takes random bytes once per boot; any key spreads flows as well. */
void netdev_rss_key_fill(void *buffer, size_t len)
{
	static u32 x = 0x6d5a56da;
	u8 *b = buffer;
	size_t i;

	for (i = 0; i < len; i++) {
		x ^= x << 13;
		x ^= x >> 17;
		x ^= x << 5;
		b[i] = (u8)x;
	}
}

/* Linux's net_ratelimit(): a burst of 10 messages, then 10 per 5 s. */
int net_ratelimit(void)
{
	static unsigned long begin;
	static int printed;
	unsigned long now = jiffies;

	if (!begin || time_after(now, begin + 5 * HZ)) {
		begin = now;
		printed = 0;
	}
	return printed++ < 10;
}

/* ---- transmit (the NIC bridge's TX thread) ---- */

static bool tx_wait_queue(struct net_device *dev)
{
	while (netif_queue_stopped(dev) && netif_running(dev)) {
		linux_tx_flush(dev); /* the stack may be waiting for them */
		dev->tx_waiters++;
		bss_wait((uintptr_t)&dev->tx_waiters);
		dev->tx_waiters--;
	}
	return netif_running(dev);
}

/* ndo_start_xmit of one frame the bridge will not drop; more: netdev_xmit_more(). */
static void dev_xmit_one(struct net_device *dev, struct sk_buff *skb, bool more)
{
	netdev_tx_t rc;

	/* trans_start is not kept: no TX watchdog here, and jiffies is a call */
	do {
		if (!tx_wait_queue(dev)) {
			dev->stats.tx_dropped++;
			dev_kfree_skb_any(skb);
			return;
		}
		linux_in_xmit = true;
		linux_xmit_more = more;
		rc = dev->netdev_ops->ndo_start_xmit(skb, dev);
		linux_xmit_more = false;
		linux_in_xmit = false;
	} while (rc == NETDEV_TX_BUSY); /* the driver stopped its queue: wait, then again */
	linux_tx_skb_sent(skb);
}

/*
 * May the frame at addr follow in the same doorbell? Only a TX buffer of
 * the pool that the bridge will hand on: a foreign packet may find the one
 * foreign slot taken and be dropped, and a frame promised but dropped
 * would leave its predecessor unannounced to the device.
 */
static bool tx_follows(struct net_device *dev, u64 addr)
{
	struct linux_pkt *pkt = linux_tx_pkt(addr);

	return pkt && pkt->len <= linux_tx_size && netif_carrier_ok(dev);
}

/*
 * map() of a TX buffer is a call into this server itself: a system call
 * and an entry into its space per frame when it is isolated. The
 * descriptor names the buffer, and bss_same_n against the references the
 * driver keeps to each (one system call for the batch, no entry) proves
 * that p[i] is it; addr[i] is its data, or 0 (then map() says).
 */
static void tx_addrs(const bss_ref_t *p, const struct bss_pkt_desc *d, u64 *addr, u32 n)
{
	struct linux_pkt *pkt[LINUX_TX_BATCH_MAX];
	bss_ref_t self[LINUX_TX_BATCH_MAX];
	u64 same = 0;
	u32 i, k = 0;

	for (i = 0; i < n; i++) {
		pkt[i] = d && d[i].flags & PKT_DESC_VALID ? linux_tx_pkt(d[i].addr) : NULL;
		self[i] = pkt[i] ? pkt[i]->self : 0;
		k += self[i] != 0;
	}
	_Static_assert(LINUX_TX_BATCH_MAX <= BSS_SAME_MAX, "a TX batch is one bss_same_n");
	if (k)
		same = bss_same_n(p, self, n);
	for (i = 0; i < n; i++)
		addr[i] = self[i] && same >> i & 1 ? (uintptr_t)(pkt[i]->buf + pkt[i]->off) : 0;
}

/*
 * A batch from the TX queue, one ndo_start_xmit per frame in order, with
 * netdev_xmit_more() true while another frame of the batch follows: a
 * driver that reads it (e1000) writes its TX tail register, an exit to
 * the device model under QEMU, once per batch, as after Linux's qdisc
 * dequeues a bulk. A driver that stops its queue rings at once (Linux's
 * rule, netif_xmit_stopped), so waiting for room strands nothing.
 */
void linux_dev_xmit_batch(struct net_device *dev, const bss_ref_t *p, const struct bss_pkt_desc *d,
			  u32 n)
{
	u64 addr[LINUX_TX_BATCH_MAX];
	u32 i;

	n = n < LINUX_TX_BATCH_MAX ? n : LINUX_TX_BATCH_MAX;
	tx_addrs(p, d, addr, n);
	for (i = 0; i < n; i++)
		if (!addr[i])
			addr[i] = packet_map(p[i]);
	for (i = 0; i < n; i++) {
		struct sk_buff *skb = linux_tx_skb(p[i], addr[i], d ? &d[i] : NULL);

		if (!skb) {
			dev->stats.tx_dropped++;
			bss_release(p[i]);
			continue;
		}
		/* no carrier: dropped before the driver, as Linux's qdisc does (noop_qdisc) */
		if (!netif_carrier_ok(dev) || skb->len > linux_tx_size) {
			dev->stats.tx_dropped++;
			dev_kfree_skb_any(skb);
			continue;
		}
		dev_xmit_one(dev, skb, i + 1 < n && tx_follows(dev, addr[i + 1]));
	}
}
