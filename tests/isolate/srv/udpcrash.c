/*
 * udpcrash: a deliberately faulty network application for
 * tests/isolate/crash.test. It waits for a datagram on UDP port 6666, then
 * writes to the kernel's first page of code: a wild write that, in the
 * kernel's address space, would corrupt the kernel; isolated, it must end
 * this server only, while the peer goes on talking to the system.
 */
#include <bss/server.h>
#include <svc/queue.h>
#include <svc/runnable.h>
#include <svc/udp.h>
#include <svc/udpsock.h>

#define UDP BSS_REQ(0)
#define CRASH_PORT 6666
#define KERNEL_TEXT 0x100000 /* where the bare-metal kernel is linked */

struct uc {
	int unused;
};

BSS_SERVER(RUNNABLE, struct uc, uc, .stack_size = 16384, BSS_REQUIRES(UDP_SVC_ID));

void uc_run(struct uc *u)
{
	(void)u;
	bss_ref_t sock = udp_open(UDP, CRASH_PORT);
	bss_ref_t rx = udpsock_rx_queue(sock);

	bss_release(queue_get(rx));
	bss_printf("udpcrash: a datagram: writing into the kernel at 0x%x\n", KERNEL_TEXT);
	*(volatile uint32_t *)(uintptr_t)KERNEL_TEXT = 0xdeadbeef;
	bss_printf("udpcrash: the write went through\n");
}
