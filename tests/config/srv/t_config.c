/*
 * t_config: the config server's rules, as an executable server whose own
 * requirements the test's main.cfg resolves (tests/config/config.test).
 * Prints "PASS: name" / "FAIL: name: why"; returns the number of failures.
 */
#include <bss/server.h>
#include "tests/harness/tcheck.h"
#include <svc/cfgtest.h>
#include <svc/config.h>
#include <svc/counter.h>
#include <svc/driverdb.h>
#include <svc/exec.h>
#include <svc/pcidev.h>
#include <svc/probe.h>

#define PROBE BSS_REQ(0)
#define CTR1 BSS_REQ(1)
#define CTR2 BSS_REQ(2)
#define TEST1 BSS_REQ(3)
#define TEST2 BSS_REQ(4)
#define CONFIG BSS_REQ(5)
#define DB BSS_REQ(6)

/* A stand-in PCI function: only its IDs matter to the driver database. */
struct fakedev {
	uint64_t ids;
};

struct tc {
	unsigned failed;
	struct fakedev devs[8];
};

BSS_SERVER(EXEC, struct tc, tc,
	   BSS_REQUIRES(PROBE_SVC_ID, COUNTER_SVC_ID, COUNTER_SVC_ID, CFGTEST_SVC_ID,
			CFGTEST_SVC_ID, CONFIG_SVC_ID, DRIVERDB_SVC_ID));

BSS_LOCAL_SERVER(fakedev_desc, PCIDEV, struct fakedev, fd);

uint64_t fd_ids(struct fakedev *d)
{
	return d->ids;
}

uint32_t fd_location(struct fakedev *d)
{
	(void)d;
	return 0;
}

uint32_t fd_cfg_read(struct fakedev *d, uint32_t off, uint32_t size)
{
	(void)d, (void)off, (void)size;
	return 0xffffffffu;
}

void fd_cfg_write(struct fakedev *d, uint32_t off, uint32_t size, uint32_t value)
{
	(void)d, (void)off, (void)size, (void)value;
}

uint64_t fd_bar(struct fakedev *d, uint32_t n)
{
	(void)d, (void)n;
	return 0;
}

bss_ref_t fd_bar_io(struct fakedev *d, uint32_t n)
{
	(void)d, (void)n;
	bss_throw(BSS_E_INVAL, EINVAL, "no such BAR");
}

bss_ref_t fd_bar_mmio(struct fakedev *d, uint32_t n)
{
	(void)d, (void)n;
	bss_throw(BSS_E_INVAL, EINVAL, "no such BAR");
}

uint32_t fd_irq_line(struct fakedev *d)
{
	(void)d;
	return 0;
}

bss_ref_t fd_attach_irq(struct fakedev *d, bss_ref_t handler)
{
	(void)d, (void)handler;
	bss_throw(BSS_E_INVAL, EINVAL, "no interrupt");
}

bss_ref_t fd_attach_msi(struct fakedev *d, bss_ref_t handler)
{
	(void)d, (void)handler;
	bss_throw(BSS_E_INVAL, EOPNOTSUPP, "no MSI");
}

void fd_disable_msi(struct fakedev *d)
{
	(void)d;
}

bss_ref_t fd_attach_msix(struct fakedev *d, uint32_t entry, bss_ref_t handler)
{
	(void)d, (void)entry, (void)handler;
	bss_throw(BSS_E_INVAL, EOPNOTSUPP, "no MSI-X");
}

void fd_detach_msix(struct fakedev *d, uint32_t entry)
{
	(void)d, (void)entry;
}

void fd_disable_msix(struct fakedev *d)
{
	(void)d;
}

void fd_bus_master(struct fakedev *d, uint32_t on)
{
	(void)d, (void)on;
}

static void check(struct tc *c, const char *name, bool ok, const char *why)
{
	tresult(&c->failed, name, ok, why);
}

static uint32_t count(const char *event)
{
	return probe_count(PROBE, event, (uint32_t)strlen(event));
}

static void param(const char *key, char *val, uint32_t size)
{
	uint32_t n = config_param(CONFIG, key, (uint32_t)strlen(key), val, size - 1);

	val[n < size - 1 ? n : size - 1] = 0;
}

static void report(bss_ref_t r, char *buf, uint32_t size)
{
	uint32_t n = cfgtest_report(r, buf, size - 1);

	buf[n < size - 1 ? n : size - 1] = 0;
}

#define IDS(v, d, cls, rev)                                                                        \
	((uint64_t)(v) | (uint64_t)(d) << 16 | (uint64_t)(cls) << 32 | (uint64_t)(rev) << 56)

static bss_ref_t fake(struct tc *c, unsigned i, uint64_t ids)
{
	c->devs[i].ids = ids;
	return bss_local(&fakedev_desc, &c->devs[i]);
}

