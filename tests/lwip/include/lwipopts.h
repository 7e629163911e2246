/*
 * lwIP configuration for running lwIP's TCP unit tests against the ported
 * TCP core (tests/lwip/lwip-unit.test).
 *
 * The TCP options are the ones lwIP 2.1.3's test/unit/lwipopts.h sets for
 * its TCP tests (the tests' expectations depend on them). Unlike upstream's
 * test configuration this one is IPv4-only and NO_SYS: the TCP server is
 * IPv4-specific (thesis 4.5) and has no tcpip thread, sockets or netconn.
 */
#ifndef LWIP_TEST_LWIPOPTS_H
#define LWIP_TEST_LWIPOPTS_H

#define LWIP_TESTMODE 1
#include "lwip/tcponly.h"

#define LWIP_CHECKSUM_ON_COPY 1
#define TCP_CHECKSUM_ON_COPY_SANITY_CHECK 1
#define TCP_CHECKSUM_ON_COPY_SANITY_CHECK_FAIL(printfmsg)                                          \
	LWIP_ASSERT("TCP_CHECKSUM_ON_COPY_SANITY_CHECK_FAIL", 0)

/* As in upstream's test/unit/lwipopts.h, for the TCP tests. */
#define MEM_SIZE 16000
#define TCP_SND_QUEUELEN 40
#define MEMP_NUM_TCP_SEG TCP_SND_QUEUELEN
#define TCP_SND_BUF (12 * TCP_MSS)
#define TCP_WND (10 * TCP_MSS)
#define LWIP_WND_SCALE 1
#define TCP_RCV_SCALE 0
#define PBUF_POOL_SIZE 400

/* The tests count allocations per pool. */
#define LWIP_STATS 1
#define MEMP_STATS 1
#define TCP_STATS 1
#define MIB2_STATS 1

#define LWIP_MEM_ILLEGAL_FREE(msg) /* to nothing */

#endif /* LWIP_TEST_LWIPOPTS_H */
