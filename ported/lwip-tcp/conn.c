// SPDX-License-Identifier: BSD-3-Clause
/*
 * The upper half of the lwIP TCP server's glue (glue.h): the TCP service
 * (services/tcp.svc), how connections are set up and torn down. Listeners
 * and connections are local servers; a connection is a pair of streams
 * (thesis 4.5, their data path in stream.c) over lwIP's raw callback API.
 * See docs/tcp.md.
 *
 * Nothing below the lwIP API is touched: listen/accept/connect/close/abort
 * are tcp_listen/tcp_accept/tcp_connect/tcp_close/tcp_abort, receive window
 * updates are tcp_recved as the reader drains its stream, sending is
 * tcp_write + tcp_output (Nagle and congestion control decide what goes out),
 * RST for closed ports and TIME_WAIT are lwIP's own.
 */
#include "glue.h"
#include <bss/errno.h>

/* ---- connections: lwIP's callbacks ---------------------------------- */

_Noreturn void leave_throw_err(err_t e)
{
	switch (e) {
	case ERR_RST:
		leave_throw(TCP_E_CONN, ECONNRESET, "tcp: connection reset by the peer");
	case ERR_ABRT:
		leave_throw(TCP_E_CONN, ECONNABORTED, "tcp: connection aborted");
	case ERR_TIMEOUT:
		leave_throw(TCP_E_CONN, ETIMEDOUT, "tcp: connection timed out");
	case ERR_MEM:
		leave_throw(BSS_E_NOMEM, ENOMEM, "tcp: out of memory");
	default:
		leave_throw(TCP_E_CONN, EPIPE, "tcp: connection closed");
	}
}

static struct tcp_conn *conn_alloc(struct lwip_tcp *t)
{
	u32_t i;

	for (i = 0; i < MAX_CONNS; i++)
		if (!t->conn[i].used) {
			memset(&t->conn[i], 0, sizeof(t->conn[i]));
			t->conn[i].used = true;
			return &t->conn[i];
		}
	return NULL;
}

static void conn_free(struct tcp_conn *c)
{
	if (c->rx != NULL)
		pbuf_free(c->rx);
	memset(c, 0, sizeof(*c));
}

/*
 * Lets the pcb go: lwIP finishes it on its own (LAST_ACK, TIME_WAIT) and
 * frees it without telling anyone -- so no pointer to it may stay here.
 */
void conn_detach(struct tcp_conn *c)
{
	struct tcp_pcb *pcb = c->pcb;

	if (pcb == NULL)
		return;
	tcp_arg(pcb, NULL);
	tcp_recv(pcb, NULL);
	tcp_sent(pcb, NULL);
	tcp_err(pcb, NULL);
	c->pcb = NULL;
}

static err_t recv_cb(void *arg, struct tcp_pcb *pcb, struct pbuf *p, err_t err)
{
	struct tcp_conn *c = arg;

	LWIP_UNUSED_ARG(err);
	if (p == NULL) {
		/* the peer's FIN; with ours sent too, the pcb is lwIP's alone */
		c->rx_fin = true;
		if (c->tx_closed)
			conn_detach(c);
		wake_rx(c);
		return ERR_OK;
	}
	if (c->rx_closed) {
		tcp_recved(pcb, p->tot_len);
		pbuf_free(p);
		return ERR_OK;
	}
	/* the window keeps this below 64 KiB; if not, lwIP keeps it for later */
	if (c->rx_len + p->tot_len > 0xffff)
		return ERR_MEM;
	if (c->rx != NULL)
		c->rx_last->next = p;
	else
		c->rx = p;
	c->rx_len += p->tot_len;
	for (c->rx_last = p; c->rx_last->next != NULL;)
		c->rx_last = c->rx_last->next;
	wake_rx(c);
	return ERR_OK;
}

static err_t sent_cb(void *arg, struct tcp_pcb *pcb, u16_t len)
{
	struct tcp_conn *c = arg;

	LWIP_UNUSED_ARG(len);
	/*
	 * A writer waits for a third of the send buffer (or for nothing left
	 * in flight), as Linux's sk_stream_write_space waits for room, not for
	 * each ACK's segment or two: every wake is a switch of threads (and,
	 * isolated, of spaces) and a write of its own. Two thirds still in
	 * flight keep the link busy meanwhile.
	 */
	if (tcp_sndbuf(pcb) >= TCP_SND_BUF / 3 || pcb->unacked == NULL)
		wake_tx(c);
	return ERR_OK;
}

