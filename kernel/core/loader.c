/*
 * The server loader (thesis 3.5.1, 4.1.1): checks a server file completely,
 * then lays it out, binds every call site and system call to a stub, resolves
 * the required services through a query function and runs the constructor.
 *
 * Invariant: nothing runs and nothing stays allocated unless every check
 * passed. All checks happen in check_file() on the raw bytes; load_file()
 * only does what the checks made safe. Errors name the file, the section and
 * the offset inside it.
 */
#include "loader.h"
#include "elf64.h"
#include "../../lib/fmt.h"

#define MAX_SECTIONS 1024
#define MAX_IMAGE (256u << 20)
#define PAGE 4096
#define STUB_SIZE 64 /* see write_call_stub(); system calls use the first 24 bytes */

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
	unsigned nimports;             /* distinct reserved symbols */
	uint32_t *sym_import;          /* symbol index -> import number + 1, 0 if none */
	unsigned ngot;                 /* GOT-relative relocations */
	uint32_t info_fn_relocated;    /* bit n: .bss_info svc.funcs[n] has its relocation */

	const struct inspect_ops *ops;
	void *ops_ctx;
};

struct image {
	uint8_t *mem;
	size_t size;
	struct import *imports;
	uint64_t *sys_target; /* per import: the system call's entry, 0 for service calls */
	unsigned nimports;
	const struct bss_info *info;
	const struct bss_local_desc *locals;
	unsigned nlocals;
};

