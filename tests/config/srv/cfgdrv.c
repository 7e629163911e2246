/*
 * cfgdrv: a test driver the driver database loads, one instance per device.
 * Its pcidev requirement is the device it was loaded for; it notes the
 * device's IDs and its configuration's "name" parameter.
 */
#include <bss/server.h>
#include <svc/cfgtest.h>
#include <svc/config.h>
#include <svc/pcidev.h>
#include <svc/probe.h>

struct cfgdrv {
	char what[64];
};

static void cfgdrv_init(struct cfgdrv *d);

BSS_SERVER(CFGTEST, struct cfgdrv, cfgdrv, .ctor = BSS_CTOR(cfgdrv_init),
	   BSS_REQUIRES(PCIDEV_SVC_ID, PROBE_SVC_ID, CONFIG_SVC_ID));

static void cfgdrv_init(struct cfgdrv *d)
{
	uint64_t ids = pcidev_ids(BSS_REQ(0));
	char name[32];
	uint32_t n = config_param(BSS_REQ(2), "name", 4, name, sizeof(name) - 1);

	name[n < sizeof(name) - 1 ? n : sizeof(name) - 1] = 0;
	int len = bss_snprintf(d->what, sizeof(d->what), "cfgdrv %04x:%04x name=%s",
			       (unsigned)(ids & 0xffff), (unsigned)((ids >> 16) & 0xffff), name);
	probe_note(BSS_REQ(1), d->what, (uint32_t)len);
	/* and what its configuration space says, read through the pcidev */
	char cfg[32];
	len = bss_snprintf(cfg, sizeof(cfg), "cfgdrv cfg %08x", pcidev_cfg_read(BSS_REQ(0), 0, 4));
	probe_note(BSS_REQ(1), cfg, (uint32_t)len);
}

uint32_t cfgdrv_report(struct cfgdrv *d, void *buf, uint32_t len)
{
	return (uint32_t)bss_snprintf(buf, len, "%s", d->what);
}
