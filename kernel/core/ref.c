/*
 * References: temporary ones on the running thread's stack, permanent ones in
 * their holder's table (thesis 3.3.3).
 *
 * A handle is only meaningful to the server that holds it: every lookup
 * checks the holder, the slot's generation (permanent) or stamp (temporary),
 * so a forged, stale or foreign handle throws BSS_E_BADREF and never reaches
 * another server. References a server holds to itself or its own local
 * servers are "inner": they do not keep the group alive (otherwise a server
 * that keeps a reference to its own local server could never die).
 *
 * A thread's temporaries are a stack of slots, one region per call in
 * progress (from its frame's temp_top up). Temporaries end at the latest with
 * their call, but may be released earlier and in any order; a thread's loop
 * never returns, so that is how its temporaries end. Invariant: a released
 * slot is reused by its own call before the table grows, so a call's region
 * is never longer than the most temporaries it held at once, and a loop that
 * releases what it takes runs in a bounded table however long it runs (a
 * batch of n references needs n slots, not n per batch). Only TEMP_MAX held
 * at once, the handle's 20-bit index, is an error.
 *
 * Lazy counts. A temporary takes its count (refs, group_refs) only when it
 * must: temps_commit counts those a thread made since its last commit.
 * Invariants: only the running thread has uncounted temporaries (a thread
 * commits when it blocks or dispatches another, thread.c); and a count is
 * taken for zero only after the running thread's temporaries are committed
 * (put_last, server_unhold, server.c). So a temporary keeps its target alive
 * as if it had counted it from the start, and one made and released between
 * two commits (a loop's, an argument's) costs no count at all.
 *
 * A frame's hold on its callee (call.c: what keeps a server alive while a
 * thread is inside it) is such a count too: taken by the same commit
 * (frame.held), so a call that returns before any commit costs none.
 * Invariant: the frames whose hold is not counted are the innermost ones of
 * the running thread (frames are pushed uncounted and popped innermost
 * first; a commit counts every uncounted one), so the commit stops at the
 * first counted frame, and a frame's return drops only a counted hold.
 */
#include "core.h"
#include "loader.h"

/*
 * The system calls' common cases (ref_keep, ref_temp, ref_release) share a
 * page of their own in the bare-metal kernel (kernel.ld), as the call path
 * does (call.c): under QEMU's TCG a jump to another page is never chained,
 * and one of them straddling a page boundary cost a lookup per call
 * (bench-core in the kernel: perm_save_release about 190 -> 310 cycles).
 */
#define REF_PATH __attribute__((section(".text.refpath")))

#define TEMP_MAX (1u << 20)
#define PERM_MAX (1u << 24)

static uint64_t next_stamp = 1;

/* Count a new reference from holder to s. */
static inline void get(struct server *s, struct server *holder, uint8_t *inner)
{
	*inner = holder && s->owner == holder;
	s->refs++;
	if (!*inner)
		s->owner->group_refs++;
}

/* The rare half of put(): a server or local server lost its last reference. */
static __attribute__((noinline)) void put_last(struct server *s)
{
	struct server *o = s->owner;
	struct thread *t = cur_thread;

	/*
	 * A received packet's last reference, as a rule: its thread's
	 * temporaries are all counted already, no code runs at its death
	 * (server_reap_gone checks both) and its owner lives on.
	 */
	if (s != o && o->group_refs && server_reap_gone(s))
		return;
	if (t) {
		temps_commit(t); /* an uncounted temporary may still name s */
		t->destroying++;
	}
	if (s != o && s->refs == 0 && !server_reap_gone(s)) {
		/*
		 * A local server without references dies. The last one of a
		 * destroyed owner's (a timeout's body outliving a crash) frees
		 * the owner with it: hold the owner so that it is still there
		 * for the check below.
		 */
		o->refs++;
		server_destroy(s);
		o->refs--;
	}
	if (o->group_refs == 0 && o->dead != 1 && !o->pinned)
		server_destroy(o);
	if (!t)
		return;
	/*
	 * A destructor run here may have met a crash (crash.c): a cancelled
	 * thread must not go on in a crashed server's code. It throws here,
	 * once the outermost destruction is done and no unwinding is under way.
	 */
	if (!--t->destroying && unlikely(t->cancel) && t->cur->crashed && !t->unwinding)
		core_cancel_point(t);
}

