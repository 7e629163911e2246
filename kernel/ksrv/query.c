/*
 * The query service, and the hook through which a query server (the config
 * server of thesis 4.2) takes over resolving requirements.
 */
#include "ksrv.h"

KSRV_SERVICE(query_desc, QUERY, void, kquery)

static struct server *query_server;

/*
 * Asks the query server, as the kernel server (which holds it). Requirements
 * it resolves stay referenced by the kernel server: the loader takes its own
 * reference only after the query returned, and a query may hand out a fresh
 * instance nobody else holds.
 */
static void ask(void *arg)
{
	struct {
		uint32_t svc_id;
		struct server *found;
	} *q = arg;
	struct thread *t = cur_thread;
	struct server *saved = t->cur;

	t->cur = kernel_server;
	bss_ref_t qh = ref_new_temp(t, kernel_server, query_server);
	bss_ref_t h = (bss_ref_t)core_call(qh, QUERY_SVC_ID, QUERY_FN_RESOLVE, q->svc_id, 0, 0, 0);
	q->found = ref_resolve(h);
	ref_new_perm(kernel_server, q->found);
	ref_release(h);
	ref_release(qh);
	t->cur = saved;
}

struct server *ksrv_query_current(void *ctx, uint32_t svc_id)
{
	if (!query_server)
		return ksrv_query(ctx, svc_id);
	struct {
		uint32_t svc_id;
		struct server *found;
	} q = {svc_id, NULL};
	struct bss_error err;
	struct server *saved = cur_thread->cur;
	if (core_trycall(ask, &q, &err)) {
		cur_thread->cur = saved;
		core_log("bss: query %s: service 0x%08x: %s\n", server_name(query_server), svc_id,
			 err.msg);
		return NULL;
	}
	return q.found;
}

void ksrv_query_use(struct server *q)
{
	if (q)
		ref_new_perm(kernel_server, q);
	query_server = q;
}

bss_ref_t kquery_resolve(void *self, uint32_t svc_id)
{
	(void)self;
	/* the runtime's own view, also for a config server asking it: never itself */
	struct server *s = ksrv_query(NULL, svc_id);

	if (!s)
		core_throw(BSS_E_UNRESOLVED, ENOENT, "query: no server for service 0x%08x", svc_id);
	return ref_new_temp(cur_thread, cur_thread->cur, s);
}

void ksrv_query_init(void)
{
	ksrv_add(&query_desc, "query");
}
