/*
 * ACPI, only as far as the IOMMU needs it: RSDP -> RSDT or XSDT -> "DMAR"
 * -> the DRHD structure's register base. Every table is read where the
 * firmware left it: [0, 4 GiB) is identity mapped, and the tables lie in
 * memory the firmware reserved (the page allocator never hands it out).
 * A table whose checksum is wrong is not trusted.
 */
#include "acpi.h"
#include "kstring.h"
#include "paging.h"

#define BIOS_AREA 0xe0000ul
#define BIOS_END 0x100000ul
#define FOUR_GB (4ul << 30)
#define SDT_HDR 36	/* signature, length, revision, checksum, ids */
#define DMAR_STRUCTS 48 /* the header, host address width, flags, 10 reserved */
#define DMAR_DRHD 0
#define DRHD_INCLUDE_ALL 1

static uint32_t rd32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint64_t rd64(const uint8_t *p)
{
	return rd32(p) | (uint64_t)rd32(p + 4) << 32;
}

static int sum_ok(const uint8_t *p, uint32_t len)
{
	uint8_t s = 0;

	for (uint32_t i = 0; i < len; i++)
		s += p[i];
	return s == 0;
}

/*
 * The RSDP lies on a 16-byte boundary in the BIOS area (SeaBIOS puts it
 * there). The EBDA, the other place the specification allows, is found
 * through a pointer in page 0, which the kernel keeps unmapped: not read.
 */
static const uint8_t *find_rsdp(void)
{
	for (uintptr_t a = BIOS_AREA; a < BIOS_END; a += 16) {
		const uint8_t *p = phys_to_virt(a);
		if (!memcmp(p, "RSD PTR ", 8) && sum_ok(p, 20))
			return p;
	}
	return NULL;
}

/* A whole table at physical pa, if it lies below 4 GiB and its checksum holds. */
static const uint8_t *table_at(uint64_t pa)
{
	if (!pa || pa >= FOUR_GB - SDT_HDR)
		return NULL;
	const uint8_t *t = phys_to_virt(pa);
	uint32_t len = rd32(t + 4);
	if (len < SDT_HDR || pa + len > FOUR_GB || !sum_ok(t, len))
		return NULL;
	return t;
}

static const uint8_t *find_table(const uint8_t *rsdp, const char *sig)
{
	/* ACPI 2.0's XSDT (64-bit entries) when there is one, else the RSDT */
	const uint8_t *sdt = NULL;
	unsigned esize = 4;

	if (rsdp[15] >= 2 && sum_ok(rsdp, rd32(rsdp + 20) < 36 ? 20 : 36))
		sdt = table_at(rd64(rsdp + 24)), esize = 8;
	if (!sdt)
		sdt = table_at(rd32(rsdp + 16)), esize = 4;
	if (!sdt)
		return NULL;
	uint32_t len = rd32(sdt + 4);
	for (uint32_t off = SDT_HDR; off + esize <= len; off += esize) {
		const uint8_t *t = table_at(esize == 8 ? rd64(sdt + off) : rd32(sdt + off));
		if (t && !memcmp(t, sig, 4))
			return t;
	}
	return NULL;
}

uint64_t acpi_dmar_unit(const char **why, int *all, unsigned *haw)
{
	const uint8_t *rsdp = find_rsdp();

	if (!rsdp) {
		*why = "no ACPI RSDP in the BIOS area";
		return 0;
	}
	const uint8_t *dmar = find_table(rsdp, "DMAR");
	if (!dmar) {
		*why = "no ACPI DMAR table (no IOMMU: QEMU needs -machine q35 -device intel-iommu)";
		return 0;
	}
	uint32_t len = rd32(dmar + 4);
	*haw = dmar[SDT_HDR] + 1u; /* the table holds the width minus one */
	for (uint32_t off = DMAR_STRUCTS; off + 4 <= len;) {
		const uint8_t *s = dmar + off;
		uint16_t type = (uint16_t)(s[0] | s[1] << 8), slen = (uint16_t)(s[2] | s[3] << 8);
		if (slen < 4 || off + slen > len)
			break;
		/* DRHD: flags at 4, segment at 6, register base at 8 */
		if (type == DMAR_DRHD && slen >= 16 && !(s[6] | s[7])) {
			*all = s[4] & DRHD_INCLUDE_ALL;
			return rd64(s + 8);
		}
		off += slen;
	}
	*why = "the DMAR table has no remapping unit for PCI segment 0";
	return 0;
}
