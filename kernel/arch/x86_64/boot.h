/*
 * What the boot loader handed over, copied out of the multiboot
 * information early in kmain (before anything allocates memory, so nothing
 * can overwrite it): the kernel command line, the memory map and the
 * modules.  Module contents stay where the loader put them; the physical
 * page allocator never hands those pages out.
 */
#ifndef ARCH_BOOT_H
#define ARCH_BOOT_H

#include <stddef.h>
#include <stdint.h>

#define BOOT_MAX_MODULES 32
#define BOOT_MAX_MEM 64
#define BOOT_CMDLINE_MAX 512
#define BOOT_MODNAME_MAX 192

struct boot_module {
	const char *name; /* the module's command line (QEMU: the file name as given to -initrd) */
	const void *data; /* identity mapped, page aligned */
	size_t size;
	uint64_t phys;
};

enum mem_type {
	MEM_AVAILABLE = 1, /* multiboot type 1; everything else is reserved */
};

struct mem_region {
	uint64_t base;
	uint64_t len;
	uint32_t type; /* multiboot type: 1 available, 3 ACPI, 4 NVS, 5 bad, ... */
};

/* Copies the multiboot information; panics if magic is not the multiboot one. */
void multiboot_parse(uint32_t magic, uint32_t mbi_phys);

unsigned boot_module_count(void);
const struct boot_module *boot_module(unsigned i);

unsigned boot_mem_count(void);
const struct mem_region *boot_mem(unsigned i);

/* The whole command line (QEMU: "<kernel file> <-append text>"). */
const char *boot_cmdline(void);

/*
 * Looks for a "key=value" or bare "key" word on the command line (the first
 * word, the kernel's name, is skipped).  Copies the value (empty for a bare
 * key) into buf and returns its length, or returns -1 if the key is absent.
 */
int boot_arg(const char *key, char *buf, size_t size);

#endif
