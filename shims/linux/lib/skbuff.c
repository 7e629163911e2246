// SPDX-License-Identifier: GPL-2.0
/*
 * The driver's packets: local servers (service packet) over one DMA region.
 * RX packets carry received frames to the stack and come back to the RX
 * pool when the stack has released them; TX packets circulate TX-free ->
 * stack -> TX -> driver -> TX-free (thesis 4.4: the driver owns its send
 * buffers). A packet the driver holds has its skb; a reference to it
 * exists only while someone else may see it.
 *
 * The packets' local servers are BSS_REAP: a last release does not enter
 * the driver (in an isolated system, an opening of its space per frame);
 * the kernel keeps the dead ones, and the RX pool takes them back with one
 * bss_reap when it finds no free buffer (rx_reap).
 */
#include <linux/netdevice.h>
#include <linux/etherdevice.h>
#include <linux/dma-mapping.h>
#include <linux/in.h>
#include "pkt.h"

/*
 * RX packets: the driver's ring holds some, the stack the rest until it
 * releases them. The pool starts with LINUX_RX_PKTS and grows while the
 * driver fills its ring in ndo_open (e1000: 256 descriptors), then once
 * more so that the stack keeps LINUX_RX_SHARE beside the full ring.
 */
#define LINUX_RX_SHARE 96
#define LINUX_RX_PKTS (LINUX_RX_SHARE + 64)
#define LINUX_RX_MAX 512
#define LINUX_RX_GROW 64 /* packets per DMA region added in ndo_open */
#define LINUX_TX_PKTS 32
_Static_assert(LINUX_TX_PKTS <= BSS_RELEASE_MAX, "skbuff.c: a TX batch goes in one bss_release_n");

static struct linux_pkt rx_pkts[LINUX_RX_MAX], tx_pkts[LINUX_TX_PKTS];
static unsigned int rx_npkts;
/* The DMA regions of the RX packets: rx_pkts[first, first + n) at base. */
static struct {
	unsigned char *base;
	unsigned int first, n;
} rx_regions[4];
static unsigned int rx_nregions;
static bool rx_may_grow;
static unsigned char *tx_base;
static struct net_device *pool_dev;
u32 linux_tx_size = LINUX_PKT_SIZE;
u64 linux_rx_csum_ok;

/* A foreign packet (not from TX-free) being sent: at most one at a time. */
static struct sk_buff foreign_skb;

bool linux_in_xmit;

/* TX buffers freed while transmitting or in a NAPI poll: back to TX-free by linux_tx_flush. */
static bss_ref_t txfree_batch[LINUX_TX_PKTS];
static struct linux_pkt *txfree_pkts[LINUX_TX_PKTS];
static unsigned int txfree_batched;

/* TX buffers freed in the interrupt path (which must not call out): the TX-done thread's. */
static bss_ref_t txdone[LINUX_TX_PKTS];
static struct linux_pkt *txdone_pkts[LINUX_TX_PKTS];
static unsigned int txdone_n;

/* ---- packets ---- */

/*
 * A fresh skb, once per frame: all but the fragment table, which only
 * nr_frags entries count (more than half of the skb, and every frame).
 * The builtin, because -ffreestanding makes memset a call whose byte
 * loop for the tail cost more than the few stores of these two sizes.
 */
static void skb_clear(struct sk_buff *skb)
{
	__builtin_memset(skb, 0, offsetof(struct sk_buff, shinfo.frags));
	__builtin_memset(&skb->pkt, 0, sizeof(*skb) - offsetof(struct sk_buff, pkt));
}
_Static_assert(offsetof(struct sk_buff, pkt) ==
		       offsetof(struct sk_buff, shinfo.frags) + sizeof(skb_frag_t) * MAX_SKB_FRAGS,
	       "skb_clear: the fragment table is not what lies between shinfo and pkt");

BSS_LOCAL_SERVER(linux_pkt_server, PACKET, struct linux_pkt, linux_pkt,
		 .attrs = BSS_INHERIT | BSS_REAP);

uint64_t linux_pkt_map(struct linux_pkt *p)
{
	return (uintptr_t)(p->buf + p->off);
}
u32 linux_pkt_len(struct linux_pkt *p)
{
	return p->len;
}
u32 linux_pkt_cap(struct linux_pkt *p)
{
	return p->cap - p->off;
}
u32 linux_pkt_meta(struct linux_pkt *p)
{
	return p->meta;
}
void linux_pkt_set_meta(struct linux_pkt *p, u32 meta)
{
	p->meta = meta;
}

