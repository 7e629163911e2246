/*
 * The configuration file parser (format: docs/config.md). Files are parsed
 * completely when the configuration is read, sub-configurations included,
 * so that every mistake is reported at boot with its file and line, not
 * when some driver happens to be needed.
 */
#include "config.h"
#include <svc/loader.h>

#include <svc/dataspace.h>
#include <svc/files.h>
#include <svc/map.h>

#define LINE_LEN 256

/* The chain of files being parsed: an include or sub-configuration loop
 * is a file that is already on it. */
struct pctx {
	struct config *cs;
	const char *chain[MAX_DEPTH];
	unsigned depth;
	uint16_t file; /* the file being read, its line */
	uint32_t line;
};

static void parse_file(struct pctx *p, struct cfg *c, const char *name);

#define fail(p, err, ...) cfg_fail((p)->cs, (p)->file, (p)->line, CONFIG_E, err, __VA_ARGS__)

static uint16_t file_index(struct pctx *p, const char *name)
{
	struct config *cs = p->cs;

	for (uint32_t i = 0; i < cs->nfiles; i++)
		if (!strcmp(cs->files[i], name))
			return (uint16_t)i;
	if (cs->nfiles == MAX_FILES)
		fail(p, EINVAL, "more than %u files", MAX_FILES);
	bss_snprintf(cs->files[cs->nfiles], NAME_LEN, "%s", name);
	return (uint16_t)cs->nfiles++;
}

static bool ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n > m && !strcmp(s + n - m, suffix);
}

/* The file's data space, or 0 if the runtime has no such file. */
static bss_ref_t try_open(const char *name)
{
	volatile bss_ref_t ds = 0;
	struct bss_try t;

	BSS_TRY(t)
	{
		ds = files_open(REQ_FILES, name, (uint32_t)strlen(name));
	}
	BSS_CATCH(t)
	{
		ds = 0;
	}
	return ds;
}

/* ---- tokens ---- */

static bool is_space(char ch)
{
	return ch == ' ' || ch == '\t' || ch == '\r';
}

/* The next word of the line (NUL-terminated in place), or NULL at its end
 * or at a comment. */
static char *next_word(char **pos)
{
	char *s = *pos;

	while (is_space(*s))
		s++;
	if (!*s || *s == '#') {
		*pos = s;
		return NULL;
	}
	char *w = s;
	while (*s && !is_space(*s))
		s++;
	if (*s)
		*s++ = 0;
	*pos = s;
	return w;
}

/* The rest of the line without surrounding blanks or a trailing comment. */
static char *rest_of_line(char **pos)
{
	char *s = *pos, *end;

	while (is_space(*s))
		s++;
	for (end = s; *end; end++)
		if (*end == '#' && (end == s || is_space(end[-1])))
			break;
	while (end > s && is_space(end[-1]))
		end--;
	*end = 0;
	*pos = end;
	return s;
}

static void no_more(struct pctx *p, char **pos)
{
	char *w = next_word(pos);

	if (w)
		fail(p, EINVAL, "unexpected '%s'", w);
}

static char *need_word(struct pctx *p, char **pos, const char *what)
{
	char *w = next_word(pos);

	if (!w)
		fail(p, EINVAL, "missing %s", what);
	return w;
}

static int hex_digit(char ch)
{
	if (ch >= '0' && ch <= '9')
		return ch - '0';
	if (ch >= 'a' && ch <= 'f')
		return ch - 'a' + 10;
	if (ch >= 'A' && ch <= 'F')
		return ch - 'A' + 10;
	return -1;
}

/* A 32-bit number: hex with 0x, else decimal. */
static bool parse_u32(const char *s, uint32_t *out)
{
	uint64_t v = 0;
	int base = 10;

	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		base = 16;
		s += 2;
	}
	if (!*s)
		return false;
	for (; *s; s++) {
		int d = hex_digit(*s);
		if (d < 0 || d >= base)
			return false;
		v = v * (uint64_t)base + (uint64_t)d;
		if (v > 0xffffffffull)
			return false;
	}
	*out = (uint32_t)v;
	return true;
}

/*
 * A hex pattern of at most width digits, '*' per digit for any; a lone '*'
 * matches anything. Fewer digits than width match a prefix (class 02 is any
 * network controller). Sets the field's bits of val and mask.
 */
static void parse_pattern(struct pctx *p, const char *s, unsigned width, unsigned shift,
			  const char *what, uint64_t *val, uint64_t *mask)
{
	size_t n = strlen(s);

	if (!strcmp(s, "*"))
		return;
	if (n == 0 || n > width)
		fail(p, EINVAL, "bad number '%s' (%s: %u hex digits)", s, what, width);
	for (unsigned i = 0; i < n; i++) {
		unsigned sh = shift + (width - 1 - i) * 4;
		if (s[i] == '*')
			continue;
		int d = hex_digit(s[i]);
		if (d < 0)
			fail(p, EINVAL, "bad number '%s' (%s: %u hex digits)", s, what, width);
		*val |= (uint64_t)d << sh;
		*mask |= 0xfull << sh;
	}
}