static int fail(struct lctx *c, const char *sec, uint64_t off, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static int fail(struct lctx *c, const char *sec, uint64_t off, const char *fmt, ...)
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

static const char *sec_name(struct lctx *c, unsigned i)
{
	return c->shstr + c->sh[i].sh_name;
}

/* "section .text" for messages; i is valid. */
static const char *sec_label(struct lctx *c, unsigned i, char *buf, size_t n)
{
	fmt_snprintf(buf, n, "section %s", sec_name(c, i));
	return buf;
}

static bool str_eq(const char *a, const char *b)
{
	while (*a && *a == *b)
		a++, b++;
	return *a == *b;
}

static bool str_starts(const char *s, const char *prefix)
{
	while (*prefix)
		if (*s++ != *prefix++)
			return false;
	return true;
}

static bool is_alloc(struct lctx *c, unsigned i)
{
	return i < c->shnum && (c->sh[i].sh_flags & SHF_ALLOC) &&
	       (c->sh[i].sh_type == SHT_PROGBITS || c->sh[i].sh_type == SHT_NOBITS ||
		c->sh[i].sh_type == 14 || c->sh[i].sh_type == 15); /* init/fini arrays */
}

/* ---- check: headers and sections ---- */

static int check_headers(struct lctx *c)
{
	const struct elf64_ehdr *eh = (const void *)c->data;

	if (c->size < sizeof(*eh))
		return fail(c, "ELF header", 0, "file too small for an ELF header (%zu bytes)", c->size);
	if (eh->e_ident[0] != 0x7f || eh->e_ident[1] != 'E' || eh->e_ident[2] != 'L' ||
	    eh->e_ident[3] != 'F')
		return fail(c, "ELF header", 0, "not an ELF file (bad magic)");
	if (eh->e_ident[4] != 2)
		return fail(c, "ELF header", 4, "not a 64-bit ELF file (class %u)", eh->e_ident[4]);
	if (eh->e_ident[5] != 1)
		return fail(c, "ELF header", 5, "not little-endian (data encoding %u)", eh->e_ident[5]);
	if (eh->e_type != ET_REL)
		return fail(c, "ELF header", 16, "not a relocatable object (type %u)", eh->e_type);
	if (eh->e_machine != EM_X86_64)
		return fail(c, "ELF header", 18, "not an x86_64 object (machine %u)", eh->e_machine);
	if (eh->e_shentsize != sizeof(struct elf64_shdr))
		return fail(c, "ELF header", 58, "section header size %u, expected %zu", eh->e_shentsize,
			    sizeof(struct elf64_shdr));
	if (eh->e_shnum == 0 || eh->e_shnum > MAX_SECTIONS)
		return fail(c, "ELF header", 60, "bad section count %u", eh->e_shnum);
	if (eh->e_shoff > c->size || (c->size - eh->e_shoff) / sizeof(struct elf64_shdr) < eh->e_shnum ||
	    eh->e_shoff % 8)
		return fail(c, "ELF header", 40, "section header table (offset 0x%lx, %u entries) outside the file",
			    (unsigned long)eh->e_shoff, eh->e_shnum);
	if (eh->e_shstrndx >= eh->e_shnum)
		return fail(c, "ELF header", 62, "section name table index %u out of range", eh->e_shstrndx);
	c->eh = eh;
	c->sh = (const void *)(c->data + eh->e_shoff);
	c->shnum = eh->e_shnum;
	return 0;
}

static int check_sections(struct lctx *c)
{
	const struct elf64_shdr *ss = &c->sh[c->eh->e_shstrndx];
	uint64_t shtab = c->eh->e_shoff;

	if (ss->sh_type != SHT_STRTAB || ss->sh_offset > c->size || ss->sh_size > c->size - ss->sh_offset ||
	    ss->sh_size == 0 || c->data[ss->sh_offset + ss->sh_size - 1] != 0)
		return fail(c, "section header", shtab + c->eh->e_shstrndx * 64ul,
			    "bad section name table");
	c->shstr = (const char *)c->data + ss->sh_offset;
	c->shstr_size = ss->sh_size;

	for (unsigned i = 0; i < c->shnum; i++) {
		const struct elf64_shdr *s = &c->sh[i];
		uint64_t where = shtab + i * 64ul;
		if (s->sh_name >= c->shstr_size)
			return fail(c, "section header", where, "section %u name offset out of range", i);
		if (s->sh_type != SHT_NOBITS && s->sh_type != SHT_NULL &&
		    (s->sh_offset > c->size || s->sh_size > c->size - s->sh_offset))
			return fail(c, "section header", where,
				    "section %s (offset 0x%lx, size 0x%lx) extends past the end of the file (0x%zx bytes)",
				    sec_name(c, i), (unsigned long)s->sh_offset, (unsigned long)s->sh_size, c->size);
		if (s->sh_addralign > 4096 || (s->sh_addralign & (s->sh_addralign - 1)))
			return fail(c, "section header", where, "section %s has bad alignment %lu",
				    sec_name(c, i), (unsigned long)s->sh_addralign);
		if (s->sh_type == SHT_REL)
			return fail(c, "section header", where, "section %s: REL relocations are not supported (RELA only)",
				    sec_name(c, i));
	}
	/* Only now, with every section inside the file, follow links between them. */
	for (unsigned i = 0; i < c->shnum; i++) {
		const struct elf64_shdr *s = &c->sh[i];
		uint64_t where = shtab + i * 64ul;
		if (s->sh_type == SHT_SYMTAB) {
			if (c->syms)
				return fail(c, "section header", where, "more than one symbol table");
			if (s->sh_entsize != sizeof(struct elf64_sym) || s->sh_size % sizeof(struct elf64_sym) ||
			    s->sh_offset % 8)
				return fail(c, "section header", where, "bad symbol table layout");
			if (s->sh_link >= c->shnum || c->sh[s->sh_link].sh_type != SHT_STRTAB)
				return fail(c, "section header", where, "symbol table without a string table");
			const struct elf64_shdr *st = &c->sh[s->sh_link];
			if (st->sh_size == 0 || c->data[st->sh_offset + st->sh_size - 1] != 0)
				return fail(c, "section header", shtab + s->sh_link * 64ul, "bad symbol string table");
			c->syms = (const void *)(c->data + s->sh_offset);
			c->nsyms = (unsigned)(s->sh_size / sizeof(struct elf64_sym));
			c->str = (const char *)c->data + st->sh_offset;
			c->str_size = st->sh_size;
		}
	}
	if (!c->syms)
		return fail(c, "ELF header", 0, "no symbol table");
	return 0;
}

/* Place every ALLOC section; find the metadata sections. */
static int layout(struct lctx *c)
{
	uint64_t off = 0;
	char lb[80];

	c->sec_off = core_try_alloc(c->shnum * sizeof(uint64_t));
	c->sym_import = core_try_alloc(c->nsyms * sizeof(uint32_t));
	if (!c->sec_off || !c->sym_import)
		return fail(c, "ELF header", 0, "out of memory while checking");
	/*
	 * Read-only sections (code among them) first, then the writable ones
	 * from a new page, and the stubs from another: data written at run
	 * time never shares a page with code. Under QEMU's TCG every store to
	 * a page holding translated code takes a slow path (measured: about
	 * 650 of them per received frame before this); real hardware does not
	 * care, and it costs at most two pages per server.
	 */
	for (unsigned i = 0; i < c->shnum; i++)
		c->sec_off[i] = ~0ull;
	for (int writable = 0; writable < 2; writable++) {
		if (writable)
			off = (off + PAGE - 1) & ~(uint64_t)(PAGE - 1);
		for (unsigned i = 0; i < c->shnum; i++) {
			if (!is_alloc(c, i) || !(c->sh[i].sh_flags & SHF_WRITE) != !writable)
				continue;
			uint64_t align = c->sh[i].sh_addralign ? c->sh[i].sh_addralign : 1;
			off = (off + align - 1) & ~(align - 1);
			c->sec_off[i] = off;
			if (c->sh[i].sh_size > MAX_IMAGE || off + c->sh[i].sh_size > MAX_IMAGE)
				return fail(c, sec_label(c, i, lb, sizeof(lb)), 0,
					    "image larger than %u bytes", MAX_IMAGE);
			off += c->sh[i].sh_size;
			const char *n = sec_name(c, i);
			if (str_eq(n, ".bss_info")) {
				if (c->info_sec)
					return fail(c, sec_label(c, i, lb, sizeof(lb)), 0,
						    "second .bss_info section");
				c->info_sec = i;
			} else if (str_eq(n, ".bss_locals")) {
				if (c->locals_sec)
					return fail(c, sec_label(c, i, lb, sizeof(lb)), 0,
						    "second .bss_locals section");
				c->locals_sec = i;
			}
		}
	}
	c->image_size = (off + PAGE - 1) & ~(uint64_t)(PAGE - 1);
	if (!c->info_sec)
		return fail(c, "ELF header", 0, "no .bss_info section: not a server file");
	return 0;
}

/* ---- check: metadata ---- */

static int check_service_desc(struct lctx *c, const char *where, uint64_t base,
			      const struct bss_service_desc *d, bool implemented)
{
	const struct bss_svc_def *def = svc_lookup(d->svc_id);
	struct callsig sig;

	if (d->nfuncs > BSS_MAX_FUNCS)
		return fail(c, where, base, "%u functions (at most %d)", d->nfuncs, BSS_MAX_FUNCS);
	if (!def)
		return fail(c, where, base, "implements undeclared service 0x%08x", d->svc_id);
	if (d->nfuncs != def->nfuncs)
		return fail(c, where, base + 4, "service %s has %u functions, the file says %u", def->name,
			    def->nfuncs, d->nfuncs);
	for (unsigned f = 0; f < d->nfuncs; f++) {
		uint64_t at = base + __builtin_offsetof(struct bss_service_desc, sigs) + f * BSS_SIG_LEN;
		const char *s = d->sigs[f];
		if (__builtin_memchr(s, 0, BSS_SIG_LEN) == NULL)
			return fail(c, where, at, "signature %u not terminated", f);
		const char *why = sig_parse(s, &sig);
		if (why)
			return fail(c, where, at, "signature '%s' of %s.%s: %s", s, def->name, def->fnames[f], why);
		if (!str_eq(s, def->sigs[f]))
			return fail(c, where, at,
				    "signature mismatch: implements %s.%s as '%s', service declares '%s'",
				    def->name, def->fnames[f], s, def->sigs[f]);
	}
	(void)implemented;
	return 0;
}

static int check_info(struct lctx *c)
{
	const struct elf64_shdr *s = &c->sh[c->info_sec];
	char lb[80];
	const char *w = sec_label(c, c->info_sec, lb, sizeof(lb));

	if (s->sh_type != SHT_PROGBITS || s->sh_size != sizeof(struct bss_info))
		return fail(c, w, 0, "size %lu, expected %zu (ABI version mismatch?)",
			    (unsigned long)s->sh_size, sizeof(struct bss_info));
	if (s->sh_offset % 8)
		return fail(c, w, 0, "misaligned in the file");
	const struct bss_info *in = (const void *)(c->data + s->sh_offset);
	if (in->magic != BSS_INFO_MAGIC)
		return fail(c, w, 0, "bad magic 0x%08x", in->magic);
	if (in->version != BSS_ABI_VERSION)
		return fail(c, w, 4, "ABI version %u, this runtime speaks %d", in->version, BSS_ABI_VERSION);
	if (in->attrs & ~(uint32_t)(BSS_MODE_MASK | BSS_NO_CALLBACKS) || (in->attrs & BSS_MODE_MASK) == 3)
		return fail(c, w, 8, "unknown thread attributes 0x%x", in->attrs);
	if (in->nreqs > BSS_MAX_REQS)
		return fail(c, w, 12, "%u required services (at most %d)", in->nreqs, BSS_MAX_REQS);
	if (in->data_size > BSS_MAX_DATA)
		return fail(c, w, 16, "private data size %lu exceeds the limit %llu",
			    (unsigned long)in->data_size, (unsigned long long)BSS_MAX_DATA);
	if (in->stack_size > BSS_MAX_STACK)
		return fail(c, w, 24, "stack need %lu exceeds the limit %u", (unsigned long)in->stack_size,
			    BSS_MAX_STACK);
	if (!__builtin_memchr(in->name, 0, BSS_NAME_LEN))
		return fail(c, w, 32, "name not terminated");
	for (unsigned i = 0; i < in->nreqs; i++)
		if (!svc_lookup(in->reqs[i]))
			return fail(c, w, __builtin_offsetof(struct bss_info, reqs) + 4 * i,
				    "required service 0x%08x is not declared", in->reqs[i]);
	if (check_service_desc(c, w, __builtin_offsetof(struct bss_info, svc), &in->svc, true))
		return -1;
	if (c->ops && c->ops->info)
		c->ops->info(c->ops_ctx, in);

	if (!c->locals_sec)
		return 0;
	s = &c->sh[c->locals_sec];
	w = sec_label(c, c->locals_sec, lb, sizeof(lb));
	if (s->sh_type != SHT_PROGBITS || s->sh_size % sizeof(struct bss_local_desc) || s->sh_offset % 8)
		return fail(c, w, 0, "size %lu is not a whole number of local server descriptions",
			    (unsigned long)s->sh_size);
	c->nlocals = (unsigned)(s->sh_size / sizeof(struct bss_local_desc));
	for (unsigned i = 0; i < c->nlocals; i++) {
		const struct bss_local_desc *d = (const struct bss_local_desc *)(c->data + s->sh_offset) + i;
		uint64_t base = i * sizeof(*d);
		if (d->magic != BSS_LOCAL_MAGIC)
			return fail(c, w, base, "bad magic 0x%08x", d->magic);
		if (d->attrs & ~(uint32_t)BSS_ATTR_MASK)
			return fail(c, w, base + 4, "unknown attributes 0x%x", d->attrs);
		if (!__builtin_memchr(d->name, 0, BSS_NAME_LEN))
			return fail(c, w, base + 8, "name not terminated");
		if (check_service_desc(c, w, base + __builtin_offsetof(struct bss_local_desc, svc), &d->svc,
				       true))
			return -1;
		if (c->ops && c->ops->local)
			c->ops->local(c->ops_ctx, d);
	}
	return 0;
}

/* ---- check: symbols and relocations ---- */

static int parse_call_symbol(const char *name, uint32_t *svc, unsigned *fn, const char **sig,
			     size_t *siglen, bool *atomic)
{
	const char *p = name + sizeof("__bss_call.") - 1;
	uint32_t v = 0;

	for (int i = 0; i < 8; i++, p++) {
		char ch = *p;
		int h = ch >= '0' && ch <= '9' ? ch - '0' : ch >= 'a' && ch <= 'f' ? ch - 'a' + 10 : -1;
		if (h < 0)
			return -1;
		v = v << 4 | (uint32_t)h;
	}
	if (*p++ != '.')
		return -1;
	unsigned f = 0;
	if (*p < '0' || *p > '9')
		return -1;
	for (int digits = 0; *p >= '0' && *p <= '9'; digits++) {
		if (digits == 3)
			return -1; /* a service has at most BSS_MAX_FUNCS functions */
		f = f * 10 + (unsigned)(*p++ - '0');
	}
	if (*p++ != '.')
		return -1;
	*sig = p;
	while (*p && *p != '.')
		p++;
	*siglen = (size_t)(p - *sig);
	*atomic = false;
	if (*p) {
		if (!str_eq(p, ".a"))
			return -1;
		*atomic = true;
	}
	*svc = v;
	*fn = f;
	return 0;
}

/* A reserved symbol: is it well-formed and does it agree with the service definition? */
static int check_reserved(struct lctx *c, const char *where, uint64_t off, const char *name)
{
	if (str_starts(name, "__bss_sys.")) {
		if (!sys_lookup(name + sizeof("__bss_sys.") - 1))
			return fail(c, where, off, "unknown system call '%s'", name);
		return 0;
	}
	if (!str_starts(name, "__bss_call."))
		return fail(c, where, off,
			    "undefined symbol '%s' (a server may only import __bss_call.* and __bss_sys.* symbols)",
			    name);
	uint32_t svc;
	unsigned fn;
	const char *sig;
	size_t siglen;
	bool atomic;
	if (parse_call_symbol(name, &svc, &fn, &sig, &siglen, &atomic))
		return fail(c, where, off, "malformed service call symbol '%s'", name);
	const struct bss_svc_def *d = svc_lookup(svc);
	if (!d)
		return fail(c, where, off, "call to undeclared service 0x%08x", svc);
	if (fn >= d->nfuncs)
		return fail(c, where, off, "call to function %u of service %s, which has %u", fn, d->name,
			    d->nfuncs);
	const char *want = d->sigs[fn];
	size_t wl = 0;
	while (want[wl])
		wl++;
	if (wl != siglen || __builtin_memcmp(want, sig, siglen))
		return fail(c, where, off,
			    "signature mismatch calling %s.%s: call site has '%.*s', service declares '%s'",
			    d->name, d->fnames[fn], (int)siglen, sig, want);
	if (atomic != (d->atomic != 0))
		return fail(c, where, off, "call to %s.%s disagrees with the service on 'atomic'", d->name,
			    d->fnames[fn]);
	return 0;
}

/*
 * Relocations may write only the function pointers of the metadata, and only
 * with addresses inside code: every other field was checked as it is in the
 * file and must stay so. Returns the field's description or NULL if the
 * offset is not a function pointer; *fn is the function index or -1.
 */
static const char *meta_pointer_field(uint64_t off, size_t size, size_t fn_base, size_t ctor,
				      size_t dtor, int *fn)
{
	uint64_t rel = off % size;

	*fn = -1;
	if (rel == ctor && ctor != (size_t)-1)
		return "constructor";
	if (rel == dtor)
		return "destructor";
	if (rel >= fn_base && rel < fn_base + 8 * BSS_MAX_FUNCS && (rel - fn_base) % 8 == 0) {
		*fn = (int)((rel - fn_base) / 8);
		return "function";
	}
	return NULL;
}

static int check_meta_reloc(struct lctx *c, const char *w, uint64_t at, unsigned target, uint32_t type,
			    const struct elf64_rela *r, const struct elf64_sym *sym)
{
	int fn;
	const char *what;

	if (target == c->info_sec)
		what = meta_pointer_field(r->r_offset, sizeof(struct bss_info),
					  __builtin_offsetof(struct bss_info, svc.funcs),
					  __builtin_offsetof(struct bss_info, ctor),
					  __builtin_offsetof(struct bss_info, dtor), &fn);
	else
		what = meta_pointer_field(r->r_offset, sizeof(struct bss_local_desc),
					  __builtin_offsetof(struct bss_local_desc, svc.funcs), (size_t)-1,
					  __builtin_offsetof(struct bss_local_desc, dtor), &fn);
	if (!what || type != R_X86_64_64)
		return fail(c, w, at, "relocation rewrites metadata at 0x%lx that is not a function pointer",
			    (unsigned long)r->r_offset);
	if (sym->st_shndx == SHN_UNDEF || sym->st_shndx >= c->shnum ||
	    !(c->sh[sym->st_shndx].sh_flags & SHF_EXECINSTR) || !is_alloc(c, sym->st_shndx) ||
	    sym->st_value + (uint64_t)r->r_addend >= c->sh[sym->st_shndx].sh_size)
		return fail(c, w, at, "%s pointer at 0x%lx does not point into code", what,
			    (unsigned long)r->r_offset);
	if (target == c->info_sec && fn >= 0)
		c->info_fn_relocated |= 1u << fn;
	return 0;
}

static int check_relocs(struct lctx *c)
{
	char lb[80];

	for (unsigned i = 0; i < c->shnum; i++) {
		const struct elf64_shdr *rs = &c->sh[i];
		if (rs->sh_type != SHT_RELA)
			continue;
		const char *w = sec_label(c, i, lb, sizeof(lb));
		if (rs->sh_info >= c->shnum)
			return fail(c, w, 0, "relocates section %u, which does not exist", rs->sh_info);
		if (!is_alloc(c, rs->sh_info))
			continue; /* debug information: not loaded, not relocated */
		if (rs->sh_entsize != sizeof(struct elf64_rela) || rs->sh_size % sizeof(struct elf64_rela) ||
		    rs->sh_offset % 8)
			return fail(c, w, 0, "bad relocation table layout");
		if (rs->sh_link >= c->shnum || c->sh[rs->sh_link].sh_type != SHT_SYMTAB)
			return fail(c, w, 0, "relocations not tied to the symbol table");
		const struct elf64_shdr *ts = &c->sh[rs->sh_info];
		const struct elf64_rela *r = (const void *)(c->data + rs->sh_offset);
		unsigned n = (unsigned)(rs->sh_size / sizeof(*r));
		for (unsigned k = 0; k < n; k++, r++) {
			uint64_t at = k * sizeof(*r);
			uint32_t type = ELF64_R_TYPE(r->r_info);
			uint32_t si = ELF64_R_SYM(r->r_info);
			uint64_t width;
			switch (type) {
			case R_X86_64_NONE:
				continue;
			case R_X86_64_64:
			case R_X86_64_PC64:
				width = 8;
				break;
			case R_X86_64_PC32:
			case R_X86_64_PLT32:
			case R_X86_64_GOTPCREL:
			case R_X86_64_GOTPCRELX:
			case R_X86_64_REX_GOTPCRELX:
				width = 4;
				break;
			case R_X86_64_32:
			case R_X86_64_32S:
				return fail(c, w, at, "absolute 32-bit relocation (type %u): build servers with -fpie",
					    type);
			default:
				return fail(c, w, at, "unsupported relocation type %u", type);
			}
			if (ts->sh_type == SHT_NOBITS)
				return fail(c, w, at, "relocation inside an uninitialised section");
			if (r->r_offset > ts->sh_size || ts->sh_size - r->r_offset < width)
				return fail(c, w, at, "relocation at 0x%lx outside %s (size 0x%lx)",
					    (unsigned long)r->r_offset, sec_name(c, rs->sh_info),
					    (unsigned long)ts->sh_size);
			if (si == 0 || si >= c->nsyms)
				return fail(c, w, at, "symbol index %u out of range", si);
			const struct elf64_sym *sym = &c->syms[si];
			if (sym->st_name >= c->str_size)
				return fail(c, w, at, "symbol %u name out of range", si);
			const char *name = c->str + sym->st_name;
			if (sym->st_shndx == SHN_UNDEF) {
				if (check_reserved(c, w, at, name))
					return -1;
				if (!c->sym_import[si])
					c->sym_import[si] = ++c->nimports;
				if (c->ops && c->ops->call_site)
					c->ops->call_site(c->ops_ctx, sec_name(c, rs->sh_info), r->r_offset, name);
			} else if (sym->st_shndx == SHN_COMMON) {
				return fail(c, w, at, "common symbol '%s': build servers with -fno-common", name);
			} else if (sym->st_shndx != SHN_ABS) {
				if (!is_alloc(c, sym->st_shndx))
					return fail(c, w, at, "relocation against '%s' in a section that is not loaded",
						    name);
				if (sym->st_value > c->sh[sym->st_shndx].sh_size)
					return fail(c, w, at, "symbol '%s' lies outside its section", name);
			}
			if (type == R_X86_64_GOTPCREL || type == R_X86_64_GOTPCRELX ||
			    type == R_X86_64_REX_GOTPCRELX)
				c->ngot++;
			if ((rs->sh_info == c->info_sec || (c->locals_sec && rs->sh_info == c->locals_sec)) &&
			    check_meta_reloc(c, w, at, rs->sh_info, type, r, sym))
				return -1;
		}
	}
	const struct bss_info *in = (const void *)(c->data + c->sh[c->info_sec].sh_offset);
	for (unsigned f = 0; f < in->svc.nfuncs; f++)
		if (!(c->info_fn_relocated & (1u << f)))
			return fail(c, ".bss_info", __builtin_offsetof(struct bss_info, svc.funcs) + 8 * f,
				    "function %u does not point into code", f);
	return 0;
}

static int check_file(struct lctx *c)
{
	if (check_headers(c) || check_sections(c) || layout(c) || check_info(c) || check_relocs(c))
		return -1;
	if (c->ops && c->ops->section)
		for (unsigned i = 1; i < c->shnum; i++)
			c->ops->section(c->ops_ctx, sec_name(c, i), c->sh[i].sh_type, c->sh[i].sh_flags,
					c->sh[i].sh_size);
	return 0;
}

static void lctx_free(struct lctx *c)
{
	if (c->sec_off)
		core_free(c->sec_off, c->shnum * sizeof(uint64_t));
	if (c->sym_import)
		core_free(c->sym_import, c->nsyms * sizeof(uint32_t));
}

int loader_check(const char *file, const void *data, size_t size, const struct inspect_ops *ops,
		 void *ctx, char *err, size_t errlen)
{
	struct lctx c = { .file = file, .data = data, .size = size, .err = err, .errlen = errlen,
			  .ops = ops, .ops_ctx = ctx };
	int r = check_file(&c);

	lctx_free(&c);
	return r;
}

/* ---- load: only what the checks made safe ---- */

static void put_u64(uint8_t *p, uint64_t v)
{
	__builtin_memcpy(p, &v, 8);
}

static void put_u32(uint8_t *p, uint32_t v)
{
	__builtin_memcpy(p, &v, 4);
}

/* A stub: movabs $arg,%r9 ; jmp *target. With arg 0 it is a plain far jump. */
static void write_stub(uint8_t *p, uint64_t arg, uint64_t target)
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
 * 15  movabs $self, %rdi     the cached target's private data
 * 25  jmp *48(%rip-rel)      the cached target's function
 * 31  movabs $import, %r9
 * 41  jmp *56(%rip-rel)      bss_call_entry
 * 48  .quad fn   56  .quad bss_call_entry
 *
 * bss_call_entry fills the cache only for calls that need no bookkeeping
 * (a leaf target through a strong permanent reference); releasing that
 * reference empties it again (image_uncache), so a stale handle still
 * reaches the generic path and throws.
 */
static void write_call_stub(uint8_t *p, uint64_t imp)
{
	static const uint8_t code[48] = {
		0x48, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0,        /* movabs $0, %rax */
		0x48, 0x39, 0xc7,                          /* cmp %rax, %rdi */
		0x75, 0x10,                                /* jne +16 */
		0x48, 0xbf, 0, 0, 0, 0, 0, 0, 0, 0,        /* movabs $0, %rdi */
		0xff, 0x25, 17, 0, 0, 0,                   /* jmp *fn */
		0x49, 0xb9, 0, 0, 0, 0, 0, 0, 0, 0,        /* movabs $imp, %r9 */
		0xff, 0x25, 9, 0, 0, 0,                    /* jmp *entry */
		0xcc,
	};

	__builtin_memcpy(p, code, sizeof(code));
	put_u64(p + 33, imp);
	put_u64(p + 48, 0);
	put_u64(p + 56, (uint64_t)(uintptr_t)bss_call_entry);
}

void image_cache_call(struct import *imp, bss_ref_t h, void *self, bss_fn_t fn)
{
	uint8_t *p = imp->stub;

	put_u64(p + 48, (uint64_t)(uintptr_t)fn);
	put_u64(p + 17, (uint64_t)(uintptr_t)self);
	put_u64(p + 2, h); /* last: until now the cache could not match */
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

static bool in_exec(struct lctx *c, struct image *im, uint64_t addr)
{
	for (unsigned i = 0; i < c->shnum; i++) {
		if (c->sec_off[i] == ~0ull || !(c->sh[i].sh_flags & SHF_EXECINSTR))
			continue;
		uint64_t lo = (uint64_t)(uintptr_t)im->mem + c->sec_off[i];
		if (addr >= lo && addr < lo + c->sh[i].sh_size)
			return true;
	}
	return false;
}

static int check_fn_pointers(struct lctx *c, struct image *im, const struct bss_service_desc *d,
			     const char *where, uint64_t base)
{
	for (unsigned f = 0; f < d->nfuncs; f++)
		if (!in_exec(c, im, (uint64_t)(uintptr_t)d->funcs[f]))
			return fail(c, where, base + 8 + 8 * f, "function %u does not point into code", f);
	return 0;
}

static int bind_image(struct lctx *c, struct image *im)
{
	uint8_t *base = im->mem;
	uint8_t *stubs = base + c->image_size;
	uint8_t *got = stubs + (size_t)c->nimports * STUB_SIZE;
	unsigned ngot = 0;
	char lb[80];
	uint64_t *sys_target = im->sys_target;

	for (unsigned i = 0; i < c->shnum; i++) {
		if (c->sec_off[i] == ~0ull || c->sh[i].sh_type == SHT_NOBITS)
			continue;
		__builtin_memcpy(base + c->sec_off[i], c->data + c->sh[i].sh_offset, c->sh[i].sh_size);
	}
	/* One stub per reserved symbol: service calls carry their import in %r9. */
	for (unsigned si = 0; si < c->nsyms; si++) {
		if (!c->sym_import[si])
			continue;
		unsigned n = c->sym_import[si] - 1;
		const char *name = c->str + c->syms[si].st_name;
		uint8_t *stub = stubs + (size_t)n * STUB_SIZE;
		if (str_starts(name, "__bss_sys.")) {
			sys_target[n] = (uint64_t)(uintptr_t)sys_lookup(name + sizeof("__bss_sys.") - 1);
			write_stub(stub, 0, sys_target[n]);
			continue;
		}
		struct import *imp = &im->imports[n];
		uint32_t svc;
		unsigned fn;
		const char *sig;
		size_t siglen;
		bool atomic;
		parse_call_symbol(name, &svc, &fn, &sig, &siglen, &atomic);
		const struct bss_svc_def *d = svc_lookup(svc);
		imp->svc_id = svc;
		imp->fn = (uint16_t)fn;
		imp->atomic = atomic;
		sig_parse(d->sigs[fn], &imp->sig);
		imp->slow = !imp->sig.simple;
		imp->stub = stub;
		write_call_stub(stub, (uint64_t)(uintptr_t)imp);
	}
	for (unsigned i = 0; i < c->shnum; i++) {
		const struct elf64_shdr *rs = &c->sh[i];
		if (rs->sh_type != SHT_RELA || !is_alloc(c, rs->sh_info))
			continue;
		const struct elf64_rela *r = (const void *)(c->data + rs->sh_offset);
		unsigned n = (unsigned)(rs->sh_size / sizeof(*r));
		uint8_t *sec = base + c->sec_off[rs->sh_info];
		for (unsigned k = 0; k < n; k++, r++) {
			uint32_t type = ELF64_R_TYPE(r->r_info);
			if (type == R_X86_64_NONE)
				continue;
			const struct elf64_sym *sym = &c->syms[ELF64_R_SYM(r->r_info)];
			uint64_t S;
			if (sym->st_shndx == SHN_UNDEF) {
				unsigned n = c->sym_import[ELF64_R_SYM(r->r_info)] - 1;
				uint8_t *stub = stubs + (size_t)n * STUB_SIZE;
				uint64_t direct = sys_target[n];
				S = (uint64_t)(uintptr_t)stub;
				if (direct) {
					/* System calls go straight to the runtime when a 32-bit displacement reaches it. */
					int64_t d = (int64_t)(direct + (uint64_t)r->r_addend -
							      (uint64_t)(uintptr_t)(sec + r->r_offset));
					bool pcrel = type == R_X86_64_PLT32 || type == R_X86_64_PC32;
					S = pcrel && d == (int32_t)d ? direct : (uint64_t)(uintptr_t)(stub + 10);
				}
			} else if (sym->st_shndx == SHN_ABS) {
				S = sym->st_value;
			} else {
				S = (uint64_t)(uintptr_t)base + c->sec_off[sym->st_shndx] + sym->st_value;
			}
			uint8_t *P = sec + r->r_offset;
			uint64_t A = (uint64_t)r->r_addend;
			int64_t v;
			switch (type) {
			case R_X86_64_64:
				put_u64(P, S + A);
				break;
			case R_X86_64_PC64:
				put_u64(P, S + A - (uint64_t)(uintptr_t)P);
				break;
			case R_X86_64_GOTPCREL:
			case R_X86_64_GOTPCRELX:
			case R_X86_64_REX_GOTPCRELX: {
				uint8_t *slot = got + 8 * ngot++;
				put_u64(slot, S);
				S = (uint64_t)(uintptr_t)slot;
			}
				/* fall through */
			default: /* PC32, PLT32 */
				v = (int64_t)(S + A - (uint64_t)(uintptr_t)P);
				if (v != (int32_t)v)
					return fail(c, sec_label(c, i, lb, sizeof(lb)), k * sizeof(*r),
						    "relocation target out of 32-bit range");
				put_u32(P, (uint32_t)(int32_t)v);
				break;
			}
		}
	}
	im->info = (const void *)(base + c->sec_off[c->info_sec]);
	if (check_fn_pointers(c, im, &im->info->svc, sec_label(c, c->info_sec, lb, sizeof(lb)),
			      __builtin_offsetof(struct bss_info, svc)))
		return -1;
	if ((im->info->ctor && !in_exec(c, im, (uint64_t)(uintptr_t)im->info->ctor)) ||
	    (im->info->dtor && !in_exec(c, im, (uint64_t)(uintptr_t)im->info->dtor)))
		return fail(c, sec_label(c, c->info_sec, lb, sizeof(lb)),
			    __builtin_offsetof(struct bss_info, ctor),
			    "constructor or destructor does not point into code");
	if (c->locals_sec) {
		im->locals = (const void *)(base + c->sec_off[c->locals_sec]);
		im->nlocals = c->nlocals;
		for (unsigned i = 0; i < im->nlocals; i++) {
			const struct bss_local_desc *d = &im->locals[i];
			uint64_t b = i * sizeof(*d);
			if (check_fn_pointers(c, im, &d->svc, sec_label(c, c->locals_sec, lb, sizeof(lb)),
					      b + __builtin_offsetof(struct bss_local_desc, svc)))
				return -1;
			if (d->dtor && !in_exec(c, im, (uint64_t)(uintptr_t)d->dtor))
				return fail(c, lb, b + __builtin_offsetof(struct bss_local_desc, dtor),
					    "destructor does not point into code");
		}
	}
	return 0;
}

bool core_loadmap;

/*
 * "bss-loadmap: <file> <server> <image>+<size> <section>=<address> ...":
 * where each ALLOC section of the file landed, for symbolizing addresses
 * (tools/qemu-prof). A line that would not fit continues on another one.
 */
static void print_loadmap(struct lctx *c, const struct image *im)
{
	char line[200];
	int flen = 0, head, n;

	while (c->file[flen] && c->file[flen] != ' ')
		flen++;
	head = fmt_snprintf(line, sizeof(line), "bss-loadmap: %.*s %s 0x%lx+0x%lx", flen, c->file,
			    im->info->name, (unsigned long)(uintptr_t)im->mem,
			    (unsigned long)im->size);
	if (head >= (int)sizeof(line) - 32)
		head = sizeof(line) - 32;
	n = head;
	for (unsigned i = 0; i < c->shnum; i++) {
		if (c->sec_off[i] == ~0ull)
			continue;
		if (n >= (int)sizeof(line) - 32) {
			core_log("%s\n", line);
			n = head;
		}
		n += fmt_snprintf(line + n, sizeof(line) - n, " %u=0x%lx", i,
				  (unsigned long)(uintptr_t)(im->mem + c->sec_off[i]));
	}
	core_log("%s\n", line);
}

static void free_image(struct image *im)
{
	if (!im)
		return;
	if (im->mem)
		os_free_image(im->mem, im->size);
	if (im->imports)
		core_free(im->imports, im->nimports * sizeof(struct import));
	if (im->sys_target)
		core_free(im->sys_target, im->nimports * sizeof(uint64_t));
	core_free(im, sizeof(*im));
}

void image_free(struct server *s)
{
	free_image(s->image);
	s->image = NULL;
	core_free(s->data, s->data_size);
	s->data = NULL;
}

bool image_owns_local_desc(const struct server *s, const struct bss_local_desc *d)
{
	const struct image *im = s->image;

	if (!im || !im->nlocals)
		return false;
	uintptr_t lo = (uintptr_t)im->locals, p = (uintptr_t)d;
	return p >= lo && p < lo + im->nlocals * sizeof(*d) && (p - lo) % sizeof(*d) == 0;
}

struct ctor_call {
	struct server *s;
};

static void ctor_body(void *arg)
{
	struct ctor_call *cc = arg;
	struct frame f;

	call_frame_enter(cur_thread, &f, cc->s, false);
	((void (*)(void *))cc->s->image->info->ctor)(cc->s->self);
	call_frame_leave(cur_thread, &f);
}

int loader_load(const char *file, const void *data, size_t size, query_fn query, void *qctx,
		bss_ref_t *ref, char *err, size_t errlen)
{
	struct lctx c = { .file = file, .data = data, .size = size, .err = err, .errlen = errlen };
	struct image *im = NULL;
	struct server *s = NULL;

	if (check_file(&c))
		goto out_fail;
	im = core_try_alloc(sizeof(*im));
	if (!im)
		goto out_nomem;
	im->size = c.image_size + (size_t)c.nimports * STUB_SIZE + (size_t)c.ngot * 8;
	im->mem = os_alloc_image(im->size);
	im->nimports = c.nimports;
	im->imports = c.nimports ? core_try_alloc(c.nimports * sizeof(struct import)) : NULL;
	im->sys_target = c.nimports ? core_try_alloc(c.nimports * sizeof(uint64_t)) : NULL;
	if (!im->mem || (c.nimports && (!im->imports || !im->sys_target)))
		goto out_nomem;
	__builtin_memset(im->mem, 0, im->size);
	if (bind_image(&c, im))
		goto out_fail;
	if (core_loadmap)
		print_loadmap(&c, im);

	const struct bss_info *info = im->info;
	s = core_try_alloc(sizeof(*s));
	if (!s)
		goto out_nomem;
	s->data_size = info->data_size ? info->data_size : 8;
	s->data = core_try_alloc(s->data_size);
	if (!s->data)
		goto out_nomem;
	s->image = im;
	im = NULL; /* owned by the server from here on */
	s->funcs = info->svc.funcs;
	s->desc = &info->svc;
	s->self = s->data;
	s->owner = s;
	s->svc_id = info->svc.svc_id;
	s->kind = SRV_LOADED;
	s->name = info->name;
	s->mode = info->attrs & BSS_MODE_MASK;
	s->no_callbacks = (info->attrs & BSS_NO_CALLBACKS) != 0;
	s->leaf = c.nimports == 0;

	/* Required services fill the fixed permanent slots 0..n-1. */
	for (unsigned i = 0; i < info->nreqs; i++) {
		struct server *r = query(qctx, info->reqs[i]);
		if (!r || r->svc_id != info->reqs[i]) {
			const struct bss_svc_def *d = svc_lookup(info->reqs[i]);
			fmt_snprintf(err, errlen, "%s: required service %u: %s (0x%08x) cannot be resolved",
				     file, i, d ? d->name : "?", info->reqs[i]);
			goto out_unwind;
		}
		bss_ref_t h = ref_new_perm(s, r);
		s->perm[H_PERM_IDX(h)].fixed = 1;
	}
	*ref = ref_new_perm(cur_thread->cur, s);

	if (info->ctor) {
		struct ctor_call cc = { s };
		struct bss_error e;
		if (core_trycall(ctor_body, &cc, &e)) {
			fmt_snprintf(err, errlen, "%s: constructor of %s failed: %s (error %u, errno %d)", file,
				     s->name, e.msg, e.id, e.err);
			s->dtor = NULL;
			ref_release(*ref);
			*ref = 0;
			lctx_free(&c);
			return -1;
		}
	}
	s->dtor = info->dtor;
	lctx_free(&c);
	return 0;

out_nomem:
	fmt_snprintf(err, errlen, "%s: out of memory while loading", file);
out_fail:
	free_image(im);
	if (s) {
		core_free(s->data, s->data_size);
		core_free(s, sizeof(*s));
	}
	lctx_free(&c);
	return -1;
out_unwind:
	/* drop the slots already filled, then the server itself */
	ref_drop_perms(s);
	image_free(s);
	core_free(s->perm, s->perm_cap * sizeof(*s->perm));
	core_free(s, sizeof(*s));
	lctx_free(&c);
	return -1;
}
