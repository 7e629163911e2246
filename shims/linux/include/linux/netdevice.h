/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Network devices, NAPI and the TX queue over the ethdev service.
 *
 * One net_device per server (alloc_etherdev), exposed by the NIC bridge as the
 * ethdev service: RX, TX and TX-free are BSS queues (queues service).
 * NAPI is threaded: __napi_schedule wakes a thread of this server, which
 * polls until the driver completes (yielding between full budgets), so the
 * interrupt path only touches registers and wakes threads. The TX queue's
 * stop/wake bits gate the NIC bridge's TX thread (lib/nic.c).
 */
#ifndef _LINUX_NETDEVICE_H
#define _LINUX_NETDEVICE_H

#include <linux/kernel.h>
#include <linux/device.h>
#include <linux/skbuff.h>
#include <linux/spinlock.h>
#include <linux/mutex.h>
#include <linux/rtnetlink.h>
#include <linux/netlink.h>
#include <linux/netdev_features.h>
#include <linux/if_ether.h>
#include <linux/jiffies.h>
#include <linux/socket.h>
#include <linux/u64_stats_sync.h>
#include <linux/rcupdate.h>
#include <linux/workqueue.h>
#include <linux/timer.h>
#include <linux/ethtool.h>
#include <linux/sched.h>
#include <uapi/linux/if_link.h>
#include <uapi/linux/if.h>
#include <linux/delay.h>
/* Linux's reaches linux/slab.h too: e1000e's param.c frees its kstrdup with it */
#include <linux/slab.h>

struct net_device;
struct ethtool_ops;
struct kernel_hwtstamp_config;

#define IFNAMSIZ 16
#define MAX_ADDR_LEN 32
#define NAPI_POLL_WEIGHT 64

#define IFF_PROMISC 0x100
#define IFF_ALLMULTI 0x200
/* net_device.priv_flags: what the driver can do (read by nothing here) */
#define IFF_SUPP_NOFCS (1 << 19)
#define IFF_UNICAST_FLT (1 << 12)

typedef enum { NETDEV_TX_OK = 0, NETDEV_TX_BUSY = 0x10 } netdev_tx_t;
#define NET_RX_SUCCESS 0
#define NET_RX_DROP 1

struct net_device_stats {
	unsigned long rx_packets, tx_packets, rx_bytes, tx_bytes;
	unsigned long rx_errors, tx_errors, rx_dropped, tx_dropped;
	unsigned long multicast, collisions;
	unsigned long rx_length_errors, rx_over_errors, rx_crc_errors, rx_frame_errors;
	unsigned long rx_fifo_errors, rx_missed_errors;
	unsigned long tx_aborted_errors, tx_carrier_errors, tx_fifo_errors;
	unsigned long tx_heartbeat_errors, tx_window_errors;
	unsigned long rx_compressed, tx_compressed;
};

struct net_device_ops {
	int (*ndo_open)(struct net_device *dev);
	int (*ndo_stop)(struct net_device *dev);
	netdev_tx_t (*ndo_start_xmit)(struct sk_buff *skb, struct net_device *dev);
	void (*ndo_set_rx_mode)(struct net_device *dev);
	int (*ndo_set_mac_address)(struct net_device *dev, void *addr);
	int (*ndo_validate_addr)(struct net_device *dev);
	int (*ndo_change_mtu)(struct net_device *dev, int new_mtu);
	void (*ndo_tx_timeout)(struct net_device *dev, unsigned int txqueue);
	void (*ndo_get_stats64)(struct net_device *dev, struct rtnl_link_stats64 *s);
	struct net_device_stats *(*ndo_get_stats)(struct net_device *dev);
	int (*ndo_set_features)(struct net_device *dev, netdev_features_t features);
	netdev_features_t (*ndo_features_check)(struct sk_buff *skb, struct net_device *dev,
						netdev_features_t features);
	void (*ndo_poll_controller)(struct net_device *dev);
	/* VLAN filters and feature changes: ethdev has no VLANs and fixed features (never called)
	 */
	int (*ndo_vlan_rx_add_vid)(struct net_device *dev, __be16 proto, u16 vid);
	int (*ndo_vlan_rx_kill_vid)(struct net_device *dev, __be16 proto, u16 vid);
	netdev_features_t (*ndo_fix_features)(struct net_device *dev, netdev_features_t features);
	/* Hardware time stamps (Linux 6.6): ethdev has no call for them (never called) */
	int (*ndo_hwtstamp_get)(struct net_device *dev, struct kernel_hwtstamp_config *config);
	int (*ndo_hwtstamp_set)(struct net_device *dev, struct kernel_hwtstamp_config *config,
				struct netlink_ext_ack *extack);
};