/* ---- rules ---- */

static struct rule *new_rule(struct pctx *p, struct cfg *c, enum rule_kind kind)
{
	struct config *cs = p->cs;

	if (cs->nrules == MAX_RULES)
		fail(p, EINVAL, "more than %u rules", MAX_RULES);
	struct rule *r = &cs->rules[cs->nrules++];
	r->owner = c;
	r->kind = (uint8_t)kind;
	r->file = p->file;
	r->line = p->line;
	return r;
}

static void check_chain(struct pctx *p, const char *name, const char *what)
{
	for (unsigned i = 0; i < p->depth; i++)
		if (!strcmp(p->chain[i], name))
			fail(p, ELOOP, "%s loop: %s", what, name);
	if (p->depth == MAX_DEPTH)
		fail(p, ELOOP, "%s nested more than %u deep", what, MAX_DEPTH);
}

/* A rule's target: a server file (must exist) or a sub-configuration (parsed now). */
static void set_target(struct pctx *p, struct cfg *c, struct rule *r, const char *name)
{
	struct config *cs = p->cs;

	if (strlen(name) >= NAME_LEN)
		fail(p, EINVAL, "file name too long: %s", name);
	bss_snprintf(r->t.file, NAME_LEN, "%s", name);
	if (ends_with(name, ".srv")) {
		bss_ref_t ds = try_open(name);
		if (!ds)
			fail(p, ENOENT, "missing file '%s'", name);
		bss_release(ds);
		return;
	}
	if (!ends_with(name, ".cfg"))
		fail(p, EINVAL, "target '%s' is neither a .srv nor a .cfg file", name);
	check_chain(p, name, "sub-configuration");
	if (cs->ncfgs == MAX_CFGS)
		fail(p, EINVAL, "more than %u configurations", MAX_CFGS);
	struct cfg *sub = &cs->cfgs[cs->ncfgs++];
	sub->srv = cs;
	sub->parent = c;
	sub->file = file_index(p, name);
	r->t.sub = sub;
	parse_file(p, sub, name);
}

static void parse_service(struct pctx *p, struct cfg *c, char **pos)
{
	char *s = need_word(p, pos, "service name or ID");
	char *target = need_word(p, pos, "target file");
	uint32_t id;

	no_more(p, pos);
	if (hex_digit(s[0]) >= 0 && s[0] <= '9') {
		if (!parse_u32(s, &id))
			fail(p, EINVAL, "bad number '%s'", s);
		if (!svc_name(id))
			fail(p, EINVAL, "unknown service %s", s);
	} else if (svc_by_name(s, &id)) {
		fail(p, EINVAL, "unknown service '%s'", s);
	}
	struct rule *r = new_rule(p, c, R_SERVICE);
	r->svc_id = id;
	set_target(p, c, r, target);
}

static void parse_device(struct pctx *p, struct cfg *c, char **pos)
{
	char *name = need_word(p, pos, "device name");
	char *target = need_word(p, pos, "target file");

	no_more(p, pos);
	if (strlen(name) >= KEY_LEN)
		fail(p, EINVAL, "device name too long: %s", name);
	struct rule *r = new_rule(p, c, R_DEVICE);
	bss_snprintf(r->dev, KEY_LEN, "%s", name);
	set_target(p, c, r, target);
}

/* pci VENDOR:DEVICE [class CLASS] [rev REV] TARGET */
static void parse_pci(struct pctx *p, struct cfg *c, char **pos)
{
	char *ids = need_word(p, pos, "VENDOR:DEVICE");
	uint64_t val = 0, mask = 0;
	char *colon = ids;

	while (*colon && *colon != ':')
		colon++;
	if (!*colon)
		fail(p, EINVAL, "bad number '%s' (expected VENDOR:DEVICE)", ids);
	*colon = 0;
	parse_pattern(p, ids, 4, 0, "vendor", &val, &mask);
	parse_pattern(p, colon + 1, 4, 16, "device", &val, &mask);
	char *w = need_word(p, pos, "target file");
	if (!strcmp(w, "class")) {
		parse_pattern(p, need_word(p, pos, "class"), 6, 32, "class", &val, &mask);
		w = need_word(p, pos, "target file");
	}
	if (!strcmp(w, "rev")) {
		parse_pattern(p, need_word(p, pos, "revision"), 2, 56, "rev", &val, &mask);
		w = need_word(p, pos, "target file");
	}
	no_more(p, pos);
	struct rule *r = new_rule(p, c, R_PCI);
	r->val = val;
	r->mask = mask;
	set_target(p, c, r, w);
}

