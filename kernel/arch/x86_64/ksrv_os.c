/*
 * The bare-metal kernel's side of kernel/ksrv/ksrv.h: I/O ports, MMIO
 * mappings, DMA memory from the page allocator, the legacy PIC's lines and
 * the local APIC's MSI vectors.
 */
#include "arch.h"
#include "ksrv/ksrv.h"
#include "lapic.h"
#include "vtd.h"

const char *const ksrv_os_no_hw = NULL;

uint32_t ksrv_os_in(uint32_t port, unsigned size)
{
	if (size == 1)
		return inb((uint16_t)port);
	if (size == 2)
		return inw((uint16_t)port);
	return inl((uint16_t)port);
}

void ksrv_os_out(uint32_t port, unsigned size, uint32_t value)
{
	if (size == 1)
		outb((uint16_t)port, (uint8_t)value);
	else if (size == 2)
		outw((uint16_t)port, (uint16_t)value);
	else
		outl((uint16_t)port, value);
}

void *ksrv_os_map_mmio(uint64_t phys, uint64_t size)
{
	return paging_map_mmio(phys, size);
}

static size_t pages(uint64_t size)
{
	return (size + PAGE_SIZE - 1) / PAGE_SIZE;
}

void *ksrv_os_dma_alloc(uint64_t size, int below_4g, uint64_t *phys)
{
	uint64_t pa = phys_alloc_pages(pages(size), below_4g);

	if (!pa)
		return NULL;
	*phys = pa;
	return phys_to_virt(pa);
}

void ksrv_os_dma_free(void *p, uint64_t size)
{
	phys_free_pages(virt_to_phys(p), pages(size));
}

void *ksrv_os_pages(uint64_t size)
{
	uint64_t pa = phys_alloc_pages(pages(size ? size : 1), 1);

	if (!pa)
		return NULL;
	memset(phys_to_virt(pa), 0, pages(size ? size : 1) * PAGE_SIZE);
	return phys_to_virt(pa);
}

void ksrv_os_pages_free(void *p, uint64_t size)
{
	phys_free_pages(virt_to_phys(p), pages(size ? size : 1));
}

int ksrv_os_iommu_attach(uint32_t fn, const char *who)
{
	return vtd_attach(fn, who);
}

long ksrv_os_iommu_map(uint32_t fn, uint64_t phys, uint64_t size)
{
	long n = vtd_map(fn, phys, pages(size) * PAGE_SIZE);

	if (n < 0)
		vtd_unmap(fn, phys, pages(size) * PAGE_SIZE);
	return n;
}

void ksrv_os_iommu_unmap(uint32_t fn, uint64_t phys, uint64_t size)
{
	vtd_unmap(fn, phys, pages(size) * PAGE_SIZE);
}

void ksrv_os_iommu_poll(void)
{
	vtd_poll(ksrv_iommu_blocked);
}

unsigned ksrv_os_irq_lines(void)
{
	return NR_IRQS;
}

/*
 * IRQ 0 (the kernel's tick) and 2 (the cascade) stay unmasked whatever
 * handlers do; an MSI line is masked in software (kernel/ksrv/irq.c).
 */
void ksrv_os_irq_mask(unsigned line, int masked)
{
	if (line == 0 || line == 2 || line >= NR_IRQS)
		return;
	if (masked)
		pic_mask(line);
	else
		pic_unmask(line);
}

unsigned ksrv_os_msi_lines(void)
{
	return lapic_present() ? NR_MSI : 0;
}

/*
 * Intel SDM vol. 3, 11.11: address 0xFEE00000 | destination APIC ID << 12
 * (physical destination, no redirection hint), data the vector (fixed
 * delivery, edge triggered). Without interrupt remapping the IOMMU passes
 * this range through untranslated (docs/isolation.md, "IOMMU").
 */
void ksrv_os_msi_message(unsigned line, uint32_t *address, uint32_t *data)
{
	*address = 0xfee00000u | (lapic_id() & 0xff) << 12;
	*data = IRQ_BASE + line;
}

void ksrv_os_msi_resend(unsigned line)
{
	lapic_self_ipi(IRQ_BASE + line);
}

/* Hardware interrupts, with interrupts disabled; the PIC's or APIC's EOI follows. */
void arch_irq_dispatch(unsigned irq)
{
	/* the IOMMU's faults are polled at each tick: no interrupt of their own */
	if (irq == 0)
		vtd_poll(ksrv_iommu_blocked);
	ksrv_irq_deliver(irq);
}

void ksrv_os_servers(void)
{
}
