/*
 * Recovery (docs/recovery.md): a stack whose driver the PCI bus server
 * supervises. When the bus loads a new instance of the driver, the stack
 * moves to it (relink). And the stack watches its driver for the hangs no
 * CPU watchdog sees, because nothing spins: the driver stops taking frames
 * from its TX queue while some wait there, or nothing at all arrives from
 * the device -- not even the answer to a probe, a ping to the gateway.
 * Then it asks the bus to restart the driver. A restart for silence that
 * did not help (the peer may just be gone) makes the next one wait twice
 * as long, up to RX_BACKOFF_MAX times.
 *
 * A driver can also stay alive, take its frames and deliver some while
 * almost nothing gets through end to end: ne2k-pci resetting its chip at
 * every transmit delivers a lone datagram or ping, and loses every burst,
 * so TCP stalls. No queue stops and there is no silence; TCP's counters
 * show it (watch_tcp): connections wait for the network and almost no
 * segment arrives for several periods, while other frames do and the
 * driver takes frames to send. The same backoff keeps a vanished peer from
 * causing a restart storm.
 */
#include "netboot.h"
#include <svc/ethdev.h>
#include <svc/ethproto.h>
#include <svc/ipv4.h>
#include <svc/packet.h>
#include <svc/pcibus.h>
#include <svc/pktpool.h>
#include <svc/queue.h>
#include <svc/runnable.h>
#include <svc/stats.h>
#include <svc/tcp.h>
#include <svc/thread.h>
#include <svc/timer.h>
#include "netlib/csum.h"
#include "serverlib/net/param.h"

#define RX_BACKOFF_MAX 6
#define TCP_STALL 4 /* periods */
#define MS 1000000ull
#define RESUME_POLL_US 10000
#define RESUME_WAIT_MS 10000 /* e1000 negotiates its link in 1-3 s after a restart */

static uint32_t link_up(struct stack *s);
static void resume_tcp(struct stack *s);

/*
 * The bus restarted the stack's driver: the distributor and IPv4 move to
 * the new instance's queues. Runs in the bus server's restart thread.
 */
void rl_run(struct stack *s)
{
	bss_ref_t d = bss_keep(pcibus_driver(s->bus, s->pci_index));

	bss_release(s->layer[L_DRIVER]);
	s->layer[L_DRIVER] = d;
	ethproto_attach(s->layer[L_ETHDIST], d);
	ipv4_relink(s->layer[L_IPV4]);
	if (s->wd.txq)
		bss_release(s->wd.txq);
	s->wd.txq = bss_keep(ethdev_tx_queue(d));
	s->wd.tx_since = s->wd.rx_since = timer_now_ns(TIMER);
	s->wd.probe_at = 0;
	/* TCP resumes after its retransmission timers, backed off during the
	   outage: a stall is counted only from a period of grace on */
	uint64_t grace = s->wd.tx_since + (uint64_t)TCP_STALL * s->wd.ms * MS;
	if (s->wd.tcp_quiet_until < grace)
		s->wd.tcp_quiet_until = grace;
	s->attaches++;
	bss_printf("netboot: stack %s re-attached to its restarted driver (%u)\n", s->name,
		   s->attaches);
	if (s->layer[L_TCP])
		resume_tcp(s);
}

BSS_LOCAL_SERVER(relink_desc, RUNNABLE, struct stack, rl);

static void restart(struct stack *s, const char *why)
{
	struct bss_try e;

	bss_printf("netboot: stack %s: %s; restarting the driver\n", s->name, why);
	BSS_TRY(e)
	{
		pcibus_restart(s->bus, s->pci_index);
	}
	BSS_CATCH(e)
	{
		bss_printf("netboot: stack %s: restart failed: %s\n", s->name, e.err.msg);
	}
}

/* A counter in a stats server's text ("name value" lines); 0 if missing. */
static uint64_t counter_in(const char *text, const char *name)
{
	size_t len = strlen(name);
	const char *p = text;

	while ((p = strstr(p, name)) && ((p != text && p[-1] != '\n') || p[len] != ' '))
		p += len;
	uint64_t v = 0;
	for (p = p ? p + len + 1 : ""; *p >= '0' && *p <= '9'; p++)
		v = v * 10 + (uint64_t)(*p - '0');
	return v;
}

/* The sum of the counters names[0..n) of one stats server, read in one call. */
static uint64_t counters(bss_ref_t stats, const char *const *names, unsigned n)
{
	char buf[2048];
	uint64_t v = 0;

	buf[stats_stats(stats, buf, sizeof(buf) - 1)] = 0;
	for (unsigned i = 0; i < n; i++)
		v += counter_in(buf, names[i]);
	return v;
}

static uint64_t counter(bss_ref_t stats, const char *name)
{
	return counters(stats, &name, 1);
}

/* Frames the stack received: IPv4's "ip.rx" counter. */
static uint64_t rx_count(struct stack *s)
{
	return counter(s->wd.ipstats, "ip.rx");
}

/*
 * A restart that did not help makes the next one wait twice as long, up to
 * 2^RX_BACKOFF_MAX periods.
 */
