/*
 * Calendar arithmetic: whole years from 1970, then months of the year.
 * A year is a leap year if divisible by 4, except centuries not divisible
 * by 400.
 */
#include "date.h"
#include "fmt.h"

#define DAY 86400u

static const uint16_t before_month[12] = {0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334};

static int leap(uint32_t y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

/* Days from 1970-01-01 to January 1 of year y (y >= 1970). */
static uint64_t days_before_year(uint32_t y)
{
	/* leap years in [1970, y): multiples of 4 from 1972, minus centuries, plus 400s */
	uint64_t leaps = (y - 1969) / 4 - (y - 1901) / 100 + (y - 1601) / 400;

	return 365ull * (y - 1970) + leaps;
}

static uint32_t month_days(uint32_t y, uint32_t m)
{
	static const uint8_t n[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

	return n[m - 1] + (m == 2 && leap(y));
}

uint64_t date_to_unix(const struct date *d)
{
	if (d->year < 1970 || d->year > 9999 || d->month < 1 || d->month > 12 || d->day < 1 ||
	    d->day > month_days(d->year, d->month) || d->hour > 23 || d->min > 59 || d->sec > 59)
		return (uint64_t)-1;
	uint64_t days = days_before_year(d->year) + before_month[d->month - 1] + d->day - 1 +
			(d->month > 2 && leap(d->year));
	return days * DAY + d->hour * 3600u + d->min * 60u + d->sec;
}

void date_from_unix(uint64_t t, struct date *d)
{
	uint64_t days = t / DAY;
	uint32_t s = (uint32_t)(t % DAY);
	uint32_t y = 1970 + (uint32_t)(days / 366); /* never past the answer */

	while (days_before_year(y + 1) <= days)
		y++;
	uint32_t yday = (uint32_t)(days - days_before_year(y)), m = 1;
	while (yday >= month_days(y, m))
		yday -= month_days(y, m++);
	d->year = y;
	d->month = m;
	d->day = yday + 1;
	d->hour = s / 3600;
	d->min = s / 60 % 60;
	d->sec = s % 60;
}

int date_format(char *buf, size_t size, uint64_t t)
{
	struct date d;

	date_from_unix(t, &d);
	return fmt_snprintf(buf, size, "%04u-%02u-%02u %02u:%02u:%02u", d.year, d.month, d.day,
			    d.hour, d.min, d.sec);
}
