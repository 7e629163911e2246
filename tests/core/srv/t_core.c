/*
 * t_core: the core rules of the server model (thesis ch. 3), one check per
 * rule, run as an executable server. Prints "PASS: name" / "FAIL: name: why".
 * Runs unchanged in the hosted runtime and on the bare-metal kernel.
 */
#include <bss/server.h>
#include "tests/harness/tcheck.h"
#include <svc/bench.h>
#include <svc/counter.h>
#include <svc/exec.h>
#include <svc/loader.h>
#include <svc/map.h>
#include <svc/memory.h>
#include <svc/dataspace.h>
#include <svc/probe.h>
#include <svc/runnable.h>
#include <svc/thread.h>
#include <svc/timer.h>
#include <svc/victim.h>
#include <svc/weaknotify.h>

#define PROBE BSS_REQ(0)
#define LOADER BSS_REQ(1)
#define THREAD BSS_REQ(2)
#define TIMER BSS_REQ(3)
#define MEMORY BSS_REQ(4)
#define MAP BSS_REQ(5)

struct runner {
	bss_ref_t target; /* permanent */
	uint32_t op;
	uint64_t us;
	uint32_t done;
};

struct notifier {
	uint32_t calls;
};

struct tc {
	unsigned failed;
	struct runner runners[4];
	struct notifier wn;
	struct notifier reapees[3];
};

BSS_SERVER(EXEC, struct tc, tc,
	   BSS_REQUIRES(PROBE_SVC_ID, LOADER_SVC_ID, THREAD_SVC_ID, TIMER_SVC_ID, MEMORY_SVC_ID,
			MAP_SVC_ID));

static void check(struct tc *c, const char *name, bool ok, const char *why)
{
	tresult(&c->failed, name, ok, why);
}

static bss_ref_t load(const char *name)
{
	return loader_load_named(LOADER, name, (uint32_t)strlen(name));
}

static uint32_t count(const char *event)
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

void wn_dead(struct notifier *n, uint64_t weak)
{
	(void)weak;
	n->calls++;
	probe_note(PROBE, "weak-dead", 9);
}
BSS_LOCAL_SERVER(notifier_desc, WEAKNOTIFY, struct notifier, wn);
/* no destructor: a dead one's object comes back through bss_reap */
BSS_LOCAL_SERVER(reapee_desc, WEAKNOTIFY, struct notifier, wn, .attrs = BSS_INHERIT | BSS_REAP);

static struct runner *start(struct tc *c, unsigned slot, bss_ref_t target, uint32_t op, uint64_t us)
{
	struct runner *r = &c->runners[slot];
	r->target = bss_keep(target);
	r->op = op;
	r->us = us;
	r->done = 0;
	thread_start(THREAD, bss_local(&runner_desc, r));
	return r;
}

static void finish(struct runner *r)
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
	BSS_TRY(t)
	{
		counter_fill(a, buf, sizeof(buf), sizeof(buf) + 1);
	}
	BSS_CATCH(t)
	{
		id = t.err.id;
	}
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
	id = 0;
	BSS_TRY(t)
	{
		counter_selves(a, refs, 4, 5);
	}
	BSS_CATCH(t)
	{
		id = t.err.id;
	}
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

static void test_temporaries(struct tc *c)
{
	bss_ref_t v = load("victim"), w = load("victim");

	bss_ref_t l = victim_make_local(w, 5);
	check(c, "local-server-reference", victim_ping(l) == 1005, "local server not callable");
	bss_release(l);
	check(c, "release-destroys-local", count("local-dtor:5") == 1, "local server still alive");

	victim_call(v, w, 3);
	check(c, "temporary-released-on-return", count("local-dtor:7") == 1,
	      "temporary of a returned call still alive");

	struct bss_try t;
	volatile uint32_t id = 0;
	BSS_TRY(t)
	{
		victim_call(v, w, 4);
	}
	BSS_CATCH(t)
	{
		id = t.err.id;
	}
	check(c, "temporary-released-on-error", id == BSS_E_USER + 4 && count("local-dtor:8") == 1,
	      "temporary of a call left by an error still alive");

	bss_ref_t l9 = victim_make_local(w, 9);
	BSS_TRY(t)
	{
		victim_pass_and_fail(v, l9);
	}
	BSS_CATCH(t)
	{
		id = t.err.id;
	}
	bool alive = count("local-dtor:9") == 0;
	bss_release(l9);
	check(c, "argument-reference-released-on-error", alive && count("local-dtor:9") == 1,
	      "callee's copy of the reference outlived the error or ours died with it");

	BSS_TRY(t)
	{
		victim_ping(l9);
		id = 0;
	}
	BSS_CATCH(t)
	{
		id = t.err.id;
	}
	check(c, "stale-temporary-refused", id == BSS_E_BADREF, "released reference still usable");
}