void linux_pkt_set_len(struct linux_pkt *p, u32 len)
{
	if (len > p->cap - p->off)
		bss_throw(BSS_E_INVAL, EINVAL, "packet length beyond its buffer");
	p->len = len;
}

void linux_pkt_trim(struct linux_pkt *p, u32 head, u32 len)
{
	if (head > p->cap - p->off || len > p->cap - p->off - head)
		bss_throw(BSS_E_INVAL, EINVAL, "packet.trim beyond its buffer");
	p->off += head;
	p->len = len;
}

u32 linux_pkt_push(struct linux_pkt *p, u32 n)
{
	if (n > p->off)
		return 0;
	p->off -= n;
	p->len += n;
	return 1;
}

bss_ref_t linux_pkt_ref(struct linux_pkt *p)
{
	p->in_use = true;
	return bss_local(&linux_pkt_server, p);
}

struct linux_pkt *linux_tx_pkt(u64 addr)
{
	u64 base = (uintptr_t)tx_base;

	if (addr < base || addr >= base + LINUX_TX_PKTS * linux_tx_size ||
	    (addr - base) % linux_tx_size)
		return NULL;
	return &tx_pkts[(addr - base) / linux_tx_size];
}

/* ---- RX buffers ---- */

/* Buffers come back in about the order they went: the search goes on from the last one taken. */
static unsigned int rx_next;
/*
 * About how many RX packets are free: at 0 rx_alloc reaps before it
 * searches, instead of after a search of the whole pool that finds none.
 * Only a hint (the search decides), so a frame freed where it is not
 * counted costs a search, never a buffer.
 */
static unsigned int rx_nfree;

/* The n RX packets in base, a DMA region of n buffers (ignored when the tables are full). */
static void rx_add(unsigned char *base, unsigned int n)
{
	unsigned int i;

	if (rx_nregions == ARRAY_SIZE(rx_regions) || rx_npkts + n > LINUX_RX_MAX)
		return;
	rx_regions[rx_nregions].base = base;
	rx_regions[rx_nregions].first = rx_npkts;
	rx_regions[rx_nregions++].n = n;
	for (i = 0; i < n; i++) {
		rx_pkts[rx_npkts + i].buf = base + i * LINUX_PKT_SIZE;
		rx_pkts[rx_npkts + i].cap = LINUX_PKT_SIZE;
	}
	rx_npkts += n;
	rx_nfree += n;
}

/* n more RX packets in a new DMA region; false if there is none or no room. */
static bool rx_grow(unsigned int n)
{
	unsigned int had = rx_npkts;
	dma_addr_t phys;
	unsigned char *base;

	n = n < LINUX_RX_MAX - rx_npkts ? n : LINUX_RX_MAX - rx_npkts;
	if (!n || rx_nregions == ARRAY_SIZE(rx_regions))
		return false;
	base = linux_dma_region(n * LINUX_PKT_SIZE, &phys);
	if (!base)
		return false;
	rx_add(base, n);
	return rx_npkts > had;
}

/*
 * The packets whose last reference went since the last call are free
 * again: the TX buffers never come here (the bridge keeps a reference to
 * each), and the kernel hands back only this server's own objects.
 */
static unsigned int rx_reap(void)
{
	void *objs[64];
	unsigned int i, n, got = 0;

	do {
		n = bss_reap(objs, ARRAY_SIZE(objs));
		for (i = 0; i < n; i++)
			((struct linux_pkt *)objs[i])->in_use = false;
		got += n;
	} while (n == ARRAY_SIZE(objs));
	rx_nfree += got;
	return got;
}

void linux_rx_pool_opening(bool opening)
{
	unsigned int i, n = 0;

	rx_may_grow = opening;
	if (opening)
		return;
	rx_reap();
	for (i = 0; i < rx_npkts; i++)
		n += !rx_pkts[i].in_use;
	if (n < LINUX_RX_SHARE)
		rx_grow(LINUX_RX_SHARE - n);
}

/* The next free one from rx_next on, wrapping without a division (once per frame). */
static struct linux_pkt *rx_find(void)
{
	unsigned int i, k = rx_next;

	for (i = 0; i < rx_npkts; i++, k++) {
		if (k >= rx_npkts)
			k = 0;
		if (!rx_pkts[k].in_use) {
			rx_next = k + 1;
			return &rx_pkts[k];
		}
	}
	return NULL;
}

