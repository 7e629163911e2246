/*
 * The binary layout of BSS metadata inside a server file.
 *
 * A server file is an ELF64 relocatable object (x86_64). Next to its code and
 * data it carries:
 *   .bss_info    exactly one struct bss_info: the implemented service, private
 *                data size, constructor/destructor, stack need, thread
 *                attributes and required services;
 *   .bss_locals  zero or more struct bss_local_desc: the local servers it can
 *                create.
 * Outgoing service calls and system calls are relocations against undefined
 * symbols with reserved names (see docs/server-file.md):
 *   __bss_call.<service id, 8 hex>.<function index>.<signature>[.a]
 *   __bss_sys.<name>
 * Function pointers in the metadata are ordinary R_X86_64_64 relocations; the
 * loader checks that each one lands in an executable section.
 */
#ifndef BSS_ABI_H
#define BSS_ABI_H

#include <bss/types.h>

#define BSS_INFO_MAGIC 0x4f464e49u  /* "INFO" */
#define BSS_LOCAL_MAGIC 0x4c434f4cu /* "LOCL" */
#define BSS_ABI_VERSION 1

#define BSS_MAX_FUNCS 32 /* functions per service */
#define BSS_MAX_REQS 16	 /* required services per server */
#define BSS_SIG_LEN 48	 /* longest signature string + NUL */
#define BSS_NAME_LEN 32

#define BSS_DEFAULT_STACK 8192u
#define BSS_MAX_STACK (256u * 1024) /* what one call may need */
#define BSS_MAX_DATA (64ull << 20)  /* private data of one server */

/* Thread attributes (bss_info.attrs, bss_local_desc.attrs). */
enum bss_attr {
	BSS_AUTOLOCK = 0,   /* default: locked while running, unlocked at each outgoing call */
	BSS_SERIALIZED = 1, /* locked while running, also across outgoing calls */
	BSS_THREADSAFE = 2, /* never locked by the runtime */
	BSS_MODE_MASK = 3,
	BSS_NO_CALLBACKS = 4, /* a thread already inside may not re-enter */
	BSS_INHERIT = 8,      /* local servers: use the parent's mode (the default) */
	BSS_ATTR_MASK = 15,
	/*
	 * Servers only: an error that escapes a thread body or an interrupt
	 * handler of the server crashes it (docs/recovery.md), as a fault
	 * does; for servers a supervisor restarts, such as drivers.
	 */
	BSS_FAILSTOP = 16,
	/*
	 * Local servers only: no destructor; when the last reference goes,
	 * the object waits in the runtime until its server takes it back
	 * with bss_reap, several at a time (docs/server-model.md).
	 */
	BSS_REAP = 32
};
#define BSS_REAP_MAX 4096u   /* objects one bss_reap may ask for */
#define BSS_RELEASE_MAX 256u /* references one bss_release_n gives up */
#define BSS_KEEP_MAX 256u    /* references one bss_keep_n or bss_unkeep_n takes */
#define BSS_HERE_MAX 256u    /* packets one bss_here_n answers for */
#define BSS_SAME_MAX 64u     /* pairs one bss_same_n compares (a bit each) */

/* The service a server or local server implements. */
struct bss_service_desc {
	uint32_t svc_id;
	uint32_t nfuncs;
	bss_fn_t funcs[BSS_MAX_FUNCS];
	char sigs[BSS_MAX_FUNCS][BSS_SIG_LEN];
};

struct bss_info {
	uint32_t magic;
	uint32_t version;
	uint32_t attrs;
	uint32_t nreqs;
	uint64_t data_size;
	uint64_t stack_size;
	char name[BSS_NAME_LEN];
	bss_fn_t ctor;		     /* void ctor(T *self), may be NULL */
	bss_fn_t dtor;		     /* void dtor(T *self), may be NULL */
	uint32_t reqs[BSS_MAX_REQS]; /* service ID of required slot n */
	struct bss_service_desc svc;
};

struct bss_local_desc {
	uint32_t magic;
	uint32_t attrs;
	char name[BSS_NAME_LEN];
	bss_fn_t dtor; /* void dtor(T *obj), may be NULL */
	struct bss_service_desc svc;
	uint8_t pad[8]; /* size a multiple of 64: see BSS_LOCAL_ALIGN */
};

/*
 * Compilers raise the alignment of large objects (GCC: to 32 bytes), which
 * would leave gaps in the .bss_locals array; aligning each description to 64
 * and making its size a multiple of 64 keeps the array dense.
 */
#define BSS_LOCAL_ALIGN 64

_Static_assert(sizeof(struct bss_service_desc) == 8 + 32 * 8 + 32 * 48, "service desc layout");
_Static_assert(sizeof(struct bss_info) % 8 == 0, "bss_info must tile an array");
_Static_assert(sizeof(struct bss_local_desc) % BSS_LOCAL_ALIGN == 0, "local descs are an array");

#endif
