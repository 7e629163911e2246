/* Reads the multiboot (v1) information structure. */
#include "boot.h"
#include "kprintf.h"
#include "kstring.h"

#define MB_BOOT_MAGIC 0x2badb002
#define MBI_MEM (1u << 0)
#define MBI_CMDLINE (1u << 2)
#define MBI_MODS (1u << 3)
#define MBI_MMAP (1u << 6)

/* Layouts from the Multiboot 0.6.96 specification. */
struct mb_info {
	uint32_t flags;
	uint32_t mem_lower, mem_upper; /* KiB below 1 MiB / above 1 MiB */
	uint32_t boot_device;
	uint32_t cmdline;
	uint32_t mods_count, mods_addr;
	uint32_t syms[4];
	uint32_t mmap_length, mmap_addr;
} __attribute__((packed));

struct mb_module {
	uint32_t start, end; /* end is exclusive */
	uint32_t string;
	uint32_t reserved;
} __attribute__((packed));

struct mb_mmap {
	uint32_t size; /* of the rest of the entry, not counting this field */
	uint64_t base, len;
	uint32_t type;
} __attribute__((packed));

static char cmdline[BOOT_CMDLINE_MAX];
static struct boot_module modules[BOOT_MAX_MODULES];
static char module_names[BOOT_MAX_MODULES][BOOT_MODNAME_MAX];
static unsigned nmodules;
static struct mem_region mem[BOOT_MAX_MEM];
static unsigned nmem;

static void copy_str(char *dst, size_t size, uint32_t src_phys)
{
	const char *src = (const char *)(uintptr_t)src_phys;
	size_t n = src_phys ? strnlen(src, size - 1) : 0;

	memcpy(dst, src, n);
	dst[n] = '\0';
}

static void add_mem(uint64_t base, uint64_t len, uint32_t type)
{
	if (nmem == BOOT_MAX_MEM) {
		kprintf("BOOT: warning: memory map truncated to %d entries\n", BOOT_MAX_MEM);
		return;
	}
	mem[nmem++] = (struct mem_region){base, len, type};
}

void multiboot_parse(uint32_t magic, uint32_t mbi_phys)
{
	if (magic != MB_BOOT_MAGIC)
		panic("not booted by a multiboot loader (magic %x)", magic);
	const struct mb_info *mbi = (const struct mb_info *)(uintptr_t)mbi_phys;

	if (mbi->flags & MBI_CMDLINE)
		copy_str(cmdline, sizeof(cmdline), mbi->cmdline);

	if (mbi->flags & MBI_MMAP) {
		uint32_t off = 0;
		while (off + sizeof(struct mb_mmap) <= mbi->mmap_length) {
			const struct mb_mmap *e =
				(const struct mb_mmap *)(uintptr_t)(mbi->mmap_addr + off);
			add_mem(e->base, e->len, e->type);
			off += e->size + sizeof(e->size);
		}
	} else if (mbi->flags & MBI_MEM) {
		/* No map: trust the two sizes, conventional memory and above 1 MiB. */
		add_mem(0, (uint64_t)mbi->mem_lower << 10, MEM_AVAILABLE);
		add_mem(1ul << 20, (uint64_t)mbi->mem_upper << 10, MEM_AVAILABLE);
	}

	if (mbi->flags & MBI_MODS) {
		const struct mb_module *m = (const struct mb_module *)(uintptr_t)mbi->mods_addr;
		for (uint32_t i = 0; i < mbi->mods_count; i++) {
			if (nmodules == BOOT_MAX_MODULES) {
				kprintf("BOOT: warning: only %d modules used\n", BOOT_MAX_MODULES);
				break;
			}
			struct boot_module *b = &modules[nmodules];
			copy_str(module_names[nmodules], BOOT_MODNAME_MAX, m[i].string);
			b->name = module_names[nmodules];
			b->phys = m[i].start;
			b->data = (const void *)(uintptr_t)m[i].start;
			b->size = m[i].end > m[i].start ? m[i].end - m[i].start : 0;
			nmodules++;
		}
	}
}

unsigned boot_module_count(void)
{
	return nmodules;
}

const struct boot_module *boot_module(unsigned i)
{
	return i < nmodules ? &modules[i] : NULL;
}

unsigned boot_mem_count(void)
{
	return nmem;
}

const struct mem_region *boot_mem(unsigned i)
{
	return i < nmem ? &mem[i] : NULL;
}

const char *boot_cmdline(void)
{
	return cmdline;
}

int boot_arg(const char *key, char *buf, size_t size)
{
	size_t klen = strlen(key);
	const char *p = cmdline;

	/* Skip the first word: the kernel's file name. */
	while (*p && *p != ' ')
		p++;
	while (*p) {
		while (*p == ' ')
			p++;
		const char *w = p;
		while (*p && *p != ' ')
			p++;
		size_t wlen = (size_t)(p - w);
		if (wlen < klen || strncmp(w, key, klen))
			continue;
		if (wlen == klen) {
			if (size)
				buf[0] = '\0';
			return 0;
		}
		if (w[klen] != '=')
			continue;
		size_t vlen = wlen - klen - 1;
		if (size) {
			size_t n = vlen < size - 1 ? vlen : size - 1;
			memcpy(buf, w + klen + 1, n);
			buf[n] = '\0';
		}
		return (int)vlen;
	}
	return -1;
}