static uint64_t backoff(struct watchdog *w, uint32_t *restarts)
{
	if (*restarts < RX_BACKOFF_MAX)
		(*restarts)++;
	return timer_now_ns(TIMER) + (w->ms * MS << *restarts);
}

/* An ICMP echo request to the gateway, through IPv4: its answer is a frame to receive. */
static void probe(struct stack *s)
{
	bss_ref_t p = pktpool_alloc(s->layer[L_POOL], 28);
	if (!p)
		return;
	uint8_t *d = (uint8_t *)(uintptr_t)packet_map(p);
	uint32_t src = ipv4_addr(s->layer[L_IPV4]), dst = s->wd.gateway;

	memset(d, 0, 28);
	d[0] = 0x45;
	d[3] = 28;
	d[9] = 1; /* ICMP */
	for (int i = 0; i < 4; i++) {
		d[12 + i] = (uint8_t)(src >> (24 - 8 * i));
		d[16 + i] = (uint8_t)(dst >> (24 - 8 * i));
	}
	d[20] = 8; /* echo request */
	d[24] = 0x6e;
	d[25] = 0x62; /* identifier "nb" */
	d[26] = (uint8_t)(s->wd.probe_seq >> 8);
	d[27] = (uint8_t)s->wd.probe_seq++;
	uint16_t c = nl_csum(d + 20, 8);
	d[22] = (uint8_t)(c >> 8);
	d[23] = (uint8_t)c;
	packet_set_len(p, 28);
	queue_put(ipv4_tx_queue(s->layer[L_IPV4]), p);
}

/* Datagrams IPv4 found no free TX buffer for, set aside or dropped. */
static uint64_t tx_wanting(struct watchdog *w)
{
	static const char *const names[] = {"ip.tx_nobuf", "ip.tx_held"};

	return counters(w->ipstats, names, 2);
}

/*
 * Frames wait to be sent and the driver takes none. They wait in its TX
 * queue, or never get there: once the driver holds every TX buffer (a
 * stopped queue, e1000 after a "Tx Unit Hang"), IPv4 finds none free and
 * sets aside (ip.tx_held) or drops (ip.tx_nobuf) what it would send, so
 * the queue stays empty.
 */
static void watch_tx(struct stack *s, uint64_t now)
{
	struct watchdog *w = &s->wd;
	uint64_t t = queue_taken(w->txq);
	uint32_t len = queue_length(w->txq);
	uint64_t nobuf = tx_wanting(w);

	if ((!len && nobuf == w->tx_nobuf) || t != w->tx_taken) {
		w->tx_taken = t;
		w->tx_nobuf = nobuf;
		w->tx_since = now;
	} else if (now - w->tx_since >= w->ms * MS) {
		char why[112];
		bss_snprintf(why, sizeof(why),
			     "TX hang: %u frames queued, %lu without a TX buffer, none taken for "
			     "%lu ms",
			     len, (unsigned long)(nobuf - w->tx_nobuf),
			     (unsigned long)((now - w->tx_since) / MS));
		restart(s, why);
		w->tx_nobuf = tx_wanting(w);
		w->tx_since = timer_now_ns(TIMER);
	}
}

/* The driver's link; a dead driver's is down (it is being restarted, the relink resets the clock).
 */
static __attribute__((noinline)) uint32_t link_up(struct stack *s)
{
	struct bss_try t;
	volatile uint32_t link = 0;

	BSS_TRY(t)
	{
		link = ethdev_link(s->layer[L_DRIVER]);
	}
	BSS_CATCH(t)
	{
		link = 0;
	}
	return link;
}

/*
 * After a relink: once the new instance has its link (what is sent before
 * is dropped), TCP retransmits and prompts its peers at once (tcp.resume,
 * docs/recovery.md) instead of waiting for its and their timers, backed off
 * during the outage. A thread of its own polls the link, since the relink
 * runs in the bus server's restart thread; it gives up on a link that does
 * not come or a newer relink, which starts its own.
 */
void rs_run(struct stack *s)
{
	uint32_t gen = s->attaches;
	uint64_t until = timer_now_ns(TIMER) + RESUME_WAIT_MS * MS;
	struct bss_try t;
	volatile uint32_t n = 0;

	while (!link_up(s)) {
		if (s->attaches != gen || timer_now_ns(TIMER) > until)
			return;
		timer_sleep_us(TIMER, RESUME_POLL_US);
	}
	BSS_TRY(t)
	{
		n = tcp_resume(s->layer[L_TCP]);
	}
	BSS_CATCH(t)
	{
		return;
	}
	bss_printf("netboot: stack %s: TCP resumed %u connections on the new link at %lu us\n",
		   s->name, n, (unsigned long)(timer_now_ns(TIMER) / 1000));
}

BSS_LOCAL_SERVER(resume_desc, RUNNABLE, struct stack, rs);

static void resume_tcp(struct stack *s)
{
	thread_start(THREAD, bss_local(&resume_desc, s));
}

