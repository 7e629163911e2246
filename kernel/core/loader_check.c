/*
 * The loader's checks: a server file is checked completely, on its raw
 * bytes, before anything of it runs: the ELF headers and sections, where
 * each section will lie in the image, the metadata (.bss_info, .bss_locals)
 * against the declared services, and every relocation with the symbol it
 * names. A rejection names the file, the section and the offset inside it.
 * image_load() (loader.c) and bss-inspect (loader_check()) run this code.
 */
#include "loader_internal.h"

#define MAX_SECTIONS 1024
#define MAX_IMAGE (256u << 20)
#define PAGE 4096

static bool str_eq(const char *a, const char *b)
{
	while (*a && *a == *b)
		a++, b++;
	return *a == *b;
}

/* ---- check: headers and sections ---- */

static int check_headers(struct lctx *c)
{
	const struct elf64_ehdr *eh = (const void *)c->data;

	if (c->size < sizeof(*eh))
		return fail(c, "ELF header", 0, "file too small for an ELF header (%zu bytes)",
			    c->size);
	if (eh->e_ident[0] != 0x7f || eh->e_ident[1] != 'E' || eh->e_ident[2] != 'L' ||
	    eh->e_ident[3] != 'F')
		return fail(c, "ELF header", 0, "not an ELF file (bad magic)");
	if (eh->e_ident[4] != 2)
		return fail(c, "ELF header", 4, "not a 64-bit ELF file (class %u)", eh->e_ident[4]);
	if (eh->e_ident[5] != 1)
		return fail(c, "ELF header", 5, "not little-endian (data encoding %u)",
			    eh->e_ident[5]);
	if (eh->e_type != ET_REL)
		return fail(c, "ELF header", 16, "not a relocatable object (type %u)", eh->e_type);
	if (eh->e_machine != EM_X86_64)
		return fail(c, "ELF header", 18, "not an x86_64 object (machine %u)",
			    eh->e_machine);
	if (eh->e_shentsize != sizeof(struct elf64_shdr))
		return fail(c, "ELF header", 58, "section header size %u, expected %zu",
			    eh->e_shentsize, sizeof(struct elf64_shdr));
	if (eh->e_shnum == 0 || eh->e_shnum > MAX_SECTIONS)
		return fail(c, "ELF header", 60, "bad section count %u", eh->e_shnum);
	if (eh->e_shoff > c->size ||
	    (c->size - eh->e_shoff) / sizeof(struct elf64_shdr) < eh->e_shnum || eh->e_shoff % 8)
		return fail(c, "ELF header", 40,
			    "section header table (offset 0x%lx, %u entries) outside the file",
			    (unsigned long)eh->e_shoff, eh->e_shnum);
	if (eh->e_shstrndx >= eh->e_shnum)
		return fail(c, "ELF header", 62, "section name table index %u out of range",
			    eh->e_shstrndx);
	c->eh = eh;
	c->sh = (const void *)(c->data + eh->e_shoff);
	c->shnum = eh->e_shnum;
	return 0;
}

