/*
 * Configuration mechanism #1: write the address of a dword to port 0xcf8,
 * then access it through 0xcfc-0xcff. The ioport region starts at 0xcf8,
 * so offsets 0 and 4. Both accesses go through one atomic service (ioport),
 * and this server is locked across them, so no other thread of this server
 * can move the address in between; nobody else holds these ports.
 */
#include "pci.h"

#include <svc/ioport.h>

static void set_address(uint8_t bus, uint8_t dev, uint8_t fn, uint32_t off)
{
	uint32_t a = 0x80000000u | (uint32_t)bus << 16 | (uint32_t)(dev & 31) << 11 |
		     (uint32_t)(fn & 7) << 8 | (off & 0xfc);

	ioport_out32(REQ_CFGIO, 0, a);
}

uint32_t pci_cfg_read(uint8_t bus, uint8_t dev, uint8_t fn, uint32_t off, uint32_t size)
{
	set_address(bus, dev, fn, off);
	switch (size) {
	case 1:
		return ioport_in8(REQ_CFGIO, 4 + (off & 3));
	case 2:
		return ioport_in16(REQ_CFGIO, 4 + (off & 2));
	default:
		return ioport_in32(REQ_CFGIO, 4);
	}
}

void pci_cfg_write(uint8_t bus, uint8_t dev, uint8_t fn, uint32_t off, uint32_t size,
		   uint32_t value)
{
	set_address(bus, dev, fn, off);
	switch (size) {
	case 1:
		ioport_out8(REQ_CFGIO, 4 + (off & 3), value & 0xff);
		break;
	case 2:
		ioport_out16(REQ_CFGIO, 4 + (off & 2), value & 0xffff);
		break;
	default:
		ioport_out32(REQ_CFGIO, 4, value);
		break;
	}
}
