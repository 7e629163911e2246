/*
 * PASS/FAIL lines for test servers: one call per check, in the form
 * tools/run-tests counts; *failed counts failures for the exit status.
 */
#ifndef TESTS_TCHECK_H
#define TESTS_TCHECK_H

#include <stdarg.h>
#include <stdbool.h>
#include <bss/server.h>
#include "common/fmt.h"

static inline __attribute__((format(printf, 4, 5))) void
tcheck(unsigned *failed, const char *name, bool ok, const char *fmt, ...)
{
	char msg[200];
	va_list ap;

	va_start(ap, fmt);
	fmt_vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (ok) {
		bss_printf("PASS: %s (%s)\n", name, msg);
	} else {
		(*failed)++;
		bss_printf("FAIL: %s: %s\n", name, msg);
	}
}

#endif
