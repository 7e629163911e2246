/*
 * The little of ACPI the kernel reads: the DMA remapping table (DMAR) that
 * names the IOMMU's registers (kernel/arch/x86_64/vtd.c).
 */
#ifndef ARCH_ACPI_H
#define ARCH_ACPI_H

#include <stdint.h>

/*
 * The register base of the first DMA remapping hardware unit (DRHD) of PCI
 * segment 0 in the DMAR table, found from the RSDP in the BIOS area.
 * Returns 0 and sets *why when there is none; *all says whether the unit
 * covers every device of the segment (INCLUDE_PCI_ALL) and *haw is the
 * table's host address width in bits.
 */
uint64_t acpi_dmar_unit(const char **why, int *all, unsigned *haw);

#endif
