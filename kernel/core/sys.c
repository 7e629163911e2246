/*
 * System calls: the reserved __bss_sys.<name> symbols a server file may
 * import, and their implementations on top of the core.
 */
#include "loader.h"

static bss_ref_t sys_self(void)
{
	struct thread *t = cur_thread;

	return ref_new_temp(t, t->cur, t->cur);
}

static bss_ref_t sys_local(const struct bss_local_desc *d, void *obj)
{
	struct thread *t = cur_thread;
	struct server *o = t->cur;

	if (!image_owns_local_desc(o, d))
		core_throw(BSS_E_INVAL, EINVAL, "%s: %p is not one of its local server descriptions",
			   server_name(o), (const void *)d);
	struct server *l = server_new_local(o, d, obj);
	return ref_new_temp(t, o, l);
}

static int sys_same(bss_ref_t a, bss_ref_t b)
{
	return ref_resolve(a) == ref_resolve(b);
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
		core_throw(BSS_E_INVAL, EPERM, "%s: unlock without holding the lock", server_name(s));
	lock_release(t, s);
}

/*
 * A condition on the server's own lock: wait releases the lock (all nested
 * levels) and blocks until another thread in the same server wakes the key;
 * the lock is retaken before returning.
 */
static void sys_wait(uint64_t key)
{
	struct thread *t = cur_thread;
	struct server *s = t->cur;
	uint32_t depth = 0;

	lock_commit(t);
	thread_may_block();
	t->wait_key = key;
	t->next = s->cond_waiters;
	s->cond_waiters = t;
	if (s->lock_holder == t) {
		depth = s->lock_depth;
		s->lock_depth = 1;
		lock_release(t, s);
	}
	thread_block();
	if (depth) {
		lock_take(t, s);
		s->lock_depth = depth;
	}
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

static const struct {
	const char *name;
	void *fn;
} sys_table[] = {
	{ "keep", (void *)ref_keep },
	{ "temp", (void *)ref_temp },
	{ "release", (void *)ref_release },
	{ "weak", (void *)ref_weak },
	{ "self", (void *)sys_self },
	{ "local", (void *)sys_local },
	{ "same", (void *)sys_same },
	{ "throw", (void *)sys_throw },
	{ "try", (void *)bss_sys_try },
	{ "untry", (void *)core_try_pop },
	{ "lock", (void *)sys_lock },
	{ "unlock", (void *)sys_unlock },
	{ "debug", (void *)sys_debug },
	{ "wait", (void *)sys_wait },
	{ "wake", (void *)sys_wake },
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
