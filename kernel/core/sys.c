/*
 * System calls: the reserved __bss_sys.<name> symbols a server file may
 * import, and their implementations on top of the core.
 */
#include "loader.h"
#include "space.h"
#include <bss/pktdesc.h>

static bss_ref_t sys_self(void)
{
	struct thread *t = cur_thread;

	return ref_new_temp(t, t->cur, t->cur);
}

static bss_ref_t sys_local(const struct bss_local_desc *d, void *obj)
{
	struct thread *t = cur_thread;
	struct server *o = t->cur;

	/* an image's descriptions never change: a driver's next frame uses the last one checked */
	if (likely(d == o->local_ok && d))
		return ref_new_temp(t, o, server_new_local(o, d, obj));
	if (!image_owns_local_desc(o, d))
		core_throw(BSS_E_INVAL, EINVAL,
			   "%s: %p is not one of its local server descriptions", server_name(o),
			   (const void *)d);
	o->local_ok = d;
	struct server *l = server_new_local(o, d, obj);
	return ref_new_temp(t, o, l);
}

/*
 * The objects of the caller's BSS_REAP local servers whose last reference
 * went since it last asked (server.c): one call for a batch, where a
 * destructor would have entered the server once per object.
 */
uint32_t sys_reap(uint64_t *objs, uint32_t max)
{
	if (max > BSS_REAP_MAX)
		core_throw(BSS_E_INVAL, EINVAL, "reap: at most %u objects a call, not %u",
			   BSS_REAP_MAX, max);
	return server_reap(cur_thread->cur, objs, max);
}

/*
 * n references given up in one call, the last first, as n releases would
 * (the first bad one throws; those after it are gone): for an isolated
 * caller one system call instead of n (the TCP server after a batch).
 * The last first: temporaries taken in order are cheapest released so.
 */
void sys_release_n(const bss_ref_t *refs, uint32_t n)
{
	if (n > BSS_RELEASE_MAX)
		core_throw(BSS_E_INVAL, EINVAL, "release_n: at most %u references a call, not %u",
			   BSS_RELEASE_MAX, n);
	while (n)
		ref_release(refs[--n]);
}

static int sys_same(bss_ref_t a, bss_ref_t b)
{
	return ref_resolve(a) == ref_resolve(b);
}

/*
 * May the caller use an address of r's server as it is (packet
 * descriptors, include/bss/pktdesc.h)? Yes in the runtime's space, which
 * reads every space, and where both run in one space; answered here, so
 * a consumer learns it without entering r's server. r 0 asks whether the
 * caller is in the runtime's space (then the answer is always yes).
 */
static int sys_near(bss_ref_t r)
{
	struct server *me = cur_thread->cur;

	if (!me->space || !r)
		return !me->space;
	struct server *s = ref_resolve(r);
	return s && s->owner && s->owner->space == me->space;
}

/*
 * Where the caller may read len bytes at addr of r's server without
 * entering it: addr itself where bss_near says yes; the pages the runtime
 * shared with the caller before (r's map() did, kernel/core/space.c) if
 * addr lies in r's space; else 0, and the caller calls map(). It never
 * maps anything: only map() shares new pages. A dead server's or a bad
 * reference is 0 too, not a throw: map() throws for it, so a caller needs
 * a try only around map() (a try is two system calls of an isolated one).
 */
static uint64_t sys_here(bss_ref_t r, uint64_t addr, uint64_t len)
{
	struct thread *t = cur_thread;
	struct server *me = t->cur;

	if (!me->space)
		return addr;
	struct server *s = !r		? NULL
			   : r & H_PERM ? ref_lookup_perm(me, r)
					: ref_lookup_temp(t, me, r);
	if (!s || !s->owner)
		return 0;
	if (s->owner->space == me->space)
		return addr;
	if (!s->owner->space || !len || !os_space_ok(s->owner->space, addr, len))
		return 0;
	return os_space_shared(me->space, addr, len);
}

/*
 * sys_here for a batch of packets by their descriptors (a layer's batch
 * from its queue: one system call of an isolated server instead of one
 * per packet). A descriptor that is not valid or points past its buffer
 * gets 0, as a dead or bad reference does: the caller then asks the
 * packet (map), which throws the precise error.
 */
uint32_t sys_here_n(const bss_ref_t *refs, const struct bss_pkt_desc *d, uint64_t *addrs,
		    uint32_t n)
{
	uint32_t found = 0;

	if (n > BSS_HERE_MAX)
		core_throw(BSS_E_INVAL, EINVAL, "here_n: at most %u packets a call, not %u",
			   BSS_HERE_MAX, n);
	for (uint32_t i = 0; i < n; i++) {
		/* read once: the caller's other threads may change them meanwhile */
		uint64_t addr = d[i].addr;
		uint32_t off = d[i].off, len = d[i].len, cap = d[i].cap;
		uint64_t a = 0;

		if (d[i].flags & PKT_DESC_VALID && off <= cap && len <= cap - off)
			a = sys_here(refs[i], addr, cap);
		addrs[i] = a;
		found += a != 0;
	}
	return found;
}

