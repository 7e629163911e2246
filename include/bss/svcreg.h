/*
 * The registry of service definitions, generated from services/<name>.svc by
 * tools/svcgen and compiled into every runtime, so that the loader can check
 * each call site and each implemented service against the one definition.
 */
#ifndef BSS_SVCREG_H
#define BSS_SVCREG_H

#include <stdint.h>

struct bss_svc_def {
	uint32_t id;
	const char *name;
	int atomic; /* calls keep the caller's lock */
	unsigned nfuncs;
	const char *const *sigs;   /* signature string per function */
	const char *const *fnames; /* function names, for messages */
};

extern const struct bss_svc_def bss_svc_registry[];
extern const unsigned bss_svc_registry_len;

#endif
