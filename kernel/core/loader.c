/*
 * The server loader (thesis 3.5.1, 4.1.1): checks a server file completely
 * (loader_check.c), then copies its sections into place, binds every call
 * site and system call to a stub (stub.c), applies the relocations, resolves
 * the required services through a query function and runs the constructor.
 *
 * Invariant: nothing runs and nothing stays allocated unless every check
 * passed. The checks on the raw bytes all happen in loader_check_file();
 * image_load() only does what they made safe, plus the checks that need
 * the bound image (32-bit relocation range, metadata pointers into code).
 * Errors name the file, the section and the offset inside it.
 */
#include "loader_internal.h"
#include "space.h"

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
			return fail(c, where, base + 8 + 8 * f,
				    "function %u does not point into code", f);
	return 0;
}

/* Where the stubs and the GOT go: behind the image, stubs first (image_load sized it). */
static uint8_t *stub_area(struct lctx *c, struct image *im)
{
	return im->mem + c->image_size;
}

static void copy_sections(struct lctx *c, struct image *im)
{
	for (unsigned i = 0; i < c->shnum; i++) {
		if (c->sec_off[i] == ~0ull || c->sh[i].sh_type == SHT_NOBITS)
			continue;
		__builtin_memcpy(im->mem + c->sec_off[i], c->data + c->sh[i].sh_offset,
				 c->sh[i].sh_size);
	}
}

/* One stub per reserved symbol: service calls carry their import in %r9. */
static void bind_stubs(struct lctx *c, struct image *im)
{
	for (unsigned si = 0; si < c->nsyms; si++) {
		if (!c->sym_import[si])
			continue;
		unsigned n = c->sym_import[si] - 1;
		const char *name = c->str + c->syms[si].st_name;
		uint8_t *stub = stub_area(c, im) + (size_t)n * STUB_SIZE;
		if (c->space)
			stub_write_space(stub, n);
		if (str_starts(name, "__bss_sys.")) {
			im->sys_target[n] =
				(uint64_t)(uintptr_t)sys_lookup(name + sizeof("__bss_sys.") - 1);
			if (!c->space)
				stub_write(stub, 0, im->sys_target[n]);
			continue;
		}
		struct import *imp = &im->imports[n];
		uint32_t svc;
		unsigned fn;
		const char *sig;
		size_t siglen;
		bool atomic;
		loader_parse_call_symbol(name, &svc, &fn, &sig, &siglen, &atomic);
		const struct bss_svc_def *d = svc_lookup(svc);
		imp->svc_id = svc;
		imp->fn = (uint16_t)fn;
		imp->atomic = atomic;
		sig_parse(d->sigs[fn], &imp->sig);
		imp->slow = !imp->sig.simple;
		if (c->space)
			continue; /* no inline cache: its stub traps (stub_write_space) */
		imp->stub = stub;
		stub_write_call(stub, (uint64_t)(uintptr_t)imp);
	}
}

/* The value S of a relocation's symbol: a stub (or the runtime, for a system call), or an address.
 */
static uint64_t reloc_symbol(struct lctx *c, struct image *im, const struct elf64_rela *r,
			     const uint8_t *P)
{
	const struct elf64_sym *sym = &c->syms[ELF64_R_SYM(r->r_info)];

	if (sym->st_shndx == SHN_ABS)
		return sym->st_value;
	if (sym->st_shndx != SHN_UNDEF)
		return (uint64_t)(uintptr_t)im->mem + c->sec_off[sym->st_shndx] + sym->st_value;
	unsigned imp = c->sym_import[ELF64_R_SYM(r->r_info)] - 1;
	uint8_t *stub = stub_area(c, im) + (size_t)imp * STUB_SIZE;
	uint64_t direct = im->sys_target[imp];
	if (!direct || c->space)
		return (uint64_t)(uintptr_t)stub; /* an isolated server's stubs all trap */
	/* System calls go straight to the runtime when a 32-bit displacement reaches it. */
	uint32_t type = ELF64_R_TYPE(r->r_info);
	int64_t d = (int64_t)(direct + (uint64_t)r->r_addend - (uint64_t)(uintptr_t)P);
	bool pcrel = type == R_X86_64_PLT32 || type == R_X86_64_PC32;
	return pcrel && d == (int32_t)d ? direct : (uint64_t)(uintptr_t)(stub + 10);
}

