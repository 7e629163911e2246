#include "tcpapp.h"
#include <svc/runnable.h>
#include <svc/stream.h>
#include <svc/tcp.h>
#include <svc/tcplisten.h>
#include <svc/thread.h>

void sess_run(struct tcpapp_sess *s);

static void sess_dtor(struct tcpapp_sess *s)
{
	s->used = false;
}

BSS_LOCAL_SERVER(tcpapp_sess_desc, RUNNABLE, struct tcpapp_sess, sess, .dtor = BSS_CTOR(sess_dtor));

void sess_run(struct tcpapp_sess *s)
{
	struct bss_try t;

	BSS_TRY(t)
	{
		s->app->serve(s->app, s->conn);
	}
	BSS_CATCH(t)
	{
		/* a reset peer ends its session only */
		s->app->errors++;
	}
	/* the connection closes when its last reference (this one) goes */
	bss_release(s->conn);
	s->conn = 0;
}

void tcpapp_write_all(bss_ref_t s, const void *buf, uint32_t n)
{
	const uint8_t *p = buf;

	while (n) {
		uint32_t k = stream_write(s, p, n);
		p += k;
		n -= k;
	}
}

uint32_t tcpapp_read(bss_ref_t s, void *buf, uint32_t max)
{
	uint32_t want = stream_available(s);

	if (!want)
		want = TCPAPP_READ_MIN;
	return stream_read(s, buf, want < max ? want : max);
}

_Noreturn void tcpapp_run(struct tcpapp *a, bss_ref_t tcp, bss_ref_t thread, uint32_t port)
{
	bss_ref_t l = bss_keep(tcp_listen(tcp, port, 64));

	bss_printf("%s: tcp port %u\n", a->name, (unsigned)tcplisten_port(l));
	for (;;) {
		bss_ref_t c = tcplisten_accept(l);
		struct tcpapp_sess *s = NULL;

		for (unsigned i = 0; i < TCPAPP_MAX_SESS && !s; i++)
			if (!a->sess[i].used)
				s = &a->sess[i];
		if (!s) {
			/* too many sessions: releasing the connection closes it */
			a->refused++;
			bss_release(c);
			continue;
		}
		s->used = true;
		s->app = a;
		s->conn = bss_keep(c);
		bss_release(c);
		a->conns++;
		bss_ref_t body = bss_local(&tcpapp_sess_desc, s);
		thread_start(thread, body);
		/* run() never returns: temporaries must not pile up in its frame */
		bss_release(body);
	}
}
