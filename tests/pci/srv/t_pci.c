/*
 * t_pci: checks what the PCI bus server found on fakecfg's emulated bus
 * (hosted runtime), through the pcibus and pcidev services. Prints
 * "PASS: name" / "FAIL: name: why"; returns the number of failures.
 */
#include <bss/server.h>
#include "tests/harness/tcheck.h"
#include <svc/exec.h>
#include <svc/pcibus.h>
#include <svc/pcidev.h>
#include <svc/probe.h>
#include <svc/cfgtest.h>
#include <svc/runnable.h>

#define BUS BSS_REQ(0)
#define PROBE BSS_REQ(1)

struct tp {
	unsigned failed;
	uint32_t told; /* restarts a watcher was told of */
};

BSS_SERVER(EXEC, struct tp, tp, BSS_REQUIRES(PCIBUS_SVC_ID, PROBE_SVC_ID));

static void check(struct tp *t, const char *name, bool ok, const char *why)
{
	tresult(&t->failed, name, ok, why);
}

/* The function at bus:dev.fn, or 0. */
static bss_ref_t at(uint32_t loc)
{
	uint32_t n = pcibus_count(BUS);

	for (uint32_t i = 0; i < n; i++) {
		bss_ref_t d = pcibus_dev(BUS, i);
		if (pcidev_location(d) == loc)
			return d;
	}
	return 0;
}

/* The driver of function i, or 0. */
static bss_ref_t driver_of(uint32_t i)
{
	volatile bss_ref_t d = 0;
	struct bss_try u;

	BSS_TRY(u)
	{
		d = pcibus_driver(BUS, i);
	}
	BSS_CATCH(u)
	{
		d = 0;
	}
	return d;
}

#define LOC(b, d, f) ((b) << 8 | (d) << 3 | (f))
#define BAR(size, flags) ((uint64_t)(size) | (uint64_t)(flags) << 56)

void seen_run(struct tp *t)
{
	t->told++;
}

BSS_LOCAL_SERVER(seen_desc, RUNNABLE, struct tp, seen);

/*
 * The bus server supervises its drivers (docs/recovery.md): restart() ends
 * the rtl8139's driver as a crash; the function is stopped (decoding and
 * bus mastering off), the driver database loads a new instance for it,
 * the watcher is told, and the old instance is gone.
 */
static void test_restart(struct tp *t, bss_ref_t old)
{
	uint32_t n = pcibus_count(BUS), i;
	char buf[64], why[160];

	for (i = 0; i < n && pcidev_location(pcibus_dev(BUS, i)) != LOC(0, 3, 0); i++)
		;
	if (i == n || !old) {
		check(t, "restart-new-instance", false, "no rtl8139 with a driver");
		return;
	}
	bss_ref_t dev = pcibus_dev(BUS, i);
	pcidev_bus_master(dev, 1);
	pcibus_watch(BUS, i, bss_local(&seen_desc, t));
	pcibus_restart(BUS, i);

	volatile uint32_t old_err = 0;
	struct bss_try e;
	BSS_TRY(e)
	{
		cfgtest_report(old, buf, sizeof(buf));
	}
	BSS_CATCH(e)
	{
		old_err = e.err.id;
	}
	bss_ref_t now = driver_of(i);
	uint32_t got = now ? cfgtest_report(now, buf, sizeof(buf)) : 0;
	uint32_t cmd = pcidev_cfg_read(dev, 4, 2);
	uint32_t notes = probe_count(PROBE, "cfgdrv 10ec:8139 name=pcitest", 29);
	bss_snprintf(why, sizeof(why),
		     "old instance: error %u; new: %u bytes; restarts %u; told %u; %u probes; "
		     "command 0x%x",
		     old_err, got, pcibus_restarts(BUS, i), t->told, notes, cmd);
	check(t, "restart-new-instance",
	      old_err == BSS_E_DEAD && got && pcibus_restarts(BUS, i) == 1 && t->told == 1 &&
		      notes == 2,
	      why);
	check(t, "restart-stops-the-function", (cmd & 7) == 0, why);
}

