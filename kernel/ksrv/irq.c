/*
 * Interrupts (thesis 3.5, 4.1.4, 5.3.1). A handler is a server (usually a
 * local server of its driver) called from the interrupt path with interrupts
 * disabled; it must not block, and an error it throws aborts only that
 * interrupt (reported once per line, counted after that).
 *
 * Each line has an interrupt pseudo-thread: a BSS thread context of its own
 * (temporaries, frames, try records, a stack) that the interrupt path
 * dispatches within whatever thread it interrupted, so that thread's state is
 * never touched. The kernel holds only a weak reference to each handler (a
 * weak slot in this server's table): a driver that dies detaches itself.
 *
 * At most one thread runs in a server. If the handler's owner is locked
 * (by a thread blocked in a call, or holding an explicit lock), the line is
 * masked and its pseudo-thread queues on that lock like any thread;
 * lock_release hands the lock over and dispatches it at once (see
 * kernel/core/lock.c), the handler runs, and the line is unmasked.
 *
 * Lines from ksrv_os_irq_lines() on are message-signalled (MSI): each is one
 * vector of the CPU's, given to one handler by attach_msi. Nothing masks an
 * MSI before the CPU, so a masked MSI line drops its interrupt into
 * msi_held and raises it again when unmasked: an edge that came while the
 * driver had disabled its interrupt is taken then, as Linux resends it.
 */
#include "ksrv.h"
#include "core/ctx.h"

#define MAX_LINES 32 /* 16 legacy, then up to 16 MSI */
#define IRQ_STACK (32 * 1024)

struct line;

/* One attached handler: the irqline server's object. */
struct attach {
	struct line *line;
	bss_ref_t weak; /* weak reference held by irq_srv */
	uint64_t count; /* interrupts delivered to the handler */
	uint8_t masked; /* irqline.mask() */
	uint8_t dead;	/* detached while the line was running */
	struct attach *next;
};

struct line {
	unsigned n;
	struct attach *list;
	struct thread *t; /* the pseudo-thread, made at the first attach */
	uint8_t running;  /* delivering (possibly waiting for a lock) */
	uint8_t pending;  /* masked while a handler waits for its owner */
	uint8_t reported; /* a handler error was reported */
	uint8_t hw_masked;
	uint8_t msi;	  /* a message-signalled line */
	uint8_t msi_held; /* an MSI came while the line was masked or running */
	uint64_t failures;
	uint64_t lost; /* level interrupts that came while running */
};

static struct line lines[MAX_LINES];
static struct server *irq_srv;
KSRV_SERVICE(irqline_desc, IRQLINE, struct attach, kirqline)
KSRV_SERVICE(irq_desc, IRQ, void, kirq)
static unsigned attached;

int ksrv_irq_attached(void)
{
	return attached != 0;
}

static struct server *handler_of(struct attach *a)
{
	struct perm *p = &irq_srv->perm[H_PERM_IDX(a->weak)];

	return p->target && !p->target->dead ? p->target : NULL;
}

/*
 * A line is masked unless some live handler wants it. A handler that died
 * (its driver crashed, docs/recovery.md) masks its line until a new one
 * attaches: nobody would acknowledge the device, and a level-triggered line
 * that stays asserted would interrupt every window between threads for ever.
 */
static void update_mask(struct line *L)
{
	int masked = 1;

	if (!L->pending)
		for (struct attach *a = L->list; a; a = a->next)
			if (!a->masked && !a->dead && handler_of(a))
				masked = 0;
	if (masked != L->hw_masked) {
		L->hw_masked = (uint8_t)masked;
		ksrv_os_irq_mask(L->n, masked);
		if (!masked && L->msi_held) {
			L->msi_held = 0;
			ksrv_os_msi_resend(L->n);
		}
	}
}

static void call_handler(struct line *L, struct attach *a)
{
	struct thread *t = cur_thread;
	struct server *h = handler_of(a);
	struct bss_try u;

	t->cur = irq_srv;
	t->no_block = 1;
	if (bss_sys_try(&u) == 0) {
		core_call(a->weak, IRQHANDLER_SVC_ID, IRQHANDLER_FN_HANDLE, L->n, 0, 0, 0);
		core_try_pop(&u);
	} else {
		t->cur = irq_srv;
		L->failures++;
		core_uncaught_in(h, &u.err, "an interrupt handler");
		if (!L->reported) {
			L->reported = 1;
			core_log(
				"bss: irq %u: handler %s threw, interrupt aborted: %s (error %u, errno %d);"
				" later errors on this line are only counted\n",
				L->n, server_name(h), u.err.msg, u.err.id, u.err.err);
		}
	}
	t->no_block = 0;
	a->count++;
}

/* Runs the line's handlers, on the line's pseudo-thread. */
static void run_line(struct line *L)
{
	struct thread *t = cur_thread;

	for (struct attach *a = L->list; a; a = a->next) {
		struct server *h = handler_of(a);
		if (a->masked || a->dead || !h)
			continue;
		struct server *o = h->owner;
		if (o->mode == BSS_THREADSAFE || !o->lock_holder) {
			call_handler(L, a);
			continue;
		}
		/* the owner is busy: wait for its lock with the line masked */
		L->pending = 1;
		update_mask(L);
		lock_take(t, o);
		L->pending = 0;
		/* we hold the lock: the call nests in it, which is not a callback */
		uint8_t nc = o->no_callbacks;
		o->no_callbacks = 0;
		if (handler_of(a) && !a->dead)
			call_handler(L, a);
		o->no_callbacks = nc;
		lock_release(t, o);
	}
	/* irqlines released while we ran */
	for (struct attach **pp = &L->list; *pp;) {
		struct attach *a = *pp;
		if (a->dead) {
			*pp = a->next;
			core_free(a, sizeof(*a));
		} else {
			pp = &a->next;
		}
	}
	update_mask(L);
}

