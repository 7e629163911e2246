/*
 * The portable core of the BSS server model (thesis chapter 3): servers,
 * references, threads, locking, errors. Used unchanged by the bare-metal
 * kernel and the hosted runtime; what differs lives behind os.h.
 *
 * Concurrency: the core runs on one CPU. BSS threads are switched only when
 * one blocks (cooperative, as in the thesis prototype); interrupt handlers
 * never touch core state except through bss_wake(). So core data needs no
 * atomic operations; "guarded by the CPU" below means exactly that.
 */
#ifndef CORE_CORE_H
#define CORE_CORE_H

#include <stdbool.h>
#include <bss/abi.h>
#include <bss/errno.h>
#include <bss/svcreg.h>
#include "os.h"

#define likely(x) __builtin_expect(!!(x), 1)
#define unlikely(x) __builtin_expect(!!(x), 0)

struct server;
struct thread;
struct image;

enum srv_kind {
	SRV_LOADED, /* instantiated from a server file */
	SRV_LOCAL,  /* local server of a loaded or kernel server */
	SRV_KERNEL  /* implemented by the runtime itself */
};

/* A permanent reference slot, indexed by the handle's low 24 bits. */
struct perm {
	struct server *target; /* NULL: free, or a weak reference whose target died */
	uint32_t gen;	       /* bumped on release, so old handles go stale */
	uint32_t next_free;
	/*
	 * The flags, and all of them at once: a new reference writes them
	 * with one store, so that the release, which reads several in one
	 * load, gets them by store forwarding (from several byte stores it
	 * cannot: a stall of about 15 cycles on every keep and release).
	 */
	union {
		struct {
			uint8_t used;
			uint8_t weak;
			uint8_t fixed;	/* required-service slot: cannot be released */
			uint8_t inner;	/* target in the holder's own group: not counted */
			uint8_t cached; /* a call stub of the holder caches this handle */
		};
		uint64_t flags;
	};
	struct server *notify; /* weak: local server told when the target dies */
};

/* Weak references to a server, so its death can invalidate them. */
struct weak_link {
	struct weak_link *next;
	struct server *holder;
	uint32_t slot;
};

/*
 * A server or local server. The first fields are read on every service call;
 * keep them together.
 */
struct server {
	const bss_fn_t *funcs; /* service functions, in service order */
	void *self;	       /* their first argument */
	struct server *owner;  /* holds lock and references: itself, or the parent */
	uint32_t svc_id;
	uint8_t mode; /* BSS_AUTOLOCK / BSS_SERIALIZED / BSS_THREADSAFE */
	uint8_t no_callbacks;
	uint8_t dead;	  /* 1: being destroyed, 2: destroyed; no new calls */
	uint8_t kind;	  /* enum srv_kind */
	uint8_t pinned;	  /* never destroyed (the runtime's static servers) */
	uint8_t leaf;	  /* makes no service or system calls: see call.c */
	uint8_t lazylock; /* BSS_AUTOLOCK without BSS_NO_CALLBACKS: locked lazily (lock.c) */
	uint8_t crashed;  /* faulted, failed an assertion, hung or was killed (crash.c) */
	uint8_t failstop; /* BSS_FAILSTOP: an uncaught error in its threads crashes it */
	uint8_t reap;	  /* local server, BSS_REAP: its owner reaps it instead of a destructor */

	/* guarded by the CPU; meaningful in owners only: */
	struct thread *lock_holder;
	uint32_t lock_depth;	     /* nested entries by the holder (callbacks) */
	struct thread *lock_waiters; /* FIFO of threads blocked on the lock */
	struct thread *lock_waiters_tail;
	struct thread *cond_waiters; /* threads in bss_wait(), any key, newest first */

	uint64_t refs;	     /* counted references to this server */
	uint64_t group_refs; /* owner: counted references to it and its locals */

	struct perm *perm; /* owner: permanent reference table */
	uint32_t nperm, perm_cap, perm_free;

