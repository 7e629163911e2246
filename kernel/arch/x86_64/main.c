/*
 * kmain: bring the machine up, then start the core and init (start.c); with
 * "test=selftest", run the machine layer's self-checks instead.
 */
#include "arch.h"

_Noreturn void start_init(void);

/*
 * Deliberate crashes selected with "test=<what>" on the kernel command
 * line, for the tests of the panic path.
 */
static void crash_test(void)
{
	char what[32];

	if (boot_arg("test", what, sizeof(what)) < 0)
		return;
	kprintf("BOOT: test=%s\n", what);
	if (!strcmp(what, "panic"))
		__asm__ volatile("ud2");
	if (!strcmp(what, "pagefault")) {
		volatile int *volatile bad = (volatile int *)8;
		(void)*bad;
	}
	if (!strcmp(what, "overflow"))
		__asm__ volatile("1: push $0\n\tjmp 1b" : : : "memory");
}

void kmain(uint32_t magic, uint32_t mbi_phys)
{
	uint64_t t_kmain = rdtsc();

	arch_init(magic, mbi_phys);
	/* Assumes the TSC was 0 at reset, as it is in QEMU; then this is firmware + loader time. */
	kprintf("BOOT: reset-to-entry %lu us\n", tsc_to_us(boot_tsc_entry));
	kprintf("BOOT: boot-to-kmain %lu us\n", tsc_to_us(t_kmain - boot_tsc_entry));
	crash_test();

	char what[32];
	if (boot_arg("test", what, sizeof(what)) < 0 || strcmp(what, "selftest"))
		start_init();

	int failed = selftest_run();

	kprintf("BOOT: kmain-to-done %lu us\n", tsc_to_us(rdtsc() - t_kmain));
	kprintf("BOOT: done\n");
	machine_exit(failed ? EXIT_FAIL : EXIT_OK);
}
