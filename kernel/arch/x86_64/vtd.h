/*
 * Intel VT-d DMA remapping (docs/isolation.md, "IOMMU"): with "iommu" on
 * the kernel command line, every PCI function's DMA is translated and
 * blocked, except the pages of DMA memory its driver allocated, which are
 * mapped at their physical address (IOVA = physical, so drivers program
 * the device with dmamem.phys as before).
 */
#ifndef ARCH_VTD_H
#define ARCH_VTD_H

#include <stdint.h>

/* Finds the unit (ACPI DMAR), builds the empty tables, enables translation. */
void vtd_init(void);
/* Whether translation is on. */
int vtd_enabled(void);
/*
 * Function loc (bus << 8 | dev << 3 | fn) gets its own domain, empty at
 * first; who names its driver in messages. 0, or -1 without translation or
 * when no table could be allocated.
 */
int vtd_attach(uint32_t loc, const char *who);
/* Maps [phys, phys + size) for loc's device, read and write; the pages it has now, or -1. */
long vtd_map(uint32_t loc, uint64_t phys, uint64_t size);
/* Unmaps it and waits for the IOTLB's invalidation: the memory may be reused then. */
void vtd_unmap(uint32_t loc, uint64_t phys, uint64_t size);
/*
 * Reads and clears the fault records (the timer tick calls it): one line
 * per fault, and blocked(loc, what) for each one of an attached function.
 */
void vtd_poll(void (*blocked)(uint32_t loc, const char *what));

#endif
