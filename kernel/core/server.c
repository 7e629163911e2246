/*
 * Server lifecycle: creation of kernel and local servers, destruction when
 * the last reference goes (thesis 3.3.3-3.3.4).
 *
 * Destruction order of a server (documented in docs/server-model.md):
 *   1. its destructor runs (its local servers are still usable);
 *   2. its local servers die, newest first; their destructors run while the
 *      server's required services and other references are still valid;
 *   3. its permanent references are released, newest first;
 *   4. weak references to it become invalid and their holders are told;
 *   5. its memory is freed once no frame or inner reference still names it.
 *
 * A local server of a BSS_REAP description runs no destructor: once its
 * last reference is gone, its shell waits in its owner's list until the
 * owner takes the objects back with bss_reap (sys.c), as many as it asks
 * for in one call, and then serves the owner's next local server. A NIC
 * driver's received buffer so costs neither an entry into the driver per
 * frame (in another address space, an opening of it) nor an allocation.
 */
#include "core.h"
#include "loader.h"

struct server *kernel_server;
static uint32_t next_server_id = 1;
static uint32_t zombies; /* destroyed servers still named by a reference */
struct server *loaded_servers;
static struct server *loaded_tail;

void server_link_loaded(struct server *s)
{
	s->id = next_server_id++;
	s->all_prev = loaded_tail;
	s->all_next = NULL;
	if (loaded_tail)
		loaded_tail->all_next = s;
	else
		loaded_servers = s;
	loaded_tail = s;
}

static void unlink_loaded(struct server *s)
{
	if (s->all_prev)
		s->all_prev->all_next = s->all_next;
	else if (loaded_servers == s)
		loaded_servers = s->all_next;
	else
		return; /* never linked: its load failed */
	if (s->all_next)
		s->all_next->all_prev = s->all_prev;
	else
		loaded_tail = s->all_prev;
}

const char *server_name(const struct server *s)
{
	return s && s->name ? s->name : "?";
}

static void init_common(struct server *s, uint32_t attrs)
{
	s->mode = attrs & BSS_MODE_MASK;
	s->no_callbacks = (attrs & BSS_NO_CALLBACKS) != 0;
	s->lazylock = s->mode == BSS_AUTOLOCK && !s->no_callbacks;
	s->id = next_server_id++;
}

struct server *server_new_kernel(uint32_t svc_id, const struct bss_service_desc *desc, void *self,
				 const char *name, uint32_t attrs)
{
	struct server *s = core_alloc(sizeof(*s));

	s->funcs = desc->funcs;
	s->desc = desc;
	s->self = self;
	s->owner = s;
	s->svc_id = svc_id;
	s->kind = SRV_KERNEL;
	s->name = name;
	init_common(s, attrs);
	return s;
}

/*
 * A shell bss_reap handed back, made new. Of a local server only these
 * fields ever change: its flags (dead, crashed), its count, the weak
 * references to it and its links; the rest (lock, reference table, lists
 * of locals, image, space) are its owner's and stay zero, so only these are
 * cleared (the shell's whole 256 bytes cost a NIC bridge's received frame
 * about 35 instructions). Its death left refs 0, weak NULL, prev_local NULL
 * (local_unlink), dead 1; crashed shells are never spare (free_owner).
 */
static inline void shell_clear(struct server *s)
{
	s->dead = s->crashed = 0;
	s->refs = s->group_refs = 0;
	s->weak = NULL;
	s->prev_local = NULL;
}

struct server *server_new_local(struct server *parent, const struct bss_local_desc *d, void *obj)
{
	struct server *s = parent->spare;

	if (s) {
		parent->spare = s->next_local;
		shell_clear(s);
		/* the same parent's, of the same description: all but the object is as it was */
		if (s->desc == &d->svc)
			goto link;
	} else {
		s = core_alloc(sizeof(*s));
	}

	s->funcs = d->svc.funcs;
	s->desc = &d->svc;
	s->owner = parent;
	s->svc_id = d->svc.svc_id;
	s->kind = SRV_LOCAL;
	s->name = d->name;
	s->dtor = d->dtor;
	s->reap = (d->attrs & BSS_REAP) != 0;
	/* A local server runs on its parent's data: it shares the parent's lock. */
	s->mode = parent->mode;
	s->no_callbacks = parent->no_callbacks;
	s->lazylock = s->mode == BSS_AUTOLOCK && !s->no_callbacks;
link:
	s->self = obj;
	s->id = next_server_id++;
	s->next_local = parent->locals;
	if (parent->locals)
		parent->locals->prev_local = s;
	parent->locals = s;
	return s;
}

/*
 * Off its owner's list of locals, if it is on it. Doubly linked: a packet
 * dies about as old as it is, so a search from the newest end walked past
 * every buffer still in flight at every frame (local_destroy was 5% of the
 * kernel's instructions host->guest).
 */
static void local_unlink(struct server *o, struct server *l)
{
	struct server *prev = l->prev_local, *next = l->next_local;

	if (prev ? prev->next_local != l : o->locals != l)
		return;
	if (prev)
		prev->next_local = next;
	else
		o->locals = next;
	if (next)
		next->prev_local = prev;
	l->prev_local = l->next_local = NULL;
}

struct dtor_call {
	struct server *owner;
	bss_fn_t fn;
	void *self;
};

static void dtor_body(void *arg)
{
	struct dtor_call *c = arg;
	struct frame f;

	call_frame_enter(cur_thread, &f, c->owner, false);
	call_invoke(c->owner, c->fn, c->self, 0);
	call_frame_leave(cur_thread, &f);
}

