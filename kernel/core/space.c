/*
 * The core's side of isolated servers (space.h): what an isolated server's
 * trap asks for, and the checks that keep it inside its own space.
 *
 * Invariant: nothing an isolated server passes is dereferenced by the core
 * or another server before it is checked to lie in that server's space
 * (space_check_args for service calls, the cases below for system calls).
 * Its import number selects one of its own imports; everything else it
 * passes is a value the core checks as it would any server's (handles).
 */
#include "loader_internal.h"
#include "space.h"
#include <svc/packet.h>
#include <bss/pktdesc.h>

typedef uint64_t (*sys_fn5)(uint64_t, uint64_t, uint64_t, uint64_t, uint64_t);

uint64_t space_count_arg(const struct callsig *sig, const uint64_t *a, unsigned i)
{
	unsigned z = sig->size_arg[i];

	return sig->kind[z] == K_W ? (uint32_t)a[z] : a[z];
}

static void check_range(struct server *s, uint64_t p, uint64_t n, unsigned i)
{
	if (n && !os_space_ok(s->space, p, n))
		core_throw(BSS_E_INVAL, EFAULT,
			   "argument %u: %lu bytes at 0x%lx are not in %s's address space", i,
			   (unsigned long)n, (unsigned long)p, server_name(s));
}

void space_check_args(struct server *caller, const struct callsig *sig, const uint64_t a[4])
{
	for (unsigned i = 0; i < sig->nargs; i++) {
		switch (sig->kind[i]) {
		case K_IN:
		case K_OUT:
		case K_INOUT:
			check_range(caller, a[i], space_count_arg(sig, a, i), i);
			break;
		case K_REFS_IN:
		case K_REFS_OUT: {
			uint64_t n = space_count_arg(sig, a, i);
			if (n <= BSS_MAX_REF_ARRAY)
				check_range(caller, a[i], n * sizeof(bss_ref_t), i);
			break; /* more: call_slow refuses the call */
		}
		}
	}
}

/* The message of a throw, copied out of the server's space (at most what fits). */
static void copy_msg(struct server *s, uint64_t p, char *buf, size_t len)
{
	size_t n = 0;

	while (p && n < len - 1 && os_space_ok(s->space, p + n, 1)) {
		char ch = *(const char *)(uintptr_t)(p + n);
		if (!ch)
			break;
		buf[n++] = ch;
	}
	buf[n] = 0;
}

/*
 * packet.map gives the buffer's address in the packet owner's space (thesis
 * 4.4: packets are data spaces). For an isolated caller the runtime maps the
 * buffer's pages into its space and gives their address there: the packet
 * reference is what entitles it to them. A buffer in the runtime's own
 * space cannot be shared that way (its pages hold other things).
 */
static uint64_t packet_address(struct server *o, bss_ref_t pkt, uint64_t addr)
{
	if (!addr || os_space_ok(o->space, addr, 1))
		return addr;
	uint64_t cap = core_call(pkt, PACKET_SVC_ID, PACKET_FN_CAP, 0, 0, 0, 0);
	uint64_t va = os_space_share(o->space, addr, cap ? cap : 1);
	if (!va)
		core_throw(BSS_E_INVAL, EFAULT,
			   "packet.map: the buffer at 0x%lx cannot be mapped into %s's space",
			   (unsigned long)addr, server_name(o));
	return va;
}

const char *space_sys_kind(uint64_t idx, bool *call)
{
	struct server *o = cur_thread->cur;
	struct image *im = o->image;

	*call = false;
	if (!o->space || !im || idx >= im->nimports)
		return "?";
	void *fn = (void *)(uintptr_t)im->sys_target[idx];
	if (fn) {
		const char *n = sys_name(fn);
		return n ? n : "?";
	}
	const struct bss_svc_def *d = svc_lookup(im->imports[idx].svc_id);
	*call = true;
	return d ? d->name : "?";
}

const void *space_sys_import(uint64_t idx)
{
	struct image *im = cur_thread->cur->image;

	return im && idx < im->nimports ? &im->imports[idx] : NULL;
}

/*
 * The system calls that read or write the caller's memory, found by name
 * once: searching sys.c's table by name on every system call (five
 * searches for the value-only ones, the common case) cost a few hundred
 * guest instructions each, millions per MiB an isolated network moves.
 */
static struct {
	void *try_, *untry, *throw_, *abort, *debug;
} by_ptr;

static void by_ptr_init(void)
{
	by_ptr.untry = sys_lookup("untry");
	by_ptr.throw_ = sys_lookup("throw");
	by_ptr.abort = sys_lookup("abort");
	by_ptr.debug = sys_lookup("debug");
	by_ptr.try_ = sys_lookup("try"); /* last: it marks the others found */
}

