// SPDX-License-Identifier: GPL-2.0
/*
 * The net_device behind the ethdev service: packet pools, the RX/TX/TX-free
 * queues, threaded NAPI and the transmit path.
 *
 * Packets are local servers of this server over one DMA block: RX packets
 * carry received frames to the stack and come back to the RX pool when
 * the stack releases them; TX packets circulate TX-free -> stack -> TX ->
 * driver -> TX-free (thesis 4.4: the driver owns its send buffers).
 */
#include <linux/netdevice.h>
#include <linux/etherdevice.h>

#define LINUX_PKT_SIZE	2048
#define LINUX_RX_PKTS	96
#define LINUX_TX_PKTS	32
#define LINUX_QUEUE_LEN	64
#define LINUX_PRIV_MAX	4096
#define LINUX_RX_BATCH	16

struct linux_pkt {
	struct sk_buff skb;
	unsigned char *buf;
	u32 len;
	bool in_use;		/* a reference to it exists */
};

static struct linux_pkt rx_pkts[LINUX_RX_PKTS], tx_pkts[LINUX_TX_PKTS];
static unsigned char *pool_base;	/* RX buffers, then TX buffers */
static bss_ref_t pool_mem;

struct net_device *linux_netdev;
static union {
	struct net_device dev;
	unsigned char mem[ALIGN(sizeof(struct net_device), 32) + LINUX_PRIV_MAX];
} netdev_mem __aligned(32);
static bool netdev_taken;

/* TX buffers the driver freed while transmitting, for the TX-free queue. */
static bss_ref_t txfree_batch[LINUX_TX_PKTS];
static unsigned int txfree_batched;
static bool in_xmit;

/*
 * Frames a NAPI poll received, put into their queue in one call when it
 * ends: the RX queue, or the fast-path queue ethdev.rx_direct named.
 */
struct rx_batch {
	bss_ref_t pkt[LINUX_RX_BATCH];
	unsigned int n;
};
static struct rx_batch rx_slow, rx_fast;
static bool in_napi_poll;

/* ---- packets ---- */

void linux_pkt_dtor(struct linux_pkt *p);
BSS_LOCAL_SERVER(linux_pkt_server, PACKET, struct linux_pkt, linux_pkt,
		 .dtor = BSS_CTOR(linux_pkt_dtor));

u64 linux_pkt_map(struct linux_pkt *p) { return (uintptr_t)p->buf; }
u32 linux_pkt_len(struct linux_pkt *p) { return p->len; }
u32 linux_pkt_cap(struct linux_pkt *p) { (void)p; return LINUX_PKT_SIZE; }

void linux_pkt_set_len(struct linux_pkt *p, u32 len)
{
	if (len > LINUX_PKT_SIZE)
		bss_throw(BSS_E_INVAL, EINVAL, "packet length beyond its buffer");
	p->len = len;
}

/* The last reference went: the packet is free again. */
void linux_pkt_dtor(struct linux_pkt *p)
{
	p->in_use = false;
}

static bss_ref_t pkt_ref(struct linux_pkt *p)
{
	p->in_use = true;
	return bss_local(&linux_pkt_server, p);
}

static struct linux_pkt *tx_pkt_of(u64 addr)
{
	u64 base = (uintptr_t)pool_base + LINUX_RX_PKTS * LINUX_PKT_SIZE;

	if (addr < base || addr >= base + LINUX_TX_PKTS * LINUX_PKT_SIZE ||
	    (addr - base) % LINUX_PKT_SIZE)
		return NULL;
	return &tx_pkts[(addr - base) / LINUX_PKT_SIZE];
}

/* ---- net_device ---- */

struct net_device *alloc_etherdev(int sizeof_priv)
{
	struct net_device *dev = &netdev_mem.dev;

	if (netdev_taken || sizeof_priv > LINUX_PRIV_MAX)
		return NULL;
	netdev_taken = true;
	memset(&netdev_mem, 0, sizeof(netdev_mem));
	memcpy(dev->name, "eth%d", 6);
	dev->mtu = ETH_DATA_LEN;
	dev->min_mtu = ETH_MIN_MTU;
	dev->max_mtu = ETH_DATA_LEN;
	dev->addr_len = ETH_ALEN;
	dev->state = LINUX_DEV_NOCARRIER | LINUX_DEV_XOFF;
	return dev;
}

