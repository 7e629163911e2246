/*
 * Address spaces of isolated servers (docs/isolation.md).
 *
 * Layout: one page table. PML4 entry 0 is the kernel's identity map,
 * supervisor-only. PML4 entry 1 covers the isolated spaces, one GiB each
 * (space i at USPACE_BASE + i GiB, its own page directory), supervisor-only
 * except the one space that is open (uspace_open): ring 3 runs only the
 * open space's code, so it reaches only its own GiB, and the kernel reaches
 * every space's memory at the address the space's server uses.
 *
 * Calls (ucall.c, uentry.S): a thread enters an isolated server by opening
 * its space and an IRETQ to ring 3, on a stack of its own in that space,
 * with a return address that traps back (vector 0x81); its calls out trap
 * through vector 0x80. The kernel stack stays the thread's: each entry is
 * an activation (struct uact) on it, innermost last.
 */
#ifndef ARCH_USPACE_H
#define ARCH_USPACE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "trap.h"

#define USPACE_BASE (512ul << 30)
#define USPACE_SIZE (1ul << 30)
#define USPACE_MAX 64
#define USPACE_SYSCALL_VECTOR 0x80
#define USPACE_RETURN_VECTOR 0x81
#define USPACE_STACK (256 * 1024) /* each thread's stack in a space (room for copied buffers) */
#define USPACE_STACKS 128	  /* threads inside a space at once */
#define USPACE_ENTRY_OFFSET 16	  /* in the trampoline page: where calls enter */

struct thread;

struct ustack {
	struct thread *t; /* NULL: free */
	uint64_t top;	  /* 0: not reserved yet; the stack is [top - USPACE_STACK, top) */
	uint32_t active;  /* activations using it */
};

/* A page of another space mapped into this one (os_space_share). */
struct ushare {
	uint64_t src_va;    /* first page of the run in the source space; 0: free */
	uint64_t src_token; /* the source space (serial << 8 | index) */
	uint64_t va;	    /* where the run is mapped here */
	uint32_t npages;
};
#define USPACE_SHARES 2048
#define USPACE_PORTS 8 /* port ranges granted to a space (ioport.grant) */

/* Ports [base, base + count) its server's in/out instructions may use. */
struct uports {
	uint32_t base, count;
	uint32_t grants; /* ioport windows that granted it */
};

struct uspace {
	uint64_t *pd;
	uint64_t base;	     /* its GiB */
	uint64_t brk;	     /* next free address in it */
	uint64_t hi;	     /* end of the highest page an entry was made for (pte) */
	uint64_t trampoline; /* the return address of every entry: int $0x81 */
	unsigned index;
	uint64_t serial; /* unique: mappings name their space by it */
	uint8_t dead;	 /* a fault ended its server */
	char fault[120]; /* what ended it */
	char name[32];	 /* its server's file, or its domain's name */
	char domain[24]; /* "": a space of its own (loader.isolate_in) */
	unsigned users;	 /* images loaded into it: a domain's space goes with its last */
	struct ustack stacks[USPACE_STACKS];
	struct ustack *hot; /* the last one used */
	struct ushare shares[USPACE_SHARES];
	struct uports ports[USPACE_PORTS];
	unsigned nports;
};

/* Installs the gates and the kernel's view of PML4 entry 1; reads "isolate=" from the command line.
 */
void uspace_init(void);
struct uspace *uspace_create(const char *name);
void uspace_destroy(struct uspace *sp);
/* Pages mapped user-writable in sp at its next free address; 0 if exhausted. */
uint64_t uspace_map_new(struct uspace *sp, size_t size, bool guard);
/*
 * Address room for a stack in sp, after an unmapped guard page; its pages
 * are mapped when first touched (uspace_fault) or written by the kernel
 * (uspace_commit). 0 if exhausted.
 */
uint64_t uspace_reserve(struct uspace *sp, size_t size);
/* Maps the pages of [lo, hi) in sp's stacks that are not yet; false if out of memory. */
bool uspace_commit(struct uspace *sp, uint64_t lo, uint64_t hi);
bool uspace_range_ok(struct uspace *sp, uint64_t p, uint64_t n);
/* Why a space is opened (ustats.c counts each cause). */
enum uspace_why {
	USPACE_CALL,   /* a call enters its server */
	USPACE_RETURN, /* a system call returns to its server */
	USPACE_CATCH,  /* its server's try block catches */
	USPACE_WHYS
};
/* Makes sp the space ring 3 can reach (the only one). */
void uspace_open(struct uspace *sp, enum uspace_why why);
/* usweep.c: what a closing space's pages may have cached, invalidated (pdpte: its PDPT entry) */
extern bool uspace_full_flush;
extern uint64_t uspace_swept_pages, uspace_scanned_ptes, uspace_sweep_cycles;
void uspace_sweep(struct uspace *sp, uint64_t *pdpte);
/* A ring 3 protection fault at va that a stale translation made: dropped, retry. */
bool uspace_stale(struct uspace *sp, uint64_t va, bool write);
/* The space with that index, NULL if none. */
struct uspace *uspace_at(unsigned index);

/* ustats.c: what isolation costs, counted (sysinfo.spaces) */
extern uint64_t uspace_entries, uspace_syscalls;
void uspace_count_open(const struct uspace *from, const struct uspace *to, enum uspace_why why);
/* One system call of space sp through import number idx (counted by space_sys_kind's name). */
void uspace_count_sys(const struct uspace *sp, uint32_t idx);

/* ucall.c: the gates' C side */
void uspace_syscall(struct trap_frame *tf);
int uspace_fault(struct trap_frame *tf);
/* The watchdog's NMI found ring 3 code keeping the CPU for ms (fault.c, arch_hang). */
int uspace_hang(struct trap_frame *tf, unsigned ms);

#endif
