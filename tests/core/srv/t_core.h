/*
 * t_core's shared part: what its check files (t_core.c, t_core_refs.c)
 * share -- the required services, the test servers' state, the helpers.
 */
#ifndef TESTS_CORE_T_CORE_H
#define TESTS_CORE_T_CORE_H

#include <bss/server.h>
#include "tests/harness/tcheck.h"
#include "tests/harness/ttry.h"
#include <svc/bench.h>
#include <svc/counter.h>
#include <svc/exec.h>
#include <svc/loader.h>
#include <svc/map.h>
#include <svc/memory.h>
#include <svc/dataspace.h>
#include <svc/probe.h>
#include <svc/runnable.h>
#include <svc/thread.h>
#include <svc/timer.h>
#include <svc/victim.h>
#include <svc/weaknotify.h>

#define PROBE BSS_REQ(0)
#define LOADER BSS_REQ(1)
#define THREAD BSS_REQ(2)
#define TIMER BSS_REQ(3)
#define MEMORY BSS_REQ(4)
#define MAP BSS_REQ(5)

struct runner {
	bss_ref_t target; /* permanent */
	uint32_t op;
	uint64_t us;
	uint32_t done;
};

struct notifier {
	uint32_t calls;
};

struct tc {
	unsigned failed;
	struct runner runners[4];
	struct notifier wn;
	struct notifier reapees[3];
};

void check(struct tc *c, const char *name, bool ok, const char *why);
bss_ref_t load(const char *name);
uint32_t count(const char *event);
struct runner *start(struct tc *c, unsigned slot, bss_ref_t target, uint32_t op, uint64_t us);
void finish(struct runner *r);

/* t_core_refs.c */
void test_temporaries(struct tc *c);
void test_temp_reuse(struct tc *c);
void test_lifetime(struct tc *c);
void test_refs(struct tc *c);
void test_weak(struct tc *c);
void test_reap(struct tc *c);
void test_keep_n(struct tc *c);
void test_here_n(struct tc *c);

#endif /* TESTS_CORE_T_CORE_H */
