/*
 * Tiny test harness for the network library tests: each test case is a
 * bool function; RUN prints "PASS: <name>" or "FAIL: <name>: <why>".
 * EXPECT_DROP also records which drop reasons the tests have produced, so
 * one final case can insist that every reason the library reports was
 * triggered by some crafted packet.
 */
#ifndef NETLIB_TEST_CHECK_H
#define NETLIB_TEST_CHECK_H

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "stats.h"

extern char check_why[512];
extern bool check_seen[NL_DROP_COUNT];

#define EXPECT(cond)                                                                               \
	do {                                                                                       \
		if (!(cond)) {                                                                     \
			snprintf(check_why, sizeof(check_why), "line %d: %s", __LINE__, #cond);    \
			return false;                                                              \
		}                                                                                  \
	} while (0)

#define EXPECT_EQ(a, b)                                                                            \
	do {                                                                                       \
		unsigned long long a_ = (unsigned long long)(a);                                   \
		unsigned long long b_ = (unsigned long long)(b);                                   \
		if (a_ != b_) {                                                                    \
			snprintf(check_why, sizeof(check_why),                                     \
				 "line %d: %s is %llu (0x%llx), want %llu (0x%llx)", __LINE__, #a, \
				 a_, a_, b_, b_);                                                  \
			return false;                                                              \
		}                                                                                  \
	} while (0)

/* Checks that expr yields drop reason want, and records that want was seen. */
#define EXPECT_DROP(expr, want)                                                                    \
	do {                                                                                       \
		enum nl_drop got_ = (expr);                                                        \
		if (got_ != (want)) {                                                              \
			snprintf(check_why, sizeof(check_why), "line %d: %s gave %s, want %s",     \
				 __LINE__, #expr, nl_drop_name(got_), nl_drop_name(want));         \
			return false;                                                              \
		}                                                                                  \
		check_seen[want] = true;                                                           \
	} while (0)

/* Records a reason counted by a stateful object (checked via its stats). */
#define EXPECT_COUNT(st, why, n)                                                                   \
	do {                                                                                       \
		EXPECT_EQ((st)->drop[why], (n));                                                   \
		if (n)                                                                             \
			check_seen[why] = true;                                                    \
	} while (0)

#define RUN(fn) check_run(#fn, fn)

void check_run(const char *name, bool (*fn)(void));

void run_csum_tests(void);
void run_stats_tests(void);
void run_eth_tests(void);
void run_arp_tests(void);
void run_ipv4_tests(void);
void run_reasm_tests(void);
void run_icmp_tests(void);
void run_udp_tests(void);

#endif