	struct server *locals;	/* owner: its local servers, newest first */
	uint32_t zombie_locals; /* owner: destroyed locals still referenced */
	struct server *next_local;
	struct server *prev_local; /* in locals: the newer one, NULL at the head (server.c) */
	struct server *reaped;	   /* owner: dead BSS_REAP locals bss_reap has not handed back */
	struct server *spare;	   /* owner: their shells after it did, for its next locals */
	struct weak_link *weak;	   /* weak references pointing here */

	const struct bss_service_desc *desc; /* signatures, for the slow call path */
	bss_fn_t dtor;
	const char *name;
	struct image *image; /* loaded servers: code, data, stubs */
	void *data;	     /* loaded servers: private data block */
	size_t data_size;
	uint32_t id;			    /* for messages */
	struct server *all_next, *all_prev; /* loaded owners: the list sysinfo walks */
	void *space;	      /* owner: its isolated address space (space.h), NULL: the runtime's */
	const void *local_ok; /* owner: the local server description sys_local checked last */
};

/*
 * How a frame holds a lock (lock.c): not at all, really (the server's
 * lock_holder names the thread), or lazily (only the frame says so; the
 * lock becomes real when the thread could be seen by another: lock_commit).
 */
enum { F_NONE = 0, F_REAL = 1, F_LAZY = 2 };

/*
 * One service call in progress; lives on the C stack of the call path.
 * The common case (call.c, call_lazy) writes it with five stores: the two
 * unions below are written whole, so that the return's narrower loads of
 * their fields are each served by one store (a load that spans several
 * narrower stores cannot be forwarded and waits for them to reach the cache).
 */
struct frame {
	struct frame *prev;
	struct server *caller; /* owner that made the call */
	struct server *callee; /* owner entered */
	union {
		struct {
			uint32_t temp_top; /* temporaries above this index belong to the call */
			uint32_t
				temp_free; /* the call's freed slots (ref.c): newest + 1, 0: none */
		};
		uint64_t temps;
	};
	union {
		struct {
			uint32_t ntries; /* the thread's try blocks when the call began */
			uint8_t relock;	 /* F_*: how the caller's lock was dropped for the call */
			uint8_t locked;	 /* F_*: how the callee's lock was taken */
			/*
			 * 1: the frame's hold on callee (what keeps a server alive
			 * while a thread is inside it) is counted in
			 * callee->group_refs; 0: not yet. Holds are counted lazily,
			 * as temporaries are (ref.c: temps_commit).
			 */
			uint8_t held;
		};
		uint64_t state;
	};
};

/* frame.state from its fields (x86_64 is little-endian: byte n at bits 8n). */
static inline uint64_t frame_state(uint32_t ntries, uint8_t relock, uint8_t locked, uint8_t held)
{
	return ntries | (uint64_t)relock << 32 | (uint64_t)locked << 40 | (uint64_t)held << 48;
}
_Static_assert(__builtin_offsetof(struct frame, ntries) ==
			       __builtin_offsetof(struct frame, state) &&
		       __builtin_offsetof(struct frame, relock) ==
			       __builtin_offsetof(struct frame, state) + 4 &&
		       __builtin_offsetof(struct frame, locked) ==
			       __builtin_offsetof(struct frame, state) + 5 &&
		       __builtin_offsetof(struct frame, held) ==
			       __builtin_offsetof(struct frame, state) + 6 &&
		       __builtin_offsetof(struct frame, temp_top) ==
			       __builtin_offsetof(struct frame, temps),
	       "frame_state, frame.temps: the fields of struct frame");

/* A temporary reference: valid until the frame that obtained it ends. */
struct temp {
	struct server *target; /* NULL once released */
	struct server *holder; /* owner whose code may use it */
	uint64_t stamp;	       /* part of the handle; unique per reference */
	uint8_t inner;	    /* target in the holder's group: not counted; TEMP_UNCOUNTED (ref.c) */
	uint32_t next_free; /* released: the next free slot of its call (index + 1) */
};
#define TEMP_UNCOUNTED 2 /* temp.inner of a temporary whose count is not taken yet (ref.c) */

