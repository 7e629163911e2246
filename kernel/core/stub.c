/*
 * Call stubs: the code a loaded server's call sites reach, one stub per
 * imported function, written by the loader behind the image (loader.c).
 * A service call stub keeps an inline cache, filled by the call path
 * (call.c) and emptied when the cached reference is released (ref.c).
 */
#include "loader_internal.h"

/* A stub: movabs $arg,%r9 ; jmp *target. With arg 0 it is a plain far jump. */
void stub_write(uint8_t *p, uint64_t arg, uint64_t target)
{
	p[0] = 0x49;
	p[1] = 0xb9;
	put_u64(p + 2, arg);
	p[10] = 0xff; /* jmp *0(%rip) */
	p[11] = 0x25;
	put_u32(p + 12, 0);
	put_u64(p + 16, target);
	for (int i = 24; i < STUB_SIZE; i++)
		p[i] = 0xcc;
}

/*
 * A service call stub, with an inline cache in front of the generic path:
 *
 *  0  movabs $H, %rax        cached handle (0: empty, never matches a call)
 * 10  cmp %rax, %rdi
 * 13  jne 31
 * 15  movabs $X, %rdi/%r9    leaf: the target's private data; else the import
 * 25  jmp *48(%rip-rel)      leaf: the target's function; else bss_call_cached
 * 31  movabs $import, %r9
 * 41  jmp *56(%rip-rel)      bss_call_entry
 * 48  .quad fn   56  .quad bss_call_entry
 *
 * bss_call_entry fills the cache when it calls through a strong permanent
 * reference (call.c, which also bounds the refills); releasing that
 * reference empties it again
 * (image_uncache), so a stale handle still reaches the generic path and
 * throws.
 */
void stub_write_call(uint8_t *p, uint64_t imp)
{
	static const uint8_t code[48] = {
		0x48, 0xb8, 0,	  0, 0, 0, 0, 0, 0, 0, /* movabs $0, %rax */
		0x48, 0x39, 0xc7,		       /* cmp %rax, %rdi */
		0x75, 0x10,			       /* jne +16 */
		0x48, 0xbf, 0,	  0, 0, 0, 0, 0, 0, 0, /* movabs $0, %rdi */
		0xff, 0x25, 17,	  0, 0, 0,	       /* jmp *fn */
		0x49, 0xb9, 0,	  0, 0, 0, 0, 0, 0, 0, /* movabs $imp, %r9 */
		0xff, 0x25, 9,	  0, 0, 0,	       /* jmp *entry */
		0xcc,
	};

	__builtin_memcpy(p, code, sizeof(code));
	put_u64(p + 33, imp);
	put_u64(p + 48, 0);
	put_u64(p + 56, (uint64_t)(uintptr_t)bss_call_entry);
}

/*
 * An isolated server's stub, for service and system calls alike:
 *
 *  0  mov %rcx, %r10     SYSCALL overwrites rcx: the fourth argument moves
 *  3  mov $idx, %eax
 *  8  syscall            into the runtime (space_syscall)
 * 10  ret                with the result in %rax
 *
 * The other argument registers pass through untouched. The number is all
 * the server chooses: the runtime checks it against the server's imports.
 */
void stub_write_space(uint8_t *p, unsigned idx)
{
	p[0] = 0x49;
	p[1] = 0x89;
	p[2] = 0xca;
	p[3] = 0xb8;
	put_u32(p + 4, idx);
	p[8] = 0x0f;
	p[9] = 0x05;
	p[10] = 0xc3;
	for (int i = 11; i < STUB_SIZE; i++)
		p[i] = 0xcc;
}

void image_cache_call(struct import *imp, bss_ref_t h, void *self, bss_fn_t fn)
{
	uint8_t *p = imp->stub;

	imp->fills++;
	p[15] = 0x48; /* movabs $self, %rdi */
	p[16] = 0xbf;
	put_u64(p + 48, (uint64_t)(uintptr_t)fn);
	put_u64(p + 17, (uint64_t)(uintptr_t)self);
	put_u64(p + 2, h); /* last: until now the cache could not match */
}

void image_cache_full(struct import *imp, bss_ref_t h, struct server *target)
{
	uint8_t *p = imp->stub;

	imp->fills++;
	imp->cached = target;
	imp->cached_fn = target->funcs[imp->fn];
	imp->cached_self = target->self;
	p[15] = 0x49; /* movabs $imp, %r9 */
	p[16] = 0xb9;
	put_u64(p + 48, (uint64_t)(uintptr_t)(target->owner->space ? bss_call_cached_space
								   : bss_call_cached));
	put_u64(p + 17, (uint64_t)(uintptr_t)imp);
	put_u64(p + 2, h);
}

void image_uncache(struct server *holder, bss_ref_t h)
{
	struct image *im = holder->image;

	if (!im)
		return;
	for (unsigned i = 0; i < im->nimports; i++) {
		uint8_t *p = im->imports[i].stub;
		uint64_t cached;
		if (!p)
			continue;
		__builtin_memcpy(&cached, p + 2, 8);
		if (cached == h)
			put_u64(p + 2, 0);
	}
}
