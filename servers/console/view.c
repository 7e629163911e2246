/*
 * The console's screen: a status line on top (time, uptime, stacks), the
 * log in the rows below, coloured by what each line starts with, and the
 * command line at the bottom. Several threads draw; each draws its own
 * part (the log window through write, the two lines through put), so the
 * screen driver's lock is all the coordination they need.
 */
#include "console.h"
#include "common/date.h"

#include <svc/ipv4.h>
#include <svc/log.h>
#include <svc/query.h>
#include <svc/screen.h>
#include <svc/timer.h>
#include <svc/wallclock.h>

#define ATTR_STATUS 0x1f /* white on blue */
#define ATTR_PROMPT 0x0e /* yellow */
#define ATTR_INPUT 0x0f	 /* white */
#define ATTR_LOG 0x07	 /* grey */
#define REPLAY 4096	 /* bytes of the log a new screen starts from */
#define MAX_COLS 132

static const struct {
	const char *prefix;
	uint8_t attr;
} colours[] = {
	{PROMPT, 0x0e},	    {"FAIL", 0x0c},	 {"KERNEL PANIC", 0x0c}, {"bss: ", 0x0c},
	{"PASS", 0x0a},	    {"BOOT: ", 0x08},	 {"PC: ", 0x03},	 {"PCI: ", 0x03},
	{"config: ", 0x03}, {"netboot: ", 0x02}, {"console: ", 0x0b},	 {"  ", 0x0f},
};

static uint8_t colour_of(const char *text, uint32_t n)
{
	char l[MAX_COLS + 1];
	uint32_t k = n < MAX_COLS ? n : MAX_COLS;

	memcpy(l, text, k);
	l[k] = 0;
	for (unsigned i = 0; i < sizeof(colours) / sizeof(colours[0]); i++)
		if (!strncmp(l, colours[i].prefix, strlen(colours[i].prefix)))
			return colours[i].attr;
	if (strstr(l, "failed") || strstr(l, "error"))
		return 0x0c;
	return ATTR_LOG;
}

/* Writes text as characters the screen shows: control bytes become '?'. */
static void write_clean(struct console *c, const char *text, uint32_t n)
{
	char buf[256];
	uint32_t k = 0;

	for (uint32_t i = 0; i < n; i++) {
		char ch = text[i];
		if (ch == '\r')
			continue;
		buf[k++] = (ch >= 0x20 && ch < 0x7f) || ch == '\t' ? ch : '?';
		if (k == sizeof(buf)) {
			screen_write(c->screen, buf, k);
			k = 0;
		}
	}
	if (k)
		screen_write(c->screen, buf, k);
}

void view_log(struct console *c, const char *text, uint32_t n)
{
	uint32_t i = 0;

	while (i < n && c->screen) {
		uint32_t e = i;
		while (e < n && text[e] != '\n')
			e++;
		if (c->skip_to_nl) {
			c->skip_to_nl = e == n;
			i = e + 1;
			continue;
		}
		if (c->bol) {
			uint8_t attr = colour_of(text + i, e - i);
			if (attr != c->log_attr) {
				screen_colour(c->screen, attr);
				c->log_attr = attr;
			}
			if (c->written)
				screen_write(c->screen, "\n", 1);
			c->bol = false;
			c->written = true;
		}
		write_clean(c, text + i, e - i);
		if (e < n)
			c->bol = true;
		i = e + 1;
	}
}

void view_clear_all(struct console *c)
{
	/* what the log thread has not drawn yet (the command's own line) goes too */
	c->view_gen++;
	c->log_pos = log_end(REQ_LOG);
	c->skip_to_nl = false;
	view_clear(c);
}

void view_clear(struct console *c)
{
	screen_colour(c->screen, ATTR_LOG);
	c->log_attr = ATTR_LOG;
	screen_clear(c->screen);
	c->written = false;
	c->bol = true;
}

