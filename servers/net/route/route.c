/*
 * Routing (thesis 4.5): the directly attached network from the "ip"
 * parameter and static routes from "route" ("dest/len gateway", several
 * separated by ';'). Longest prefix wins. Small and static: lookups are a
 * linear scan over a few entries.
 */
#include <bss/server.h>
#include <svc/route.h>
#include <svc/config.h>
#include "serverlib/net/param.h"

#define CONFIG BSS_REQ(0)

#define MAX_ROUTES 16

struct rt {
	uint32_t dest, mask, len, gw; /* gw 0: directly attached */
};

struct route {
	struct rt r[MAX_ROUTES];
	unsigned n;
};

static void route_init(struct route *t);

BSS_SERVER(ROUTE, struct route, rtr, .ctor = BSS_CTOR(route_init), .attrs = BSS_THREADSAFE,
	   BSS_REQUIRES(CONFIG_SVC_ID));

static void add(struct route *t, uint32_t dest, uint32_t len, uint32_t gw)
{
	if (t->n == MAX_ROUTES)
		net_throwf(BSS_E_LIMIT, 22, "route: more than %d routes", MAX_ROUTES);
	uint32_t mask = prefix_mask(len);
	t->r[t->n++] = (struct rt){dest & mask, mask, len, gw};
}

static const char *skip_space(const char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	return s;
}

static void route_init(struct route *t)
{
	char v[128];
	uint32_t ip, len, gw, glen;

	if (param_str(CONFIG, "ip", v, sizeof(v)) && parse_ip(v, &ip, &len))
		add(t, ip, len, 0);
	if (!param_str(CONFIG, "route", v, sizeof(v)))
		return;
	for (const char *s = skip_space(v); *s; s = skip_space(s)) {
		unsigned k = parse_ip(s, &ip, &len);
		if (!k)
			net_throwf(BSS_E_INVAL, 22, "route: bad destination in \"%s\"", v);
		s = skip_space(s + k);
		k = parse_ip(s, &gw, &glen);
		if (!k || glen != 32)
			net_throwf(BSS_E_INVAL, 22, "route: bad gateway in \"%s\"", v);
		add(t, ip, len, gw);
		s = skip_space(s + k);
		if (*s == ';')
			s++;
	}
}

uint32_t rtr_lookup(struct route *t, uint32_t dst)
{
	const struct rt *best = NULL;

	for (unsigned i = 0; i < t->n; i++)
		if ((dst & t->r[i].mask) == t->r[i].dest && (!best || t->r[i].len > best->len))
			best = &t->r[i];
	if (!best)
		return 0;
	return best->gw ? best->gw : dst;
}

uint32_t rtr_table(struct route *t, void *buf, uint32_t n)
{
	uint32_t at = 0;

	for (unsigned i = 0; i < t->n; i++) {
		char d[16], g[16], line[64];
		fmt_ip(d, t->r[i].dest);
		fmt_ip(g, t->r[i].gw);
		int k = bss_snprintf(line, sizeof(line), "%s/%u via %s\n", d, t->r[i].len,
				     t->r[i].gw ? g : "link");
		if (k <= 0 || at + (uint32_t)k > n)
			break;
		memcpy((char *)buf + at, line, (size_t)k);
		at += (uint32_t)k;
	}
	return at;
}