uint64_t space_syscall(uint64_t idx, const uint64_t a[5])
{
	struct server *o = cur_thread->cur;
	struct image *im = o->image;

	if (!o->space || !im || idx >= im->nimports)
		core_throw(BSS_E_INVAL, ENOSYS, "%s: no import number %lu", server_name(o),
			   (unsigned long)idx);
	void *fn = (void *)(uintptr_t)im->sys_target[idx];
	if (!fn) {
		struct import *imp = &im->imports[idx];
		space_check_args(o, &imp->sig, a + 1);
		uint64_t r = bss_call_entry(a[0], a[1], a[2], a[3], a[4], imp);
		if (imp->svc_id == PACKET_SVC_ID && imp->fn == PACKET_FN_MAP)
			r = packet_address(o, a[0], r);
		return r;
	}
	if (!by_ptr.try_)
		by_ptr_init();
	if (fn == by_ptr.try_)
		return os_space_try(a[0]);
	if (fn == by_ptr.untry) {
		os_space_untry(a[0]);
		return 0;
	}
	if (fn == by_ptr.throw_) {
		char msg[sizeof(((struct bss_error *)0)->msg)];
		copy_msg(o, a[2], msg, sizeof(msg));
		core_throw((uint32_t)a[0], (int32_t)a[1], "%s", msg);
	}
	if (fn == by_ptr.abort) { /* its message is read as throw's */
		char msg[sizeof(((struct bss_error *)0)->msg)];
		copy_msg(o, a[0], msg, sizeof(msg));
		((void (*)(const char *))fn)(msg);
	}
	if (fn == (void *)sys_reap) { /* writes up to max words into the caller's memory */
		uint32_t max = a[1] > BSS_REAP_MAX ? BSS_REAP_MAX + 1 : (uint32_t)a[1];

		if (max <= BSS_REAP_MAX)
			check_range(o, a[0], max * sizeof(uint64_t), 0);
		return sys_reap((uint64_t *)(uintptr_t)a[0], max);
	}
	if (fn == (void *)sys_release_n) { /* reads n handles of the caller's memory */
		uint32_t n = a[1] > BSS_RELEASE_MAX ? BSS_RELEASE_MAX + 1 : (uint32_t)a[1];

		if (n <= BSS_RELEASE_MAX)
			check_range(o, a[0], n * sizeof(bss_ref_t), 0);
		sys_release_n((const bss_ref_t *)(uintptr_t)a[0], n);
		return 0;
	}
	if (fn == (void *)sys_keep_n || fn == (void *)sys_unkeep_n) {
		/* reads n handles of the caller's memory, writes up to n */
		uint32_t n = a[2] > BSS_KEEP_MAX ? BSS_KEEP_MAX + 1 : (uint32_t)a[2];

		if (n <= BSS_KEEP_MAX) {
			check_range(o, a[0], n * sizeof(bss_ref_t), 0);
			check_range(o, a[1], n * sizeof(bss_ref_t), 1);
		}
		return ((uint32_t(*)(const bss_ref_t *, bss_ref_t *, uint32_t))fn)(
			(const bss_ref_t *)(uintptr_t)a[0], (bss_ref_t *)(uintptr_t)a[1], n);
	}
	if (fn == (void *)sys_here_n) { /* reads n handles and descriptors, writes n words */
		uint32_t n = a[3] > BSS_HERE_MAX ? BSS_HERE_MAX + 1 : (uint32_t)a[3];

		if (n <= BSS_HERE_MAX) {
			check_range(o, a[0], n * sizeof(bss_ref_t), 0);
			check_range(o, a[1], n * sizeof(struct bss_pkt_desc), 1);
			check_range(o, a[2], n * sizeof(uint64_t), 2);
		}
		return sys_here_n((const bss_ref_t *)(uintptr_t)a[0],
				  (const struct bss_pkt_desc *)(uintptr_t)a[1],
				  (uint64_t *)(uintptr_t)a[2], n);
	}
	if (fn == (void *)sys_same_n) { /* reads n handles twice */
		uint32_t n = a[2] > BSS_SAME_MAX ? BSS_SAME_MAX + 1 : (uint32_t)a[2];

		if (n <= BSS_SAME_MAX) {
			check_range(o, a[0], n * sizeof(bss_ref_t), 0);
			check_range(o, a[1], n * sizeof(bss_ref_t), 1);
		}
		return sys_same_n((const bss_ref_t *)(uintptr_t)a[0],
				  (const bss_ref_t *)(uintptr_t)a[1], n);
	}
	if (fn == by_ptr.debug) {
		uint32_t n = (uint32_t)a[1];
		check_range(o, a[0], n, 0);
		os_debug_write((const char *)(uintptr_t)a[0], n);
		return 0;
	}
	/*
	 * The rest take values only: handles (checked like any server's),
	 * keys, counts, and local's description (checked to be one of the
	 * image's) and object (used only by the server's own code).
	 */
	return ((sys_fn5)fn)(a[0], a[1], a[2], a[3], a[4]);
}
