/*
 * The server author's API: everything a server needs, nothing runtime-specific.
 *
 *	#include <bss/server.h>
 *	#include <svc/counter.h>
 *
 *	struct ctr { uint64_t n; };
 *	BSS_SERVER(COUNTER, struct ctr, ctr,
 *		   .ctor = BSS_CTOR(ctr_init),
 *		   BSS_REQUIRES(DEBUG_SVC_ID));
 *	uint64_t ctr_get(struct ctr *self) { return self->n; }
 *
 * BSS_SERVER declares the implementation prototypes of the service (prefix
 * ctr_: ctr_get, ctr_add, ...), so the compiler checks every signature, and
 * emits the .bss_info metadata. The private data (struct ctr) is allocated
 * zeroed by the runtime and passed as the first argument of every function.
 *
 * Optional settings are designated initializers of struct bss_info:
 *	.ctor = BSS_CTOR(f), .dtor = BSS_CTOR(f)   constructor / destructor
 *	.attrs = BSS_THREADSAFE | BSS_NO_CALLBACKS  thread attributes
 *	.stack_size = 16384                         stack one call needs
 *	BSS_REQUIRES(id0, id1, ...)                 required services: slots 0, 1, ...
 * A required service n is called through the constant reference BSS_REQ(n).
 */
#ifndef BSS_SERVER_H
#define BSS_SERVER_H

#include <stdbool.h>
#include <bss/abi.h>
#include <bss/errno.h>

/* The macros below line up the fields they fill, by hand. */
/* clang-format off */
#define BSS_CTOR(f) ((bss_fn_t)(f))

#define BSS__NARGS(...) BSS__NARGS_(__VA_ARGS__, 16, 15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0)
#define BSS__NARGS_(a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11, a12, a13, a14, a15, a16, n, ...) n
#define BSS_REQUIRES(...) .reqs = { __VA_ARGS__ }, .nreqs = BSS__NARGS(__VA_ARGS__)

/* Defaults first, the author's settings after them (they override). */
#define BSS__OVERRIDE_BEGIN _Pragma("GCC diagnostic push") \
	_Pragma("GCC diagnostic ignored \"-Woverride-init\"")
#define BSS__OVERRIDE_END _Pragma("GCC diagnostic pop")

