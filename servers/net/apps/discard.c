/*
 * TCP discard (RFC 863, parameter "discard_port", default 9): reads and
 * drops everything; each read takes whatever the connection has buffered,
 * up to 64 KiB, in one call (tcpapp_read).
 */
#include <bss/server.h>
#include <svc/config.h>
#include <svc/runnable.h>
#include <svc/tcp.h>
#include <svc/tcpconn.h>
#include <svc/thread.h>
#include "serverlib/net/param.h"
#include "tcpapp.h"

#define CONFIG BSS_REQ(0)
#define TCP BSS_REQ(1)
#define THREAD BSS_REQ(2)

#define BUF 65536

struct discard {
	struct tcpapp app;
	uint64_t bytes;
};

BSS_SERVER(RUNNABLE, struct discard, discard, .stack_size = 16384,
	   BSS_REQUIRES(CONFIG_SVC_ID, TCP_SVC_ID, THREAD_SVC_ID));

static void serve(struct tcpapp *a, bss_ref_t conn)
{
	struct discard *d = (struct discard *)a;
	static char sink[BUF]; /* never read: sessions may share it */
	bss_ref_t rx = tcpconn_rx(conn);
	uint32_t n;

	while ((n = tcpapp_read(rx, sink, BUF)) != 0)
		d->bytes += n;
}

void discard_run(struct discard *d)
{
	d->app.name = "discard";
	d->app.serve = serve;
	tcpapp_run(&d->app, TCP, THREAD, param_u32(CONFIG, "discard_port", 9));
}
