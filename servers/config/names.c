/*
 * Service names, from the registry tools/svcgen generates from services/
 * (compiled into this server): a configuration may name a service instead
 * of giving its ID.
 */
#include "config.h"

#include <bss/svcreg.h>

const char *svc_name(uint32_t id)
{
	for (unsigned i = 0; i < bss_svc_registry_len; i++)
		if (bss_svc_registry[i].id == id)
			return bss_svc_registry[i].name;
	return NULL;
}

int svc_by_name(const char *name, uint32_t *id)
{
	for (unsigned i = 0; i < bss_svc_registry_len; i++)
		if (!strcmp(bss_svc_registry[i].name, name)) {
			*id = bss_svc_registry[i].id;
			return 0;
		}
	return -1;
}
