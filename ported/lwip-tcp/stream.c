// SPDX-License-Identifier: BSD-3-Clause
/*
 * The TCP server's data path (glue.h): a connection's two streams
 * (services/stream.svc). Reading copies what lwIP buffered out of its
 * pbufs (tcp_recved opens the window by as much); writing copies into
 * lwIP's send buffer (tcp_write + tcp_output), blocking while it is full.
 * Setting connections up and tearing them down is conn.c's.
 */
#include "glue.h"
#include <bss/errno.h>

/*
 * The receiving stream: one call copies everything buffered (up to n) out of
 * lwIP's pbufs and opens the window by as much; lwIP decides when the window
 * update is worth a segment.
 */
uint32_t rxs_read(struct tcp_conn *c, void *buf, uint32_t n)
{
	u16_t k;

	if (n == 0)
		return 0;
	enter();
	while (c->rx == NULL && !c->rx_fin && !c->rx_closed && c->pcb != NULL)
		wait_rx(c);
	if (c->rx == NULL) {
		if (c->rx_fin || c->rx_closed || c->err == ERR_OK || c->err == ERR_CLSD) {
			leave();
			return 0;
		}
		leave_throw_err(c->err);
	}
	/* both walk by each pbuf's len, not by the stale tot_len */
	k = (u16_t)LWIP_MIN(n, c->rx_len);
	pbuf_copy_partial(c->rx, buf, k, 0);
	c->rx = pbuf_free_header(c->rx, k);
	c->rx_len -= k;
	if (c->rx == NULL)
		c->rx_last = NULL;
	if (c->pcb != NULL)
		tcp_recved(c->pcb, k);
	srv->bytes_in += k;
	leave();
	return k;
}

uint32_t rxs_write(struct tcp_conn *c, const void *buf, uint32_t n)
{
	LWIP_UNUSED_ARG(c);
	LWIP_UNUSED_ARG(buf);
	LWIP_UNUSED_ARG(n);
	bss_throw(BSS_E_INVAL, EBADF, "tcp: the receiving stream cannot be written");
}

// Reading ends: what is buffered and what still comes is acknowledged and dropped.
void rxs_close(struct tcp_conn *c)
{
	enter();
	c->rx_closed = true;
	if (c->rx != NULL) {
		if (c->pcb != NULL)
			tcp_recved(c->pcb, (u16_t)c->rx_len);
		pbuf_free(c->rx);
		c->rx = NULL;
		c->rx_last = NULL;
		c->rx_len = 0;
	}
	wake_rx(c);
	leave();
}

uint32_t rxs_available(struct tcp_conn *c)
{
	return c->rx_len;
}

/*
 * Copies as much of buf into lwIP's send buffer as it takes (tcp_write in
 * 64 KiB pieces); 0 when the buffer is full or lwIP's heap is. Lock held.
 */
static u32_t tx_some(struct tcp_conn *c, const u8_t *buf, u32_t n, bool *nomem)
{
	u32_t done = 0, k;
	err_t e;

	/* no slivers: wait until a full segment (or all of n) fits */
	if (tcp_sndbuf(c->pcb) < LWIP_MIN(n, (u32_t)c->pcb->mss))
		return 0;
	while (done < n) {
		k = LWIP_MIN(n - done, (u32_t)tcp_sndbuf(c->pcb));
		if (k == 0)
			break;
		e = tcp_write(c->pcb, buf + done, (u16_t)k,
			      TCP_WRITE_FLAG_COPY | (done + k < n ? TCP_WRITE_FLAG_MORE : 0));
		if (e == ERR_MEM && k > c->pcb->mss)
			e = tcp_write(c->pcb, buf + done, (u16_t)(k = c->pcb->mss),
				      TCP_WRITE_FLAG_COPY);
		if (e != ERR_OK) {
			*nomem = done == 0;
			break;
		}
		done += k;
	}
	return done;
}

/*
 * The sending stream: blocks while lwIP's send buffer is full (backpressure:
 * it drains only as the peer acknowledges), then takes as much as fits.
 */
uint32_t txs_write(struct tcp_conn *c, const void *buf, uint32_t n)
{
	bool nomem;
	u32_t done;

	if (n == 0)
		return 0;
	enter();
	for (;;) {
		if (c->tx_closed)
			leave_throw(TCP_E_CONN, EPIPE, "tcp: write after close");
		if (c->pcb == NULL)
			leave_throw_err(c->err);
		nomem = false;
		done = tx_some(c, buf, n, &nomem);
		if (done != 0)
			break;
		if (nomem && c->pcb->unacked == NULL) {
			/* nothing in flight to wake us: the timer retries */
			srv->mem_waiters++;
			wait_on(&srv->mem_waiters);
			srv->mem_waiters--;
		} else {
			tcp_output(c->pcb);
			wait_tx(c);
		}
	}
	tcp_output(c->pcb);
	srv->bytes_out += done;
	leave();
	return done;
}

uint32_t txs_read(struct tcp_conn *c, void *buf, uint32_t n)
{
	LWIP_UNUSED_ARG(c);
	LWIP_UNUSED_ARG(buf);
	LWIP_UNUSED_ARG(n);
	bss_throw(BSS_E_INVAL, EBADF, "tcp: the sending stream cannot be read");
}

// Our FIN, after what was written (tcp_shutdown: lwIP retries if out of memory).
void txs_close(struct tcp_conn *c)
{
	enter();
	if (!c->tx_closed) {
		c->tx_closed = true;
		if (c->pcb != NULL) {
			tcp_shutdown(c->pcb, 0, 1);
			if (c->rx_fin)
				conn_detach(c);
		}
	}
	wake_tx(c);
	leave();
}

uint32_t txs_available(struct tcp_conn *c)
{
	return c->pcb != NULL && !c->tx_closed ? tcp_sndbuf(c->pcb) : 0;
}