/* napi_struct.state */
#define LINUX_NAPI_SCHED 0x1   /* owned by a poll (or disabled) */
#define LINUX_NAPI_DISABLE 0x2 /* napi_disable() waits */
#define LINUX_NAPI_DEL 0x4     /* netif_napi_del(): the thread ends */

struct napi_struct {
	struct net_device *dev;
	int (*poll)(struct napi_struct *napi, int budget);
	int weight;
	u32 state;
	u32 kicked; /* __napi_schedule() since the thread last looked */
	u32 waiters;
	int irq; /* netif_napi_set_irq's, for netlink's queries (none here) */
};

struct netdev_hw_addr {
	unsigned char addr[MAX_ADDR_LEN];
};

/* net_device.state */
#define LINUX_DEV_RUNNING 0x1 /* __LINK_STATE_START */
#define LINUX_DEV_XOFF 0x2    /* TX queue stopped */
#define LINUX_DEV_NOCARRIER 0x4

/* The one TX queue (netdev_get_tx_queue): its state is the device's. */
struct netdev_queue {
	struct net_device *dev;
};

struct net_device {
	char name[IFNAMSIZ];
	unsigned long state;
	unsigned int flags;
	unsigned int priv_flags;
	struct netdev_queue txq0;
	netdev_features_t features, hw_features, vlan_features;
	unsigned int mtu, min_mtu, max_mtu;
	unsigned char dev_addr[MAX_ADDR_LEN];
	unsigned char perm_addr[MAX_ADDR_LEN];
	unsigned char addr_len;
	const struct net_device_ops *netdev_ops;
	const struct ethtool_ops *ethtool_ops;
	int watchdog_timeo;
	struct net_device_stats stats;
	struct device *parent;
	struct device dev; /* the class device: its parent is the PCI device's */
	/* The BSS side: the ethdev queues and the link speed (Mbit/s). */
	bss_ref_t rxq, txq, txfreeq;
	bss_ref_t rxdirect; /* ethdev.rx_direct's queue (kept), 0 if none */
	u32 rxdirect_type;
	unsigned int bss_speed;
	unsigned long trans_start;
	u32 tx_waiters;
	unsigned long base_addr;	  /* the I/O BAR's port, for drivers using inb() */
	unsigned long mem_start, mem_end; /* the memory BAR (informational) */
	int irq;
	spinlock_t lock; /* Linux 6.15's instance lock (netdev_lock) */
};

#define SET_NETDEV_DEV(net, pdev) ((net)->parent = (net)->dev.parent = (pdev))

static inline void *netdev_priv(const struct net_device *dev)
{
	return (char *)dev + ALIGN(sizeof(struct net_device), 32);
}

#define NET_NAME_UNKNOWN 0
struct net_device *alloc_netdev(int sizeof_priv, const char *name, unsigned char name_assign_type,
				void (*setup)(struct net_device *dev));
