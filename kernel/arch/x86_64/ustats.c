/*
 * What isolation costs, counted (sysinfo.spaces, docs/isolation.md): each
 * opening of a space is a CR3 write, which under QEMU's TCG flushes the
 * whole TLB, so the openings are counted by cause and by the spaces they go
 * from and to; entries into ring 3 and system calls out of it are the ring
 * crossings (two each). Plain increments: one CPU, interrupts off while
 * they run.
 */
#include "arch.h"
#include "uspace.h"
#include "core/space.h"
#include "fmt.h"

static uint32_t opens[USPACE_WHYS][USPACE_MAX + 1][USPACE_MAX]; /* [why][from + 1][to] */
static uint64_t opens_total;
uint64_t uspace_entries, uspace_syscalls;

/*
 * System calls by space and kind (space_sys_kind's names, kept by pointer):
 * which of a server's calls out of ring 3 a transfer makes most of.
 */
#define SYS_KINDS 96
static const char *sys_kinds[SYS_KINDS];
static bool sys_calls[SYS_KINDS];
static uint32_t sys_counts[USPACE_MAX][SYS_KINDS];

/*
 * Naming a call's kind searches two tables: a few hundred instructions,
 * millions per MiB moved. The kind is cached by the import it went
 * through (an image reloaded at the same address may be counted under
 * its predecessor's kind until its entry is replaced: a statistic).
 */
static struct {
	const void *imp;
	uint8_t k;
} sys_cache[256];

static unsigned sys_kind_index(uint32_t idx)
{
	bool call;
	const char *kind = space_sys_kind(idx, &call);
	unsigned k = 0;

	while (k < SYS_KINDS - 1 && sys_kinds[k] && (sys_kinds[k] != kind || sys_calls[k] != call))
		k++;
	if (!sys_kinds[k]) {
		sys_kinds[k] = k < SYS_KINDS - 1 ? kind : "other";
		sys_calls[k] = call;
	}
	return k;
}

void uspace_count_sys(const struct uspace *sp, uint32_t idx)
{
	const void *imp = space_sys_import(idx);
	unsigned h = (unsigned)((uintptr_t)imp >> 5) & 255;

	if (!imp || sys_cache[h].imp != imp) {
		sys_cache[h].imp = imp;
		sys_cache[h].k = (uint8_t)sys_kind_index(idx);
	}
	sys_counts[sp->index][sys_cache[h].k]++;
}

void uspace_count_open(const struct uspace *from, const struct uspace *to, enum uspace_why why)
{
	opens[why][from ? from->index + 1 : 0][to->index]++;
	opens_total++;
}

/* A space's name for a counter: its file or domain without ".srv", "#N" once it is gone. */
static void space_label(char *out, size_t size, unsigned index)
{
	const struct uspace *sp = uspace_at(index);

	if (!sp) {
		fmt_snprintf(out, size, "#%u", index);
		return;
	}
	size_t n = strlen(sp->name);
	if (n > 4 && !memcmp(sp->name + n - 4, ".srv", 4))
		n -= 4;
	fmt_snprintf(out, size, "%.*s", (int)n, sp->name);
}

/* Appends one "name value" line, or nothing if it does not fit whole. */
static uint32_t put(char *buf, uint32_t at, uint32_t n, const char *name, uint64_t v)
{
	char tmp[128];
	int k = fmt_snprintf(tmp, sizeof(tmp), "%s %lu\n", name, (unsigned long)v);

	if (k < 0 || (size_t)k >= sizeof(tmp) || n - at < (uint32_t)k)
		return at;
	memcpy(buf + at, tmp, (size_t)k);
	return at + (uint32_t)k;
}

uint32_t os_space_stats(char *buf, uint32_t n)
{
	static const char *const why[USPACE_WHYS] = {"call", "return", "catch"};
	uint32_t at = 0;

	at = put(buf, at, n, "spaces.entries", uspace_entries);
	at = put(buf, at, n, "spaces.syscalls", uspace_syscalls);
	at = put(buf, at, n, "spaces.opens", opens_total);
	at = put(buf, at, n, "spaces.swept_pages", uspace_swept_pages);
	at = put(buf, at, n, "spaces.scanned_ptes", uspace_scanned_ptes);
	at = put(buf, at, n, "spaces.sweep_cycles", uspace_sweep_cycles);
	for (unsigned w = 0; w < USPACE_WHYS; w++)
		for (unsigned f = 0; f <= USPACE_MAX; f++)
			for (unsigned t = 0; t < USPACE_MAX; t++) {
				if (!opens[w][f][t])
					continue;
				char from[40] = "-", to[40], name[100];
				if (f)
					space_label(from, sizeof(from), f - 1);
				space_label(to, sizeof(to), t);
				fmt_snprintf(name, sizeof(name), "spaces.%s.%s>%s", why[w], from,
					     to);
				at = put(buf, at, n, name, opens[w][f][t]);
			}
	for (unsigned s = 0; s < USPACE_MAX; s++)
		for (unsigned k = 0; k < SYS_KINDS; k++) {
			if (!sys_counts[s][k])
				continue;
			char sp[40], name[100];
			space_label(sp, sizeof(sp), s);
			fmt_snprintf(name, sizeof(name), "spaces.sys.%s.%s%s", sp,
				     sys_calls[k] ? "call." : "", sys_kinds[k]);
			at = put(buf, at, n, name, sys_counts[s][k]);
		}
	return at;
}