uint32_t tp_main(struct tp *t)
{
	char why[128];

	uint32_t n = pcibus_count(BUS);
	bss_snprintf(why, sizeof(why), "%u functions", n);
	check(t, "function-count", n == 8, why);

	bss_ref_t hb = at(LOC(0, 0, 0));
	check(t, "host-bridge",
	      hb && pcidev_ids(hb) == (0x8086 | 0x1237 << 16 | 0x060000ull << 32 | 0x02ull << 56),
	      "00:00.0");
	bss_ref_t ide = at(LOC(0, 1, 1));
	check(t, "multi-function", ide && at(LOC(0, 1, 3)) && !at(LOC(0, 1, 2)), "00:01.1/.3");
	check(t, "io-bar", ide && pcidev_bar(ide, 4) == BAR(16, 1) && pcidev_bar(ide, 0) == 0,
	      "IDE bar4");
	bss_ref_t vga = at(LOC(0, 2, 0));
	check(t, "prefetchable-bar", vga && pcidev_bar(vga, 0) == BAR(16 << 20, 4), "VGA bar0");
	check(t, "mem-bar", vga && pcidev_bar(vga, 2) == BAR(4096, 0), "VGA bar2");
	bss_ref_t nv = at(LOC(1, 0, 0));
	check(t, "bridge-followed", nv != 0, "01:00.0 not found");
	check(t, "64-bit-bar",
	      nv && pcidev_bar(nv, 0) == BAR(16384, 2 | 4) && pcidev_bar(nv, 1) == 0,
	      "01:00.0 bar0");
	check(t, "64-bit-bar-restored",
	      nv && pcidev_cfg_read(nv, 0x10, 4) == 0x0000000c && pcidev_cfg_read(nv, 0x14, 4) == 8,
	      "01:00.0 bar0 not restored");
	bss_ref_t rtl = at(LOC(0, 3, 0));
	check(t, "bar-restored",
	      rtl && pcidev_cfg_read(rtl, 0x10, 4) == 0xc001 &&
		      pcidev_cfg_read(rtl, 0x14, 4) == 0xfebf1000,
	      "rtl8139 BARs");
	check(t, "command-restored", rtl && (pcidev_cfg_read(rtl, 4, 2) & 3) == 3, "decode off");
	check(t, "cfg-read-sizes",
	      rtl && pcidev_cfg_read(rtl, 0, 2) == 0x10ec && pcidev_cfg_read(rtl, 2, 2) == 0x8139 &&
		      pcidev_cfg_read(rtl, 8, 1) == 0x20,
	      "rtl8139");
	check(t, "irq-line", rtl && pcidev_irq_line(rtl) == 11, "rtl8139 irq");
	check(t, "latency-timer-firmware-left", rtl && pcidev_cfg_read(rtl, 0x0d, 1) == 0,
	      "not 0 before");
	pcidev_bus_master(rtl, 1);
	check(t, "bus-master", (pcidev_cfg_read(rtl, 4, 2) & 7) == 7, "command bit 2");
	check(t, "bus-master-latency-timer", pcidev_cfg_read(rtl, 0x0d, 1) == 64,
	      "latency timer not 64");

	volatile int thrown = 0;
	struct bss_try e;
	BSS_TRY(e)
	{
		pcidev_cfg_read(rtl, 0xfe, 4);
	}
	BSS_CATCH(e)
	{
		thrown = e.err.id == BSS_E_INVAL;
	}
	check(t, "bad-cfg-access-throws", thrown, "offset 0xfe size 4 accepted");

	/* the driver database gave the rtl8139 its driver, and only it */
	bss_ref_t drv = 0;
	uint32_t ndrivers = 0;
	for (uint32_t i = 0; i < n; i++) {
		bss_ref_t d = driver_of(i);
		if (d && pcidev_location(pcibus_dev(BUS, i)) == LOC(0, 3, 0))
			drv = d;
		ndrivers += d != 0;
	}
	check(t, "driver-loaded", drv && ndrivers == 1, "not exactly the rtl8139's driver");
	check(t, "driver-got-its-device",
	      probe_count(PROBE, "cfgdrv 10ec:8139 name=pcitest", 29) == 1,
	      "cfgdrv did not note the rtl8139");
	test_restart(t, drv);
	return t->failed;
}
