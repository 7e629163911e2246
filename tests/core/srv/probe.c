/*
 * probe: records named events so that tests can see what other servers did
 * (destructors ran, in which order, notifications arrived).
 */
#include <bss/server.h>
#include <svc/probe.h>

struct probe {
	uint32_t len;
	char log[4096]; /* events separated by '\n' */
};

BSS_SERVER(PROBE, struct probe, pr, .attrs = BSS_THREADSAFE);

void pr_note(struct probe *p, const void *text, uint32_t len)
{
	if (p->len + len + 1 >= sizeof(p->log))
		bss_throw(BSS_E_OVERFLOW, ENOSPC, "probe log full");
	memcpy(p->log + p->len, text, len);
	p->len += len;
	p->log[p->len++] = '\n';
}

uint32_t pr_count(struct probe *p, const void *text, uint32_t len)
{
	uint32_t n = 0;

	for (uint32_t i = 0; i + len <= p->len; i++) {
		bool at_start = i == 0 || p->log[i - 1] == '\n';
		if (at_start && !memcmp(p->log + i, text, len) && p->log[i + len] == '\n')
			n++;
	}
	return n;
}

uint32_t pr_log(struct probe *p, void *buf, uint32_t len)
{
	uint32_t n = p->len < len ? p->len : len;

	memcpy(buf, p->log, n);
	return n;
}

void pr_clear(struct probe *p)
{
	p->len = 0;
}
