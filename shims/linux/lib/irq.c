// SPDX-License-Identifier: GPL-2.0
/*
 * request_irq: an interrupt-handler local server on the PCI device's line,
 * its INTx line or, after pci_enable_msi, a message-signalled line of its
 * own. Its handle() is the kernel's interrupt path: it must not block.
 */
#include <linux/pci.h>
#include <linux/interrupt.h>

static struct linux_irq_action irq_action;

static const char *dev_name_of(void)
{
	return linux_pci_dev ? pci_name(linux_pci_dev) : "?";
}
int linux_in_irq;

BSS_LOCAL_SERVER(linux_irq_server, IRQHANDLER, struct linux_irq_action, linux_irq);

u32 linux_irq_handle(struct linux_irq_action *a, u32 line)
{
	irqreturn_t ret;

	(void)line;
	if (!a->line)
		return 0;
	linux_in_irq = 1;
	ret = a->handler(a->irq, a->dev_id);
	linux_in_irq = 0;
	return ret == IRQ_HANDLED;
}

/*
 * An MSI line, or -ENOSPC with the reason logged: the driver then disables
 * MSI and asks again for its INTx line (e1000e's e1000_request_irq does).
 */
static int attach_msi(struct linux_irq_action *a, const char *name)
{
	struct bss_try t;
	volatile bss_ref_t line = 0;

	BSS_TRY(t)
	{
		line = bss_keep(pcidev_attach_msi(LINUX_PCI, a->self));
	}
	BSS_CATCH(t)
	{
		printk(KERN_ERR "%s: %s: no MSI (%s): INTx instead\n", dev_name_of(), name,
		       t.err.msg);
	}
	if (!line) {
		bss_release(a->self);
		a->self = 0;
		return -ENOSPC;
	}
	a->line = line;
	printk(KERN_INFO "%s: %s: MSI, vector %u\n", dev_name_of(), name,
	       (unsigned int)(irqline_msi(line) >> 32));
	return 0;
}

int request_irq(unsigned int irq, irq_handler_t handler, unsigned long flags, const char *name,
		void *dev_id)
{
	struct linux_irq_action *a = &irq_action;

	(void)flags;
	(void)name;
	if (a->line)
		return -EBUSY;
	a->handler = handler;
	a->dev_id = dev_id;
	a->irq = irq;
	/* the kernel keeps only a weak reference to a handler: we hold it */
	a->self = bss_keep(bss_local(&linux_irq_server, a));
	if (linux_pci_dev && linux_pci_dev->msi_enabled)
		return attach_msi(a, name);
	a->line = bss_keep(pcidev_attach_irq(LINUX_PCI, a->self));
	printk(KERN_INFO "%s: %s: INTx, line %u\n", dev_name_of(), name, irq);
	return 0;
}

void free_irq(unsigned int irq, void *dev_id)
{
	struct linux_irq_action *a = &irq_action;

	(void)irq;
	(void)dev_id;
	if (a->line)
		bss_release(a->line);
	if (a->self)
		bss_release(a->self);
	a->line = a->self = 0;
}

/* The handler's own line only: a server reaches no other. */
static struct linux_irq_action *line_of(unsigned int irq, const char *sym)
{
	if (!irq_action.line || irq_action.irq != irq) {
		printk(KERN_ERR "%s(%u): not this driver's interrupt line\n", sym, irq);
		LINUX_UNSUPPORTED(disable_irq_nosync);
	}
	return &irq_action;
}

void disable_irq_nosync(unsigned int irq)
{
	irqline_mask(line_of(irq, "disable_irq_nosync")->line);
}

void enable_irq(unsigned int irq)
{
	irqline_unmask(line_of(irq, "enable_irq")->line);
}
