/*
 * victim: a server whose lifetime, locking and errors the core tests watch
 * through the probe. Built in several variants (VICTIM_ATTRS) to compare the
 * thread attributes.
 */
#include <bss/server.h>
#include <svc/aio.h>
#include <svc/probe.h>
#include <svc/thread.h>
#include <svc/timer.h>
#include <svc/victim.h>

#ifndef VICTIM_ATTRS
#define VICTIM_ATTRS BSS_AUTOLOCK
#endif

#define PROBE BSS_REQ(0)
#define TIMER BSS_REQ(1)
#define THREAD BSS_REQ(2)
#define AIO BSS_REQ(3)

struct obj {
	uint32_t tag;
	uint32_t used;
};

struct victim {
	bss_ref_t held[16];
	uint32_t nheld;
	uint32_t inside;
	struct obj objs[16];
};

static void note(const char *fmt, unsigned v)
{
	char buf[64];
	int n = bss_snprintf(buf, sizeof(buf), fmt, v);
	probe_note(PROBE, buf, (uint32_t)n);
}

static void victim_dtor(struct victim *v)
{
	(void)v;
	note("victim-dtor", 0);
}

BSS_SERVER(VICTIM, struct victim, vi, .attrs = VICTIM_ATTRS, .dtor = BSS_CTOR(victim_dtor),
	   BSS_REQUIRES(PROBE_SVC_ID, TIMER_SVC_ID, THREAD_SVC_ID, AIO_SVC_ID));

/* Local servers implement the same service; their functions get the object. */
static void obj_dtor(struct obj *o)
{
	note("local-dtor:%u", o->tag);
	o->used = 0;
}

BSS_LOCAL_SERVER(obj_desc, VICTIM, struct obj, ob, .dtor = BSS_CTOR(obj_dtor));

uint32_t ob_ping(struct obj *o)
{
	return 1000 + o->tag;
}

static _Noreturn void unsupported(const char *what)
{
	bss_throw(BSS_E_INVAL, EOPNOTSUPP, what);
}

bss_ref_t ob_make_local(struct obj *o, uint32_t tag)
{
	(void)o, (void)tag;
	unsupported("local object: make_local not supported");
}

void ob_hold(struct obj *o, bss_ref_t r)
{
	(void)o, (void)r;
	unsupported("local object: hold not supported");
}

void ob_drop(struct obj *o)
{
	(void)o;
}

void ob_fail(struct obj *o, uint32_t id, uint32_t err)
{
	(void)o;
	bss_throw(id, (int32_t)err, "local object failed on request");
}

void ob_pass_and_fail(struct obj *o, bss_ref_t r)
{
	(void)o, (void)r;
	unsupported("local object: pass_and_fail not supported");
}

uint32_t ob_call(struct obj *o, bss_ref_t other, uint32_t op)
{
	(void)o, (void)other, (void)op;
	unsupported("local object: call not supported");
}

uint32_t ob_block_us(struct obj *o, uint64_t us)
{
	(void)o, (void)us;
	unsupported("local object: block_us not supported");
}

uint32_t ob_in_count(struct obj *o)
{
	(void)o;
	return 0;
}

uint32_t ob_ping_raw(struct obj *o, uint64_t h)
{
	(void)o, (void)h;
	unsupported("local object: ping_raw not supported");
}

uint32_t ob_atomic_block(struct obj *o, uint64_t us)
{
	(void)o, (void)us;
	unsupported("local object: atomic_block not supported");
}

uint32_t ob_locked_block(struct obj *o, uint64_t us)
{
	(void)o, (void)us;
	unsupported("local object: locked_block not supported");
}

uint32_t ob_locked_in_count(struct obj *o)
{
	(void)o;
	return 0;
}

uint32_t ob_selves(struct obj *o, bss_ref_t *r, uint32_t n)
{
	(void)o, (void)r, (void)n;
	unsupported("local object: selves not supported");
}

/* The calling thread's ID: equal to the caller's if the thread migrated. */
uint32_t vi_ping(struct victim *v)
{
	(void)v;
	return thread_self_id(THREAD);
}

