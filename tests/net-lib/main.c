/*
 * Host unit tests of the network protocol library (netlib/).
 * Prints one PASS/FAIL line per case and exits non-zero on any failure.
 */
#include <stdlib.h>

#include "check.h"
#define TCHECK_HOST
#include "tests/harness/tcheck.h"

char check_why[512];
bool check_seen[NL_DROP_COUNT];
static unsigned passed, failed;

void check_run(const char *name, bool (*fn)(void))
{
	if (strncmp(name, "test_", 5) == 0)
		name += 5;
	char full[128];
	bool ok;

	check_why[0] = 0;
	ok = fn();
	snprintf(full, sizeof(full), "netlib/%s", name);
	tresult(&failed, full, ok, check_why);
	passed += ok;
}

/*
 * Reasons decided by the servers, not the library (no registered
 * protocol/port, a queue descriptor past its buffer): the library cannot
 * be made to produce them.
 */
static bool caller_only(enum nl_drop r)
{
	return r == NL_OK || r == ETH_DROP_NO_PROTO || r == ETH_DROP_BAD_DESC ||
	       r == IP_DROP_NO_PROTO || r == UDP_DROP_NO_PORT;
}

static bool test_every_library_drop_reason_triggered(void)
{
	for (unsigned r = 0; r < NL_DROP_COUNT; r++) {
		if (!caller_only(r) && !check_seen[r]) {
			snprintf(check_why, sizeof(check_why), "no test produced %s",
				 nl_drop_name(r));
			return false;
		}
	}
	return true;
}

int main(void)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	run_csum_tests();
	run_stats_tests();
	run_eth_tests();
	run_arp_tests();
	run_ipv4_tests();
	run_reasm_tests();
	run_icmp_tests();
	run_udp_tests();
	RUN(test_every_library_drop_reason_triggered);
	printf("netlib: %u passed, %u failed\n", passed, failed);
	return failed ? 1 : 0;
}
