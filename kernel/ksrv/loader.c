/*
 * The runtime's files and the server loader (thesis 3.5.1): load_named loads
 * a new instance of a file the runtime was given (a boot module, or a file on
 * bss-host's command line). The default query resolves a requirement with a
 * kernel server, else with the one file implementing the service, loaded
 * once and shared by everyone who requires it.
 */
#include "ksrv.h"
#include "common/fmt.h"

KSRV_SERVICE(loader_desc, LOADER, void, kloader)

#define MAX_FILES 64

struct ksrv_file ksrv_files[MAX_FILES];
unsigned ksrv_nfiles;

static void note_info(void *ctx, const struct bss_info *raw)
{
	((struct ksrv_file *)ctx)->svc_id = raw->svc.svc_id;
}

int ksrv_file_add(const char *path, const void *data, size_t size)
{
	if (ksrv_nfiles == MAX_FILES)
		return -1;
	struct ksrv_file *f = &ksrv_files[ksrv_nfiles++];
	const char *base = path;
	for (const char *p = path; *p; p++)
		if (*p == '/')
			base = p + 1;
	size_t n = 0;
	while (base[n] && base[n] != ' ' && n < sizeof(f->name) - 1) {
		f->name[n] = f->base[n] = base[n];
		n++;
	}
	f->name[n] = f->base[n] = 0;
	if (n > 4 && !__builtin_memcmp(f->name + n - 4, ".srv", 4))
		f->name[n - 4] = 0;
	f->path = path;
	f->data = data;
	f->size = size;
	/* the service a file implements decides which requirement it resolves */
	static const struct inspect_ops ops = {.info = note_info};
	char err[320];
	if (loader_check(path, data, size, &ops, f, err, sizeof(err)))
		f->svc_id = 0;
	return 0;
}

struct ksrv_file *ksrv_file_find(const char *name)
{
	for (unsigned i = 0; i < ksrv_nfiles; i++) {
		const char *a = ksrv_files[i].name, *b = name;
		while (*a && *a == *b)
			a++, b++;
		if (!*a && !*b)
			return &ksrv_files[i];
	}
	return NULL;
}

static unsigned loading_depth;
static struct ksrv_file *loading[MAX_FILES];

int ksrv_load(const char *name, bss_ref_t *ref, char *err, size_t errlen)
{
	struct ksrv_file *f = ksrv_file_find(name);

	if (!f) {
		fmt_snprintf(err, errlen, "%s: no such server file", name);
		return -1;
	}
	for (unsigned i = 0; i < loading_depth; i++)
		if (loading[i] == f) {
			fmt_snprintf(err, errlen, "%s: circular requirement", f->path);
			return -1;
		}
	loading[loading_depth++] = f;
	int r = image_load(f->path, f->data, f->size, ksrv_query_current, NULL, ref, err, errlen);
	loading_depth--;
	return r;
}

/* A hardware service this runtime only has as a stub that refuses every call. */
static bool stub_hw(uint32_t svc_id)
{
	return ksrv_os_no_hw && (svc_id == IOSPACE_SVC_ID || svc_id == MMIOSPACE_SVC_ID ||
				 svc_id == IRQ_SVC_ID || svc_id == DMA_SVC_ID);
}

/*
 * Kernel servers first; but where the runtime has a hardware service only as
 * a stub (the hosted runtime), a server file implementing it wins: that is
 * how a test stands in for hardware (a simulated device, DMA memory).
 */
struct server *ksrv_query(void *ctx, uint32_t svc_id)
{
	(void)ctx;
	char err[320];
	struct server *k = ksrv_by_svc(svc_id);

	if (k && !stub_hw(svc_id))
		return k;
	for (unsigned i = 0; i < ksrv_nfiles; i++) {
		struct ksrv_file *f = &ksrv_files[i];
		if (f->svc_id != svc_id)
			continue;
		if (!f->shared) {
			bss_ref_t h;
			if (ksrv_load(f->name, &h, err, sizeof(err))) {
				core_log("bss: %s\n", err);
				return NULL;
			}
			f->shared = ref_resolve(h);
			/* the runtime keeps the shared instance alive */
			ref_new_perm(kernel_server, f->shared);
			ref_release(h);
		}
		return f->shared;
	}
	return k;
}

bss_ref_t kloader_load_named(void *self, const void *name, uint32_t len)
{
	(void)self;
	char n[64], err[320];
	bss_ref_t perm;

	ksrv_name_arg(n, sizeof(n), name, len, "loader");
	if (ksrv_load(n, &perm, err, sizeof(err)))
		core_throw(BSS_E_LOAD, ENOEXEC, "%s", err);
	struct server *s = ref_resolve(perm);
	bss_ref_t h = ref_new_temp(cur_thread, cur_thread->cur, s);
	ref_release(perm);
	return h;
}

/*
 * Server files to isolate (loader.isolate, loader.isolate_in), by base
 * name, each with its protection domain ("": a space of its own); the
 * runtime asks ksrv_isolated().
 */
#define MAX_ISOLATED 32
static struct {
	char file[32];
	char domain[24];
} isolated[MAX_ISOLATED];
static unsigned nisolated;

static void isolate(const char *n, const char *domain)
{
	size_t k = __builtin_strlen(n);
	const char *had = ksrv_isolated(n, k);

	if (had && __builtin_strcmp(had, domain))
		core_throw(BSS_E_INVAL, EINVAL, "loader.isolate: %s is isolated %s%s already", n,
			   *had ? "in domain " : "in a space of its own", had);
	if (had)
		return;
	if (nisolated == MAX_ISOLATED)
		core_throw(BSS_E_LIMIT, ENOSPC, "loader.isolate: more than %d files", MAX_ISOLATED);
	fmt_snprintf(isolated[nisolated].file, sizeof(isolated[0].file), "%s", n);
	fmt_snprintf(isolated[nisolated].domain, sizeof(isolated[0].domain), "%s", domain);
	nisolated++;
}

void kloader_isolate(void *self, const void *name, uint32_t len)
{
	(void)self;
	char n[32];

	ksrv_name_arg(n, sizeof(n), name, len, "loader.isolate");
	isolate(n, "");
}

void kloader_isolate_in(void *self, const void *domain, uint32_t dlen, const void *name,
			uint32_t len)
{
	(void)self;
	char n[32], d[24];

	ksrv_name_arg(n, sizeof(n), name, len, "loader.isolate_in");
	ksrv_name_arg(d, sizeof(d), domain, dlen, "loader.isolate_in: domain");
	if (!*d)
		core_throw(BSS_E_INVAL, EINVAL, "loader.isolate_in: %s: an empty domain name", n);
	for (const char *c = d; *c; c++)
		if (!((*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9') || *c == '-' ||
		      *c == '_'))
			core_throw(BSS_E_INVAL, EINVAL,
				   "loader.isolate_in: domain '%s': only a-z, 0-9, - and _", d);
	isolate(n, d);
}

const char *ksrv_isolated(const char *base, size_t n)
{
	for (unsigned i = 0; i < nisolated; i++) {
		size_t k = 0;
		while (k < n && isolated[i].file[k] == base[k])
			k++;
		if (k == n && !isolated[i].file[k])
			return isolated[i].domain;
	}
	return NULL;
}

void ksrv_loader_init(void)
{
	ksrv_add(&loader_desc, "loader");
}