/* Saved registers of a try point; layout shared with try.S. */
struct jmpctx {
	uint64_t rbx, rbp, r12, r13, r14, r15, rsp, rip;
};
/* try.S stores and loads these offsets */
_Static_assert(__builtin_offsetof(struct jmpctx, rbx) == 0, "try.S: jmpctx.rbx");
_Static_assert(__builtin_offsetof(struct jmpctx, r15) == 40, "try.S: jmpctx.r15");
_Static_assert(__builtin_offsetof(struct jmpctx, rsp) == 48, "try.S: jmpctx.rsp");
_Static_assert(__builtin_offsetof(struct jmpctx, rip) == 56, "try.S: jmpctx.rip");
_Static_assert(sizeof(struct jmpctx) == 64, "try.S: struct jmpctx");

struct tryrec {
	struct jmpctx ctx;
	struct bss_try *user;  /* where the catch finds the error */
	struct frame *frame;   /* frame stack when the try began */
	struct server *server; /* owner that will catch */
	uint8_t runtime;       /* core_trycall's: the runtime's own, never skipped (crash.c) */
};

#define BSS_MAX_TRIES 32

enum thread_state { T_NEW, T_RUNNABLE, T_RUNNING, T_BLOCKED, T_DONE };

/*
 * A scheduler outside the core that owns a thread (a context of the dispatch
 * service, kernel/ksrv/dispatch.c): the core tells it when the thread becomes
 * runnable instead of queueing the thread itself, and leaves freeing the
 * thread to it.
 */
struct thread_owner {
	void (*runnable)(struct thread_owner *o);
};

struct thread {
	uint64_t sp; /* saved stack pointer while switched out */
	/*
	 * cur and frames apart: stores to both, merged into one 16-byte store,
	 * make the next call's 8-byte load of frames miss store forwarding.
	 */
	struct server *cur;   /* owner whose code runs now */
	struct thread *host;  /* the thread that dispatched it */
	struct frame *frames; /* innermost call first */
	struct temp *temps;
	uint32_t ntemps, temps_cap;
	uint32_t temps_counted; /* every live temporary below this index holds its count */
	uint32_t temp_free;	/* released slots below the first frame, as frame.temp_free */
	uint32_t ntries;
	struct tryrec tries[BSS_MAX_TRIES];
	struct bss_error err; /* the error in flight */
	enum thread_state state;
	struct thread *next; /* run queue or lock wait queue */
	void *stack;
	size_t stack_size;
	void (*entry)(void *);
	void *arg;
	uint32_t id;
	struct server *blocked_on;  /* lock wait, for messages */
	uint64_t wait_key;	    /* bss_wait() key while waiting */
	uint8_t irq;		    /* an interrupt pseudo-thread: see lock_release */
	uint8_t reaper;		    /* destroys a crashed server (crash.c; dma.c's quarantine) */
	uint8_t no_block;	    /* running an interrupt handler: blocking throws */
	uint8_t cancel;		    /* a crashed server is on its call chain (crash.c) */
	uint8_t destroying;	    /* nested destructions under way (ref.c put_last) */
	uint8_t unwinding;	    /* core_rethrow is unwinding its frames */
	struct thread_owner *owner; /* NULL: scheduled by the core's run queue */
	struct thread *all_next,
		*all_prev; /* every thread from thread_new, for sysinfo and crash.c */
	/*
	 * While blocked in a wait a crash may end (bss_wait, a timer's sleep):
	 * takes the thread off that wait's list. Set by the waiting code.
	 */
	void (*unwait)(struct thread *t);
	struct server *wait_srv; /* bss_wait(): the server whose cond_waiters hold it */
};

/* ---- handles (ref.c) ---- */
#define H_PERM (1ull << 63)
#define H_PERM_IDX(h) ((uint32_t)((h)&0xffffff))
#define H_PERM_GEN(h) ((uint32_t)(((h) >> 24) & 0xffffffffu))
#define H_MAKE_PERM(idx, gen) (H_PERM | ((uint64_t)(gen) << 24) | (idx))
#define H_TEMP_IDX(h) ((uint32_t)((h)&0xfffff))
#define H_TEMP_STAMP(h) ((h) >> 20)
#define H_MAKE_TEMP(idx, stamp) (((uint64_t)(stamp) << 20) | (idx))

