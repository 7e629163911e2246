// SPDX-License-Identifier: BSD-3-Clause
/*
 * The lower half of the lwIP TCP server's glue (glue.h): the server itself,
 * its counters, and lwIP's TCP core over the kit's IPv4 service:
 *
 *  - input: IPv4 puts whole datagrams into the input given to
 *    ipv4.listen(6, ...), which copies each into a pbuf (or holds it),
 *    fills lwIP's current-datagram globals (shims/lwip/server/lwip/ip.h)
 *    and calls tcp_input();
 *  - output: output.c;
 *  - time: the timer service runs tcp_tmr() every TCP_TMR_INTERVAL;
 *    sys_now() reads it;
 *  - memory: lwIP's heap (mem.c) is one data space from the memory service.
 */
#include "glue.h"
#include "serverlib/net/pktin.h"
#include "lwip_tcp_hooks.h"

#define RX_CSUM_PROBE 64

void lwip_tcp_start(struct lwip_tcp *t);

BSS_SERVER(TCP, struct lwip_tcp, lwip_tcp, .ctor = BSS_CTOR(lwip_tcp_start),
	   .attrs = BSS_THREADSAFE, .stack_size = 32768,
	   BSS_REQUIRES(IPV4_SVC_ID, TIMER_SVC_ID, PKTPOOL_SVC_ID, MEMORY_SVC_ID, MAP_SVC_ID,
			ETHPROTO_SVC_ID));

BSS_LOCAL_SERVER(lwip_tcp_tick_desc, RUNNABLE, struct lwip_tcp, tick);

/*
 * lwIP keeps its state in file-scope variables (pcb lists, tcp_ticks, the
 * datagram being processed). They are this server's private data: the
 * loader gives every loaded server file its own image, so two TCP servers
 * (one per stack) never share them.
 */
unsigned char *lwip_tcp_heap; /* LWIP_RAM_HEAP_POINTER, lwipopts.h */
struct ip_globals ip_data;
const ip_addr_t ip_addr_any = IPADDR4_INIT(IPADDR_ANY); /* lwIP's ip4_addr.c */
struct stats_ lwip_stats;				/* lwIP's stats.c: TCP and heap counters */
static struct netif ipv4_netif;
struct lwip_tcp *srv;

// Milliseconds for lwIP (TCP timestamps, RTT): the timer service's clock.
u64_t glue_now_ns(void)
{
	return timer_now_ns(TIMER);
}

u32_t sys_now(void)
{
	return (u32_t)(glue_now_ns() / 1000000u);
}

// The only IPv4 service this server knows; NULL for any other index.
struct netif *netif_get_by_index(u8_t idx)
{
	return idx == netif_get_index(&ipv4_netif) ? &ipv4_netif : NULL;
}

// Routing is the IPv4 server's: every destination goes to it while it is up.
struct netif *ip_route(const ip_addr_t *src, const ip_addr_t *dest)
{
	LWIP_UNUSED_ARG(src);
	LWIP_UNUSED_ARG(dest);
	return netif_is_up(&ipv4_netif) ? &ipv4_netif : NULL;
}

/*
 * tcp_input() drops segments to broadcast addresses; this says which are.
 * It asks for every segment, nearly always with our own address: that
 * one is answered first.
 */
u8_t ip4_addr_isbroadcast_u32(u32_t addr, const struct netif *netif)
{
	u32_t mask, net;

	if (addr == IPADDR_BROADCAST || addr == IPADDR_ANY)
		return 1;
	/* lwIP's own ip4_addr_isbroadcast_u32 too says no for the netif's address */
	if (addr == ip4_addr_get_u32(netif_ip4_addr(netif)))
		return 0;
	mask = ip4_addr_get_u32(netif_ip4_netmask(netif));
	net = ip4_addr_get_u32(netif_ip4_addr(netif)) & mask;
	return mask != IPADDR_BROADCAST && (addr & mask) == net &&
	       (addr & ~mask) == (IPADDR_BROADCAST & ~mask);
}

/*
 * lwIP asks for its timer when a pcb becomes active. The timer service then
 * runs tcp_tmr() periodically; unlike lwIP's timeouts.c it is not stopped
 * when the last pcb goes (four idle wake-ups a second). Caller holds the
 * server lock (it is inside lwIP).
 */