struct net_device *alloc_etherdev(int sizeof_priv);
/* Ethernet's defaults: MTU and address length. */
void ether_setup(struct net_device *dev);
void free_netdev(struct net_device *dev);
int register_netdev(struct net_device *dev);
void unregister_netdev(struct net_device *dev);
/* The device register_netdev() published (the NIC bridge serves it). */
extern struct net_device *linux_netdev;
int linux_dev_open(struct net_device *dev);
/* TX thread: send n packets p (from the TX queue) through ndo_start_xmit (lib/netdev.c). */
#define LINUX_TX_BATCH_MAX 8
struct bss_pkt_desc;
void linux_dev_xmit_batch(struct net_device *dev, const bss_ref_t *p, const struct bss_pkt_desc *d,
			  u32 n);
/* ethdev.rx_direct: frames of EtherType type go straight into q. */
void linux_dev_rx_direct(struct net_device *dev, u32 type, bss_ref_t q);
/* Gives the TX buffers freed while sending or polling back to the TX-free queue. */
void linux_tx_flush(struct net_device *dev);
/* The carrier changed: the NIC bridge tells the ethdev's client (lib/nic.c). */
void linux_link_changed(struct net_device *dev);
struct rtnl_link_stats64 *dev_get_stats(struct net_device *dev, struct rtnl_link_stats64 *storage);

static inline bool netif_running(const struct net_device *dev)
{
	return dev->state & LINUX_DEV_RUNNING;
}

static inline void netif_start_queue(struct net_device *dev)
{
	dev->state &= ~LINUX_DEV_XOFF;
}
static inline void netif_stop_queue(struct net_device *dev)
{
	dev->state |= LINUX_DEV_XOFF;
}
/* The TX thread calls ndo_start_xmit under the server's lock: stopping is enough. */
static inline void netif_tx_disable(struct net_device *dev)
{
	netif_stop_queue(dev);
}
static inline void netif_trans_update(struct net_device *dev)
{
	dev->trans_start = jiffies;
}
static inline unsigned long dev_trans_start(struct net_device *dev)
{
	return dev->trans_start;
}
static inline bool netif_queue_stopped(const struct net_device *dev)
{
	return dev->state & LINUX_DEV_XOFF;
}
static inline void netif_wake_queue(struct net_device *dev)
{
	dev->state &= ~LINUX_DEV_XOFF;
	if (dev->tx_waiters)
		bss_wake((uintptr_t)&dev->tx_waiters, 0);
}

/* No hot-unplug and no suspend (pm-ops.cocci): the device is always there. */
static inline bool netif_device_present(const struct net_device *dev)
{
	(void)dev;
	return true;
}

/*
 * Byte queue limits: Linux stops a queue early on bytes in flight; here
 * the TX thread feeds the driver one batch at a time and the driver's own
 * ring stops the queue (stubs.c: intentional no-ops).
 */
void netdev_sent_queue(struct net_device *dev, unsigned int bytes);
void netdev_completed_queue(struct net_device *dev, unsigned int pkts, unsigned int bytes);
void netdev_reset_queue(struct net_device *dev);

static inline bool netif_carrier_ok(const struct net_device *dev)
{
	return !(dev->state & LINUX_DEV_NOCARRIER);
}
static inline void netif_carrier_on(struct net_device *dev)
{
	if (dev->state & LINUX_DEV_NOCARRIER) {
		dev->state &= ~LINUX_DEV_NOCARRIER;
		linux_link_changed(dev);
	}
}
static inline void netif_carrier_off(struct net_device *dev)
{
	if (!(dev->state & LINUX_DEV_NOCARRIER)) {
		dev->state |= LINUX_DEV_NOCARRIER;
		linux_link_changed(dev);
	}
}

/* The ethdev service has no multicast list: the list is empty. */
static inline int netdev_mc_count(const struct net_device *dev)
{
	(void)dev;
	return 0;
}
static inline bool netdev_mc_empty(const struct net_device *dev)
{
	return netdev_mc_count(dev) == 0;
}
#define netdev_for_each_mc_addr(ha, dev) for ((ha) = NULL, (void)(dev); (ha) != NULL; (ha) = NULL)