/* The last lines of the log that fit the window, drawn at once. */
static void replay(struct console *c)
{
	char buf[REPLAY];
	uint64_t end = log_end(REQ_LOG), from = end > REPLAY ? end - REPLAY : 0;
	uint32_t n = 0;

	while (from + n < end) {
		uint64_t r = log_read(REQ_LOG, from + n, buf + n, (uint32_t)(end - from - n));
		from += r >> 32;
		n += (uint32_t)r;
	}
	/* the start of the last rows-2 lines (a line ending the text is not one) */
	uint32_t start = n, lines = 0;
	while (start > 0 && lines < c->rows - 2) {
		start--;
		if (buf[start] == '\n' && start + 1 < n)
			lines++;
	}
	if (lines == c->rows - 2)
		start++; /* begin after the newline found, not on it */
	c->log_pos = from + n;
	/* all of it fits, but it may begin in the middle of a line */
	c->skip_to_nl = lines < c->rows - 2 && from > 0;
	view_log(c, buf + start, n - start);
}

void view_start(struct console *c)
{
	uint32_t size = screen_size(c->screen);

	c->cols = size & 0xffff;
	c->rows = size >> 16;
	if (c->cols > MAX_COLS)
		c->cols = MAX_COLS;
	c->view_gen++;
	screen_colour(c->screen, ATTR_LOG);
	screen_window(c->screen, 0, c->rows);
	screen_clear(c->screen);
	screen_window(c->screen, 1, c->rows - 2);
	view_clear(c);
	view_status(c);
	view_input(c);
	replay(c);
}

static int uptime(char *buf, size_t n, uint64_t ns)
{
	uint64_t s = ns / 1000000000u;

	return bss_snprintf(buf, n, "up %lu:%02lu:%02lu", (unsigned long)(s / 3600),
			    (unsigned long)(s / 60 % 60), (unsigned long)(s % 60));
}

void view_status(struct console *c)
{
	char l[MAX_COLS + 1], t[40];
	volatile uint64_t now = 0;
	struct bss_try tr;
	int k;

	if (c->clock) {
		BSS_TRY(tr)
		{
			now = wallclock_now(c->clock);
		}
		BSS_CATCH(tr)
		{
			now = 0;
		}
	}
	if (now) {
		date_format(t, sizeof(t), now);
		k = bss_snprintf(l, sizeof(l), " BSS  %s UTC  ", t);
	} else {
		k = bss_snprintf(l, sizeof(l), " BSS  (no clock)  ");
	}
	k += uptime(l + k, sizeof(l) - (size_t)k, timer_now_ns(REQ_TIMER) - c->start_ns);
	for (unsigned i = 0; i < c->nstacks && k < (int)sizeof(l); i++) {
		uint32_t a = c->st[i].addr;
		k += bss_snprintf(l + k, sizeof(l) - (size_t)k, "  %s %u.%u.%u.%u", c->st[i].name,
				  a >> 24, a >> 16 & 0xff, a >> 8 & 0xff, a & 0xff);
	}
	if (k < (int)sizeof(l))
		k += bss_snprintf(l + k, sizeof(l) - (size_t)k, "  | help");
	for (; k < (int)c->cols && k < MAX_COLS; k++)
		l[k] = ' ';
	if (c->screen)
		screen_put(c->screen, 0, ATTR_STATUS, l, c->cols);
}

void view_input(struct console *c)
{
	uint32_t plen = (uint32_t)strlen(PROMPT), room = c->cols - plen - 1;
	uint32_t from = c->len > room ? c->len - room : 0, shown = c->len - from;
	uint32_t row = (c->rows - 1) << 16;
	char l[MAX_COLS];

	if (!c->screen)
		return;
	memcpy(l, c->line + from, shown);
	memset(l + shown, ' ', c->cols - plen - shown);
	screen_put(c->screen, row, ATTR_PROMPT, PROMPT, plen);
	screen_put(c->screen, row | plen, ATTR_INPUT, l, c->cols - plen);
	screen_cursor(c->screen, row | (plen + shown));
}
