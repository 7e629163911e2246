/*
 * A small HTTP/1.1 server (parameter "http_port", default 80) with one
 * page: the stack's status as text -- uptime, the wall-clock date (from the
 * machine's "rtc" device, if the system has one), every layer's counters
 * (packets, drops by reason; services/stats.svc), queue depths, lwIP's TCP
 * and heap counters, and the runtime's memory in use. "GET /" or
 * "GET /status"; anything else is 404, other methods 405. Every answer
 * says "Connection: close" and the connection closes after it.
 */
#include <bss/server.h>
#include <svc/config.h>
#include <svc/ethdev.h>
#include <svc/ethproto.h>
#include <svc/icmp.h>
#include <svc/ipv4.h>
#include <svc/machine.h>
#include <svc/meminfo.h>
#include <svc/pktpool.h>
#include <svc/query.h>
#include <svc/queue.h>
#include <svc/runnable.h>
#include <svc/stats.h>
#include <svc/stream.h>
#include <svc/tcp.h>
#include <svc/tcpconn.h>
#include <svc/thread.h>
#include <svc/timer.h>
#include <svc/udp.h>
#include <svc/wallclock.h>
#include "common/date.h"
#include "serverlib/net/param.h"
#include "tcpapp.h"

#define CONFIG BSS_REQ(0)
#define TCP BSS_REQ(1)
#define THREAD BSS_REQ(2)
#define TIMER BSS_REQ(3)
#define ETHPROTO BSS_REQ(4)
#define IPV4 BSS_REQ(5)
#define ICMP BSS_REQ(6)
#define UDP BSS_REQ(7)
#define PKTPOOL BSS_REQ(8)
#define MEMINFO BSS_REQ(9)
#define QUERY BSS_REQ(10)

#define REQ_MAX 4096
#define PAGE_MAX 24576
#define HEAD_MAX 256

struct httpd {
	struct tcpapp app;
	uint64_t start_ns, served, not_found;
};

BSS_SERVER(RUNNABLE, struct httpd, httpd, .stack_size = 16384,
	   BSS_REQUIRES(CONFIG_SVC_ID, TCP_SVC_ID, THREAD_SVC_ID, TIMER_SVC_ID, ETHPROTO_SVC_ID,
			IPV4_SVC_ID, ICMP_SVC_ID, UDP_SVC_ID, PKTPOOL_SVC_ID, MEMINFO_SVC_ID,
			QUERY_SVC_ID));

struct page {
	char *buf;
	uint32_t at;
};

/* Appends formatted text; what does not fit is left out. */
#define put(p, ...)                                                                                \
	do {                                                                                       \
		int k_ = bss_snprintf((p)->buf + (p)->at, PAGE_MAX - (p)->at, __VA_ARGS__);        \
		if (k_ > 0 && (p)->at + (uint32_t)k_ < PAGE_MAX)                                   \
			(p)->at += (uint32_t)k_;                                                   \
	} while (0)

static void section(struct page *p, const char *title, bss_ref_t stats)
{
	put(p, "\n[%s]\n", title);
	p->at += stats_stats(stats, p->buf + p->at, PAGE_MAX - p->at);
	/* the session's frame lives long: give temporaries back at once */
	bss_release(stats);
}

static void queue_line(struct page *p, const char *name, bss_ref_t q)
{
	put(p, "queue.%s %u/%u\n", name, (unsigned)queue_length(q), (unsigned)queue_capacity(q));
	bss_release(q);
}

/* "date ... UTC (unix N)" from the machine's real-time clock, or why there is none. */
static void date_line(struct page *p)
{
	char t[32];
	volatile uint64_t now = 0;
	struct bss_try tr;

	BSS_TRY(tr)
	{
		bss_ref_t m = query_resolve(QUERY, MACHINE_SVC_ID);
		bss_ref_t rtc = machine_device(m, "rtc", 3);
		now = wallclock_now(rtc);
		/* the session's frame lives long: give temporaries back at once */
		bss_release(rtc);
		bss_release(m);
	}
	BSS_CATCH(tr)
	{
		put(p, "date unavailable (%s)\n", tr.err.msg);
	}
	if (now) {
		date_format(t, sizeof(t), now);
		put(p, "date %s UTC (unix %lu)\n", t, (unsigned long)now);
	}
}

