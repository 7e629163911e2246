/*
 * PASS/FAIL lines for test programs: one call per check, in the form
 * tools/run-tests counts; *failed counts failures for the exit status.
 * The one place a C test prints a result: test servers print through
 * bss_printf; host test programs (tests/net-lib, tests/pc/units.c) define
 * TCHECK_HOST before including this and print with printf.
 *
 *   tresult(&failed, name, ok, why)       "PASS: name" / "FAIL: name: why"
 *   tcheck(&failed, name, ok, fmt, ...)   "PASS: name (details)" / "FAIL: name: details"
 */
#ifndef TESTS_TCHECK_H
#define TESTS_TCHECK_H

#include <stdarg.h>
#include <stdbool.h>
#ifdef TCHECK_HOST
#include <stdio.h>
#define tcheck_print printf
#define tcheck_vsnprintf vsnprintf
#else
#include <bss/server.h>
#include "common/fmt.h"
#define tcheck_print bss_printf
#define tcheck_vsnprintf fmt_vsnprintf
#endif

static inline void tresult(unsigned *failed, const char *name, bool ok, const char *why)
{
	if (ok) {
		tcheck_print("PASS: %s\n", name);
	} else {
		(*failed)++;
		tcheck_print("FAIL: %s: %s\n", name, why);
	}
}

static inline __attribute__((format(printf, 4, 5))) void tcheck(unsigned *failed, const char *name,
								bool ok, const char *fmt, ...)
{
	char msg[200];
	va_list ap;

	va_start(ap, fmt);
	tcheck_vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (ok) {
		tcheck_print("PASS: %s (%s)\n", name, msg);
	} else {
		(*failed)++;
		tcheck_print("FAIL: %s: %s\n", name, msg);
	}
}

#endif
