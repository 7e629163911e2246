/*
 * bench_core: the thesis's Table 5.2 operations, measured with the time-stamp
 * counter from inside a server, so the same file measures the hosted runtime
 * and the kernel. Each figure is the median over ROUNDS rounds of the mean
 * cost of one operation in a round of REPS back-to-back operations; a round's
 * loop overhead is measured the same way and subtracted.
 * Output: one "BENCH: <name> <cycles>" line per operation.
 */
#include <bss/server.h>
#include <svc/bench.h>
#include <svc/exec.h>
#include <svc/loader.h>

#define LOADER BSS_REQ(0)
#define REPS 1000
/*
 * A cross-space call's round is as many calls as take about the time of
 * a same-space round of REPS: under TCG on a loaded host QEMU runs in
 * slices of a few hundred microseconds, and the guest's time-stamp
 * counter (the host's clock) runs on between them. Rounds of 1000
 * cross-space calls (about 0.4 ms) nearly all spanned such a gap, and
 * their median took it in; rounds of 100 seldom do, as the same-space
 * rounds seldom do (docs/isolation.md "Cost").
 */
#define REPS_CROSS 100
#define ROUNDS 301
#define HELD 1000

struct bc {
	uint64_t samples[ROUNDS];
	bss_ref_t held[HELD];
};

BSS_SERVER(EXEC, struct bc, bc, BSS_REQUIRES(LOADER_SVC_ID), .stack_size = 16384);

static inline uint64_t tsc(void)
{
	uint32_t lo, hi;

	__asm__ volatile("lfence; rdtsc; lfence" : "=a"(lo), "=d"(hi)::"memory");
	return (uint64_t)hi << 32 | lo;
}

__attribute__((noinline)) static void empty(void)
{
	__asm__ volatile("" ::: "memory");
}

/* Through a volatile pointer, so the compiler cannot inline or hoist it. */
static void (*volatile empty_ptr)(void) = empty;

static void sort(uint64_t *a, unsigned n)
{
	for (unsigned i = 1; i < n; i++)
		for (unsigned j = i; j > 0 && a[j - 1] > a[j]; j--) {
			uint64_t t = a[j];
			a[j] = a[j - 1];
			a[j - 1] = t;
		}
}

enum op { OP_LOOP, OP_INDIRECT, OP_INDIRECT2, OP_CALL, OP_TEMP, OP_PERM };

/* Median cycles of reps operations of one kind, in hundredths of a cycle per operation. */
static uint64_t measure_n(struct bc *b, enum op op, bss_ref_t r, unsigned reps)
{
	for (unsigned k = 0; k < ROUNDS; k++) {
		uint64_t t0 = tsc();
		switch (op) {
		case OP_LOOP:
			for (unsigned i = 0; i < reps; i++)
				__asm__ volatile("" ::: "memory");
			break;
		case OP_INDIRECT:
			for (unsigned i = 0; i < reps; i++)
				empty_ptr();
			break;
		case OP_INDIRECT2: /* a pair of calls: the least two system calls can cost */
			for (unsigned i = 0; i < reps; i++) {
				empty_ptr();
				empty_ptr();
			}
			break;
		case OP_CALL:
			for (unsigned i = 0; i < reps; i++)
				bench_nop(r);
			break;
		case OP_TEMP:
			for (unsigned i = 0; i < reps; i++)
				bss_release(bss_temp(r));
			break;
		case OP_PERM:
			for (unsigned i = 0; i < reps; i++)
				bss_release(bss_keep(r));
			break;
		}
		b->samples[k] = tsc() - t0;
	}
	sort(b->samples, ROUNDS);
	return b->samples[ROUNDS / 2] * 100 / reps;
}

static uint64_t measure(struct bc *b, enum op op, bss_ref_t r)
{
	return measure_n(b, op, r, REPS);
}

static void report(const char *name, uint64_t c100, uint64_t loop100)
{
	uint64_t v = c100 > loop100 ? c100 - loop100 : 0;

	bss_printf("BENCH: %s %lu.%02lu\n", name, (unsigned long)(v / 100),
		   (unsigned long)(v % 100));
}

static bss_ref_t load(const char *name)
{
	return loader_load_named(LOADER, name, (uint32_t)strlen(name));
}

uint32_t bc_main(struct bc *b)
{
	bss_ref_t locked = bss_keep(load("bench_target"));
	bss_ref_t safe = bss_keep(load("bench_target_safe"));
	bss_ref_t full = bss_keep(load("bench_target_full"));

	/* warm up caches and branch predictors */
	measure(b, OP_CALL, locked);
	measure(b, OP_CALL, safe);
	uint64_t loop = measure(b, OP_LOOP, 0);
	report("indirect_call", measure(b, OP_INDIRECT, 0), loop);
	report("indirect_call_x2", measure(b, OP_INDIRECT2, 0), loop);
	report("service_call", measure(b, OP_CALL, locked), loop);
	report("service_call_threadsafe", measure(b, OP_CALL, safe), loop);
	report("service_call_full", measure(b, OP_CALL, full), loop);
	/*
	 * The same target file under another name, which the kernel's run
	 * isolates (tools/bench-core): a call into another address space.
	 */
	struct bss_try t;
	volatile bss_ref_t iso = 0;
	BSS_TRY(t)
	{
		iso = bss_keep(load("bench_target_iso"));
	}
	BSS_CATCH(t)
	{
		iso = 0;
	}
	if (iso) {
		measure_n(b, OP_CALL, iso, REPS_CROSS);
		report("service_call_cross_space", measure_n(b, OP_CALL, iso, REPS_CROSS), loop);
		bss_release(iso);
	}
	report("temp_save_release", measure(b, OP_TEMP, locked), loop);
	report("perm_save_release", measure(b, OP_PERM, bss_self()), loop);
	for (unsigned i = 0; i < HELD; i++)
		b->held[i] = bss_keep(locked);
	/* a hole below the held references, the thesis's worst case for its table */
	bss_release(b->held[0]);
	b->held[0] = bss_keep(locked);
	report("perm_save_release_1000", measure(b, OP_PERM, bss_self()), loop);
	for (unsigned i = 0; i < HELD; i++)
		bss_release(b->held[i]);
	return 0;
}
