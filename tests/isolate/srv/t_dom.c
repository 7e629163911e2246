/*
 * t_dom: protection domains (docs/isolation.md). Runs as init in the
 * kernel's address space with a configuration that puts faulty.srv in the
 * domain "d" and counter.srv in a space of its own. Two faulty instances
 * share one space: one reads by its own load what the other mapped, which
 * between two spaces faults (tests/isolate/contain.test). A fault in one
 * ends both (BSS_E_FAULT to its caller, BSS_E_DEAD from the other), the
 * counter in its own space runs on, and a new instance gets a new space.
 * Prints "PASS: name (details)" / "FAIL: name: why".
 */
#include <bss/server.h>
#include <svc/counter.h>
#include <svc/exec.h>
#include <svc/faulty.h>
#include <svc/loader.h>
#include <svc/mmio.h>
#include <svc/mmiospace.h>
#include "tests/harness/tcheck.h"
#include "tests/isolate/srv/faulty_try.h"

#define LOADER BSS_REQ(0)
#define MMIOSPACE BSS_REQ(1)

#define HPET 0xfed00000ull /* a page whose first register reads the same every time */

struct td {
	unsigned failed;
	uint64_t secret; /* what a wild write aims at */
};

BSS_SERVER(EXEC, struct td, td, BSS_REQUIRES(LOADER_SVC_ID, MMIOSPACE_SVC_ID));

static bss_ref_t load(const char *name)
{
	return loader_load_named(LOADER, name, (uint32_t)strlen(name));
}

/* The error faulty.fault(kind, arg) throws (0: none), its result in *r. */
static uint32_t fault(bss_ref_t f, uint32_t kind, uint64_t arg, uint64_t *r)
{
	struct bss_try t;
	volatile uint32_t id;

	TRY_ID(t, id, *r = faulty_fault(f, kind, arg));
	return id;
}

uint32_t td_main(struct td *c)
{
	bss_ref_t ctr = load("counter");
	bss_ref_t mm = bss_keep(mmiospace_region(MMIOSPACE, HPET, 0x1000));
	bss_ref_t a = load("faulty");
	bss_ref_t b = load("faulty");
	uint64_t r = 0;

	/* packet descriptors' addresses are used as they are only where this says yes */
	uint32_t ab = faulty_near(a, b), ac = faulty_near(a, ctr);
	int kc = bss_near(ctr), k0 = bss_near(0);
	tcheck(&c->failed, "domain-near-says-who-shares-the-space",
	       ab == 1 && ac == 0 && kc == 1 && k0 == 1,
	       "a asked of b (its domain) %u, of the counter (its own space) %u (bit 1: a in the "
	       "runtime's space); the runtime's space of the counter %d, of itself %d",
	       ab, ac, kc, k0);

	counter_add(ctr, 5);
	c->secret = 0x5ec2e7;
	uint64_t va = faulty_hw(a, 0, mm);
	uint32_t want = mmio_read32(mm, 0);
	uint32_t id = va ? fault(b, 9, va, &r) : ~0u;
	tcheck(&c->failed, "domain-shares-one-space",
	       va && id == 0 && r == want && want != 0 && want != ~0u,
	       "b read a's mapping at 0x%lx: error %u, %lx where the kernel reads %x",
	       (unsigned long)va, id, (unsigned long)r, want);

	uint32_t before = ping_error(b);
	id = fault(a, 4, (uintptr_t)&c->secret, &r);
	uint32_t other = ping_error(b);
	tcheck(&c->failed, "domain-fault-ends-every-server",
	       before == 0 && id == BSS_E_FAULT && other == BSS_E_DEAD && c->secret == 0x5ec2e7,
	       "the other alive before: error %u; the faulting one: error %u, the other: error %u, "
	       "secret %lx",
	       before, id, other, (unsigned long)c->secret);
	uint64_t n = counter_add(ctr, 1);
	tcheck(&c->failed, "domain-others-keep-running", n == 6,
	       "the counter in its own space counted to %lu", (unsigned long)n);

	bss_ref_t f = load("faulty");
	uint32_t alive = faulty_ping(f);
	id = fault(f, 9, va, &r);
	tcheck(&c->failed, "domain-reloaded-in-a-new-space", alive == 1 && id == BSS_E_FAULT,
	       "ping %u; reading the dead space's mapping: error %u", alive, id);
	bss_release(f);
	bss_release(b);
	bss_release(a);
	bss_release(mm);
	bss_release(ctr);
	bss_printf("t_dom: %u failed\n", c->failed);
	return c->failed ? 1 : 0;
}
