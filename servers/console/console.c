/*
 * console: the system console (docs/pc-hardware.md). It asks the machine
 * server for the screen, the keyboard, the serial port and the clock the
 * PC server found drivers for, and runs one thread per job: the log onto
 * the screen, the status line's clock, a reader per input device, and the
 * command line. Network stacks make themselves known through attach().
 */
#include "console.h"

#include <svc/chardev.h>
#include <svc/console.h>
#include <svc/ipv4.h>
#include <svc/keyboard.h>
#include <svc/log.h>
#include <svc/machine.h>
#include <svc/meminfo.h>
#include <svc/query.h>
#include <svc/runnable.h>
#include <svc/sysinfo.h>
#include <svc/thread.h>
#include <svc/timer.h>

#define CLOCK_US 500000

static void con_init(struct console *c);

BSS_SERVER(CONSOLE, struct console, con, .ctor = BSS_CTOR(con_init), .stack_size = 32768,
	   BSS_REQUIRES(MACHINE_SVC_ID, LOG_SVC_ID, SYSINFO_SVC_ID, THREAD_SVC_ID, TIMER_SVC_ID,
			MEMINFO_SVC_ID));

/* The driver the machine server has for a device, kept; 0 if none. */
static bss_ref_t device(const char *name)
{
	volatile bss_ref_t h = 0;
	struct bss_try t;

	BSS_TRY(t)
	{
		h = bss_keep(machine_device(REQ_MACHINE, name, (uint32_t)strlen(name)));
	}
	BSS_CATCH(t)
	{
		h = 0;
	}
	return h;
}

/* The log, as it grows, onto the screen. */
void clog_run(struct console *c)
{
	char buf[1024];

	while (c->screen) {
		uint32_t gen = c->view_gen;
		uint64_t pos = c->log_pos;
		uint64_t r = log_read(REQ_LOG, pos, buf, sizeof(buf));
		if (gen != c->view_gen)
			continue; /* a new screen replays from elsewhere */
		uint32_t n = (uint32_t)r;
		c->log_pos = pos + (r >> 32) + n;
		view_log(c, buf, n);
	}
}

BSS_LOCAL_SERVER(log_desc, RUNNABLE, struct console, clog);

void cclk_run(struct console *c)
{
	while (c->screen) {
		view_status(c);
		timer_sleep_us(REQ_TIMER, CLOCK_US);
	}
}

BSS_LOCAL_SERVER(clock_desc, RUNNABLE, struct console, cclk);

/* Key presses into the input queue; a closed keyboard hands over to its successor. */
void ckbd_run(struct console *c)
{
	while (c->kbd) {
		uint32_t ev = keyboard_read(c->kbd);
		if (ev && !(ev & 0x80000000u))
			input_push(c, SRC_KBD, ev & 0xff, ev >> 8 & 0xff);
	}
}

BSS_LOCAL_SERVER(kbd_desc, RUNNABLE, struct console, ckbd);

void cser_run(struct console *c)
{
	char buf[64];
	struct bss_try t;

	BSS_TRY(t)
	{
		while (c->serial) {
			uint32_t n = chardev_read(c->serial, buf, sizeof(buf));
			for (uint32_t i = 0; i < n; i++)
				input_push(c, SRC_SERIAL, (uint8_t)buf[i], 0);
		}
	}
	BSS_CATCH(t)
	{
		bss_printf("console: no command line on the serial port: %s\n", t.err.msg);
	}
}

BSS_LOCAL_SERVER(serial_desc, RUNNABLE, struct console, cser);

void ccmd_run(struct console *c)
{
	input_loop(c);
}

BSS_LOCAL_SERVER(cmd_desc, RUNNABLE, struct console, ccmd);

void cexec_run(struct console *c)
{
	cmd_run(c, c->pending);
}

BSS_LOCAL_SERVER(exec_desc, RUNNABLE, struct console, cexec);

static void start(struct console *c, const struct bss_local_desc *d)
{
	thread_start(REQ_THREAD, bss_local(d, c));
}

static void con_init(struct console *c)
{
	c->start_ns = timer_now_ns(REQ_TIMER);
	c->screen = device("vga");
	c->kbd = device("kbd");
	c->serial = device("com1");
	c->clock = device("rtc");
	bss_printf("console: screen %s, keyboard %s, serial port %s, clock %s\n",
		   c->screen ? "vga" : "none", c->kbd ? "kbd" : "none", c->serial ? "com1" : "none",
		   c->clock ? "rtc" : "none");
	if (c->screen) {
		view_start(c);
		start(c, &log_desc);
		start(c, &clock_desc);
	}
	if (c->kbd)
		start(c, &kbd_desc);
	if (c->serial)
		start(c, &serial_desc);
	c->exec = bss_keep(bss_local(&exec_desc, c));
	start(c, &cmd_desc);
}

void con_attach(struct console *c, const void *name, uint32_t len, bss_ref_t q)
{
	struct bss_try t;

	if (c->nstacks == MAX_STACKS)
		bss_throw(BSS_E_LIMIT, ENOSPC, "console: too many stacks");
	struct stack *s = &c->st[c->nstacks++];
	uint32_t k = len < sizeof(s->name) - 1 ? len : (uint32_t)sizeof(s->name) - 1;

	memcpy(s->name, name, k);
	s->name[k] = 0;
	s->q = bss_keep(q);
	BSS_TRY(t)
	{
		s->addr = ipv4_addr(query_resolve(s->q, IPV4_SVC_ID));
	}
	BSS_CATCH(t)
	{
		s->addr = 0;
	}
	bss_printf("console: stack %s attached\n", s->name);
	if (c->screen)
		view_status(c);
}

void console_device_changed(struct console *c, const char *name)
{
	bss_ref_t h = device(name);

	if (!strcmp(name, "vga")) {
		bss_ref_t old = c->screen;
		c->screen = h;
		if (old)
			bss_release(old);
		if (h)
			view_start(c);
	} else if (!strcmp(name, "kbd")) {
		bss_ref_t old = c->kbd;
		c->kbd = h;
		if (old) {
			keyboard_close(old); /* our reader lets go of it */
			bss_release(old);
		}
	} else if (!strcmp(name, "com1")) {
		bss_ref_t old = c->serial;
		c->serial = h;
		if (old) {
			chardev_close(old);
			bss_release(old);
		}
	} else if (!strcmp(name, "rtc")) {
		if (c->clock)
			bss_release(c->clock);
		c->clock = h;
	} else if (h) {
		bss_release(h);
	}
}
