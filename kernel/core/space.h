/*
 * Isolated servers: a loaded server may run in an address space of its own
 * (in ring 3 on the bare-metal kernel) instead of the runtime's. The core
 * keeps the model's semantics across that boundary; the runtime provides
 * the spaces. See docs/isolation.md.
 *
 * A server file does not change: the loader binds its call sites to stubs
 * in its space that trap into the runtime with the import's number, and
 * the runtime hands the trap to space_syscall(). Every pointer such a
 * server passes is checked to lie in its own space before the runtime or
 * another server touches it (space_check_args, os_space_ok); buffers a call
 * passes into an isolated server are copied into its space and back.
 */
#ifndef CORE_SPACE_H
#define CORE_SPACE_H

#include "loader.h"

/* ---- provided by the runtime (kernel: arch/x86_64/uspace.c, ucall.c; hosted: stubs) ---- */

/* Whether the configuration isolates the server loaded from file. */
bool os_space_wanted(const char *file);
/* A new space for a server loaded from file if it is to be isolated; else (or if none is left)
 * NULL. */
void *os_space_new(const char *file);
/* Frees the space and everything allocated in it. */
void os_space_free(void *space);
/* size bytes (zeroed, page aligned) mapped in the space, at an address valid in every space
 * for the runtime and in this one for the server; NULL if exhausted. */
void *os_space_alloc(void *space, size_t size);
/*
 * Maps size bytes of the runtime's memory at kaddr (page aligned, whole
 * pages of their own) into the space, writable; returns the address there
 * (0: no room) and in *token a name for the mapping that outlives the space.
 */
uint64_t os_space_map(void *space, const void *kaddr, uint64_t size, uint64_t *token);
/*
 * The same for device memory: the physical range [phys, phys + size)
 * (phys page aligned), uncached; 0 if there is no room or the runtime has
 * no such mapping.
 */
uint64_t os_space_map_io(void *space, uint64_t phys, uint64_t size, uint64_t *token);
/*
 * Lets the space's code use I/O ports [base, base + count) by its own in
 * and out instructions until os_space_revoke_ports (or the space's end);
 * false if the runtime cannot (or the space has too many ranges). *token
 * names the space as os_space_map's does.
 */
bool os_space_grant_ports(void *space, uint32_t base, uint32_t count, uint64_t *token);
/* Undoes a grant of the same range; nothing if the space is gone. */
void os_space_revoke_ports(uint64_t token, uint32_t base, uint32_t count);
/* Undoes os_space_map and os_space_map_io; nothing if the space is gone. */
void os_space_unmap(uint64_t token, uint64_t va, uint64_t size);
/*
 * The address in space `to` of the len bytes at addr in another isolated
 * space, whose pages are mapped into `to` (once; they go when either space
 * does); 0 if addr is not in an isolated space.
 */
uint64_t os_space_share(void *to, uint64_t addr, uint64_t len);
/*
 * The same where os_space_share mapped a run from addr's page on into
 * `to` before (covering len bytes), without mapping anything; else 0.
 */
uint64_t os_space_shared(void *to, uint64_t addr, uint64_t len);
/* Whether the mapping's space still exists. */
bool os_space_mapped(uint64_t token);
/* Whether [p, p + n) lies in the space and is mapped there. */
bool os_space_ok(void *space, uint64_t p, uint64_t n);
/*
 * Runs fn(self, a[0..3]) of the isolated server owner (or one of its locals)
 * in its space, on the calling thread; buffers and reference arrays named by
 * sig (NULL: values only) are copied in and out. Throws BSS_E_DEAD if a
 * fault ended the server.
 */
uint64_t os_space_call(struct server *owner, bss_fn_t fn, void *self, const struct callsig *sig,
		       uint64_t a[4]);
/*
 * The spaces a context has entered are part of it: saved before it switches
 * away and restored when it runs again (thread.c). A new context starts in
 * none (state 0).
 */
uint64_t os_space_ctx_save(void);
void os_space_ctx_restore(uint64_t state);
/* An error resumes a try whose stack pointer is sp: leave the spaces entered below it. */
void os_space_unwind(uint64_t sp);
/*
 * What isolation costs so far, as "name value" lines (sysinfo.spaces):
 * openings of a space (a TLB flush each) by cause and spaces, ring
 * crossings; the length written (0: a runtime without spaces).
 */
uint32_t os_space_stats(char *buf, uint32_t n);
/* The system calls try/untry made by the isolated server running now. */
uint64_t os_space_try(uint64_t user_try);
void os_space_untry(uint64_t user_try);

/* ---- core side (space.c) ---- */

/*
 * The call an isolated server made through its import number idx, with
 * the argument registers a[0..4]; returns the call's result.
 */
uint64_t space_syscall(uint64_t idx, const uint64_t a[5]);
/*
 * What import number idx of the running isolated server is, for a count:
 * a system call's name ("release"), or (*call set) the service a call goes
 * to ("queue"); "?" for no import. The string stays as long as the kernel.
 */
const char *space_sys_kind(uint64_t idx, bool *call);
/* The running server's import number idx (what its count is cached by), NULL for none. */
const void *space_sys_import(uint64_t idx);
/* Throws unless every buffer and reference array of a call from the isolated caller lies in its
 * space. */
void space_check_args(struct server *caller, const struct callsig *sig, const uint64_t a[4]);
/* The byte count of argument i's buffer (its size argument). */
uint64_t space_count_arg(const struct callsig *sig, const uint64_t *a, unsigned i);
/* The server's space, NULL if it runs in the runtime's. */
static inline void *space_of(const struct server *s)
{
	return s->owner->space;
}

#endif
