/*
 * x86 I/O ports (thesis 4.1.4): iospace hands out port ranges, each an ioport
 * server that checks every access against its range. Both services are
 * atomic: an access keeps the caller's lock, like the instruction it is.
 * grant opens the range to an isolated caller's own in/out instructions.
 */
#include "ksrv.h"
#include "core/space.h"

#define IOPORT_GRANTS 4

struct ioport {
	uint32_t base, count;
	uint32_t ngrants;
	uint64_t grants[IOPORT_GRANTS]; /* the spaces it is open to (os_space_grant_ports) */
};

KSRV_SERVICE(ioport_desc, IOPORT, struct ioport, kioport)
KSRV_SERVICE(iospace_desc, IOSPACE, void, kiospace)

static uint32_t port(struct ioport *r, uint32_t off, unsigned size)
{
	if (off >= r->count || r->count - off < size)
		core_throw(BSS_E_INVAL, EINVAL,
			   "ioport: offset 0x%x (%u bytes) outside ports 0x%x+%u", off, size,
			   r->base, r->count);
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

/*
 * Ports for direct access: an isolated caller's space gets the range in
 * its I/O permission bitmap (1), while the reference lives; a caller in
 * the kernel's space keeps using the calls (0), which are leaf calls there
 * and, unlike the instructions, go through a device model in the hosted
 * runtime. The grant is the window's range, never more.
 */
uint32_t kioport_grant(struct ioport *r)
{
	struct server *caller = ksrv_leaf_caller(r);
	void *space = caller ? space_of(caller) : NULL;
	uint64_t tok;

	if (!space)
		return 0;
	if (!os_space_grant_ports(space, r->base, r->count, &tok))
		core_throw(BSS_E_LIMIT, ENOSPC, "ioport.grant: %s has too many port ranges",
			   server_name(caller));
	/* each window counts once in a space, so its release revokes what it granted */
	for (uint32_t i = 0; i < r->ngrants; i++)
		if (r->grants[i] == tok) {
			os_space_revoke_ports(tok, r->base, r->count);
			return 1;
		}
	if (r->ngrants == IOPORT_GRANTS) {
		os_space_revoke_ports(tok, r->base, r->count);
		core_throw(BSS_E_LIMIT, ENOSPC,
			   "ioport.grant: ports 0x%x+%u open to %d spaces already", r->base,
			   r->count, IOPORT_GRANTS);
	}
	r->grants[r->ngrants++] = tok;
	core_log("bss: %s granted ports 0x%x+%u\n", server_name(caller), r->base, r->count);
	return 1;
}

static void io_free(struct ioport *r)
{
	for (uint32_t i = 0; i < r->ngrants; i++)
		os_space_revoke_ports(r->grants[i], r->base, r->count);
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
	r->ngrants = 0;
	return ksrv_leaf_object(&ioport_desc, r, "ioport", (bss_fn_t)io_free);
}

void ksrv_ioport_init(void)
{
	ksrv_add(&iospace_desc, "iospace");
}