static inline void put(struct server *s, uint8_t inner)
{
	struct server *o = s->owner;

	s->refs--;
	if (!inner)
		o->group_refs--;
	if (unlikely(s->refs == 0 || o->group_refs == 0))
		put_last(s);
}

void server_get(struct server *s, struct server *holder, uint8_t *inner)
{
	get(s, holder, inner);
}

void server_put(struct server *s, uint8_t inner)
{
	put(s, inner);
}

static _Noreturn void bad_ref(bss_ref_t h, const char *why)
{
	core_throw(BSS_E_BADREF, EBADF, "invalid reference 0x%lx in %s: %s", (unsigned long)h,
		   server_name(cur_thread->cur), why);
}

/*
 * bad_ref for the releases, which reach it by a tail call (a jump): a call
 * to a function that does not return would need a stack frame on the
 * common path too, and a frame's shared exit costs the path a jump.
 */
static __attribute__((noipa, cold)) void release_bad(bss_ref_t h, const char *why)
{
	bad_ref(h, why);
}

static __attribute__((noipa, cold)) void release_fixed(uint32_t idx)
{
	core_throw(BSS_E_INVAL, EPERM, "required-service slot %u cannot be released", idx);
}

struct server *ref_resolve_in(struct thread *t, struct server *holder, bss_ref_t h)
{
	if (h & H_PERM) {
		uint32_t idx = H_PERM_IDX(h);
		if (unlikely(idx >= holder->nperm))
			bad_ref(h, "no such permanent slot");
		struct perm *p = &holder->perm[idx];
		if (unlikely(!p->used || p->gen != H_PERM_GEN(h)))
			bad_ref(h, "stale permanent reference");
		if (unlikely(!p->target || p->target->dead))
			core_throw(BSS_E_DEAD, EPIPE, "reference 0x%lx: server is gone",
				   (unsigned long)h);
		return p->target;
	}
	uint32_t idx = H_TEMP_IDX(h);
	if (unlikely(h == 0))
		bad_ref(h, "null reference");
	if (unlikely(idx >= t->ntemps))
		bad_ref(h, "no such temporary reference");
	struct temp *e = &t->temps[idx];
	if (unlikely(!e->target || e->stamp != H_TEMP_STAMP(h) || e->holder != holder))
		bad_ref(h, "stale or foreign temporary reference");
	if (unlikely(e->target->dead))
		core_throw(BSS_E_DEAD, EPIPE, "reference 0x%lx: server is gone", (unsigned long)h);
	return e->target;
}

struct server *ref_resolve(bss_ref_t h)
{
	return ref_resolve_in(cur_thread, cur_thread->cur, h);
}

/* The free slots of the running call, where its new temporaries go first. */
static inline uint32_t *call_free_list(struct thread *t)
{
	return t->frames ? &t->frames->temp_free : &t->temp_free;
}

/* The free slots of the call whose region holds slot idx (a callback may release its caller's). */
static inline uint32_t *owner_free_list(struct thread *t, uint32_t idx)
{
	struct frame *f = t->frames;

	while (f && f->temp_top > idx)
		f = f->prev;
	return f ? &f->temp_free : &t->temp_free;
}

/* Every slot is live: double the table (handles hold indices, so nothing moves). */
static __attribute__((noinline)) void temps_grow(struct thread *t)
{
	uint32_t cap = t->temps_cap ? t->temps_cap * 2 : 64;

	if (cap > TEMP_MAX)
		core_throw(BSS_E_LIMIT, EMFILE,
			   "thread %u holds %u temporary references at once, the most there can be",
			   t->id, t->ntemps);
	struct temp *n = core_alloc(cap * sizeof(*n));
	if (t->ntemps)
		__builtin_memcpy(n, t->temps, t->ntemps * sizeof(*n));
	core_free(t->temps, t->temps_cap * sizeof(*n));
	t->temps = n;
	t->temps_cap = cap;
}

