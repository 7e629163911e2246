/*
 * Kernel servers of the hosted runtime (thesis 3.5): each is an ordinary
 * server to its callers, handed out only through references by the query.
 */
#include "hosted.h"

#include <stdio.h>
#include <string.h>

#define SVC_DEBUG 0x00000001u
#define SVC_THREAD 0x00000002u
#define SVC_MEMORY 0x00000004u
#define SVC_DATASPACE 0x00000005u
#define SVC_MAP 0x00000006u
#define SVC_LOADER 0x00000007u
#define SVC_QUERY 0x00000008u
#define SVC_RUNNABLE 0x00000102u

/* A service description for a kernel server, signatures from the registry. */
static struct bss_service_desc *make_desc(uint32_t svc_id, const bss_fn_t *funcs, unsigned n)
{
	const struct bss_svc_def *d = svc_lookup(svc_id);
	static struct bss_service_desc descs[16];
	static unsigned ndescs;

	if (!d || d->nfuncs != n || ndescs == 16)
		os_panic("make_desc: kernel server does not match its service definition");
	struct bss_service_desc *desc = &descs[ndescs++];
	desc->svc_id = svc_id;
	desc->nfuncs = n;
	for (unsigned i = 0; i < n; i++) {
		desc->funcs[i] = funcs[i];
		strncpy(desc->sigs[i], d->sigs[i], BSS_SIG_LEN - 1);
	}
	return desc;
}

static struct server *pinned(uint32_t svc_id, const bss_fn_t *funcs, unsigned n, const char *name,
			     uint32_t attrs)
{
	struct server *s = server_new_kernel(svc_id, make_desc(svc_id, funcs, n), NULL, name, attrs);

	s->pinned = 1;
	return s;
}

/* ---- debug ---- */
static void debug_write(void *self, const char *text, uint32_t len)
{
	(void)self;
	os_debug_write(text, len);
}

/* ---- thread factory ---- */
static void thread_body(void *arg)
{
	bss_ref_t body = (bss_ref_t)(uintptr_t)arg;
	struct bss_try u;

	/* runs as the kernel server, which holds the permanent reference */
	if (bss_sys_try(&u) == 0) {
		core_call(body, SVC_RUNNABLE, 0, 0, 0, 0, 0);
		core_try_pop(&u);
		ref_release(body);
	} else {
		ref_release(body);
		cur_thread->err = u.err;
		core_rethrow();
	}
}

static uint32_t thread_start_fn(void *self, bss_ref_t body)
{
	(void)self;
	struct server *r = ref_resolve(body);
	bss_ref_t h = ref_new_perm(kernel_server, r);
	struct thread *t = thread_new(thread_body, (void *)(uintptr_t)h, 128 * 1024);
	thread_make_runnable(t);
	return t->id;
}

static void thread_yield_fn(void *self)
{
	(void)self;
	thread_yield();
}

static uint32_t thread_self_fn(void *self)
{
	(void)self;
	return cur_thread->id;
}

/* ---- anonymous memory: each allocation is a data space server ---- */
struct ds {
	void *mem;
	uint64_t size;
};

static const struct bss_service_desc *ds_desc;

static uint64_t ds_size(struct ds *d)
{
	return d->size;
}

static void ds_free(struct ds *d)
{
	os_free(d->mem, d->size);
	core_free(d, sizeof(*d));
}

static bss_ref_t memory_alloc(void *self, uint64_t size)
{
	(void)self;
	if (size > (1ull << 32))
		core_throw(BSS_E_INVAL, 22, "memory.alloc: %lu bytes is too much", (unsigned long)size);
	struct ds *d = core_alloc(sizeof(*d));
	d->size = size;
	d->mem = core_try_alloc(size ? size : 1);
	if (!d->mem) {
		core_free(d, sizeof(*d));
		core_throw(BSS_E_NOMEM, 12, "memory.alloc: out of memory");
	}
	/* core_try_alloc counted it; the data space's destructor gives it back */
	struct server *s = server_new_kernel(SVC_DATASPACE, ds_desc, d, "dataspace", BSS_THREADSAFE);
	s->dtor = (bss_fn_t)ds_free;
	return ref_new_temp(cur_thread, cur_thread->cur, s);
}

