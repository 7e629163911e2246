/*
 * A small vsnprintf for freestanding code (kernel, core, servers): %s %c %d %i
 * %u %x %X %p %% with l/ll/z sizes, '-' and '0' flags, width and precision for
 * strings. Always NUL-terminates; returns the length it wanted to write.
 */
#ifndef LIB_FMT_H
#define LIB_FMT_H

#include <stdarg.h>
#include <stddef.h>

int fmt_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int fmt_snprintf(char *buf, size_t size, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#endif