void tcp_timer_needed(void)
{
	if (srv == NULL || srv->tick != 0)
		return;
	srv->tick =
		bss_keep(timer_after_us(TIMER, TCP_TMR_INTERVAL * 1000u, TCP_TMR_INTERVAL * 1000u,
					bss_local(&lwip_tcp_tick_desc, srv)));
}

void tick_run(struct lwip_tcp *t)
{
	enter();
	tcp_tmr();
	/* writers that found lwIP's heap full try again */
	if (t->mem_waiters)
		bss_wake((uint64_t)(uintptr_t)&t->mem_waiters, 0);
	leave();
}

/* Words at any address (x86-64 loads them unaligned at full speed). */
typedef u64_t __attribute__((__may_alias__, __aligned__(1))) word64_t;
typedef u32_t __attribute__((__may_alias__, __aligned__(1))) word32_t;

/*
 * Copies n bytes and adds them to the one's complement sum acc (RFC 1071)
 * in memory byte order, in which a segment that verifies sums to 0xffff as
 * in network order (RFC 1071 2.(B)). One pass over a received segment where
 * the copy and lwIP's check took two. The sum is of 64-bit words with the
 * carry added back (RFC 1071 2.(C): any word size folds to the same 16-bit
 * sum): an add-with-carry chain is one guest instruction per 8 bytes, where
 * summing 32-bit halves in C took three, and under TCG every guest
 * instruction counts (this loop was 17% of the guest's instructions per
 * MiB received, docs/bench-net.md).
 */
static u64_t csum_copy(void *dst, const void *src, u32_t n, u64_t acc)
{
	u8_t *d = dst;
	const u8_t *s = src;
	u32_t i;

	while (n >= 32) {
		u64_t a = ((const word64_t *)s)[0], b = ((const word64_t *)s)[1];
		u64_t c = ((const word64_t *)s)[2], e = ((const word64_t *)s)[3];

		((word64_t *)d)[0] = a;
		((word64_t *)d)[1] = b;
		((word64_t *)d)[2] = c;
		((word64_t *)d)[3] = e;
		__asm__("addq %1, %0\n\tadcq %2, %0\n\tadcq %3, %0\n\tadcq %4, %0\n\tadcq $0, %0"
			: "+r"(acc)
			: "r"(a), "r"(b), "r"(c), "r"(e)
			: "cc");
		d += 32;
		s += 32;
		n -= 32;
	}
	/* acc may use all 64 bits now: folded, the 32-bit words below cannot carry out */
	acc = (acc & 0xffffffffu) + (acc >> 32);
	while (n >= 4) {
		u32_t w = *(const word32_t *)s;

		*(word32_t *)d = w;
		acc += w;
		d += 4;
		s += 4;
		n -= 4;
	}
	/* from an even offset: a word's first byte is its low half in memory order */
	for (i = 0; i < n; i++) {
		acc += (u64_t)s[i] << (i & 1 ? 8 : 0);
		d[i] = s[i];
	}
	return acc;
}

/*
 * csum_copy's sum without the copy: a segment checked where it lies
 * (rx_hold). With nothing to store, the words are added straight from
 * memory: one add-with-carry per 8 bytes and the loop's own three
 * instructions per 128, where csum_copy's loop loads each word into a
 * register first (input_batch, which this is inlined into, 0.55 -> 0.32 M
 * guest instructions per MiB received over e1000).
 */