/* Apply the relocations of every allocated section; GOT slots go behind the stubs. */
static int relocate(struct lctx *c, struct image *im)
{
	uint8_t *got = stub_area(c, im) + (size_t)c->nimports * STUB_SIZE;
	unsigned ngot = 0;
	char lb[80];

	for (unsigned i = 0; i < c->shnum; i++) {
		const struct elf64_shdr *rs = &c->sh[i];
		if (rs->sh_type != SHT_RELA || !is_alloc(c, rs->sh_info))
			continue;
		const struct elf64_rela *r = (const void *)(c->data + rs->sh_offset);
		unsigned nrel = (unsigned)(rs->sh_size / sizeof(*r));
		uint8_t *sec = im->mem + c->sec_off[rs->sh_info];
		for (unsigned k = 0; k < nrel; k++, r++) {
			uint32_t type = ELF64_R_TYPE(r->r_info);
			if (type == R_X86_64_NONE)
				continue;
			uint8_t *P = sec + r->r_offset;
			uint64_t S = reloc_symbol(c, im, r, P);
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
					return fail(c, sec_label(c, i, lb, sizeof(lb)),
						    k * sizeof(*r),
						    "relocation target out of 32-bit range");
				put_u32(P, (uint32_t)(int32_t)v);
				break;
			}
		}
	}
	return 0;
}

/* The metadata's function pointers, relocated: each must point into the image's code. */
static int check_metadata(struct lctx *c, struct image *im)
{
	char lb[80];

	im->info = (const void *)(im->mem + c->sec_off[c->info_sec]);
	if (check_fn_pointers(c, im, &im->info->svc, sec_label(c, c->info_sec, lb, sizeof(lb)),
			      __builtin_offsetof(struct bss_info, svc)))
		return -1;
	if ((im->info->ctor && !in_exec(c, im, (uint64_t)(uintptr_t)im->info->ctor)) ||
	    (im->info->dtor && !in_exec(c, im, (uint64_t)(uintptr_t)im->info->dtor)))
		return fail(c, sec_label(c, c->info_sec, lb, sizeof(lb)),
			    __builtin_offsetof(struct bss_info, ctor),
			    "constructor or destructor does not point into code");
	if (!c->locals_sec)
		return 0;
	im->locals = (const void *)(im->mem + c->sec_off[c->locals_sec]);
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
	return 0;
}

/* The image in place: sections copied, call sites bound to stubs, relocated, metadata checked. */
static int bind_image(struct lctx *c, struct image *im)
{
	copy_sections(c, im);
	bind_stubs(c, im);
	if (relocate(c, im))
		return -1;
	return check_metadata(c, im);
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
	if (im->space)
		os_space_free(im->space); /* the image and the data with it */
	else if (im->mem)
		os_free_image(im->mem, im->size);
	if (im->imports)
		core_free(im->imports, im->nimports * sizeof(struct import));
	if (im->sys_target)
		core_free(im->sys_target, im->nimports * sizeof(uint64_t));
	core_free(im, sizeof(*im));
}

void image_free(struct server *s)
{
	if (!s->space)
		core_free(s->data, s->data_size);
	free_image(s->image);
	s->image = NULL;
	s->data = NULL;
	s->space = NULL;
}

const char *image_file(const struct server *s)
{
	return s->kind == SRV_LOADED && s->image ? s->image->file : "";
}

