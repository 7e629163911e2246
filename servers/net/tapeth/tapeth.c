/*
 * An Ethernet driver (services/ethdev.svc) over a Linux TAP device of the
 * hosted runtime: the stack's real peer in tests/net. It is written like a
 * driver for hardware (thesis 4.4): the device is a required service
 * (tapio, as ioport/irq would be), its queues come from the queue factory,
 * received frames go into the RX queue, or straight into the IPv4 server's
 * queue that the distributor hands out for the fast path (direct()).
 *
 * TX buffers are pool packets the driver keeps in its TX-free queue; a
 * buffer a protocol server took and dropped dies with its last reference,
 * so the transmit thread tops the TX-free queue up again.
 *
 * Parameters: dev (TAP device name), txbufs, qlen, batch.
 */
#include <bss/server.h>
#include <svc/config.h>
#include <svc/ethdev.h>
#include <svc/ethproto.h>
#include <svc/packet.h>
#include <svc/pktpool.h>
#include <svc/queue.h>
#include <svc/queues.h>
#include <svc/runnable.h>
#include <svc/tapdev.h>
#include <svc/tapio.h>
#include <svc/thread.h>
#include "netlib/eth.h"
#include "serverlib/net/param.h"
#include "serverlib/net/pkt.h"

#define CONFIG BSS_REQ(0)
#define TAPIO BSS_REQ(1)
#define QUEUES BSS_REQ(2)
#define PKTPOOL BSS_REQ(3)
#define ETHPROTO BSS_REQ(4)
#define THREAD BSS_REQ(5)

#define MAX_BATCH 256
#define FRAME_BUF 2048u

struct tapeth {
	bss_ref_t tap, rxq, txq, txfree, direct; /* permanent */
	uint8_t mac[NL_ETH_ALEN];
	char dev[16];
	uint32_t batch, txbufs, mtu;
	uint64_t rx, tx, rx_nobuf, rx_full, rx_direct;
	uint8_t scratch[FRAME_BUF]; /* receives frames there is no buffer for */
};

static void te_init(struct tapeth *t);

BSS_SERVER(ETHDEV, struct tapeth, te, .ctor = BSS_CTOR(te_init), .stack_size = 32768,
	   BSS_REQUIRES(CONFIG_SVC_ID, TAPIO_SVC_ID, QUEUES_SVC_ID, PKTPOOL_SVC_ID, ETHPROTO_SVC_ID,
			THREAD_SVC_ID));

/* The IPv4 server's queue, once it registered: the fast path (thesis 4.5). */
static bss_ref_t direct_queue(struct tapeth *t)
{
	if (!t->direct) {
		bss_ref_t q = ethproto_direct(ETHPROTO, NL_ETHERTYPE_IPV4);
		if (q)
			t->direct = bss_keep(q);
		if (q)
			bss_release(q);
	}
	return t->direct;
}

void rx_run(struct tapeth *t)
{
	for (;;) {
		bss_ref_t p = pktpool_alloc(PKTPOOL, FRAME_BUF);
		if (!p) {
			tapdev_recv(t->tap, t->scratch, sizeof(t->scratch));
			t->rx_nobuf++;
			continue;
		}
		uint32_t n = tapdev_recv(t->tap, pkt_data(p), FRAME_BUF);
		packet_set_len(p, n);
		t->rx++;
		bss_ref_t q = t->rxq;
		if (n >= NL_ETH_HLEN && nl_get16(pkt_data(p) + 12) == NL_ETHERTYPE_IPV4 &&
		    direct_queue(t)) {
			q = t->direct;
			t->rx_direct++;
		}
		if (!queue_put_batch(q, &p, 1))
			t->rx_full++;
		bss_release(p);
	}
}

/* Keeps txbufs buffers in the TX-free queue (those in flight count too: the pool bounds us). */
static void top_up(struct tapeth *t)
{
	while (queue_length(t->txfree) < t->txbufs) {
		bss_ref_t p = pktpool_alloc(PKTPOOL, FRAME_BUF);
		if (!p)
			return;
		uint32_t took = queue_put_batch(t->txfree, &p, 1);
		bss_release(p);
		if (!took)
			return;
	}
}

