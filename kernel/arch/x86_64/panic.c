/* Fatal stops: panic(), backtraces and leaving QEMU. */
#include "kprintf.h"
#include "boot_layout.h"
#include "cpu.h"
#include "io.h"
#include "paging.h"

static volatile int panicking;

_Noreturn void machine_exit(unsigned code)
{
	cli();
	outb(DEBUG_EXIT_PORT, (uint8_t)code);
	for (;;)
		hlt();
}

/*
 * Walks the rbp chain (the kernel is built with frame pointers).  Every
 * frame is checked to be mapped before it is read, so a corrupt chain ends
 * the walk instead of faulting inside the panic path.
 */
void backtrace_print(uint64_t rbp)
{
	kprintf("  backtrace (addr2line -e build/kernel/kernel.elf):");
	for (int depth = 0; depth < 24 && rbp; depth++) {
		if ((rbp & 7) || !paging_is_mapped(rbp) || !paging_is_mapped(rbp + 15))
			break;
		const uint64_t *frame = (const uint64_t *)rbp;
		uint64_t ret = frame[1];

		if (!ret)
			break;
		kprintf(" %lx", ret);
		/* Stacks grow down, so callers' frames are at higher addresses. */
		if (frame[0] <= rbp)
			break;
		rbp = frame[0];
	}
	kprintf("\n");
}

_Noreturn void panic(const char *fmt, ...)
{
	va_list ap;

	cli();
	if (panicking)
		machine_exit(EXIT_PANIC); /* a panic while panicking: say nothing more */
	panicking = 1;
	kprintf("KERNEL PANIC: ");
	va_start(ap, fmt);
	kvprintf(fmt, ap);
	va_end(ap);
	kprintf("\n");
	backtrace_print((uint64_t)__builtin_frame_address(0));
	machine_exit(EXIT_PANIC);
}

int panic_enter(void)
{
	cli();
	if (panicking)
		return 0;
	panicking = 1;
	return 1;
}
