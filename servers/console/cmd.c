/*
 * The console's commands about the system: what runs (servers, threads,
 * status), the drivers and reloading one, the date. Output goes to the log,
 * so the screen and the serial port both show it, one line per call.
 */
#include "console.h"
#include "common/date.h"

#include <svc/log.h>
#include <svc/machine.h>
#include <svc/meminfo.h>
#include <svc/pcibus.h>
#include <svc/pcidev.h>
#include <svc/sysinfo.h>
#include <svc/timer.h>
#include <svc/wallclock.h>

#define MAX_ARGS 8
#define TEXT 4096

struct cmd {
	const char *name, *args, *help;
	void (*fn)(struct console *c, int argc, char **argv);
};

static const struct cmd commands[];

void cmd_print_lines(const char *text, uint32_t n, const char *ind)
{
	uint32_t i = 0;

	while (i < n) {
		uint32_t e = i;
		while (e < n && text[e] != '\n')
			e++;
		bss_printf("%s%.*s\n", ind, (int)(e - i), text + i);
		i = e + 1;
	}
}

static uint32_t count_lines(const char *text, uint32_t n)
{
	uint32_t k = 0;

	for (uint32_t i = 0; i < n; i++)
		k += text[i] == '\n';
	return k;
}

void cmd_describe(bss_ref_t r, char *buf, uint32_t size)
{
	uint32_t n = sysinfo_describe(REQ_SYSINFO, r, buf, size - 1);

	buf[n] = 0;
	if (!n)
		bss_snprintf(buf, size, "?");
}

static void help(struct console *c, int argc, char **argv)
{
	(void)c, (void)argc, (void)argv;
	for (const struct cmd *k = commands; k->name; k++)
		bss_printf("  %-8s %-14s %s\n", k->name, k->args, k->help);
}

static void date(struct console *c, int argc, char **argv)
{
	(void)argc, (void)argv;
	char t[32];

	if (!c->clock) {
		bss_printf("date: no clock (the PC server has no rtc driver)\n");
		return;
	}
	uint64_t now = wallclock_now(c->clock);
	date_format(t, sizeof(t), now);
	bss_printf("date: %s UTC (unix %lu)\n", t, (unsigned long)now);
}

static void status(struct console *c, int argc, char **argv)
{
	char text[TEXT];
	uint64_t up = (timer_now_ns(REQ_TIMER) - c->start_ns) / 1000000000u;

	date(c, argc, argv);
	bss_printf("uptime: %lu s (console started)\n", (unsigned long)up);
	bss_printf("memory: %lu KiB in use by the core\n",
		   (unsigned long)(meminfo_in_use(REQ_MEMINFO) / 1024));
	uint32_t s = count_lines(text, sysinfo_servers(REQ_SYSINFO, text, sizeof(text)));
	uint32_t t = count_lines(text, sysinfo_threads(REQ_SYSINFO, text, sizeof(text)));
	bss_printf("servers: %u loaded, threads: %u\n", s, t);
	for (unsigned i = 0; i < c->nstacks; i++) {
		uint32_t a = c->st[i].addr;
		bss_printf("stack %s: %u.%u.%u.%u\n", c->st[i].name, a >> 24, a >> 16 & 0xff,
			   a >> 8 & 0xff, a & 0xff);
	}
}

static void servers(struct console *c, int argc, char **argv)
{
	(void)c, (void)argc, (void)argv;
	char text[TEXT];

	cmd_print_lines(text, sysinfo_servers(REQ_SYSINFO, text, sizeof(text)), "  ");
}

static void threads(struct console *c, int argc, char **argv)
{
	(void)c, (void)argc, (void)argv;
	char text[TEXT];

	cmd_print_lines(text, sysinfo_threads(REQ_SYSINFO, text, sizeof(text)), "  ");
}

static bss_ref_t try_device(const char *name)
{
	volatile bss_ref_t h = 0;
	struct bss_try t;

	BSS_TRY(t)
	{
		h = machine_device(REQ_MACHINE, name, (uint32_t)strlen(name));
	}
	BSS_CATCH(t)
	{
		h = 0;
	}
	return h;
}

static bss_ref_t try_pci_driver(bss_ref_t bus, uint32_t i)
{
	volatile bss_ref_t h = 0;
	struct bss_try t;

	BSS_TRY(t)
	{
		h = pcibus_driver(bus, i);
	}
	BSS_CATCH(t)
	{
		h = 0;
	}
	return h;
}

/* "bb:dd.f" of PCI function i */
static void location(bss_ref_t bus, uint32_t i, char *buf, size_t n)
{
	uint32_t loc = pcidev_location(pcibus_dev(bus, i));

	bss_snprintf(buf, n, "%02x:%02x.%x", loc >> 8, loc >> 3 & 0x1f, loc & 7);
}