/* The driver for ids, or 0 with the error's message in why. */
static bss_ref_t driver(struct tc *c, unsigned i, uint64_t ids, char *why, uint32_t size)
{
	volatile bss_ref_t h = 0;
	struct bss_try t;

	why[0] = 0;
	BSS_TRY(t)
	{
		h = driverdb_driver(DB, ids, fake(c, i, ids));
	}
	BSS_CATCH(t)
	{
		bss_snprintf(why, size, "error %u: %s", t.err.id, t.err.msg);
	}
	return h;
}

static bool has(const char *s, const char *sub)
{
	size_t n = strlen(sub);

	for (; *s; s++)
		if (!strncmp(s, sub, n))
			return true;
	return false;
}

static void check_services(struct tc *c)
{
	char buf[128];

	check(c, "resolve-by-name", counter_add(CTR1, 5) == 5, "counter.srv not fresh");
	probe_note(PROBE, "hello", 5);
	check(c, "resolve-by-id", count("hello") == 1, "probe.srv does not work");
	check(c, "shared-instance", bss_same(CTR1, CTR2) && counter_get(CTR2) == 5,
	      "two requirements of counter got two instances");
	check(c, "shared-loaded-once", bss_same(TEST1, TEST2) && count("cfga loaded") == 1,
	      "cfga.srv loaded more than once");
	report(TEST1, buf, sizeof(buf));
	check(c, "sub-config-rules", has(buf, "name=sub"), buf);
	check(c, "sub-config-inherits", has(buf, "ip=10.0.2.15/24"), buf);
	check(c, "shared-across-configs", has(buf, "ctr=5"), buf);
}

static void check_params(struct tc *c)
{
	char v[64];
	volatile int thrown = 0;
	struct bss_try t;

	param("name", v, sizeof(v));
	check(c, "param", !strcmp(v, "main"), v);
	param("mtu", v, sizeof(v));
	check(c, "include-param", !strcmp(v, "1500"), v);
	param("ip", v, sizeof(v));
	check(c, "param-overrides-include", !strcmp(v, "10.0.2.15/24"), v);
	param("motd", v, sizeof(v));
	check(c, "param-rest-of-line", !strcmp(v, "hello, world  two spaces"), v);
	BSS_TRY(t)
	{
		param("nope", v, sizeof(v));
	}
	BSS_CATCH(t)
	{
		thrown = t.err.id == BSS_E_UNRESOLVED &&
			 has(t.err.msg, "main.cfg: parameter 'nope'");
		if (!thrown)
			bss_printf("# unset parameter: %s\n", t.err.msg);
	}
	check(c, "param-unset-throws", thrown, "no or wrong error");
}

static void check_drivers(struct tc *c)
{
	char why[128];

	bss_ref_t a = driver(c, 0, IDS(0x10ec, 0x8139, 0x020000, 0x20), why, sizeof(why));
	check(c, "driverdb-exact", a && count("cfgdrv 10ec:8139 name=main") == 1, why);
	bss_ref_t b = driver(c, 1, IDS(0x10ec, 0x8139, 0x020000, 0x20), why, sizeof(why));
	check(c, "driverdb-instance-per-device",
	      a && b && !bss_same(a, b) && count("cfgdrv 10ec:8139 name=main") == 2, why);
	bss_ref_t e = driver(c, 2, IDS(0x8086, 0x100e, 0x020000, 0x03), why, sizeof(why));
	check(c, "driverdb-wildcard-class", e && count("cfgdrv 8086:100e name=main") == 1, why);
	bss_ref_t n = driver(c, 3, IDS(0x8086, 0x1237, 0x060000, 0x02), why, sizeof(why));
	check(c, "driverdb-no-match",
	      !n && has(why, "error 8: main.cfg: no driver for pci 8086:1237"), why);
	bss_ref_t s = driver(c, 4, IDS(0x1234, 0x5678, 0xff0000, 0x00), why, sizeof(why));
	check(c, "driverdb-sub-config", s && count("cfgdrv 1234:5678 name=drivers") == 1, why);
	bss_ref_t r = driver(c, 5, IDS(0x1af4, 0x1000, 0x020000, 0x00), why, sizeof(why));
	check(c, "driverdb-rev-mismatch", !r, "rev 01 rule matched rev 00");
	bss_ref_t r1 = driver(c, 6, IDS(0x1af4, 0x1000, 0x020000, 0x01), why, sizeof(why));
	check(c, "driverdb-rev", r1 && count("cfgdrv 1af4:1000 name=main") == 1, why);

	volatile bss_ref_t w = 0;
	struct bss_try t;
	BSS_TRY(t)
	{
		w = driverdb_device(DB, "widget", 6, PCIDEV_SVC_ID,
				    fake(c, 7, IDS(0xabcd, 0x0001, 0, 0)));
	}
	BSS_CATCH(t)
	{
		bss_snprintf(why, sizeof(why), "%s", t.err.msg);
	}
	check(c, "driverdb-device", w && count("cfgdrv abcd:0001 name=main") == 1, why);
}

uint32_t tc_main(struct tc *c)
{
	check_services(c);
	check_params(c);
	check_drivers(c);
	return c->failed;
}
