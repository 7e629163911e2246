/*
 * Boot-time self-checks of the kernel foundation.  Each prints one line,
 * "PASS: <name>" or "FAIL: <name>: <why>", for tests/qemu/boot.test.
 */
#include "arch.h"
#include "fmt.h"

static int failures;

static void result(const char *name, int ok, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* ok: "PASS: name (details)"; else "FAIL: name: details". */
static void result(const char *name, int ok, const char *fmt, ...)
{
	char msg[160];
	va_list ap;

	va_start(ap, fmt);
	fmt_vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (ok) {
		kprintf(msg[0] ? "PASS: %s (%s)\n" : "PASS: %s%s\n", name, msg);
	} else {
		kprintf("FAIL: %s: %s\n", name, msg);
		failures++;
	}
}

/* ---- faults the tests provoke on purpose ---- */

static struct {
	int armed;
	int hits;
	uint64_t vector, cr2, rsp, rip;
	uint64_t resume_rip, resume_rsp; /* for a #DF: where to continue */
} expect;

static int test_hook(struct trap_frame *tf)
{
	if (!expect.armed)
		return 0;
	expect.hits++;
	expect.vector = tf->vector;
	expect.cr2 = tf->cr2;
	expect.rsp = tf->rsp;
	expect.rip = tf->rip;
	if (tf->vector == T_BREAKPOINT)
		return 1; /* a trap: rip is already past the int3 */
	if (probe_fixup(tf))
		return 1;
	if (tf->vector == T_DOUBLE_FAULT && expect.resume_rip) {
		tf->rip = expect.resume_rip;
		tf->rsp = expect.resume_rsp;
		return 1;
	}
	return 0;
}

static void arm(void)
{
	memset(&expect, 0, sizeof(expect));
	expect.armed = 1;
}

static void disarm(void)
{
	expect.armed = 0;
}

/* ---- formatting ---- */

static void test_printf(void)
{
	char b[96];

	fmt_snprintf(b, sizeof(b), "%s|%d|%u|%x|%lx|%lu|%ld|%p|%c|%%|%08x|%5d", "str", -42, 42u,
		     0xbeefu, 0x123456789abul, 18446744073709551615ul, -9000000000l, (void *)0x1000,
		     'z', 0xabu, 7);
	const char *want = "str|-42|42|beef|123456789ab|18446744073709551615|-9000000000|0x1000|"
			   "z|%|000000ab|    7";
	result("kprintf-format", !strcmp(b, want), "\"%s\"", b);
}

/* ---- heap ---- */

static void test_heap(void)
{
	size_t base = kheap_in_use();
	void *p[64];
	int ok = 1;
	const char *why = ""; /* with a trailing space when set */

	for (unsigned i = 0; i < 64; i++) {
		size_t sz = 1 + (i * 37) % 300;
		p[i] = kmalloc(sz);
		if (!p[i] || ((uintptr_t)p[i] & 15) || (uintptr_t)p[i] >= (2ul << 30)) {
			ok = 0;
			why = "NULL, misaligned or above 2 GiB; ";
			break;
		}
		memset(p[i], (int)i, sz);
	}
	if (ok) {
		/* Free in an interleaved order to exercise merging both ways. */
		for (unsigned i = 0; i < 64; i += 2)
			kfree(p[i]);
		for (unsigned i = 0; i < 64; i++) {
			const uint8_t *q = p[i];
			if (i % 2 && q[0] != i) {
				ok = 0;
				why = "a live block was overwritten; ";
			}
		}
		for (unsigned i = 1; i < 64; i += 2)
			kfree(p[i]);
	}
	kheap_check();
	result("heap-alloc-free", ok && kheap_in_use() == base, "%sin use %lu -> %lu bytes", why,
	       base, kheap_in_use());

	/* Bigger than an arena: the heap must grow, and shrink back to the same use. */
	void *big = kmalloc(3u << 20);
	void *z = kzalloc(1000);
	int zero = 1;
	for (unsigned i = 0; z && i < 1000; i++)
		zero &= ((uint8_t *)z)[i] == 0;
	if (big)
		memset(big, 0xa5, 3u << 20);
	kfree(big);
	kfree(z);
	kheap_check();
	result("heap-large", big && z && zero && kheap_in_use() == base,
	       "big=%p zeroed=%d in use %lu", big, zero, kheap_in_use());
}

/*
 * Random allocations and frees with each block's contents checked at
 * free time, so any overlap between live blocks shows up.
 */
static void test_heap_random(void)
{
	static void *slot[128];
	static size_t len[128];
	size_t base = kheap_in_use();
	uint32_t seed = 12345;
	int ok = 1;

	for (unsigned op = 0; op < 4000 && ok; op++) {
		seed = seed * 1103515245 + 12345;
		unsigned i = (seed >> 16) % 128;
		if (slot[i]) {
			const uint8_t *q = slot[i];
			for (size_t k = 0; k < len[i]; k++)
				ok &= q[k] == (uint8_t)i;
			kfree(slot[i]);
			slot[i] = NULL;
		} else {
			seed = seed * 1103515245 + 12345;
			len[i] = 1 + (seed >> 8) % ((seed & 63) ? 3000 : 200000);
			slot[i] = kmalloc(len[i]);
			ok &= slot[i] != NULL;
			if (slot[i])
				memset(slot[i], (int)i, len[i]);
		}
		if (op % 500 == 0)
			kheap_check();
	}
	for (unsigned i = 0; i < 128; i++) {
		kfree(slot[i]);
		slot[i] = NULL;
	}
	kheap_check();
	result("heap-random", ok && kheap_in_use() == base, "contents intact=%d, in use %lu", ok,
	       kheap_in_use());
}

/* ---- physical pages ---- */

static void test_phys_contig(void)
{
	size_t before = phys_free_count();
	uint64_t pa = phys_alloc_pages(16, 1);
	int ok = pa && !(pa & (PAGE_SIZE - 1)) && pa + 16 * PAGE_SIZE <= (4ul << 30);

	for (unsigned i = 0; ok && i < 16; i++)
		ok = !phys_is_free(pa + i * PAGE_SIZE);
	if (ok)
		memset(phys_to_virt(pa), 0x5a, 16 * PAGE_SIZE);
	uint64_t pb = phys_alloc_pages(1, 1);
	if (pb >= pa && pb < pa + 16 * PAGE_SIZE)
		ok = 0;
	if (pb)
		phys_free_pages(pb, 1);
	if (pa)
		phys_free_pages(pa, 16);
	result("phys-alloc-contiguous", ok && phys_free_count() == before, "%lx, free %lu -> %lu",
	       pa, before, phys_free_count());
}

extern char _kernel_start[], _kernel_end[];

static int overlaps(uint64_t a, uint64_t alen, uint64_t b, uint64_t blen)
{
	return a < b + blen && b < a + alen;
}

/*
 * Takes every free page (in blocks of 256, 16, then 1) and checks none of them
 * overlaps the kernel image, a module or the first 1 MiB.
 */
static void test_phys_reserved(void)
{
	static uint64_t got[16384];
	static uint16_t got_n[16384];
	size_t before = phys_free_count();
	unsigned n = 0;
	int ok = 1;
	uint64_t bad = 0;

	/* 16384 blocks of 256 pages cover all 4 GiB the allocator manages. */
	for (size_t chunk = 256; chunk; chunk /= 16) {
		uint64_t pa;
		while (n < 16384 && (pa = phys_alloc_pages(chunk, 1))) {
			got[n] = pa;
			got_n[n++] = (uint16_t)chunk;
		}
	}
	int exhausted = phys_free_count() == 0;
	for (unsigned i = 0; i < n; i++) {
		uint64_t len = got_n[i] * PAGE_SIZE;
		int hit = overlaps(got[i], len, 0, 1ul << 20) ||
			  overlaps(got[i], len, (uintptr_t)_kernel_start,
				   (uintptr_t)(_kernel_end - _kernel_start));
		for (unsigned m = 0; m < boot_module_count(); m++)
			hit |= overlaps(got[i], len, boot_module(m)->phys, boot_module(m)->size);
		if (hit && ok) {
			ok = 0;
			bad = got[i];
		}
	}
	for (unsigned i = 0; i < n; i++)
		phys_free_pages(got[i], got_n[i]);
	result("phys-no-overlap", ok && exhausted && phys_free_count() == before,
	       "%u blocks, exhausted=%d, overlapping block %lx", n, exhausted, bad);
}

/* ---- paging ---- */

static void test_null_guard(void)
{
	arm();
	int v = probe_read8((const void *)0);
	disarm();
	result("null-page-faults", v == -1 && expect.vector == T_PAGE_FAULT && expect.cr2 == 0,
	       "read=%d vector=%lu cr2=%lx", v, expect.vector, expect.cr2);
}

static void test_guard_page(void)
{
	uint8_t *stack = stack_alloc(4 * PAGE_SIZE);

	if (!stack) {
		result("guard-page", 0, "stack_alloc failed");
		return;
	}
	uint8_t *guard = stack - PAGE_SIZE;
	arm();
	int below = probe_read8(guard - 1); /* the rest of the split 2 MiB page stays mapped */
	int in_stack = probe_write8(stack, 1);
	int hits_ok = expect.hits == 0;
	int fault = probe_read8(guard + 100);
	uint64_t vec = expect.vector, cr2 = expect.cr2;
	disarm();
	int ok = below >= 0 && in_stack == 0 && hits_ok && fault == -1 && vec == T_PAGE_FAULT &&
		 cr2 == (uintptr_t)guard + 100;
	result("guard-page-fault", ok, "below=%d stack=%d fault=%d vector=%lu cr2=%lx guard=%p",
	       below, in_stack, fault, vec, cr2, (void *)guard);

	paging_clear_guard((uintptr_t)guard);
	arm();
	int after = probe_write8(guard, 7);
	disarm();
	result("guard-page-clear", after == 0 && expect.hits == 0, "write after clear=%d", after);
	paging_set_guard((uintptr_t)guard);
	stack_free(stack, 4 * PAGE_SIZE);
	result("guard-page-freed", paging_is_mapped((uintptr_t)guard),
	       "guard mapped after stack_free: %d", paging_is_mapped((uintptr_t)guard));
}

static void test_mmio(void)
{
	/* The top of the PCI hole, where QEMU puts device BARs: no RAM there. */
	uint64_t bar = 0xfebf0000;
	void *p = paging_map_mmio(bar + 0x10, 0x100);
	uint64_t e = paging_lookup(bar), next = paging_lookup(bar + PAGE_SIZE);
	int uc = (e & (PTE_PCD | PTE_PWT)) == (PTE_PCD | PTE_PWT);
	int next_wb = !(next & PTE_PCD);
	result("mmio-uncached", p == (void *)(bar + 0x10) && uc && next_wb,
	       "p=%p entry=%lx next=%lx", p, e, next);

	/* Above 4 GiB a page directory has to be created first. */
	uint64_t high = 0x4000200000ul;
	void *q = paging_map_mmio(high, 2ul << 20);
	uint64_t h = paging_lookup(high);
	result("mmio-above-4g", q == (void *)high && (h & PTE_P) && (h & PTE_PCD), "q=%p entry=%lx",
	       q, h);
}

/* ---- traps ---- */

static void test_breakpoint(void)
{
	arm();
	__asm__ volatile("int3");
	disarm();
	result("trap-resume", expect.hits == 1 && expect.vector == T_BREAKPOINT,
	       "hits=%d vector=%lu", expect.hits, expect.vector);
}

/* ---- context switching ---- */

static uint64_t main_sp, other_sp;
static volatile unsigned rounds;
static volatile int aligned;

static void ping(void *arg)
{
	unsigned *count = arg;

	/* With frame pointers, rbp == entry rsp - 8, which the ABI makes 16-aligned. */
	aligned = ((uintptr_t)__builtin_frame_address(0) & 15) == 0;
	for (;;) {
		(*count)++;
		rounds++;
		ctx_switch(&other_sp, main_sp);
	}
}

static void test_ctx(void)
{
	uint8_t *stack = stack_alloc(4 * PAGE_SIZE);
	unsigned count = 0;
	uint64_t a = 0x1111, b = 0x2222; /* live across the switches */

	if (!stack) {
		result("ctx-switch", 0, "stack_alloc failed");
		return;
	}
	other_sp = ctx_init(stack + 4 * PAGE_SIZE, ping, &count);
	for (unsigned i = 0; i < 3; i++) {
		ctx_switch(&main_sp, other_sp);
		a += i;
		b ^= a;
	}
	stack_free(stack, 4 * PAGE_SIZE);
	result("ctx-switch", count == 3 && rounds == 3 && aligned && a == 0x1114 && b == 0x3335,
	       "count=%u aligned=%d a=%lx b=%lx", count, aligned, a, b);
}

/*
 * A context runs off the bottom of its stack: the #PF cannot be delivered on
 * the guard page, so a #DF arrives on its IST stack.  The hook moves the
 * context to a rescue stack and rip to overflow_rescued(), which switches
 * back here.
 */
static uint8_t rescue_stack[4096] __attribute__((aligned(16)));
static uint64_t dead_sp;

static void overflow(void *arg)
{
	(void)arg;
	__asm__ volatile("1: push $0\n\tjmp 1b" : : : "memory");
}

static void overflow_rescued(void)
{
	ctx_switch(&dead_sp, main_sp);
}

static void test_overflow(void)
{
	uint8_t *stack = stack_alloc(2 * PAGE_SIZE);

	if (!stack) {
		result("stack-overflow-df", 0, "stack_alloc failed");
		return;
	}
	arm();
	expect.resume_rip = (uintptr_t)overflow_rescued;
	/* As if overflow_rescued had just been called: rsp + 8 aligned. */
	expect.resume_rsp = (uintptr_t)(rescue_stack + sizeof(rescue_stack)) - 8;
	uint64_t sp = ctx_init(stack + 2 * PAGE_SIZE, overflow, NULL);
	ctx_switch(&main_sp, sp);
	disarm();
	stack_free(stack, 2 * PAGE_SIZE);
	result("stack-overflow-df",
	       expect.vector == T_DOUBLE_FAULT && expect.rsp == (uintptr_t)stack,
	       "vector=%lu rsp=%lx stack=%p", expect.vector, expect.rsp, (void *)stack);
}

/* ---- time ---- */

static uint64_t off_by(uint64_t a, uint64_t b)
{
	return a > b ? a - b : b - a;
}

static void test_time(void)
{
	result("tsc-calibrated", tsc_hz > 50000000ul && tsc_hz < 20000000000ul, "%lu Hz", tsc_hz);

	timer_init();
	uint64_t t0 = ticks, c0 = rdtsc();
	sti();
	while (ticks - t0 < 20 && rdtsc() - c0 < tsc_hz / 2)
		hlt();
	cli();
	uint64_t n = ticks - t0, us = tsc_to_us(rdtsc() - c0);
	/*
	 * 20 ticks at 1000 Hz are 20 ms.  On a loaded host TCG drops ticks,
	 * or delivers late ones in a burst, so only check that they come.
	 */
	result("timer-ticks", n >= 20, "%lu ticks in %lu us", n, us);

	/*
	 * When the host deschedules QEMU's vCPU thread, PIT interrupts that
	 * fall due meanwhile merge into one, while the TSC keeps counting host
	 * time; then a delay looks short in ticks.  Take the best of up to 5
	 * tries, and excuse a short count only if ticks were seen to be lost
	 * (a gap of over 3 tick periods).  Late ticks can also arrive in a
	 * burst, hence the slack above 10.
	 */
	uint64_t best = 0, gap = 0;
	for (unsigned i = 0; i < 5 && !(best >= 8 && best <= 12); i++) {
		sti();
		t0 = ticks;
		tick_max_gap = 0;
		udelay(10000);
		n = ticks - t0;
		cli();
		if (!i || off_by(n, 10) < off_by(best, 10)) {
			best = n;
			gap = tick_max_gap;
		}
	}
	uint64_t gap_us = tsc_to_us(gap);
	int lost = gap_us > 3000;
	result("udelay", best <= 25 && (best >= 5 || lost),
	       "udelay(10000) took %lu ticks; longest tick gap %lu us%s", best, gap_us,
	       lost ? ", ticks lost: host overloaded" : "");
}

int selftest_run(void)
{
	trap_test_hook = test_hook;
	test_printf();
	test_heap();
	test_heap_random();
	test_phys_contig();
	test_phys_reserved();
	test_null_guard();
	test_guard_page();
	test_mmio();
	test_breakpoint();
	test_ctx();
	test_overflow();
	test_time();
	trap_test_hook = NULL;
	return failures;
}
