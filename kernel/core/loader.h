/*
 * Server files: signatures, call-site imports and the loader's interface.
 */
#ifndef CORE_LOADER_H
#define CORE_LOADER_H

#include "core.h"

enum arg_kind { K_VOID = 0, K_W, K_Q, K_REF, K_IN, K_OUT, K_INOUT, K_REFS_IN, K_REFS_OUT };

/* Elements of one reference array argument (a batch). */
#define BSS_MAX_REF_ARRAY 256

/* A parsed signature string ("w_o1w"): see docs/services.md. */
struct callsig {
	uint8_t ret; /* K_VOID, K_W, K_Q or K_REF */
	uint8_t nargs;
	uint8_t kind[4];
	uint8_t size_arg[4]; /* buffers and reference arrays: index of the size argument */
	uint32_t ref_svc[4]; /* references and reference arrays: service ID, 0 = any */
	uint32_t ret_svc;
	/*
	 * "Filled" out-buffers and out-arrays ('p', 'P'): bytes per unit of the
	 * return value (0: an ordinary one). The callee fills the first
	 * return * fill[i] bytes; the runtime neither zeroes the buffer in the
	 * caller's space nor hands back more than that (docs/server-model.md).
	 */
	uint8_t fill[4];
	uint8_t filled;	 /* some argument has fill[i] */
	uint8_t simple;	 /* values only: no translation on the call path */
	uint8_t results; /* a reference or an out-array of them comes back (call.c) */
	uint8_t work;	 /* bit i: argument i is resolved, zeroed or passed by call_slow */
};

/*
 * One imported service function of a loaded server (all call sites calling
 * it share one stub). The stub passes its address to bss_call_entry in %r9,
 * which no call site uses: service functions take at most four arguments
 * besides the target reference.
 */
struct import {
	uint32_t svc_id;
	uint16_t fn;
	uint8_t atomic;
	uint8_t slow; /* !sig.simple */
	struct callsig sig;
	uint8_t *stub; /* the call stub with its inline cache; NULL for runtime calls */
	struct server
		*holder; /* the server whose code calls: t->cur at every call through the stub */
	struct server *cached; /* bss_call_cached: the target of the handle in the stub's cache */
	bss_fn_t cached_fn; /* ... its function called here, and that function's first argument */
	void *cached_self;
	uint32_t fills; /* times the stub's cache was filled (call.c bounds them) */
};

/* sig.c: returns NULL or a message describing what is wrong. */
const char *sig_parse(const char *s, struct callsig *out);

/* call.c */
uint64_t bss_call_entry(uint64_t h, uint64_t a1, uint64_t a2, uint64_t a3, uint64_t a4,
			const struct import *imp);
uint64_t bss_call_cached(uint64_t h, uint64_t a1, uint64_t a2, uint64_t a3, uint64_t a4,
			 const struct import *imp);
uint64_t bss_call_general(uint64_t h, uint64_t a1, uint64_t a2, uint64_t a3, uint64_t a4,
			  const struct import *imp);
uint64_t bss_call_cached_space(uint64_t h, uint64_t a1, uint64_t a2, uint64_t a3, uint64_t a4,
			       const struct import *imp);
/* A service call made by runtime code (running as cur_thread->cur). */
uint64_t core_call(bss_ref_t h, uint32_t svc_id, unsigned fn, uint64_t a1, uint64_t a2, uint64_t a3,
		   uint64_t a4);

/* sys.c: the system calls a server file may import, by name */
void *sys_lookup(const char *name);
/* The name a system call's function has in the table, NULL if none. */
const char *sys_name(const void *fn);
uint32_t sys_reap(uint64_t *objs, uint32_t max);
void sys_release_n(const bss_ref_t *refs, uint32_t n);
uint32_t sys_keep_n(const bss_ref_t *in, bss_ref_t *out, uint32_t n);
uint32_t sys_unkeep_n(const bss_ref_t *in, bss_ref_t *out, uint32_t n);
struct bss_pkt_desc;
uint32_t sys_here_n(const bss_ref_t *refs, const struct bss_pkt_desc *d, uint64_t *addrs,
		    uint32_t n);
uint64_t sys_same_n(const bss_ref_t *a, const bss_ref_t *b, uint32_t n);

/* loader.c */
struct load_result {
	struct server *server; /* NULL on rejection */
	char error[256];       /* "<file>: section <s> offset 0x<o>: <message>" */
};
/*
 * Query hook: return the server that resolves required service svc_id of
 * the server being loaded, or NULL (the load then fails naming the service).
 */
typedef struct server *(*query_fn)(void *ctx, uint32_t svc_id);

/*
 * Check and load a server file image (it is copied; the caller keeps data).
 * On success the new server is referenced once by a permanent reference of
 * the current server (returned in *ref) and its constructor has run; on any
 * failure nothing stays allocated and the error message says why.
 */
int image_load(const char *file, const void *data, size_t size, query_fn query, void *qctx,
	       bss_ref_t *ref, char *err, size_t errlen);
/* Set by a runtime: image_load() prints where each image's sections land. */
extern bool core_loadmap;
void image_free(struct server *s);
/* The base name of the file a loaded server came from ("pci.srv"), "" for others. */
const char *image_file(const struct server *s);
bool image_owns_local_desc(const struct server *s, const struct bss_local_desc *d);

/* loader_check.c */
/* What the inspector is told about a file that passed every check. */
struct inspect_ops {
	void (*section)(void *ctx, const char *name, uint32_t type, uint64_t flags, uint64_t size);
	void (*info)(void *ctx, const struct bss_info *raw); /* pointers unrelocated */
	void (*local)(void *ctx, const struct bss_local_desc *raw);
	void (*call_site)(void *ctx, const char *section, uint64_t offset, const char *symbol);
};
/* Run every load-time check without loading; report through ops. 0 if the file is good. */
int loader_check(const char *file, const void *data, size_t size, const struct inspect_ops *ops,
		 void *ctx, char *err, size_t errlen);

/*
 * stub.c: the inline cache of an import's stub: bind it to a leaf's
 * function, or to bss_call_cached for target; forget handle h of holder.
 */
void image_cache_call(struct import *imp, bss_ref_t h, void *self, bss_fn_t fn);
void image_cache_full(struct import *imp, bss_ref_t h, struct server *target);
void image_uncache(struct server *holder, bss_ref_t h);

#endif
