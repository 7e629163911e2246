/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The Linux shims' view of the BSS server they live in (not a Linux header).
 *
 * A ported Linux NIC driver is one BSS server whose required services sit
 * in fixed slots; the glue declares them in this order with BSS_REQUIRES,
 * and the shims call them through BSS_REQ(LINUX_REQ_*).
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

enum linux_req {
	LINUX_REQ_PCI,		/* pcidev: the device this server drives */
	LINUX_REQ_DMA,		/* dma: coherent buffers, packet pools */
	LINUX_REQ_TIMER,	/* timer: delays, jiffies, delayed work */
	LINUX_REQ_QUEUES,	/* queues: the ethdev RX, TX and TX-free queues */
	LINUX_REQ_THREAD,	/* thread: TX, link and NAPI threads */
};

#define LINUX_PCI	BSS_REQ(LINUX_REQ_PCI)
#define LINUX_DMA	BSS_REQ(LINUX_REQ_DMA)
#define LINUX_TIMER	BSS_REQ(LINUX_REQ_TIMER)
#define LINUX_QUEUES	BSS_REQ(LINUX_REQ_QUEUES)
#define LINUX_THREAD	BSS_REQ(LINUX_REQ_THREAD)

/* Error IDs the shims throw (BSS_E_USER range). */
#define LINUX_E_PROBE	(BSS_E_USER + 0x500)

/* Provided by the glue: the interrupt-handler local server (thesis 5.3.6). */
extern const struct bss_local_desc *const linux_irq_server;
/* Provided by the glue: called when the carrier changes (any context). */
void linux_link_changed(void);

/* Set while the interrupt path runs the driver's handler. */
extern int linux_in_irq;

#endif
