/*
 * Dates of the proleptic Gregorian calendar and seconds since the Unix
 * epoch (1970-01-01 00:00:00 UTC), both ways, for years 1970-9999: what a
 * real-time clock's fields and a wall-clock service's seconds need.
 */
#ifndef LIB_DATE_H
#define LIB_DATE_H

#include <stddef.h>
#include <stdint.h>

struct date {
	uint32_t year, month, day; /* month 1-12, day 1-31 */
	uint32_t hour, min, sec;
};

/* Seconds since the epoch; fields out of range give (uint64_t)-1. */
uint64_t date_to_unix(const struct date *d);
void date_from_unix(uint64_t t, struct date *d);
/* "YYYY-MM-DD HH:MM:SS" (19 characters) into buf; returns what snprintf would. */
int date_format(char *buf, size_t size, uint64_t t);

#endif