/* A free RX packet, taken; NULL if the stack holds them all. */
static struct linux_pkt *rx_take(unsigned int len)
{
	struct linux_pkt *p;

	if (len > LINUX_PKT_SIZE)
		return NULL;
	if (!rx_nfree)
		rx_reap();
	p = rx_find();
	if (!p && rx_reap())
		p = rx_find();
	if (!p && rx_may_grow && rx_grow(LINUX_RX_GROW)) {
		p = &rx_pkts[rx_next % rx_npkts];
		while (p->in_use)
			p = &rx_pkts[(p - rx_pkts + 1) % rx_npkts];
		rx_next = p - rx_pkts + 1;
	}
	if (!p)
		return NULL; /* the stack holds them all: drop */
	rx_nfree -= rx_nfree > 0;
	p->in_use = true;
	p->meta = 0;
	p->off = 0;
	return p;
}

/* A packet's skb, fresh: once per frame, when the driver first sees it as an skb. */
static struct sk_buff *rx_skb(struct linux_pkt *p)
{
	skb_clear(&p->skb);
	p->skb.head = p->skb.data = p->buf;
	p->skb.pkt = p;
	return &p->skb;
}

static struct sk_buff *rx_alloc(unsigned int len)
{
	struct linux_pkt *p = rx_take(len);

	return p ? rx_skb(p) : NULL;
}

struct sk_buff *napi_alloc_skb(struct napi_struct *napi, unsigned int len)
{
	(void)napi;
	return rx_alloc(len);
}

struct sk_buff *netdev_alloc_skb(struct net_device *dev, unsigned int len)
{
	(void)dev;
	return rx_alloc(len);
}

/*
 * Buffers allocated before a frame comes: a pool packet's whole buffer,
 * which napi_build_skb() turns into that packet's skb (and clears it
 * then: not here as well, once per received frame over e1000).
 */
void *netdev_alloc_frag(unsigned int fragsz)
{
	struct linux_pkt *p = rx_take(fragsz);

	return p ? p->buf : NULL;
}

/* Is data in RX region i? Then *p is the packet whose buffer starts there, or NULL. */
static bool rx_in_region(unsigned int i, const void *data, struct linux_pkt **p)
{
	uintptr_t off = (uintptr_t)data - (uintptr_t)rx_regions[i].base;

	if ((const unsigned char *)data < rx_regions[i].base ||
	    off >= rx_regions[i].n * LINUX_PKT_SIZE)
		return false;
	*p = off % LINUX_PKT_SIZE ? NULL : &rx_pkts[rx_regions[i].first + off / LINUX_PKT_SIZE];
	return true;
}

/*
 * The RX pool packet whose buffer starts at data, NULL if none does. The
 * region of the last hit first: a driver refills its ring in order, so
 * the next frame's buffer is mostly in the same region (napi_build_skb
 * asks once per received frame; the whole search took about 40 guest
 * instructions a frame over e1000).
 */
static struct linux_pkt *rx_pkt_of(const void *data)
{
	static unsigned int last;
	struct linux_pkt *p;
	unsigned int i;

	if (last < rx_nregions && rx_in_region(last, data, &p))
		return p;
	for (i = 0; i < rx_nregions; i++)
		if (rx_in_region(i, data, &p)) {
			last = i;
			return p;
		}
	return NULL;
}

/* A buffer not from netdev_alloc_frag (a page fragment, say): not supported. */
void skb_free_frag(void *data)
{
	struct linux_pkt *p = rx_pkt_of(data);

	if (!p)
		LINUX_UNSUPPORTED(skb_free_frag);
	p->in_use = false;
	rx_nfree++;
}

struct sk_buff *napi_build_skb(void *data, unsigned int frag_size)
{
	struct linux_pkt *p = rx_pkt_of(data);

	if (!p)
		LINUX_UNSUPPORTED(napi_build_skb);
	if (frag_size > LINUX_PKT_SIZE)
		return NULL;
	rx_skb(p)->truesize = frag_size;
	return &p->skb;
}

/* ---- TX buffers ---- */

