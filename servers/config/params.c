/*
 * Parameters: the config service of a configuration. A configuration's own
 * "param" lines (the last one of a key wins, so a file can override what
 * it included), else its parent's.
 */
#include "config.h"

#include <svc/config.h>

BSS_LOCAL_SERVER(cfg_params_desc, CONFIG, struct cfg, cp);

bss_ref_t cfg_params_ref(struct cfg *c)
{
	if (!c->params)
		c->params = bss_keep(bss_local(&cfg_params_desc, c));
	return c->params;
}

uint32_t cp_param(struct cfg *c, const void *key, uint32_t klen, void *val, uint32_t vlen)
{
	struct config *cs = c->srv;

	for (struct cfg *k = c; k; k = k->parent) {
		for (uint32_t i = cs->nparams; i-- > 0;) {
			struct param *p = &cs->params[i];
			if (p->owner != k || strlen(p->key) != klen || memcmp(p->key, key, klen))
				continue;
			uint32_t n = (uint32_t)strlen(p->val);
			memcpy(val, p->val, n < vlen ? n : vlen);
			return n;
		}
	}
	char k[KEY_LEN];
	uint32_t n = klen < KEY_LEN - 1 ? klen : KEY_LEN - 1;
	memcpy(k, key, n);
	k[n] = 0;
	cfg_fail(cs, c->file, 0, BSS_E_UNRESOLVED, ENOENT, "parameter '%s' is not set", k);
}