/*
 * sys_same for up to 64 pairs, a bit each (a driver's TX batch proving
 * each descriptor names the buffer it came with). Never throws for a bad
 * or dead reference: its bit stays clear, and the caller's map() of it
 * throws the precise error.
 */
uint64_t sys_same_n(const bss_ref_t *a, const bss_ref_t *b, uint32_t n)
{
	struct thread *t = cur_thread;
	struct server *me = t->cur;
	uint64_t bits = 0;

	if (n > BSS_SAME_MAX)
		core_throw(BSS_E_INVAL, EINVAL, "same_n: at most %u pairs a call, not %u",
			   BSS_SAME_MAX, n);
	for (uint32_t i = 0; i < n; i++) {
		struct server *x = a[i] ? ref_lookup(t, me, a[i]) : NULL;

		if (x && b[i] && ref_lookup(t, me, b[i]) == x)
			bits |= 1ull << i;
	}
	return bits;
}

static _Noreturn void sys_throw(uint32_t id, int32_t err, const char *msg)
{
	core_throw(id, err, "%s", msg ? msg : "");
}

static void sys_lock(void)
{
	struct thread *t = cur_thread;

	lock_commit(t);
	lock_take(t, t->cur);
}

static void sys_unlock(void)
{
	struct thread *t = cur_thread;
	struct server *s = t->cur;

	lock_commit(t);
	if (s->lock_holder != t)
		core_throw(BSS_E_INVAL, EPERM, "%s: unlock without holding the lock",
			   server_name(s));
	lock_release(t, s);
}

/*
 * A condition on the server's own lock: wait releases the lock (all nested
 * levels) and blocks until another thread in the same server wakes the key;
 * the lock is retaken before returning.
 */
/* A crash ends the wait (crash.c): off the server's waiters, throw when resumed. */
static void unwait_cond(struct thread *t)
{
	for (struct thread **pp = &t->wait_srv->cond_waiters; *pp; pp = &(*pp)->next)
		if (*pp == t) {
			*pp = t->next;
			return;
		}
}

static void sys_wait(uint64_t key)
{
	struct thread *t = cur_thread;
	struct server *s = t->cur;
	uint32_t depth = 0;

	lock_commit(t);
	thread_may_block();
	core_cancel_point(t);
	t->wait_key = key;
	t->wait_srv = s;
	t->unwait = unwait_cond;
	t->next = s->cond_waiters;
	s->cond_waiters = t;
	if (s->lock_holder == t) {
		depth = s->lock_depth;
		s->lock_depth = 1;
		lock_release(t, s);
	}
	thread_block();
	t->unwait = NULL;
	/* a cancelled thread retakes a live server's lock: the unwinding gives it back */
	if (depth && !(t->cancel && s->crashed)) {
		lock_take(t, s);
		s->lock_depth = depth;
	}
	core_cancel_point(t);
}

/* Wake up to n threads (0: all) waiting on key in this server, oldest first. */
static uint32_t sys_wake(uint64_t key, uint32_t n)
{
	struct server *s = cur_thread->cur;
	struct thread *match[64];
	uint32_t found = 0;

	/* the list is newest first: collect, then wake from the end */
	for (struct thread **pp = &s->cond_waiters; *pp;) {
		struct thread *w = *pp;
		if (w->wait_key == key && found < 64) {
			*pp = w->next;
			match[found++] = w;
		} else {
			pp = &w->next;
		}
	}
	uint32_t woken = 0;
	while (found) {
		struct thread *w = match[--found];
		if (n && woken == n) {
			/* put back the ones not woken */
			w->next = s->cond_waiters;
			s->cond_waiters = w;
			continue;
		}
		thread_make_runnable(w);
		woken++;
	}
	return woken;
}

static void sys_debug(const char *text, uint32_t len)
{
	os_debug_write(text, len);
}

/* A failed assertion: the server crashes (crash.c), its caller gets BSS_E_FAULT. */
static _Noreturn void sys_abort(const char *msg)
{
	core_crash_throw(BSS_E_FAULT, ENOTRECOVERABLE, "assertion failed in %s: %s",
			 server_name(cur_thread->cur), msg ? msg : "");
}

/*
 * The inverse of keep: a permanent reference becomes a temporary of the
 * running call, or 0 if its server died (crash.c); the permanent one is
 * released either way. What a queue needs to hand out what it holds and
 * drop what is dead, in one call.
 */
static bss_ref_t sys_unkeep(bss_ref_t h)
{
	struct thread *t = cur_thread;
	struct server *holder = t->cur;

	if (!(h & H_PERM))
		core_throw(BSS_E_INVAL, EINVAL, "unkeep: 0x%lx is not a permanent reference",
			   (unsigned long)h);
	return ref_unkeep(t, holder, h);
}