/* Run a destructor in the current thread; its errors are reported, not propagated. */
static void run_dtor(struct server *owner, bss_fn_t fn, void *self, const char *what)
{
	struct bss_error err;
	struct dtor_call c = {owner, fn, self};

	/* a crashed server's code never runs again (crash.c), its destructors neither */
	if (!fn || owner->crashed)
		return;
	if (core_trycall(dtor_body, &c, &err) != 0 && !owner->crashed)
		core_log("bss: destructor of %s failed: %s (error %u, errno %d)\n", what, err.msg,
			 err.id, err.err);
}

static void free_shells(struct server *l)
{
	while (l) {
		struct server *next = l->next_local;

		core_free(l, sizeof(*l));
		l = next;
	}
}

static void free_owner(struct server *o)
{
	free_shells(o->reaped);
	free_shells(o->spare);
	if (o->kind == SRV_LOADED) {
		unlink_loaded(o);
		image_free(o);
	}
	core_free(o->perm, o->perm_cap * sizeof(*o->perm));
	core_free(o, sizeof(*o));
}

/* Counts are taken for zero only after the running thread's temporaries are committed (ref.c). */
static void commit_counts(void)
{
	if (cur_thread)
		temps_commit(cur_thread);
}

static void maybe_free_owner(struct server *o)
{
	commit_counts();
	if (o->dead == 2 && o->refs == 0 && o->group_refs == 0 && !o->locals && !o->zombie_locals)
		free_owner(o);
}

static void free_local(struct server *l)
{
	struct server *o = l->owner;

	o->zombie_locals--;
	zombies--;
	if (l->reap && !o->dead) {
		/* nothing names it any more: its object is the owner's to reap */
		l->next_local = o->reaped;
		o->reaped = l;
		return;
	}
	core_free(l, sizeof(*l));
	maybe_free_owner(o);
}

uint32_t server_reap(struct server *o, uint64_t *objs, uint32_t max)
{
	uint32_t n = 0;

	while (o->reaped && n < max) {
		struct server *l = o->reaped;

		o->reaped = l->next_local;
		objs[n++] = (uintptr_t)l->self;
		l->next_local = o->spare;
		o->spare = l;
	}
	return n;
}

/* Tell holders of weak references to s that it is gone. */
void server_invalidate_weak(struct server *s)
{
	while (s->weak) {
		struct weak_link *w = s->weak;
		s->weak = w->next;
		struct perm *p = &w->holder->perm[w->slot];
		struct server *n = p->notify;
		bss_ref_t h = H_MAKE_PERM(w->slot, p->gen);
		p->target = NULL;
		core_free(w, sizeof(*w));
		if (n && !n->dead && n->desc->nfuncs > 0)
			call_notify_dead(n, h);
	}
}

/*
 * A BSS_REAP local without references or weak references, whose thread's
 * temporaries are all counted (put_last committed them): no code runs at
 * its death and nothing can name it, so it goes straight to its owner's
 * reaped list, as local_destroy and free_local would take it there (a
 * received frame, each). False: not such a local, nothing done.
 */
bool server_reap_gone(struct server *l)
{
	struct server *o = l->owner;
	struct thread *t = cur_thread;

	if (!l->reap || l->dead || l->refs || l->weak || o->dead ||
	    (t && t->temps_counted != t->ntemps))
		return false;
	l->dead = 1;
	local_unlink(o, l);
	l->next_local = o->reaped;
	o->reaped = l;
	return true;
}

static void local_destroy(struct server *l)
{
	struct server *o = l->owner;

	if (server_reap_gone(l))
		return;
	l->dead = 1;
	l->refs++; /* hold the shell while the destructor runs */
	if (!l->reap)
		run_dtor(o, l->dtor, l->self, l->name);
	local_unlink(o, l);
	server_invalidate_weak(l);
	o->zombie_locals++;
	zombies++;
	l->refs--;
	commit_counts();
	if (l->refs == 0)
		free_local(l);
}

static void owner_destroy(struct server *o)
{
	o->dead = 1;
	o->refs++;
	o->group_refs++; /* hold: releases below must not re-enter */
	run_dtor(o, o->dtor, o->self, o->name);
	while (o->locals)
		local_destroy(o->locals);
	ref_drop_perms(o);
	server_invalidate_weak(o);
	o->dead = 2;
	o->refs--;
	o->group_refs--;
	maybe_free_owner(o);
}

/*
 * The rest of a crash (crash.c), in the reaper thread: as owner_destroy, but
 * no code of the server runs, and holders of weak references are told first,
 * while everything it holds is still there (a supervisor stops its device
 * before the DMA memory is released).
 */
void server_crash_destroy(struct server *o)
{
	server_invalidate_weak(o);
	for (struct server *l = o->locals; l; l = l->next_local)
		server_invalidate_weak(l);
	while (o->locals) {
		struct server *l = o->locals;
		local_unlink(o, l);
		o->zombie_locals++;
		zombies++;
		l->refs--;
		commit_counts();
		if (l->refs == 0)
			free_local(l);
	}
	ref_drop_perms(o);
	o->dead = 2;
	o->refs--;
	o->group_refs--;
	maybe_free_owner(o);
}

/*
 * Called when a local server lost its last reference, or a server (group)
 * its last reference from outside; also for the final put on a dead shell.
 */
void server_destroy(struct server *s)
{
	if (s->kind == SRV_LOCAL) {
		if (!s->dead) {
			local_destroy(s);
			return;
		}
		commit_counts();
		if (s->refs == 0)
			free_local(s);
		return;
	}
	if (!s->dead)
		owner_destroy(s);
	else
		maybe_free_owner(s);
}