bss_ref_t vi_make_local(struct victim *v, uint32_t tag)
{
	for (unsigned i = 0; i < 16; i++) {
		if (!v->objs[i].used) {
			v->objs[i].used = 1;
			v->objs[i].tag = tag;
			return bss_local(&obj_desc, &v->objs[i]);
		}
	}
	bss_throw(BSS_E_LIMIT, ENOMEM, "no free local object");
}

void vi_hold(struct victim *v, bss_ref_t r)
{
	if (v->nheld == 16)
		bss_throw(BSS_E_LIMIT, ENOMEM, "holding too much");
	v->held[v->nheld++] = bss_keep(r);
}

void vi_drop(struct victim *v)
{
	while (v->nheld)
		bss_release(v->held[--v->nheld]);
}

void vi_fail(struct victim *v, uint32_t id, uint32_t err)
{
	(void)v;
	bss_throw(id, (int32_t)err, "victim failed on request");
}

/* r is a temporary reference of this call: the unwinding must release it. */
void vi_pass_and_fail(struct victim *v, bss_ref_t r)
{
	(void)v;
	(void)r;
	bss_throw(BSS_E_USER + 1, EIO, "fail while holding a temporary reference");
}

uint32_t vi_call(struct victim *v, bss_ref_t other, uint32_t op)
{
	struct bss_try t;

	switch (op) {
	case 0:
		return victim_ping(other);
	case 1:
		return victim_block_us(other, 20000);
	case 2: /* call back into ourselves through other */
		return victim_call(other, bss_self(), 0);
	case 3: /* a temporary obtained here dies when we return */
		victim_make_local(other, 7);
		return 3;
	case 4: /* ... and when we are left by an error */
		victim_make_local(other, 8);
		victim_fail(other, BSS_E_USER + 4, 4);
		return 4;
	case 5: /* an error in other passes through us (no try here) */
		victim_fail(other, BSS_E_USER + 5, 5);
		return 5;
	case 7: /* other drops what it holds, the last reference to us among it */
		victim_drop(other);
		note("alive-after-drop", 0); /* a thread inside us keeps us alive */
		return 7;
	case 8: /* op 7 through the newest reference we hold, with ourselves as other */
		return victim_call(v->held[v->nheld - 1], bss_self(), 7);
	case 6: { /* we catch it and go on */
		volatile uint32_t r = 0;
		BSS_TRY(t)
		{
			victim_fail(other, BSS_E_USER + 6, 6);
			r = 1;
		}
		BSS_CATCH(t)
		{
			r = t.err.id == BSS_E_USER + 6 && t.err.err == 6 ? 77 : 99;
		}
		return r;
	}
	}
	bss_throw(BSS_E_INVAL, EINVAL, "unknown op");
}

uint32_t vi_block_us(struct victim *v, uint64_t us)
{
	v->inside++;
	timer_sleep_us(TIMER, us);
	v->inside--;
	return v->inside;
}

uint32_t vi_in_count(struct victim *v)
{
	return v->inside;
}

/* Uses a handle value as if it were one of ours: a foreign handle must be refused. */
uint32_t vi_ping_raw(struct victim *v, uint64_t h)
{
	(void)v;
	return victim_ping((bss_ref_t)h);
}

uint32_t vi_atomic_block(struct victim *v, uint64_t us)
{
	v->inside++;
	aio_wait_us(AIO, us);
	v->inside--;
	return v->inside;
}

uint32_t vi_locked_block(struct victim *v, uint64_t us)
{
	bss_lock();
	v->inside++;
	timer_sleep_us(TIMER, us);
	v->inside--;
	bss_unlock();
	return v->inside;
}

uint32_t vi_locked_in_count(struct victim *v)
{
	bss_lock();
	uint32_t n = v->inside;
	bss_unlock();
	return n;
}

/* A batch of n references, as queue.get_batch hands out packets. */
uint32_t vi_selves(struct victim *v, bss_ref_t *r, uint32_t n)
{
	(void)v;
	for (uint32_t i = 0; i < n; i++)
		r[i] = bss_self();
	return n;
}
