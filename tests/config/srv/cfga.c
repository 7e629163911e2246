/*
 * cfga: a server the config test loads through a sub-configuration. It
 * reports what its configuration gave it: parameters and the counter
 * (which must be the main configuration's shared instance).
 */
#include <bss/server.h>
#include <svc/cfgtest.h>
#include <svc/config.h>
#include <svc/counter.h>
#include <svc/probe.h>

struct cfga {
	int unused;
};

static void cfga_init(struct cfga *a);

BSS_SERVER(CFGTEST, struct cfga, cfga, .ctor = BSS_CTOR(cfga_init),
	   BSS_REQUIRES(PROBE_SVC_ID, COUNTER_SVC_ID, CONFIG_SVC_ID));

static void cfga_init(struct cfga *a)
{
	(void)a;
	probe_note(BSS_REQ(0), "cfga loaded", 11);
}

static void param(const char *key, char *val, uint32_t size)
{
	uint32_t n = config_param(BSS_REQ(2), key, (uint32_t)strlen(key), val, size - 1);

	val[n < size - 1 ? n : size - 1] = 0;
}

uint32_t cfga_report(struct cfga *a, void *buf, uint32_t len)
{
	char name[32], ip[32];

	(void)a;
	param("name", name, sizeof(name));
	param("ip", ip, sizeof(ip));
	return (uint32_t)bss_snprintf(buf, len, "name=%s ip=%s ctr=%lu", name, ip,
				      (unsigned long)counter_get(BSS_REQ(1)));
}
