/*
 * t_core: the core rules of the server model (thesis ch. 3), one check per
 * rule, run as an executable server. Prints "PASS: name" / "FAIL: name: why".
 * Runs unchanged in the hosted runtime and on the bare-metal kernel.
 */
#include "t_core.h"

BSS_SERVER(EXEC, struct tc, tc,
	   BSS_REQUIRES(PROBE_SVC_ID, LOADER_SVC_ID, THREAD_SVC_ID, TIMER_SVC_ID, MEMORY_SVC_ID,
			MAP_SVC_ID));

void check(struct tc *c, const char *name, bool ok, const char *why)
{
	tresult(&c->failed, name, ok, why);
}

bss_ref_t load(const char *name)
{
	return loader_load_named(LOADER, name, (uint32_t)strlen(name));
}

uint32_t count(const char *event)
{
	return probe_count(PROBE, event, (uint32_t)strlen(event));
}

/* ---- local servers of the test itself ---- */

void rn_run(struct runner *r)
{
	switch (r->op) {
	case 0:
		victim_block_us(r->target, r->us);
		break;
	case 1:
		victim_atomic_block(r->target, r->us);
		break;
	case 2:
		victim_locked_block(r->target, r->us);
		break;
	case 3:
		victim_fail(r->target, BSS_E_USER + 33, 33); /* nobody catches this */
		break;
	}
	r->done = 1;
}
BSS_LOCAL_SERVER(runner_desc, RUNNABLE, struct runner, rn);

struct runner *start(struct tc *c, unsigned slot, bss_ref_t target, uint32_t op, uint64_t us)
{
	struct runner *r = &c->runners[slot];
	r->target = bss_keep(target);
	r->op = op;
	r->us = us;
	r->done = 0;
	thread_start(THREAD, bss_local(&runner_desc, r));
	return r;
}

void finish(struct runner *r)
{
	while (!r->done)
		timer_sleep_us(TIMER, 1000);
	bss_release(r->target);
}

/* ---- the checks ---- */

/* An out-buffer the callee fills up to its return value (docs/server-model.md). */
static void test_filled(struct tc *c, bss_ref_t a)
{
	char buf[16];
	memset(buf, 'X', sizeof(buf));
	uint32_t n = counter_fill(a, buf, sizeof(buf), 5);
	bool kept = n == 5 && !memcmp(buf, "fffff", 5);
	for (unsigned i = 5; i < sizeof(buf); i++)
		kept = kept && buf[i] == 'X';
	check(c, "filled-out-buffer-keeps-callers-bytes", kept,
	      "bytes past the returned length are not the caller's");
	/* in one address space the callee could read them anyway; across spaces it gets zeros */
	uint32_t seen = counter_seen(a);
	check(c, "filled-out-buffer-callee-sees", bss_near(a) ? seen == sizeof(buf) : seen == 0,
	      bss_near(a) ? "the runtime zeroed a filled buffer in one address space"
			  : "an isolated callee saw the caller's bytes");

	struct bss_try t;
	volatile uint32_t id = 0;
	TRY_ID(t, id, counter_fill(a, buf, sizeof(buf), sizeof(buf) + 1));
	check(c, "filled-out-buffer-too-long-refused",
	      id == BSS_E_INVAL && strstr(t.err.msg, "counter.fill returned 17"),
	      id ? t.err.msg : "a return past the buffer went through");

	/* a filled reference array: entries, not bytes */
	bss_ref_t refs[4] = {7, 7, 7, 7};
	n = counter_selves(a, refs, 4, 2);
	check(c, "filled-out-array-keeps-callers-entries",
	      n == 2 && bss_same(refs[0], a) && bss_same(refs[1], a) && refs[2] == 7 &&
		      refs[3] == 7,
	      "entries past the returned count are not the caller's");
	seen = counter_seen(a);
	check(c, "filled-out-array-callee-sees-no-handles", seen == 0,
	      "the callee saw the caller's handles");
	TRY_ID(t, id, counter_selves(a, refs, 4, 5));
	check(c, "filled-out-array-too-long-refused",
	      id == BSS_E_INVAL && strstr(t.err.msg, "counter.selves returned 5"),
	      id ? t.err.msg : "a return past the array went through");
}

static void test_calls(struct tc *c)
{
	bss_ref_t a = load("counter"), b = load("counter");

	counter_add(a, 5);
	counter_add(b, 7);
	counter_add(a, 1);
	check(c, "private-data-per-server", counter_get(a) == 6 && counter_get(b) == 7,
	      "each instance should see only its own data");

	bss_ref_t v = load("victim");
	check(c, "call-migrates-thread", victim_ping(v) == thread_self_id(THREAD),
	      "callee ran in another thread");

	char buf[16];
	memset(buf, 'X', sizeof(buf));
	uint32_t n = counter_name(a, buf, sizeof(buf));
	bool clean = n == 3 && !memcmp(buf, "ctr", 3);
	for (unsigned i = 3; i < sizeof(buf); i++)
		clean = clean && buf[i] == 0;
	check(c, "out-buffer-no-stale-data", clean, "bytes the callee did not write are not zero");

	test_filled(c, a);

	counter_set_peer(a, b);
	bss_ref_t p = counter_peer(a);
	check(c, "reference-result", bss_same(p, b) && counter_get(p) == 7,
	      "returned reference does not name the peer");
}

