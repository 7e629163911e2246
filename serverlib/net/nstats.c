#include "nstats.h"

/* Appends one line if it fits whole; lines are never cut. */
static void line(char *buf, uint32_t n, uint32_t *at, const char *a, const char *b, uint64_t v)
{
	char tmp[96];
	int k = bss_snprintf(tmp, sizeof(tmp), "%s%s %lu\n", a, b, (unsigned long)v);

	if (k <= 0 || (uint32_t)k >= sizeof(tmp) || *at + (uint32_t)k > n)
		return;
	memcpy(buf + *at, tmp, (size_t)k);
	*at += (uint32_t)k;
}

uint32_t nstats_text(char *buf, uint32_t n, const char *prefix, const struct nl_stats *st,
		     uint32_t layers, const struct nstats_extra *extra, unsigned nextra)
{
	uint32_t at = 0;

	line(buf, n, &at, prefix, ".rx", st->rx);
	line(buf, n, &at, prefix, ".tx", st->tx);
	for (int r = 1; r < NL_DROP_COUNT; r++)
		if (layers & NSTATS_LAYER(nl_drop_layer((enum nl_drop)r)))
			line(buf, n, &at, "", nl_drop_name((enum nl_drop)r), st->drop[r]);
	for (unsigned i = 0; i < nextra; i++)
		line(buf, n, &at, prefix, extra[i].name, extra[i].value);
	return at;
}