static inline void netdev_stats_to_stats64(struct rtnl_link_stats64 *s64,
					   const struct net_device_stats *s)
{
	const unsigned long *src = (const unsigned long *)s;
	u64 *dst = (u64 *)s64;
	size_t i, n = sizeof(*s) / sizeof(unsigned long);

	for (i = 0; i < n; i++)
		dst[i] = src[i];
	for (; i < sizeof(*s64) / sizeof(u64); i++)
		dst[i] = 0;
}

/* The secondary unicast list is as empty as the multicast one. */
static inline int netdev_uc_count(const struct net_device *dev)
{
	(void)dev;
	return 0;
}
#define netdev_for_each_uc_addr(ha, dev) netdev_for_each_mc_addr(ha, dev)
#define netdev_uc_empty(dev) (netdev_uc_count(dev) == 0)

/* The RSS hash key: one RX queue here, so the hash only labels skbs. */
void netdev_rss_key_fill(void *buffer, size_t len);
/* Offloads need no per-skb check beyond what the stack asked (packet.meta). */
static inline netdev_features_t passthru_features_check(struct sk_buff *skb, struct net_device *dev,
							netdev_features_t features)
{
	(void)skb, (void)dev;
	return features;
}

static inline struct netdev_queue *netdev_get_tx_queue(struct net_device *dev, unsigned int i)
{
	(void)i;
	return &dev->txq0;
}
static inline bool netif_xmit_stopped(const struct netdev_queue *q)
{
	return netif_queue_stopped(q->dev);
}
/*
 * More frames follow this one? True while the TX thread's batch has
 * another frame for the driver (linux_dev_xmit_batch): the driver may
 * then leave its doorbell to the last.
 */
extern bool linux_xmit_more;
static inline bool netdev_xmit_more(void)
{
	return linux_xmit_more;
}

/* Hot-unplug, suspend and PCI error recovery (never run here) detach a device. */
static inline void netif_device_detach(struct net_device *dev)
{
	(void)dev;
	LINUX_UNSUPPORTED(netif_device_detach);
}
static inline void netif_device_attach(struct net_device *dev)
{
	(void)dev;
	LINUX_UNSUPPORTED(netif_device_attach);
}

/* NAPI: threaded (see above). */
void netif_napi_add_weight(struct net_device *dev, struct napi_struct *napi,
			   int (*poll)(struct napi_struct *, int), int weight);
static inline void netif_napi_add(struct net_device *dev, struct napi_struct *napi,
				  int (*poll)(struct napi_struct *, int))
{
	netif_napi_add_weight(dev, napi, poll, NAPI_POLL_WEIGHT);
}
/* After napi_disable(): the NAPI thread ends. */
void netif_napi_del(struct napi_struct *napi);
void napi_enable(struct napi_struct *n);
void napi_disable(struct napi_struct *n);
void napi_synchronize(const struct napi_struct *n);
/*
 * Which IRQ and queues a NAPI instance serves (Linux 6.9+): information
 * for netlink's queue queries, which a server does not answer; recorded
 * where there is a field for it.
 */
enum netdev_queue_type { NETDEV_QUEUE_TYPE_RX, NETDEV_QUEUE_TYPE_TX };
static inline void netif_napi_set_irq(struct napi_struct *napi, int irq)
{
	napi->irq = irq;
}
static inline void netif_queue_set_napi(struct net_device *dev, unsigned int queue_index,
					enum netdev_queue_type type, struct napi_struct *napi)
{
	(void)dev, (void)queue_index, (void)type, (void)napi;
}
/* The instance lock (Linux 6.15) and the NAPI calls made under it. */
#define netdev_lock(dev) spin_lock(&(dev)->lock)
#define netdev_unlock(dev) spin_unlock(&(dev)->lock)
#define napi_enable_locked(n) napi_enable(n)
#define napi_disable_locked(n) napi_disable(n)

