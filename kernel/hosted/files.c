/*
 * Boot files and loading through a query server, in the hosted runtime:
 * the files service (services/files.svc), loader.load (services/loader.svc)
 * and the boot rule of thesis 4.2: given a config server and a main config
 * file, the config server resolves the main server's requirements.
 */
#include "hosted.h"

#include <stdio.h>
#include <string.h>

#define SVC_DATASPACE 0x00000005u
#define SVC_MAP 0x00000006u
#define SVC_MEMORY 0x00000004u
#define SVC_QUERY 0x00000008u
#define SVC_FILES 0x00000009u

/* The file names the boot rule looks for (docs/config.md). */
#define CONFIG_SERVER "config"
#define MAIN_CONFIG "main.cfg"

static const char *base_name(const char *path)
{
	const char *b = strrchr(path, '/');

	return b ? b + 1 : path;
}

/* A file by its base name, or a server file by its name without ".srv". */
static struct host_file *find_file(const char *name)
{
	for (unsigned i = 0; i < host_nfiles; i++)
		if (!strcmp(base_name(host_files[i].path), name))
			return &host_files[i];
	for (unsigned i = 0; i < host_nfiles; i++) {
		const char *b = base_name(host_files[i].path);
		size_t n = strlen(b);
		if (n > 4 && !strcmp(b + n - 4, ".srv") && !strcmp(host_files[i].name, name))
			return &host_files[i];
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
static bss_ref_t files_open(void *self, const char *name, uint32_t len)
{
	(void)self;
	char n[64];

	if (len >= sizeof(n))
		core_throw(BSS_E_INVAL, 36, "files: name too long");
	memcpy(n, name, len);
	n[len] = 0;
	struct host_file *f = find_file(n);
	if (!f)
		core_throw(BSS_E_INVAL, 2, "%s: no such file", n);
	bss_ref_t ds = (bss_ref_t)core_call(kref(SVC_MEMORY), SVC_MEMORY, 0, f->size, 0, 0, 0);
	void *p = (void *)(uintptr_t)core_call(kref(SVC_MAP), SVC_MAP, 0, ds, 0, 0, 0);
	memcpy(p, f->data, f->size);
	ref_resolve(ds)->name = base_name(f->path);
	return ds;
}

struct server *files_server(void)
{
	static const bss_fn_t fns[] = { (bss_fn_t)files_open };
	static struct bss_service_desc desc;
	const struct bss_svc_def *d = svc_lookup(SVC_FILES);

	if (!d || d->nfuncs != 1)
		os_panic("files: server does not match its service definition");
	desc.svc_id = SVC_FILES;
	desc.nfuncs = 1;
	desc.funcs[0] = fns[0];
	strncpy(desc.sigs[0], d->sigs[0], BSS_SIG_LEN - 1);
	struct server *s = server_new_kernel(SVC_FILES, &desc, NULL, "files", BSS_THREADSAFE);
	s->pinned = 1;
	return s;
}

/*
 * Resolving requirements through a query server. loader_load must not be
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
	bss_ref_t h = (bss_ref_t)core_call(rq->q, SVC_QUERY, 0, rq->svc_id, 0, 0, 0);

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

/* Load an image with requirements resolved by query server q (a handle of cur). */
static bss_ref_t load_via(const char *file, const void *data, size_t size, bss_ref_t q)
{
	struct ref_query rq = { .q = q };
	char err[320];
	bss_ref_t perm;

	if (loader_load(file, data, size, ref_query, &rq, &perm, err, sizeof(err))) {
		if (rq.failed)
			core_throw(rq.err.id, rq.err.err, "%s", rq.err.msg);
		core_throw(BSS_E_LOAD, 8 /* ENOEXEC */, "%s", err);
	}
	return perm;
}

/* loader.load */
bss_ref_t loader_load_ds(void *self, bss_ref_t file, bss_ref_t q)
{
	(void)self;
	struct server *ds = ref_resolve(file);
	uint64_t size = core_call(file, SVC_DATASPACE, 0, 0, 0, 0, 0);
	const void *data = (const void *)(uintptr_t)core_call(kref(SVC_MAP), SVC_MAP, 0, file, 0, 0, 0);
	bss_ref_t perm = load_via(server_name(ds), data, size, q);
	bss_ref_t h = ref_new_temp(cur_thread, cur_thread->cur, ref_resolve(perm));

	ref_release(perm);
	return h;
}

/*
 * The boot rule: with a server file "config" and a file "main.cfg" among the
 * runtime's files, the config server (its own requirements resolved by the
 * runtime) is the query of the main server. It stays loaded for the run.
 */
static bss_ref_t boot_config;

struct boot_load {
	struct host_file *f;
	bss_ref_t ref;
};

static void boot_load_body(void *arg)
{
	struct boot_load *b = arg;

	b->ref = load_via(b->f->path, b->f->data, b->f->size, boot_config);
}

int host_boot_load(struct host_file *f, bss_ref_t *ref, char *err, size_t errlen)
{
	struct host_file *cfg = find_file(CONFIG_SERVER);
	struct boot_load bl = { f, 0 };
	struct bss_error e;

	if (!cfg || cfg == f || !find_file(MAIN_CONFIG))
		return host_load(f->name, ref, err, errlen);
	if (!boot_config && host_load(cfg->name, &boot_config, err, errlen))
		return -1;
	if (core_trycall(boot_load_body, &bl, &e)) {
		snprintf(err, errlen, "%s", e.msg);
		return -1;
	}
	*ref = bl.ref;
	return 0;
}
