/*
 * TCP echo (RFC 862, parameter "echo_port", default 7; the UDP echo is
 * echo.c): what arrives goes back. Each read takes all that is buffered
 * (up to 32 KiB), each write gives it back whole; while the peer does not
 * read, our writes block and our reads stop, so the peer's window closes.
 */
#include <bss/server.h>
#include <svc/config.h>
#include <svc/runnable.h>
#include <svc/stream.h>
#include <svc/tcp.h>
#include <svc/tcpconn.h>
#include <svc/thread.h>
#include "serverlib/net/param.h"
#include "tcpapp.h"

#define CONFIG BSS_REQ(0)
#define TCP BSS_REQ(1)
#define THREAD BSS_REQ(2)

#define BUF 32768

struct tcpecho {
	struct tcpapp app;
	uint64_t bytes;
};

BSS_SERVER(RUNNABLE, struct tcpecho, tcpecho, .stack_size = 16384,
	   BSS_REQUIRES(CONFIG_SVC_ID, TCP_SVC_ID, THREAD_SVC_ID));

static void serve(struct tcpapp *a, bss_ref_t conn)
{
	struct tcpecho *e = (struct tcpecho *)a;
	bss_ref_t rx = tcpconn_rx(conn), tx = tcpconn_tx(conn);
	char buf[BUF]; /* session threads have 128 KiB stacks */
	uint32_t n;

	while ((n = tcpapp_read(rx, buf, BUF)) != 0) {
		tcpapp_write_all(tx, buf, n);
		e->bytes += n;
	}
	stream_close(tx);
}

void tcpecho_run(struct tcpecho *e)
{
	e->app.name = "tcpecho";
	e->app.serve = serve;
	tcpapp_run(&e->app, TCP, THREAD, param_u32(CONFIG, "echo_port", 7));
}
