/*
 * UDP echo (RFC 862): every datagram to the port (parameter "echo_port",
 * default 7) goes back to its sender unchanged. The socket format already
 * names the sender as the peer, so a received batch is sent back as it is.
 */
#include <bss/server.h>
#include <svc/config.h>
#include <svc/queue.h>
#include <svc/runnable.h>
#include <svc/udp.h>
#include <svc/udpsock.h>
#include "serverlib/net/param.h"
#include "serverlib/net/pkt.h"

#define CONFIG BSS_REQ(0)
#define UDP BSS_REQ(1)

#define MAX_BATCH 256

struct echo {
	uint32_t port, batch;
};

BSS_SERVER(RUNNABLE, struct echo, echo, .stack_size = 16384,
	   BSS_REQUIRES(CONFIG_SVC_ID, UDP_SVC_ID));

void echo_run(struct echo *e)
{
	bss_ref_t pkts[MAX_BATCH];

	e->port = param_u32(CONFIG, "echo_port", 7);
	e->batch = param_u32(CONFIG, "batch", 32);
	if (e->batch < 1 || e->batch > MAX_BATCH)
		e->batch = 32;
	bss_ref_t sock = udp_open(UDP, e->port);
	bss_ref_t rx = udpsock_rx_queue(sock);

	for (;;) {
		uint32_t n = queue_get_batch(rx, pkts, e->batch);
		udpsock_send_batch(sock, pkts, n);
		pkt_release_all(pkts, n);
	}
}