/* Slot idx becomes a new temporary of holder to target. */
static inline bss_ref_t temp_fill(struct thread *t, uint32_t idx, struct server *holder,
				  struct server *target)
{
	struct temp *e = &t->temps[idx];

	e->target = target;
	e->holder = holder;
	e->stamp = next_stamp++;
	e->inner = TEMP_UNCOUNTED;
	/* a released slot below the committed ones is reused: counted at once */
	if (unlikely(idx < t->temps_counted))
		get(target, holder, &e->inner);
	return H_MAKE_TEMP(idx, e->stamp);
}

/*
 * The slot on top of the stack, for a new temporary. No live temporary is
 * at or above it, so a commit's mark above it (left by temporaries that
 * have ended since) says nothing any more: it comes down to the slot, and
 * the new temporary goes uncounted like any other (else every temporary a
 * loop makes below an old mark would be counted, and its release would
 * drop the count).
 */
static inline uint32_t temp_bump(struct thread *t)
{
	uint32_t idx = t->ntemps++;

	if (unlikely(idx < t->temps_counted))
		t->temps_counted = idx;
	return idx;
}

/* The newest slot its call released out of order, off the call's free list *fl. */
static inline uint32_t temp_reuse(struct thread *t, uint32_t *fl)
{
	uint32_t idx = *fl - 1;

	*fl = t->temps[idx].next_free;
	return idx;
}

/*
 * A new temporary: on top of the stack of slots, or in a slot its call
 * released out of order (the invariant at the top of the file). The free
 * list is empty unless a release was out of order, so the bump is the path
 * that falls through.
 */
/* always inlined: a call to it cost each of its callers (unkeep, results) a frame */
static inline __attribute__((always_inline)) bss_ref_t
temp_new(struct thread *t, struct server *holder, struct server *target)
{
	uint32_t *fl = call_free_list(t);

	if (likely(!*fl)) {
		if (unlikely(t->ntemps == t->temps_cap))
			temps_grow(t);
		return temp_fill(t, temp_bump(t), holder, target);
	}
	return temp_fill(t, temp_reuse(t, fl), holder, target);
}

/*
 * Count every temporary of t made since its last commit and every frame
 * hold not yet counted (see the top of the file).
 */
void temps_commit(struct thread *t)
{
	for (struct frame *f = t->frames; f && !f->held; f = f->prev) {
		f->callee->group_refs++;
		f->held = 1;
	}
	for (uint32_t i = t->temps_counted; i < t->ntemps; i++) {
		struct temp *e = &t->temps[i];
		if (e->target && e->inner == TEMP_UNCOUNTED)
			get(e->target, e->holder, &e->inner);
	}
	t->temps_counted = t->ntemps;
}

/* server_unhold's rare half: o's last hold went; o dies unless a commit finds another. */
void server_unheld(struct server *o)
{
	if (cur_thread)
		temps_commit(cur_thread);
	if (!o->group_refs)
		server_destroy(o);
}

bss_ref_t ref_new_temp(struct thread *t, struct server *holder, struct server *target)
{
	return temp_new(t, holder, target);
}

/*
 * arr[0..n) from servers (0: none) to temporaries of holder, in place: a
 * callee's batch of packets. Where the call has no freed slot and the
 * table has room, the slots go on top in one run, as n temp_new would
 * place them (the commit's mark comes down once, to the first).
 */
void ref_new_temps(struct thread *t, struct server *holder, uintptr_t *arr, uint64_t n)
{
	uint32_t *fl = call_free_list(t);

	if (unlikely(*fl || n > t->temps_cap - t->ntemps)) {
		for (uint64_t k = 0; k < n; k++)
			if (arr[k])
				arr[k] = temp_new(t, holder, (struct server *)arr[k]);
		return;
	}
	if (unlikely(t->ntemps < t->temps_counted))
		t->temps_counted = t->ntemps;
	for (uint64_t k = 0; k < n; k++) {
		struct server *s = (struct server *)arr[k];
		if (!s)
			continue;
		uint32_t idx = t->ntemps++;
		struct temp *e = &t->temps[idx];
		e->target = s;
		e->holder = holder;
		e->stamp = next_stamp++;
		e->inner = TEMP_UNCOUNTED;
		arr[k] = H_MAKE_TEMP(idx, e->stamp);
	}
}

