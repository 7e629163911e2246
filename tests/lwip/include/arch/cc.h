/*
 * lwIP's platform header for the host unit tests: an lwIP assertion prints
 * and aborts, which Check (in fork mode) reports as a failed test.
 */
#ifndef LWIP_TEST_ARCH_CC_H
#define LWIP_TEST_ARCH_CC_H

#include <stdio.h>
#include <stdlib.h>

#define LWIP_PLATFORM_DIAG(x)                                                                      \
	do {                                                                                       \
		printf x;                                                                          \
	} while (0)
#define LWIP_PLATFORM_ASSERT(x)                                                                    \
	do {                                                                                       \
		printf("lwIP assertion \"%s\" failed at %s:%d\n", x, __FILE__, __LINE__);          \
		fflush(NULL);                                                                      \
		abort();                                                                           \
	} while (0)

#endif /* LWIP_TEST_ARCH_CC_H */
