/*
 * A standard PC device as a local server (services/pcdev.svc): what its
 * driver gets instead of the whole I/O space, memory and interrupt lines.
 */
#include "pc.h"

#include <svc/iospace.h>
#include <svc/irq.h>
#include <svc/mmiospace.h>
#include <svc/pcdev.h>

BSS_LOCAL_SERVER(pcdev_desc, PCDEV, struct pcdev_obj, pd);

bss_ref_t pcdev_local(struct pcdev_obj *o)
{
	/* a reference to one's own local server does not keep the server alive */
	if (!o->self)
		o->self = bss_keep(bss_local(&pcdev_desc, o));
	return o->self;
}

uint32_t pd_name(struct pcdev_obj *o, void *buf, uint32_t n)
{
	uint32_t len = (uint32_t)strlen(o->info->name);

	memcpy(buf, o->info->name, len < n ? len : n);
	return len;
}

bss_ref_t pd_ports(struct pcdev_obj *o)
{
	if (!o->info->nports)
		bss_throw(BSS_E_UNRESOLVED, ENOENT, "pcdev: the device has no I/O ports");
	return iospace_region(REQ_IOSPACE, o->info->port, o->info->nports);
}

bss_ref_t pd_mem(struct pcdev_obj *o)
{
	if (!o->info->memsize)
		bss_throw(BSS_E_UNRESOLVED, ENOENT, "pcdev: the device has no memory range");
	return mmiospace_region(REQ_MMIOSPACE, o->info->mem, o->info->memsize);
}

uint32_t pd_irq_line(struct pcdev_obj *o)
{
	return o->info->irq;
}

bss_ref_t pd_attach_irq(struct pcdev_obj *o, bss_ref_t handler)
{
	if (o->info->irq == NO_IRQ)
		bss_throw(BSS_E_UNRESOLVED, ENOENT, "pcdev: the device has no interrupt line");
	return irq_attach(REQ_IRQ, o->info->irq, handler);
}
