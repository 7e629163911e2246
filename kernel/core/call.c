/*
 * The service call path (thesis 3.3.2, 4.1.1): the calling thread migrates
 * into the callee. Every call pushes a frame that records what the return
 * (or an error unwinding through it) must undo: the callee's temporary
 * references, the callee's lock, the caller's dropped lock, and the hold that
 * keeps the callee alive while a thread is inside it.
 */
#include "space.h"

typedef uint64_t (*svc_fn4)(void *, uint64_t, uint64_t, uint64_t, uint64_t);

/*
 * The two entry paths of every call (bss_call_entry here, bss_call_cached
 * in kernel/arch/x86_64/callpath.S) and call_slow share a page of their own
 * in the bare-metal kernel (kernel.ld): QEMU's TCG cannot chain into a
 * block that starts with an instruction crossing a page boundary, and one
 * such instruction in bss_call_entry cost every call a trip through QEMU's
 * block lookup (bench-net guest->host about 8% slower). Together they fit
 * in 4 KiB (kernel.ld asserts it).
 */
#define CALL_PATH __attribute__((section(".text.callpath")))

/*
 * The caller's side of a call: an automatically locked caller is unlocked
 * at each outgoing call, except to atomic services. Lazily (F_LAZY) when
 * its own frame holds it lazily, or holds it really with nobody waiting
 * (it becomes lazy); else really, handing the lock to a waiter.
 */
static inline uint8_t drop_caller(struct thread *t, struct server *caller, bool atomic)
{
	struct frame *cf = t->frames;

	if (caller->mode != BSS_AUTOLOCK || atomic)
		return F_NONE;
	if (cf && cf->callee == caller && cf->locked == F_LAZY)
		return F_LAZY;
	if (caller->lock_holder != t || caller->lock_depth != 1)
		return F_NONE;
	if (likely(!caller->lock_waiters)) {
		caller->lock_holder = NULL;
		caller->lock_depth = 0;
		if (cf && cf->callee == caller && cf->locked == F_REAL) {
			cf->locked = F_LAZY;
			return F_LAZY;
		}
	} else {
		lock_release(t, caller);
	}
	return F_REAL;
}

/* Run a service function of s: here, or in its address space when it is isolated. */
static inline uint64_t invoke(struct server *s, bss_fn_t fn, const struct callsig *sig,
			      uint64_t a[4])
{
	if (unlikely(s->owner->space))
		return os_space_call(s->owner, fn, s->self, sig, a);
	return ((svc_fn4)fn)(s->self, a[0], a[1], a[2], a[3]);
}

uint64_t call_invoke(struct server *s, bss_fn_t fn, void *self, uint64_t a0)
{
	uint64_t a[4] = {a0, 0, 0, 0};

	if (unlikely(s->owner->space))
		return os_space_call(s->owner, fn, self, NULL, a);
	return ((svc_fn4)fn)(self, a[0], 0, 0, 0);
}

static inline void frame_enter(struct thread *t, struct frame *f, struct server *callee,
			       bool atomic)
{
	struct server *caller = t->cur;

	f->prev = t->frames;
	f->caller = caller;
	f->callee = callee;
	f->temps = t->ntemps; /* temp_top, no free slot */
	/* the hold is counted only if a commit needs it (ref.c) */
	f->state = frame_state(t->ntries, drop_caller(t, caller, atomic), F_NONE, 0);
	t->frames = f;
	t->cur = callee;
	if (callee->mode != BSS_THREADSAFE) {
		if (likely(callee->lazylock && !callee->lock_holder)) {
			f->locked = F_LAZY;
		} else if (likely(!callee->lock_holder && !callee->no_callbacks)) {
			callee->lock_holder = t;
			callee->lock_depth = 1;
			f->locked = F_REAL;
		} else {
			lock_acquire(t, callee);
			f->locked = F_REAL;
		}
	}
}

/* Try blocks the callee left without bss_try_leave are dead now. */
static inline bool tries_left_open(struct thread *t, struct frame *f)
{
	return t->ntries && t->tries[t->ntries - 1].frame == f;
}