static uint64_t map_map(void *self, bss_ref_t h)
{
	(void)self;
	struct server *s = ref_resolve(h);

	if (s->desc != ds_desc)
		core_throw(BSS_E_INVAL, 22, "map: %s is not a data space this kernel can map",
			   server_name(s));
	return (uint64_t)(uintptr_t)((struct ds *)s->self)->mem;
}

/* ---- loader and query ---- */
static bss_ref_t loader_load_named(void *self, const char *name, uint32_t len)
{
	(void)self;
	char n[64], err[320];
	bss_ref_t perm;

	if (len >= sizeof(n))
		core_throw(BSS_E_INVAL, 36, "loader: name too long");
	memcpy(n, name, len);
	n[len] = 0;
	if (host_load(n, &perm, err, sizeof(err)))
		core_throw(BSS_E_LOAD, 8 /* ENOEXEC */, "%s", err);
	struct server *s = ref_resolve(perm);
	bss_ref_t h = ref_new_temp(cur_thread, cur_thread->cur, s);
	ref_release(perm);
	return h;
}

static bss_ref_t query_resolve(void *self, uint32_t svc_id)
{
	(void)self;
	struct server *s = host_query(NULL, svc_id);

	if (!s)
		core_throw(BSS_E_UNRESOLVED, 2, "query: no server for service 0x%08x", svc_id);
	return ref_new_temp(cur_thread, cur_thread->cur, s);
}

static struct server *ksrv[8];

struct server *ksrv_by_svc(uint32_t svc_id)
{
	for (unsigned i = 0; i < 8; i++)
		if (ksrv[i] && ksrv[i]->svc_id == svc_id)
			return ksrv[i];
	return NULL;
}

void ksrv_init(void)
{
	static const bss_fn_t kfuncs[1] = { 0 };
	static const struct bss_service_desc kdesc = { 0, 0, { 0 }, { { 0 } } };
	(void)kfuncs;
	kernel_server = server_new_kernel(0, &kdesc, NULL, "kernel", BSS_THREADSAFE);
	kernel_server->pinned = 1;

	static const bss_fn_t dbg[] = { (bss_fn_t)debug_write };
	static const bss_fn_t thr[] = { (bss_fn_t)thread_start_fn, (bss_fn_t)thread_yield_fn,
					(bss_fn_t)thread_self_fn };
	static const bss_fn_t mem[] = { (bss_fn_t)memory_alloc };
	static const bss_fn_t dsf[] = { (bss_fn_t)ds_size };
	static const bss_fn_t mapf[] = { (bss_fn_t)map_map };
	static const bss_fn_t ldr[] = { (bss_fn_t)loader_load_named };
	static const bss_fn_t qry[] = { (bss_fn_t)query_resolve };

	ds_desc = make_desc(SVC_DATASPACE, dsf, 1);
	ksrv[0] = pinned(SVC_DEBUG, dbg, 1, "debug", BSS_THREADSAFE);
	ksrv[1] = pinned(SVC_THREAD, thr, 3, "thread", BSS_THREADSAFE);
	ksrv[2] = pinned(SVC_MEMORY, mem, 1, "memory", BSS_THREADSAFE);
	ksrv[3] = pinned(SVC_MAP, mapf, 1, "map", BSS_THREADSAFE);
	ksrv[4] = pinned(SVC_LOADER, ldr, 1, "loader", BSS_THREADSAFE);
	ksrv[5] = pinned(SVC_QUERY, qry, 1, "query", BSS_THREADSAFE);
	ksrv[6] = timer_server();
}