/* Calls to a leaf server are bound into the call stub; releasing must unbind them. */
static void test_inline_cache(struct tc *c)
{
	bss_ref_t k = bss_keep(load("leaf"));
	struct bss_try t;
	volatile uint32_t id = 0;

	for (int i = 0; i < 3; i++)
		bench_nop(k); /* the first call fills the stub's cache, the others use it */
	bss_release(k);
	TRY_ID(t, id, bench_nop(k));
	check(c, "cached-call-released-handle-refused", id == BSS_E_BADREF,
	      "a released permanent reference still reached the leaf server");

	bss_ref_t v = load("leaf");
	bss_ref_t w = bss_weak(v, 0);
	bench_nop(w);
	bench_nop(w);
	bss_release(v);
	TRY_ID(t, id, bench_nop(w));
	check(c, "cached-call-weak-target-dead", id == BSS_E_DEAD,
	      "a weak reference reached a leaf server after its death");
	bss_release(w);

	/* A server that is not a leaf: the cache leads to bss_call_cached, with a frame. */
	bss_ref_t n = bss_keep(load("counter"));
	for (int i = 0; i < 3; i++)
		counter_add(n, 2);
	uint64_t got = counter_get(n);
	check(c, "cached-full-call-runs", got == 6, "calls through the cache lost an add");
	bss_release(n);
	TRY_ID(t, id, counter_add(n, 1));
	check(c, "cached-full-call-released-handle-refused", id == BSS_E_BADREF,
	      "a released permanent reference still reached the counter");
}

static void test_errors(struct tc *c)
{
	bss_ref_t v = load("victim"), w = load("victim");
	struct bss_try t;
	volatile uint32_t id = 0;
	volatile int32_t err = 0;

	BSS_TRY(t)
	{
		victim_call(v, w, 5);
	}
	BSS_CATCH(t)
	{
		id = t.err.id;
		err = t.err.err;
	}
	check(c, "throw-unwinds-to-catch", id == BSS_E_USER + 5 && err == 5,
	      "error ID or errno lost on the way");
	check(c, "catch-in-middle", victim_call(v, w, 6) == 77, "intermediate catch did not work");
	check(c, "server-usable-after-error", victim_ping(v) > 0 && victim_in_count(w) == 0,
	      "a server stayed locked after an error");
	TRY_ID(t, id, bss_throw(BSS_E_USER + 9, EBADF, "own"));
	check(c, "throw-in-own-code", id == BSS_E_USER + 9 && !strcmp(t.err.msg, "own"), t.err.msg);
}

static void test_locking(struct tc *c)
{
	bss_ref_t v = load("victim");
	/*
	 * Had the second call waited for the lock, the first thread's call would
	 * have returned before it: "not done yet" proves it did not wait, with no
	 * bound on time that a loaded host could break. The first call blocks for
	 * long enough that a stalled host does not end it before we call.
	 */
	struct runner *r = start(c, 0, v, 0, 250000);
	timer_sleep_us(TIMER, 15000);
	uint32_t inside = victim_in_count(v);
	uint32_t first_done = *(volatile uint32_t *)&r->done;
	finish(r);
	check(c, "autolock-unlocked-during-outgoing-call", inside == 1 && !first_done,
	      "second thread could not enter while the first was in an outgoing call");

	bss_ref_t s = load("victim_serial");
	r = start(c, 0, s, 0, 60000);
	timer_sleep_us(TIMER, 15000);
	inside = victim_in_count(s);
	finish(r);
	check(c, "serialized-locked-across-calls", inside == 0,
	      "second thread entered a serialized server during its outgoing call");

	r = start(c, 0, v, 1, 60000);
	timer_sleep_us(TIMER, 15000);
	inside = victim_in_count(v);
	finish(r);
	check(c, "atomic-call-keeps-lock", inside == 0,
	      "second thread entered while the first was in an atomic service");

	bss_ref_t sf = load("victim_safe");
	r = start(c, 0, sf, 2, 60000);
	timer_sleep_us(TIMER, 15000);
	uint32_t unlocked = victim_in_count(sf);
	uint32_t locked = victim_locked_in_count(sf);
	finish(r);
	check(c, "threadsafe-never-locked", unlocked == 1, "thread-safe server was locked");
	check(c, "explicit-lock-unlock", locked == 0,
	      "explicit lock did not exclude the other thread");

	bss_ref_t nc = load("victim_nocb"), v2 = load("victim");
	struct bss_try t;
	volatile uint32_t id = 0;
	TRY_ID(t, id, victim_call(nc, v2, 2));
	check(c, "callback-forbidden", id == BSS_E_CALLBACK, "callback into a no-callback server");
	check(c, "callback-allowed", victim_call(v, v2, 2) > 0, "callback refused by default");
}

static void test_memory(struct tc *c)
{
	bss_ref_t ds = memory_alloc(MEMORY, 10000);
	uint8_t *p = (uint8_t *)(uintptr_t)map_map(MAP, ds);
	bool zero = dataspace_size(ds) >= 10000;
	for (unsigned i = 0; i < 10000; i++)
		zero = zero && p[i] == 0;
	p[9999] = 42;
	check(c, "anonymous-memory", zero && p[9999] == 42,
	      "data space not zeroed or not writable");
}

static void test_uncaught(struct tc *c)
{
	bss_ref_t v = load("victim");
	struct runner *r = start(c, 1, v, 3, 0);
	timer_sleep_us(TIMER, 5000);
	check(c, "uncaught-error-ends-thread", !r->done, "thread went on after an uncaught error");
	bss_release(r->target);
}

uint32_t tc_main(struct tc *c)
{
	test_calls(c);
	test_temporaries(c);
	test_temp_reuse(c);
	test_lifetime(c);
	test_refs(c);
	test_inline_cache(c);
	test_errors(c);
	test_locking(c);
	test_weak(c);
	test_reap(c);
	test_keep_n(c);
	test_here_n(c);
	test_memory(c);
	test_uncaught(c);
	bss_printf("t_core: %u failed\n", c->failed);
	return c->failed ? 1 : 0;
}
