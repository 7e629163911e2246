/*
 * Fault injection (docs/faults.md): the probe that every site of a fault
 * mutant calls (bss_fault, a system call). The boot names one site, a seed,
 * and when the site is armed; the probe returns 0 everywhere else, so every
 * other site runs its original code. The first time the armed site runs,
 * "FAULT: site N activated" is logged: that is what the campaign counts as
 * an activated fault.
 */
#include "core.h"

#define PROFILE_SITES 8192

static struct {
	uint32_t site; /* 0: no injection */
	bool profile;  /* log each site the first time it runs after arm_ns */
	uint8_t seen[PROFILE_SITES / 8];
	uint64_t seed;
	uint64_t arm_ns; /* os_now_ns() from which the site is armed */
	bool persistent; /* faulty at every pass, not only the first */
	uint64_t fired;	 /* passes since armed */
} inj;

void core_inject_arm(uint32_t site, uint64_t seed, uint64_t arm_ns, bool persistent)
{
	inj.site = site;
	inj.seed = seed;
	inj.arm_ns = arm_ns;
	inj.persistent = persistent;
	inj.fired = 0;
}

/* splitmix64: the fault's parameters (a bit, an offset) from the seed and the site. */
static uint64_t mix(uint64_t x)
{
	x += 0x9e3779b97f4a7c15ull;
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
	x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
	return x ^ (x >> 31);
}

/*
 * A profile boot (docs/faults.md): which sites run once the workload does.
 * The campaign injects only into those, so that an injection tests the
 * recovery rather than code that never runs.
 */
void core_inject_profile(uint64_t from_ns)
{
	inj.profile = true;
	inj.arm_ns = from_ns;
}

static void profile(uint32_t site)
{
	if (site >= PROFILE_SITES || (inj.seen[site / 8] & (1u << (site % 8))) ||
	    os_now_ns() < inj.arm_ns)
		return;
	inj.seen[site / 8] |= (uint8_t)(1u << (site % 8));
	core_log("FAULT: site %u reached at %lu us\n", site, (unsigned long)(os_now_ns() / 1000));
}

/* 0: run the original code. Else a nonzero word the fault takes its parameters from. */
uint64_t core_inject_probe(uint32_t site)
{
	if (unlikely(inj.profile))
		profile(site);
	if (likely(site != inj.site) || !site || os_now_ns() < inj.arm_ns)
		return 0;
	if (inj.fired++ && !inj.persistent)
		return 0;
	if (inj.fired == 1)
		core_log("FAULT: site %u activated at %lu us in %s\n", site,
			 (unsigned long)(os_now_ns() / 1000), server_name(cur_thread->cur));
	return mix(inj.seed ^ (uint64_t)site << 32) | 1;
}
