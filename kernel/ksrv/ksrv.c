/*
 * The table of kernel servers: each is an ordinary server to its callers,
 * reachable only through references the query hands out (thesis 3.5).
 */
#include "ksrv.h"

#define MAX_KSRV 32

static struct server *table[MAX_KSRV];
static unsigned ntable;

struct server *ksrv_by_svc(uint32_t svc_id)
{
	for (unsigned i = 0; i < ntable; i++)
		if (table[i]->svc_id == svc_id)
			return table[i];
	return NULL;
}

void ksrv_register(struct server *s)
{
	if (!s)
		return;
	if (ntable == MAX_KSRV)
		os_panic("ksrv_register: table full");
	table[ntable++] = s;
}

struct server *ksrv_add(const struct bss_service_desc *d, const char *name)
{
	struct server *s = server_new_kernel(d->svc_id, d, NULL, name, BSS_THREADSAFE);

	s->pinned = 1;
	ksrv_register(s);
	return s;
}

static bss_ref_t new_object(const struct bss_service_desc *d, void *self, const char *name,
			    bss_fn_t dtor, uint8_t leaf)
{
	struct server *s = server_new_kernel(d->svc_id, d, self, name, BSS_THREADSAFE);

	s->dtor = dtor;
	s->leaf = leaf;
	return ref_new_temp(cur_thread, cur_thread->cur, s);
}

bss_ref_t ksrv_object(const struct bss_service_desc *d, void *self, const char *name, bss_fn_t dtor)
{
	return new_object(d, self, name, dtor, 0);
}

/*
 * A device register window: its functions are leaves for the call path
 * (kernel/core/call.c). They never block, call or take a reference, and
 * they throw only before touching anything, which unwinds exactly as if
 * the caller had thrown. So a call skips the frame, and a driver that
 * keeps its reference gets its call stub bound straight to the access
 * function: about six register accesses per frame sent.
 */
bss_ref_t ksrv_leaf_object(const struct bss_service_desc *d, void *self, const char *name,
			   bss_fn_t dtor)
{
	return new_object(d, self, name, dtor, 1);
}

struct server *ksrv_leaf_caller(const void *self)
{
	struct frame *f = cur_thread->frames;
	struct server *cur = cur_thread->cur;

	if (cur && cur->self == self && f && f->callee == cur)
		return f->caller;
	return cur;
}

void ksrv_name_arg(char *buf, size_t size, const char *name, uint32_t len, const char *who)
{
	if (len >= size)
		core_throw(BSS_E_INVAL, ENAMETOOLONG, "%s: name too long", who);
	__builtin_memcpy(buf, name, len);
	buf[len] = 0;
}

void ksrv_init(void)
{
	static const struct bss_service_desc kdesc = {0, 0, {0}, {{0}}};

	kernel_server = server_new_kernel(0, &kdesc, NULL, "kernel", BSS_THREADSAFE);
	kernel_server->pinned = 1;
	ksrv_debug_init();
	ksrv_thread_init();
	ksrv_dispatch_init();
	ksrv_memory_init();
	ksrv_loader_init();
	ksrv_query_init();
	ksrv_timer_init();
	ksrv_ioport_init();
	ksrv_mmio_init();
	ksrv_irq_init();
	ksrv_dma_init();
	ksrv_files_init();
	ksrv_log_init();
	ksrv_sysinfo_init();
	ksrv_kill_init();
	ksrv_os_servers();
}