extern struct thread *cur_thread;    /* the running BSS thread */
extern struct server *kernel_server; /* the runtime's own references live here */

/* mem.c */
void *core_alloc(size_t size);	   /* zeroed; throws BSS_E_NOMEM */
void *core_try_alloc(size_t size); /* zeroed; NULL if exhausted */
void core_free(void *p, size_t size);
size_t core_mem_in_use(void);

/* ref.c: the current thread's view; all throw on a bad handle. */
struct server *ref_resolve(bss_ref_t h);
struct server *ref_resolve_in(struct thread *t, struct server *holder, bss_ref_t h);
bss_ref_t ref_new_temp(struct thread *t, struct server *holder, struct server *target);
/* arr[0..n): servers (0: none) in, temporaries of holder out */
void ref_new_temps(struct thread *t, struct server *holder, uintptr_t *arr, uint64_t n);
/* A new temporary that takes over a count the caller took with server_get(target, NULL, ..). */
bss_ref_t ref_new_temp_from_count(struct thread *t, struct server *holder, struct server *target);
/* The permanent reference h of holder becomes a temporary (system call unkeep); 0 if it died. */
bss_ref_t ref_unkeep(struct thread *t, struct server *holder, bss_ref_t h);
bss_ref_t ref_new_perm(struct server *holder, struct server *target);
bss_ref_t ref_keep(bss_ref_t h);
bss_ref_t ref_temp(bss_ref_t h);
void ref_release(bss_ref_t h);
bss_ref_t ref_weak(bss_ref_t h, bss_ref_t notify);
void ref_release_temps(struct thread *t, uint32_t top);
void temps_commit(struct thread *t);
void server_unheld(struct server *o);

/* A frame leaves owner o: its counted hold on o ends (o dies if it was the last, ref.c). */
static inline void server_unhold(struct server *o)
{
	if (unlikely(--o->group_refs == 0) && !o->pinned)
		server_unheld(o);
}

/* Frame f ends: its hold on its callee, if counted (frame.held). */
static inline void frame_unhold(struct frame *f)
{
	if (f->held)
		server_unhold(f->callee);
}
void ref_drop_perms(struct server *holder);
void server_get(struct server *s, struct server *holder, uint8_t *inner);

/*
 * The common cases of ref_resolve_in, inline, for the call path and the
 * system calls: a valid handle's target, or NULL for anything else (which
 * ref_resolve_in then checks in full, and throws for).
 */
static inline struct server *ref_lookup_perm(struct server *holder, bss_ref_t h)
{
	uint32_t idx = H_PERM_IDX(h);

	if (likely(idx < holder->nperm)) {
		struct perm *p = &holder->perm[idx];
		struct server *s = p->target;
		if (likely(p->used && p->gen == H_PERM_GEN(h) && s && !s->dead))
			return s;
	}
	return NULL;
}

static inline struct server *ref_lookup_temp(struct thread *t, struct server *holder, bss_ref_t h)
{
	uint32_t idx = H_TEMP_IDX(h);

	if (likely(idx < t->ntemps)) {
		struct temp *e = &t->temps[idx];
		struct server *s = e->target;
		if (likely(s && e->stamp == H_TEMP_STAMP(h) && e->holder == holder && !s->dead))
			return s;
	}
	return NULL;
}

static inline struct server *ref_lookup(struct thread *t, struct server *holder, bss_ref_t h)
{
	if (h & H_PERM)
		return ref_lookup_perm(holder, h);
	return ref_lookup_temp(t, holder, h);
}
void server_put(struct server *s, uint8_t inner);

/* server.c */
struct server *server_new_kernel(uint32_t svc_id, const struct bss_service_desc *desc, void *self,
				 const char *name, uint32_t attrs);