static inline void frame_leave(struct thread *t, struct frame *f)
{
	struct server *callee = f->callee;

	while (unlikely(tries_left_open(t, f)))
		t->ntries--;
	if (unlikely(t->ntemps > f->temp_top))
		ref_release_temps(t, f->temp_top);
	/* read after the releases: destructors they ran may have committed the frame's locks */
	if (f->locked == F_REAL) {
		if (likely(callee->lock_depth == 1 && !callee->lock_waiters)) {
			callee->lock_holder = NULL;
			callee->lock_depth = 0;
		} else {
			lock_release(t, callee);
		}
	}
	t->cur = f->caller;
	t->frames = f->prev;
	frame_unhold(f);
	if (f->relock == F_REAL)
		lock_take(t, f->caller);
	/*
	 * A cancelled thread never returns into a crashed server's code
	 * (crash.c); one that unwinds past it (a destructor run by the
	 * release of its temporaries) does not return there anyway.
	 */
	if (unlikely(t->cancel) && f->caller->crashed && !t->unwinding)
		core_cancel_point(t);
}

void call_frame_enter(struct thread *t, struct frame *f, struct server *callee, bool atomic)
{
	frame_enter(t, f, callee, atomic);
}

void call_frame_leave(struct thread *t, struct frame *f)
{
	frame_leave(t, f);
}

static _Noreturn void wrong_service(struct server *s, const struct import *imp)
{
	const struct bss_svc_def *want = svc_lookup(imp->svc_id);
	const struct bss_svc_def *have = svc_lookup(s->svc_id);

	core_throw(BSS_E_WRONGSVC, EINVAL, "%s implements service %s (0x%08x), not %s (0x%08x)",
		   server_name(s), have ? have->name : "?", s->svc_id, want ? want->name : "?",
		   imp->svc_id);
}

static uint64_t count_arg(const struct callsig *sig, const uint64_t *a, unsigned i)
{
	unsigned z = sig->size_arg[i];

	return sig->kind[z] == K_W ? (uint32_t)a[z] : a[z];
}

static void check_svc(struct server *s, uint32_t want, unsigned i)
{
	if (want && s->svc_id != want)
		core_throw(BSS_E_WRONGSVC, EINVAL,
			   "argument %u: %s does not implement service 0x%08x", i, server_name(s),
			   want);
}

/*
 * Calls whose signature has references, reference arrays or out-buffers, in
 * phases, as seL4 keeps decoding apart from invoking: decode_args checks
 * every argument and resolves the caller's references (nothing has changed
 * when it throws); pass_args gives them to the callee as its temporaries;
 * the call; take_results moves returned references out of the callee's
 * frame before it ends; give_results hands them to the caller. Reference
 * arrays go through arrays on this stack (at most two per call).
 */
struct slow_args {
	struct server *ref[4]; /* reference arguments, resolved (NULL: none) */
	uintptr_t *arr[4];     /* reference arrays: servers, then the callee's handles */
	uint64_t cnt[4];       /* their lengths */
	uint64_t orig[4];      /* the caller's argument values */
	uintptr_t arrays[2][BSS_MAX_REF_ARRAY];
};

/* not inlined: call_slow shares the call path's one page (CALL_PATH above) */
static __attribute__((noinline)) void decode_refs(struct thread *t, struct server *caller,
						  const struct callsig *sig, const uint64_t *a,
						  unsigned i, struct slow_args *x,
						  unsigned *narrays)
{
	uint64_t n = count_arg(sig, a, i);

	if (n > BSS_MAX_REF_ARRAY || *narrays == 2)
		core_throw(BSS_E_LIMIT, E2BIG, "argument %u: more than %d references or two arrays",
			   i, BSS_MAX_REF_ARRAY);
	if (n && !a[i])
		core_throw(BSS_E_INVAL, EFAULT, "argument %u: null reference array", i);
	x->arr[i] = x->arrays[(*narrays)++];
	x->cnt[i] = n;
	/* a filled out-array's entries past the return are never read (check_filled) */
	if (sig->fill[i])
		return;
	if (sig->kind[i] != K_REFS_IN) {
		__builtin_memset(x->arr[i], 0, n * sizeof(x->arr[i][0]));
		return;
	}
	/* a batch of packets: each looked up inline, ref_resolve_in only to throw */
	const bss_ref_t *src = (const bss_ref_t *)(uintptr_t)a[i];
	uint32_t want = sig->ref_svc[i];
	for (uint64_t k = 0; k < n; k++) {
		struct server *e = NULL;
		if (src[k]) {
			if (unlikely(!(e = ref_lookup(t, caller, src[k]))))
				e = ref_resolve_in(t, caller, src[k]);
			if (unlikely(want && e->svc_id != want))
				check_svc(e, want, i);
		}
		x->arr[i][k] = (uintptr_t)e;
	}
}

