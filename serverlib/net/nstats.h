/*
 * The stats service's text for a server's counters (services/stats.svc):
 * "prefix.rx N", "prefix.tx N", then one "NAME N" line per drop reason of
 * the given layers (all of them, zero or not, so readers can rely on the
 * names), then the server's own extra counters.
 */
#ifndef NET_NSTATS_H
#define NET_NSTATS_H

#include <bss/server.h>
#include "netlib/stats.h"

struct nstats_extra {
	const char *name;
	uint64_t value;
};

/* layers: bit (1 << enum nl_layer) per layer whose reasons are listed. */
uint32_t nstats_text(char *buf, uint32_t n, const char *prefix, const struct nl_stats *st,
		     uint32_t layers, const struct nstats_extra *extra, unsigned nextra);

#define NSTATS_LAYER(l) (1u << (l))

#endif
