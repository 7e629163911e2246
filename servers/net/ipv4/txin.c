/*
 * The transmit input: what ipv4.tx_queue hands the protocol servers.
 *
 * A datagram put into it is routed, framed and put into the driver's TX
 * queue before the put returns, on the producer's thread, as the receive
 * input does for frames (rx.c): the keep and unkeep of a queue between
 * TCP and this server, the transmit thread's wakeup and its switch go.
 * TCP builds its segments in the driver's TX buffers, so the common case
 * costs no copy and no wait.
 *
 * What cannot go at once goes to the transmit thread's queue (txq), as
 * every datagram did before: one that finds no TX buffer to be copied
 * into (the thread sets it aside, held.c, whose invariant stays the
 * thread's), and everything a producer puts while the thread has work:
 * its queue not empty, a batch in hand or datagrams set aside. A
 * producer's datagrams thus leave in the order it put them (TCP puts
 * under its own lock), and this input never waits for a TX buffer.
 */
#include "ip4.h"
#include "serverlib/net/pktin.h"
#include <svc/queue.h>
#include <svc/packet.h>

/* Whether the transmit thread has nothing a datagram put now could overtake. */
static bool thread_idle(const struct ip4 *s)
{
	return !s->txr_busy && !s->nheld && s->txq_in == s->txq_out;
}

/*
 * The rest of a put, to the transmit thread. A datagram its queue refuses
 * (full) is dropped as the thread drops a frame the driver's queue refuses;
 * a TX buffer goes back to TX-free, the only way one returns.
 */
static void to_thread(struct ip4 *s, const bss_ref_t *pkts, uint32_t n,
		      const struct bss_pkt_desc *d)
{
	uint32_t k = queue_put_batch_desc(s->txq, pkts, n, d, n * (uint32_t)sizeof(*d));

	s->txq_in += k;
	s->txin_queued += k;
	for (uint32_t i = k; i < n; i++) {
		uint32_t meta = d[i].flags & PKT_DESC_VALID ? d[i].meta : packet_meta(pkts[i]);

		s->tx_full++;
		if (meta & PKT_TX_ROOM)
			tx_room_back(s, pkts[i]);
	}
}

/* Sends pkts[0, i) at once and returns i: up to the first that must go to the thread. */
static uint32_t send_now(struct ip4 *s, const bss_ref_t *pkts, uint32_t n,
			 const struct bss_pkt_desc *d, struct txb *out)
{
	uint64_t here[PKTIN_CHUNK];
	bool ask = true;
	uint32_t i;

	for (i = 0; i < n && thread_idle(s); i++) {
		/* as the transmit thread asks (ipv4.c, txr_loop) */
		if (ask)
			pkt_desc_here_n(pkts + i, d + i, here + i, n - i);
		out->nobuf = false;
		bool sent = tx_route(s, pkts[i], &d[i], here[i], out);
		if (!sent && out->nobuf)
			break; /* intact: the thread sets it aside */
		ask = !(sent && here[i]) && !pkt_everywhere();
		s->txin_sent++;
	}
	return i;
}

static void input(struct ip4 *s, const bss_ref_t *pkts, uint32_t n, const struct bss_pkt_desc *d)
{
	struct bss_pkt_desc fd[MAX_BATCH];
	struct txb out = {.wait = false, .d = fd, .link = s->link};
	volatile uint32_t i = 0;
	struct bss_try t;

	BSS_TRY(t)
	{
		i = send_now(s, pkts, n, d, &out);
		tx_flush(s, &out);
		tx_stash_back(s, &out);
	}
	BSS_CATCH(t)
	{
		/* a packet or the driver's queue died with its server: the rest is lost */
		txb_drop(&out);
		s->dead_batches++;
		return;
	}
	if (i < n)
		to_thread(s, pkts + i, n - i, d + i);
}

#define TXIN_TAKEN(s) ((s)->txin_sent + (s)->txin_queued)
#define TXIN_CAP(s) queue_capacity((s)->txq)

PKTIN_QUEUE_FNS(txin, struct ip4, input, TXIN_TAKEN, TXIN_CAP)

BSS_LOCAL_SERVER(txin_desc, QUEUE, struct ip4, txin);

bss_ref_t ip4_txin_new(struct ip4 *s)
{
	return bss_local(&txin_desc, s);
}
