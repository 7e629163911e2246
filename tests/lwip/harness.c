/*
 * Runs lwIP 2.1.3's own TCP unit tests (test/unit/tcp/test_tcp.c and
 * test_tcp_oos.c, unchanged, built from upstream/src) against the TCP core
 * as the kit ported it (build/ported/lwip-tcp/lwip-2.1.3/tcp*.c).
 *
 * What the tests poke at besides TCP -- pbufs, memory pools, netifs, the IP
 * layer's current-packet globals -- is lwIP's own code, also built from
 * upstream/src. This file supplies what upstream's lwip_unittests.c and
 * sys_arch.c would (written anew: the suite table, the no-leak check, a
 * clock) and the test doubles of the two functions the port introduces,
 * tcp_ip_output() and lwip_tcp_input_output().
 */
#include "lwip_check.h"

#include "tcp/test_tcp.h"
#include "tcp/test_tcp_oos.h"

#include "lwip/init.h"
#include "lwip/ip.h"
#include "lwip/memp.h"
#include "lwip/stats.h"
#include "lwip/sys.h"
#include "lwip/tcp.h"
#include "lwip/tcp_ip.h"

/*
 * The port's output function over lwIP's own IPv4 output: the test netif's
 * output hook then sees exactly what lwIP's ip_output_if() would give it, so
 * the tests' byte and segment counts hold unchanged.
 */
err_t tcp_ip_output(struct pbuf *p, const ip_addr_t *src, const ip_addr_t *dst, u8_t ttl, u8_t tos,
		    struct netif *netif)
{
	return ip_output_if(p, src, dst, ttl, tos, IP_PROTO_TCP, netif);
}

/* tcp_input()'s output after a segment (lwip/tcp_ip.h): lwIP's own, at once. */
void lwip_tcp_input_output(struct tcp_pcb *pcb)
{
	tcp_output(pcb);
}

/* NO_SYS needs a millisecond clock; the TCP tests drive time themselves. */
u32_t sys_now(void)
{
	static u32_t now;

	return now++;
}

/* One test case per test function, named after the suite (lwip_check.h). */
Suite *create_suite(const char *name, testfunc *tests, size_t num_tests, SFun setup, SFun teardown)
{
	Suite *s = suite_create(name);
	size_t i;

	for (i = 0; i < num_tests; i++) {
		TCase *tc = tcase_create(name);

		if (setup != NULL || teardown != NULL)
			tcase_add_checked_fixture(tc, setup, teardown);
		tcase_add_named_test(tc, tests[i]);
		suite_add_tcase(s, tc);
	}
	return s;
}

/* Fails the running test if the heap or a pool not in skip is in use. */
void lwip_check_ensure_no_alloc(unsigned int skip)
{
	unsigned int i;

	if (!(skip & SKIP_HEAP))
		fail_unless(lwip_stats.mem.used == 0);
	for (i = 0; i < MEMP_MAX; i++) {
		if (!(skip & (1u << i)))
			fail_unless(lwip_stats.memp[i]->used == 0);
	}
}

int main(void)
{
	suite_getter_fn *suites[] = {tcp_suite, tcp_oos_suite};
	SRunner *sr;
	size_t i;
	int failed;

	lwip_init();
	sr = srunner_create(suites[0]());
	for (i = 1; i < sizeof(suites) / sizeof(suites[0]); i++)
		srunner_add_suite(sr, suites[i]());
	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