static inline bool napi_schedule_prep(struct napi_struct *n)
{
	if (n->state & (LINUX_NAPI_SCHED | LINUX_NAPI_DISABLE))
		return false;
	n->state |= LINUX_NAPI_SCHED;
	return true;
}
static inline void __napi_schedule(struct napi_struct *n)
{
	n->kicked = 1;
	bss_wake((uintptr_t)n, 0);
}
static inline void napi_schedule(struct napi_struct *n)
{
	if (napi_schedule_prep(n))
		__napi_schedule(n);
}
#define napi_schedule_irqoff(n) napi_schedule(n)
#define __napi_schedule_irqoff(n) __napi_schedule(n)
static inline bool napi_complete_done(struct napi_struct *n, int work_done)
{
	(void)work_done;
	n->state &= ~LINUX_NAPI_SCHED;
	return true;
}
#define napi_complete(n) napi_complete_done(n, 0)

struct sk_buff *napi_alloc_skb(struct napi_struct *napi, unsigned int len);
/* Linux 2.6's RX buffer call: the same pool (one device per server). */
#define dev_alloc_skb(len) netdev_alloc_skb(linux_netdev, len)

/* linux/net.h: at most 10 messages in 5 s, as Linux's default. */
int net_ratelimit(void);
int netif_receive_skb(struct sk_buff *skb);
#define netif_rx(skb) netif_receive_skb(skb)

/* No GRO: every frame goes up as it came (the stack has no use for merging). */
typedef enum { GRO_MERGED, GRO_MERGED_FREE, GRO_HELD, GRO_NORMAL, GRO_CONSUMED } gro_result_t;
static inline gro_result_t napi_gro_receive(struct napi_struct *napi, struct sk_buff *skb)
{
	(void)napi;
	return netif_receive_skb(skb) == NET_RX_SUCCESS ? GRO_NORMAL : GRO_MERGED_FREE;
}

/*
 * RX into buffers the driver allocated before the frame came
 * (netdev_alloc_frag): the buffer is an RX pool packet, and
 * napi_build_skb() gives back that packet's skb (lib/skbuff.c).
 */
struct sk_buff *napi_build_skb(void *data, unsigned int frag_size);
#define build_skb(data, frag_size) napi_build_skb(data, frag_size)
/* Paged RX (jumbo frames: MTU above 1500, which ethdev never sets) is not supported. */
struct sk_buff *napi_get_frags(struct napi_struct *napi);
gro_result_t napi_gro_frags(struct napi_struct *napi);
void napi_free_frags(struct napi_struct *napi); /* nothing to free */
#define napi_consume_skb(skb, budget) ((void)(budget), dev_consume_skb_any(skb))

/* Messages: netdev_*() and netif_msg_*() */
#define NETIF_MSG_DRV 0x0001
#define NETIF_MSG_PROBE 0x0002
#define NETIF_MSG_LINK 0x0004
#define NETIF_MSG_TIMER 0x0008
#define NETIF_MSG_IFDOWN 0x0010
#define NETIF_MSG_IFUP 0x0020
#define NETIF_MSG_RX_ERR 0x0040
#define NETIF_MSG_TX_ERR 0x0080
#define NETIF_MSG_TX_QUEUED 0x0100
#define NETIF_MSG_INTR 0x0200
#define NETIF_MSG_TX_DONE 0x0400
#define NETIF_MSG_RX_STATUS 0x0800
#define NETIF_MSG_PKTDATA 0x1000
#define NETIF_MSG_HW 0x2000
#define NETIF_MSG_WOL 0x4000