struct server *server_new_local(struct server *parent, const struct bss_local_desc *d, void *obj);
/* Up to max objects of o's dead BSS_REAP local servers into objs; how many. */
uint32_t server_reap(struct server *o, uint64_t *objs, uint32_t max);
void server_destroy(struct server *owner);
/* A BSS_REAP local nothing names, straight to its owner's reaped list: true if it was one */
bool server_reap_gone(struct server *l);
void server_crash_destroy(struct server *owner);
void server_invalidate_weak(struct server *s);
const char *server_name(const struct server *s);
/* Loaded owners, oldest first (sysinfo): linked once loaded, unlinked when freed. */
extern struct server *loaded_servers;
void server_link_loaded(struct server *s);

/* lock.c */
void lock_acquire(struct thread *t, struct server *s);
void lock_release(struct thread *t, struct server *s);
void lock_take(struct thread *t, struct server *s);
void lock_commit(struct thread *t);
bool thread_in_chain(struct thread *t, struct server *owner);

/* call.c */
uint64_t call_enter_server(struct server *s, unsigned fn, const uint64_t *args, int nargs);
void call_frame_enter(struct thread *t, struct frame *f, struct server *callee, bool atomic);
void call_frame_leave(struct thread *t, struct frame *f);
/* The full return of a frame the common call path pushed (callpath.S too); returns r. */
uint64_t call_leave(struct frame *f, uint64_t r);
void call_notify_dead(struct server *n, bss_ref_t weak);
/* fn(self, a0) of server s (a constructor, destructor, notification), in s's address space. */
uint64_t call_invoke(struct server *s, bss_fn_t fn, void *self, uint64_t a0);

/* thread.c */
struct thread *thread_new(void (*entry)(void *), void *arg, size_t stack_size);
void thread_free(struct thread *t);
void thread_make_runnable(struct thread *t);
void thread_block(void); /* return to the host; resumes when woken and dispatched */
void thread_dispatch(struct thread *t);
void thread_requeue(void);
void thread_may_block(void); /* throws if the current thread must not block */
void sched_run(void);	     /* run threads until none is left and nothing can happen */
struct thread *sched_boot_thread(void);
uint32_t sched_live_threads(void);
/* Every thread made by thread_new and not yet freed, oldest first (sysinfo, crash.c). */
extern struct thread *all_threads;
extern uint64_t sched_switches; /* grows whenever a thread is dispatched or the CPU idles */

/* crash.c: destroying a server whose code went wrong (docs/recovery.md) */
void core_crash(struct server *s, const char *why);
_Noreturn void core_crash_throw(uint32_t id, int32_t err, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void core_cancel_point(struct thread *t);
void core_uncaught_in(struct server *s, const struct bss_error *err, const char *where);
/* A thread the hang watchdog caught in kernel code (a delay): it throws at the next hang point. */
extern struct thread *volatile core_hung;
void core_hang_point(void);
bool core_chain_crashed(struct thread *t, struct frame *from, struct server *cur);

/* inject.c: fault injection (docs/faults.md) */
void core_inject_arm(uint32_t site, uint64_t seed, uint64_t arm_ns, bool persistent);
uint64_t core_inject_probe(uint32_t site);
void core_inject_profile(uint64_t from_ns);

/* error.c */
_Noreturn void core_throw(uint32_t id, int32_t err, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
_Noreturn void core_rethrow(void);
struct jmpctx *core_try_push(struct bss_try *user);
void core_try_pop(struct bss_try *user);
_Noreturn void jmp_resume(struct jmpctx *ctx, int value); /* try.S */
/* try.S: push a try record for the current thread and save the caller's registers in it. */
__attribute__((returns_twice)) int bss_sys_try(struct bss_try *user);
void core_report_uncaught(struct thread *t);
int core_trycall(void (*fn)(void *), void *arg, struct bss_error *err);

/* debug output with the core's formatter */
void core_log(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* svc.c: the service definitions the runtime knows */
const struct bss_svc_def *svc_lookup(uint32_t id);

#endif