static void decode_args(struct thread *t, struct server *caller, const struct callsig *sig,
			const uint64_t *a, struct slow_args *x)
{
	unsigned narrays = 0;

	__builtin_memcpy(x->orig, a, sizeof(x->orig));
	/* only the arguments with work (sig.work): a queue's put_batch_desc has one of four */
	for (unsigned m = sig->work; m; m &= m - 1) {
		unsigned i = (unsigned)__builtin_ctz(m);
		switch (sig->kind[i]) {
		case K_REF:
			if (a[i]) {
				x->ref[i] = ref_resolve_in(t, caller, a[i]);
				check_svc(x->ref[i], sig->ref_svc[i], i);
			}
			break;
		case K_OUT: {
			uint64_t n = count_arg(sig, a, i);
			if (n && !a[i])
				core_throw(BSS_E_INVAL, EFAULT, "argument %u: null out-buffer", i);
			/*
			 * The callee writes into the caller's buffer: it must never see (or leave)
			 * stale bytes. A filled one is the caller's own bytes past the return: in
			 * one address space the callee could read them anyway, and an isolated
			 * callee gets a zeroed copy (os_space_call).
			 */
			if (n && !sig->fill[i])
				__builtin_memset((void *)(uintptr_t)a[i], 0, n);
			break;
		}
		case K_REFS_IN:
		case K_REFS_OUT:
			decode_refs(t, caller, sig, a, i, x, &narrays);
			break;
		}
	}
}

/* References in arguments arrive as temporaries of the callee. */
static void pass_args(struct thread *t, struct server *callee, const struct callsig *sig,
		      uint64_t *a, struct slow_args *x)
{
	for (unsigned m = sig->work; m; m &= m - 1) {
		unsigned i = (unsigned)__builtin_ctz(m);
		if (x->ref[i])
			a[i] = ref_new_temp(t, callee, x->ref[i]);
		if (!x->arr[i])
			continue;
		/* an out-array's entries are the callee's (a filled one's are not even zero) */
		if (sig->kind[i] == K_REFS_IN)
			ref_new_temps(t, callee, x->arr[i], x->cnt[i]);
		a[i] = (uintptr_t)x->arr[i];
	}
}

/*
 * The return value of a function with filled out-buffers is their length
 * (in units of fill[i]): more than fits is the callee's error, thrown to the
 * caller after the callee's frame is gone, before any result moves. A
 * filled out-array hands back only that many references.
 */
/* not inlined: call_slow shares the call path's one page (CALL_PATH above) */
static __attribute__((noinline)) void check_filled(struct thread *t, struct frame *f,
						   const struct import *imp, uint64_t r,
						   struct slow_args *x)
{
	const struct callsig *sig = &imp->sig;
	uint64_t v = sig->ret == K_W ? (uint32_t)r : r;

	for (unsigned i = 0; i < sig->nargs; i++) {
		if (!sig->fill[i])
			continue;
		uint64_t room = count_arg(sig, x->orig, i) / sig->fill[i];
		if (likely(v <= room)) {
			if (x->arr[i])
				x->cnt[i] = v;
			continue;
		}
		frame_leave(t, f);
		const struct bss_svc_def *d = svc_lookup(imp->svc_id);
		core_throw(BSS_E_INVAL, ERANGE,
			   "%s.%s returned %lu, more than the %lu that fit its argument %u",
			   d ? d->name : "?", d && imp->fn < d->nfuncs ? d->fnames[imp->fn] : "?",
			   (unsigned long)v, (unsigned long)room, i);
	}
}

/*
 * The count of a callee's result for its caller (what server_get(s, NULL)
 * gives). A counted temporary of the returning call (above top: a queue's
 * bss_unkeep made it) hands its count over instead: it stays valid but
 * uncounted, so the frame's end drops nothing for it (ref.c's lazy counts:
 * a commit counts it again only above the mark, and its release then drops
 * that count), and the count lives on in the caller's temporary.
 */