#define BSS_SERVER(SVC, T, p, ...)                                                   \
	SVC##_IMPL_PROTOS(T, p)                                                      \
	BSS__OVERRIDE_BEGIN                                                          \
	__attribute__((used, section(".bss_info"), aligned(8)))                      \
	static const struct bss_info bss_server_info = {                                    \
		.magic = BSS_INFO_MAGIC,                                             \
		.version = BSS_ABI_VERSION,                                          \
		.data_size = sizeof(T),                                              \
		.stack_size = BSS_DEFAULT_STACK,                                     \
		.name = #p,                                                          \
		.svc = { .svc_id = SVC##_SVC_ID,                                     \
			 .nfuncs = SVC##_NFUNCS,                                     \
			 .funcs = { SVC##_IMPL_FUNCS(p) },                           \
			 .sigs = { SVC##_SIGS } },                                   \
		__VA_ARGS__ };                                                       \
	BSS__OVERRIDE_END

/*
 * A local server: an object of the server (type T, memory owned by the server)
 * that also implements a service. Create one with bss_local(&var, obj); the
 * reference is indistinguishable from a reference to any other server. Its
 * functions run under the parent's lock (unless .attrs says otherwise) and get
 * obj as their first argument. It dies when its last reference goes (its
 * destructor runs) and, at the latest, with its parent.
 */
#define BSS_LOCAL_SERVER(var, SVC, T, p, ...)                                        \
	SVC##_IMPL_PROTOS(T, p)                                                      \
	BSS__OVERRIDE_BEGIN                                                          \
	__attribute__((used, section(".bss_locals"), aligned(BSS_LOCAL_ALIGN)))      \
	static const struct bss_local_desc var = {                                   \
		.magic = BSS_LOCAL_MAGIC,                                            \
		.attrs = BSS_INHERIT,                                                \
		.name = #p,                                                          \
		.svc = { .svc_id = SVC##_SVC_ID,                                     \
			 .nfuncs = SVC##_NFUNCS,                                     \
			 .funcs = { SVC##_IMPL_FUNCS(p) },                           \
			 .sigs = { SVC##_SIGS } },                                   \
		__VA_ARGS__ };                                                       \
	BSS__OVERRIDE_END
/* clang-format on */

/* ---- System calls ---------------------------------------------------- */

/* A new permanent reference to the same server, owned by this server. */
BSS_IMPORT bss_ref_t bss_keep(bss_ref_t ref) __asm__("__bss_sys.keep");
/* A new temporary reference (released when the current function returns). */
BSS_IMPORT bss_ref_t bss_temp(bss_ref_t ref) __asm__("__bss_sys.temp");
/* Give up a reference now; required slots cannot be released. */
BSS_IMPORT void bss_release(bss_ref_t ref) __asm__("__bss_sys.release");
/*
 * Give up refs[n - 1] down to refs[0] (n at most BSS_RELEASE_MAX) in one
 * call, as n bss_release calls would; the first bad one throws.
 */
BSS_IMPORT void bss_release_n(const bss_ref_t *refs, uint32_t n) __asm__("__bss_sys.release_n");
/*
 * A weak permanent reference: does not keep the target alive; once the
 * target dies, calls through it throw BSS_E_DEAD. If notify is a reference to
 * this server or one of its local servers implementing the weaknotify
 * service, its dead() function is called with the weak handle.
 */
BSS_IMPORT bss_ref_t bss_weak(bss_ref_t ref, bss_ref_t notify) __asm__("__bss_sys.weak");
/* A temporary reference to this server itself. */
BSS_IMPORT bss_ref_t bss_self(void) __asm__("__bss_sys.self");
/* Create a local server; returns a temporary reference to it. */
BSS_IMPORT bss_ref_t bss_local(const struct bss_local_desc *desc,
			       void *obj) __asm__("__bss_sys.local");
/* Do two references name the same server? */
BSS_IMPORT int bss_same(bss_ref_t a, bss_ref_t b) __asm__("__bss_sys.same");
/*
 * bss_same of a[i] and b[i] for i below n (at most BSS_SAME_MAX): bit i
 * of the answer set where they name the same live server (a 0 never
 * does).
 */
BSS_IMPORT uint64_t bss_same_n(const bss_ref_t *a, const bss_ref_t *b,
			       uint32_t n) __asm__("__bss_sys.same_n");
/*
 * Does ref's server run in this server's address space (or this one in
 * the runtime's, which reads every space)? Then an address of its memory
 * is valid here as it is; otherwise only its map() gives one. ref 0: is
 * this server in the runtime's space (so the answer is always yes)?
 */
BSS_IMPORT int bss_near(bss_ref_t ref) __asm__("__bss_sys.near");
/*
 * Where this server may read the len bytes at addr of ref's server
 * without entering it: addr where bss_near(ref) says yes, the address of
 * pages the runtime shared with this server before (through ref's map(),
 * same space of origin), else 0 (then map() is the way). It does not
 * throw: a dead server's reference gives 0 (and map() the error).
 */
BSS_IMPORT uint64_t bss_here(bss_ref_t ref, uint64_t addr, uint64_t len) __asm__("__bss_sys.here");
struct bss_pkt_desc;
/*
 * bss_here for n packets at once (n at most BSS_HERE_MAX): addrs[i] is
 * bss_here(refs[i], d[i].addr, d[i].cap), or 0 where d[i] is not valid or
 * points past its buffer (include/bss/pktdesc.h); returns how many are
 * not 0. One system call for a batch where n would be one each.
 */
BSS_IMPORT uint32_t bss_here_n(const bss_ref_t *refs, const struct bss_pkt_desc *d, uint64_t *addrs,
			       uint32_t n) __asm__("__bss_sys.here_n");

/*
 * A failed assertion: this server is broken. It is destroyed as if it had
 * faulted (docs/recovery.md); the caller gets BSS_E_FAULT.
 */
BSS_IMPORT _Noreturn void bss_abort(const char *msg) __asm__("__bss_sys.abort");
/*
 * A permanent reference of this server becomes a temporary one, or 0 if its
 * target has died; the permanent reference is released either way.
 */
BSS_IMPORT bss_ref_t bss_unkeep(bss_ref_t ref) __asm__("__bss_sys.unkeep");
/*
 * A temporary reference becomes a permanent one: bss_keep, then
 * bss_release of the temporary, in one call. Throws as bss_keep does (the
 * temporary is then still there), and BSS_E_INVAL for a permanent one.
 */
BSS_IMPORT bss_ref_t bss_keep_temp(bss_ref_t temp) __asm__("__bss_sys.keep_temp");
/*
 * bss_keep of in[0], in[1], ... into out[] (n at most BSS_KEEP_MAX) in one
 * call, stopping before the first reference it does not keep at once (0,
 * bad, dead, or the table to grow); returns how many it kept. The caller's
 * own bss_keep of in[k] then throws the precise error or grows the table:
 * so no reference is kept that the caller does not learn of.
 */
BSS_IMPORT uint32_t bss_keep_n(const bss_ref_t *in, bss_ref_t *out,
			       uint32_t n) __asm__("__bss_sys.keep_n");
/*
 * bss_unkeep of in[0], in[1], ... into out[] (n at most BSS_KEEP_MAX) in
 * one call, an out[i] 0 for a dead target, stopping before the first it
 * does not unkeep at once (not one of this server's permanent references,
 * or the temporaries' table to grow); returns how many it unkept, and
 * the caller's own bss_unkeep of in[k] throws or grows the table.
 */
BSS_IMPORT uint32_t bss_unkeep_n(const bss_ref_t *in, bss_ref_t *out,
				 uint32_t n) __asm__("__bss_sys.unkeep_n");

/*
 * The objects (the obj of bss_local) of this server's local servers of a
 * BSS_REAP description whose last reference has gone since the last call,
 * at most max (BSS_REAP_MAX) into objs; returns how many. Each comes back
 * once; their destructors never run (docs/server-model.md).
 */
BSS_IMPORT uint32_t bss_reap(void **objs, uint32_t max) __asm__("__bss_sys.reap");

/*
 * The probe of a fault-injection site (docs/faults.md): 0, unless site is
 * the one the boot armed and its time has come; then a nonzero word the
 * fault takes its parameters from. Only generated fault mutants call it.
 */
BSS_IMPORT uint64_t bss_fault(uint32_t site) __asm__("__bss_sys.fault");

/* Abort the current service function and every caller up to the nearest catch. */
BSS_IMPORT _Noreturn void bss_throw(uint32_t id, int32_t err,
				    const char *msg) __asm__("__bss_sys.throw");

/*
 * try / catch:
 *	struct bss_try t;
 *	BSS_TRY(t) {
 *		... may throw, directly or in any server called ...
 *	} BSS_CATCH(t) {
 *		... t.err.id, t.err.err, t.err.msg ...
 *	}
 * Leave a try block only by falling off its end (no return/goto/break out of
 * it). Locals changed inside the block and read in the catch must be volatile.
 */
BSS_IMPORT __attribute__((returns_twice)) int
bss_try_enter(struct bss_try *t) __asm__("__bss_sys.try");
BSS_IMPORT void bss_try_leave(struct bss_try *t) __asm__("__bss_sys.untry");
/* clang-format off */
#define BSS_TRY(t) if (bss_try_enter(&(t)) == 0) {
#define BSS_CATCH(t) bss_try_leave(&(t)); } else
/* clang-format on */

/* Explicit locking, for servers that want finer control than the automatic lock. */
BSS_IMPORT void bss_lock(void) __asm__("__bss_sys.lock");
BSS_IMPORT void bss_unlock(void) __asm__("__bss_sys.unlock");

/*
 * Waiting inside a server: bss_wait(key) releases the server's lock and
 * blocks until another thread calls bss_wake(key, n) in the same server
 * (n = 0 wakes all; returns how many woke). Re-check the condition after
 * waking, as with any condition variable.
 */
BSS_IMPORT void bss_wait(uint64_t key) __asm__("__bss_sys.wait");
BSS_IMPORT uint32_t bss_wake(uint64_t key, uint32_t n) __asm__("__bss_sys.wake");

/* Debug output (one line per call is the convention). */
BSS_IMPORT void bss_debug(const char *text, uint32_t len) __asm__("__bss_sys.debug");

/* From the server library (serverlib/), linked into every server file. */
void bss_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int bss_snprintf(char *buf, size_t size, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void *memcpy(void *dst, const void *src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t n);
char *strstr(const char *s, const char *sub);

#endif