static int check_sections(struct lctx *c)
{
	const struct elf64_shdr *ss = &c->sh[c->eh->e_shstrndx];
	uint64_t shtab = c->eh->e_shoff;

	if (ss->sh_type != SHT_STRTAB || ss->sh_offset > c->size ||
	    ss->sh_size > c->size - ss->sh_offset || ss->sh_size == 0 ||
	    c->data[ss->sh_offset + ss->sh_size - 1] != 0)
		return fail(c, "section header", shtab + c->eh->e_shstrndx * 64ul,
			    "bad section name table");
	c->shstr = (const char *)c->data + ss->sh_offset;
	c->shstr_size = ss->sh_size;

	for (unsigned i = 0; i < c->shnum; i++) {
		const struct elf64_shdr *s = &c->sh[i];
		uint64_t where = shtab + i * 64ul;
		if (s->sh_name >= c->shstr_size)
			return fail(c, "section header", where,
				    "section %u name offset out of range", i);
		if (s->sh_type != SHT_NOBITS && s->sh_type != SHT_NULL &&
		    (s->sh_offset > c->size || s->sh_size > c->size - s->sh_offset))
			return fail(
				c, "section header", where,
				"section %s (offset 0x%lx, size 0x%lx) extends past the end of the file (0x%zx bytes)",
				sec_name(c, i), (unsigned long)s->sh_offset,
				(unsigned long)s->sh_size, c->size);
		if (s->sh_addralign > 4096 || (s->sh_addralign & (s->sh_addralign - 1)))
			return fail(c, "section header", where, "section %s has bad alignment %lu",
				    sec_name(c, i), (unsigned long)s->sh_addralign);
		if (s->sh_type == SHT_REL)
			return fail(c, "section header", where,
				    "section %s: REL relocations are not supported (RELA only)",
				    sec_name(c, i));
	}
	/* Only now, with every section inside the file, follow links between them. */
	for (unsigned i = 0; i < c->shnum; i++) {
		const struct elf64_shdr *s = &c->sh[i];
		uint64_t where = shtab + i * 64ul;
		if (s->sh_type == SHT_SYMTAB) {
			if (c->syms)
				return fail(c, "section header", where,
					    "more than one symbol table");
			if (s->sh_entsize != sizeof(struct elf64_sym) ||
			    s->sh_size % sizeof(struct elf64_sym) || s->sh_offset % 8)
				return fail(c, "section header", where, "bad symbol table layout");
			if (s->sh_link >= c->shnum || c->sh[s->sh_link].sh_type != SHT_STRTAB)
				return fail(c, "section header", where,
					    "symbol table without a string table");
			const struct elf64_shdr *st = &c->sh[s->sh_link];
			if (st->sh_size == 0 || c->data[st->sh_offset + st->sh_size - 1] != 0)
				return fail(c, "section header", shtab + s->sh_link * 64ul,
					    "bad symbol string table");
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
		return fail(c, where, base + 4, "service %s has %u functions, the file says %u",
			    def->name, def->nfuncs, d->nfuncs);
	for (unsigned f = 0; f < d->nfuncs; f++) {
		uint64_t at =
			base + __builtin_offsetof(struct bss_service_desc, sigs) + f * BSS_SIG_LEN;
		const char *s = d->sigs[f];
		if (__builtin_memchr(s, 0, BSS_SIG_LEN) == NULL)
			return fail(c, where, at, "signature %u not terminated", f);
		const char *why = sig_parse(s, &sig);
		if (why)
			return fail(c, where, at, "signature '%s' of %s.%s: %s", s, def->name,
				    def->fnames[f], why);
		if (!str_eq(s, def->sigs[f]))
			return fail(
				c, where, at,
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
		return fail(c, w, 4, "ABI version %u, this runtime speaks %d", in->version,
			    BSS_ABI_VERSION);
	if (in->attrs & ~(uint32_t)(BSS_MODE_MASK | BSS_NO_CALLBACKS | BSS_FAILSTOP) ||
	    (in->attrs & BSS_MODE_MASK) == 3)
		return fail(c, w, 8, "unknown thread attributes 0x%x", in->attrs);
	if (in->nreqs > BSS_MAX_REQS)
		return fail(c, w, 12, "%u required services (at most %d)", in->nreqs, BSS_MAX_REQS);
	if (in->data_size > BSS_MAX_DATA)
		return fail(c, w, 16, "private data size %lu exceeds the limit %llu",
			    (unsigned long)in->data_size, (unsigned long long)BSS_MAX_DATA);
	if (in->stack_size > BSS_MAX_STACK)
		return fail(c, w, 24, "stack need %lu exceeds the limit %u",
			    (unsigned long)in->stack_size, BSS_MAX_STACK);
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
	if (s->sh_type != SHT_PROGBITS || s->sh_size % sizeof(struct bss_local_desc) ||
	    s->sh_offset % 8)
		return fail(c, w, 0, "size %lu is not a whole number of local server descriptions",
			    (unsigned long)s->sh_size);
	c->nlocals = (unsigned)(s->sh_size / sizeof(struct bss_local_desc));
	for (unsigned i = 0; i < c->nlocals; i++) {
		const struct bss_local_desc *d =
			(const struct bss_local_desc *)(c->data + s->sh_offset) + i;
		uint64_t base = i * sizeof(*d);
		if (d->magic != BSS_LOCAL_MAGIC)
			return fail(c, w, base, "bad magic 0x%08x", d->magic);
		if (d->attrs & ~(uint32_t)(BSS_ATTR_MASK | BSS_REAP))
			return fail(c, w, base + 4, "unknown attributes 0x%x", d->attrs);
		if (!__builtin_memchr(d->name, 0, BSS_NAME_LEN))
			return fail(c, w, base + 8, "name not terminated");
		if (check_service_desc(c, w, base + __builtin_offsetof(struct bss_local_desc, svc),
				       &d->svc, true))
			return -1;
		if (c->ops && c->ops->local)
			c->ops->local(c->ops_ctx, d);
	}
	return 0;
}

/* ---- check: symbols and relocations ---- */

int loader_parse_call_symbol(const char *name, uint32_t *svc, unsigned *fn, const char **sig,
			     size_t *siglen, bool *atomic)
{
	const char *p = name + sizeof("__bss_call.") - 1;
	uint32_t v = 0;

	for (int i = 0; i < 8; i++, p++) {
		char ch = *p;
		int h = ch >= '0' && ch <= '9'	 ? ch - '0'
			: ch >= 'a' && ch <= 'f' ? ch - 'a' + 10
						 : -1;
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
		return fail(
			c, where, off,
			"undefined symbol '%s' (a server may only import __bss_call.* and __bss_sys.* symbols)",
			name);
	uint32_t svc;
	unsigned fn;
	const char *sig;
	size_t siglen;
	bool atomic;
	if (loader_parse_call_symbol(name, &svc, &fn, &sig, &siglen, &atomic))
		return fail(c, where, off, "malformed service call symbol '%s'", name);
	const struct bss_svc_def *d = svc_lookup(svc);
	if (!d)
		return fail(c, where, off, "call to undeclared service 0x%08x", svc);
	if (fn >= d->nfuncs)
		return fail(c, where, off, "call to function %u of service %s, which has %u", fn,
			    d->name, d->nfuncs);
	const char *want = d->sigs[fn];
	size_t wl = 0;
	while (want[wl])
		wl++;
	if (wl != siglen || __builtin_memcmp(want, sig, siglen))
		return fail(
			c, where, off,
			"signature mismatch calling %s.%s: call site has '%.*s', service declares '%s'",
			d->name, d->fnames[fn], (int)siglen, sig, want);
	if (atomic != (d->atomic != 0))
		return fail(c, where, off, "call to %s.%s disagrees with the service on 'atomic'",
			    d->name, d->fnames[fn]);
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

static int check_meta_reloc(struct lctx *c, const char *w, uint64_t at, unsigned target,
			    uint32_t type, const struct elf64_rela *r, const struct elf64_sym *sym)
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
					  __builtin_offsetof(struct bss_local_desc, svc.funcs),
					  (size_t)-1,
					  __builtin_offsetof(struct bss_local_desc, dtor), &fn);
	if (!what || type != R_X86_64_64)
		return fail(c, w, at,
			    "relocation rewrites metadata at 0x%lx that is not a function pointer",
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
			return fail(c, w, 0, "relocates section %u, which does not exist",
				    rs->sh_info);
		if (!is_alloc(c, rs->sh_info))
			continue; /* debug information: not loaded, not relocated */
		if (rs->sh_entsize != sizeof(struct elf64_rela) ||
		    rs->sh_size % sizeof(struct elf64_rela) || rs->sh_offset % 8)
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
				return fail(
					c, w, at,
					"absolute 32-bit relocation (type %u): build servers with -fpie",
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
					c->ops->call_site(c->ops_ctx, sec_name(c, rs->sh_info),
							  r->r_offset, name);
			} else if (sym->st_shndx == SHN_COMMON) {
				return fail(c, w, at,
					    "common symbol '%s': build servers with -fno-common",
					    name);
			} else if (sym->st_shndx != SHN_ABS) {
				if (!is_alloc(c, sym->st_shndx))
					return fail(
						c, w, at,
						"relocation against '%s' in a section that is not loaded",
						name);
				if (sym->st_value > c->sh[sym->st_shndx].sh_size)
					return fail(c, w, at,
						    "symbol '%s' lies outside its section", name);
			}
			if (type == R_X86_64_GOTPCREL || type == R_X86_64_GOTPCRELX ||
			    type == R_X86_64_REX_GOTPCRELX)
				c->ngot++;
			if ((rs->sh_info == c->info_sec ||
			     (c->locals_sec && rs->sh_info == c->locals_sec)) &&
			    check_meta_reloc(c, w, at, rs->sh_info, type, r, sym))
				return -1;
		}
	}
	const struct bss_info *in = (const void *)(c->data + c->sh[c->info_sec].sh_offset);
	for (unsigned f = 0; f < in->svc.nfuncs; f++)
		if (!(c->info_fn_relocated & (1u << f)))
			return fail(c, ".bss_info",
				    __builtin_offsetof(struct bss_info, svc.funcs) + 8 * f,
				    "function %u does not point into code", f);
	return 0;
}

int loader_check_file(struct lctx *c)
{
	if (check_headers(c) || check_sections(c) || layout(c) || check_info(c) || check_relocs(c))
		return -1;
	if (c->ops && c->ops->section)
		for (unsigned i = 1; i < c->shnum; i++)
			c->ops->section(c->ops_ctx, sec_name(c, i), c->sh[i].sh_type,
					c->sh[i].sh_flags, c->sh[i].sh_size);
	return 0;
}

void lctx_free(struct lctx *c)
{
	if (c->sec_off)
		core_free(c->sec_off, c->shnum * sizeof(uint64_t));
	if (c->sym_import)
		core_free(c->sym_import, c->nsyms * sizeof(uint32_t));
}

int loader_check(const char *file, const void *data, size_t size, const struct inspect_ops *ops,
		 void *ctx, char *err, size_t errlen)
{
	struct lctx c = {.file = file,
			 .data = data,
			 .size = size,
			 .err = err,
			 .errlen = errlen,
			 .ops = ops,
			 .ops_ctx = ctx};
	int r = loader_check_file(&c);

	lctx_free(&c);
	return r;
}