static u64_t csum_sum(const void *src, u32_t n, u64_t acc)
{
	const u8_t *s = src;
	u32_t i;

	while (n >= 128) {
		__asm__("addq 0(%1), %0\n\tadcq 8(%1), %0\n\tadcq 16(%1), %0\n\t"
			"adcq 24(%1), %0\n\tadcq 32(%1), %0\n\tadcq 40(%1), %0\n\t"
			"adcq 48(%1), %0\n\tadcq 56(%1), %0\n\tadcq 64(%1), %0\n\t"
			"adcq 72(%1), %0\n\tadcq 80(%1), %0\n\tadcq 88(%1), %0\n\t"
			"adcq 96(%1), %0\n\tadcq 104(%1), %0\n\tadcq 112(%1), %0\n\t"
			"adcq 120(%1), %0\n\tadcq $0, %0"
			: "+r"(acc)
			: "r"(s), "m"(*(const u8_t(*)[128])s)
			: "cc");
		s += 128;
		n -= 128;
	}
	if (n >= 64) {
		__asm__("addq 0(%1), %0\n\tadcq 8(%1), %0\n\tadcq 16(%1), %0\n\t"
			"adcq 24(%1), %0\n\tadcq 32(%1), %0\n\tadcq 40(%1), %0\n\t"
			"adcq 48(%1), %0\n\tadcq 56(%1), %0\n\tadcq $0, %0"
			: "+r"(acc)
			: "r"(s), "m"(*(const u8_t(*)[64])s)
			: "cc");
		s += 64;
		n -= 64;
	}
	if (n >= 32) {
		__asm__("addq 0(%1), %0\n\tadcq 8(%1), %0\n\tadcq 16(%1), %0\n\t"
			"adcq 24(%1), %0\n\tadcq $0, %0"
			: "+r"(acc)
			: "r"(s), "m"(*(const u8_t(*)[32])s)
			: "cc");
		s += 32;
		n -= 32;
	}
	while (n >= 8) {
		__asm__("addq %1, %0\n\tadcq $0, %0"
			: "+r"(acc)
			: "m"(*(const word64_t *)s)
			: "cc");
		s += 8;
		n -= 8;
	}
	acc = (acc & 0xffffffffu) + (acc >> 32);
	if (n >= 4) {
		acc += *(const word32_t *)s;
		s += 4;
		n -= 4;
	}
	for (i = 0; i < n; i++)
		acc += (u64_t)s[i] << (i & 1 ? 8 : 0);
	return acc;
}

/*
 * LWIP_CHKSUM_COPY (lwipopts.h): what tcp_write copies into a segment,
 * summed as lwip_standard_chksum() would (memory order, not complemented).
 */
u16_t lwip_tcp_chksum_copy(void *dst, const void *src, u16_t len)
{
	u64_t acc;

	/* the device sums what it sends: lwIP uses a segment's sum only when it must (tcp_out.c) */
	if (lwip_tcp_csum_off & NETIF_CHECKSUM_GEN_TCP) {
		memcpy(dst, src, len);
		return 0;
	}
	acc = csum_copy(dst, src, len, 0);

	while (acc >> 16)
		acc = (acc & 0xffff) + (acc >> 16);
	return (u16_t)acc;
}

/*
 * Received segments live in slots of their own, each with its pbuf (a
 * custom pbuf): lwIP's heap, whose mem_malloc walks every block in use
 * from the lowest free one (a window of unread segments makes that walk
 * long; 3-5% of the TCP server's samples in alloc and free), is asked only
 * for a segment that does not fit or when every slot is taken.
 */
#define RX_SLOTS 256

struct rx_slot {
	struct pbuf_custom pc; /* first: lwIP's pbuf is the slot's address */
	struct rx_slot *next;
	u8_t data[1536]; /* a segment of an Ethernet frame */
};

static struct rx_slot rx_slots[RX_SLOTS], *rx_free;
static u32_t rx_slots_used; /* slots ever handed out: a free list grows as they come back */

static void rx_slot_free(struct pbuf *p)
{
	struct rx_slot *s = (struct rx_slot *)p;

	s->next = rx_free;
	rx_free = s;
}

static struct pbuf *rx_pbuf(u16_t len)
{
	struct rx_slot *s = rx_free;

	if (len > sizeof(s->data))
		return pbuf_alloc(PBUF_RAW, len, PBUF_RAM);
	if (s != NULL)
		rx_free = s->next;
	else if (rx_slots_used < RX_SLOTS)
		s = &rx_slots[rx_slots_used++];
	else
		return pbuf_alloc(PBUF_RAW, len, PBUF_RAM);
	s->pc.custom_free_function = rx_slot_free;
	return pbuf_alloced_custom(PBUF_RAW, len, PBUF_RAM, &s->pc, s->data, sizeof(s->data));
}

/* 1: also hold segments the device did not verify, summed where they lie (rxhold.c) */
#ifndef RX_HOLD_SUMMED
#define RX_HOLD_SUMMED 1
#endif

/* Does a segment's sum with its pseudo header's (RFC 1071, memory order) verify? */
static int csum_folds_ok(u64_t acc)
{
	while (acc >> 16)
		acc = (acc & 0xffff) + (acc >> 16);
	return acc == 0xffff;
}