static inline void result_count(struct thread *t, uint32_t top, bss_ref_t h, struct server *s)
{
	uint32_t idx = H_TEMP_IDX(h);
	uint8_t inner;

	if (!(h & H_PERM) && idx >= top && t->temps[idx].inner == 0)
		t->temps[idx].inner = TEMP_UNCOUNTED;
	else
		server_get(s, NULL, &inner);
}

/*
 * Results leave the callee's frame held: the returned reference (returned),
 * and out-arrays. Not inlined: call_slow shares the call path's one page
 * (CALL_PATH above).
 */
static __attribute__((noinline)) struct server *take_results(struct thread *t, struct frame *f,
							     const struct callsig *sig, uint64_t r,
							     struct slow_args *x)
{
	struct server *rs = NULL, *callee = f->callee;
	uint32_t top = f->temp_top;

	if (sig->ret == K_REF && r) {
		rs = ref_resolve_in(t, callee, r);
		if (sig->ret_svc && rs->svc_id != sig->ret_svc)
			core_throw(BSS_E_WRONGSVC, EINVAL,
				   "returned reference to %s does not implement service 0x%08x",
				   server_name(rs), sig->ret_svc);
		result_count(t, top, r, rs);
	}
	for (unsigned i = 0; i < sig->nargs; i++) {
		if (sig->kind[i] != K_REFS_OUT)
			continue;
		for (uint64_t k = 0; k < x->cnt[i]; k++) {
			bss_ref_t h = x->arr[i][k];
			struct server *e = NULL;
			if (h) {
				/* the lookup's refusals: ref_resolve_in throws them */
				if (!(e = ref_lookup(t, callee, h)))
					e = ref_resolve_in(t, callee, h);
				check_svc(e, sig->ref_svc[i], i);
				result_count(t, top, h, e);
			}
			x->arr[i][k] = (uintptr_t)e;
		}
	}
	return rs;
}

/* ... and enter the caller's function as temporaries; the value call_slow returns. */
static uint64_t give_results(struct thread *t, struct server *caller, const struct callsig *sig,
			     uint64_t r, struct server *rs, struct slow_args *x)
{
	for (unsigned i = 0; i < sig->nargs; i++) {
		if (sig->kind[i] != K_REFS_OUT)
			continue;
		bss_ref_t *dst = (bss_ref_t *)(uintptr_t)x->orig[i];
		for (uint64_t k = 0; k < x->cnt[i]; k++) {
			struct server *e = (struct server *)x->arr[i][k];
			/* take_results' count moves to the temporary (ref.c) */
			dst[k] = e ? ref_new_temp_from_count(t, caller, e) : 0;
		}
	}
	if (!rs)
		return r;
	return ref_new_temp_from_count(t, caller, rs);
}

CALL_PATH static uint64_t call_slow(struct thread *t, struct server *s, const struct import *imp,
				    uint64_t a[4])
{
	const struct callsig *sig = &imp->sig;
	struct server *caller = t->cur, *callee = s->owner;
	struct slow_args x;
	struct frame f;

	/* cnt and orig are written before they are read (for arrays and arguments there are) */
	__builtin_memset(&x, 0, __builtin_offsetof(struct slow_args, cnt));
	decode_args(t, caller, sig, a, &x);
	frame_enter(t, &f, callee, imp->atomic);
	pass_args(t, callee, sig, a, &x);
	uint64_t r = invoke(s, s->funcs[imp->fn], sig, a);
	if (sig->filled)
		check_filled(t, &f, imp, r, &x);
	/* put_batch, stream.read: nothing to move, no loop over the arguments for it */
	if (!sig->results) {
		frame_leave(t, &f);
		return r;
	}
	struct server *rs = take_results(t, &f, sig, r, &x);
	frame_leave(t, &f);
	return give_results(t, caller, sig, r, rs, &x);
}

/*
 * Can this call site's stub cache target s (call through handle h)? Only
 * through a strong permanent reference: its target cannot change or die
 * until the holder releases it, which empties the cache (ref.c). Filling
 * rewrites code (on x86 a pipeline flush, under QEMU a retranslation), so a
 * stub that has been filled STUB_REFILLS times stays as it is: a call site
 * that alternates between targets would otherwise rewrite it at every call.
 */