/*
 * A temporary becomes a permanent reference: bss_keep then bss_release of
 * it, one system call for an isolated caller instead of two (a driver
 * holding a TX buffer past its transmit, once per frame sent). Only a
 * temporary: a required slot's release would throw after the keep.
 */
static bss_ref_t sys_keep_temp(bss_ref_t h)
{
	if (h & H_PERM)
		core_throw(BSS_E_INVAL, EINVAL, "keep_temp: 0x%lx is not a temporary reference",
			   (unsigned long)h);
	bss_ref_t r = ref_keep(h);

	ref_release(h);
	return r;
}

/*
 * n keeps in one call (a queue taking a batch: for an isolated queue one
 * system call instead of n). It stops, and says where, before anything
 * that would throw or grow the table: a throw part way would leave the
 * caller permanent references it never learned of.
 */
uint32_t sys_keep_n(const bss_ref_t *in, bss_ref_t *out, uint32_t n)
{
	struct thread *t = cur_thread;
	struct server *holder = t->cur;

	if (n > BSS_KEEP_MAX)
		core_throw(BSS_E_INVAL, EINVAL, "keep_n: at most %u references a call, not %u",
			   BSS_KEEP_MAX, n);
	for (uint32_t i = 0; i < n; i++) {
		struct server *s = in[i] ? ref_lookup(t, holder, in[i]) : NULL;

		if (!s || (!holder->perm_free && holder->nperm == holder->perm_cap))
			return i;
		out[i] = ref_new_perm(holder, s);
	}
	return n;
}

/* n unkeeps in one call, stopping as keep_n does before a throw or a table to grow. */
uint32_t sys_unkeep_n(const bss_ref_t *in, bss_ref_t *out, uint32_t n)
{
	struct thread *t = cur_thread;
	struct server *holder = t->cur;

	if (n > BSS_KEEP_MAX)
		core_throw(BSS_E_INVAL, EINVAL, "unkeep_n: at most %u references a call, not %u",
			   BSS_KEEP_MAX, n);
	for (uint32_t i = 0; i < n; i++) {
		bss_ref_t h = in[i];
		uint32_t idx = H_PERM_IDX(h);

		if (!(h & H_PERM) || idx >= holder->nperm || !holder->perm[idx].used ||
		    holder->perm[idx].gen != H_PERM_GEN(h) || t->ntemps == t->temps_cap)
			return i;
		out[i] = ref_unkeep(t, holder, h);
	}
	return n;
}

static const struct {
	const char *name;
	void *fn;
} sys_table[] = {
	{"keep", (void *)ref_keep},	      {"temp", (void *)ref_temp},
	{"release", (void *)ref_release},     {"weak", (void *)ref_weak},
	{"self", (void *)sys_self},	      {"local", (void *)sys_local},
	{"same", (void *)sys_same},	      {"throw", (void *)sys_throw},
	{"try", (void *)bss_sys_try},	      {"untry", (void *)core_try_pop},
	{"lock", (void *)sys_lock},	      {"unlock", (void *)sys_unlock},
	{"debug", (void *)sys_debug},	      {"wait", (void *)sys_wait},
	{"wake", (void *)sys_wake},	      {"abort", (void *)sys_abort},
	{"unkeep", (void *)sys_unkeep},	      {"fault", (void *)core_inject_probe},
	{"near", (void *)sys_near},	      {"here", (void *)sys_here},
	{"reap", (void *)sys_reap},	      {"release_n", (void *)sys_release_n},
	{"keep_n", (void *)sys_keep_n},	      {"unkeep_n", (void *)sys_unkeep_n},
	{"keep_temp", (void *)sys_keep_temp}, {"here_n", (void *)sys_here_n},
	{"same_n", (void *)sys_same_n},
};

void *sys_lookup(const char *name)
{
	for (unsigned i = 0; i < sizeof(sys_table) / sizeof(sys_table[0]); i++) {
		const char *a = sys_table[i].name, *b = name;
		while (*a && *a == *b)
			a++, b++;
		if (!*a && !*b)
			return sys_table[i].fn;
	}
	return NULL;
}

const char *sys_name(const void *fn)
{
	for (unsigned i = 0; i < sizeof(sys_table) / sizeof(sys_table[0]); i++)
		if (sys_table[i].fn == fn)
			return sys_table[i].name;
	return NULL;
}

const struct bss_svc_def *svc_lookup(uint32_t id)
{
	unsigned lo = 0, hi = bss_svc_registry_len;

	while (lo < hi) {
		unsigned mid = (lo + hi) / 2;
		if (bss_svc_registry[mid].id == id)
			return &bss_svc_registry[mid];
		if (bss_svc_registry[mid].id < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}
