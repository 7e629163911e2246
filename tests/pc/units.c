/*
 * Host unit tests of the PC hardware servers' pure parts: the calendar
 * (common/date.c) against the C library's gmtime_r/timegm, and the scan code
 * decoding (servers/pc/keymap.c) on byte sequences a keyboard sends.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "common/date.h"
#include "servers/pc/keymap.h"
#define TCHECK_HOST
#include "tests/harness/tcheck.h"

static unsigned failed;

static void check(const char *name, int ok, const char *why)
{
	tresult(&failed, name, ok, why);
}

/* One timestamp both ways; returns 0 and says why on a mismatch. */
static int same_as_libc(uint64_t t, char *why, size_t n)
{
	time_t tt = (time_t)t;
	struct tm tm;
	struct date d;
	char want[32], got[32];

	gmtime_r(&tt, &tm);
	date_from_unix(t, &d);
	strftime(want, sizeof(want), "%Y-%m-%d %H:%M:%S", &tm);
	date_format(got, sizeof(got), t);
	if (strcmp(want, got) || d.year != (uint32_t)tm.tm_year + 1900 ||
	    d.month != (uint32_t)tm.tm_mon + 1 || d.day != (uint32_t)tm.tm_mday) {
		snprintf(why, n, "%llu: %s, libc %s", (unsigned long long)t, got, want);
		return 0;
	}
	if (date_to_unix(&d) != t) {
		snprintf(why, n, "%s back to %llu, not %llu", got,
			 (unsigned long long)date_to_unix(&d), (unsigned long long)t);
		return 0;
	}
	return 1;
}

static void test_date(void)
{
	/* the epoch, leap days, a century that is not leap, one that is, the end */
	static const uint64_t edges[] = {0,	     68169599,	 68169600,   951782400,	  951868799,
					 4107542399, 4107542400, 4107628800, 253402300799};
	char why[160] = "";
	int ok = 1;

	for (size_t i = 0; i < sizeof(edges) / sizeof(edges[0]) && ok; i++)
		ok = same_as_libc(edges[i], why, sizeof(why));
	check("date-edges", ok, why);
	ok = 1;
	srand(4242);
	for (int i = 0; i < 200000 && ok; i++) {
		uint64_t t = ((uint64_t)rand() << 31 | (uint64_t)rand()) % 253402300800ull;
		ok = same_as_libc(t, why, sizeof(why));
	}
	check("date-200000-random-seconds", ok, why);
	ok = 1;
	for (uint64_t day = 0; day < 2932897 && ok; day += 1) /* every day to 9999-12-31 */
		ok = same_as_libc(day * 86400 + 43199, why, sizeof(why));
	check("date-every-day", ok, why);

	struct date bad[] = {{2100, 2, 29, 0, 0, 0}, {2023, 4, 31, 0, 0, 0},
			     {2023, 13, 1, 0, 0, 0}, {1969, 12, 31, 23, 59, 59},
			     {2023, 1, 1, 24, 0, 0}, {2023, 1, 0, 0, 0, 0}};
	ok = 1;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		ok &= date_to_unix(&bad[i]) == (uint64_t)-1;
	check("date-invalid-fields", ok, "a date that does not exist got a time");
	struct date leap = {2000, 2, 29, 12, 0, 0};
	check("date-leap-day-2000", date_to_unix(&leap) == 951825600, "2000-02-29 12:00:00");
}

/* Feeds bytes; returns the events (nonzero ones) in out, their number. */
static int feed(struct keymap *k, const unsigned char *b, int n, uint32_t *out)
{
	int m = 0;

	for (int i = 0; i < n; i++) {
		uint32_t ev = keymap_byte(k, b[i]);
		if (ev)
			out[m++] = ev;
	}
	return m;
}

#define EV(ch, key, mods) ((uint32_t)(ch) | (uint32_t)(key) << 8 | (uint32_t)(mods) << 16)

static void keys(const char *name, const unsigned char *b, int n, const uint32_t *want, int nwant)
{
	struct keymap k = {0};
	uint32_t got[32];
	int m = feed(&k, b, n, got);
	char why[200] = "";
	int ok = m == nwant;

	for (int i = 0; ok && i < m; i++)
		ok = got[i] == want[i];
	if (!ok) {
		int at = snprintf(why, sizeof(why), "events");
		for (int i = 0; i < m && at < (int)sizeof(why) - 12; i++)
			at += snprintf(why + at, sizeof(why) - at, " %08x", got[i]);
	}
	check(name, ok, why);
}

