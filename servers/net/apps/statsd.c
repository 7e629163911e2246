/*
 * Statistics over UDP (parameter "stats_port", default 9999): any datagram
 * to the port is answered with the counters of every layer of this stack,
 * as "name value" lines (services/stats.svc), and the runtime's memory in
 * use ("mem.in_use"), and what isolation costs where the runtime counts it
 * ("spaces.*", sysinfo.spaces). This is how tests on the Linux side read
 * the stack.
 */
#include <bss/server.h>
#include <svc/config.h>
#include <svc/ethdev.h>
#include <svc/ethproto.h>
#include <svc/icmp.h>
#include <svc/ipv4.h>
#include <svc/meminfo.h>
#include <svc/packet.h>
#include <svc/pktpool.h>
#include <svc/queue.h>
#include <svc/runnable.h>
#include <svc/stats.h>
#include <svc/sysinfo.h>
#include <svc/udp.h>
#include <svc/udpsock.h>
#include "serverlib/net/param.h"
#include "serverlib/net/pkt.h"

#define CONFIG BSS_REQ(0)
#define UDP BSS_REQ(1)
#define ETHPROTO BSS_REQ(2)
#define IPV4 BSS_REQ(3)
#define ICMP BSS_REQ(4)
#define PKTPOOL BSS_REQ(5)
#define MEMINFO BSS_REQ(6)
#define SYSINFO BSS_REQ(7)

#define REPLY_MAX 16384u
#define ADDR_HLEN 8

struct statsd {
	uint32_t port;
	uint64_t served;
};

BSS_SERVER(RUNNABLE, struct statsd, sd, .stack_size = 16384,
	   BSS_REQUIRES(CONFIG_SVC_ID, UDP_SVC_ID, ETHPROTO_SVC_ID, IPV4_SVC_ID, ICMP_SVC_ID,
			PKTPOOL_SVC_ID, MEMINFO_SVC_ID, SYSINFO_SVC_ID));

static uint32_t add(char *buf, uint32_t at, bss_ref_t stats)
{
	at += stats_stats(stats, buf + at, REPLY_MAX - ADDR_HLEN - at);
	/* run() never returns: temporaries must not pile up in its frame */
	bss_release(stats);
	return at;
}

/* Fills the reply r (socket format) to request q. */
static void answer(struct statsd *d, bss_ref_t q, bss_ref_t r)
{
	uint8_t *out = pkt_data(r);
	char *text = (char *)out + ADDR_HLEN;
	uint32_t at = 0, room = REPLY_MAX - ADDR_HLEN;
	char line[64];

	memcpy(out, pkt_data(q), ADDR_HLEN);
	bss_ref_t dev = ethproto_device(ETHPROTO);
	at += ethdev_stats(dev, text, room);
	bss_release(dev);
	at = add(text, at, ethproto_counters(ETHPROTO));
	at = add(text, at, ipv4_counters(IPV4));
	at = add(text, at, icmp_counters(ICMP));
	at = add(text, at, udp_counters(UDP));
	at = add(text, at, pktpool_counters(PKTPOOL));
	at += sysinfo_spaces(SYSINFO, text + at, room - at);
	int k = bss_snprintf(line, sizeof(line), "stats.served %lu\nmem.in_use %lu\n",
			     (unsigned long)++d->served, (unsigned long)meminfo_in_use(MEMINFO));
	if (k > 0 && at + (uint32_t)k <= room) {
		memcpy(text + at, line, (size_t)k);
		at += (uint32_t)k;
	}
	packet_set_len(r, ADDR_HLEN + at);
}

void sd_run(struct statsd *d)
{
	d->port = param_u32(CONFIG, "stats_port", 9999);
	bss_ref_t sock = udp_open(UDP, d->port);
	bss_ref_t rx = udpsock_rx_queue(sock);

	for (;;) {
		bss_ref_t q = queue_get(rx);
		bss_ref_t r = pktpool_alloc(PKTPOOL, REPLY_MAX);
		if (r) {
			answer(d, q, r);
			udpsock_send_batch(sock, &r, 1);
			bss_release(r);
		}
		bss_release(q);
	}
}