static void parse_param(struct pctx *p, struct cfg *c, char **pos)
{
	struct config *cs = p->cs;
	char *key = need_word(p, pos, "parameter name");
	char *val = rest_of_line(pos);

	if (strlen(key) >= KEY_LEN)
		fail(p, EINVAL, "parameter name too long: %s", key);
	if (strlen(val) >= VAL_LEN)
		fail(p, EINVAL, "value of %s longer than %u bytes", key, VAL_LEN - 1);
	if (cs->nparams == MAX_PARAMS)
		fail(p, EINVAL, "more than %u parameters", MAX_PARAMS);
	struct param *pm = &cs->params[cs->nparams++];
	pm->owner = c;
	bss_snprintf(pm->key, KEY_LEN, "%s", key);
	bss_snprintf(pm->val, VAL_LEN, "%s", val);
}

/*
 * Asks the loader to isolate the existing server file name (dom: in that
 * protection domain, NULL: a space of its own); what it refuses (the file
 * isolated otherwise already) is this line's error.
 */
static void isolate_file(struct pctx *p, const char *dom, const char *name)
{
	struct bss_try t;
	bss_ref_t ds = try_open(name);

	if (!ds)
		fail(p, ENOENT, "missing file '%s'", name);
	bss_release(ds);
	BSS_TRY(t)
	{
		if (dom)
			loader_isolate_in(REQ_LOADER, dom, (uint32_t)strlen(dom), name,
					  (uint32_t)strlen(name));
		else
			loader_isolate(REQ_LOADER, name, (uint32_t)strlen(name));
	}
	BSS_CATCH(t)
	{
		fail(p, t.err.err, "%s", t.err.msg);
	}
}

/* "isolate FILE.srv...": those files' servers run in address spaces of their own. */
static void parse_isolate(struct pctx *p, char **pos)
{
	char *name = need_word(p, pos, "server file");

	for (; name; name = next_word(pos)) {
		if (!ends_with(name, ".srv"))
			fail(p, EINVAL, "isolate: '%s' is not a .srv file", name);
		isolate_file(p, NULL, name);
	}
}

/*
 * "domain NAME FILE.srv...": those files' servers run isolated, together in
 * one address space, the protection domain NAME (docs/isolation.md).
 */
static void parse_domain(struct pctx *p, char **pos)
{
	char *dom = need_word(p, pos, "domain name");
	char *name = need_word(p, pos, "server file");

	for (const char *c = dom; *c; c++)
		if (!((*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9') || *c == '-' ||
		      *c == '_'))
			fail(p, EINVAL, "domain: '%s' is not a domain name (a-z, 0-9, - and _)",
			     dom);
	for (; name; name = next_word(pos)) {
		if (!ends_with(name, ".srv"))
			fail(p, EINVAL, "domain: '%s' is not a .srv file", name);
		isolate_file(p, dom, name);
	}
}

static void parse_line(struct pctx *p, struct cfg *c, char *line)
{
	char *pos = line;
	char *kw = next_word(&pos);

	if (!kw)
		return;
	if (!strcmp(kw, "service")) {
		parse_service(p, c, &pos);
	} else if (!strcmp(kw, "device")) {
		parse_device(p, c, &pos);
	} else if (!strcmp(kw, "pci")) {
		parse_pci(p, c, &pos);
	} else if (!strcmp(kw, "param")) {
		parse_param(p, c, &pos);
	} else if (!strcmp(kw, "isolate")) {
		parse_isolate(p, &pos);
	} else if (!strcmp(kw, "domain")) {
		parse_domain(p, &pos);
	} else if (!strcmp(kw, "include")) {
		char *name = need_word(p, &pos, "file name");
		no_more(p, &pos);
		check_chain(p, name, "include");
		parse_file(p, c, name);
	} else {
		fail(p, EINVAL, "unknown keyword '%s'", kw);
	}
}

/* Read one file into c; the caller's file and line are where it was named. */
static void parse_file(struct pctx *p, struct cfg *c, const char *name)
{
	uint16_t from_file = p->file;
	uint32_t from_line = p->line;
	bss_ref_t ds = try_open(name);

	if (!ds)
		fail(p, ENOENT, "missing file '%s'", name);
	uint16_t idx = file_index(p, name);
	uint64_t size = dataspace_size(ds);
	const char *text = (const char *)(uintptr_t)map_map(REQ_MAP, ds);
	char line[LINE_LEN];

	p->chain[p->depth++] = p->cs->files[idx];
	p->file = idx;
	p->line = 0;
	for (uint64_t i = 0; i < size;) {
		uint64_t n = 0;
		p->line++;
		while (i + n < size && text[i + n] != '\n')
			n++;
		if (n >= LINE_LEN)
			fail(p, EINVAL, "line longer than %u bytes", LINE_LEN - 1);
		memcpy(line, text + i, n);
		line[n] = 0;
		for (uint64_t k = 0; k < n; k++)
			if (line[k] == 0)
				fail(p, EINVAL, "NUL byte in a text file");
		parse_line(p, c, line);
		i += n + 1;
	}
	p->depth--;
	p->file = from_file;
	p->line = from_line;
	bss_release(ds);
}

void cfg_parse(struct config *cs, struct cfg *c, const char *file)
{
	struct pctx p = {.cs = cs};

	p.file = file_index(&p, file);
	c->file = p.file;
	parse_file(&p, c, file);
}