/* Is the TCP segment of n bytes at th its header alone (or too short to be one)? */
static int no_data(const u8_t *th, u16_t n)
{
	return n <= TCP_HLEN || n <= TCPH_HDRLEN_BYTES((const struct tcp_hdr *)(const void *)th);
}

/*
 * One received datagram (a temporary of ours) into tcp_input(). The IPv4
 * server has checked the header and reassembled; what is checked here is
 * only what this code relies on. The TCP part is copied into a pbuf since
 * TCP keeps received data (out-of-sequence queue, unread data) after the
 * packet goes back to its owner. Caller holds the server lock.
 *
 * Length and offload word come from IPv4's descriptor; the packet
 * is asked only where the descriptor is missing or the driver runs in
 * another space (map, bss_near; docs/network.md "Zero copy"). Every such
 * call comes before lwIP's state changes: the packet may be a buffer of a
 * driver that crashed since IPv4 handed it on, and such a call throws
 * (BSS_E_DEAD); input_batch then drops it, and nothing of it (no pbuf) must be
 * left behind.
 */
static void input(struct lwip_tcp *t, bss_ref_t pk, const struct bss_pkt_desc *dc, u64_t here)
{
	u32_t len;
	const u8_t *d = pkt_desc_data_at(pk, dc, here, &len);
	u32_t meta = (t->off & NETOFF_RX_CSUM) ? pkt_desc_meta(pk, dc) : 0;
	const struct ip_hdr *h = (const struct ip_hdr *)d;
	u16_t hl, tot;
	struct pbuf *p;
	int csum_ok = 0;
	u64_t acc;

	if (!d || len < IP_HLEN || IPH_V(h) != 4) {
		t->rx_bad++;
		return;
	}
	hl = (u16_t)(IPH_HL(h) * 4);
	tot = lwip_ntohs(IPH_LEN(h));
	if (hl < IP_HLEN || tot < hl || tot > len) {
		t->rx_bad++;
		return;
	}
	/*
	 * A checksum the device verified is not checked again. Asking costs a
	 * call per datagram: a device that promised to verify but has not
	 * done so for the first RX_CSUM_PROBE datagrams (QEMU's rtl8139 model
	 * never does) is not asked again. Otherwise the checksum is summed
	 * while the segment is copied, and lwIP is told it was checked (shim
	 * lwip/netif.h).
	 */
	if (t->off & NETOFF_RX_CSUM) {
		if (meta & PKT_CSUM_OK)
			csum_ok = 1;
		else if (++t->rx_csum_not == RX_CSUM_PROBE && !t->rx_csum_ok)
			t->off &= ~NETOFF_RX_CSUM;
	}
	if (csum_ok)
		t->rx_csum_ok++;
	/* the pseudo header in memory order: addresses as stored, then 0, proto, length */
	acc = (u64_t)h->src.addr + h->dest.addr + lwip_htons(IP_PROTO_TCP) +
	      lwip_htons((u16_t)(tot - hl));
	/*
	 * Held in the driver's buffer where it is addressable here and there
	 * is room, summed first (without a copy) where the device did not
	 * verify it and RX_HOLD_SUMMED says so; else into a slot, as a
	 * datagram lent from IPv4's few reassembly slots is. A segment with
	 * no data (an ACK: a sender gets one for every few segments it
	 * sends) goes to a slot too: its header is a few words to copy, where
	 * holding it took a reference to the packet and its release (two
	 * kernel calls' share) for what lwIP frees before tcp_input returns.
	 */
	p = NULL;
	if ((csum_ok || RX_HOLD_SUMMED) && pkt_everywhere() && !(dc->flags & PKT_DESC_LENT) &&
	    !no_data(d + hl, (u16_t)(tot - hl)) && rx_hold_room(t)) {
		if (!csum_ok && !csum_folds_ok(csum_sum(d + hl, (u32_t)(tot - hl), acc))) {
			TCP_STATS_INC(tcp.chkerr);
			TCP_STATS_INC(tcp.drop);
			return;
		}
		p = rx_hold(pk, d + hl, (u16_t)(tot - hl));
		csum_ok = 1;
	}
	if (p == NULL)
		p = rx_pbuf((u16_t)(tot - hl));
	if (p == NULL) {
		t->rx_nomem++;
		return;
	}
	if (PBUF_NEEDS_COPY(p)) {
		/* held: checked above */
	} else if (csum_ok) {
		pbuf_take(p, d + hl, (u16_t)(tot - hl));
	} else if (!csum_folds_ok(csum_copy(p->payload, d + hl, (u32_t)(tot - hl), acc))) {
		TCP_STATS_INC(tcp.chkerr);
		TCP_STATS_INC(tcp.drop);
		pbuf_free(p);
		return;
	}
	lwip_tcp_csum_off |= NETIF_CHECKSUM_CHECK_TCP;
	ip_data.current_netif = &ipv4_netif;
	ip_data.current_input_netif = &ipv4_netif;
	ip_data.current_ip4_header = h;
	ip_data.current_ip_header_tot_len = hl;
	ip_addr_copy_from_ip4(ip_data.current_iphdr_src, h->src);
	ip_addr_copy_from_ip4(ip_data.current_iphdr_dest, h->dest);
	tcp_input(p, &ipv4_netif);
	/* what was set above, cleared as lwIP's ip4_input does (not a memset call per segment) */
	ip_data.current_netif = NULL;
	ip_data.current_input_netif = NULL;
	ip_data.current_ip4_header = NULL;
	ip_data.current_ip_header_tot_len = 0;
	ip_addr_set_zero(&ip_data.current_iphdr_src);
	ip_addr_set_zero(&ip_data.current_iphdr_dest);
	t->rx++;
}

