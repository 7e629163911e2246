/*
 * The PCI bus server restarts the drivers it found (docs/recovery.md).
 *
 * It holds each driver strongly, and weakly with a notify local server: a
 * driver that crashes (kernel/core/crash.c) is announced before the
 * references it holds are released, and the function is stopped right
 * then (bus mastering and decoding off), so the device cannot write into
 * DMA memory that is about to be freed. A thread of the function then asks
 * the driver database for a new instance for the same function (the
 * driver's probe resets the chip) and tells the function's watchers, so a
 * network stack re-attaches to it.
 *
 * A driver that dies within RESTART_QUICK_NS of its start, or whose new
 * instance fails to load, counts as a failed restart; the next one waits
 * RETRY_US, doubled each time, and after MAX_FAILED in a row the function
 * is given up.
 */
#include "pci.h"

#include <svc/crash.h>
#include <svc/runnable.h>
#include <svc/thread.h>
#include <svc/timer.h>
#include <svc/weaknotify.h>

#define MAX_FAILED 5
#define RETRY_US 50000u
#define RESTART_QUICK_NS 1000000000ull

static void log_fn(const struct pcifn *f, const char *what, uint64_t us)
{
	bss_printf("PCI: %02x:%02x.%x driver %s (%u) in %lu us\n", f->bus, f->dev, f->fn, what,
		   f->restarts, (unsigned long)us);
}

static void tell(struct pcifn *f, bss_ref_t watcher)
{
	struct bss_try t;

	BSS_TRY(t)
	{
		runnable_run(watcher);
	}
	BSS_CATCH(t)
	{
		bss_printf("PCI: %02x:%02x.%x watcher failed: %s\n", f->bus, f->dev, f->fn,
			   t.err.msg);
	}
}

/* Until it has a driver again, or is given up: on the function's own thread. */
void rs_run(struct pcifn *f)
{
	while (f->pending) {
		if (f->failed)
			timer_sleep_us(REQ_TIMER, RETRY_US << (f->failed - 1));
		if (pci_load_driver(f)) {
			f->pending = 0;
			f->restarts++;
			log_fn(f, "restarted", (f->started_ns - f->died_ns) / 1000);
			bss_wake((uintptr_t)&f->restarts, 0);
			for (uint32_t i = 0; i < f->nwatchers; i++)
				tell(f, f->watchers[i]);
		} else if (++f->failed >= MAX_FAILED) {
			f->pending = 0;
			f->gave_up = 1;
			bss_printf("PCI: %02x:%02x.%x driver given up after %u failed restarts\n",
				   f->bus, f->dev, f->fn, f->failed);
			bss_wake((uintptr_t)&f->restarts, 0);
		}
	}
}

BSS_LOCAL_SERVER(rs_desc, RUNNABLE, struct pcifn, rs);

/*
 * The driver of f died. Called before its references are released: stop the
 * function now, restart it on a thread of its own (we run in the reaper).
 */
void dw_dead(struct pcifn *f, uint64_t weak)
{
	uint32_t cmd = pci_cfg_read(f->bus, f->dev, f->fn, PCI_COMMAND, 2);

	pci_cfg_write(f->bus, f->dev, f->fn, PCI_COMMAND, 2,
		      cmd & ~(uint32_t)(PCI_CMD_IO | PCI_CMD_MEM | PCI_CMD_MASTER));
	/* no bus master, no MSI write; off too, its vector goes back to the kernel */
	pci_msi_off(f);
	f->died_ns = timer_now_ns(REQ_TIMER);
	bss_release(weak);
	f->drv_weak = 0;
	if (f->driver)
		bss_release(f->driver);
	f->driver = 0;
	if (f->requested)
		f->requested = 0; /* restart(): not the driver's fault */
	else if (f->died_ns - f->started_ns < RESTART_QUICK_NS)
		f->failed++;
	else
		f->failed = 0;
	bss_printf("PCI: %02x:%02x.%x driver died, function stopped\n", f->bus, f->dev, f->fn);
	if (f->failed >= MAX_FAILED) {
		f->gave_up = 1;
		bss_printf("PCI: %02x:%02x.%x driver given up after %u quick deaths\n", f->bus,
			   f->dev, f->fn, f->failed);
		bss_wake((uintptr_t)&f->restarts, 0);
		return;
	}
	f->pending = 1;
	if (!f->restarter)
		f->restarter = bss_keep(bss_local(&rs_desc, f));
	thread_start(REQ_THREAD, f->restarter);
}

BSS_LOCAL_SERVER(dw_desc, WEAKNOTIFY, struct pcifn, dw);

/* f->driver was just loaded: watch it. */
void pci_supervise(struct pcifn *f)
{
	/* a reference to one's own local server does not keep the server alive */
	if (!f->notify)
		f->notify = bss_keep(bss_local(&dw_desc, f));
	f->drv_weak = bss_weak(f->driver, f->notify);
	f->started_ns = timer_now_ns(REQ_TIMER);
}

void pci_restart(struct pci *pci, uint32_t i)
{
	struct pcifn *f = pci_fn(pci, i);
	uint32_t n = f->restarts;
	static const char why[] = "restart requested";

	if (!f->driver)
		bss_throw(BSS_E_UNRESOLVED, ENOENT, "pcibus.restart: the function has no driver");
	f->failed = 0;
	f->requested = 1;
	crash_kill(REQ_CRASH, f->driver, why, sizeof(why) - 1);
	while (f->restarts == n && !f->gave_up)
		bss_wait((uintptr_t)&f->restarts);
	if (f->restarts == n)
		bss_throw(BSS_E_UNRESOLVED, ENOENT,
			  "pcibus.restart: no new instance of the driver");
}

void pci_watch(struct pci *pci, uint32_t i, bss_ref_t notify)
{
	struct pcifn *f = pci_fn(pci, i);

	if (f->nwatchers == PCI_MAX_WATCHERS)
		bss_throw(BSS_E_LIMIT, ENOSPC, "pcibus.watch: too many watchers");
	f->watchers[f->nwatchers++] = bss_keep(notify);
}

uint32_t pci_restarts(struct pci *pci, uint32_t i)
{
	return pci_fn(pci, i)->restarts;
}
