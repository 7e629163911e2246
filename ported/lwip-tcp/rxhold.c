// SPDX-License-Identifier: BSD-3-Clause
/*
 * Received segments kept in the driver's RX buffers until the application
 * reads them (docs/tcp.md "Received data in the driver's buffers"): the
 * pbufs over them, their batched release, and their move out of a driver
 * that dies.
 */
#include "glue.h"

/*
 * A received segment stays in the driver's buffer until read (its checksum
 * verified by the device, or summed where it lies: server.c's input): a
 * PBUF_REF custom pbuf points into it and holds a permanent reference to
 * the packet, so the data is copied once, into the reader's buffer
 * (rxs_read). At most RX_HOLD at a time (a slow reader must not
 * take the driver's whole RX pool, LINUX_RX_MAX 512 frames in the Linux
 * bridge: a quarter of it); past that, and wherever the buffer is not
 * addressable here without a call, a segment goes to a slot as before.
 * Freed ones wait in rx_rel and go back in one bss_release_n at the next
 * leave() or wait_on().
 *
 * What a held segment carries was acknowledged on arrival, and a crashed
 * driver's DMA memory is freed by the reaper: before that it tells the
 * holders of weak references (docs/recovery.md), and devw_dead then copies
 * every held segment into its entry's own bytes.
 */
#define RX_HOLD 128
#define RX_REL 32

struct rx_held {
	struct pbuf_custom pc; /* first: lwIP's pbuf is the entry's address */
	struct rx_held *next;
	bss_ref_t pk; /* permanent: the packet whose buffer the pbuf points into */
	u8_t *base;   /* the TCP header there; in copy once the driver died */
	u16_t len;
	u8_t copy[1536];
};

static struct rx_held rx_held[RX_HOLD], *held_free;
static u32_t held_used, held_now;
static bss_ref_t rx_rel[RX_REL];
static u32_t nrel;

void rx_release_held(void)
{
	if (nrel) {
		bss_release_n(rx_rel, nrel);
		nrel = 0;
	}
}

static void rx_held_free(struct pbuf *p)
{
	struct rx_held *h = (struct rx_held *)p;

	if (nrel == RX_REL)
		rx_release_held();
	rx_rel[nrel++] = h->pk;
	h->pk = 0;
	h->next = held_free;
	held_free = h;
	held_now--;
}

/* A pbuf over n bytes at d of packet pk, or NULL when RX_HOLD are held. */
struct pbuf *rx_hold(bss_ref_t pk, const u8_t *d, u16_t n)
{
	struct rx_held *h;
	bss_ref_t k;

	if (held_free == NULL && held_used == RX_HOLD)
		return NULL;
	/* may throw (a dead driver's packet) before anything is taken */
	k = bss_keep(pk);
	h = held_free;
	if (h != NULL)
		held_free = h->next;
	else
		h = &rx_held[held_used++];
	h->pk = k;
	h->base = (u8_t *)(uintptr_t)d;
	h->len = n;
	held_now++;
	srv->rx_held++;
	h->pc.custom_free_function = rx_held_free;
	return pbuf_alloced_custom(PBUF_RAW, n, PBUF_REF, &h->pc, (void *)(uintptr_t)d, n);
}

/* The held entry p is, or NULL. */
static struct rx_held *held_of(struct pbuf *p)
{
	if (!(p->flags & PBUF_FLAG_IS_CUSTOM) ||
	    ((struct pbuf_custom *)p)->custom_free_function != rx_held_free)
		return NULL;
	return (struct rx_held *)p;
}

/*
 * The device's driver died; its memory is still there until this returns.
 * Held segments move into their entries' copies: the pbufs' payloads and
 * the TCP headers lwIP's out-of-sequence segments point to.
 */
void devw_dead(struct lwip_tcp *t, uint64_t weak)
{
	struct tcp_pcb *pcb;
	struct tcp_seg *sg;
	struct rx_held *h;
	u32_t i, moved = 0;

	bss_lock();
	for (pcb = tcp_active_pcbs; pcb != NULL; pcb = pcb->next)
		for (sg = pcb->ooseq; sg != NULL; sg = sg->next) {
			h = held_of(sg->p);
			if (h != NULL && h->base != h->copy)
				sg->tcphdr =
					(struct tcp_hdr *)(void *)(h->copy +
								   ((u8_t *)sg->tcphdr - h->base));
		}
	for (i = 0; i < held_used; i++) {
		h = &rx_held[i];
		if (h->pk == 0 || h->base == h->copy)
			continue;
		memcpy(h->copy, h->base, h->len);
		h->pc.pbuf.payload = h->copy + ((u8_t *)h->pc.pbuf.payload - h->base);
		h->base = h->copy;
		moved++;
	}
	t->rx_held_moved += moved;
	/* the recovery's log (docs/recovery.md) says what TCP saved */
	if (moved)
		bss_printf("lwip-tcp: %u held segments moved out of the dead driver's buffers\n",
			   (unsigned)moved);
	if (t->dev_weak == weak)
		t->dev_weak = 0;
	bss_release(weak);
	bss_unlock();
}

BSS_LOCAL_SERVER(devw_desc, WEAKNOTIFY, struct lwip_tcp, devw);

/*
 * Segments are held only while a weak reference to the device tells of
 * its driver's death (asked again after one died), and RX_HOLD at most.
 * Throws where the device is gone: the caller drops the segment.
 */
int rx_hold_room(struct lwip_tcp *t)
{
	bss_ref_t dev;

	if (held_now >= RX_HOLD)
		return 0;
	if (t->dev_weak != 0)
		return 1;
	if (t->dev_notify == 0)
		t->dev_notify = bss_keep(bss_local(&devw_desc, t));
	dev = ethproto_device(ETHPROTO);
	t->dev_weak = bss_weak(dev, t->dev_notify);
	bss_release(dev);
	return 1;
}
