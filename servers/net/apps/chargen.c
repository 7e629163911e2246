/*
 * TCP character generator (RFC 864, parameter "chargen_port", default 19):
 * lines of 72 printable ASCII characters, each starting one character
 * later in the 95-character cycle, ending in CR LF; until the peer goes.
 * The pattern repeats every 95 lines, so one buffer holding a cycle and
 * 64 KiB more lets every write hand over 64 KiB from the right offset.
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

#define LINE 74 /* 72 characters, CR, LF */
#define CYCLE (95 * LINE)
#define CHUNK 65536

struct chargen {
	struct tcpapp app;
	uint64_t bytes;
	char pat[CYCLE + CHUNK];
};

BSS_SERVER(RUNNABLE, struct chargen, chargen, .stack_size = 16384,
	   BSS_REQUIRES(CONFIG_SVC_ID, TCP_SVC_ID, THREAD_SVC_ID));

static void serve(struct tcpapp *a, bss_ref_t conn)
{
	struct chargen *g = (struct chargen *)a;
	bss_ref_t tx = tcpconn_tx(conn);
	uint32_t off = 0;

	for (;;) {
		uint32_t k = stream_write(tx, g->pat + off, CHUNK);
		off = (off + k) % CYCLE;
		g->bytes += k;
	}
}

void chargen_run(struct chargen *g)
{
	for (uint32_t i = 0; i < sizeof(g->pat); i++) {
		uint32_t line = i / LINE % 95, col = i % LINE;
		g->pat[i] = col < 72 ? (char)(' ' + (line + col) % 95) : col == 72 ? '\r' : '\n';
	}
	g->app.name = "chargen";
	g->app.serve = serve;
	tcpapp_run(&g->app, TCP, THREAD, param_u32(CONFIG, "chargen_port", 19));
}