#define STUB_REFILLS 8

static inline bool cacheable(struct thread *t, bss_ref_t h, const struct import *imp)
{
	return (h & H_PERM) && imp->stub && !t->cur->perm[H_PERM_IDX(h)].weak &&
	       imp->fills < STUB_REFILLS;
}

/*
 * A call into a leaf server (the loader saw no service or system call in
 * it): it can neither obtain references, nor throw, nor block; so no other
 * thread can run while it does, its lock is always free and keeping the
 * caller's lock is unobservable. The call needs no bookkeeping at all, and
 * the stub's cache binds the call site directly to the function.
 * Kernel register windows are leaves too (ksrv_leaf_object): they throw
 * only before touching anything, which unwinds as if the caller had thrown.
 */
static inline uint64_t call_leaf(struct thread *t, struct server *s, bss_ref_t h,
				 const struct import *imp, uint64_t a1, uint64_t a2, uint64_t a3,
				 uint64_t a4)
{
	if (cacheable(t, h, imp)) {
		image_cache_call((struct import *)imp, h, s->self, s->funcs[imp->fn]);
		t->cur->perm[H_PERM_IDX(h)].cached = 1;
	}
	return ((svc_fn4)s->funcs[imp->fn])(s->self, a1, a2, a3, a4);
}

/*
 * Any call but the common case of bss_call_entry or bss_call_cached; the
 * same checks, in full.
 */
__attribute__((noinline)) uint64_t bss_call_general(uint64_t h, uint64_t a1, uint64_t a2,
						    uint64_t a3, uint64_t a4,
						    const struct import *imp)
{
	struct thread *t = cur_thread;
	struct server *s = ref_resolve_in(t, t->cur, h);
	struct frame f;

	if (unlikely(s->svc_id != imp->svc_id))
		wrong_service(s, imp);
	if (s->leaf && imp->sig.simple)
		return call_leaf(t, s, h, imp, a1, a2, a3, a4);
	if (unlikely(imp->slow)) {
		uint64_t a[4] = {a1, a2, a3, a4};
		return call_slow(t, s, imp, a);
	}
	frame_enter(t, &f, s->owner, imp->atomic);
	uint64_t r;
	if (likely(!s->owner->space)) {
		r = ((svc_fn4)s->funcs[imp->fn])(s->self, a1, a2, a3, a4);
	} else {
		uint64_t a[4] = {a1, a2, a3, a4};
		r = os_space_call(s->owner, s->funcs[imp->fn], s->self, &imp->sig,
				  a); /* in-buffers */
	}
	frame_leave(t, &f);
	return r;
}

/*
 * A call into an isolated server (core/space.h), or one with references,
 * arrays or out-buffers (call_slow), from bss_call_entry once the handle and
 * the service are checked: the bookkeeping of call_general, the function run
 * in the server's space (a batch of received packets put into IPv4 and TCP
 * no longer looks its queue's handle up twice).
 */
static __attribute__((noinline)) uint64_t call_space(struct thread *t, struct server *s,
						     const struct import *imp, uint64_t a1,
						     uint64_t a2, uint64_t a3, uint64_t a4)
{
	uint64_t a[4] = {a1, a2, a3, a4};
	struct frame f;

	if (unlikely(imp->slow))
		return call_slow(t, s, imp, a);
	frame_enter(t, &f, s->owner, imp->atomic);
	uint64_t r = os_space_call(s->owner, s->funcs[imp->fn], s->self, &imp->sig, a);
	frame_leave(t, &f);
	return r;
}

/* The return of the common case when it has something to undo (also callpath.S). */
__attribute__((noinline)) uint64_t call_leave(struct frame *f, uint64_t r)
{
	frame_leave(cur_thread, f);
	return r;
}

/*
 * The common case of a call with a frame: into the function fn of a server
 * of callee, an automatically locked server nobody holds, with values
 * only, from imp->holder, which holds its own lock lazily (cf->locked
 * F_LAZY) or has none (F_NONE). Both locks, and the frame's hold on the
 * callee, change only in the frame (lock.c, ref.c), so the return has
 * nothing to undo unless something committed them or left temporaries or
 * try blocks behind. After the call everything is read back from the frame,
 * so that nothing needs a register across it (no register to save).
 */