/*
 * The datagrams of a batch from *i on into lwIP, their addresses here
 * asked with one system call for the rest of the batch (isolated), and
 * again after a datagram whose input called out (output's out_calls, or
 * a map() for an address not shared): a call that ended a driver took
 * its pages from this space, and bss_here answers for now, not later.
 */
static void input_run(struct lwip_tcp *t, const bss_ref_t *pkts, const struct bss_pkt_desc *d,
		      u32_t n, volatile u32_t *i)
{
	u64_t here[PKTIN_CHUNK]; /* an input is given at most PKTIN_CHUNK (pktin.h) */
	u32_t calls = 0;
	bool ask = true;

	for (; *i < n; ++*i) {
		u32_t k = *i;

		if (ask) {
			pkt_desc_here_n(pkts + k, d + k, here + k, n - k);
			calls = t->out_calls;
		}
		input(t, pkts[k], &d[k], here[k]);
		ask = (calls != t->out_calls || !here[k]) && !pkt_everywhere();
	}
}

/*
 * The datagrams of a batch into lwIP. A datagram whose buffer died with
 * its driver (docs/recovery.md: it was handed out before the crash) makes
 * input() throw; it is dropped and the rest of the batch goes on, so a
 * driver's crash costs the input no more than that datagram. One try per batch, entered again
 * only after a failure.
 */
static void input_batch(struct lwip_tcp *t, const bss_ref_t *pkts, const struct bss_pkt_desc *d,
			u32_t n)
{
	volatile u32_t i = 0;
	struct bss_try e;

	while (i < n) {
		BSS_TRY(e)
		{
			input_run(t, pkts, d, n, &i);
		}
		BSS_CATCH(e)
		{
			t->rx_dead++;
			i++;
		}
	}
}

/*
 * What the batch left to send (lwip_tcp_hooks.h), one tcp_output per pcb:
 * the data the batch's ACKs made sendable (LWIP_TCP_OUTPUT_BATCH), and
 * the ACKs its in-order data owes (LWIP_TCP_ACK_BATCH): one per pcb that
 * got at least two segments since it last acknowledged (a lone one is
 * left to the delayed-ACK timer, as lwIP does). A pcb that sent an ACK or
 * data since (tcp_output clears TF_ACK_DELAY) owes none. A pcb that left
 * the active list during the batch (closed, aborted, TIME-WAIT) is not
 * found here: lwIP's own calls served it.
 */
static void out_batch(void)
{
	struct tcp_pcb *pcb;

	for (pcb = tcp_active_pcbs; pcb != NULL; pcb = pcb->next) {
		tcpflags_t f = pcb->flags;

		if (!(f & (LWIP_TCP_ACK_BATCH | LWIP_TCP_OUTPUT_BATCH)))
			continue;
		tcp_clear_flags(pcb, LWIP_TCP_ACK_BATCH | LWIP_TCP_OUTPUT_BATCH);
		if ((f & LWIP_TCP_ACK_BATCH) && (f & TF_ACK_DELAY))
			tcp_ack_now(pcb);
		else if (!(f & LWIP_TCP_OUTPUT_BATCH))
			continue;
		tcp_output(pcb);
	}
}