/*
 * Moving a reference's count instead of taking a new one and dropping the
 * old: the count never passes through zero, so the move costs no put_last
 * (and its commit of the thread's temporaries). A packet going through a
 * queue used to pay two such round trips per hop (the queue's permanent
 * reference released after its temporary was made, and the callee's result
 * handed to the caller), about 4.7 per TCP segment received.
 * A temporary's inner and its count are those get() would give it: 0 when
 * the target is not in the holder's group, which is the only case moved.
 */
bss_ref_t ref_new_temp_from_count(struct thread *t, struct server *holder, struct server *target)
{
	bss_ref_t r = temp_new(t, holder, target);
	struct temp *e = &t->temps[H_TEMP_IDX(r)];

	if (e->inner == TEMP_UNCOUNTED && target->owner != holder)
		e->inner = 0; /* counted: the caller's count is now this temporary's */
	else
		put(target, 0);
	return r;
}

bss_ref_t ref_unkeep(struct thread *t, struct server *holder, bss_ref_t h)
{
	uint32_t idx = H_PERM_IDX(h);

	if (idx >= holder->nperm || !holder->perm[idx].used ||
	    holder->perm[idx].gen != H_PERM_GEN(h))
		ref_release(h); /* throws the usual error */
	struct server *s = holder->perm[idx].target;
	bss_ref_t r = s && !s->dead ? temp_new(t, holder, s) : 0;
	struct perm *p = &holder->perm[idx];

	if (!r || p->fixed || p->cached || p->weak ||
	    t->temps[H_TEMP_IDX(r)].inner != TEMP_UNCOUNTED) {
		ref_release(h);
		return r;
	}
	t->temps[H_TEMP_IDX(r)].inner = p->inner; /* the slot's count is the temporary's now */
	p->target = NULL;
	p->used = 0;
	p->gen++;
	p->next_free = holder->perm_free;
	holder->perm_free = idx + 1;
	return r;
}

/* Every permanent slot is in use: double the table (handles hold indices, so nothing moves). */
static __attribute__((noinline)) void perms_grow(struct server *holder)
{
	uint32_t cap = holder->perm_cap ? holder->perm_cap * 2 : 16;

	if (cap > PERM_MAX)
		core_throw(BSS_E_LIMIT, EMFILE, "too many permanent references");
	struct perm *n = core_alloc(cap * sizeof(*n));
	if (holder->nperm)
		__builtin_memcpy(n, holder->perm, holder->nperm * sizeof(*n));
	core_free(holder->perm, holder->perm_cap * sizeof(*n));
	holder->perm = n;
	holder->perm_cap = cap;
}

/* The flags word of a slot in use (struct perm; x86_64 is little-endian: byte n at bits 8n). */
static inline uint64_t perm_flags(uint8_t weak, uint8_t inner)
{
	return 1u | (uint64_t)weak << 8 | (uint64_t)inner << 24;
}
_Static_assert(__builtin_offsetof(struct perm, used) == __builtin_offsetof(struct perm, flags) &&
		       __builtin_offsetof(struct perm, weak) ==
			       __builtin_offsetof(struct perm, flags) + 1 &&
		       __builtin_offsetof(struct perm, inner) ==
			       __builtin_offsetof(struct perm, flags) + 3,
	       "perm_flags: the flag bytes of struct perm");

static inline uint32_t perm_alloc_slot(struct server *holder)
{
	if (holder->perm_free) {
		uint32_t idx = holder->perm_free - 1;
		holder->perm_free = holder->perm[idx].next_free;
		return idx;
	}
	if (unlikely(holder->nperm == holder->perm_cap))
		perms_grow(holder);
	return holder->nperm++;
}

