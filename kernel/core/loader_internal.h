/*
 * What the loader's files share, and nothing outside them uses: the state
 * of one server file while it is checked (loader_check.c) and loaded
 * (loader.c), the image it becomes, the call stubs written into that image
 * (stub.c), and small helpers for all three.
 */
#ifndef CORE_LOADER_INTERNAL_H
#define CORE_LOADER_INTERNAL_H

#include "loader.h"
#include "elf64.h"
#include "common/fmt.h"

#define STUB_SIZE 64 /* see stub_write_call(); system calls use the first 24 bytes */

/* Everything learned about a file while checking it. */
struct lctx {
	const char *file;
	const uint8_t *data;
	size_t size;
	char *err;
	size_t errlen;

	const struct elf64_ehdr *eh;
	const struct elf64_shdr *sh;
	unsigned shnum;
	const char *shstr;
	size_t shstr_size;
	const struct elf64_sym *syms;
	unsigned nsyms;
	const char *str;
	size_t str_size;

	uint64_t *sec_off; /* offset of each ALLOC section in the image, or ~0 */
	uint64_t image_size;
	unsigned info_sec, locals_sec; /* 0 if absent */
	unsigned nlocals;
	unsigned nimports;	    /* distinct reserved symbols */
	uint32_t *sym_import;	    /* symbol index -> import number + 1, 0 if none */
	unsigned ngot;		    /* GOT-relative relocations */
	uint32_t info_fn_relocated; /* bit n: .bss_info svc.funcs[n] has its relocation */

	const struct inspect_ops *ops;
	void *ops_ctx;
	void *space; /* the isolated space the image is loaded into, NULL: the runtime's */
};

/* A loaded server's memory: its ALLOC sections, then the stubs, then the GOT slots. */
struct image {
	uint8_t *mem;
	size_t size;
	struct import *imports;
	uint64_t *sys_target; /* per import: the system call's entry, 0 for service calls */
	unsigned nimports;
	const struct bss_info *info;
	const struct bss_local_desc *locals;
	unsigned nlocals;
	char file[32]; /* the file's base name, for sysinfo (truncated) */
	void *space;   /* isolated: its address space (space.h); holds mem and the data */
	char name[32]; /* isolated: the server's name, kept where the server cannot change it */
};

/* "<file>: <sec> offset 0x<off>: <message>" into c->err; returns -1. */
static inline int fail(struct lctx *c, const char *sec, uint64_t off, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static inline int fail(struct lctx *c, const char *sec, uint64_t off, const char *fmt, ...)
{
	va_list ap;
	int n = fmt_snprintf(c->err, c->errlen, "%s: %s offset 0x%lx: ", c->file, sec,
			     (unsigned long)off);

	if (n < 0 || (size_t)n >= c->errlen)
		return -1;
	va_start(ap, fmt);
	fmt_vsnprintf(c->err + n, c->errlen - (size_t)n, fmt, ap);
	va_end(ap);
	return -1;
}

static inline const char *sec_name(struct lctx *c, unsigned i)
{
	return c->shstr + c->sh[i].sh_name;
}

/* "section .text" for messages; i is valid. */
static inline const char *sec_label(struct lctx *c, unsigned i, char *buf, size_t n)
{
	fmt_snprintf(buf, n, "section %s", sec_name(c, i));
	return buf;
}

static inline bool str_starts(const char *s, const char *prefix)
{
	while (*prefix)
		if (*s++ != *prefix++)
			return false;
	return true;
}

static inline bool is_alloc(struct lctx *c, unsigned i)
{
	return i < c->shnum && (c->sh[i].sh_flags & SHF_ALLOC) &&
	       (c->sh[i].sh_type == SHT_PROGBITS || c->sh[i].sh_type == SHT_NOBITS ||
		c->sh[i].sh_type == 14 || c->sh[i].sh_type == 15); /* init/fini arrays */
}

static inline void put_u64(uint8_t *p, uint64_t v)
{
	__builtin_memcpy(p, &v, 8);
}

static inline void put_u32(uint8_t *p, uint32_t v)
{
	__builtin_memcpy(p, &v, 4);
}

/* loader_check.c */
/*
 * Every load-time check on the raw bytes of c->file, in order; fills in
 * what the load needs (layout, imports, GOT size). 0 if the file is good;
 * else -1 and c->err says why. Call lctx_free() afterwards either way.
 */
int loader_check_file(struct lctx *c);
void lctx_free(struct lctx *c);
/* Splits "__bss_call.<svc>.<fn>.<sig>[.a]"; -1 if the name is malformed. */
int loader_parse_call_symbol(const char *name, uint32_t *svc, unsigned *fn, const char **sig,
			     size_t *siglen, bool *atomic);

/* stub.c: write STUB_SIZE bytes at p */
void stub_write(uint8_t *p, uint64_t arg, uint64_t target);
void stub_write_call(uint8_t *p, uint64_t imp);
/* An isolated server's stub for import idx: trap to the runtime (space.h). */
void stub_write_space(uint8_t *p, unsigned idx);

#endif