/*
 * The input (serverlib/net/pktin.h), what ipv4.listen(6, ...) is given:
 * IPv4's batch goes into lwIP in the put that brings it, on IPv4's thread
 * (the driver's, for its fast path). It used to wait in a queue for this
 * server's input thread: per batch a put, a get, a wakeup, a thread
 * switch, a yield and a second get (to let one ACK answer more segments),
 * per segment the queue's keep and unkeep and the references at both ends
 * (docs/bench-net-results.md "No queue between the driver and TCP"). The
 * batch is now what the driver's poll brought, which is what that yield
 * waited for. The references are the caller's temporaries: a held segment
 * keeps its packet (rx_hold).
 */
static void tcp_in(struct lwip_tcp *t, const bss_ref_t *pkts, u32_t n, const struct bss_pkt_desc *d)
{
	enter();
	input_batch(t, pkts, d, n);
	out_batch();
	t->in_taken += n;
	leave();
}

#define IN_TAKEN(t) ((t)->in_taken)
/* what one put may bring (the kernel's most references in an array) */
#define IN_CAP(t) ((void)(t), 256u)

PKTIN_QUEUE_FNS(tcpin, struct lwip_tcp, tcp_in, IN_TAKEN, IN_CAP)

BSS_LOCAL_SERVER(lwip_tcp_in_desc, QUEUE, struct lwip_tcp, tcpin);

/* ---- statistics -------------------------------------------------------- */

static u32_t stat_line(char *buf, u32_t n, u32_t at, const char *name, uint64_t v)
{
	char tmp[64];
	int k = bss_snprintf(tmp, sizeof(tmp), "%s %lu\n", name, (unsigned long)v);

	if (k <= 0 || (u32_t)k >= sizeof(tmp) || at + (u32_t)k > n)
		return at;
	memcpy(buf + at, tmp, (size_t)k);
	return at + (u32_t)k;
}

static u32_t count_pcbs(struct tcp_pcb *p)
{
	u32_t n = 0;

	for (; p != NULL; p = p->next)
		n++;
	return n;
}

/*
 * Connections transferring data that wait for the network: data of ours
 * not yet acknowledged, or a hole before data received out of order.
 * netboot's TCP progress check (docs/recovery.md) watches them; a
 * connection still opening (a SYN to a host that does not answer) is not
 * the link's failure.
 */
static u32_t count_waiting(struct tcp_pcb *p)
{
	u32_t n = 0;

	for (; p != NULL; p = p->next)
		n += (p->state == ESTABLISHED || p->state == CLOSE_WAIT) &&
		     (p->unacked != NULL || p->ooseq != NULL);
	return n;
}

static u32_t count_listen_pcbs(struct tcp_pcb_listen *p)
{
	u32_t n = 0;

	for (; p != NULL; p = p->next)
		n++;
	return n;
}

/*
 * Our counters, then lwIP's own (lwip_stats.tcp: its drops by reason), the
 * pcbs per state list and lwIP's heap.
 */
