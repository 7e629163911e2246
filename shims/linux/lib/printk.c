// SPDX-License-Identifier: GPL-2.0
/*
 * printk over the debug output. The server library's formatter knows the
 * plain conversions; this walks the format and handles what it does not:
 * the KERN_ level prefix, %pM (MAC address), the '#' flag and 'h'/'hh'.
 */
#include <linux/kernel.h>

static int strchr_s(const char *s, char c)
{
	for (; *s; s++)
		if (*s == c)
			return 1;
	return 0;
}

static size_t put(char *buf, size_t pos, size_t size, const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n && pos + 1 < size; i++)
		buf[pos++] = s[i];
	return pos;
}

static size_t linux_vformat(char *buf, size_t size, const char *fmt, va_list ap)
{
	size_t pos = 0;

	while (*fmt) {
		char spec[24], tmp[64];
		size_t n = 0;
		int alt = 0, lng = 0;
		const char *start = fmt;

		if (*fmt != '%') {
			pos = put(buf, pos, size, fmt++, 1);
			continue;
		}
		spec[n++] = *fmt++;
		while (*fmt && strchr_s("-0 +#", *fmt)) {
			if (*fmt == '#')
				alt = 1;
			else if (n < 8)
				spec[n++] = *fmt;
			fmt++;
		}
		while ((*fmt >= '0' && *fmt <= '9') || *fmt == '.' || *fmt == '*') {
			if (*fmt == '*') {
				n += bss_snprintf(spec + n, 12, "%d", va_arg(ap, int));
				fmt++;
			} else if (n < 16) {
				spec[n++] = *fmt++;
			} else {
				fmt++;
			}
		}
		while (*fmt == 'h')
			fmt++;
		while (*fmt == 'l' || *fmt == 'z') {
			lng = 1;
			fmt++;
		}
		if (!*fmt)
			break;
		if (*fmt == 'p' && fmt[1] == 'M') {
			const u8 *a = va_arg(ap, const u8 *);

			n = bss_snprintf(tmp, sizeof(tmp), "%02x:%02x:%02x:%02x:%02x:%02x", a[0],
					 a[1], a[2], a[3], a[4], a[5]);
			pos = put(buf, pos, size, tmp, n);
			fmt += 2;
			continue;
		}
		if (alt && (*fmt == 'x' || *fmt == 'X'))
			pos = put(buf, pos, size, "0x", 2);
		if (lng)
			spec[n++] = 'l';
		spec[n++] = *fmt;
		spec[n] = '\0';
		switch (*fmt) {
		case 'd':
		case 'i':
		case 'u':
		case 'x':
		case 'X':
		case 'c':
			if (lng)
				n = bss_snprintf(tmp, sizeof(tmp), spec, va_arg(ap, long));
			else
				n = bss_snprintf(tmp, sizeof(tmp), spec, va_arg(ap, int));
			break;
		case 's':
			n = bss_snprintf(tmp, sizeof(tmp), spec, va_arg(ap, const char *));
			break;
		case 'p': /* Linux prints the bare hex digits ("0x%p" is common) */
			n = bss_snprintf(tmp, sizeof(tmp), "%lx",
					 (unsigned long)va_arg(ap, void *));
			break;
		default:
			n = bss_snprintf(tmp, sizeof(tmp), "%.*s", (int)(fmt - start + 1), start);
			break;
		}
		pos = put(buf, pos, size, tmp, n < sizeof(tmp) ? n : sizeof(tmp) - 1);
		fmt++;
	}
	buf[pos] = '\0';
	return pos;
}

int linux_printk(const char *fmt, ...)
{
	char buf[256];
	va_list ap;
	size_t n;

	if (fmt[0] == KERN_SOH[0] && fmt[1])
		fmt += 2; /* every level goes to the debug output */
	va_start(ap, fmt);
	n = linux_vformat(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	/* a record is a line (Linux ends one that lacks its '\n'; no KERN_CONT here) */
	if (!n || buf[n - 1] != '\n') {
		if (n == sizeof(buf) - 1)
			n--;
		buf[n++] = '\n';
	}
	bss_debug(buf, n);
	return n;
}

/* Linux's hex dump, without the ASCII column: rowsize bytes a line, one byte a group. */
void print_hex_dump(const char *level, const char *prefix_str, int prefix_type, int rowsize,
		    int groupsize, const void *buf, size_t len, bool ascii)
{
	static const char hex[] = "0123456789abcdef";
	const u8 *p = buf;
	char line[3 * 32 + 1];
	size_t i, j, n;

	(void)groupsize;
	(void)ascii;
	if (rowsize != 16 && rowsize != 32)
		rowsize = 16;
	for (i = 0; i < len; i += rowsize) {
		n = len - i < (size_t)rowsize ? len - i : (size_t)rowsize;
		for (j = 0; j < n; j++) {
			line[3 * j] = hex[p[i + j] >> 4];
			line[3 * j + 1] = hex[p[i + j] & 15];
			line[3 * j + 2] = ' ';
		}
		line[n ? 3 * n - 1 : 0] = 0;
		if (prefix_type == DUMP_PREFIX_OFFSET)
			linux_printk("%s%s%08x: %s\n", level, prefix_str, (unsigned int)i, line);
		else
			linux_printk("%s%s%s\n", level, prefix_str, line);
	}
}
