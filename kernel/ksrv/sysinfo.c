/*
 * The sysinfo service: the servers and threads that exist, as text for a
 * person (the console's "servers" and "threads" commands). It reads the
 * core's lists; nothing here changes them.
 */
#include "ksrv.h"
#include "core/space.h"
#include "common/fmt.h"

struct text {
	char *buf;
	uint32_t n, at;
};

/* Appends one formatted line, or nothing if it does not fit whole. */
KSRV_SERVICE(sysinfo_desc, SYSINFO, void, ksysinfo)

static void line(struct text *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void line(struct text *t, const char *fmt, ...)
{
	char tmp[160];
	va_list ap;

	va_start(ap, fmt);
	int k = fmt_vsnprintf(tmp, sizeof(tmp), fmt, ap);
	va_end(ap);
	if (k < 0 || (size_t)k >= sizeof(tmp) || t->n - t->at < (uint32_t)k)
		return;
	__builtin_memcpy(t->buf + t->at, tmp, (size_t)k);
	t->at += (uint32_t)k;
}

/* "pci#5" for a loaded server (its file without ".srv"), the name of a kernel one. */
static void label(char *out, size_t size, const struct server *s)
{
	const struct server *o = s ? s->owner : NULL;

	if (!o) {
		fmt_snprintf(out, size, "-");
		return;
	}
	const char *f = image_file(o);
	size_t n = __builtin_strlen(f);
	if (n > 4 && !__builtin_memcmp(f + n - 4, ".srv", 4))
		n -= 4;
	if (n)
		fmt_snprintf(out, size, "%.*s#%u", (int)n, f, o->id);
	else
		fmt_snprintf(out, size, "%s", server_name(o));
}

uint32_t ksysinfo_servers(void *self, void *buf, uint32_t n)
{
	(void)self;
	struct text t = {buf, n, 0};

	temps_commit(cur_thread); /* the caller's own temporaries count too (kernel/core/ref.c) */

	for (struct server *s = loaded_servers; s; s = s->all_next) {
		unsigned locals = 0, inside = 0;
		for (struct server *l = s->locals; l; l = l->next_local)
			locals++;
		for (struct thread *th = all_threads; th; th = th->all_next)
			inside += th->cur && th->cur->owner == s;
		char name[48];
		label(name, sizeof(name), s);
		line(&t, "%-22s refs %-3lu locals %-3u threads %u%s\n", name,
		     (unsigned long)s->refs, locals, inside, s->dead ? " dead" : "");
	}
	return t.at;
}

static const char *const state_name[] = {"new", "runnable", "running", "blocked", "done"};

uint32_t ksysinfo_threads(void *self, void *buf, uint32_t n)
{
	(void)self;
	struct text t = {buf, n, 0};

	for (struct thread *th = all_threads; th; th = th->all_next) {
		char in[48], on[64] = "";
		label(in, sizeof(in), th->cur);
		if (th->state == T_BLOCKED && th->blocked_on) {
			char w[48];
			label(w, sizeof(w), th->blocked_on);
			fmt_snprintf(on, sizeof(on), " waits for %s", w);
		}
		unsigned st = th->state < 5 ? th->state : 0;
		line(&t, "thread %-4u %-8s in %s%s\n", th->id, state_name[st], in, on);
	}
	return t.at;
}

uint32_t ksysinfo_describe(void *self, bss_ref_t r, void *buf, uint32_t n)
{
	(void)self;
	struct text t = {buf, n, 0};
	struct server *s = ref_resolve(r);
	char name[48];

	label(name, sizeof(name), s);
	if (s->kind == SRV_LOCAL)
		line(&t, "%s local %s", name, server_name(s));
	else
		line(&t, "%s", name);
	return t.at;
}

uint32_t ksysinfo_spaces(void *self, void *buf, uint32_t n)
{
	(void)self;
	return os_space_stats(buf, n);
}

void ksrv_sysinfo_init(void)
{
	ksrv_add(&sysinfo_desc, "sysinfo");
}
