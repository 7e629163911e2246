/* SPDX-License-Identifier: GPL-2.0 */
/*
 * request_irq() attaches an interrupt-handler local server (lib/irq.c) to
 * the PCI device's line (pcidev.attach_irq), its MSI line or one MSI-X
 * entry per label (linux/pci.h); the kernel calls its handle(), which runs
 * the driver's handler. free_irq() releases the irqline.
 */
#ifndef _LINUX_INTERRUPT_H
#define _LINUX_INTERRUPT_H

#include <linux/kernel.h>

typedef int irqreturn_t;
#define IRQ_NONE 0
#define IRQ_HANDLED 1
#define IRQ_RETVAL(x) ((x) ? IRQ_HANDLED : IRQ_NONE)

#define IRQF_SHARED 0x80
#define IRQF_PROBE_SHARED 0x100

typedef irqreturn_t (*irq_handler_t)(int irq, void *dev_id);

struct linux_irq_action {
	irq_handler_t handler;
	void *dev_id;
	unsigned int irq;
	bss_ref_t line; /* the attached irqline, 0 if free */
	bss_ref_t self; /* this handler's local server, kept: the irq service holds it weakly */
	int msix_entry; /* the MSI-X entry it is attached to, -1 for INTx or MSI */
};

/* one per vector: e1000e takes three in MSI-X mode */
#define LINUX_IRQ_ACTIONS 8
int linux_irq_msix_release_all(void); /* MSI-X actions still attached: freed, logged */

int request_irq(unsigned int irq, irq_handler_t handler, unsigned long flags, const char *name,
		void *dev_id);
void free_irq(unsigned int irq, void *dev_id);
void synchronize_irq(unsigned int irq);

/*
 * Masking the line (irqline.mask): the handler is not called until enable.
 * Without lockdep the _lockdep and _irqsave forms are the same calls.
 */
void disable_irq_nosync(unsigned int irq);
void enable_irq(unsigned int irq);
#define disable_irq(irq) disable_irq_nosync(irq)
#define disable_irq_nosync_lockdep(irq) disable_irq_nosync(irq)
#define enable_irq_lockdep(irq) enable_irq(irq)
#define disable_irq_nosync_lockdep_irqsave(irq, flags) ((void)(flags), disable_irq_nosync(irq))
#define enable_irq_lockdep_irqrestore(irq, flags) ((void)(flags), enable_irq(irq))

/* IRQ autoprobing (ISA cards): a PCI device's line is the PCI server's. */
static inline unsigned long probe_irq_on(void)
{
	LINUX_UNSUPPORTED(probe_irq_on);
	return 0;
}
static inline int probe_irq_off(unsigned long mask)
{
	(void)mask;
	LINUX_UNSUPPORTED(probe_irq_off);
	return 0;
}

#endif
