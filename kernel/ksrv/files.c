/*
 * Boot files and loading through a query server, for both runtimes: the
 * files service (services/files.svc) over the runtime's file table, and
 * loader.load (services/loader.svc). They use only the core and the table
 * (loader.c): on the kernel a file is a multiboot module named by the first
 * word of its command line, in bss-host a command-line argument.
 */
#include "ksrv.h"
#include <svc/files.h>

KSRV_SERVICE(files_desc, FILES, void, kfiles)

/* A file by its base name, or a server file by its name without ".srv". */
static struct ksrv_file *find_file(const char *name)
{
	for (unsigned i = 0; i < ksrv_nfiles; i++)
		if (!__builtin_strcmp(ksrv_files[i].base, name))
			return &ksrv_files[i];
	for (unsigned i = 0; i < ksrv_nfiles; i++) {
		struct ksrv_file *f = &ksrv_files[i];
		size_t n = __builtin_strlen(f->base);
		if (n > 4 && !__builtin_memcmp(f->base + n - 4, ".srv", 4) &&
		    !__builtin_strcmp(f->name, name))
			return f;
	}
	return NULL;
}

/* A temporary reference to one of the runtime's kernel servers. */
static bss_ref_t kref(uint32_t svc_id)
{
	return ref_new_temp(cur_thread, cur_thread->cur, ksrv_by_svc(svc_id));
}

/*
 * files.open: the file's bytes in a fresh anonymous data space, so the map
 * service maps it like any other; the data space carries the file's name.
 */
bss_ref_t kfiles_open(void *self, const void *name, uint32_t len)
{
	(void)self;
	char n[64];

	ksrv_name_arg(n, sizeof(n), name, len, "files");
	struct ksrv_file *f = find_file(n);
	if (!f)
		core_throw(BSS_E_INVAL, ENOENT, "%s: no such file", n);
	bss_ref_t ds = (bss_ref_t)core_call(kref(MEMORY_SVC_ID), MEMORY_SVC_ID, MEMORY_FN_ALLOC,
					    f->size, 0, 0, 0);
	void *p =
		(void *)(uintptr_t)core_call(kref(MAP_SVC_ID), MAP_SVC_ID, MAP_FN_MAP, ds, 0, 0, 0);
	__builtin_memcpy(p, f->data, f->size);
	ref_resolve(ds)->name = f->base;
	return ds;
}

void ksrv_files_init(void)
{
	ksrv_add(&files_desc, "files");
}

/*
 * Resolving requirements through a query server. image_load must not be
 * unwound by an error (it would leave a half-made server), so the call is
 * caught here and the error is rethrown once the loader has cleaned up.
 */
struct ref_query {
	bss_ref_t q;
	uint32_t svc_id;
	struct server *found;
	int failed;
	struct bss_error err;
};

static void ref_query_call(void *arg)
{
	struct ref_query *rq = arg;
	bss_ref_t h =
		(bss_ref_t)core_call(rq->q, QUERY_SVC_ID, QUERY_FN_RESOLVE, rq->svc_id, 0, 0, 0);

	rq->found = ref_resolve(h);
}

static struct server *ref_query(void *ctx, uint32_t svc_id)
{
	struct ref_query *rq = ctx;

	if (rq->failed)
		return NULL;
	rq->svc_id = svc_id;
	rq->found = NULL;
	if (core_trycall(ref_query_call, rq, &rq->err)) {
		rq->failed = 1;
		return NULL;
	}
	return rq->found;
}

bss_ref_t ksrv_load_via(const char *file, const void *data, size_t size, bss_ref_t q)
{
	struct ref_query rq = {.q = q};
	char err[320];
	bss_ref_t perm;

	if (image_load(file, data, size, ref_query, &rq, &perm, err, sizeof(err))) {
		if (rq.failed)
			core_throw(rq.err.id, rq.err.err, "%s", rq.err.msg);
		core_throw(BSS_E_LOAD, ENOEXEC, "%s", err);
	}
	return perm;
}

/* loader.load */
bss_ref_t kloader_load(void *self, bss_ref_t file, bss_ref_t q)
{
	(void)self;
	struct server *ds = ref_resolve(file);
	uint64_t size = core_call(file, DATASPACE_SVC_ID, DATASPACE_FN_SIZE, 0, 0, 0, 0);
	const void *data = (const void *)(uintptr_t)core_call(kref(MAP_SVC_ID), MAP_SVC_ID,
							      MAP_FN_MAP, file, 0, 0, 0);
	bss_ref_t perm = ksrv_load_via(server_name(ds), data, size, q);
	bss_ref_t h = ref_new_temp(cur_thread, cur_thread->cur, ref_resolve(perm));

	ref_release(perm);
	return h;
}