/*
 * A thread's loop never returns, so its temporaries end only by release, in
 * whatever order it finishes with them: here each one is released while a
 * newer one is still held, as the IPv4 transmit thread keeps a stash of TX
 * buffers across batches. The handle's 20-bit index bounds the temporaries
 * a thread can hold at once; both loops obtain more than that in total.
 */
#define TEMP_ROUNDS ((1u << 20) + 1000)
#define TEMP_BATCH 128

static bool temp_rounds(bss_ref_t v)
{
	bss_ref_t held = bss_temp(v);

	for (uint32_t i = 0; i < TEMP_ROUNDS; i++) {
		bss_ref_t next = bss_temp(v);
		bss_release(held);
		held = next;
	}
	bool ok = victim_ping(held) > 0;
	bss_release(held);
	return ok;
}

static bool batch_rounds(bss_ref_t v)
{
	bss_ref_t r[TEMP_BATCH], held = 0;

	for (uint32_t i = 0; i < TEMP_ROUNDS / TEMP_BATCH + 100; i++) {
		if (victim_selves(v, r, TEMP_BATCH) != TEMP_BATCH)
			return false;
		for (unsigned k = 0; k < TEMP_BATCH - 1; k++)
			bss_release(r[k]);
		if (held)
			bss_release(held);
		held = r[TEMP_BATCH - 1];
		/* a reused slot must not have taken over the one still held */
		if (!bss_same(held, v))
			return false;
	}
	bss_release(held);
	return true;
}

/* The rounds run in a call of their own: if they fail, its end frees what they left. */
struct rounds {
	bool (*fn)(bss_ref_t v);
	bss_ref_t v;
	bool ok;
};

void rd_run(struct rounds *r)
{
	r->ok = r->fn(r->v);
}
BSS_LOCAL_SERVER(rounds_desc, RUNNABLE, struct rounds, rd);

static void reuse_check(struct tc *c, const char *name, bool (*fn)(bss_ref_t), bss_ref_t v,
			const char *why)
{
	struct rounds r = {fn, v, false};
	struct bss_try t;
	volatile bool threw = false;

	BSS_TRY(t)
	{
		runnable_run(bss_local(&rounds_desc, &r));
	}
	BSS_CATCH(t)
	{
		threw = true;
	}
	check(c, name, r.ok, threw ? t.err.msg : why);
}

static void test_temp_reuse(struct tc *c)
{
	bss_ref_t v = load("victim");

	reuse_check(c, "temporaries-released-out-of-order-reused", temp_rounds, v,
		    "the last temporary no longer reached its server");
	reuse_check(c, "batch-temporaries-reused", batch_rounds, v,
		    "a batch came back short, or a held reference changed its server");
}

