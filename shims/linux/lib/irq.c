// SPDX-License-Identifier: GPL-2.0
/*
 * request_irq: an interrupt-handler local server on the PCI device's line,
 * its INTx line or, after pci_enable_msi, a message-signalled line of its
 * own, or after pci_enable_msix_range one line per MSI-X entry (an action
 * per vector). Its handle() is the kernel's interrupt path: it must not
 * block.
 */
#include <linux/pci.h>
#include <linux/interrupt.h>

static struct linux_irq_action irq_actions[LINUX_IRQ_ACTIONS];

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

/* An entry of the MSI-X table, or an errno with the reason logged. */
static int attach_msix(struct linux_irq_action *a, const char *name)
{
	struct bss_try t;
	volatile bss_ref_t line = 0;

	BSS_TRY(t)
	{
		line = bss_keep(pcidev_attach_msix(LINUX_PCI, (u32)a->msix_entry, a->self));
	}
	BSS_CATCH(t)
	{
		printk(KERN_ERR "%s: %s: no MSI-X vector for entry %d (%s)\n", dev_name_of(), name,
		       a->msix_entry, t.err.msg);
	}
	if (!line) {
		bss_release(a->self);
		a->self = 0;
		return -ENOSPC;
	}
	a->line = line;
	printk(KERN_INFO "%s: %s: MSI-X, entry %d, vector %u\n", dev_name_of(), name, a->msix_entry,
	       (unsigned int)(irqline_msi(line) >> 32));
	return 0;
}

static struct linux_irq_action *action_of(unsigned int irq)
{
	for (int i = 0; i < LINUX_IRQ_ACTIONS; i++)
		if (irq_actions[i].line && irq_actions[i].irq == irq)
			return &irq_actions[i];
	return NULL;
}

static void release(struct linux_irq_action *a)
{
	/* masked before its vector goes back to the kernel */
	if (a->msix_entry >= 0)
		pcidev_detach_msix(LINUX_PCI, (u32)a->msix_entry);
	bss_release(a->line);
	if (a->self)
		bss_release(a->self);
	a->line = a->self = 0;
}

/*
 * The MSI-X actions still attached, released: a driver that failed half
 * way through its request_irq calls (e1000e's e1000_request_msix returns
 * on the first error without freeing the vectors it got) disables MSI-X
 * with them still held, where Linux 5.10 stops at a BUG_ON. Freed with a
 * line instead, so that its fallback to MSI works.
 */
int linux_irq_msix_release_all(void)
{
	int n = 0;

	for (int i = 0; i < LINUX_IRQ_ACTIONS; i++) {
		struct linux_irq_action *a = &irq_actions[i];

		if (a->line && a->msix_entry >= 0) {
			printk(KERN_WARNING "%s: pci_disable_msix: irq %u still requested: freed\n",
			       dev_name_of(), a->irq);
			release(a);
			n++;
		}
	}
	return n;
}

/*
 * An MSI-X label of an enabled table attaches its entry; anything else is
 * the one INTx or MSI line, which a driver holds once (no IRQF_SHARED
 * among a server's own handlers).
 */
int request_irq(unsigned int irq, irq_handler_t handler, unsigned long flags, const char *name,
		void *dev_id)
{
	struct pci_dev *pdev = linux_pci_dev;
	bool msix = pdev && pdev->msix_enabled && irq >= LINUX_MSIX_IRQ_BASE;
	struct linux_irq_action *a = NULL;

	(void)flags;
	if (msix && irq - LINUX_MSIX_IRQ_BASE >= pdev->msix_nentries)
		return -EINVAL;
	if (action_of(irq))
		return -EBUSY;
	for (int i = 0; i < LINUX_IRQ_ACTIONS; i++) {
		if (!irq_actions[i].line && !a)
			a = &irq_actions[i];
		if (!msix && irq_actions[i].line && irq_actions[i].msix_entry < 0)
			return -EBUSY;
	}
	if (!a)
		return -ENOSPC;
	a->handler = handler;
	a->dev_id = dev_id;
	a->irq = irq;
	a->msix_entry = msix ? (int)(irq - LINUX_MSIX_IRQ_BASE) : -1;
	/* the kernel keeps only a weak reference to a handler: we hold it */
	a->self = bss_keep(bss_local(&linux_irq_server, a));
	if (msix)
		return attach_msix(a, name);
	if (pdev && pdev->msi_enabled)
		return attach_msi(a, name);
	a->line = bss_keep(pcidev_attach_irq(LINUX_PCI, a->self));
	printk(KERN_INFO "%s: %s: INTx, line %u\n", dev_name_of(), name, irq);
	return 0;
}

void free_irq(unsigned int irq, void *dev_id)
{
	struct linux_irq_action *a = action_of(irq);

	(void)dev_id;
	if (a)
		release(a);
}

/* The handler's own lines only: a server reaches no other. */
static struct linux_irq_action *line_of(unsigned int irq, const char *sym)
{
	struct linux_irq_action *a = action_of(irq);

	if (!a) {
		printk(KERN_ERR "%s(%u): not this driver's interrupt line\n", sym, irq);
		LINUX_UNSUPPORTED(disable_irq_nosync);
	}
	return a;
}

void disable_irq_nosync(unsigned int irq)
{
	irqline_mask(line_of(irq, "disable_irq_nosync")->line);
}

void enable_irq(unsigned int irq)
{
	irqline_unmask(line_of(irq, "enable_irq")->line);
}
