// SPDX-License-Identifier: BSD-3-Clause
/*
 * Memory of the segments lwIP sends (glue.h): the two things tcp_write
 * allocates per segment, its struct tcp_seg and the pbuf the data is
 * copied into, come from slots of their own with a free list each, where
 * they came from lwIP's heap (memp_malloc(MEMP_TCP_SEG) is mem_malloc
 * too: MEMP_MEM_MALLOC). lwIP's first-fit heap cost about 85 instructions
 * per mem_malloc and 69 per mem_free, about 1 450 of each per MiB sent
 * (docs/bench-net-results.md); a slot costs a few. As the received
 * segments' slots (server.c, rx_pbuf), a slot is a custom pbuf, and
 * lwIP's heap is asked only for one that does not fit or when every slot
 * is taken (several connections sending at once).
 *
 * lwIP's TCP sources reach these through its hook file
 * (shims/lwip/server/lwip_tcp_hooks.h): memp_malloc / memp_free of
 * MEMP_TCP_SEG and pbuf_alloc of PBUF_RAM there are these calls; lwIP's
 * own memp.c and pbuf.c, and this file, keep the real ones. Both kinds
 * are freed the ordinary way (tcp_seg_free, pbuf_free), so a segment from
 * the heap and one from a slot mix freely. Every entry into lwIP holds the
 * server's lock (glue.h), which keeps the free lists as it keeps lwIP's heap.
 */
#include "glue.h"

#define TX_SEGS 512 /* struct tcp_seg: 64 segments of TCP_SND_BUF each, for 8 senders */
#define TX_SLOTS 256

union seg_slot {
	struct tcp_seg seg;
	union seg_slot *next;
};

static union seg_slot seg_slots[TX_SEGS], *seg_free;
static u32_t seg_used; /* slots ever handed out: the free list grows as they come back */

static int seg_slot(const void *s)
{
	return (const u8_t *)s >= (const u8_t *)seg_slots &&
	       (const u8_t *)s < (const u8_t *)(seg_slots + TX_SEGS);
}

void *lwip_tcp_seg_alloc(void)
{
	union seg_slot *s = seg_free;

	if (s != NULL)
		seg_free = s->next;
	else if (seg_used < TX_SEGS)
		s = &seg_slots[seg_used++];
	else
		return memp_malloc(MEMP_TCP_SEG);
	return s;
}

void lwip_tcp_seg_free(void *p)
{
	union seg_slot *s = p;

	if (!seg_slot(p)) {
		memp_free(MEMP_TCP_SEG, p);
		return;
	}
	s->next = seg_free;
	seg_free = s;
}

/* A full segment behind the headers' room, with the largest options. */
struct tx_slot {
	struct pbuf_custom pc; /* first: lwIP's pbuf is the slot's address */
	struct tx_slot *next;
	u8_t data[LWIP_MEM_ALIGN_SIZE(PBUF_TRANSPORT) + TCP_MSS + 40];
};

static struct tx_slot tx_slots[TX_SLOTS], *tx_free;
static u32_t tx_used;

static void tx_slot_free(struct pbuf *p)
{
	struct tx_slot *s = (struct tx_slot *)p;

	s->next = tx_free;
	tx_free = s;
}

struct pbuf *lwip_tcp_pbuf_ram(pbuf_layer l, u16_t len)
{
	struct tx_slot *s = tx_free;

	if (LWIP_MEM_ALIGN_SIZE((u16_t)l) + len > sizeof(s->data))
		return pbuf_alloc(l, len, PBUF_RAM);
	if (s != NULL)
		tx_free = s->next;
	else if (tx_used < TX_SLOTS)
		s = &tx_slots[tx_used++];
	else
		return pbuf_alloc(l, len, PBUF_RAM);
	s->pc.custom_free_function = tx_slot_free;
	return pbuf_alloced_custom(l, len, PBUF_RAM, &s->pc, s->data, sizeof(s->data));
}
