/*
 * t_core's checks of references: temporaries and their reuse, lifetimes,
 * permanent references, weak references and reaped local servers.
 */
#include "t_core.h"
#include <bss/pktdesc.h>

void wn_dead(struct notifier *n, uint64_t weak)
{
	(void)weak;
	n->calls++;
	probe_note(PROBE, "weak-dead", 9);
}
BSS_LOCAL_SERVER(notifier_desc, WEAKNOTIFY, struct notifier, wn);
/* no destructor: a dead one's object comes back through bss_reap */
BSS_LOCAL_SERVER(reapee_desc, WEAKNOTIFY, struct notifier, wn, .attrs = BSS_INHERIT | BSS_REAP);

void test_temporaries(struct tc *c)
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
	TRY_ID(t, id, victim_call(v, w, 4));
	check(c, "temporary-released-on-error", id == BSS_E_USER + 4 && count("local-dtor:8") == 1,
	      "temporary of a call left by an error still alive");

	bss_ref_t l9 = victim_make_local(w, 9);
	TRY_ID(t, id, victim_pass_and_fail(v, l9));
	bool alive = count("local-dtor:9") == 0;
	bss_release(l9);
	check(c, "argument-reference-released-on-error", alive && count("local-dtor:9") == 1,
	      "callee's copy of the reference outlived the error or ours died with it");

	TRY_ID(t, id, victim_ping(l9));
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

void test_temp_reuse(struct tc *c)
{
	bss_ref_t v = load("victim");

	reuse_check(c, "temporaries-released-out-of-order-reused", temp_rounds, v,
		    "the last temporary no longer reached its server");
	reuse_check(c, "batch-temporaries-reused", batch_rounds, v,
		    "a batch came back short, or a held reference changed its server");
}

void test_lifetime(struct tc *c)
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

void test_refs(struct tc *c)
{
	bss_ref_t v = load("victim"), w = load("victim");
	struct bss_try t;
	volatile uint32_t id = 0;

	TRY_ID(t, id, victim_ping((bss_ref_t)0x123456789ull));
	check(c, "forged-handle-refused", id == BSS_E_BADREF, "forged handle accepted");

	/* Our handle to w means nothing inside v. */
	TRY_ID(t, id, victim_ping_raw(v, w));
	check(c, "foreign-handle-refused", id == BSS_E_BADREF, "another server's handle accepted");

	id = 0;
	bss_ref_t k = bss_keep(w);
	bss_release(k);
	TRY_ID(t, id, victim_ping(k));
	check(c, "stale-permanent-refused", id == BSS_E_BADREF,
	      "released permanent reference usable");

	TRY_ID(t, id, bss_release(BSS_REQ(0)));
	check(c, "required-slot-fixed", id == BSS_E_INVAL && count("x") == 0,
	      "a required-service slot could be released");

	TRY_ID(t, id, counter_get(v)); /* v is a victim, not a counter */
	check(c, "wrong-service-refused", id == BSS_E_WRONGSVC,
	      "call to a server of another service");
}

void test_weak(struct tc *c)
{
	bss_ref_t v = load("victim");
	bss_ref_t nt = bss_keep(bss_local(&notifier_desc, &c->wn));
	bss_ref_t wk = bss_weak(v, nt);
	bool usable = victim_ping(wk) > 0;
	probe_clear(PROBE);
	bss_release(v);
	struct bss_try t;
	volatile uint32_t id = 0;
	TRY_ID(t, id, victim_ping(wk));
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
void test_reap(struct tc *c)
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
	TRY_ID(t, id, bss_reap(objs, BSS_REAP_MAX + 1));
	check(c, "reap-bounded", id == BSS_E_INVAL, "bss_reap took more than BSS_REAP_MAX");
	/* right after a good description (sys_local remembers the last one checked) */
	static struct bss_local_desc copy;
	copy = reapee_desc;
	TRY_ID(t, id, bss_local(&copy, &c->reapees[0]));
	uint32_t id_copy = id;
	TRY_ID(t, id, bss_local(NULL, &c->reapees[0]));
	check(c, "local-desc-of-the-image", id_copy == BSS_E_INVAL && id == BSS_E_INVAL,
	      "bss_local took a description that is not one of the server's own");
}

/* The error op throws: 0 bss_keep_n, 1 bss_unkeep_n of n, 2 bss_release, 3 bss_keep_temp of *in. */
static uint32_t ref_error(int op, const bss_ref_t *in, bss_ref_t *out, uint32_t n)
{
	struct bss_try t;
	volatile uint32_t id = 0;

	BSS_TRY(t)
	{
		if (op == 0)
			bss_keep_n(in, out, n);
		else if (op == 1)
			bss_unkeep_n(in, out, n);
		else if (op == 2)
			bss_release(*in);
		else
			bss_keep_temp(*in);
	}
	BSS_CATCH(t)
	{
		id = t.err.id;
	}
	return id;
}

/*
 * bss_keep_n and bss_unkeep_n: as many keeps or unkeeps, stopping before
 * the first reference they would not take (0, bad, not permanent), so
 * that the caller's own call throws the error. bss_keep_temp: a keep and
 * the temporary's release in one.
 */