void tx_run(struct tapeth *t)
{
	bss_ref_t pkts[MAX_BATCH];

	for (;;) {
		uint32_t n = queue_get_batch(t->txq, pkts, t->batch);
		for (uint32_t i = 0; i < n; i++) {
			uint32_t len = packet_len(pkts[i]);
			if (len > t->mtu + NL_ETH_HLEN)
				len = t->mtu + NL_ETH_HLEN;
			tapdev_send(t->tap, pkt_data(pkts[i]), len);
			packet_set_len(pkts[i], 0);
		}
		t->tx += n;
		/* sent: the buffers are free again */
		queue_put_batch(t->txfree, pkts, n);
		pkt_release_all(pkts, n);
		top_up(t);
	}
}

BSS_LOCAL_SERVER(rx_desc, RUNNABLE, struct tapeth, rx);
BSS_LOCAL_SERVER(tx_desc, RUNNABLE, struct tapeth, tx);

static void te_init(struct tapeth *t)
{
	if (!param_str(CONFIG, "dev", t->dev, sizeof(t->dev)))
		bss_throw(BSS_E_INVAL, EINVAL, "tapeth: parameter dev (TAP device name) missing");
	t->batch = param_u32(CONFIG, "batch", 32);
	if (t->batch < 1 || t->batch > MAX_BATCH)
		t->batch = 32;
	t->txbufs = param_u32(CONFIG, "txbufs", 256);
	uint32_t qlen = param_u32(CONFIG, "qlen", 512);
	if (t->txbufs > qlen)
		t->txbufs = qlen;
	t->tap = bss_keep(tapio_open(TAPIO, t->dev, (uint32_t)strlen(t->dev)));
	tapdev_mac(t->tap, t->mac, NL_ETH_ALEN);
	t->mtu = tapdev_mtu(t->tap);
	t->rxq = bss_keep(queues_create(QUEUES, qlen));
	t->txq = bss_keep(queues_create(QUEUES, qlen));
	t->txfree = bss_keep(queues_create(QUEUES, qlen));
	top_up(t);
	thread_start(THREAD, bss_local(&rx_desc, t));
	thread_start(THREAD, bss_local(&tx_desc, t));
	bss_printf("tapeth: %s mac %02x:%02x:%02x:%02x:%02x:%02x\n", t->dev, t->mac[0], t->mac[1],
		   t->mac[2], t->mac[3], t->mac[4], t->mac[5]);
}

uint32_t te_mac(struct tapeth *t, void *addr, uint32_t len)
{
	uint32_t n = len < NL_ETH_ALEN ? len : NL_ETH_ALEN;

	memcpy(addr, t->mac, n);
	return n;
}

uint32_t te_mtu(struct tapeth *t)
{
	return t->mtu;
}

uint32_t te_link(struct tapeth *t)
{
	(void)t;
	return 1000;
}

void te_link_notify(struct tapeth *t, bss_ref_t notify)
{
	/* a TAP's link never changes while we hold it */
	(void)t;
	(void)notify;
}

/* The distributor's offer of the fast path; tapeth also asks for it itself. */
void te_rx_direct(struct tapeth *t, uint32_t type, bss_ref_t q)
{
	if (type == NL_ETHERTYPE_IPV4 && q && !t->direct)
		t->direct = bss_keep(q);
}

bss_ref_t te_rx_queue(struct tapeth *t)
{
	return t->rxq;
}

bss_ref_t te_txfree_queue(struct tapeth *t)
{
	return t->txfree;
}

bss_ref_t te_tx_queue(struct tapeth *t)
{
	return t->txq;
}

uint32_t te_stats(struct tapeth *t, void *buf, uint32_t len)
{
	int n = bss_snprintf(buf, len,
			     "dev.rx %lu\ndev.tx %lu\ndev.rx_direct %lu\ndev.rx_nobuf %lu\n"
			     "dev.rx_full %lu\n",
			     (unsigned long)t->rx, (unsigned long)t->tx,
			     (unsigned long)t->rx_direct, (unsigned long)t->rx_nobuf,
			     (unsigned long)t->rx_full);
	return n > 0 && (uint32_t)n < len ? (uint32_t)n : 0;
}

/* No offloads: the stack computes every checksum and sends MTU-sized frames. */
uint32_t te_offloads(struct tapeth *t)
{
	(void)t;
	return 0;
}