/* What the stack asked for (packet.meta), as Linux's stack tells a driver. */
static void tx_offloads(struct sk_buff *skb, u32 meta)
{
	const u8 *ip = skb->head + skb->network_header;
	u32 ihl;

	if (!skb->network_header || skb->len < ETH_HLEN + 20)
		return;
	ihl = (ip[0] & 15) * 4;
	if (meta & PKT_TX_CSUM && (ip[9] == IPPROTO_TCP || ip[9] == IPPROTO_UDP)) {
		skb->ip_summed = CHECKSUM_PARTIAL;
		skb->csum_start = skb->network_header + ihl;
		skb->csum_offset = ip[9] == IPPROTO_TCP ? 16 : 6;
	}
	skb->transport_header = skb->network_header + ihl;
	if (PKT_MSS(meta) && ip[9] == IPPROTO_TCP) {
		skb_shinfo(skb)->gso_size = PKT_MSS(meta);
		skb_shinfo(skb)->gso_type = SKB_GSO_TCPV4;
	}
}

/*
 * Does d describe the frame of our TX buffer pkt, mapped at addr? Then the
 * stack wrote length and offloads there, not into the packet (txfree_put).
 */
static bool tx_desc_ok(const struct linux_pkt *pkt, u64 addr, const struct bss_pkt_desc *d)
{
	return pkt && d && d->flags & PKT_DESC_VALID && d->addr == (uintptr_t)pkt->buf &&
	       d->addr + d->off == addr && d->len <= pkt->cap - pkt->off;
}

struct sk_buff *linux_tx_skb(bss_ref_t p, u64 addr, const struct bss_pkt_desc *d)
{
	struct linux_pkt *pkt = linux_tx_pkt(addr);
	struct sk_buff *skb = pkt ? &pkt->skb : &foreign_skb;
	bool desc = tx_desc_ok(pkt, addr, d);
	u32 meta;

	if (!pkt && foreign_skb.ref)
		return NULL; /* the one foreign slot is taken */
	skb_clear(skb);
	skb->head = skb->data = (unsigned char *)(uintptr_t)addr;
	skb->len = desc ? d->len : pkt ? pkt->len : packet_len(p);
	skb->pkt = pkt;
	skb->ref = p;
	skb->tx = true;
	if (skb->len >= ETH_HLEN)
		skb->protocol = cpu_to_be16(skb->head[12] << 8 | skb->head[13]);
	if (skb->protocol == cpu_to_be16(ETH_P_IP))
		skb->network_header = ETH_HLEN;
	meta = desc ? d->meta : pkt ? pkt->meta : packet_meta(p);
	if (pkt)
		pkt->meta = pkt->off = 0; /* for this frame only */
	if (meta)
		tx_offloads(skb, meta);
	return skb;
}

/* The driver holds skb past ndo_start_xmit (a descriptor ring): keep its packet. */
void linux_tx_skb_sent(struct sk_buff *skb)
{
	bss_ref_t temp = skb->ref;

	if (!temp)
		return;			/* freed while transmitting */
	skb->ref = bss_keep_temp(temp); /* isolated: one system call, not two */
}

/*
 * TX buffers back to TX-free with their descriptors (address here, size):
 * a stack building frames in them then needs no map (bss_here), set_len
 * or set_meta call. Cannot refuse any: the queue holds every TX buffer.
 */
static void txfree_put(struct net_device *dev, const bss_ref_t *refs, struct linux_pkt *const *pkts,
		       unsigned int n)
{
	struct bss_pkt_desc d[LINUX_TX_PKTS];
	unsigned int i;

	for (i = 0; i < n; i++)
		d[i] = (struct bss_pkt_desc){.addr = (uintptr_t)pkts[i]->buf,
					     .cap = pkts[i]->cap,
					     .flags = PKT_DESC_VALID};
	queue_put_batch_desc(dev->txfreeq, refs, n, d, n * (u32)sizeof(d[0]));
}

void linux_tx_flush(struct net_device *dev)
{
	bss_ref_t batch[LINUX_TX_PKTS];
	struct linux_pkt *pkts[LINUX_TX_PKTS];
	unsigned int n = txfree_batched;

	if (!n)
		return;
	/* the TX and the NAPI thread both batch: one may add while the put is out */
	memcpy(batch, txfree_batch, n * sizeof(batch[0]));
	memcpy(pkts, txfree_pkts, n * sizeof(pkts[0]));
	txfree_batched = 0;
	txfree_put(dev, batch, pkts, n);
	bss_release_n(batch, n); /* isolated: one system call, not n */
}

/* TX-done thread: returns what the interrupt path freed to TX-free. */
BSS_LOCAL_SERVER(linux_txdone_server, RUNNABLE, struct net_device, linux_txdone);

