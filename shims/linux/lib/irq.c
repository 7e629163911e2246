// SPDX-License-Identifier: GPL-2.0
/*
 * request_irq: an interrupt-handler local server on the PCI device's line.
 * Its handle() is the kernel's interrupt path: it must not block.
 */
#include <linux/pci.h>
#include <linux/interrupt.h>

static struct linux_irq_action irq_action;
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
	a->line = bss_keep(pcidev_attach_irq(LINUX_PCI, a->self));
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
