/*
 * TCP applications' common part: listen on a port, accept, and serve each
 * connection in its own thread (a local runnable server per session), so a
 * slow peer blocks only its own session. Linked into each application.
 */
#ifndef APPS_TCPAPP_H
#define APPS_TCPAPP_H

#include <bss/server.h>

#define TCPAPP_MAX_SESS 128

struct tcpapp;

struct tcpapp_sess {
	struct tcpapp *app;
	bss_ref_t conn; /* permanent while the session runs */
	bool used;
};

struct tcpapp {
	const char *name;
	/* serves one connection; may throw (counted, the connection closes) */
	void (*serve)(struct tcpapp *a, bss_ref_t conn);
	uint64_t conns, errors, refused;
	struct tcpapp_sess sess[TCPAPP_MAX_SESS];
};

/* Listens on port and serves connections forever (a runnable's run()). */
_Noreturn void tcpapp_run(struct tcpapp *a, bss_ref_t tcp, bss_ref_t thread, uint32_t port);

/* Writes all of buf to stream s (stream.write may take less). */
void tcpapp_write_all(bss_ref_t s, const void *buf, uint32_t n);

/*
 * stream.read of what s has buffered, or TCPAPP_READ_MIN bytes when
 * nothing is (the read then blocks), at most max: the kernel zeroes a
 * read's whole out-buffer before the call (docs/server-model.md), and a
 * large buffer zeroed for the few segments that arrive between two reads
 * cost more than moving them (a 4 KiB floor for one buffered segment
 * still zeroed 1.4 bytes per byte received). Returns what read returned
 * (0 at the end).
 */
#define TCPAPP_READ_MIN 4096
uint32_t tcpapp_read(bss_ref_t s, void *buf, uint32_t max);

#endif