static void test_lifetime(struct tc *c)
{
	bss_ref_t w = load("victim");
	bss_ref_t v3 = load("victim");
	uint32_t before = count("victim-dtor");

	bss_ref_t l = victim_make_local(w, 10);
	victim_hold(v3, l);
	bss_release(l);
	bool held = count("local-dtor:10") == 0;
	bss_release(v3);
	check(c, "last-reference-destroys-server", count("victim-dtor") == before + 1,
	      "destructor did not run");
	check(c, "permanent-released-with-holder", held && count("local-dtor:10") == 1,
	      "permanent reference outlived its holder, or did not keep its target");

	/* A server that keeps a reference to its own local server still dies. */
	bss_ref_t v4 = load("victim");
	bss_ref_t l11 = victim_make_local(v4, 11);
	victim_hold(v4, l11);
	bss_ref_t l12 = victim_make_local(v4, 12);
	victim_hold(v4, l12);
	probe_clear(PROBE);
	bss_release(l11);
	bss_release(l12);
	bool parent_alive = count("victim-dtor") == 0 && victim_ping(v4) > 0;
	bss_release(v4);
	char log[256];
	uint32_t n = probe_log(PROBE, log, sizeof(log) - 1);
	log[n] = 0;
	/* destructor first, then held references newest first: the locals die with their parent */
	check(c, "locals-die-with-parent",
	      parent_alive && !strcmp(log, "victim-dtor\nlocal-dtor:12\nlocal-dtor:11\n"), log);

	/* A reference to a local server keeps its parent alive. */
	bss_ref_t v5 = load("victim");
	bss_ref_t l13 = victim_make_local(v5, 13);
	probe_clear(PROBE);
	bss_release(v5);
	bool kept = count("victim-dtor") == 0 && victim_ping(l13) == 1013;
	bss_release(l13);
	check(c, "local-reference-keeps-parent", kept && count("victim-dtor") == 1,
	      "parent died under a local server, or never died");

	/*
	 * A thread inside a server keeps it alive when the last reference to
	 * it goes (the frame's hold, counted lazily: kernel/core/ref.c); the
	 * server dies when that call returns.
	 */
	bss_ref_t y = load("victim");
	bss_ref_t x = load("victim");
	victim_hold(y, x);
	bss_release(x);
	probe_clear(PROBE);
	uint32_t r = victim_call(y, y, 8);
	char dlog[256];
	n = probe_log(PROBE, dlog, sizeof(dlog) - 1);
	dlog[n] = 0;
	check(c, "call-keeps-server-alive",
	      r == 7 && !strcmp(dlog, "alive-after-drop\nvictim-dtor\n"), dlog);
	bss_release(y);

	/*
	 * A temporary keeps its server alive when the last permanent reference
	 * goes, whether the thread blocked after taking it or not (the core
	 * counts temporaries lazily, kernel/core/ref.c); releasing it then
	 * destroys the server.
	 */
	for (int sleep = 0; sleep < 2; sleep++) {
		bss_ref_t l = load("victim");
		bss_ref_t p = bss_keep(l);
		bss_release(l);
		bss_ref_t t = bss_temp(p);
		probe_clear(PROBE);
		if (sleep)
			timer_sleep_us(TIMER, 1000);
		bss_release(p);
		bool alive = count("victim-dtor") == 0 && victim_ping(t) > 0;
		bss_release(t);
		check(c, sleep ? "temporary-keeps-server-across-block" : "temporary-keeps-server",
		      alive && count("victim-dtor") == 1,
		      "server died under a temporary, or did not die with it");
	}
}

static void test_refs(struct tc *c)
{
	bss_ref_t v = load("victim"), w = load("victim");
	struct bss_try t;
	volatile uint32_t id = 0;

	BSS_TRY(t)
	{
		victim_ping((bss_ref_t)0x123456789ull);
	}
	BSS_CATCH(t)
	{
		id = t.err.id;
	}
	check(c, "forged-handle-refused", id == BSS_E_BADREF, "forged handle accepted");

	/* Our handle to w means nothing inside v. */
	id = 0;
	BSS_TRY(t)
	{
		victim_ping_raw(v, w);
	}
	BSS_CATCH(t)
	{
		id = t.err.id;
	}
	check(c, "foreign-handle-refused", id == BSS_E_BADREF, "another server's handle accepted");

	id = 0;
	bss_ref_t k = bss_keep(w);
	bss_release(k);
	BSS_TRY(t)
	{
		victim_ping(k);
	}
	BSS_CATCH(t)
	{
		id = t.err.id;
	}
	check(c, "stale-permanent-refused", id == BSS_E_BADREF,
	      "released permanent reference usable");

	id = 0;
	BSS_TRY(t)
	{
		bss_release(BSS_REQ(0));
	}
	BSS_CATCH(t)
	{
		id = t.err.id;
	}
	check(c, "required-slot-fixed", id == BSS_E_INVAL && count("x") == 0,
	      "a required-service slot could be released");

	id = 0;
	BSS_TRY(t)
	{
		counter_get(v); /* v is a victim, not a counter */
	}
	BSS_CATCH(t)
	{
		id = t.err.id;
	}
	check(c, "wrong-service-refused", id == BSS_E_WRONGSVC,
	      "call to a server of another service");
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
	BSS_TRY(t)
	{
		bench_nop(k);
	}
	BSS_CATCH(t)
	{
		id = t.err.id;
	}
	check(c, "cached-call-released-handle-refused", id == BSS_E_BADREF,
	      "a released permanent reference still reached the leaf server");

	bss_ref_t v = load("leaf");
	bss_ref_t w = bss_weak(v, 0);
	bench_nop(w);
	bench_nop(w);
	bss_release(v);
	id = 0;
	BSS_TRY(t)
	{
		bench_nop(w);
	}
	BSS_CATCH(t)
	{
		id = t.err.id;
	}
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
	id = 0;
	BSS_TRY(t)
	{
		counter_add(n, 1);
	}
	BSS_CATCH(t)
	{
		id = t.err.id;
	}
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
	BSS_TRY(t)
	{
		bss_throw(BSS_E_USER + 9, EBADF, "own");
	}
	BSS_CATCH(t)
	{
		id = t.err.id;
	}
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
	BSS_TRY(t)
	{
		victim_call(nc, v2, 2);
	}
	BSS_CATCH(t)
	{
		id = t.err.id;
	}
	check(c, "callback-forbidden", id == BSS_E_CALLBACK, "callback into a no-callback server");
	check(c, "callback-allowed", victim_call(v, v2, 2) > 0, "callback refused by default");
}