/* lwIP has freed the pcb (reset, abort, timeout, or closed after LAST_ACK). */
static void err_cb(void *arg, err_t err)
{
	struct tcp_conn *c = arg;

	if (c == NULL)
		return;
	c->pcb = NULL;
	c->err = err;
	wake_rx(c);
	wake_tx(c);
	/* a pending one is freed by accept() or the listener's end */
	if (c->refs == 0 && !c->connecting && c->lst == NULL)
		conn_free(c);
}

static err_t connected_cb(void *arg, struct tcp_pcb *pcb, err_t err)
{
	struct tcp_conn *c = arg;

	LWIP_UNUSED_ARG(pcb);
	LWIP_UNUSED_ARG(err);
	c->established = true;
	wake_tx(c);
	return ERR_OK;
}

static void conn_attach(struct tcp_conn *c, struct tcp_pcb *pcb)
{
	c->pcb = pcb;
	tcp_arg(pcb, c);
	tcp_recv(pcb, recv_cb);
	tcp_sent(pcb, sent_cb);
	tcp_err(pcb, err_cb);
}

static err_t accept_cb(void *arg, struct tcp_pcb *pcb, err_t err)
{
	struct tcp_listener *l = arg;
	struct tcp_conn *c;

	if (err != ERR_OK || pcb == NULL || l == NULL)
		return ERR_VAL;
	c = l->len < l->backlog ? conn_alloc(srv) : NULL;
	if (c == NULL) {
		/* lwIP answers ERR_MEM with tcp_abort(): the peer gets RST */
		srv->backlog_full++;
		tcp_arg(pcb, NULL);
		return ERR_MEM;
	}
	conn_attach(c, pcb);
	c->established = true;
	c->peer_ip = lwip_ntohl(ip4_addr_get_u32(ip_2_ip4(&pcb->remote_ip)));
	c->peer_port = pcb->remote_port;
	c->lst = l;
	l->pending[(l->head + l->len++) % MAX_BACKLOG] = c;
	srv->accepted++;
	bss_wake((uint64_t)(uintptr_t)l, 0);
	return ERR_OK;
}

/* ---- connections: local servers ------------------------------------- */

/* The last of a connection's local servers went: close it (lwIP's close). */
static void conn_unref(struct tcp_conn *c)
{
	struct tcp_pcb *pcb;

	enter();
	if (--c->refs == 0) {
		pcb = c->pcb;
		conn_detach(c);
		/* RST if received data was never read, else FIN (lwIP decides) */
		if (pcb != NULL && tcp_close(pcb) != ERR_OK)
			tcp_abort(pcb);
		conn_free(c);
	}
	leave();
}

static void conn_dtor(struct tcp_conn *c)
{
	conn_unref(c);
}
static void rxs_dtor(struct tcp_conn *c)
{
	conn_unref(c);
}
static void txs_dtor(struct tcp_conn *c)
{
	conn_unref(c);
}

BSS_LOCAL_SERVER(conn_desc, TCPCONN, struct tcp_conn, conn, .dtor = BSS_CTOR(conn_dtor));
BSS_LOCAL_SERVER(rxs_desc, STREAM, struct tcp_conn, rxs, .dtor = BSS_CTOR(rxs_dtor));
BSS_LOCAL_SERVER(txs_desc, STREAM, struct tcp_conn, txs, .dtor = BSS_CTOR(txs_dtor));

/* A new local server of c; refs counts it from here (lock held). */
static bss_ref_t conn_local(struct tcp_conn *c, const struct bss_local_desc *desc)
{
	c->refs++;
	return bss_local(desc, c);
}

bss_ref_t conn_rx(struct tcp_conn *c)
{
	bss_ref_t r;

	enter();
	r = conn_local(c, &rxs_desc);
	leave();
	return r;
}