static void status(struct httpd *h, struct page *p)
{
	uint64_t up = timer_now_ns(TIMER) - h->start_ns;
	bss_ref_t dev = ethproto_device(ETHPROTO);
	bss_ref_t direct;

	put(p, "bss network stack status\n\nuptime_s %lu.%03lu\n",
	    (unsigned long)(up / 1000000000u), (unsigned long)(up / 1000000u % 1000u));
	date_line(p);
	put(p, "http.served %lu\nhttp.not_found %lu\n", (unsigned long)h->served,
	    (unsigned long)h->not_found);
	put(p, "http.connections %lu\nhttp.errors %lu\n", (unsigned long)h->app.conns,
	    (unsigned long)h->app.errors);
	put(p, "mem.in_use %lu\n", (unsigned long)meminfo_in_use(MEMINFO));
	/* not reported by any service yet: references held per server */
	put(p, "refs.held unavailable\n");

	put(p, "\n[queues] (length/capacity)\n");
	queue_line(p, "dev.rx", ethdev_rx_queue(dev));
	queue_line(p, "dev.txfree", ethdev_txfree_queue(dev));
	queue_line(p, "dev.tx", ethdev_tx_queue(dev));
	direct = ethproto_direct(ETHPROTO, 0x0800);
	if (direct)
		queue_line(p, "ipv4.rx", direct);
	queue_line(p, "ipv4.tx", ipv4_tx_queue(IPV4));

	put(p, "\n[dev]\n");
	p->at += ethdev_stats(dev, p->buf + p->at, PAGE_MAX - p->at);
	bss_release(dev);
	section(p, "ethproto", ethproto_counters(ETHPROTO));
	section(p, "ipv4", ipv4_counters(IPV4));
	section(p, "icmp", icmp_counters(ICMP));
	section(p, "udp", udp_counters(UDP));
	section(p, "tcp", tcp_counters(TCP));
	section(p, "pktpool", pktpool_counters(PKTPOOL));
}

/* "HTTP/1.1 code reason" and the headers, then the body. */
static void reply(bss_ref_t tx, const char *code, const char *body, uint32_t len)
{
	char head[HEAD_MAX];
	int k = bss_snprintf(head, sizeof(head),
			     "HTTP/1.1 %s\r\nContent-Type: text/plain; charset=us-ascii\r\n"
			     "Content-Length: %u\r\nConnection: close\r\nServer: bss-httpd\r\n\r\n",
			     code, (unsigned)len);

	tcpapp_write_all(tx, head, (uint32_t)k);
	tcpapp_write_all(tx, body, len);
}

static bool starts(const char *s, uint32_t n, const char *w)
{
	uint32_t k = (uint32_t)strlen(w);

	return n >= k && !memcmp(s, w, k);
}

static void serve(struct tcpapp *a, bss_ref_t conn)
{
	struct httpd *h = (struct httpd *)a;
	bss_ref_t rx = tcpconn_rx(conn), tx = tcpconn_tx(conn);
	char req[REQ_MAX];
	char page[PAGE_MAX];
	struct page p = {page, 0};
	uint32_t n = 0, k;
	bool end = false;

	/* the request head, up to the blank line (a body is not expected) */
	while (!end && n < REQ_MAX) {
		k = stream_read(rx, req + n, REQ_MAX - n);
		if (!k)
			break;
		n += k;
		for (uint32_t i = 3; i < n && !end; i++)
			end = req[i - 3] == '\r' && req[i - 2] == '\n' && req[i - 1] == '\r' &&
			      req[i] == '\n';
	}
	if (!end) {
		reply(tx, "400 Bad Request", "bad request\n", 12);
	} else if (!starts(req, n, "GET ") && !starts(req, n, "HEAD ")) {
		reply(tx, "405 Method Not Allowed", "only GET\n", 9);
	} else if (starts(req, n, "GET / ") || starts(req, n, "GET /status ")) {
		h->served++;
		status(h, &p);
		reply(tx, "200 OK", page, p.at);
	} else {
		h->not_found++;
		reply(tx, "404 Not Found", "not found\n", 10);
	}
	stream_close(tx);
	/* drain until the peer closes, so our close is a FIN, not a reset */
	while (stream_read(rx, req, REQ_MAX))
		;
}

void httpd_run(struct httpd *h)
{
	h->start_ns = timer_now_ns(TIMER);
	h->app.name = "httpd";
	h->app.serve = serve;
	tcpapp_run(&h->app, TCP, THREAD, param_u32(CONFIG, "http_port", 80));
}
