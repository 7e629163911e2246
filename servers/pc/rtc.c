/*
 * rtc: the PC's real-time clock (an MC146818 in the CMOS, ports 0x70
 * index / 0x71 data) as the wall-clock service. The clock is taken to run
 * in UTC, as QEMU's does by default and Linux keeps it. Its fields change
 * once a second; a read that straddles the update is retried.
 */
#include <bss/server.h>
#include <svc/ioport.h>
#include <svc/pcdev.h>
#include <svc/wallclock.h>
#include "common/date.h"

#define PCDEV BSS_REQ(0)
#define INDEX 0
#define DATA 1
#define NMI_OFF 0x80 /* bit 7 of the index disables NMIs: kept clear */
#define R_SEC 0x00
#define R_MIN 0x02
#define R_HOUR 0x04
#define R_DAY 0x07
#define R_MONTH 0x08
#define R_YEAR 0x09
#define R_A 0x0a
#define R_B 0x0b
#define R_CENTURY 0x32 /* where the PC's CMOS keeps the century */
#define A_UPDATING 0x80
#define B_24H 0x02
#define B_BINARY 0x04
#define HOUR_PM 0x80

struct rtc {
	bss_ref_t ports; /* permanent */
};

static void rtc_init(struct rtc *r);

BSS_SERVER(WALLCLOCK, struct rtc, rtc, .ctor = BSS_CTOR(rtc_init), BSS_REQUIRES(PCDEV_SVC_ID));

static void rtc_init(struct rtc *r)
{
	r->ports = bss_keep(pcdev_ports(PCDEV));
}

static uint32_t reg(struct rtc *r, uint32_t n)
{
	ioport_out8(r->ports, INDEX, n & ~(uint32_t)NMI_OFF);
	return ioport_in8(r->ports, DATA);
}

struct raw {
	uint32_t sec, min, hour, day, month, year, century;
};

static void read_raw(struct rtc *r, struct raw *x)
{
	/* an update takes under 2 ms once the flag is up; the loop is bounded anyway */
	for (unsigned i = 0; i < 100000 && (reg(r, R_A) & A_UPDATING); i++)
		;
	x->sec = reg(r, R_SEC);
	x->min = reg(r, R_MIN);
	x->hour = reg(r, R_HOUR);
	x->day = reg(r, R_DAY);
	x->month = reg(r, R_MONTH);
	x->year = reg(r, R_YEAR);
	x->century = reg(r, R_CENTURY);
}

static uint32_t bcd(uint32_t v)
{
	return (v >> 4) * 10 + (v & 0x0f);
}

uint64_t rtc_now(struct rtc *r)
{
	struct raw a, b;
	unsigned tries = 0;

	read_raw(r, &b);
	do {
		a = b;
		read_raw(r, &b);
	} while (memcmp(&a, &b, sizeof(a)) && ++tries < 10);
	uint32_t fmt = reg(r, R_B);
	bool pm = (a.hour & HOUR_PM) != 0;
	a.hour &= ~(uint32_t)HOUR_PM;
	if (!(fmt & B_BINARY)) {
		a.sec = bcd(a.sec), a.min = bcd(a.min), a.hour = bcd(a.hour);
		a.day = bcd(a.day), a.month = bcd(a.month), a.year = bcd(a.year);
		a.century = bcd(a.century);
	}
	if (!(fmt & B_24H))
		a.hour = a.hour % 12 + (pm ? 12 : 0); /* 12 AM is 0, 12 PM is 12 */
	if (a.century < 19 || a.century > 99)
		a.century = 20; /* no century register: this one */
	struct date d = {a.century * 100 + a.year, a.month, a.day, a.hour, a.min, a.sec};
	uint64_t t = date_to_unix(&d);
	if (t == (uint64_t)-1) {
		char msg[100];
		bss_snprintf(msg, sizeof(msg),
			     "rtc: the clock holds no valid date (%u-%u-%u %u:%u:%u)", d.year,
			     d.month, d.day, d.hour, d.min, d.sec);
		bss_throw(BSS_E_INVAL, EIO, msg);
	}
	return t;
}
