/*
 * Ethernet distributor (thesis 4.5): takes the frames a device received and
 * hands each to the protocol server registered for its EtherType, a batch at
 * a time. Frames of a type whose queue the driver asked for with direct()
 * (IPv4) do not pass through here at all; the protocol server then checks
 * the Ethernet header itself.
 */
#include <bss/server.h>
#include <svc/ethproto.h>
#include <svc/ethdev.h>
#include <svc/queue.h>
#include <svc/runnable.h>
#include <svc/stats.h>
#include <svc/thread.h>
#include <svc/config.h>
#include "netlib/eth.h"
#include "serverlib/net/nstats.h"
#include "serverlib/net/param.h"
#include "serverlib/net/pkt.h"

#define CONFIG BSS_REQ(0)
#define THREAD BSS_REQ(1)

#define MAX_PROTOS 8
#define MAX_BATCH 256

struct proto {
	uint32_t type;
	bss_ref_t q; /* permanent */
	uint32_t n;  /* frames collected in the current batch */
	bss_ref_t batch[MAX_BATCH];
};

struct ed {
	bss_ref_t dev, rxq; /* permanent, once attached */
	uint32_t gen;	    /* attachments so far: a receive thread serves one */
	uint64_t lost;	    /* batches lost to a driver that died (docs/recovery.md) */
	uint8_t mac[NL_ETH_ALEN];
	uint32_t batch;
	struct proto protos[MAX_PROTOS];
	unsigned nprotos;
	struct nl_stats st;
	uint64_t qfull; /* frames dropped because a protocol's queue was full */
};

static void ed_init(struct ed *e)
{
	e->batch = param_u32(CONFIG, "batch", 32);
	if (e->batch < 1 || e->batch > MAX_BATCH)
		e->batch = 32;
}

/*
 * The receive thread's stack holds IPv4's input and TCP's below its own
 * frames: an IPv4 frame put into IPv4's input (serverlib/net/pktin.h) is
 * handled, up to lwIP's tcp_input and the ACK it sends, before the put
 * returns.
 */
BSS_SERVER(ETHPROTO, struct ed, ed, .ctor = BSS_CTOR(ed_init), .stack_size = 65536,
	   BSS_REQUIRES(CONFIG_SVC_ID, THREAD_SVC_ID));

static struct proto *find(struct ed *e, uint32_t type)
{
	for (unsigned i = 0; i < e->nprotos; i++)
		if (e->protos[i].type == type)
			return &e->protos[i];
	return NULL;
}

/* Sorts one frame into its protocol's batch; false if it is dropped. */
static bool classify(struct ed *e, bss_ref_t p)
{
	struct nl_eth eth;
	enum nl_drop why = nl_eth_parse(pkt_data(p), packet_len(p), &eth);

	if (why == NL_OK)
		why = nl_eth_accept(&eth, e->mac, false);
	struct proto *pr = why == NL_OK ? find(e, eth.type) : NULL;
	if (why == NL_OK && !pr)
		why = ETH_DROP_NO_PROTO;
	if (why != NL_OK) {
		nl_stats_drop(&e->st, why);
		return false;
	}
	e->st.rx++;
	pr->batch[pr->n++] = p;
	return true;
}

static void flush(struct ed *e)
{
	for (unsigned i = 0; i < e->nprotos; i++) {
		struct proto *pr = &e->protos[i];
		if (!pr->n)
			continue;
		uint32_t took = queue_put_batch(pr->q, pr->batch, pr->n);
		e->qfull += pr->n - took;
		pr->n = 0;
	}
}

static void rx_loop(struct ed *e, bss_ref_t q, bss_ref_t *pkts, volatile uint32_t *n)
{
	for (;;) {
		*n = queue_get_batch(q, pkts, e->batch);
		for (uint32_t i = 0; i < *n; i++)
			classify(e, pkts[i]);
		flush(e);
		pkt_release_all(pkts, *n);
		*n = 0;
	}
}