static void watch_rx(struct stack *s, uint64_t now)
{
	struct watchdog *w = &s->wd;
	uint64_t rx = rx_count(s);

	if (rx != w->rx) {
		w->rx = rx;
		w->rx_since = now;
		w->probe_at = 0;
		w->rx_restarts = 0;
		return;
	}
	if (!w->gateway || now - w->rx_since < w->ms * MS)
		return;
	/* a device without a link (e1000 negotiating after open) is not hung:
	   asked only when it looks so, the driver may be the one that hangs */
	if (!link_up(s)) {
		w->rx_since = now;
		w->probe_at = 0;
		return;
	}
	if (!w->probe_at) {
		probe(s);
		w->probe_at = now;
		return;
	}
	if (now - w->probe_at < w->ms * MS || now < w->quiet_until)
		return;
	char why[96];
	bss_snprintf(why, sizeof(why),
		     "RX hang: nothing received for %lu ms, not even a probe's answer",
		     (unsigned long)((now - w->rx_since) / MS));
	restart(s, why);
	w->quiet_until = backoff(w, &w->rx_restarts);
	w->probe_at = 0;
	w->rx_since = timer_now_ns(TIMER);
}

/*
 * TCP makes (almost) no progress although the link works: for TCP_STALL
 * periods some connection waited for the network at every look (data of
 * ours unacknowledged, or a hole before data received out of order), and
 * fewer than TCP_STALL segments arrived, while other frames did (total
 * silence is watch_rx's) and the driver took frames to send (a driver that
 * takes none is watch_tx's). An idle connection waits for nothing; a busy
 * one on a healthy link receives acknowledgements and retransmissions.
 * Nothing is counted while quiet (the backoff, the grace after a relink):
 * the stall must then last a whole window again.
 */
static void watch_tcp(struct stack *s, uint64_t now)
{
	struct watchdog *w = &s->wd;
	uint64_t rx = counter(w->tcpstats, "tcp.rx");

	if (rx - w->tcp_rx >= TCP_STALL || now < w->tcp_quiet_until ||
	    !counter(w->tcpstats, "tcp.pcbs_waiting")) {
		if (rx - w->tcp_rx >= TCP_STALL)
			w->tcp_restarts = 0;
		w->tcp_rx = rx;
		w->tcp_since = now;
		w->tcp_ip_rx = rx_count(s);
		w->tcp_taken = queue_taken(w->txq);
		return;
	}
	if (now - w->tcp_since < TCP_STALL * w->ms * MS)
		return;
	uint64_t other = rx_count(s) - w->tcp_ip_rx - (rx - w->tcp_rx);
	uint64_t taken = queue_taken(w->txq) - w->tcp_taken;
	if (!other || !taken || !link_up(s))
		return;
	char why[128];
	bss_snprintf(why, sizeof(why),
		     "TCP stalled: %lu segments in %lu ms while %lu other frames came and %lu "
		     "were sent",
		     (unsigned long)(rx - w->tcp_rx), (unsigned long)((now - w->tcp_since) / MS),
		     (unsigned long)other, (unsigned long)taken);
	restart(s, why);
	uint64_t quiet = backoff(w, &w->tcp_restarts);
	if (w->tcp_quiet_until < quiet)
		w->tcp_quiet_until = quiet;
}

/* The watchdog thread: looks four times per period. */
void wd_run(struct stack *s)
{
	for (;;) {
		timer_sleep_us(TIMER, (uint64_t)s->wd.ms * 250);
		uint64_t now = timer_now_ns(TIMER);
		watch_tx(s, now);
		watch_rx(s, now);
		if (s->wd.tcpstats)
			watch_tcp(s, now);
	}
}

BSS_LOCAL_SERVER(watchdog_desc, RUNNABLE, struct stack, wd);

/* "route 0.0.0.0/0 GW": the default gateway, what the RX probe pings. */
static uint32_t gateway(struct stack *s)
{
	const char *r = nb_stack_param(s, "route");
	uint32_t ip, len;

	while (r && *r) {
		unsigned n = parse_ip(r, &ip, &len);
		if (!n)
			return 0;
		r += n;
		while (*r == ' ')
			r++;
		n = parse_ip(r, &ip, &len);
		if (!n)
			return 0;
		if (len == 32)
			return ip;
		r += n;
	}
	return 0;
}

void nb_supervise(struct stack *s)
{
	struct watchdog *w = &s->wd;

	pcibus_watch(s->bus, s->pci_index, bss_local(&relink_desc, s));
	w->ms = param_u32(s->config, "watchdog_ms", 1000);
	if (!w->ms)
		return;
	w->txq = bss_keep(ethdev_tx_queue(s->layer[L_DRIVER]));
	w->ipstats = bss_keep(ipv4_counters(s->layer[L_IPV4]));
	w->gateway = gateway(s);
	if (s->layer[L_TCP])
		w->tcpstats = bss_keep(tcp_counters(s->layer[L_TCP]));
	w->tx_since = w->rx_since = w->tcp_since = timer_now_ns(TIMER);
	thread_start(THREAD, bss_local(&watchdog_desc, s));
}