static void test_weak(struct tc *c)
{
	bss_ref_t v = load("victim");
	bss_ref_t nt = bss_keep(bss_local(&notifier_desc, &c->wn));
	bss_ref_t wk = bss_weak(v, nt);
	bool usable = victim_ping(wk) > 0;
	probe_clear(PROBE);
	bss_release(v);
	struct bss_try t;
	volatile uint32_t id = 0;
	BSS_TRY(t)
	{
		victim_ping(wk);
	}
	BSS_CATCH(t)
	{
		id = t.err.id;
	}
	check(c, "weak-does-not-keep-alive", usable && count("victim-dtor") == 1,
	      "target of a weak reference was kept alive");
	check(c, "weak-invalid-after-death", id == BSS_E_DEAD, "weak reference usable after death");
	check(c, "weak-holder-notified", c->wn.calls == 1 && count("weak-dead") == 1,
	      "holder not told");
	bss_release(wk);
	bss_release(nt);
}

/*
 * BSS_REAP: objects come back once each, only after their last reference,
 * several in one call; bss_release_n gives up several references at once.
 */
static void test_reap(struct tc *c)
{
	void *objs[4];
	bss_ref_t a = bss_local(&reapee_desc, &c->reapees[0]);
	bss_ref_t bt = bss_local(&reapee_desc, &c->reapees[1]);
	bss_ref_t b = bss_keep(bt);
	bss_ref_t d = bss_local(&reapee_desc, &c->reapees[2]);
	uint32_t none = bss_reap(objs, 4);

	bss_release_n((bss_ref_t[]){bt, a, d}, 3); /* b is kept */
	weaknotify_dead(b, 0);			   /* still callable: reaping is not dying early */
	uint32_t n = bss_reap(objs, 4);
	bool both = n == 2 && objs[0] != objs[1] &&
		    (objs[0] == &c->reapees[0] || objs[0] == &c->reapees[2]) &&
		    (objs[1] == &c->reapees[0] || objs[1] == &c->reapees[2]);
	check(c, "reap-after-release-n", none == 0 && both,
	      "bss_reap did not hand back exactly the local servers bss_release_n released");
	check(c, "reap-once", bss_reap(objs, 4) == 0, "an object came back twice");
	bss_release(b);
	n = bss_reap(objs, 1);
	check(c, "reap-kept-until-released",
	      n == 1 && objs[0] == &c->reapees[1] && c->reapees[1].calls == 1,
	      "a kept local server came back early, or not after its release");
	struct bss_try t;
	volatile uint32_t id = 0;
	BSS_TRY(t)
	{
		bss_reap(objs, BSS_REAP_MAX + 1);
	}
	BSS_CATCH(t)
	{
		id = t.err.id;
	}
	check(c, "reap-bounded", id == BSS_E_INVAL, "bss_reap took more than BSS_REAP_MAX");
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
	test_memory(c);
	test_uncaught(c);
	bss_printf("t_core: %u failed\n", c->failed);
	return c->failed ? 1 : 0;
}
