/*
 * The driver database (services/driverdb.svc): "pci" and "device" rules. A
 * driver is a new instance per device; its required service of the device's
 * kind (pcidev, or what the platform server passes) is the device itself,
 * the rest goes to the configuration holding the rule. That is done by a
 * query local server per load (a bind), which dies when the load is over.
 */
#include "config.h"

#include <svc/driverdb.h>
#include <svc/pcidev.h>
#include <svc/query.h>

static void bind_free(struct bind *b);

BSS_LOCAL_SERVER(cfg_db_desc, DRIVERDB, struct cfg, db);
BSS_LOCAL_SERVER(bind_desc, QUERY, struct bind, bq, .dtor = BSS_CTOR(bind_free));

bss_ref_t cfg_db_ref(struct cfg *c)
{
	if (!c->db)
		c->db = bss_keep(bss_local(&cfg_db_desc, c));
	return c->db;
}

bss_ref_t bq_resolve(struct bind *b, uint32_t svc_id)
{
	if (b->svc_id && svc_id == b->svc_id)
		return b->res;
	return cfg_resolve(b->c, svc_id);
}

static void bind_free(struct bind *b)
{
	if (b->res)
		bss_release(b->res);
	b->res = 0;
	b->used = 0;
}

static bss_ref_t load_driver(struct cfg *c, struct rule *r, uint32_t svc_id, bss_ref_t res,
			     const char *what)
{
	struct config *cs = c->srv;
	struct bind *b = NULL;

	for (unsigned i = 0; i < MAX_BINDS && !b; i++)
		if (!cs->binds[i].used)
			b = &cs->binds[i];
	if (!b)
		cfg_fail(cs, r->file, r->line, BSS_E_LIMIT, EINVAL,
			 "more than %u driver loads at once", MAX_BINDS);
	b->used = 1;
	b->c = c;
	b->svc_id = res ? svc_id : 0;
	b->res = res ? bss_keep(res) : 0;
	/* a temporary: the bind dies (bind_free) when this function ends or unwinds */
	bss_ref_t q = bss_local(&bind_desc, b);
	bss_printf("config: driver %s for %s (%s:%u)\n", r->t.file, what, cs->files[r->file],
		   r->line);
	return cfg_load(c, r, q);
}

/* Which rule of kind in configuration c (or its parents) matches. */
static bool matches(const struct rule *r, uint64_t ids, const char *dev, uint32_t dlen)
{
	if (r->kind == R_PCI)
		return (ids & r->mask) == r->val;
	return strlen(r->dev) == dlen && !memcmp(r->dev, dev, dlen);
}

struct query {
	enum rule_kind kind;
	uint64_t ids;
	const char *dev;
	uint32_t dlen;
	uint32_t svc_id;
	bss_ref_t res;
	char what[64];
};

static bss_ref_t find_driver(struct cfg *c, struct query *q);

static bss_ref_t via_sub(struct rule *r, struct query *q)
{
	volatile bss_ref_t h = 0;
	struct bss_try t;

	r->busy = 1;
	BSS_TRY(t)
	{
		h = find_driver(r->t.sub, q);
	}
	BSS_CATCH(t)
	{
		r->busy = 0;
		cfg_rethrow(&t);
	}
	r->busy = 0;
	return h;
}

static bss_ref_t find_driver(struct cfg *c, struct query *q)
{
	struct config *cs = c->srv;

	for (uint32_t i = 0; i < cs->nrules; i++) {
		struct rule *r = &cs->rules[i];
		if (r->owner != c || r->kind != q->kind || r->busy ||
		    !matches(r, q->ids, q->dev, q->dlen))
			continue;
		if (r->t.sub)
			return via_sub(r, q);
		return load_driver(c, r, q->svc_id, q->res, q->what);
	}
	if (c->parent)
		return find_driver(c->parent, q);
	cfg_fail(cs, c->file, 0, BSS_E_UNRESOLVED, ENOENT, "no driver for %s", q->what);
}

bss_ref_t db_driver(struct cfg *c, uint64_t ids, bss_ref_t dev)
{
	struct query q = {.kind = R_PCI, .ids = ids, .svc_id = PCIDEV_SVC_ID, .res = dev};

	bss_snprintf(q.what, sizeof(q.what), "pci %04x:%04x class %06x rev %02x",
		     (unsigned)(ids & 0xffff), (unsigned)((ids >> 16) & 0xffff),
		     (unsigned)((ids >> 32) & 0xffffff), (unsigned)(ids >> 56));
	return find_driver(c, &q);
}

bss_ref_t db_device(struct cfg *c, const void *name, uint32_t len, uint32_t svc_id, bss_ref_t res)
{
	struct query q = {.kind = R_DEVICE, .dev = name, .dlen = len, .svc_id = svc_id, .res = res};

	bss_snprintf(q.what, sizeof(q.what), "device %.*s", (int)(len < 32 ? len : 32),
		     (const char *)name);
	return find_driver(c, &q);
}
