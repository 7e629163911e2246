/*
 * The command line: the reader threads queue what was typed (input_push),
 * one thread edits the line and runs commands (input_loop), so a command
 * that takes a while (ping) holds up typing, not the log. A line typed on
 * the serial port is echoed there too (a terminal shows nothing by itself);
 * at Enter the echo is erased, and the log shows the command like any line.
 */
#include "console.h"

#include <svc/chardev.h>
#include <svc/runnable.h>

#define ESC 0x1b
#define CTRL(x) ((x)&0x1f)

static uint64_t input_key(struct console *c)
{
	return (uint64_t)(uintptr_t)c->inq;
}

void input_push(struct console *c, enum source src, uint32_t ch, uint32_t key)
{
	if (c->in_head - c->in_tail < INQ)
		c->inq[c->in_head++ % INQ] = (ch & 0xff) | (key & 0xff) << 8 | (uint32_t)src << 16;
	bss_wake(input_key(c), 0);
}

/* The line as typed so far, on the serial port ("\033[K": erase to the line's end). */
static void serial_echo(struct console *c, bool with_line)
{
	char buf[16 + LINE_MAX];
	int k = bss_snprintf(buf, sizeof(buf), "\r\033[K");

	if (with_line)
		k += bss_snprintf(buf + k, sizeof(buf) - (size_t)k, "%s%s", PROMPT, c->line);
	if (c->serial)
		chardev_write(c->serial, buf, (uint32_t)k);
}

static void set_line(struct console *c, const char *text)
{
	c->len = (uint32_t)strlen(text);
	memcpy(c->line, text, c->len + 1);
}

static void history(struct console *c, bool up)
{
	if (up && c->hist_at > 0)
		set_line(c, c->hist[--c->hist_at]);
	else if (!up && c->hist_at + 1 < c->nhist)
		set_line(c, c->hist[++c->hist_at]);
	else if (!up && c->hist_at < c->nhist) {
		c->hist_at = c->nhist;
		set_line(c, "");
	}
}

static void remember(struct console *c, const char *line)
{
	if (c->nhist == HISTORY) {
		memmove(c->hist[0], c->hist[1], sizeof(c->hist[0]) * (HISTORY - 1));
		c->nhist--;
	}
	memcpy(c->hist[c->nhist++], line, LINE_MAX + 1);
	c->hist_at = c->nhist;
}

static void enter(struct console *c)
{
	char line[LINE_MAX + 1];

	memcpy(line, c->line, sizeof(line));
	c->len = 0;
	c->line[0] = 0;
	view_input(c);
	if (c->from_serial)
		serial_echo(c, false);
	if (!line[0])
		return;
	remember(c, line);
	bss_printf(PROMPT "%s\n", line);
	memcpy(c->pending, line, sizeof(line));
	/*
	 * Through a service call, so that the references a command obtains
	 * are given back when it ends: this thread's own function never does.
	 */
	runnable_run(c->exec);
}

/* An escape sequence from a terminal: the arrows up and down (ESC [ A, ESC [ B). */
static bool escape(struct console *c, uint32_t *ch, uint32_t *key)
{
	if (c->esc == 1) {
		c->esc = *ch == '[' || *ch == 'O' ? 2 : 0;
		return true;
	}
	if (c->esc == 2) {
		c->esc = 0;
		if (*ch != 'A' && *ch != 'B')
			return true;
		*key = *ch == 'A' ? KEY_UP : KEY_DOWN;
		*ch = 0;
		return false;
	}
	if (*ch == ESC) {
		c->esc = 1;
		return true;
	}
	return false;
}

static void edit(struct console *c, uint32_t item)
{
	uint32_t ch = item & 0xff, key = item >> 8 & 0xff;
	enum source src = (enum source)(item >> 16);

	if (src == SRC_SERIAL && escape(c, &ch, &key))
		return;
	c->from_serial = src == SRC_SERIAL;
	if (!ch && (key == KEY_UP || key == KEY_DOWN)) {
		history(c, key == KEY_UP);
	} else if (ch == '\r' || ch == '\n') {
		enter(c);
		return;
	} else if (ch == '\b' || ch == 0x7f) {
		if (c->len)
			c->line[--c->len] = 0;
	} else if (ch == CTRL('U') || ch == CTRL('C')) {
		c->len = 0;
		c->line[0] = 0;
	} else if (ch == CTRL('L')) {
		if (c->screen)
			view_clear_all(c);
	} else if (ch >= 0x20 && ch < 0x7f && c->len < LINE_MAX) {
		c->line[c->len++] = (char)ch;
		c->line[c->len] = 0;
	} else {
		return;
	}
	view_input(c);
	if (c->from_serial)
		serial_echo(c, true);
}

void input_loop(struct console *c)
{
	for (;;) {
		while (c->in_head == c->in_tail)
			bss_wait(input_key(c));
		edit(c, c->inq[c->in_tail++ % INQ]);
	}
}