bss_ref_t conn_tx(struct tcp_conn *c)
{
	bss_ref_t r;

	enter();
	r = conn_local(c, &txs_desc);
	leave();
	return r;
}

uint64_t conn_peer(struct tcp_conn *c)
{
	return (uint64_t)c->peer_ip << 16 | c->peer_port;
}

void conn_abort(struct tcp_conn *c)
{
	struct tcp_pcb *pcb;

	enter();
	pcb = c->pcb;
	if (pcb != NULL) {
		conn_detach(c);
		c->err = ERR_ABRT;
		tcp_abort(pcb);
	}
	c->tx_closed = true;
	wake_rx(c);
	wake_tx(c);
	leave();
}

/* ---- listeners -------------------------------------------------------- */

static void lst_dtor(struct tcp_listener *l)
{
	struct tcp_conn *c;

	enter();
	if (l->pcb != NULL) {
		tcp_arg(l->pcb, NULL);
		tcp_close(l->pcb); /* a listening pcb closes at once */
	}
	while (l->len > 0) {
		c = l->pending[l->head];
		l->head = (l->head + 1) % MAX_BACKLOG;
		l->len--;
		if (c->pcb != NULL) {
			struct tcp_pcb *pcb = c->pcb;

			conn_detach(c);
			tcp_abort(pcb);
		}
		conn_free(c);
	}
	memset(l, 0, sizeof(*l));
	leave();
}

BSS_LOCAL_SERVER(lst_desc, TCPLISTEN, struct tcp_listener, lst, .dtor = BSS_CTOR(lst_dtor));

bss_ref_t lst_accept(struct tcp_listener *l)
{
	struct tcp_conn *c;
	bss_ref_t r;

	enter();
	for (;;) {
		while (l->len == 0)
			wait_on(l);
		c = l->pending[l->head];
		l->head = (l->head + 1) % MAX_BACKLOG;
		l->len--;
		c->lst = NULL;
		/* reset before anyone took it, and nothing to read: gone */
		if (c->pcb != NULL || c->rx != NULL || c->rx_fin)
			break;
		conn_free(c);
	}
	r = conn_local(c, &conn_desc);
	leave();
	return r;
}

uint32_t lst_port(struct tcp_listener *l)
{
	return l->pcb != NULL ? l->pcb->local_port : 0;
}

/* ---- the TCP service --------------------------------------------------- */

bss_ref_t lwip_tcp_listen(struct lwip_tcp *t, uint32_t port, uint32_t backlog)
{
	struct tcp_listener *l = NULL;
	struct tcp_pcb *pcb, *lp;
	u32_t i;

	if (port > 0xffff)
		bss_throw(BSS_E_INVAL, EINVAL, "tcp.listen: port out of range");
	backlog = LWIP_MAX(1u, LWIP_MIN(backlog, (u32_t)MAX_BACKLOG));
	enter();
	for (i = 0; i < MAX_LISTENERS && l == NULL; i++)
		if (!t->lst[i].used)
			l = &t->lst[i];
	if (l == NULL)
		leave_throw(BSS_E_LIMIT, EMFILE, "tcp.listen: too many listeners");
	pcb = tcp_new();
	if (pcb == NULL)
		leave_throw(BSS_E_NOMEM, ENOMEM, "tcp.listen: out of memory");
	/* a port whose last connections are in TIME_WAIT can listen again */
	ip_set_option(pcb, SOF_REUSEADDR);
	if (tcp_bind(pcb, IP_ADDR_ANY, (u16_t)port) != ERR_OK) {
		tcp_close(pcb);
		leave_throw(BSS_E_INVAL, EADDRINUSE, "tcp.listen: port in use");
	}
	lp = tcp_listen_with_backlog(pcb, (u8_t)backlog);
	if (lp == NULL) {
		tcp_close(pcb);
		leave_throw(BSS_E_NOMEM, ENOMEM, "tcp.listen: out of memory");
	}
	memset(l, 0, sizeof(*l));
	l->used = true;
	l->pcb = lp;
	l->backlog = backlog;
	tcp_arg(lp, l);
	tcp_accept(lp, accept_cb);
	leave();
	return bss_local(&lst_desc, l);
}

