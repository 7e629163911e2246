/*
 * From the machine to init (thesis 4.2): the boot modules become the
 * runtime's files, the core and the kernel servers start, and the module
 * named by "init=NAME" (default "init") is loaded as an exec server whose
 * main() runs in a BSS thread. The kernel ends when every thread has ended.
 * For tools/qemu-prof: "loadmap" on the command line prints where every
 * server image lands (bss-loadmap: lines), "nmiprof" makes NMIs samples.
 */
#include "arch.h"
#include "vtd.h"
#include "core/core.h"
#include "core/loader.h"
#include "ksrv/ksrv.h"

#define INIT_STACK (256 * 1024)
/* The boot rule's file names, as in the hosted runtime (docs/kernel-services.md). */
#define CONFIG_SERVER "config"
#define MAIN_CONFIG "main.cfg"

static char init_name[64] = "init";
static int init_status = -1;

/*
 * The hook of thesis 4.2: with a config server and a main config among the
 * modules, the config server resolves the requirements of everything the
 * kernel loads from then on, init included.
 */
static int use_config(void)
{
	bss_ref_t h;
	char err[320];

	if (!ksrv_file_find(CONFIG_SERVER) || !ksrv_file_find(MAIN_CONFIG))
		return 0;
	if (ksrv_load(CONFIG_SERVER, &h, err, sizeof(err))) {
		kprintf("INIT: config: %s\n", err);
		return -1;
	}
	ksrv_query_use(ref_resolve(h));
	ref_release(h);
	return 0;
}

static void run_init(void *arg)
{
	(void)arg;
	bss_ref_t h;
	char err[320];

	if (use_config())
		return;
	if (ksrv_load(init_name, &h, err, sizeof(err))) {
		kprintf("INIT: %s\n", err);
		return;
	}
	struct server *s = ref_resolve(h);
	if (s->svc_id != EXEC_SVC_ID) {
		kprintf("INIT: %s does not implement the exec service\n", init_name);
		ref_release(h);
		return;
	}
	kprintf("BOOT: boot-to-init %lu us\n", tsc_to_us(rdtsc() - boot_tsc_entry));
	struct bss_try u;
	if (bss_sys_try(&u) == 0) {
		init_status = (int)(core_call(h, EXEC_SVC_ID, EXEC_FN_MAIN, 0, 0, 0, 0) & 0xff);
		core_try_pop(&u);
	} else {
		kprintf("INIT: %s: uncaught error: %s (error %u, errno %d)\n", init_name, u.err.msg,
			u.err.id, u.err.err);
	}
	ref_release(h);
}

static uint64_t parse_u64(const char **p)
{
	uint64_t v = 0;

	while (**p >= '0' && **p <= '9')
		v = v * 10 + (uint64_t)(*(*p)++ - '0');
	if (**p == ':')
		(*p)++;
	return v;
}

/*
 * "fault=SITE:SEED:MS[:p]": fault injection (docs/faults.md). Site SITE of a
 * fault mutant is armed MS milliseconds after boot, with the parameters
 * SEED gives it; once (the first pass faults), or at every pass with ":p".
 * "faultprofile=MS": log each site the first time it runs after MS ms.
 */
static void arm_fault(void)
{
	char arg[64];

	if (boot_arg("faultprofile", arg, sizeof(arg)) > 0) {
		const char *p = arg;
		uint64_t ms = parse_u64(&p);
		core_inject_profile(os_now_ns() + ms * 1000000);
		kprintf("FAULT: profiling the sites that run after %lu ms\n", (unsigned long)ms);
	}
	if (boot_arg("fault", arg, sizeof(arg)) <= 0)
		return;
	const char *p = arg;
	uint32_t site = (uint32_t)parse_u64(&p);
	uint64_t seed = parse_u64(&p);
	uint64_t ms = parse_u64(&p);
	core_inject_arm(site, seed, os_now_ns() + ms * 1000000, *p == 'p');
	kprintf("FAULT: site %u armed in %lu ms, seed %lu%s\n", site, (unsigned long)ms,
		(unsigned long)seed, *p == 'p' ? ", persistent" : "");
}

_Noreturn void start_init(void)
{
	char arg[16];

	for (unsigned i = 0; i < boot_module_count(); i++) {
		const struct boot_module *m = boot_module(i);
		if (ksrv_file_add(m->name, m->data, m->size))
			kprintf("BOOT: module %s ignored: too many files\n", m->name);
	}
	/* before any driver: from here on a device's DMA reaches only what it is given */
	vtd_init();
	ksrv_init();
	sched_boot_thread();
	timer_init();
	boot_arg("init", init_name, sizeof(init_name));
	core_loadmap = boot_arg("loadmap", NULL, 0) >= 0;
	if (boot_arg("nmiprof", NULL, 0) >= 0)
		trap_nmi_sampling_init();
	arm_fault();
	if (boot_arg("watchdog", arg, sizeof(arg)) > 0) {
		const char *p = arg;
		watchdog_init((unsigned)parse_u64(&p));
	}

	struct thread *t = thread_new(run_init, NULL, INIT_STACK);
	thread_make_runnable(t);
	sched_run();

	uint32_t stuck = sched_live_threads();
	if (stuck)
		kprintf("INIT: %u thread(s) blocked forever\n", stuck);
	kprintf("INIT: %s exit %d\n", init_name, init_status);
	machine_exit(init_status == 0 && !stuck ? EXIT_OK : EXIT_FAIL);
}
