/* arch_init: machine bring-up, in dependency order. */
#include "arch.h"
#include "uspace.h"
#include "gdt.h"
#include "lapic.h"
#include "serial.h"

static const char *mem_type_name(uint32_t type)
{
	switch (type) {
	case 1:
		return "available";
	case 3:
		return "acpi-reclaimable";
	case 4:
		return "acpi-nvs";
	case 5:
		return "bad";
	default:
		return "reserved";
	}
}

static void print_modules(void)
{
	for (unsigned i = 0; i < boot_module_count(); i++) {
		const struct boot_module *m = boot_module(i);
		char head[25];
		size_t n = 0;

		kprintf("BOOT: module %s %lu\n", m->name, m->size);
		/* The first bytes, so a test can tell the contents survived boot. */
		for (const char *p = m->data; n < m->size && n < sizeof(head) - 1; n++)
			head[n] = p[n] >= 0x20 && p[n] < 0x7f ? p[n] : '.';
		head[n] = '\0';
		kprintf("BOOT: module-head %u %s\n", i, head);
	}
}

void arch_init(uint32_t magic, uint32_t mbi_phys)
{
	serial_init();
	/* Faults from here on produce a register dump instead of a reset. */
	gdt_init();
	idt_init();
	pic_init();
	/* Before anything allocates: the multiboot data sits in free memory. */
	multiboot_parse(magic, mbi_phys);
	kprintf("BOOT: kernel bss-x86_64 multiboot cmdline=\"%s\"\n", boot_cmdline());

	for (unsigned i = 0; i < boot_mem_count(); i++) {
		const struct mem_region *r = boot_mem(i);
		kprintf("BOOT: mem %016lx-%016lx %s\n", r->base, r->base + r->len - 1,
			mem_type_name(r->type));
	}
	pmm_init();
	paging_init();
	uspace_init();
	/* after paging: its registers are an uncached MMIO page */
	if (lapic_init())
		kprintf("BOOT: no local APIC: interrupts from the 8259s only, no MSI\n");
	kprintf("BOOT: phys free %lu KiB\n", phys_free_count() * (PAGE_SIZE / 1024));
	print_modules();
	uint64_t err_ppm;
	unsigned tries = tsc_calibrate(&err_ppm);
	kprintf("BOOT: tsc %lu kHz (within %lu ppm, %u counts)\n", tsc_hz / 1000, err_ppm, tries);
}

/* The kernel's answer to a context whose entry function returned (see ctx.h). */
_Noreturn void ctx_entry_returned(void)
{
	panic("a context's entry function returned");
}
