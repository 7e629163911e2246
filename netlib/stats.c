/*
 * Names and counters for drop reasons. The tables come from NL_DROP_LIST in
 * stats.h, so adding a reason there is the only edit needed.
 *
 * The names are kept as one NUL-separated string rather than an array of
 * pointers: a server file is a relocatable object, and a string table needs
 * no absolute relocations in its read-only data. Looking a name up walks the
 * string, which is fine for diagnostics.
 */
#include "stats.h"

#define NL_DROP_NAME_(name, layer, desc) #name "\0"
static const char drop_names[] = NL_DROP_LIST(NL_DROP_NAME_);
#undef NL_DROP_NAME_

#define NL_DROP_DESC_(name, layer, desc) desc "\0"
static const char drop_descs[] = NL_DROP_LIST(NL_DROP_DESC_);
#undef NL_DROP_DESC_

#define NL_DROP_LAYER_(name, layer, desc) NL_LAYER_##layer,
static const uint8_t drop_layers[NL_DROP_COUNT] = {NL_DROP_LIST(NL_DROP_LAYER_)};
#undef NL_DROP_LAYER_

/* In enum nl_layer order. */
static const char layer_names[] = "none\0eth\0arp\0ip\0icmp\0udp\0";
#define NL_LAYER_COUNT (NL_LAYER_UDP + 1)

/* The i-th string of a NUL-separated table; the caller checks i. */
static const char *nth(const char *table, unsigned i)
{
	while (i--)
		table += strlen(table) + 1;
	return table;
}

void nl_stats_init(struct nl_stats *st)
{
	memset(st, 0, sizeof(*st));
}

void nl_stats_drop(struct nl_stats *st, enum nl_drop why)
{
	if (!st || why == NL_OK || (unsigned)why >= NL_DROP_COUNT)
		return;
	st->drop[why]++;
}

uint64_t nl_stats_drops(const struct nl_stats *st)
{
	uint64_t sum = 0;

	for (unsigned i = 0; i < NL_DROP_COUNT; i++)
		sum += st->drop[i];
	return sum;
}

const char *nl_drop_name(enum nl_drop why)
{
	if ((unsigned)why >= NL_DROP_COUNT)
		return "?";
	return nth(drop_names, why);
}

const char *nl_drop_desc(enum nl_drop why)
{
	if ((unsigned)why >= NL_DROP_COUNT)
		return "?";
	return nth(drop_descs, why);
}

enum nl_layer nl_drop_layer(enum nl_drop why)
{
	if ((unsigned)why >= NL_DROP_COUNT)
		return NL_LAYER_NONE;
	return (enum nl_layer)drop_layers[why];
}

const char *nl_layer_name(enum nl_layer layer)
{
	if ((unsigned)layer >= NL_LAYER_COUNT)
		return "none";
	return nth(layer_names, layer);
}