static inline __attribute__((always_inline)) uint64_t
call_lazy(struct thread *t, struct frame *cf, struct server *callee, const struct import *imp,
	  bss_fn_t fn, void *self, bool isolated, uint64_t a1, uint64_t a2, uint64_t a3,
	  uint64_t a4)
{
	struct frame f;

	f.prev = cf;
	f.caller = imp->holder;
	f.callee = callee;
	f.temps = t->ntemps; /* temp_top, no free slot */
	/* cf->locked is F_NONE or F_LAZY here and atomic 0 or 1: relock without a branch */
	f.state = frame_state(t->ntries, cf->locked & (uint8_t)(imp->atomic - 1), F_LAZY, 0);
	t->frames = &f;
	t->cur = callee;
	uint64_t r;
	if (likely(!isolated)) {
		r = ((svc_fn4)fn)(self, a1, a2, a3, a4);
	} else {
		uint64_t a[4] = {a1, a2, a3, a4};
		r = os_space_call(callee, fn, self, &imp->sig, a);
	}
	t = cur_thread; /* the same thread: only it returns from its call */
	/* no try left open: try blocks end innermost first, so their count says it */
	if (unlikely(f.locked != F_LAZY || f.held || t->ntemps != f.temp_top ||
		     t->ntries != f.ntries))
		return call_leave(&f, r);
	t->cur = f.caller;
	t->frames = f.prev;
	return r;
}

/*
 * The entry of every service call from a loaded server's stub whose cache
 * missed. The common cases inline (leaf, call_lazy), anything else starts
 * over in call_general. A stub runs only in its holder's code, which runs
 * only inside a frame whose callee is the holder; the checks of that are
 * for runtime calls (core_call).
 */
CALL_PATH uint64_t bss_call_entry(uint64_t h, uint64_t a1, uint64_t a2, uint64_t a3, uint64_t a4,
				  const struct import *imp)
{
	struct thread *t = cur_thread;
	struct server *caller = imp->holder;
	struct frame *cf = t->frames;
	struct server *s;

	if (unlikely(caller != t->cur || !(s = ref_lookup(t, caller, h)) ||
		     s->svc_id != imp->svc_id))
		return bss_call_general(h, a1, a2, a3, a4, imp);
	if (s->leaf && imp->sig.simple)
		return call_leaf(t, s, h, imp, a1, a2, a3, a4);
	struct server *callee = s->owner;
	if (unlikely(!callee->lazylock || callee->lock_holder || imp->slow || !cf ||
		     cf->callee != caller || cf->locked == F_REAL)) {
		/* the handle and the service are checked: no need to start over for these */
		if (callee->space || imp->slow)
			return call_space(t, s, imp, a1, a2, a3, a4);
		return bss_call_general(h, a1, a2, a3, a4, imp);
	}
	if (unlikely(cacheable(t, h, imp))) {
		image_cache_full((struct import *)imp, h, s);
		t->cur->perm[H_PERM_IDX(h)].cached = 1;
	}
	return call_lazy(t, cf, callee, imp, s->funcs[imp->fn], s->self, callee->space != NULL, a1,
			 a2, a3, a4);
}

/*
 * The entry from a stub whose cache matched a non-leaf target (stub.c) is
 * bss_call_cached, call_lazy by hand (kernel/arch/x86_64/callpath.S): the
 * handle is a strong permanent reference of imp->holder to imp->cached, the
 * service, the signature and the target's locking mode were checked when
 * the cache was filled, and the function, its first argument and whether
 * the target is isolated (bss_call_cached_space) were taken from the target
 * then: none of them changes while it lives. What may have changed since:
 * the target died (a local server dies with its parent), its lock is held,
 * or the caller holds its own lock really (after a block). callpath.S
 * reads these fields at these offsets:
 */
_Static_assert(__builtin_offsetof(struct server, owner) == 0x10 &&
		       __builtin_offsetof(struct server, dead) == 0x1e &&
		       __builtin_offsetof(struct server, lock_holder) == 0x28,
	       "callpath.S: struct server");
