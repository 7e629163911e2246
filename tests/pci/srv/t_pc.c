/*
 * t_pc: the PC server in the hosted runtime, over fakeios: which standard
 * devices got drivers (as the test's main.cfg says), and that the serial
 * driver is reachable through the machine service.
 */
#include <bss/server.h>
#include <svc/debug.h>
#include <svc/exec.h>
#include <svc/machine.h>
#include <svc/pcibus.h>

struct tpc {
	unsigned failed;
};

BSS_SERVER(EXEC, struct tpc, tpc, BSS_REQUIRES(MACHINE_SVC_ID));

static void check(struct tpc *t, const char *name, bool ok, const char *why)
{
	if (ok) {
		bss_printf("PASS: %s\n", name);
	} else {
		t->failed++;
		bss_printf("FAIL: %s: %s\n", name, why);
	}
}

static bss_ref_t device(const char *name)
{
	volatile bss_ref_t h = 0;
	struct bss_try t;

	BSS_TRY(t) {
		h = machine_device(BSS_REQ(0), name, (uint32_t)strlen(name));
	} BSS_CATCH(t) {
		h = 0;
	}
	return h;
}

uint32_t tpc_main(struct tpc *t)
{
	bss_ref_t com1 = device("com1"), pci = device("pci");

	check(t, "pc-com1-driver", com1 != 0, "no driver for com1");
	if (com1)
		debug_write(com1, "hello\n", 6);
	check(t, "pc-pci-driver", pci != 0 && pcibus_count(pci) == 0, "no (empty) PCI bus");
	check(t, "pc-pit-unconfigured", device("pit") == 0, "pit has a driver");
	return t->failed;
}