uint32_t tstats_stats(struct lwip_tcp *t, void *out, uint32_t n)
{
	static const char *const name[] = {
		"tcp.rx",	    "tcp.rx_bad",	"tcp.rx_nomem",	      "tcp.rx_dead",
		"tcp.tx",	    "tcp.tx_nomem",	"tcp.tx_queue_full",  "tcp.acks_merged",
		"tcp.segs_merged",  "tcp.accepted",	"tcp.backlog_full",   "tcp.connects",
		"tcp.bytes_in",	    "tcp.bytes_out",	"lwip.tcp.xmit",      "lwip.tcp.recv",
		"lwip.tcp.drop",    "lwip.tcp.chkerr",	"lwip.tcp.lenerr",    "lwip.tcp.memerr",
		"lwip.tcp.rterr",   "lwip.tcp.proterr", "lwip.tcp.opterr",    "lwip.tcp.err",
		"tcp.pcbs_active",  "tcp.pcbs_listen",	"tcp.pcbs_time_wait", "tcp.conns",
		"lwip.mem.used",    "lwip.mem.max",	"lwip.mem.err",	      "tcp.tx_in_place",
		"tcp.pcbs_waiting", "tcp.rx_csum_ok",	"tcp.rx_held",	      "tcp.rx_held_moved",
	};
	uint64_t v[sizeof(name) / sizeof(name[0])];
	char *buf = out;
	u32_t at = 0, i, k = 0, conns = 0;

	enter();
	for (i = 0; i < MAX_CONNS; i++)
		conns += t->conn[i].used;
	v[k++] = t->rx;
	v[k++] = t->rx_bad;
	v[k++] = t->rx_nomem;
	v[k++] = t->rx_dead;
	v[k++] = t->tx;
	v[k++] = t->tx_nomem;
	v[k++] = t->tx_full;
	v[k++] = t->acks_merged;
	v[k++] = t->segs_merged;
	v[k++] = t->accepted;
	v[k++] = t->backlog_full;
	v[k++] = t->connects;
	v[k++] = t->bytes_in;
	v[k++] = t->bytes_out;
	v[k++] = lwip_stats.tcp.xmit;
	v[k++] = lwip_stats.tcp.recv;
	v[k++] = lwip_stats.tcp.drop;
	v[k++] = lwip_stats.tcp.chkerr;
	v[k++] = lwip_stats.tcp.lenerr;
	v[k++] = lwip_stats.tcp.memerr;
	v[k++] = lwip_stats.tcp.rterr;
	v[k++] = lwip_stats.tcp.proterr;
	v[k++] = lwip_stats.tcp.opterr;
	v[k++] = lwip_stats.tcp.err;
	v[k++] = count_pcbs(tcp_active_pcbs);
	v[k++] = count_listen_pcbs(tcp_listen_pcbs.listen_pcbs);
	v[k++] = count_pcbs(tcp_tw_pcbs);
	v[k++] = conns;
	v[k++] = lwip_stats.mem.used;
	v[k++] = lwip_stats.mem.max;
	v[k++] = lwip_stats.mem.err;
	v[k++] = t->tx_in_place;
	v[k++] = count_waiting(tcp_active_pcbs);
	v[k++] = t->rx_csum_ok;
	v[k++] = t->rx_held;
	v[k++] = t->rx_held_moved;
	leave();
	for (i = 0; i < k; i++)
		at = stat_line(buf, n, at, name[i], v[i]);
	return at;
}

BSS_LOCAL_SERVER(tstats_desc, STATS, struct lwip_tcp, tstats);

bss_ref_t lwip_tcp_counters(struct lwip_tcp *t)
{
	return bss_local(&tstats_desc, t);
}

/*
 * Starts lwIP over the IPv4 service: heap, pools, TCP, the endpoint
 * description, then the input. The constructor: no other thread can
 * enter yet.
 */
void lwip_tcp_start(struct lwip_tcp *t)
{
	bss_ref_t heap, dev;

	srv = t;
	heap = bss_keep(memory_alloc(MEMORY, MEM_SIZE + 4096));
	t->heap = heap;
	lwip_tcp_heap = (unsigned char *)(uintptr_t)map_map(MAP, heap);
	mem_init();
	memp_init();
	tcp_init();

	/* the IPv4 service speaks host order, lwIP's addresses are network order */
	ip_addr_set_ip4_u32_val(ipv4_netif.ip_addr, lwip_htonl(ipv4_addr(IPV4)));
	ip_addr_set_ip4_u32_val(ipv4_netif.netmask, lwip_htonl(ipv4_netmask(IPV4)));
	/*
	 * The MSS lwIP offers and uses follows the link's MTU (the stack has
	 * one link: its Ethernet device), so segments leave unfragmented.
	 */
	dev = ethproto_device(ETHPROTO);
	ipv4_netif.mtu = (u16_t)LWIP_MIN(ethdev_mtu(dev), 0xffffu);
	bss_release(dev);
	ipv4_netif.flags = NETIF_FLAG_UP | NETIF_FLAG_LINK_UP;
	ipv4_netif.num = 0;

	t->txq = bss_keep(ipv4_tx_queue(IPV4));
	output_init(t, ipv4_offloads(IPV4), ipv4_netif.mtu);
	t->in = bss_keep(bss_local(&lwip_tcp_in_desc, t));
	ipv4_listen(IPV4, IP_PROTO_TCP, t->in);
}
