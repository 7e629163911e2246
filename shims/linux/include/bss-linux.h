/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The Linux shims' view of the BSS server they live in (not a Linux header).
 *
 * A ported Linux NIC driver is one BSS server (the NIC bridge,
 * shims/linux/lib/nic.c) whose required services sit in fixed slots. The
 * slots are declared once, by LINUX_REQS below: the enum the shims index
 * with BSS_REQ(LINUX_REQ_*) and the server's required-services list
 * (LINUX_REQUIRES) are both generated from it, so they cannot disagree.
 */
#ifndef BSS_LINUX_H
#define BSS_LINUX_H

#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>
#include <stdarg.h>
#include <bss/server.h>
#include <svc/debug.h>
#include <svc/dma.h>
#include <svc/dmamem.h>
#include <svc/ioport.h>
#include <svc/irqhandler.h>
#include <svc/irqline.h>
#include <svc/mmio.h>
#include <svc/packet.h>
#include <svc/pcidev.h>
#include <svc/queue.h>
#include <svc/queues.h>
#include <svc/runnable.h>
#include <svc/thread.h>
#include <svc/timeout.h>
#include <svc/timer.h>

/* X(slot, service): the required services, in slot order. */
#define LINUX_REQS(X)                                                                              \
	X(PCI, PCIDEV)	  /* the device this server drives */                                      \
	X(DMA, DMA)	  /* coherent buffers, packet pools */                                     \
	X(TIMER, TIMER)	  /* delays, jiffies, delayed work */                                      \
	X(QUEUES, QUEUES) /* the ethdev RX, TX and TX-free queues */                               \
	X(THREAD, THREAD) /* TX, link and NAPI threads */

#define LINUX__REQ_SLOT(slot, svc) LINUX_REQ_##slot,
#define LINUX__REQ_ID(slot, svc) svc##_SVC_ID,
enum linux_req { LINUX_REQS(LINUX__REQ_SLOT) LINUX_NREQS };
/* For BSS_SERVER: the struct bss_info fields BSS_REQUIRES would set. */
#define LINUX_REQUIRES .reqs = {LINUX_REQS(LINUX__REQ_ID)}, .nreqs = LINUX_NREQS

#define LINUX_PCI BSS_REQ(LINUX_REQ_PCI)
#define LINUX_DMA BSS_REQ(LINUX_REQ_DMA)
#define LINUX_TIMER BSS_REQ(LINUX_REQ_TIMER)
#define LINUX_QUEUES BSS_REQ(LINUX_REQ_QUEUES)
#define LINUX_THREAD BSS_REQ(LINUX_REQ_THREAD)

/* Error IDs the shims throw (BSS_E_USER range). */
#define LINUX_E_PROBE (BSS_E_USER + 0x500)
#define LINUX_E_BUG (BSS_E_USER + 0x501)	 /* BUG(), BUG_ON() */
#define LINUX_E_UNSUPPORTED (BSS_E_USER + 0x502) /* a path the shims do not implement */

/*
 * A Linux function whose path the shims do not implement (e.g. Wake-on-LAN):
 * reaching it stops the operation with an error naming the symbol, never a
 * silent no-op.
 */
#define LINUX_UNSUPPORTED(sym)                                                                     \
	bss_throw(LINUX_E_UNSUPPORTED, ENOSYS, "Linux shims: " #sym " is not supported")

/* Set while the interrupt path runs the driver's handler. */
extern int linux_in_irq;

#endif