static void drivers(struct console *c, int argc, char **argv)
{
	(void)argc, (void)argv;
	char text[1024], name[48];
	uint32_t n = machine_list(REQ_MACHINE, text, sizeof(text));

	bss_printf("PC devices (name, resources, state, driver):\n");
	for (uint32_t i = 0; i < n;) {
		uint32_t e = i;
		while (e < n && text[e] != '\n')
			e++;
		char dev[16];
		uint32_t k = 0;
		while (i + k < e && text[i + k] != ' ' && k < sizeof(dev) - 1)
			dev[k] = text[i + k], k++;
		dev[k] = 0;
		bss_ref_t d = try_device(dev);
		if (d)
			cmd_describe(d, name, sizeof(name));
		bss_printf("  %.*s%s%s\n", (int)(e - i), text + i, d ? " " : "", d ? name : "");
		i = e + 1;
	}
	bss_ref_t bus = try_device("pci");
	if (!bus)
		return;
	bss_printf("PCI functions with a driver:\n");
	for (uint32_t i = 0; i < pcibus_count(bus); i++) {
		bss_ref_t d = try_pci_driver(bus, i);
		if (!d)
			continue;
		char loc[16];
		uint64_t ids = pcidev_ids(pcibus_dev(bus, i));
		const struct stack *s = net_stack_of_driver(c, d);
		location(bus, i, loc, sizeof(loc));
		cmd_describe(d, name, sizeof(name));
		bss_printf("  %s %04x:%04x %s%s%s\n", loc, (unsigned)(ids & 0xffff),
			   (unsigned)(ids >> 16 & 0xffff), name, s ? ", NIC of stack " : "",
			   s ? s->name : "");
	}
}

static bool pc_device_name(const char *name)
{
	static const char *const names[] = {"kbd", "vga", "com1", "rtc", "pit", "pci"};

	for (unsigned i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (!strcmp(name, names[i]))
			return true;
	return false;
}

/*
 * A PCI function by location or by the stack whose NIC it is: the bus
 * server restarts its driver (docs/recovery.md); a stack on it re-attaches.
 */
static bool reload_pci(struct console *c, const char *what)
{
	bss_ref_t bus = try_device("pci");
	char loc[16], name[48], after[48];
	struct bss_try t;

	for (uint32_t i = 0; bus && i < pcibus_count(bus); i++) {
		bss_ref_t d = try_pci_driver(bus, i);
		const struct stack *s = d ? net_stack_of_driver(c, d) : NULL;
		location(bus, i, loc, sizeof(loc));
		if (strcmp(what, loc) && !(s && !strcmp(what, s->name)))
			continue;
		if (!d) {
			bss_printf("reload: PCI %s has no driver\n", loc);
			return true;
		}
		cmd_describe(d, name, sizeof(name));
		BSS_TRY(t)
		{
			pcibus_restart(bus, i);
			cmd_describe(try_pci_driver(bus, i), after, sizeof(after));
			bss_printf("reload: PCI %s: %s -> %s\n", loc, name, after);
		}
		BSS_CATCH(t)
		{
			bss_printf("reload: PCI %s: %s\n", loc, t.err.msg);
		}
		return true;
	}
	return false;
}

static void reload(struct console *c, int argc, char **argv)
{
	char before[48], after[48];
	struct bss_try t;

	if (argc != 2) {
		bss_printf("reload: usage: reload kbd|vga|com1|rtc|STACK|bb:dd.f\n");
		return;
	}
	const char *dev = argv[1];
	if (!pc_device_name(dev)) {
		if (!reload_pci(c, dev))
			bss_printf("reload: %s: no such device (see drivers)\n", dev);
		return;
	}
	bss_ref_t old = try_device(dev);
	if (old)
		cmd_describe(old, before, sizeof(before));
	else
		bss_snprintf(before, sizeof(before), "none");
	BSS_TRY(t)
	{
		cmd_describe(machine_reload(REQ_MACHINE, dev, (uint32_t)strlen(dev)), after,
			     sizeof(after));
		console_device_changed(c, dev);
		bss_printf("reload: %s: %s -> %s\n", dev, before, after);
	}
	BSS_CATCH(t)
	{
		bss_printf("reload: %s: %s\n", dev, t.err.msg);
	}
}

static void clear(struct console *c, int argc, char **argv)
{
	(void)argc, (void)argv;
	if (c->screen)
		view_clear_all(c);
}

static const struct cmd commands[] = {
	{"help", "", "this list", help},
	{"status", "", "date, uptime, memory, counts, stacks", status},
	{"servers", "", "the servers loaded from files", servers},
	{"threads", "", "every thread and where it is", threads},
	{"drivers", "", "PC devices and PCI functions, their drivers", drivers},
	{"reload", "DEVICE", "a new instance of a device's driver", reload},
	{"net", "[STACK]", "addresses, link and counters of the stacks", cmd_net},
	{"ping", "ADDR [COUNT]", "ICMP echo from a stack", cmd_ping},
	{"date", "", "the wall-clock time (RTC)", date},
	{"clear", "", "clear the log window (also Ctrl-L)", clear},
	{NULL, NULL, NULL, NULL},
};

/* An error in a command ends the command, not the console. */
static void run(struct console *c, const struct cmd *k, int argc, char **argv)
{
	struct bss_try t;

	BSS_TRY(t)
	{
		k->fn(c, argc, argv);
	}
	BSS_CATCH(t)
	{
		bss_printf("%s: failed: %s\n", argv[0], t.err.msg);
	}
}

void cmd_run(struct console *c, char *line)
{
	char *argv[MAX_ARGS];
	int argc = 0;

	for (char *p = line; *p && argc < MAX_ARGS;) {
		while (*p == ' ')
			*p++ = 0;
		if (!*p)
			break;
		argv[argc++] = p;
		while (*p && *p != ' ')
			p++;
	}
	if (!argc)
		return;
	for (const struct cmd *k = commands; k->name; k++)
		if (!strcmp(argv[0], k->name)) {
			run(c, k, argc, argv);
			return;
		}
	bss_printf("%s: unknown command (help lists them)\n", argv[0]);
}