#define KEYS(name, bytes, ...)                                                                     \
	do {                                                                                       \
		static const unsigned char b_[] = bytes;                                           \
		static const uint32_t w_[] = {__VA_ARGS__};                                        \
		keys(name, b_, sizeof(b_), w_, sizeof(w_) / sizeof(w_[0]));                        \
	} while (0)
#define B(...)                                                                                     \
	{                                                                                          \
		__VA_ARGS__                                                                        \
	}

static void test_keymap(void)
{
	KEYS("key-a-press-release", B(0x1e, 0x9e), EV('a', 0x1e, 0), EV(0, 0x1e, 0) | KEY_RELEASE);
	KEYS("key-shift", B(0x2a, 0x1e, 0x03, 0xaa, 0x1e), EV(0, 0x2a, MOD_SHIFT),
	     EV('A', 0x1e, MOD_SHIFT), EV('@', 0x03, MOD_SHIFT), EV(0, 0x2a, 0) | KEY_RELEASE,
	     EV('a', 0x1e, 0));
	KEYS("key-caps-lock-letters-only", B(0x3a, 0xba, 0x1e, 0x02, 0x36, 0x1e),
	     EV(0, 0x3a, MOD_CAPS), EV(0, 0x3a, MOD_CAPS) | KEY_RELEASE, EV('A', 0x1e, MOD_CAPS),
	     EV('1', 0x02, MOD_CAPS), EV(0, 0x36, MOD_CAPS | MOD_SHIFT),
	     EV('a', 0x1e, MOD_CAPS | MOD_SHIFT));
	KEYS("key-ctrl-u", B(0x1d, 0x16), EV(0, 0x1d, MOD_CTRL), EV(0x15, 0x16, MOD_CTRL));
	KEYS("key-right-ctrl-alt", B(0xe0, 0x1d, 0xe0, 0x38, 0x2e), EV(0, 0x9d, MOD_CTRL),
	     EV(0, 0xb8, MOD_CTRL | MOD_ALT), EV(3, 0x2e, MOD_CTRL | MOD_ALT));
	KEYS("key-arrows-e0", B(0xe0, 0x48, 0xe0, 0xc8, 0xe0, 0x50), EV(0, 0xc8, 0),
	     EV(0, 0xc8, 0) | KEY_RELEASE, EV(0, 0xd0, 0));
	KEYS("key-keypad-enter-slash", B(0xe0, 0x1c, 0xe0, 0x35, 0x1c), EV('\n', 0x9c, 0),
	     EV('/', 0xb5, 0), EV('\n', 0x1c, 0));
	KEYS("key-print-screen-fake-shift", B(0xe0, 0x2a, 0xe0, 0x37, 0x1e), EV(0, 0xb7, 0),
	     EV('a', 0x1e, 0));
	KEYS("key-pause-sequence", B(0xe1, 0x1d, 0x45, 0xe1, 0x9d, 0xc5, 0x10), EV('q', 0x10, 0));
	KEYS("key-symbols",
	     B(0x0c, 0x0d, 0x1a, 0x1b, 0x27, 0x28, 0x29, 0x2b, 0x33, 0x34, 0x35, 0x39, 0x0e, 0x0f,
	       0x01),
	     EV('-', 0x0c, 0), EV('=', 0x0d, 0), EV('[', 0x1a, 0), EV(']', 0x1b, 0),
	     EV(';', 0x27, 0), EV('\'', 0x28, 0), EV('`', 0x29, 0), EV('\\', 0x2b, 0),
	     EV(',', 0x33, 0), EV('.', 0x34, 0), EV('/', 0x35, 0), EV(' ', 0x39, 0), EV(8, 0x0e, 0),
	     EV('\t', 0x0f, 0), EV(27, 0x01, 0));
	KEYS("key-error-code-ignored", B(0x00, 0x1e), EV('a', 0x1e, 0));
}

int main(void)
{
	test_date();
	test_keymap();
	return failed != 0;
}
