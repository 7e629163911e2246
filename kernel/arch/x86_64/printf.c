/* kprintf: format with the shared formatter, then write to the serial console. */
#include "kprintf.h"
#include "serial.h"
#include "fmt.h"
#include "ksrv/ksrv.h"

int kvprintf(const char *fmt, va_list ap)
{
	/* On the stack: kprintf is called from fault handlers and any thread. */
	char buf[512];
	int n = fmt_vsnprintf(buf, sizeof(buf), fmt, ap);
	size_t len = n < (int)sizeof(buf) ? (size_t)n : sizeof(buf) - 1;

	serial_write(buf, len);
	ksrv_log_append(buf, len);
	if (len < (size_t)n) {
		serial_write("...[truncated]\n", 15);
		ksrv_log_append("...[truncated]\n", 15);
	}
	return n;
}

int kprintf(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	int n = kvprintf(fmt, ap);
	va_end(ap);
	return n;
}
