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
#include <svc/iospace.h>
#include <svc/loader.h>
#include <svc/mmio.h>
#include <svc/mmiospace.h>
#include "tests/harness/tcheck.h"
#include "tests/isolate/srv/faulty_try.h"

#define LOADER BSS_REQ(0)
#define IOSPACE BSS_REQ(1)
#define MMIOSPACE BSS_REQ(2)

/*
 * Hardware the isolated instances are granted or not: the POST port 0x80
 * and the one after it (QEMU ignores both), and the HPET's first page,
 * whose capabilities register reads the same however often it is read.
 */
#define PORT 0x80
#define HPET 0xfed00000ull

struct ti {
	unsigned failed;
	volatile uint64_t secret; /* what the isolated servers aim at */
};

BSS_SERVER(EXEC, struct ti, ti, BSS_REQUIRES(LOADER_SVC_ID, IOSPACE_SVC_ID, MMIOSPACE_SVC_ID));

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
	struct outcome o = {0, "no error"};
	struct bss_try t;

	BSS_TRY(t)
	{
		faulty_fault(f, kind, arg);
	}
	BSS_CATCH(t)
	{
		o.id = t.err.id;
		memcpy(o.msg, t.err.msg, sizeof(o.msg));
	}
	return o;
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

/*
 * System calls from just above a stack page nothing touched yet, while the
 * watchdog's NMI comes every timer tick (contain.test boots with
 * "watchdog="): the kernel must never push onto that page, where its own
 * page fault could not be taken (a double fault, the machine's end). The
 * instance must simply return and live on.
 */
#define EDGE_CALLS 200000

static void stack_edge(struct ti *c)
{
	bss_ref_t f = load("faulty");
	uint64_t calls = 0;
	struct outcome o = {0, "no error"};
	struct bss_try t;

	BSS_TRY(t)
	{
		calls = faulty_fault(f, 12, EDGE_CALLS);
	}
	BSS_CATCH(t)
	{
		o.id = t.err.id;
		memcpy(o.msg, t.err.msg, sizeof(o.msg));
	}
	uint32_t alive = faulty_ping(f);
	tcheck(&c->failed, "isolated-syscalls-at-stack-edge-survive-nmis",
	       o.id == 0 && calls == EDGE_CALLS && alive == 1,
	       "%lu of %u calls, error %u: %s; pings afterwards: %u", (unsigned long)calls,
	       EDGE_CALLS, o.id, o.msg, alive);
	bss_release(f);
}

/*
 * Direct hardware access is confined: an isolated instance granted a port
 * and an MMIO page uses them by its own instructions; any other port, the
 * same port from a space it was not granted to, another device's page and
 * another space's mapping of the granted page fault and end only that
 * instance.
 */