void test_keep_n(struct tc *c)
{
	bss_ref_t v = load("victim"), w = load("victim"), gone = load("victim");
	bss_release(gone);
	bss_ref_t in[5] = {v, w, gone, v, 0}, out[5] = {0, 0, 0, 0, 0};

	uint32_t kept = bss_keep_n(in, out, 5);
	check(c, "keep-n-stops-at-bad",
	      kept == 2 && out[0] && out[0] != v && out[1] && out[1] != w && !out[2] &&
		      bss_same(out[0], v) && bss_same(out[1], w),
	      "bss_keep_n kept past a released reference, or not the references given");
	check(c, "keep-n-stops-at-zero", bss_keep_n((bss_ref_t[]){w, 0, v}, &out[2], 3) == 1,
	      "bss_keep_n did not stop at a null reference");
	bss_ref_t back[3] = {0, 0, 0}, perms[3] = {out[0], out[1], v};
	uint32_t unkept = bss_unkeep_n(perms, back, 3);
	bool ok = unkept == 2 && back[0] && back[0] != out[0] && bss_same(back[0], v) &&
		  bss_same(back[1], w) && !back[2];
	check(c, "unkeep-n-stops-at-temporary", ok,
	      "bss_unkeep_n did not give temporaries for the permanent references only");
	check(c, "unkeep-n-releases", ref_error(2, &out[0], NULL, 0) == BSS_E_BADREF,
	      "a permanent reference bss_unkeep_n took is still usable");
	bss_release(out[2]);
	bss_ref_t big[BSS_KEEP_MAX + 1] = {0};
	check(c, "keep-n-bounded",
	      ref_error(0, big, big, BSS_KEEP_MAX + 1) == BSS_E_INVAL &&
		      ref_error(1, big, big, BSS_KEEP_MAX + 1) == BSS_E_INVAL,
	      "bss_keep_n or bss_unkeep_n took more than BSS_KEEP_MAX");

	bss_ref_t vt = bss_temp(v), vp = bss_keep_temp(vt);
	check(c, "keep-temp",
	      vp && vp != vt && bss_same(vp, v) && ref_error(2, &vt, NULL, 0) == BSS_E_BADREF,
	      "bss_keep_temp did not make a permanent reference and give up the temporary");
	check(c, "keep-temp-refuses-permanent", ref_error(3, &vp, NULL, 0) == BSS_E_INVAL,
	      "bss_keep_temp took a permanent reference");
	bss_release(vp);
	bss_release(v);
	bss_release(w);
}

/*
 * bss_here_n: bss_here for a batch of packets by their descriptors, 0
 * where a descriptor is not valid or points past its buffer (then map()
 * is the caller's way). In the runtime's space every valid address is
 * valid as it is. bss_same_n: a bit per pair naming the same server, a
 * bad or released reference's bit clear, not a throw.
 */
void test_here_n(struct tc *c)
{
	bss_ref_t v = load("victim"), w = load("victim"), gone = load("victim");
	bss_release(gone);
	bss_ref_t refs[3] = {v, w, v};
	struct bss_pkt_desc d[3] = {
		{.addr = 0x1000, .off = 2, .len = 10, .cap = 64, .flags = PKT_DESC_VALID},
		{.addr = 0x2000, .len = 10, .cap = 64},
		{.addr = 0x3000, .off = 60, .len = 10, .cap = 64, .flags = PKT_DESC_VALID},
	};
	uint64_t a[3] = {1, 1, 1};
	uint32_t found = bss_here_n(refs, d, a, 3);

	if (bss_near(0))
		check(c, "here-n-answers-per-descriptor",
		      found == 1 && a[0] == 0x1000 && a[1] == 0 && a[2] == 0,
		      "bss_here_n did not answer the valid descriptor's address alone");
	else
		check(c, "here-n-nothing-shared", found == 0 && !a[0] && !a[1] && !a[2],
		      "bss_here_n answered for pages never shared here");
	struct bss_try t;
	volatile uint32_t id;
	static bss_ref_t many[BSS_HERE_MAX + 1];
	static struct bss_pkt_desc manyd[BSS_HERE_MAX + 1];
	static uint64_t manya[BSS_HERE_MAX + 1];
	TRY_ID(t, id, bss_here_n(many, manyd, manya, BSS_HERE_MAX + 1));
	check(c, "here-n-bounded", id == BSS_E_INVAL, "bss_here_n took more than BSS_HERE_MAX");

	bss_ref_t x[5] = {v, v, w, gone, 0}, y[5] = {v, w, w, gone, v};
	uint64_t same = bss_same_n(x, y, 5);
	check(c, "same-n-bits", same == 0x5,
	      "bss_same_n did not set exactly the bits of the pairs naming one live server");
	TRY_ID(t, id, bss_same_n(many, many, BSS_SAME_MAX + 1));
	check(c, "same-n-bounded", id == BSS_E_INVAL, "bss_same_n took more than BSS_SAME_MAX");
	bss_release(v);
	bss_release(w);
}
