/* Drop reason names and counters. */
#include "check.h"

static bool test_stats_names_match_enum(void)
{
	EXPECT(strcmp(nl_drop_name(IP_DROP_BAD_CSUM), "IP_DROP_BAD_CSUM") == 0);
	EXPECT(strcmp(nl_drop_name(NL_OK), "NL_OK") == 0);
	EXPECT(strcmp(nl_drop_name(UDP_DROP_NO_PORT), "UDP_DROP_NO_PORT") == 0);
	EXPECT(strcmp(nl_drop_name(NL_DROP_COUNT), "?") == 0);
	EXPECT(strcmp(nl_drop_name((enum nl_drop) - 1), "?") == 0);
	EXPECT(strcmp(nl_layer_name(nl_drop_layer(ARP_DROP_SPOOF)), "arp") == 0);
	for (unsigned r = 1; r < NL_DROP_COUNT; r++) {
		const char *name = nl_drop_name(r);
		const char *layer = nl_layer_name(nl_drop_layer(r));
		char prefix[16];
		unsigned i;

		/* Each name starts with its layer: ETH_, ARP_, IP_, ICMP_, UDP_. */
		for (i = 0; layer[i] && i < sizeof(prefix) - 2; i++)
			prefix[i] = (char)(layer[i] - 'a' + 'A');
		prefix[i++] = '_';
		prefix[i] = 0;
		EXPECT(strncmp(name, prefix, strlen(prefix)) == 0);
		EXPECT(strlen(nl_drop_desc(r)) > 10);
		for (unsigned q = 1; q < r; q++)
			EXPECT(strcmp(name, nl_drop_name(q)) != 0);
	}
	return true;
}

static bool test_stats_counts_drops(void)
{
	struct nl_stats st;

	nl_stats_init(&st);
	nl_stats_drop(&st, IP_DROP_BAD_CSUM);
	nl_stats_drop(&st, IP_DROP_BAD_CSUM);
	nl_stats_drop(&st, NL_OK);
	nl_stats_drop(&st, NL_DROP_COUNT);
	nl_stats_drop(NULL, IP_DROP_BAD_CSUM);
	EXPECT_EQ(st.drop[IP_DROP_BAD_CSUM], 2);
	EXPECT_EQ(st.drop[NL_OK], 0);
	EXPECT_EQ(nl_stats_drops(&st), 2);
	return true;
}

void run_stats_tests(void)
{
	RUN(test_stats_names_match_enum);
	RUN(test_stats_counts_drops);
}