bss_ref_t lwip_tcp_connect(struct lwip_tcp *t, uint32_t ip, uint32_t port)
{
	struct tcp_conn *c;
	struct tcp_pcb *pcb;
	ip_addr_t a;
	err_t e;
	bss_ref_t r;

	if (port == 0 || port > 0xffff)
		bss_throw(BSS_E_INVAL, EINVAL, "tcp.connect: port out of range");
	enter();
	c = conn_alloc(t);
	if (c == NULL)
		leave_throw(BSS_E_LIMIT, EMFILE, "tcp.connect: too many connections");
	pcb = tcp_new();
	if (pcb == NULL) {
		conn_free(c);
		leave_throw(BSS_E_NOMEM, ENOMEM, "tcp.connect: out of memory");
	}
	conn_attach(c, pcb);
	c->connecting = true;
	c->peer_ip = ip;
	c->peer_port = (u16_t)port;
	ip_addr_set_ip4_u32_val(a, lwip_htonl(ip));
	e = tcp_connect(pcb, &a, (u16_t)port, connected_cb);
	if (e != ERR_OK) {
		conn_detach(c);
		tcp_abort(pcb);
		conn_free(c);
		leave_throw(TCP_E_CONN, e == ERR_MEM ? ENOMEM : EINVAL, "tcp.connect failed");
	}
	t->connects++;
	while (c->pcb != NULL && !c->established)
		wait_tx(c);
	c->connecting = false;
	if (c->pcb == NULL) {
		e = c->err;
		conn_free(c);
		if (e == ERR_RST)
			leave_throw(TCP_E_CONN, ECONNREFUSED, "tcp.connect: refused");
		leave_throw(TCP_E_CONN, ETIMEDOUT, "tcp.connect: no answer");
	}
	r = conn_local(c, &conn_desc);
	leave();
	return r;
}

/*
 * tcp.resume(): netboot calls it once a restarted driver has its link
 * again (docs/recovery.md). Everything in flight during the outage was lost
 * with the old driver, both ways, and both ends' retransmission timers
 * backed off meanwhile (the peer's Linux RTO doubles from 200 ms), so a
 * connection would stall until the next of them, long after the link is
 * back. For each connection that may have lost data:
 *  - our unacknowledged segments are retransmitted now, with the response
 *    lwIP's timer gives a timeout (tcp_slowtmr: ssthresh halved, cwnd one
 *    segment) unless one is already under way: the loss is certain and the
 *    congestion response the same, only earlier;
 *  - DUPACKS empty ACKs of what we have received: a peer that has not
 *    timed out yet (a short outage) takes them as duplicates and
 *    retransmits the segment we wait for at once (fast retransmit, RFC 5681
 *    3.2), as it would if we had received the segments after it. They
 *    acknowledge nothing we have not received and change no window; a peer
 *    with nothing outstanding, or already recovering from its timeout,
 *    ignores them and waits for its timer.
 */
#define DUPACKS 3

uint32_t lwip_tcp_resume(struct lwip_tcp *t)
{
	struct tcp_pcb *p;
	u32_t n = 0, i;

	(void)t;
	enter();
	for (p = tcp_active_pcbs; p != NULL; p = p->next) {
		if (p->state != ESTABLISHED && p->state != CLOSE_WAIT && p->state != FIN_WAIT_1 &&
		    p->state != FIN_WAIT_2)
			continue;
		if (p->unacked != NULL) {
			bool in_rto = tcp_is_flag_set(p, TF_RTO);

			if (tcp_rexmit_rto_prepare(p) == ERR_OK) {
				if (!in_rto) {
					tcpwnd_size_t w = LWIP_MIN(p->cwnd, p->snd_wnd);

					p->ssthresh =
						LWIP_MAX(w >> 1, (tcpwnd_size_t)(p->mss << 1));
					p->cwnd = p->mss;
					p->bytes_acked = 0;
				}
				p->rtime = 0;
				tcp_rexmit_rto_commit(p);
			}
		}
		if (p->state != CLOSE_WAIT)
			for (i = 0; i < DUPACKS; i++)
				tcp_send_empty_ack(p);
		n++;
	}
	leave();
	return n;
}
