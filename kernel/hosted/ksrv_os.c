/*
 * The hosted runtime's side of kernel/ksrv/ksrv.h. A Linux process has no
 * I/O ports, device memory, DMA or interrupt lines: those services exist (so
 * servers that require them load) but throw BSS_E_INVAL, "not available in
 * the hosted runtime". The files
 * service is shared with the kernel (kernel/ksrv/files.c).
 */
#include "hosted.h"

#include <stdlib.h>

const char *const ksrv_os_no_hw = "not available in the hosted runtime";

uint32_t ksrv_os_in(uint32_t port, unsigned size)
{
	(void)port;
	(void)size;
	os_panic("ksrv_os_in: no I/O ports in the hosted runtime");
}

void ksrv_os_out(uint32_t port, unsigned size, uint32_t value)
{
	(void)port;
	(void)size;
	(void)value;
	os_panic("ksrv_os_out: no I/O ports in the hosted runtime");
}

void *ksrv_os_map_mmio(uint64_t phys, uint64_t size)
{
	(void)phys;
	(void)size;
	return NULL;
}

void *ksrv_os_dma_alloc(uint64_t size, int below_4g, uint64_t *phys)
{
	(void)size;
	(void)below_4g;
	(void)phys;
	return NULL;
}

void ksrv_os_dma_free(void *p, uint64_t size)
{
	(void)size;
	free(p);
}

/* No isolated servers here: the core's allocator (counted, zeroed) will do. */
void *ksrv_os_pages(uint64_t size)
{
	return core_try_alloc(size ? size : 1);
}

void ksrv_os_pages_free(void *p, uint64_t size)
{
	core_free(p, size ? size : 1);
}

/* A process has no IOMMU: iommu.attach records nothing. */
int ksrv_os_iommu_attach(uint32_t fn, const char *who)
{
	(void)fn;
	(void)who;
	return -1;
}

long ksrv_os_iommu_map(uint32_t fn, uint64_t phys, uint64_t size)
{
	(void)fn;
	(void)phys;
	(void)size;
	return -1;
}

void ksrv_os_iommu_unmap(uint32_t fn, uint64_t phys, uint64_t size)
{
	(void)fn;
	(void)phys;
	(void)size;
}

void ksrv_os_iommu_poll(void)
{
}

unsigned ksrv_os_irq_lines(void)
{
	return 0;
}

void ksrv_os_irq_mask(unsigned line, int masked)
{
	(void)line;
	(void)masked;
}

unsigned ksrv_os_msi_lines(void)
{
	return 0;
}

void ksrv_os_msi_message(unsigned line, uint32_t *address, uint32_t *data)
{
	(void)line;
	*address = *data = 0;
}

void ksrv_os_msi_resend(unsigned line)
{
	(void)line;
}

void tap_servers(void); /* tap.c: TAP devices */

void ksrv_os_servers(void)
{
	tap_servers();
}