static void hardware(struct ti *c)
{
	bss_ref_t io = bss_keep(iospace_region(IOSPACE, PORT, 1));
	bss_ref_t mm = bss_keep(mmiospace_region(MMIOSPACE, HPET, 0x1000));
	bss_ref_t h = load("faulty");
	struct outcome o;
	char what[80];

	uint64_t va = faulty_hw(h, io, mm);
	uint32_t want = mmio_read32(mm, 0);
	uint64_t got = va ? faulty_fault(h, 9, va) : 0;
	tcheck(&c->failed, "isolated-granted-mmio-read-directly",
	       va && got == want && want != 0 && want != ~0u,
	       "mapped at 0x%lx, read %lx where the kernel reads %x", (unsigned long)va,
	       (unsigned long)got, want);
	o = fault(h, 10, PORT);
	tcheck(&c->failed, "isolated-granted-port-used-directly", o.id == 0, "error %u: %s", o.id,
	       o.msg);

	crash(c, "isolated-port-not-granted-faults", 10, PORT, "general protection");
	crash(c, "isolated-port-out-not-granted-faults", 11, PORT, "general protection");
	fmt_snprintf(what, sizeof(what), "page fault (read 0x%lx", (unsigned long)va);
	crash(c, "isolated-other-space-mmio-faults", 9, va, what);
	fmt_snprintf(what, sizeof(what), "page fault (read 0x%lx", (unsigned long)HPET);
	crash(c, "isolated-device-page-not-granted-faults", 9, HPET, what);

	/* the granted instance: the next port and the page after its BAR are not its */
	o = fault(h, 10, PORT + 1);
	tcheck(&c->failed, "isolated-port-beside-granted-faults",
	       o.id == BSS_E_FAULT && contains(o.msg, "general protection"), "error %u: %s", o.id,
	       o.msg);
	bss_release(h);
	h = load("faulty");
	va = faulty_hw(h, 0, mm);
	fmt_snprintf(what, sizeof(what), "page fault (read 0x%lx", (unsigned long)(va + 0x1000));
	o = fault(h, 9, va + 0x1000);
	tcheck(&c->failed, "isolated-page-beside-granted-faults",
	       o.id == BSS_E_FAULT && contains(o.msg, what), "error %u: %s", o.id, o.msg);
	bss_release(h);
	tcheck(&c->failed, "kernel-side-mmio-still-works", mmio_read32(mm, 0) == want,
	       "HPET capabilities %x, then %x", want, mmio_read32(mm, 0));
	bss_release(mm);
	bss_release(io);
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
	stack_edge(c);

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
	/* the watchdog's NMI finds ring 3 looping: ended on its trap stack, not the NMI's */
	crash(c, "isolated-hang-ends-it", 8, 0, "hang (no thread switch for");
	hardware(c);

	/* A bad pointer given to the runtime is the server's error, not a crash: it lives on. */
	bss_ref_t f = load("faulty");
	struct outcome o = fault(f, 6, (uintptr_t)&c->secret);
	uint32_t alive = faulty_ping(f);
	tcheck(&c->failed, "isolated-bad-pointer-to-runtime-refused",
	       o.id == BSS_E_INVAL && contains(o.msg, "address space") && alive == 1,
	       "error %u: %s; pings afterwards: %u", o.id, o.msg, alive);
	/* the batched reference calls read and write arrays of the caller's: checked the same */
	struct outcome ko = fault(f, 14, (uintptr_t)&c->secret);
	struct outcome uo = fault(f, 15, (uintptr_t)&c->secret);
	alive = faulty_ping(f);
	tcheck(&c->failed, "isolated-bad-ref-arrays-refused",
	       ko.id == BSS_E_INVAL && contains(ko.msg, "address space") && uo.id == BSS_E_INVAL &&
		       contains(uo.msg, "address space") && alive == 2 && c->secret == 0x5ec2e7,
	       "keep_n: %u %s; unkeep_n: %u %s; pings %u", ko.id, ko.msg, uo.id, uo.msg, alive);
	/* and bss_here_n's answers and bss_same_n's pairs */
	ko = fault(f, 17, (uintptr_t)&c->secret);
	uo = fault(f, 18, (uintptr_t)&c->secret);
	alive = faulty_ping(f);
	tcheck(&c->failed, "isolated-bad-batch-arrays-refused",
	       ko.id == BSS_E_INVAL && contains(ko.msg, "address space") && uo.id == BSS_E_INVAL &&
		       contains(uo.msg, "address space") && alive == 3 && c->secret == 0x5ec2e7,
	       "here_n: %u %s; same_n: %u %s; pings %u", ko.id, ko.msg, uo.id, uo.msg, alive);
	bss_release(f);

	/*
	 * A try whose return address is not canonical: its catch's IRETQ would
	 * fault in ring 0. Refused when entered; the instance lives on.
	 */
	f = load("faulty");
	o = fault(f, 13, 0x8000000000000000ull);
	alive = faulty_ping(f);
	tcheck(&c->failed, "isolated-try-returning-to-non-canonical-refused",
	       o.id == BSS_E_INVAL && contains(o.msg, "return address") && alive == 1,
	       "error %u: %s; pings afterwards: %u", o.id, o.msg, alive);
	o = fault(f, 13, 1);
	alive = faulty_ping(f);
	tcheck(&c->failed, "isolated-try-record-outside-space-refused",
	       o.id == BSS_E_INVAL && contains(o.msg, "0x10 is not in") && alive == 2,
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