/* The base name of path (up to the first blank, as module command lines go). */
static void note_file(struct image *im, const char *path)
{
	const char *base = path;
	size_t n = 0;

	for (const char *p = path; *p && *p != ' '; p++)
		if (*p == '/')
			base = p + 1;
	while (base[n] && base[n] != ' ' && n < sizeof(im->file) - 1) {
		im->file[n] = base[n];
		n++;
	}
	im->file[n] = 0;
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
	call_invoke(cc->s, (bss_fn_t)cc->s->image->info->ctor, cc->s->self, 0);
	call_frame_leave(cur_thread, &f);
}

int image_load(const char *file, const void *data, size_t size, query_fn query, void *qctx,
	       bss_ref_t *ref, char *err, size_t errlen)
{
	struct lctx c = {.file = file, .data = data, .size = size, .err = err, .errlen = errlen};
	struct image *im = NULL;
	struct server *s = NULL;

	if (loader_check_file(&c))
		goto out_fail;
	im = core_try_alloc(sizeof(*im));
	if (!im)
		goto out_nomem;
	im->size = c.image_size + (size_t)c.nimports * STUB_SIZE + (size_t)c.ngot * 8;
	c.space = im->space = os_space_new(file);
	if (!im->space && os_space_wanted(file))
		goto out_nomem;
	im->mem = im->space ? os_space_alloc(im->space, im->size) : os_alloc_image(im->size);
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
	note_file(im, file);

	const struct bss_info *info = im->info;
	s = core_try_alloc(sizeof(*s));
	if (!s)
		goto out_nomem;
	s->data_size = info->data_size ? info->data_size : 8;
	s->data =
		im->space ? os_space_alloc(im->space, s->data_size) : core_try_alloc(s->data_size);
	if (!s->data)
		goto out_nomem;
	s->image = im;
	s->space = im->space;
	im = NULL; /* owned by the server from here on */
	s->funcs = info->svc.funcs;
	s->desc = &info->svc;
	s->self = s->data;
	s->owner = s;
	s->svc_id = info->svc.svc_id;
	s->kind = SRV_LOADED;
	s->name = info->name;
	if (s->space) {
		/* the runtime's messages must not read what the server can rewrite */
		fmt_snprintf(s->image->name, sizeof(s->image->name), "%s", info->name);
		s->name = s->image->name;
	}
	s->mode = info->attrs & BSS_MODE_MASK;
	s->no_callbacks = (info->attrs & BSS_NO_CALLBACKS) != 0;
	s->lazylock = s->mode == BSS_AUTOLOCK && !s->no_callbacks;
	s->failstop = (info->attrs & BSS_FAILSTOP) != 0;
	/* A leaf is called directly (call.c): an isolated server never is. */
	s->leaf = c.nimports == 0 && !s->space;
	for (unsigned i = 0; i < c.nimports; i++)
		s->image->imports[i].holder = s;

	/* Required services fill the fixed permanent slots 0..n-1. */
	for (unsigned i = 0; i < info->nreqs; i++) {
		struct server *r = query(qctx, info->reqs[i]);
		if (!r || r->svc_id != info->reqs[i]) {
			const struct bss_svc_def *d = svc_lookup(info->reqs[i]);
			fmt_snprintf(err, errlen,
				     "%s: required service %u: %s (0x%08x) cannot be resolved",
				     file, i, d ? d->name : "?", info->reqs[i]);
			goto out_unwind;
		}
		bss_ref_t h = ref_new_perm(s, r);
		s->perm[H_PERM_IDX(h)].fixed = 1;
	}
	*ref = ref_new_perm(cur_thread->cur, s);
	server_link_loaded(s);

	if (info->ctor) {
		struct ctor_call cc = {s};
		struct bss_error e;
		if (core_trycall(ctor_body, &cc, &e)) {
			fmt_snprintf(err, errlen,
				     "%s: constructor of %s failed: %s (error %u, errno %d)", file,
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
	if (s && !s->space && !(im && im->space))
		core_free(s->data, s->data_size);
	free_image(im);
	if (s)
		core_free(s, sizeof(*s));
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
