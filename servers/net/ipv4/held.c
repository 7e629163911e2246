/*
 * Datagrams the transmit thread sets aside for want of a TX buffer.
 *
 * Once ipv4.tx_buffers lent the driver's TX buffers out, a protocol server
 * (TCP) may hold every one of them, filled with datagrams that sit behind
 * this thread in its own batch or queue. Waiting for a free one then waited
 * for ever (docs/tcp.md); dropping the datagram instead lost a peer's pings
 * and UDP answers during a TCP bulk send. So a datagram the thread must
 * copy (ICMP, UDP, ARP-resolved, fragments) and finds no buffer for is set
 * aside here, and the thread goes on: the TX buffers behind it go to the
 * driver as they are, and come back free as the device sends them.
 */
#include "ip4.h"
#include <svc/queue.h>
#include <svc/timer.h>

/* Takes p (the caller's reference) for the next batch; false when full (a drop, counted). */
bool tx_hold(struct ip4 *s, bss_ref_t p)
{
	if (s->nheld == TX_HELD_MAX) {
		s->tx_nobuf++;
		return false;
	}
	s->held[s->nheld++] = p;
	s->tx_held++;
	return true;
}

/*
 * TX buffers the transmit thread took ahead and did not use go back before
 * it waits: it never waits holding one (tx_next_batch).
 */
void tx_stash_back(struct ip4 *s, struct txb *out)
{
	if (!s->lends || !out->nfree)
		return;
	queue_put_batch(s->txfree, out->free, out->nfree);
	pkt_release_all(out->free, out->nfree);
	out->nfree = 0;
}

/*
 * The transmit thread's next batch: what it set aside, in order, then what
 * its queue holds; d[i] is pkts[i]'s descriptor (flags 0 for a set-aside
 * one: never a TX buffer).
 *
 * The invariant that rules out the deadlock of docs/tcp.md: once TX
 * buffers are lent, this thread never waits for a TX buffer, and it waits
 * at all only here, in queue.get on its own TX queue, and only when it
 * holds nothing back: no TX buffer (the batch went to the driver,
 * tx_stash_back returned the rest) and no datagram set aside. A set-aside
 * datagram is a pool or received packet, never a TX buffer, so no buffer
 * the device needs waits on it. While something is set aside the thread
 * does not block: it polls its queue every TX_HELD_POLL_US, so it sees the
 * buffers the device frees even when nothing else arrives, and sends the
 * TX buffers queued behind it meanwhile.
 */
uint32_t tx_next_batch(struct ip4 *s, bss_ref_t *pkts, struct bss_pkt_desc *d)
{
	uint32_t n = s->nheld;

	if (n) {
		uint64_t now = now_ms();
		if (!s->held_since) {
			s->held_since = now;
		} else if (now - s->held_since > TX_HELD_MS) {
			/* no buffer for that long: a stuck device, its supervisor's to restart */
			pkt_release_all(s->held, n);
			s->tx_nobuf += n;
			s->nheld = n = 0;
		}
	}
	if (!n) {
		s->held_since = 0;
		n = queue_get_batch_desc(s->txq, pkts, s->batch, d, s->batch * sizeof(*d));
		s->txq_out += n;
		return n;
	}
	for (uint32_t i = 0; i < n; i++) {
		pkts[i] = s->held[i];
		d[i].flags = 0;
	}
	s->nheld = 0;
	uint32_t room = MAX_BATCH - n < s->batch ? MAX_BATCH - n : s->batch;
	uint32_t got = queue_try_get_batch_desc(s->txq, pkts + n, room, d + n, room * sizeof(*d));
	s->txq_out += got;
	/* nothing new: give the device time to send and free a buffer */
	if (!got)
		timer_sleep_us(TIMER, TX_HELD_POLL_US);
	return n + got;
}
