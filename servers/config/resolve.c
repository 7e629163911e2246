/*
 * Resolving a required service through a configuration: its service rules
 * in file order, then what every configuration provides itself (its
 * parameters, driver database and query), then its parent configuration,
 * and for the main configuration the runtime's query.
 */
#include "config.h"

#include <svc/config.h>
#include <svc/driverdb.h>
#include <svc/files.h>
#include <svc/loader.h>
#include <svc/query.h>

BSS_LOCAL_SERVER(cfg_query_desc, QUERY, struct cfg, cq);

bss_ref_t cq_resolve(struct cfg *c, uint32_t svc_id)
{
	return cfg_resolve(c, svc_id);
}

bss_ref_t cfg_query_ref(struct cfg *c)
{
	/* a reference to one's own local server does not keep the server alive */
	if (!c->query)
		c->query = bss_keep(bss_local(&cfg_query_desc, c));
	return c->query;
}

static const char *name_of(uint32_t svc_id)
{
	const char *n = svc_name(svc_id);

	return n ? n : "?";
}

/*
 * Load the rule's server file; its requirements go to q. A file the loader
 * rejects is reported at the rule that named it; errors that come from
 * deeper (another rule, another file) already say where they come from.
 */
bss_ref_t cfg_load(struct cfg *c, struct rule *r, bss_ref_t q)
{
	volatile bss_ref_t h = 0;
	struct bss_try t;

	BSS_TRY(t)
	{
		bss_ref_t ds = files_open(REQ_FILES, r->t.file, (uint32_t)strlen(r->t.file));
		h = loader_load(REQ_LOADER, ds, q);
	}
	BSS_CATCH(t)
	{
		if (t.err.id == BSS_E_LOAD || (t.err.id == BSS_E_INVAL && t.err.err == ENOENT))
			cfg_fail(c->srv, r->file, r->line, t.err.id, t.err.err, "%s", t.err.msg);
		cfg_rethrow(&t);
	}
	return h;
}

/* Ask the rule's sub-configuration; the rule is skipped while it asks, so a
 * sub-configuration without a rule of its own passes the question up. */
static bss_ref_t via_sub(struct rule *r, uint32_t svc_id)
{
	volatile bss_ref_t h = 0;
	struct bss_try t;

	r->busy = 1;
	BSS_TRY(t)
	{
		h = cfg_resolve(r->t.sub, svc_id);
	}
	BSS_CATCH(t)
	{
		r->busy = 0;
		cfg_rethrow(&t);
	}
	r->busy = 0;
	return h;
}

/* A service rule naming a server file: one instance, loaded on first use. */
static bss_ref_t shared_instance(struct cfg *c, struct rule *r, uint32_t svc_id)
{
	struct target *tg = &r->t;
	volatile bss_ref_t h = 0;
	struct bss_try t;

	if (tg->state == S_LOADED)
		return tg->shared;
	if (tg->state == S_LOADING)
		cfg_fail(c->srv, r->file, r->line, BSS_E_UNRESOLVED, ELOOP,
			 "circular requirement: %s needs %s while it loads", tg->file,
			 name_of(svc_id));
	tg->state = S_LOADING;
	BSS_TRY(t)
	{
		h = cfg_load(c, r, cfg_query_ref(c));
	}
	BSS_CATCH(t)
	{
		tg->state = S_IDLE;
		cfg_rethrow(&t);
	}
	tg->shared = bss_keep(h);
	tg->state = S_LOADED;
	return h;
}

static bss_ref_t fallback(struct cfg *c, uint32_t svc_id)
{
	volatile bss_ref_t h = 0;
	volatile int failed = 0;
	struct bss_try t;

	BSS_TRY(t)
	{
		h = query_resolve(REQ_QUERY, svc_id);
	}
	BSS_CATCH(t)
	{
		failed = 1;
	}
	if (failed)
		cfg_fail(c->srv, c->file, 0, BSS_E_UNRESOLVED, ENOENT,
			 "nothing resolves service %s (0x%08x)", name_of(svc_id), svc_id);
	return h;
}

bss_ref_t cfg_resolve(struct cfg *c, uint32_t svc_id)
{
	struct config *cs = c->srv;

	for (uint32_t i = 0; i < cs->nrules; i++) {
		struct rule *r = &cs->rules[i];
		if (r->owner != c || r->kind != R_SERVICE || r->svc_id != svc_id || r->busy)
			continue;
		return r->t.sub ? via_sub(r, svc_id) : shared_instance(c, r, svc_id);
	}
	switch (svc_id) {
	case CONFIG_SVC_ID:
		return cfg_params_ref(c);
	case DRIVERDB_SVC_ID:
		return cfg_db_ref(c);
	case QUERY_SVC_ID:
		return cfg_query_ref(c);
	}
	if (c->parent)
		return cfg_resolve(c->parent, svc_id);
	return fallback(c, svc_id);
}