static inline bss_ref_t perm_new(struct server *holder, struct server *target)
{
	uint32_t idx = perm_alloc_slot(holder);
	struct perm *p = &holder->perm[idx];

	uint8_t inner;

	get(target, holder, &inner);
	p->target = target;
	p->flags = perm_flags(0, inner);
	p->notify = NULL;
	return H_MAKE_PERM(idx, p->gen);
}

bss_ref_t ref_new_perm(struct server *holder, struct server *target)
{
	return perm_new(holder, target);
}

/* bss_keep in full; ref_keep is its common case. */
static __attribute__((noinline)) bss_ref_t keep_slow(bss_ref_t h)
{
	struct thread *t = cur_thread;
	struct server *holder = t->cur;

	return perm_new(holder, ref_resolve_in(t, holder, h));
}

/*
 * The system calls' common cases (ref_keep, ref_temp, ref_release) do their
 * work with no call but tail calls: anything rare (a handle to check in full,
 * a table to grow, a cache to empty, a last reference) starts over in, or
 * goes on to, a function of its own. So they need no saved registers.
 */
REF_PATH bss_ref_t ref_keep(bss_ref_t h)
{
	struct thread *t = cur_thread;
	struct server *holder = t->cur;
	struct server *s = ref_lookup(t, holder, h);

	if (unlikely(!s || (!holder->perm_free && holder->nperm == holder->perm_cap)))
		return keep_slow(h);
	return perm_new(holder, s);
}

static __attribute__((noinline)) bss_ref_t temp_slow(bss_ref_t h)
{
	struct thread *t = cur_thread;
	struct server *holder = t->cur;

	return temp_new(t, holder, ref_resolve_in(t, holder, h));
}

REF_PATH bss_ref_t ref_temp(bss_ref_t h)
{
	struct thread *t = cur_thread;
	struct server *holder = t->cur;
	/* a temporary is made from a permanent reference, as a rule */
	struct server *s =
		likely(h & H_PERM) ? ref_lookup_perm(holder, h) : ref_lookup_temp(t, holder, h);

	uint32_t *fl = call_free_list(t);

	if (unlikely(!s))
		return temp_slow(h);
	if (likely(!*fl)) {
		if (unlikely(t->ntemps == t->temps_cap))
			return temp_slow(h); /* grows the table */
		return temp_fill(t, temp_bump(t), holder, s);
	}
	return temp_fill(t, temp_reuse(t, fl), holder, s);
}

static void weak_unlink(struct server *target, struct server *holder, uint32_t slot)
{
	for (struct weak_link **pp = &target->weak; *pp; pp = &(*pp)->next) {
		if ((*pp)->holder == holder && (*pp)->slot == slot) {
			struct weak_link *w = *pp;
			*pp = w->next;
			core_free(w, sizeof(*w));
			return;
		}
	}
}

/* Empty a permanent slot and put it on the free list. */
static void perm_clear(struct server *holder, uint32_t idx)
{
	struct perm *p = &holder->perm[idx];
	struct server *target = p->target;
	uint8_t weak = p->weak, inner = p->inner;

	if (p->cached) {
		image_uncache(holder, H_MAKE_PERM(idx, p->gen));
		p->cached = 0;
	}
	p->target = NULL;
	p->used = 0;
	p->gen++;
	p->next_free = holder->perm_free;
	holder->perm_free = idx + 1;
	if (!target)
		return;
	if (weak)
		weak_unlink(target, holder, idx);
	else
		server_put(target, inner);
}

/* ref_release of a permanent handle: a strong, uncached slot inline, the rest in perm_clear. */
static inline void perm_release(struct server *holder, bss_ref_t h)
{
	uint32_t idx = H_PERM_IDX(h);
	struct perm *p = &holder->perm[idx];

	if (unlikely(idx >= holder->nperm || !p->used || p->gen != H_PERM_GEN(h)))
		return release_bad(h, "release of a stale permanent reference");
	if (unlikely(p->fixed))
		return release_fixed(idx);
	struct server *target = p->target;
	if (unlikely(p->cached || p->weak || !target))
		return perm_clear(holder, idx);
	uint8_t inner = p->inner;
	p->target = NULL;
	p->used = 0;
	p->gen++;
	p->next_free = holder->perm_free;
	holder->perm_free = idx + 1;
	put(target, inner);
}

