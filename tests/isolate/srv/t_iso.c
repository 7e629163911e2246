/*
 * t_iso: faults are contained in isolated servers (docs/isolation.md). Runs
 * as init in the kernel's address space with "isolate=faulty,counter": each
 * faulty instance (tests/kernel/srv/faulty.c) crashes on purpose in ring 3,
 * aiming at this server's memory and code; the crash must come back as
 * BSS_E_FAULT, end that instance only (BSS_E_DEAD afterwards), leave this
 * server's memory as it was, and leave the kernel and another isolated
 * server running. Prints "PASS: name (details)" / "FAIL: name: why".
 */
#include <bss/server.h>
#include <svc/counter.h>
#include <svc/exec.h>
#include <svc/faulty.h>
#include <svc/loader.h>
#include "tests/harness/tcheck.h"

#define LOADER BSS_REQ(0)

struct ti {
	unsigned failed;
	volatile uint64_t secret; /* what the isolated servers aim at */
};

BSS_SERVER(EXEC, struct ti, ti, BSS_REQUIRES(LOADER_SVC_ID));

struct outcome {
	uint32_t id;
	char msg[120];
};

static bool contains(const char *s, const char *w)
{
	for (; *s; s++) {
		size_t i = 0;
		while (w[i] && s[i] == w[i])
			i++;
		if (!w[i])
			return true;
	}
	return false;
}

static bss_ref_t load(const char *name)
{
	return loader_load_named(LOADER, name, (uint32_t)strlen(name));
}

static struct outcome fault(bss_ref_t f, uint32_t kind, uint64_t arg)
{
	struct outcome o = { 0, "no error" };
	struct bss_try t;

	BSS_TRY(t) {
		faulty_fault(f, kind, arg);
	} BSS_CATCH(t) {
		o.id = t.err.id;
		memcpy(o.msg, t.err.msg, sizeof(o.msg));
	}
	return o;
}

static uint32_t ping_error(bss_ref_t f)
{
	struct bss_try t;
	volatile uint32_t id = 0;

	BSS_TRY(t) {
		faulty_ping(f);
	} BSS_CATCH(t) {
		id = t.err.id;
	}
	return id;
}

/* A new faulty instance crashes as told: contained, and ended. */
static void crash(struct ti *c, const char *name, uint32_t kind, uint64_t arg, const char *expect)
{
	bss_ref_t f = load("faulty");
	uint32_t before = faulty_ping(f);
	struct outcome o = fault(f, kind, arg);
	uint32_t after = ping_error(f);

	tcheck(&c->failed, name,
	       before == 1 && o.id == BSS_E_FAULT && contains(o.msg, expect) &&
		       contains(o.msg, "(isolated)") && after == BSS_E_DEAD,
	       "error %u: %s; a call afterwards: error %u", o.id, o.msg, after);
	bss_release(f);
}

__attribute__((noinline)) static uint64_t kernel_side_code(void)
{
	return 42;
}

uint32_t ti_main(struct ti *c)
{
	bss_ref_t ctr = load("counter");
	counter_add(ctr, 5);
	c->secret = 0x5ec2e7;

	char what[80];
	fmt_snprintf(what, sizeof(what), "page fault (read 0x%lx",
		     (unsigned long)(uintptr_t)&c->secret);
	crash(c, "isolated-read-of-kernel-space-faults", 0, (uintptr_t)&c->secret, what);
	fmt_snprintf(what, sizeof(what), "page fault (write 0x%lx",
		     (unsigned long)(uintptr_t)&c->secret);
	crash(c, "isolated-wild-write-faults", 4, (uintptr_t)&c->secret, what);
	tcheck(&c->failed, "isolated-wild-write-changed-nothing", c->secret == 0x5ec2e7,
	       "secret is %lx", (unsigned long)c->secret);
	crash(c, "isolated-jump-into-kernel-code-faults", 5, (uintptr_t)kernel_side_code,
	      "page fault (fetch");
	crash(c, "isolated-jump-into-nowhere-faults", 5, 0xdead0000000ull, "page fault (fetch");
	crash(c, "isolated-null-pointer-faults", 0, 8, "page fault (read 0x8)");
	crash(c, "isolated-divide-by-zero-faults", 1, 0, "divide error");
	crash(c, "isolated-invalid-opcode-faults", 2, 0, "invalid opcode");
	crash(c, "isolated-stack-overflow-faults", 3, 0, "page fault (write");

	/* A bad pointer given to the runtime is the server's error, not a crash: it lives on. */
	bss_ref_t f = load("faulty");
	struct outcome o = fault(f, 6, (uintptr_t)&c->secret);
	uint32_t alive = faulty_ping(f);
	tcheck(&c->failed, "isolated-bad-pointer-to-runtime-refused",
	       o.id == BSS_E_INVAL && contains(o.msg, "address space") && alive == 1,
	       "error %u: %s; pings afterwards: %u", o.id, o.msg, alive);
	bss_release(f);

	uint64_t n = counter_add(ctr, 1);
	tcheck(&c->failed, "isolated-others-keep-running", n == 6,
	       "the isolated counter counted to %lu after the crashes", (unsigned long)n);

	/* Spaces of ended servers are freed: more instances than there are spaces. */
	unsigned loaded = 0;
	for (unsigned i = 0; i < 80; i++) {
		bss_ref_t g = load("faulty");
		loaded += faulty_ping(g) == 1;
		bss_release(g);
	}
	tcheck(&c->failed, "isolated-spaces-reused", loaded == 80, "%u of 80 loads", loaded);
	bss_release(ctr);
	bss_printf("t_iso: %u failed\n", c->failed);
	return c->failed ? 1 : 0;
}