void linux_txdone_run(struct net_device *dev)
{
	bss_ref_t batch[LINUX_TX_PKTS];
	struct linux_pkt *pkts[LINUX_TX_PKTS];
	unsigned int n;

	for (;;) {
		while (!txdone_n)
			bss_wait((uintptr_t)&txdone_n);
		/* the interrupt path may add more while the put below is out */
		n = txdone_n;
		memcpy(batch, txdone, n * sizeof(batch[0]));
		memcpy(pkts, txdone_pkts, n * sizeof(pkts[0]));
		txdone_n = 0;
		txfree_put(dev, batch, pkts, n);
		bss_release_n(batch, n);
	}
}

/*
 * Frees skb. A TX buffer freed while transmitting or in a NAPI poll (a
 * driver cleaning its TX ring there, as e1000 does) waits for
 * linux_tx_flush (the end of the TX thread's batch or of the poll: one
 * queue call for all), one freed in the interrupt path for the
 * TX-done thread; one freed anywhere else (a reset) goes back at once.
 * An RX buffer the driver never gave away goes back to the pool.
 */
void dev_kfree_skb_any(struct sk_buff *skb)
{
	struct net_device *dev = pool_dev;
	bss_ref_t ref = skb->ref;

	skb->ref = 0;
	if (!skb->tx) {
		if (ref)
			bss_release(ref);
		else if (skb->pkt) {
			skb->pkt->in_use = false;
			rx_nfree++;
		}
		return;
	}
	if (skb->pkt) {
		if ((linux_in_xmit || linux_in_napi) && txfree_batched < LINUX_TX_PKTS) {
			txfree_pkts[txfree_batched] = skb->pkt;
			txfree_batch[txfree_batched++] = ref;
			return;
		}
		if (linux_in_irq) {
			/* cannot overflow: there are only LINUX_TX_PKTS TX buffers */
			txdone_pkts[txdone_n] = skb->pkt;
			txdone[txdone_n++] = ref;
			bss_wake((uintptr_t)&txdone_n, 0);
			return;
		}
		txfree_put(dev, &ref, &skb->pkt, 1);
	}
	bss_release(ref);
}

/*
 * Linux's software fallback: copy, then the L4 checksum over [csum_start,
 * len), whose field holds the pseudo header's sum (RFC 1071). Summed in the
 * CPU's byte order, 4 bytes at a time, then swapped (RFC 1071 2.B).
 */
void skb_copy_and_csum_dev(const struct sk_buff *skb, u8 *to)
{
	u32 start = skb->csum_start, n, w;
	const u8 *p;
	u64 sum = 0;
	u16 w16;

	memcpy(to, skb->data, skb->len);
	if (skb->ip_summed != CHECKSUM_PARTIAL || start + skb->csum_offset + 2 > skb->len)
		return;
	for (p = to + start, n = skb->len - start; n >= 4; p += 4, n -= 4) {
		memcpy(&w, p, 4);
		sum += w;
	}
	if (n >= 2) {
		memcpy(&w16, p, 2);
		sum += w16;
		p += 2;
		n -= 2;
	}
	if (n)
		sum += *p;
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	w16 = (u16)~swab16((u16)sum);
	to[start + skb->csum_offset] = w16 >> 8;
	to[start + skb->csum_offset + 1] = w16 & 0xff;
}

/* ---- the pool ---- */

void linux_pkt_pool_init(struct net_device *dev)
{
	dma_addr_t phys;
	unsigned char *base;
	int i;

	/* a device that segments TCP gets TX buffers for whole TSO frames */
	if (dev->features & NETIF_F_TSO)
		linux_tx_size = LINUX_TSO_SIZE;
	base = linux_dma_region(LINUX_RX_PKTS * LINUX_PKT_SIZE + LINUX_TX_PKTS * linux_tx_size,
				&phys);
	if (!base)
		bss_throw(BSS_E_LIMIT, ENOMEM, "no DMA memory for the packet pool");
	pool_dev = dev;
	rx_add(base, LINUX_RX_PKTS);
	tx_base = base + LINUX_RX_PKTS * LINUX_PKT_SIZE;
	for (i = 0; i < LINUX_TX_PKTS; i++) {
		bss_ref_t r;

		tx_pkts[i].buf = tx_base + i * linux_tx_size;
		tx_pkts[i].cap = linux_tx_size;
		r = linux_pkt_ref(&tx_pkts[i]);
		tx_pkts[i].self = bss_keep(r);
		txfree_put(dev, &r, (struct linux_pkt *[]){&tx_pkts[i]}, 1);
		bss_release(r);
	}
	thread_start(LINUX_THREAD, bss_local(&linux_txdone_server, dev));
}