#define netif_msg_drv(p) ((p)->msg_enable & NETIF_MSG_DRV)
#define netif_msg_probe(p) ((p)->msg_enable & NETIF_MSG_PROBE)
#define netif_msg_link(p) ((p)->msg_enable & NETIF_MSG_LINK)
#define netif_msg_timer(p) ((p)->msg_enable & NETIF_MSG_TIMER)
#define netif_msg_ifdown(p) ((p)->msg_enable & NETIF_MSG_IFDOWN)
#define netif_msg_ifup(p) ((p)->msg_enable & NETIF_MSG_IFUP)
#define netif_msg_rx_err(p) ((p)->msg_enable & NETIF_MSG_RX_ERR)
#define netif_msg_tx_err(p) ((p)->msg_enable & NETIF_MSG_TX_ERR)
#define netif_msg_tx_queued(p) ((p)->msg_enable & NETIF_MSG_TX_QUEUED)
#define netif_msg_intr(p) ((p)->msg_enable & NETIF_MSG_INTR)
#define netif_msg_tx_done(p) ((p)->msg_enable & NETIF_MSG_TX_DONE)
#define netif_msg_rx_status(p) ((p)->msg_enable & NETIF_MSG_RX_STATUS)
#define netif_msg_pktdata(p) ((p)->msg_enable & NETIF_MSG_PKTDATA)
#define netif_msg_hw(p) ((p)->msg_enable & NETIF_MSG_HW)
#define netif_msg_wol(p) ((p)->msg_enable & NETIF_MSG_WOL)

#define netdev_printk(level, dev, fmt, ...) printk(level "%s: " fmt, (dev)->name, ##__VA_ARGS__)
#define netdev_err(dev, fmt, ...) netdev_printk(KERN_ERR, dev, fmt, ##__VA_ARGS__)
#define netdev_warn(dev, fmt, ...) netdev_printk(KERN_WARNING, dev, fmt, ##__VA_ARGS__)
#define netdev_info(dev, fmt, ...) netdev_printk(KERN_INFO, dev, fmt, ##__VA_ARGS__)
#define netdev_notice(dev, fmt, ...) netdev_printk(KERN_NOTICE, dev, fmt, ##__VA_ARGS__)
#ifdef DEBUG
#define netdev_dbg(dev, fmt, ...) netdev_printk(KERN_DEBUG, dev, fmt, ##__VA_ARGS__)
#else
#define netdev_dbg(dev, fmt, ...)                                                                  \
	({                                                                                         \
		if (0)                                                                             \
			netdev_printk(KERN_DEBUG, dev, fmt, ##__VA_ARGS__);                        \
	})
#endif
#define netdev_WARN_ONCE(dev, fmt, ...) WARN_ONCE(1, "%s: " fmt, (dev)->name, ##__VA_ARGS__)
#define netif_dbg(priv, type, dev, fmt, ...)                                                       \
	({                                                                                         \
		if (netif_msg_##type(priv))                                                        \
			netdev_dbg(dev, fmt, ##__VA_ARGS__);                                       \
	})
#define netif_printk(priv, type, level, dev, fmt, ...)                                             \
	({                                                                                         \
		if (netif_msg_##type(priv))                                                        \
			netdev_printk(level, dev, fmt, ##__VA_ARGS__);                             \
	})
#define netif_err(priv, type, dev, fmt, ...)                                                       \
	netif_printk(priv, type, KERN_ERR, dev, fmt, ##__VA_ARGS__)
#define netif_warn(priv, type, dev, fmt, ...)                                                      \
	netif_printk(priv, type, KERN_WARNING, dev, fmt, ##__VA_ARGS__)
#define netif_notice(priv, type, dev, fmt, ...)                                                    \
	netif_printk(priv, type, KERN_NOTICE, dev, fmt, ##__VA_ARGS__)
#define netif_info(priv, type, dev, fmt, ...)                                                      \
	netif_printk(priv, type, KERN_INFO, dev, fmt, ##__VA_ARGS__)

/* Linux's: -1 means the default bits, 0..31 the lowest N. */
static inline u32 netif_msg_init(int debug_value, int default_msg_enable_bits)
{
	if (debug_value < 0 || debug_value >= 32)
		return default_msg_enable_bits;
	if (debug_value == 0)
		return 0;
	return (1U << debug_value) - 1;
}

#endif
