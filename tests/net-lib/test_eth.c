/* Ethernet II header parse/build and filtering. */
#include "check.h"
#include "eth.h"

static const uint8_t us[6] = {0x02, 0x00, 0x00, 0x00, 0x00, 0x01};
static const uint8_t peer[6] = {0x52, 0x54, 0x00, 0x12, 0x34, 0x56};

static size_t frame(uint8_t *f, const uint8_t *dst, const uint8_t *src, uint16_t type)
{
	memset(f, 0xab, 64);
	return nl_eth_build(f, 64, dst, src, type) + 46;
}

static bool test_eth_parse_valid(void)
{
	uint8_t f[64];
	struct nl_eth e;
	size_t n = frame(f, us, peer, NL_ETHERTYPE_IPV4);

	EXPECT_DROP(nl_eth_parse(f, n, &e), NL_OK);
	EXPECT(nl_mac_eq(e.dst, us));
	EXPECT(nl_mac_eq(e.src, peer));
	EXPECT_EQ(e.type, 0x0800);
	EXPECT(e.payload == f + 14);
	EXPECT_EQ(e.payload_len, 46);
	EXPECT_EQ(f[12], 0x08);
	EXPECT_EQ(f[13], 0x00);
	return true;
}

static bool test_eth_drop_short(void)
{
	uint8_t f[64];
	struct nl_eth e;

	frame(f, us, peer, NL_ETHERTYPE_IPV4);
	EXPECT_DROP(nl_eth_parse(f, 13, &e), ETH_DROP_SHORT);
	EXPECT_DROP(nl_eth_parse(f, 0, &e), ETH_DROP_SHORT);
	EXPECT_DROP(nl_eth_parse(f, 14, &e), NL_OK);
	return true;
}

/* VLAN tags (802.1Q, 802.1ad) and 802.3 length fields: unsupported types. */
static bool test_eth_drop_vlan_and_8023(void)
{
	uint8_t f[64];
	struct nl_eth e;

	EXPECT_DROP(nl_eth_parse(f, frame(f, us, peer, 0x8100), &e), ETH_DROP_UNSUPPORTED_TYPE);
	EXPECT_DROP(nl_eth_parse(f, frame(f, us, peer, 0x88a8), &e), ETH_DROP_UNSUPPORTED_TYPE);
	EXPECT_DROP(nl_eth_parse(f, frame(f, us, peer, 46), &e), ETH_DROP_UNSUPPORTED_TYPE);
	EXPECT_DROP(nl_eth_parse(f, frame(f, us, peer, 0x05ff), &e), ETH_DROP_UNSUPPORTED_TYPE);
	EXPECT_DROP(nl_eth_parse(f, frame(f, us, peer, 0x0600), &e), NL_OK);
	EXPECT_DROP(nl_eth_parse(f, frame(f, us, peer, NL_ETHERTYPE_ARP), &e), NL_OK);
	return true;
}

static bool test_eth_drop_bad_src(void)
{
	uint8_t f[64];
	struct nl_eth e;
	uint8_t mcast[6] = {0x01, 0x00, 0x5e, 0x00, 0x00, 0x01};

	EXPECT_DROP(nl_eth_parse(f, frame(f, us, mcast, 0x0800), &e), ETH_DROP_BAD_SRC);
	EXPECT_DROP(nl_eth_parse(f, frame(f, us, nl_mac_broadcast, 0x0800), &e), ETH_DROP_BAD_SRC);
	EXPECT_DROP(nl_eth_parse(f, frame(f, us, nl_mac_zero, 0x0800), &e), ETH_DROP_BAD_SRC);
	return true;
}

static bool test_eth_accept_filter(void)
{
	uint8_t f[64];
	struct nl_eth e;
	uint8_t mcast[6] = {0x01, 0x00, 0x5e, 0x00, 0x00, 0x01};

	nl_eth_parse(f, frame(f, us, peer, 0x0800), &e);
	EXPECT_DROP(nl_eth_accept(&e, us, false), NL_OK);
	nl_eth_parse(f, frame(f, nl_mac_broadcast, peer, 0x0800), &e);
	EXPECT_DROP(nl_eth_accept(&e, us, false), NL_OK);
	nl_eth_parse(f, frame(f, peer, us, 0x0800), &e);
	EXPECT_DROP(nl_eth_accept(&e, us, false), ETH_DROP_NOT_FOR_US);
	nl_eth_parse(f, frame(f, mcast, peer, 0x0800), &e);
	EXPECT_DROP(nl_eth_accept(&e, us, false), ETH_DROP_NOT_FOR_US);
	EXPECT_DROP(nl_eth_accept(&e, us, true), NL_OK);
	return true;
}

static bool test_eth_build_and_pad(void)
{
	uint8_t f[64];

	memset(f, 0xee, sizeof(f));
	EXPECT_EQ(nl_eth_build(f, 13, us, peer, 0x0806), 0);
	EXPECT_EQ(nl_eth_build(f, sizeof(f), us, peer, 0x0806), 14);
	EXPECT_EQ(nl_eth_pad(f, 42, sizeof(f)), 60);
	for (unsigned i = 42; i < 60; i++)
		EXPECT_EQ(f[i], 0);
	EXPECT_EQ(f[60], 0xee);
	EXPECT_EQ(nl_eth_pad(f, 42, 59), 0);
	EXPECT_EQ(nl_eth_pad(f, 61, 61), 61);
	EXPECT(nl_mac_is_unicast(us) && !nl_mac_is_unicast(nl_mac_broadcast));
	return true;
}

void run_eth_tests(void)
{
	RUN(test_eth_parse_valid);
	RUN(test_eth_drop_short);
	RUN(test_eth_drop_vlan_and_8023);
	RUN(test_eth_drop_bad_src);
	RUN(test_eth_accept_filter);
	RUN(test_eth_build_and_pad);
}