static void irq_main(void *arg)
{
	struct line *L = arg;

	for (;;) {
		run_line(L);
		L->running = 0;
		if (L->msi_held && !L->hw_masked) {
			L->msi_held = 0;
			ksrv_os_msi_resend(L->n);
		}
		thread_block(); /* back to whoever dispatched us */
	}
}

void ksrv_irq_deliver(unsigned n)
{
	if (n >= MAX_LINES)
		return;
	struct line *L = &lines[n];
	if (!L->list)
		return;
	if (L->running) {
		/* a level line asserts again; a message is an edge, taken after the run */
		if (L->msi)
			L->msi_held = 1;
		else
			L->lost++;
		return;
	}
	if (L->msi && L->hw_masked) {
		L->msi_held = 1;
		return;
	}
	L->running = 1;
	thread_dispatch(L->t);
}

static struct thread *irq_thread(struct line *L)
{
	struct thread *t = core_alloc(sizeof(*t));

	t->stack = os_alloc_stack(IRQ_STACK);
	if (!t->stack) {
		core_free(t, sizeof(*t));
		core_throw(BSS_E_NOMEM, ENOMEM, "irq: no memory for the interrupt thread's stack");
	}
	t->stack_size = IRQ_STACK;
	t->irq = 1;
	t->cur = irq_srv;
	t->id = 0x10000 + L->n;
	t->sp = ctx_init((char *)t->stack + IRQ_STACK, irq_main, L);
	return t;
}

void kirqline_mask(struct attach *a)
{
	a->masked = 1;
	update_mask(a->line);
}

void kirqline_unmask(struct attach *a)
{
	a->masked = 0;
	update_mask(a->line);
}

uint64_t kirqline_count(struct attach *a)
{
	return a->count;
}

static void line_detach(struct attach *a)
{
	struct thread *t = cur_thread;
	struct server *saved = t->cur;
	struct line *L = a->line;

	t->cur = irq_srv;
	ref_release(a->weak);
	t->cur = saved;
	attached--;
	a->dead = 1;
	if (!L->running) {
		for (struct attach **pp = &L->list; *pp; pp = &(*pp)->next)
			if (*pp == a) {
				*pp = a->next;
				break;
			}
		core_free(a, sizeof(*a));
	}
	update_mask(L);
}

uint64_t kirqline_msi(struct attach *a)
{
	uint32_t address, data;

	if (!a->line->msi)
		core_throw(BSS_E_INVAL, EINVAL, "irqline: line %u is not message-signalled",
			   a->line->n);
	ksrv_os_msi_message(a->line->n, &address, &data);
	return address | (uint64_t)data << 32;
}

static bss_ref_t attach(struct line *L, unsigned n, bss_ref_t handler)
{
	L->n = n;
	if (!L->t) {
		L->hw_masked = 1;
		L->t = irq_thread(L);
	}
	struct attach *a = core_alloc(sizeof(*a));
	a->weak = ref_weak(handler, 0);
	a->line = L;
	/* appended: handlers of a shared line run in the order they attached */
	struct attach **pp = &L->list;
	while (*pp)
		pp = &(*pp)->next;
	*pp = a;
	attached++;
	update_mask(L);
	return ksrv_object(&irqline_desc, a, "irqline", (bss_fn_t)line_detach);
}

bss_ref_t kirq_attach(void *self, uint32_t n, bss_ref_t handler)
{
	(void)self;
	if (!ksrv_os_irq_lines())
		core_throw(BSS_E_INVAL, ENOSYS, "irq: %s", ksrv_os_no_hw);
	if (n >= ksrv_os_irq_lines() || n >= MAX_LINES)
		core_throw(BSS_E_INVAL, EINVAL, "irq: no interrupt line %u", n);
	if (!handler)
		core_throw(BSS_E_INVAL, EINVAL, "irq: no handler");
	return attach(&lines[n], n, handler);
}

/*
 * A free MSI line: none attached and its pseudo-thread idle (a line whose
 * handler was released while it ran is free once the run ends). Its vector
 * may still be in a device that a dead driver left enabled: the PCI bus
 * server rewrites the capability before the new owner's device can use it.
 */
bss_ref_t kirq_attach_msi(void *self, bss_ref_t handler)
{
	unsigned first = ksrv_os_irq_lines(), count = ksrv_os_msi_lines();

	(void)self;
	if (!count)
		core_throw(BSS_E_INVAL, ENOSYS, "irq: no message-signalled interrupts: %s",
			   ksrv_os_no_hw ? ksrv_os_no_hw : "no local APIC");
	if (!handler)
		core_throw(BSS_E_INVAL, EINVAL, "irq: no handler");
	for (unsigned n = first; n < first + count && n < MAX_LINES; n++) {
		struct line *L = &lines[n];
		if (L->list || L->running)
			continue;
		L->msi = 1;
		L->msi_held = 0;
		return attach(L, n, handler);
	}
	core_throw(BSS_E_INVAL, ENOSPC, "irq: all %u message-signalled lines are taken", count);
}

void ksrv_irq_init(void)
{
	irq_srv = ksrv_add(&irq_desc, "irq");
}