void free_netdev(struct net_device *dev)
{
	(void)dev;
	netdev_taken = false;
}

/* The queues and the packet pools behind the ethdev service; throws. */
static void netdev_bss_init(struct net_device *dev)
{
	int i;

	pool_mem = bss_keep(dma_alloc(LINUX_DMA, (LINUX_RX_PKTS + LINUX_TX_PKTS) *
				      LINUX_PKT_SIZE, 0));
	pool_base = (unsigned char *)(uintptr_t)dmamem_map(pool_mem);
	dev->rxq = bss_keep(queues_create(LINUX_QUEUES, LINUX_QUEUE_LEN));
	dev->txq = bss_keep(queues_create(LINUX_QUEUES, LINUX_QUEUE_LEN));
	dev->txfreeq = bss_keep(queues_create(LINUX_QUEUES, LINUX_TX_PKTS));
	for (i = 0; i < LINUX_RX_PKTS; i++)
		rx_pkts[i].buf = pool_base + i * LINUX_PKT_SIZE;
	for (i = 0; i < LINUX_TX_PKTS; i++) {
		bss_ref_t r;

		tx_pkts[i].buf = pool_base + (LINUX_RX_PKTS + i) * LINUX_PKT_SIZE;
		r = pkt_ref(&tx_pkts[i]);
		queue_put(dev->txfreeq, r);
		bss_release(r);
	}
}

