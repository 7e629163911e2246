/*
 * bss-inspect: prints what a server file declares and runs every load-time
 * check of the loader on it (the same code: kernel/core/loader_check.c).
 *
 *	bss-inspect FILE.srv       describe the file, or print why it is rejected
 *	bss-inspect --check FILE   only check; exit status 1 and the message if bad
 */
#include "core/core.h"
#include "core/loader.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The checks need only memory from the runtime. */
void *os_alloc(size_t size)
{
	return malloc(size ? size : 1);
}

void os_free(void *p, size_t size)
{
	(void)size;
	free(p);
}

_Noreturn void os_panic(const char *msg)
{
	fprintf(stderr, "bss-inspect: %s\n", msg);
	abort();
}

void os_debug_write(const char *text, size_t len)
{
	fwrite(text, 1, len, stderr);
}

/* Never called: inspecting loads nothing and runs nothing. */
void *os_alloc_image(size_t size)
{
	(void)size;
	return NULL;
}

void os_free_image(void *p, size_t size)
{
	(void)p, (void)size;
}

void *os_alloc_stack(size_t size)
{
	(void)size;
	return NULL;
}

void os_free_stack(void *base, size_t size)
{
	(void)base, (void)size;
}

uint64_t os_now_ns(void)
{
	return 0;
}

int os_idle(void)
{
	return 0;
}

void os_poll_interrupts(void)
{
}

static int quiet;

static const char *svc_name(uint32_t id)
{
	const struct bss_svc_def *d = svc_lookup(id);

	return d ? d->name : "?";
}

static const char *fn_name(uint32_t id, unsigned fn)
{
	const struct bss_svc_def *d = svc_lookup(id);

	return d && fn < d->nfuncs ? d->fnames[fn] : "?";
}

static const char *mode_name(uint32_t attrs)
{
	switch (attrs & BSS_MODE_MASK) {
	case BSS_SERIALIZED:
		return "serialized";
	case BSS_THREADSAFE:
		return "thread-safe";
	default:
		return "automatically locked";
	}
}

static void on_section(void *ctx, const char *name, uint32_t type, uint64_t flags, uint64_t size)
{
	(void)ctx;
	if (quiet || strncmp(name, ".bss_", 5))
		return;
	printf("  BSS section %-12s type %u flags 0x%lx size %lu\n", name, type,
	       (unsigned long)flags, (unsigned long)size);
}

static void print_svc(const struct bss_service_desc *d)
{
	for (unsigned f = 0; f < d->nfuncs; f++)
		printf("    %u %-16s %s\n", f, fn_name(d->svc_id, f), d->sigs[f]);
}

static void on_info(void *ctx, const struct bss_info *in)
{
	(void)ctx;
	if (quiet)
		return;
	printf("server %s\n", in->name);
	printf("  implements %s (0x%08x), %u functions:\n", svc_name(in->svc.svc_id),
	       in->svc.svc_id, in->svc.nfuncs);
	print_svc(&in->svc);
	printf("  private data %lu bytes, stack need %lu bytes\n", (unsigned long)in->data_size,
	       (unsigned long)in->stack_size);
	printf("  threads: %s, callbacks %s\n", mode_name(in->attrs),
	       in->attrs & BSS_NO_CALLBACKS ? "forbidden" : "allowed");
	printf("  required services:%s\n", in->nreqs ? "" : " none");
	for (unsigned i = 0; i < in->nreqs; i++)
		printf("    slot %u: %s (0x%08x)\n", i, svc_name(in->reqs[i]), in->reqs[i]);
}

static void on_local(void *ctx, const struct bss_local_desc *d)
{
	(void)ctx;
	if (quiet)
		return;
	printf("  local server %s implements %s (0x%08x)\n", d->name, svc_name(d->svc.svc_id),
	       d->svc.svc_id);
}

static void on_call(void *ctx, const char *section, uint64_t off, const char *sym)
{
	int *first = ctx;

	if (quiet)
		return;
	if (*first) {
		printf("  call sites:\n");
		*first = 0;
	}
	if (!strncmp(sym, "__bss_sys.", 10)) {
		printf("    %s+0x%lx  system call %s\n", section, (unsigned long)off, sym + 10);
		return;
	}
	unsigned id = 0, fn = 0;
	char sig[64] = "";
	sscanf(sym, "__bss_call.%8x.%u.%63[^.]", &id, &fn, sig);
	printf("    %s+0x%lx  %s.%s (service 0x%08x, function %u) signature %s%s\n", section,
	       (unsigned long)off, svc_name(id), fn_name(id, fn), id, fn, sig,
	       strstr(sym + 11, ".a") ? " atomic" : "");
}

int main(int argc, char **argv)
{
	int a = 1;

	if (a < argc && !strcmp(argv[a], "--check")) {
		quiet = 1;
		a++;
	}
	if (a + 1 != argc) {
		fprintf(stderr, "usage: bss-inspect [--check] FILE.srv\n");
		return 2;
	}
	FILE *f = fopen(argv[a], "rb");
	if (!f) {
		perror(argv[a]);
		return 2;
	}
	fseek(f, 0, SEEK_END);
	long n = ftell(f);
	fseek(f, 0, SEEK_SET);
	uint8_t *data = malloc(n > 0 ? (size_t)n : 1);
	size_t size = fread(data, 1, n > 0 ? (size_t)n : 0, f);
	fclose(f);

	static const struct inspect_ops ops = {on_section, on_info, on_local, on_call};
	int first = 1;
	char err[320];
	if (!quiet)
		printf("file %s (%zu bytes)\n", argv[a], size);
	if (loader_check(argv[a], data, size, &ops, &first, err, sizeof(err))) {
		fprintf(stderr, "%s\n", err);
		free(data);
		return 1;
	}
	free(data);
	return 0;
}
