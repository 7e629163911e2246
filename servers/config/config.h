/*
 * The config-file query server (thesis 4.2): its private data and the parts
 * shared by its files. A parsed configuration file (with its includes
 * inlined) is a struct cfg; the main configuration and each sub-configuration
 * a rule points at is one. Each cfg is a query local server, and also hands
 * out its parameters (config service) and its driver database (driverdb).
 * See docs/config.md for the file format.
 */
#ifndef CONFIG_SERVER_H
#define CONFIG_SERVER_H

#include <bss/server.h>

#define REQ_FILES BSS_REQ(0)
#define REQ_LOADER BSS_REQ(1)
#define REQ_MAP BSS_REQ(2)
#define REQ_QUERY BSS_REQ(3) /* the runtime's query: what no rule resolves */

#define MAIN_CONFIG "main.cfg"

#define MAX_CFGS 32
#define MAX_RULES 256
#define MAX_PARAMS 128
#define MAX_FILES 64 /* names of the files parsed, for messages */
#define MAX_BINDS 16 /* driver loads in progress */
#define MAX_DEPTH 8  /* nesting of includes and sub-configurations */
#define NAME_LEN 48
#define KEY_LEN 32
#define VAL_LEN 128

/* A config error is an invalid-argument error with a "file:line: " message. */
#define CONFIG_E BSS_E_INVAL

enum rule_kind { R_SERVICE, R_DEVICE, R_PCI };

enum load_state { S_IDLE, S_LOADING, S_LOADED };

struct cfg;

/* What a rule names: a server file (shared instance) or a sub-configuration. */
struct target {
	char file[NAME_LEN];
	struct cfg *sub;  /* a .cfg target: its parsed instance */
	uint8_t state;	  /* .srv targets of service rules: enum load_state */
	bss_ref_t shared; /* permanent, once loaded */
};

struct rule {
	struct cfg *owner;
	uint8_t kind;  /* enum rule_kind */
	uint8_t busy;  /* resolving through this rule's sub-configuration */
	uint16_t file; /* index into config.files: where it was written */
	uint32_t line;
	uint32_t svc_id;    /* R_SERVICE */
	char dev[KEY_LEN];  /* R_DEVICE */
	uint64_t val, mask; /* R_PCI: ids match if (ids & mask) == val */
	struct target t;
};

struct param {
	struct cfg *owner;
	char key[KEY_LEN];
	char val[VAL_LEN];
};

struct cfg {
	struct config *srv;
	struct cfg *parent;	     /* NULL for the main configuration */
	uint16_t file;		     /* its file, for messages */
	bss_ref_t query, params, db; /* its local servers, permanent, made on first use */
};

/* A driver load: the query its driver's requirements go to. */
struct bind {
	struct cfg *c;
	uint32_t svc_id; /* this requirement is res */
	bss_ref_t res;	 /* permanent while the load runs */
	uint8_t used;
};

struct config {
	struct cfg cfgs[MAX_CFGS];
	uint32_t ncfgs;
	struct rule rules[MAX_RULES];
	uint32_t nrules;
	struct param params[MAX_PARAMS];
	uint32_t nparams;
	char files[MAX_FILES][NAME_LEN];
	uint32_t nfiles;
	struct bind binds[MAX_BINDS];
};

/* parse.c */
void cfg_parse(struct config *cs, struct cfg *c, const char *file);

/* resolve.c */
bss_ref_t cfg_resolve(struct cfg *c, uint32_t svc_id);
bss_ref_t cfg_query_ref(struct cfg *c);
bss_ref_t cfg_load(struct cfg *c, struct rule *r, bss_ref_t q);
/*
 * Throw "file:line: message" (line 0: "file: message"); mistakes in a
 * configuration file (id CONFIG_E) are also printed, as "config: ...".
 */
_Noreturn void cfg_fail(struct config *cs, uint16_t file, uint32_t line, uint32_t id, int32_t err,
			const char *fmt, ...) __attribute__((format(printf, 6, 7)));
_Noreturn void cfg_rethrow(const struct bss_try *t);

/* driverdb.c */
bss_ref_t cfg_db_ref(struct cfg *c);

/* params.c */
bss_ref_t cfg_params_ref(struct cfg *c);

/* names.c: the service registry, compiled in */
const char *svc_name(uint32_t id);
int svc_by_name(const char *name, uint32_t *id);

#endif