int register_netdev(struct net_device *dev)
{
	struct bss_try t;

	BSS_TRY(t) {
		netdev_bss_init(dev);
	} BSS_CATCH(t) {
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
	rc = dev->netdev_ops->ndo_open(dev);
	if (rc)
		dev->state &= ~LINUX_DEV_RUNNING;
	else if (dev->netdev_ops->ndo_set_rx_mode)
		dev->netdev_ops->ndo_set_rx_mode(dev);
	return rc;
}

/* Linux's dev_get_stats: the driver's 64-bit counters, its own, or the device's. */
struct rtnl_link_stats64 *dev_get_stats(struct net_device *dev,
					struct rtnl_link_stats64 *storage)
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

struct sk_buff *napi_alloc_skb(struct napi_struct *napi, unsigned int len)
{
	struct linux_pkt *p = NULL;
	int i;

	(void)napi;
	if (len > LINUX_PKT_SIZE)
		return NULL;
	for (i = 0; i < LINUX_RX_PKTS && !p; i++)
		if (!rx_pkts[i].in_use)
			p = &rx_pkts[i];
	if (!p)
		return NULL;	/* the stack holds them all: drop */
	p->skb.head = p->skb.data = p->buf;
	p->skb.len = 0;
	p->skb.pkt = p;
	p->skb.tx = false;
	p->skb.ref = pkt_ref(p);
	return &p->skb;
}

/* A batch of received frames into q; what it cannot take is dropped. */
static void rx_put(struct net_device *dev, struct rx_batch *b, bss_ref_t q)
{
	unsigned int i, took;

	if (!b->n)
		return;
	took = queue_put_batch(q, b->pkt, b->n);
	dev->stats.rx_dropped += b->n - took;
	for (i = 0; i < b->n; i++)
		bss_release(b->pkt[i]);
	b->n = 0;
}

static void rx_flush(struct net_device *dev)
{
	rx_put(dev, &rx_slow, dev->rxq);
	rx_put(dev, &rx_fast, dev->rxdirect);
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
	struct bss_try t;
	volatile int ret = NET_RX_SUCCESS;

	skb->pkt->len = skb->data + skb->len - skb->head;
	if (in_napi_poll) {
		bool fast = dev->rxdirect && skb->pkt->len >= ETH_HLEN &&
			    (u32)(skb->head[12] << 8 | skb->head[13]) == dev->rxdirect_type;
		struct rx_batch *b = fast ? &rx_fast : &rx_slow;

		if (b->n == LINUX_RX_BATCH)
			rx_put(dev, b, fast ? dev->rxdirect : dev->rxq);
		b->pkt[b->n++] = skb->ref;
		return NET_RX_SUCCESS;
	}
	BSS_TRY(t) {
		queue_put(dev->rxq, skb->ref);
	} BSS_CATCH(t) {
		dev->stats.rx_dropped++;
		ret = NET_RX_DROP;
	}
	bss_release(skb->ref);
	return ret;
}

/*
 * A TX buffer freed while transmitting waits for linux_tx_flush (the TX
 * thread's batch end); one freed anywhere else (an interrupt, a reset)
 * goes back at once, since nobody may flush soon.
 */
void dev_kfree_skb_any(struct sk_buff *skb)
{
	struct net_device *dev = linux_netdev;

	if (skb->tx && skb->pkt) {
		if (in_xmit && txfree_batched < LINUX_TX_PKTS) {
			txfree_batch[txfree_batched++] = skb->ref;
			skb->ref = 0;
			return;
		}
		queue_put(dev->txfreeq, skb->ref);	/* cannot be full: it holds them all */
	}
	bss_release(skb->ref);
	skb->ref = 0;
}

void linux_tx_flush(struct net_device *dev)
{
	unsigned int i;

	if (!txfree_batched)
		return;
	/* cannot refuse any: the queue holds every TX buffer there is */
	queue_put_batch(dev->txfreeq, txfree_batch, txfree_batched);
	for (i = 0; i < txfree_batched; i++)
		bss_release(txfree_batch[i]);
	txfree_batched = 0;
}

/* ---- NAPI: one thread per napi_struct ---- */

BSS_LOCAL_SERVER(linux_napi_server, RUNNABLE, struct napi_struct, linux_napi);

void linux_napi_run(struct napi_struct *n)
{
	for (;;) {
		while (!n->kicked)
			bss_wait((uintptr_t)n);
		n->kicked = 0;
		while (n->state & LINUX_NAPI_SCHED) {
			int work;

			in_napi_poll = true;
			work = n->poll(n, n->weight);
			in_napi_poll = false;
			rx_flush(n->dev);
			if (work < n->weight)
				break;		/* the driver completed */
			if (n->state & LINUX_NAPI_DISABLE) {
				n->state &= ~LINUX_NAPI_SCHED;
				break;
			}
			thread_yield(LINUX_THREAD);	/* full budget: let others run */
		}
		if (n->waiters)
			bss_wake((uintptr_t)&n->waiters, 0);
	}
}

void netif_napi_add(struct net_device *dev, struct napi_struct *napi,
		    int (*poll)(struct napi_struct *, int))
{
	napi->dev = dev;
	napi->poll = poll;
	napi->weight = NAPI_POLL_WEIGHT;
	napi->state = LINUX_NAPI_SCHED;		/* until napi_enable */
	thread_start(LINUX_THREAD, bss_local(&linux_napi_server, napi));
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

/* ---- transmit (the NIC bridge's TX thread) ---- */

void linux_dev_xmit(struct net_device *dev, bss_ref_t p)
{
	u64 addr = packet_map(p);
	struct sk_buff skb = {
		.data = (unsigned char *)(uintptr_t)addr,
		.len = packet_len(p),
		.pkt = tx_pkt_of(addr),
		.ref = p,
		.tx = true,
	};

	skb.head = skb.data;
	while (netif_queue_stopped(dev) && netif_running(dev)) {
		linux_tx_flush(dev);	/* the stack may be waiting for them */
		dev->tx_waiters++;
		bss_wait((uintptr_t)&dev->tx_waiters);
		dev->tx_waiters--;
	}
	if (!netif_running(dev) || skb.len > LINUX_PKT_SIZE) {
		dev->stats.tx_dropped++;
		dev_kfree_skb_any(&skb);
		return;
	}
	/* trans_start is not kept: no TX watchdog here, and jiffies is a call */
	in_xmit = true;
	dev->netdev_ops->ndo_start_xmit(&skb, dev);
	in_xmit = false;
}
