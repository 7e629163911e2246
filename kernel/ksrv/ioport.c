/*
 * x86 I/O ports (thesis 4.1.4): iospace hands out port ranges, each an ioport
 * server that checks every access against its range. Both services are
 * atomic: an access keeps the caller's lock, like the instruction it is.
 */
#include "ksrv.h"

struct ioport {
	uint32_t base, count;
};

KSRV_SERVICE(ioport_desc, IOPORT, struct ioport, kioport)
KSRV_SERVICE(iospace_desc, IOSPACE, void, kiospace)

static uint32_t port(struct ioport *r, uint32_t off, unsigned size)
{
	if (off >= r->count || r->count - off < size)
		core_throw(BSS_E_INVAL, EINVAL, "ioport: offset 0x%x (%u bytes) outside ports 0x%x+%u", off,
			   size, r->base, r->count);
	return r->base + off;
}

uint32_t kioport_in8(struct ioport *r, uint32_t off)
{
	return ksrv_os_in(port(r, off, 1), 1);
}

uint32_t kioport_in16(struct ioport *r, uint32_t off)
{
	return ksrv_os_in(port(r, off, 2), 2);
}

uint32_t kioport_in32(struct ioport *r, uint32_t off)
{
	return ksrv_os_in(port(r, off, 4), 4);
}

void kioport_out8(struct ioport *r, uint32_t off, uint32_t v)
{
	ksrv_os_out(port(r, off, 1), 1, v);
}

void kioport_out16(struct ioport *r, uint32_t off, uint32_t v)
{
	ksrv_os_out(port(r, off, 2), 2, v);
}

void kioport_out32(struct ioport *r, uint32_t off, uint32_t v)
{
	ksrv_os_out(port(r, off, 4), 4, v);
}

uint32_t kioport_base(struct ioport *r)
{
	return r->base;
}

uint32_t kioport_count(struct ioport *r)
{
	return r->count;
}

static void io_free(struct ioport *r)
{
	core_free(r, sizeof(*r));
}

bss_ref_t kiospace_region(void *self, uint32_t base, uint32_t count)
{
	(void)self;
	if (ksrv_os_no_hw)
		core_throw(BSS_E_INVAL, ENOSYS, "iospace: %s", ksrv_os_no_hw);
	if (!count || base > 0xffff || count > 0x10000 - base)
		core_throw(BSS_E_INVAL, EINVAL, "iospace: ports 0x%x+%u out of range", base, count);
	struct ioport *r = core_alloc(sizeof(*r));
	r->base = base;
	r->count = count;
	return ksrv_leaf_object(&ioport_desc, r, "ioport", (bss_fn_t)io_free);
}

void ksrv_ioport_init(void)
{
	ksrv_add(&iospace_desc, "iospace");
}
