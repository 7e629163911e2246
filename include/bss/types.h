/*
 * Basic types shared by servers, the core and the tools.
 *
 * A server sees other servers only through references: opaque 64-bit handles
 * that mean something only to the runtime that handed them out.
 */
#ifndef BSS_TYPES_H
#define BSS_TYPES_H

#include <stddef.h>
#include <stdint.h>

typedef uint64_t bss_ref_t;

/* A code address inside a server file; the loader checks every one. */
typedef void (*bss_fn_t)(void);

/* The null reference: passed where no server is meant. */
#define BSS_NO_REF ((bss_ref_t)0)

/*
 * Required service n is always reachable through this constant handle: the
 * loader fills the server's permanent reference slots 0..n-1 before the
 * constructor runs, and they cannot be released.
 */
#define BSS_REQ(n) ((bss_ref_t)((1ull << 63) | (uint64_t)(n)))

/*
 * Outgoing service calls and system calls are calls to undefined, hidden
 * symbols with reserved names; the loader binds each one at load time.
 */
#define BSS_IMPORT extern __attribute__((visibility("hidden")))

/* An error as it travels from a throw to the nearest catch. */
struct bss_error {
	uint32_t id;   /* BSS error ID: enum bss_error_id or server-defined */
	int32_t err;   /* POSIX errno value, 0 if none */
	char msg[120]; /* NUL-terminated, truncated if longer */
};

/* Where a catch finds the error; see BSS_TRY in bss/server.h. */
struct bss_try {
	struct bss_error err;
};

/* BSS error IDs used by the runtime; servers define their own from BSS_E_USER. */
enum bss_error_id {
	BSS_E_NONE = 0,
	BSS_E_BADREF = 1,     /* forged, stale or foreign reference */
	BSS_E_DEAD = 2,	      /* weak reference to a server that died */
	BSS_E_WRONGSVC = 3,   /* target does not implement the called service */
	BSS_E_CALLBACK = 4,   /* callback into a server that forbids them */
	BSS_E_NOMEM = 5,      /* out of memory */
	BSS_E_FAULT = 6,      /* CPU exception in a server */
	BSS_E_LOAD = 7,	      /* server file rejected */
	BSS_E_UNRESOLVED = 8, /* a required service could not be resolved */
	BSS_E_INVAL = 9,      /* bad argument to a system call or service */
	BSS_E_LIMIT = 10,     /* a fixed limit was reached */
	BSS_E_OVERFLOW = 11,  /* a queue or buffer is full */
	BSS_E_USER = 0x10000  /* first ID free for servers */
};

#endif
