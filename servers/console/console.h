/*
 * The console server (docs/pc-hardware.md): the log on the screen, a status
 * line with the wall-clock time, and a command line typed on the keyboard or
 * the serial port. Shared by its files: console.c (devices, stacks,
 * threads), view.c (the screen), input.c (line editing), cmd.c and
 * netcmd.c (the commands).
 */
#ifndef SERVERS_CONSOLE_CONSOLE_H
#define SERVERS_CONSOLE_CONSOLE_H

#include <bss/server.h>

#define REQ_MACHINE BSS_REQ(0)
#define REQ_LOG BSS_REQ(1)
#define REQ_SYSINFO BSS_REQ(2)
#define REQ_THREAD BSS_REQ(3)
#define REQ_TIMER BSS_REQ(4)
#define REQ_MEMINFO BSS_REQ(5)

#define MAX_STACKS 4
#define LINE_MAX 72 /* the input row holds the prompt and this much */
#define HISTORY 8
#define INQ 128
#define PROMPT "bss> "

/* Keys of keyboard events (services/keyboard.svc) the line editor knows. */
#define KEY_UP 0xc8
#define KEY_DOWN 0xd0

enum source { SRC_KBD, SRC_SERIAL };

struct stack {
	char name[16];
	bss_ref_t q;   /* permanent: the stack's query */
	uint32_t addr; /* its IPv4 address */
};

struct console {
	/* devices from the machine server: permanent references, or 0 */
	bss_ref_t screen, kbd, serial, clock;
	uint32_t cols, rows;
	uint64_t start_ns;

	/* the log window (view.c) */
	uint64_t log_pos;
	uint32_t view_gen; /* bumped when a new screen starts over */
	bool bol;	   /* the next byte starts a line */
	bool written;	   /* something is in the window: a line starts with '\n' */
	bool skip_to_nl;   /* after a replay from the middle of a line */
	uint8_t log_attr;

	/* typed input (input.c): events from the reader threads, then the line */
	uint32_t inq[INQ];
	uint32_t in_head, in_tail;
	char line[LINE_MAX + 1];
	uint32_t len;
	char hist[HISTORY][LINE_MAX + 1];
	uint32_t nhist, hist_at;
	bool from_serial;	    /* the line was typed on the serial port: echo it there */
	char pending[LINE_MAX + 1]; /* the command exec runs */
	bss_ref_t exec;		    /* permanent: our local server that runs a command */
	uint8_t esc;		    /* where in an escape sequence from the serial port */

	struct stack st[MAX_STACKS];
	unsigned nstacks;
};

/* view.c */
void view_start(struct console *c);
void view_log(struct console *c, const char *text, uint32_t n);
void view_status(struct console *c);
void view_input(struct console *c);
void view_clear(struct console *c);
/* Clears the log window and skips the log written so far (clear, Ctrl-L). */
void view_clear_all(struct console *c);

/* input.c */
void input_push(struct console *c, enum source src, uint32_t ch, uint32_t key);
void input_loop(struct console *c);

/* cmd.c */
void cmd_run(struct console *c, char *line);
/* Shows text (lines) through the log, one bss_printf per line, indented by ind. */
void cmd_print_lines(const char *text, uint32_t n, const char *ind);
/* "NAME#ID" of the server r names (sysinfo), or "?" */
void cmd_describe(bss_ref_t r, char *buf, uint32_t size);

/* netcmd.c */
void cmd_net(struct console *c, int argc, char **argv);
void cmd_ping(struct console *c, int argc, char **argv);
/* The stack whose NIC driver r is, or NULL. */
const struct stack *net_stack_of_driver(struct console *c, bss_ref_t r);

/* console.c */
/* Replaces the console's reference to device NAME by the machine's (after a reload). */
void console_device_changed(struct console *c, const char *name);

#endif
