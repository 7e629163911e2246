/*
 * t_pc: the PC server in the hosted runtime, over fakeios: which standard
 * devices got drivers (as the test's main.cfg says), what machine.list
 * says about each, that the serial driver is reachable through the machine
 * service, and what reload does and refuses.
 */
#include <bss/server.h>
#include <svc/chardev.h>
#include <svc/exec.h>
#include <svc/machine.h>
#include <svc/pcibus.h>
#include "tests/harness/tcheck.h"

#define MACHINE BSS_REQ(0)

struct tpc {
	unsigned failed;
};

BSS_SERVER(EXEC, struct tpc, tpc, BSS_REQUIRES(MACHINE_SVC_ID));

static bss_ref_t device(const char *name)
{
	volatile bss_ref_t h = 0;
	struct bss_try t;

	BSS_TRY(t)
	{
		h = machine_device(MACHINE, name, (uint32_t)strlen(name));
	}
	BSS_CATCH(t)
	{
		h = 0;
	}
	return h;
}

/* reload(name): the new driver, or 0 with the error's message in why. */
static bss_ref_t reload(const char *name, char *why, size_t n)
{
	volatile bss_ref_t h = 0;
	struct bss_try t;

	BSS_TRY(t)
	{
		h = machine_reload(MACHINE, name, (uint32_t)strlen(name));
	}
	BSS_CATCH(t)
	{
		h = 0;
		bss_snprintf(why, n, "%s", t.err.msg);
	}
	return h;
}

uint32_t tpc_main(struct tpc *t)
{
	bss_ref_t com1 = device("com1"), pci = device("pci");
	char list[512], why[160] = "";
	uint32_t n = machine_list(MACHINE, list, sizeof(list) - 1);

	list[n] = 0;
	char flat[512]; /* the list on one line, for messages */
	for (uint32_t i = 0; i <= n; i++)
		flat[i] = list[i] == '\n' ? ';' : list[i];
	tcheck(&t->failed, "pc-com1-driver", com1 != 0, "com1");
	if (com1)
		chardev_write(com1, "hello\n", 6);
	tcheck(&t->failed, "pc-pci-driver", pci != 0 && pcibus_count(pci) == 0, "an empty PCI bus");
	tcheck(&t->failed, "pc-pit-is-the-kernels",
	       device("pit") == 0 && strstr(list, "pit ports 0x40/4 irq 0 kernel\n"), "%s", flat);
	tcheck(&t->failed, "pc-list",
	       strstr(list, "kbd ports 0x60/5 irq 1 absent\n") &&
		       strstr(list, "vga ports 0x3c0/32 mem 0xb8000/32768 absent\n") &&
		       strstr(list, "com1 ports 0x3f8/8 irq 4 driver\n") &&
		       strstr(list, "rtc ports 0x70/2 irq 8 none\n") &&
		       strstr(list, "pci ports 0xcf8/8 driver\n"),
	       "%s", flat);
	bss_ref_t again = reload("com1", why, sizeof(why));
	tcheck(&t->failed, "pc-reload-com1",
	       again && !bss_same(again, com1) && bss_same(again, device("com1")), "%s", why);
	tcheck(&t->failed, "pc-reload-pit-refused",
	       !reload("pit", why, sizeof(why)) &&
		       strstr(why, "the kernel drives that device itself"),
	       "%s", why);
	tcheck(&t->failed, "pc-reload-pci-refused",
	       !reload("pci", why, sizeof(why)) && strstr(why, "a bus is not reloaded"), "%s", why);
	tcheck(&t->failed, "pc-reload-absent-refused",
	       !reload("kbd", why, sizeof(why)) && strstr(why, "absent"), "%s", why);
	return t->failed;
}
