/*
 * t_kernel's crash checks: faults as errors, a crashed server destroyed with
 * everything it holds, a constructor that hangs (docs/recovery.md).
 */
#include "t_kernel.h"

/*
 * A fault crashes the server (docs/recovery.md): the caller gets BSS_E_FAULT,
 * and the server is gone: calls through the reference throw BSS_E_DEAD.
 */
static void fault_case(struct tk *c, const char *name, uint32_t kind, uint64_t arg,
		       const char *expect)
{
	bss_ref_t f = loader_load_named(LOADER, "faulty", 6);
	struct bss_try t;
	volatile uint32_t id = 0, after = 0;
	volatile int32_t err = 0;
	char msg[120] = "no error";

	BSS_TRY(t)
	{
		faulty_fault(f, kind, arg);
	}
	BSS_CATCH(t)
	{
		id = t.err.id;
		err = t.err.err;
		memcpy(msg, t.err.msg, sizeof(msg));
	}
	BSS_TRY(t)
	{
		faulty_ping(f);
	}
	BSS_CATCH(t)
	{
		after = t.err.id;
	}
	check(c, name,
	      id == BSS_E_FAULT && contains(msg, expect) && contains(msg, "fy") &&
		      after == BSS_E_DEAD,
	      "error %u errno %d: %s; then a call: error %u (BSS_E_DEAD is %u)", id, err, msg,
	      after, BSS_E_DEAD);
	bss_release(f);
}

void tk_test_faults(struct tk *c)
{
	fault_case(c, "fault-null-pointer", 0, 8, "page fault (read 0x8)");
	fault_case(c, "fault-unmapped-write", 4, 0x400000000000ull, "page fault (write");
	fault_case(c, "fault-general-protection", 0, 0xdead000000000000ull, "general protection");
	fault_case(c, "fault-divide-by-zero", 1, 0, "divide error");
	fault_case(c, "fault-invalid-opcode", 2, 0, "invalid opcode");
	fault_case(c, "fault-stack-overflow", 3, 0, "stack overflow");
	fault_case(c, "fault-stack-overflow-again", 3, 0, "stack overflow");
	/* the throw must not be pushed below a garbage rsp (the emergency stack instead) */
	fault_case(c, "fault-hang-rsp-zero", 16, 0, "hang (no thread switch");
	fault_case(c, "fault-hang-rsp-wild", 16, 0x400000000000ull, "hang (no thread switch");
	fault_case(c, "fault-failed-assertion", 7, 0,
		   "assertion failed in fy: faulty asked to fail");
	/* the watchdog (booted with watchdog=200) ends an endless loop */
	fault_case(c, "fault-hang-watchdog", 8, 0, "hang (no thread switch for 200 ms)");
}

void wt_dead(struct watch *w, uint64_t weak)
{
	struct bss_try t;
	volatile uint32_t alive = 0;

	(void)weak;
	w->told++;
	BSS_TRY(t)
	{
		alive = dmamem_size(w->dma) == 8192;
	}
	BSS_CATCH(t)
	{
		alive = 0;
	}
	w->dma_alive = alive;
}

BSS_LOCAL_SERVER(watch_desc, WEAKNOTIFY, struct watch, wt);

/*
 * A crashed server is destroyed with everything it holds although its
 * threads, its timeout and its interrupt handler keep it referenced: the
 * memory the core had before it was loaded is all there is afterwards. A
 * holder of a weak reference is told while the server's DMA memory is still
 * allocated (a supervisor stops the device first), and not after.
 */
void tk_test_crash(struct tk *c)
{
	timer_sleep_us(TIMER, 20000); /* the crashes of test_faults are over */
	uint64_t before = meminfo_in_use(MEMINFO);
	bss_ref_t f = loader_load_named(LOADER, "faulty", 6);
	bss_ref_t notify = bss_local(&watch_desc, &c->watch);
	bss_ref_t weak = bss_weak(f, notify);
	bss_ref_t dma = faulty_hold(f, RTC_IRQ);
	struct bss_try t;
	volatile uint32_t id = 0, after = 0;

	uint64_t phys = dmamem_phys(dma);
	c->watch.dma = bss_weak(dma, 0);
	bss_release(dma);
	timer_sleep_us(TIMER, 20000); /* its threads block, its timeout ticks */
	BSS_TRY(t)
	{
		faulty_fault(f, 0, 8);
	}
	BSS_CATCH(t)
	{
		id = t.err.id;
	}
	timer_sleep_us(TIMER, 20000); /* the reaper and the cancelled threads run */
	BSS_TRY(t)
	{
		faulty_ping(f);
	}
	BSS_CATCH(t)
	{
		after = t.err.id;
	}
	volatile uint32_t dma_after = 0;
	BSS_TRY(t)
	{
		dmamem_size(c->watch.dma);
	}
	BSS_CATCH(t)
	{
		dma_after = t.err.id;
	}
	bss_release(c->watch.dma);
	bss_release(weak);
	bss_release(notify);
	bss_release(f);
	/* its DMA memory serves DMA only (dma.c's quarantine): the next block of that size */
	bss_ref_t again = dma_alloc(DMA, 8192, 1);
	uint64_t phys_again = dmamem_phys(again);
	bss_release(again);
	uint64_t now = meminfo_in_use(MEMINFO);
	check(c, "crash-dma-memory-kept-for-dma", phys_again == phys,
	      "the crashed server's DMA block at 0x%lx, the next one at 0x%lx", (unsigned long)phys,
	      (unsigned long)phys_again);
	check(c, "crash-caller-gets-fault-holders-dead", id == BSS_E_FAULT && after == BSS_E_DEAD,
	      "fault: error %u, a call afterwards: error %u", id, after);
	check(c, "crash-weak-holder-told-before-release",
	      c->watch.told == 1 && c->watch.dma_alive && dma_after == BSS_E_DEAD,
	      "told %u time(s), its DMA memory there then: %u, afterwards: error %u", c->watch.told,
	      c->watch.dma_alive, dma_after);
	check(c, "crash-releases-everything", now == before,
	      "core memory in use %lu before the load, %lu after the crash (threads, timeout, "
	      "DMA, interrupt handler, image)",
	      (unsigned long)before, (unsigned long)now);
}

/*
 * A constructor that arms a timeout, takes DMA memory and hangs: the load
 * fails with the hang, and what the constructor took is freed, once.
 */
void tk_test_ctor_hang(struct tk *c)
{
	uint64_t before = meminfo_in_use(MEMINFO);
	struct bss_try t;
	volatile uint32_t id = 0;
	char msg[160] = "loaded";

	BSS_TRY(t)
	{
		loader_load_named(LOADER, "ctorhang", 8);
	}
	BSS_CATCH(t)
	{
		id = t.err.id;
		memcpy(msg, t.err.msg, sizeof(msg));
	}
	timer_sleep_us(TIMER, 20000);	      /* the reaper and the timeout's thread run */
	bss_release(dma_alloc(DMA, 8192, 1)); /* its quarantined DMA block, back for good */
	uint64_t now = meminfo_in_use(MEMINFO);
	check(c, "ctor-hang-load-fails-all-freed",
	      id != 0 && contains(msg, "constructor") && contains(msg, "hang") && now == before,
	      "error %u: %s; core memory in use %lu before, %lu after", id, msg,
	      (unsigned long)before, (unsigned long)now);
}