_Static_assert(__builtin_offsetof(struct thread, cur) == 0x08 &&
		       __builtin_offsetof(struct thread, frames) == 0x18 &&
		       __builtin_offsetof(struct thread, ntemps) == 0x28 &&
		       __builtin_offsetof(struct thread, ntries) == 0x38,
	       "callpath.S: struct thread");
_Static_assert(__builtin_offsetof(struct import, atomic) == 0x06 &&
		       __builtin_offsetof(struct import, holder) == 0x38 &&
		       __builtin_offsetof(struct import, cached) == 0x40 &&
		       __builtin_offsetof(struct import, cached_fn) == 0x48 &&
		       __builtin_offsetof(struct import, cached_self) == 0x50,
	       "callpath.S: struct import");
_Static_assert(__builtin_offsetof(struct frame, prev) == 0x00 &&
		       __builtin_offsetof(struct frame, caller) == 0x08 &&
		       __builtin_offsetof(struct frame, callee) == 0x10 &&
		       __builtin_offsetof(struct frame, temps) == 0x18 &&
		       __builtin_offsetof(struct frame, state) == 0x20 &&
		       __builtin_offsetof(struct frame, locked) == 0x25 &&
		       __builtin_offsetof(struct frame, held) == 0x26 &&
		       sizeof(struct frame) <= 56 && F_REAL == 1 && F_LAZY == 2,
	       "callpath.S: struct frame");

/*
 * bss_call_cached for a target in an address space of its own (core/space.h).
 * Not on the call path's page: with it the page would overflow, and the
 * cross-space call costs far more than a trip through QEMU's block lookup.
 */
uint64_t bss_call_cached_space(uint64_t h, uint64_t a1, uint64_t a2, uint64_t a3, uint64_t a4,
			       const struct import *imp)
{
	struct thread *t = cur_thread;
	struct frame *cf = t->frames;
	struct server *s = imp->cached;

	if (unlikely(s->dead || s->owner->lock_holder || cf->locked == F_REAL))
		return bss_call_general(h, a1, a2, a3, a4, imp);
	return call_lazy(t, cf, s->owner, imp, imp->cached_fn, imp->cached_self, true, a1, a2, a3,
			 a4);
}

/* Imports for calls made by runtime code, built from the registry on first use. */
#define RT_IMPORTS 128
static struct import rt_imports[RT_IMPORTS];
static unsigned rt_nimports;

uint64_t core_call(bss_ref_t h, uint32_t svc_id, unsigned fn, uint64_t a1, uint64_t a2, uint64_t a3,
		   uint64_t a4)
{
	struct import *imp = NULL;

	for (unsigned i = 0; i < rt_nimports; i++)
		if (rt_imports[i].svc_id == svc_id && rt_imports[i].fn == fn)
			imp = &rt_imports[i];
	if (!imp) {
		const struct bss_svc_def *d = svc_lookup(svc_id);
		if (!d || fn >= d->nfuncs)
			core_throw(BSS_E_INVAL, EINVAL,
				   "runtime call to unknown service 0x%08x function %u", svc_id,
				   fn);
		if (rt_nimports == RT_IMPORTS)
			os_panic("core_call: import table full");
		imp = &rt_imports[rt_nimports++];
		if (sig_parse(d->sigs[fn], &imp->sig))
			os_panic("core_call: bad signature in the registry");
		imp->svc_id = svc_id;
		imp->fn = (uint16_t)fn;
		imp->atomic = (uint8_t)d->atomic;
		imp->slow = !imp->sig.simple;
	}
	return bss_call_entry(h, a1, a2, a3, a4, imp);
}

#define WEAKNOTIFY_SVC_ID 0x00000103u

void call_notify_dead(struct server *n, bss_ref_t weak)
{
	struct thread *t = cur_thread;
	struct frame f;
	struct bss_error err;

	if (n->svc_id != WEAKNOTIFY_SVC_ID)
		return;
	struct bss_try u;
	if (bss_sys_try(&u) == 0) {
		frame_enter(t, &f, n->owner, false);
		call_invoke(n, n->funcs[0], n->self, weak);
		frame_leave(t, &f);
		core_try_pop(&u);
	} else {
		err = u.err;
		core_log("bss: weak-reference notification to %s failed: %s\n", server_name(n),
			 err.msg);
	}
}
