/*
 * counter: private data per instance, out-buffers, reference arguments and
 * results; used by the core tests and the call-path benchmark.
 */
#include <bss/server.h>
#include <svc/counter.h>

struct ctr {
	uint64_t n;
	bss_ref_t peer; /* permanent, or 0 */
	char stale[64]; /* never shown to callers */
	uint32_t seen;	/* nonzero bytes in fill's buffer when it came in */
};

static void ctr_init(struct ctr *c)
{
	memset(c->stale, 'S', sizeof(c->stale));
}

BSS_SERVER(COUNTER, struct ctr, ctr, .ctor = BSS_CTOR(ctr_init));

uint64_t ctr_get(struct ctr *c)
{
	return c->n;
}

uint64_t ctr_add(struct ctr *c, uint64_t delta)
{
	c->n += delta;
	return c->n;
}

/* Fills only the first bytes: the rest of the caller's buffer must not show old data. */
uint32_t ctr_name(struct ctr *c, void *buf, uint32_t len)
{
	(void)c;
	if (len < 3)
		bss_throw(BSS_E_INVAL, ERANGE, "buffer too small");
	memcpy(buf, "ctr", 3);
	return 3;
}

bss_ref_t ctr_peer(struct ctr *c)
{
	if (!c->peer)
		bss_throw(BSS_E_INVAL, ENOENT, "no peer");
	return c->peer;
}

void ctr_set_peer(struct ctr *c, bss_ref_t p)
{
	if (c->peer)
		bss_release(c->peer);
	c->peer = bss_keep(p);
}

uint32_t ctr_write(struct ctr *c, const void *data, uint64_t n, bss_ref_t target)
{
	(void)target;
	const unsigned char *d = data;
	for (uint64_t i = 0; i < n; i++)
		c->n += d[i];
	return (uint32_t)n;
}

/*
 * A filled out-buffer: k bytes of 'f' (at most len), k returned even when
 * larger, so that the runtime's check of the return has something to refuse.
 * seen() tells what the buffer held on entry: the caller's bytes in one
 * address space, zeros in an isolated one.
 */
uint32_t ctr_fill(struct ctr *c, void *buf, uint32_t len, uint32_t k)
{
	const unsigned char *b = buf;

	c->seen = 0;
	for (uint32_t i = 0; i < len; i++)
		c->seen += b[i] != 0;
	memset(buf, 'f', k < len ? k : len);
	return k;
}

uint32_t ctr_seen(struct ctr *c)
{
	return c->seen;
}

/*
 * The same for a filled reference array: k references to itself (at most
 * n), k returned. seen() counts the entries holding t_core's marker 7: the
 * caller's handles never reach the callee (a staging array does, zeroed
 * only across spaces).
 */
uint32_t ctr_selves(struct ctr *c, bss_ref_t *refs, uint32_t n, uint32_t k)
{
	c->seen = 0;
	for (uint32_t i = 0; i < n; i++)
		c->seen += refs[i] == 7;
	for (uint32_t i = 0; i < n && i < k; i++)
		refs[i] = bss_self();
	return k;
}
