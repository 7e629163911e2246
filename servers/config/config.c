/*
 * config: the config-file query server (thesis 4.2). The runtime loads it
 * with its own requirements resolved by the kernel, and uses it as the query
 * server of the init server; from then on, the rules of the main
 * configuration file (main.cfg) decide which server files resolve which
 * required services. No other server loads server files by itself.
 */
#include "config.h"

#include <svc/files.h>
#include <svc/loader.h>
#include <svc/map.h>
#include <svc/query.h>

#include "common/fmt.h"

static void config_init(struct config *cs);

BSS_SERVER(QUERY, struct config, config, .ctor = BSS_CTOR(config_init), .stack_size = 32768,
	   BSS_REQUIRES(FILES_SVC_ID, LOADER_SVC_ID, MAP_SVC_ID, QUERY_SVC_ID));

void cfg_fail(struct config *cs, uint16_t file, uint32_t line, uint32_t id, int32_t err,
	      const char *fmt, ...)
{
	char msg[sizeof(((struct bss_error *)0)->msg)];
	int n;
	va_list ap;

	if (line)
		n = bss_snprintf(msg, sizeof(msg), "%s:%u: ", cs->files[file], line);
	else
		n = bss_snprintf(msg, sizeof(msg), "%s: ", cs->files[file]);
	if (n > (int)sizeof(msg))
		n = sizeof(msg);
	va_start(ap, fmt);
	fmt_vsnprintf(msg + n, sizeof(msg) - (size_t)n, fmt, ap);
	va_end(ap);
	if (id == CONFIG_E)
		bss_printf("config: %s\n", msg);
	bss_throw(id, err, msg);
}

void cfg_rethrow(const struct bss_try *t)
{
	bss_throw(t->err.id, t->err.err, t->err.msg);
}

static void config_init(struct config *cs)
{
	struct cfg *main = &cs->cfgs[0];

	main->srv = cs;
	cs->ncfgs = 1;
	cfg_parse(cs, main, MAIN_CONFIG);
	bss_printf("config: %s: %u files, %u rules, %u parameters\n", MAIN_CONFIG, cs->nfiles,
		   cs->nrules, cs->nparams);
}

/* The server itself is the main configuration's query. */
bss_ref_t config_resolve(struct config *cs, uint32_t svc_id)
{
	return cfg_resolve(&cs->cfgs[0], svc_id);
}