/*
 * The receive thread of one attachment: one batch from the device, sorted,
 * passed on, released. A batch that fails (a packet or the queue died with
 * the driver, docs/recovery.md) is dropped; the thread ends when a new
 * device was attached, which has a thread of its own.
 */
void rx_run(struct ed *e)
{
	bss_ref_t pkts[MAX_BATCH];
	volatile uint32_t n = 0;
	uint32_t gen = e->gen;
	bss_ref_t q = e->rxq;
	struct bss_try t;

	while (gen == e->gen) {
		BSS_TRY(t)
		{
			rx_loop(e, q, pkts, &n);
		}
		BSS_CATCH(t)
		{
			pkt_release_all(pkts, n);
			n = 0;
			for (unsigned i = 0; i < e->nprotos; i++)
				e->protos[i].n = 0;
			e->lost++;
		}
	}
}

BSS_LOCAL_SERVER(rx_desc, RUNNABLE, struct ed, rx);

/* Is the attached device's driver gone (docs/recovery.md)? */
static bool dev_dead(struct ed *e)
{
	struct bss_try t;
	volatile bool dead = false;

	BSS_TRY(t)
	{
		ethdev_mtu(e->dev);
	}
	BSS_CATCH(t)
	{
		dead = t.err.id == BSS_E_DEAD;
	}
	return dead;
}

void ed_attach(struct ed *e, bss_ref_t dev)
{
	if (e->dev && !dev_dead(e))
		bss_throw(BSS_E_INVAL, EBUSY, "ethproto.attach: a device is attached already");
	if (e->dev) {
		/* a restarted driver: the old RX queue goes, and its thread ends */
		e->gen++;
		bss_release(e->rxq);
		bss_release(e->dev);
	}
	e->dev = bss_keep(dev);
	ethdev_mac(e->dev, e->mac, NL_ETH_ALEN);
	e->rxq = bss_keep(ethdev_rx_queue(e->dev));
	thread_start(THREAD, bss_local(&rx_desc, e));
	struct proto *ip = find(e, NL_ETHERTYPE_IPV4);
	if (ip)
		ethdev_rx_direct(e->dev, NL_ETHERTYPE_IPV4, ip->q);
}

void ed_register(struct ed *e, uint32_t type, bss_ref_t rx)
{
	if (type > 0xffff || type < 0x0600)
		net_throwf(BSS_E_INVAL, EINVAL, "ethproto.register: 0x%x is not an EtherType",
			   type);
	if (find(e, type))
		net_throwf(BSS_E_INVAL, EBUSY, "ethproto.register: 0x%04x is taken", type);
	if (e->nprotos == MAX_PROTOS)
		bss_throw(BSS_E_LIMIT, EINVAL, "ethproto.register: too many protocols");
	struct proto *pr = &e->protos[e->nprotos];
	pr->type = type;
	pr->q = bss_keep(rx);
	pr->n = 0;
	e->nprotos++;
	/* the fast path: IPv4's server repeats our checks, so the driver may skip us */
	if (type == NL_ETHERTYPE_IPV4 && e->dev)
		ethdev_rx_direct(e->dev, type, pr->q);
}

bss_ref_t ed_direct(struct ed *e, uint32_t type)
{
	struct proto *pr = find(e, type);

	return pr ? pr->q : 0;
}

bss_ref_t ed_device(struct ed *e)
{
	if (!e->dev)
		bss_throw(BSS_E_UNRESOLVED, ENODEV, "ethproto.device: no device attached");
	return e->dev;
}

uint32_t est_stats(struct ed *e, void *buf, uint32_t n)
{
	const struct nstats_extra x[] = {{".queue_full", e->qfull},
					 {".attached", e->gen + (e->dev != 0)},
					 {".dead_batches", e->lost}};

	return nstats_text(buf, n, "eth", &e->st, NSTATS_LAYER(NL_LAYER_ETH), x, 3);
}

BSS_LOCAL_SERVER(stats_desc, STATS, struct ed, est);

bss_ref_t ed_counters(struct ed *e)
{
	return bss_local(&stats_desc, e);
}