/*
 * An uncounted temporary went and its target has no count: a local
 * server made and given up between two commits (the NIC bridge's frame a
 * full queue refused). No put would ever reach zero for it: once the
 * commit shows that nothing else names it, it dies as put would end it.
 */
static __attribute__((noinline)) void release_uncounted_local(struct server *s)
{
	temps_commit(cur_thread);
	if (!s->refs)
		put_last(s);
}

REF_PATH void ref_release(bss_ref_t h)
{
	struct thread *t = cur_thread;
	struct server *holder = t->cur;

	if (h & H_PERM)
		return perm_release(holder, h);
	uint32_t idx = H_TEMP_IDX(h);
	struct temp *e = &t->temps[idx];
	/* 0 is refused too: stamps start at 1, and a free slot has no target */
	if (unlikely(idx >= t->ntemps || !e->target || e->stamp != H_TEMP_STAMP(h) ||
		     e->holder != holder))
		return release_bad(h, "release of a stale or foreign temporary reference");
	struct server *target = e->target;
	e->target = NULL;
	/*
	 * The running call's newest slot just goes; any other becomes a free
	 * slot of its call. Free slots are never trimmed off the top, so each
	 * stays below its call's end until the call ends with it.
	 */
	if (likely(idx == t->ntemps - 1 && idx >= (t->frames ? t->frames->temp_top : 0))) {
		t->ntemps--;
	} else {
		uint32_t *fl = owner_free_list(t, idx);
		e->next_free = *fl;
		*fl = idx + 1;
	}
	/* made and released between two commits, as a rule: no count to drop */
	if (unlikely(e->inner != TEMP_UNCOUNTED))
		put(target, e->inner);
	else if (unlikely(!target->refs && target->kind == SRV_LOCAL && !target->dead))
		release_uncounted_local(target);
}

/*
 * End every temporary above top: the innermost frame's temp_top, whose free
 * list ends with the frame, or 0 when the thread ends. Destructors this
 * triggers push above it and clean up after themselves.
 */
void ref_release_temps(struct thread *t, uint32_t top)
{
	if (!top)
		t->temp_free = 0;
	while (t->ntemps > top) {
		struct temp *e = &t->temps[--t->ntemps];
		struct server *s = e->target;
		if (s) {
			e->target = NULL;
			if (e->inner != TEMP_UNCOUNTED)
				server_put(s, e->inner);
			else if (unlikely(!s->refs && s->kind == SRV_LOCAL && !s->dead))
				release_uncounted_local(s);
		}
	}
}

bss_ref_t ref_weak(bss_ref_t h, bss_ref_t notify)
{
	struct thread *t = cur_thread;
	struct server *holder = t->cur;
	struct server *target = ref_resolve_in(t, holder, h);
	struct server *n = NULL;

	if (notify) {
		n = ref_resolve_in(t, holder, notify);
		if (n->owner != holder)
			core_throw(
				BSS_E_INVAL, EINVAL,
				"weak notification target must be the holder or its local server");
	}
	struct weak_link *w = core_alloc(sizeof(*w));
	uint32_t idx;
	idx = perm_alloc_slot(holder);
	struct perm *p = &holder->perm[idx];
	p->target = target;
	p->flags = perm_flags(1, 0);
	p->notify = n;
	w->holder = holder;
	w->slot = idx;
	w->next = target->weak;
	target->weak = w;
	return H_MAKE_PERM(idx, p->gen);
}

/* Release everything a dying server holds, newest slot first. */
void ref_drop_perms(struct server *holder)
{
	for (uint32_t i = holder->nperm; i-- > 0;) {
		if (holder->perm[i].used)
			perm_clear(holder, i);
	}
}
